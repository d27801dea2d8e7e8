"""The provisions data: every rule traceable to verbatim text, every number in the corpus found.

The completeness test is the reviewer's promise: pick any number in any of the built-in
documents (the five regional ones and the two national texts) and it is either a provision of that clause or listed, with a reason, in
kb/data/numbers_not_rules.yaml.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

import kb
from kb.errors import XuehuiError
from kb.provisions import DATA_DIR, Provision, load_provisions
from kb.quantities import canonical_set, mentions

NUMERIC = {"<=", "<", ">=", ">", "==", "between"}
BUILTIN = (
    "fengxian-2019",
    "guangdong-2023",
    "henan-2018",
    "jiangsu-2016",
    "tianjin-2017",
    "shetuan-tiaoli-2016",
    "minfadian-2020",
)


@pytest.fixture(scope="module")
def subjects() -> dict:
    return yaml.safe_load((DATA_DIR / "subjects.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def allow_list() -> list[dict]:
    return yaml.safe_load((DATA_DIR / "numbers_not_rules.yaml").read_text(encoding="utf-8"))


def _values(p: Provision) -> list:
    return p.value if isinstance(p.value, list) else [p.value]


def _spans(text: str, part: str):
    start = text.find(part)
    while start >= 0:
        yield start, start + len(part)
        start = text.find(part, start + 1)


def test_every_quote_is_verbatim_text_of_its_clause():
    for p in load_provisions():
        clause = kb.load_corpus().clause(p.clause_id)
        assert clause.doc_id == p.doc_id, p.id
        assert p.quote in clause.text, f"{p.id}: quote not in {p.clause_id}"


def test_every_value_appears_in_its_quote():
    for p in load_provisions():
        if p.value_text is not None:
            assert p.value_text in p.quote, f"{p.id}: value_text {p.value_text!r}"
            continue
        for value in _values(p):
            assert str(value) in p.quote, f"{p.id}: value {value!r} not in quote"


def test_ratio_values_match_their_fraction_wording():
    checked = 0
    for p in load_provisions():
        if p.operator not in NUMERIC or p.unit != "比例":
            continue
        found = {m.canonical for m in mentions(p.value_text or p.quote)}
        fractions = [c for c in found if "/" in c or c.endswith(("%", "‰"))]
        for v in _values(p):
            ok = any(abs(_as_ratio(c) - v) < 0.001 or _range_has(c, v) for c in fractions)
            assert ok, f"{p.id}: {v} vs {p.value_text}"
            checked += 1
    assert checked >= 10


def _as_ratio(canonical: str) -> float:
    if canonical.endswith("%"):
        return float(canonical[:-1]) / 100
    if canonical.endswith("‰") and "-" not in canonical:
        return float(canonical[:-1]) / 1000
    if "/" in canonical:
        top, bottom = canonical.split("/")
        return int(top) / int(bottom)
    return -1.0


def _range_has(canonical: str, value: float) -> bool:
    if canonical.endswith("‰") and "-" in canonical:
        low, high = canonical[:-1].split("-")
        return value in (int(low) / 1000, int(high) / 1000)
    return False


def test_provision_ids_are_unique_and_name_their_document():
    ids = [p.id for p in load_provisions()]
    assert len(ids) == len(set(ids))
    for p in load_provisions():
        assert p.id.startswith(p.doc_id + "/"), p.id


def test_every_subject_is_documented_with_a_label(subjects):
    for p in load_provisions():
        assert p.subject in subjects, f"{p.id}: subject {p.subject} not in subjects.yaml"
    for key, meta in subjects.items():
        assert meta.get("label") and meta.get("description") and meta.get("kind"), key


def test_numeric_operators_carry_numbers_unless_the_subject_is_text(subjects):
    for p in load_provisions():
        if p.operator in NUMERIC and subjects[p.subject]["kind"] in ("number", "ratio"):
            assert all(isinstance(v, int | float) for v in _values(p)), p.id
        if p.operator == "between":
            assert isinstance(p.value, list) and len(p.value) == 2 and p.value[0] <= p.value[1]


def test_modality_follows_the_wording():
    cues = {
        "generally": ["一般"],
        "in_principle": ["原则上"],
        "must": ["须", "不得", "严禁", "方可", "必备"],
    }
    for p in load_provisions():
        if p.modality in cues:
            assert any(c in p.quote for c in cues[p.modality]), f"{p.id}: {p.modality}"


def test_every_document_has_provisions_and_well_over_fifty_in_total():
    counts = defaultdict(int)
    for p in load_provisions():
        counts[p.doc_id] += 1
    assert set(BUILTIN) <= set(counts)
    assert sum(counts.values()) > 100


def test_same_meaning_shares_one_subject_across_documents():
    by_subject = defaultdict(dict)
    for p in load_provisions():
        by_subject[p.subject].setdefault(p.doc_id, []).append(p)
    frontline = by_subject["directors.frontline_share"]
    assert {"fengxian-2019", "tianjin-2017"} <= set(frontline)
    assert all(p.value == 0.75 for ps in frontline.values() for p in ps)
    assert set(by_subject["standing_directors.frontline_share"]) >= {
        "fengxian-2019",
        "tianjin-2017",
    }
    assert "fengxian-2019" in by_subject["president.max_age"]
    assert "jiangsu-2016" in by_subject["secretary_general.max_age"]


def test_henan_limits_read_as_the_text_says():
    rules = {p.subject: p for p in kb.load_corpus().provisions(docs=["henan-2018"])}
    council = rules["council.max_size"]
    assert (council.operator, council.value, council.modality) == ("<=", 150, "generally")
    standing = rules["standing_council.max_ratio_of_council"]
    assert (standing.value_text, standing.modality) == ("1/3", "in_principle")
    assert rules["election.max_postponement"].modality == "must"


def test_exceptions_and_conditions_are_kept_apart_from_the_rule():
    terms = next(p for p in kb.load_corpus().provisions(subject="leaders.max_consecutive_terms"))
    # 连任一般不超过两届 … 须经区科协和区社团局审查同意方可任职: beyond two terms only with the
    # approval, which a charter cannot grant itself — a must (issue 9)
    assert terms.value == 2 and terms.modality == "must"
    assert "区科协和区社团局审查同意" in terms.exceptions


def test_every_number_in_every_clause_is_a_provision_or_a_reviewed_exception(allow_list):
    corpus = kb.load_corpus()
    by_clause = defaultdict(list)
    for p in load_provisions():
        by_clause[p.clause_id].append(p)
    used: set[int] = set()

    def covered(clause, m) -> bool:
        for p in by_clause[clause.id]:
            fields = canonical_set(
                p.value_text,
                p.conditions,
                p.exceptions,
                *(str(v) for v in _values(p) if v is not None),
            )
            inside = any(a <= m.start and m.end <= b for a, b in _spans(clause.text, p.quote))
            if inside and m.canonical in fields:
                return True
        return False

    def allowed(clause, m) -> bool:
        for i, entry in enumerate(allow_list):
            if "kinds" in entry:
                if clause.kind in entry["kinds"]:
                    used.add(i)
                    return True
                continue
            if entry.get("clause", clause.id) != clause.id:
                continue
            if entry.get("doc", clause.doc_id) != clause.doc_id:
                continue
            if any(a <= m.start and m.end <= b for a, b in _spans(clause.text, entry["text"])):
                used.add(i)
                return True
        return False

    missing = []
    scanned = 0
    for doc_id in BUILTIN:
        for clause in corpus.document(doc_id).clauses:
            for m in mentions(clause.text):
                if m.start < len(clause.label):  # the clause's own number (1., ⑵, 三、)
                    continue
                scanned += 1
                if not covered(clause, m) and not allowed(clause, m):
                    missing.append(f"{clause.id}: {m.raw}")
    assert not missing, "numbers without a provision or a reviewed reason: " + "; ".join(missing)
    assert scanned > 100
    stale = [e for i, e in enumerate(allow_list) if i not in used]
    assert not stale, f"allow-list entries that match nothing: {stale}"
    assert all(len(e.get("reason", "")) >= 4 for e in allow_list)


def test_the_number_scanner_sees_every_notation():
    text = "不超过150人，1/3，三分之二以上，70周岁，1－5‰，两届，每半年至少一次，“三三三一”，第三方"
    canon = [m.canonical for m in mentions(text)]
    assert canon == ["150", "1/3", "2/3", "70", "1-5‰", "2", "半年", "1", "3:3:3:1"]
    assert canonical_set("三分之一") == canonical_set("1/3")


def test_a_broken_provisions_file_is_reported_in_chinese(tmp_path: Path):
    bad = tmp_path / "provisions.yaml"
    bad.write_text(
        "- id: x\n  doc_id: henan-2018\n  subject: a\n  operator: about\n", encoding="utf-8"
    )
    with pytest.raises(XuehuiError) as err:
        load_provisions(bad)
    assert "第 1 条规定数据有误" in str(err.value) and str(bad) in str(err.value)


def test_severity_follows_modality():
    severities = {p.modality: p.severity for p in load_provisions()}
    assert severities["must"] == "error" and severities["generally"] == "warning"
    assert severities["encouraged"] == "advice"
