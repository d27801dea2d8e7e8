"""Rule candidates (kb.extraction): every notation is read, every quote is verbatim, the
modality follows the wording."""

from __future__ import annotations

import pytest

import kb
from kb.extraction import OTHER, extract, extract_clause, subject_units
from kb.segmentation import segment


def clause_of(text: str):
    """The first numbered clause of a one-article document."""
    clauses = segment("t", "测试文件", f"测试文件\n一、总则\n1. {text}\n", [])
    return next(c for c in clauses if c.text.startswith("1."))


def find(text: str, **expected):
    cands = extract_clause(clause_of(text))
    for cand in cands:
        if all(getattr(cand, k) == v for k, v in expected.items()):
            return cand
    shown = [(c.kind, c.operator, c.value, c.unit, c.modality, c.subject) for c in cands]
    raise AssertionError(f"no candidate with {expected} in {shown}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "理事会一般不超过150人。",
            dict(operator="<=", value=150, unit="人", modality="generally"),
        ),
        ("会长任职年龄不超过70周岁。", dict(value=70, unit="周岁", subject="president.max_age")),
        ("会长任职年龄不超过七十周岁。", dict(value=70, unit="周岁", operator="<=")),
        ("常务理事人数不超过理事人数的三分之一。", dict(value=0.3333, unit="比例", operator="<=")),
        ("到会代表须达到1/2以上。", dict(value=0.5, operator=">=", modality="must")),
        ("工作人员按会员数的5‰配备。", dict(value=0.005, unit="比例")),
        ("专职秘书长给予3万元经费补贴。", dict(value=30000, unit="元")),
        ("监事会应在30日内答复。", dict(kind="deadline", value=30, unit="日", operator="<=")),
        ("应在1个月内报送。", dict(kind="deadline", value=1, unit="月")),
        ("应在届满前3个月报送换届方案。", dict(kind="deadline", value=3, unit="月")),
        (
            "常务理事会每半年至少召开一次会议。",
            dict(
                kind="frequency",
                value=2,
                unit="次/年",
                subject=("standing_council.min_meetings_per_year"),
            ),
        ),
        ("理事长、副理事长一般在5-15人之间。", dict(operator="between", value=[5, 15])),
        ("连任一般不超过两届。", dict(value=2, unit="届", subject="leaders.max_consecutive_terms")),
        ("会士人数不超过全体个人会员总数的１％。", dict(value=0.01, operator="<=")),
        ("决议须经到会会员代表过半数同意。", dict(kind="ratio", value=0.5, operator=">")),
    ],
)
def test_numbers_in_every_notation_with_their_units(text, expected):
    find(text, **expected)


def test_who_approves_is_told_elects_and_how_they_vote():
    find("换届方案应报省科协审查同意。", operator="approved_by", value="省科协", kind="approval")
    told = find("会费标准报省民政厅备案。", kind="notice")
    assert told.value == "报省民政厅备案" and told.operator == "required"
    find("监事由会员代表大会选举产生。", operator="elected_by", value="会员代表大会")
    find("选举须采用无记名投票方式。", kind="ballot", value="无记名投票", modality="must")


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("学会必须设立监事会。", "must"),
        ("学会须设立监事会。", "must"),
        ("学会应当设立监事会。", "shall"),
        ("学会一般设立监事会。", "generally"),
        ("学会原则上设立监事会。", "in_principle"),
        ("学会可以设立监事会。", "may"),
        ("学会设立监事会。", "shall"),
    ],
)
def test_modality_follows_the_wording(text, modality):
    find(text, kind="requirement", modality=modality, subject="supervisors.required")


def test_prohibition_is_a_must():
    cand = find("退休领导干部兼职不得领取报酬。", operator="forbidden")
    assert cand.modality == "must"


def test_a_rule_no_subject_fits_is_other_with_its_quote():
    cand = find("学术年会参会人数不少于200人。", operator=">=", value=200)
    assert cand.subject == OTHER and "200人" in cand.quote


def test_years_dates_and_ordinals_are_not_rules():
    cands = extract_clause(clause_of("2018年3月15日起实施，第三次会议审议。"))
    assert not [c for c in cands if c.kind in ("number", "deadline")]


def test_every_candidate_of_the_corpus_quotes_its_clause_verbatim():
    corpus = kb.load_corpus()
    units = subject_units()
    total = 0
    for document in corpus:
        for cand in extract(document):
            clause = corpus.clause(cand.clause_id)
            assert cand.quote in clause.text, (cand.id, cand.quote)
            assert cand.citation == clause.citation
            assert cand.subject == OTHER or cand.subject in units
            total += 1
    assert total > 100


def test_ids_are_unique_and_numbered_in_clause_order():
    cands = extract(kb.load_corpus().document("henan-2018"))
    assert [c.id for c in cands] == [f"c{n:02d}" for n in range(1, len(cands) + 1)]
