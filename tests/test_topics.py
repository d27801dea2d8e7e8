"""Topics: the taxonomy covers the issue's list, every substantive clause is tagged, and a
query by id, label, synonym or plain words finds its topic."""

from __future__ import annotations

from pathlib import Path

import pytest

import kb
from kb.errors import QueryError, XuehuiError
from kb.topics import (
    EXEMPT_KINDS,
    adhoc_topic,
    is_exempt,
    load_overrides,
    load_topics,
    resolve_topic,
    tag,
    tagging,
)

# The list the issue asks the taxonomy to cover, as a user would type it.
REQUIRED = {
    "党的建设": "party",
    "党组织": "party",
    "治理结构": "governance",
    "会员（代表）大会": "congress",
    "理事会": "council",
    "常务理事会": "standing_council",
    "理事长工作会": "leaders",
    "负责人": "leaders",
    "会长（理事长）任职": "president",
    "秘书长": "secretary_general",
    "秘书处": "secretariat",
    "办事机构": "secretariat",
    "监事会": "supervisors",
    "监事": "supervisors",
    "法定代表人": "legal_representative",
    "会员发展": "membership",
    "会员分类": "membership",
    "会员服务": "member_services",
    "分支机构": "branches",
    "专业委员会": "branches",
    "工作委员会": "branches",
    "挂靠单位": "host_unit",
    "换届": "elections",
    "任期": "elections",
    "财务": "finance",
    "资产": "finance",
    "学术交流": "academic",
    "科普": "science_popularisation",
    "人才": "talent",
    "承接政府转移职能": "government_functions",
    "评估": "evaluation",
    "考核": "evaluation",
    "退出机制": "exit",
    "信息化": "informatisation",
}


def test_taxonomy_has_twenty_to_thirty_topics_with_chinese_labels():
    topics = kb.load_corpus().topics()
    assert 20 <= len(topics) <= 30
    assert len({t.id for t in topics}) == len(topics)
    assert all(t.label and not t.label.isascii() for t in topics)


@pytest.mark.parametrize("words,topic_id", sorted(REQUIRED.items()))
def test_every_topic_the_issue_names_is_found_by_its_chinese_name(words, topic_id):
    topic = resolve_topic(words)
    assert topic is not None and topic.id == topic_id


def test_no_substantive_clause_is_left_untagged():
    tags = tagging(kb.load_corpus())
    assert tags.untagged() == []
    substantive = [c for c in kb.load_corpus().clauses() if not is_exempt(c)]
    assert len(substantive) > 150
    assert all(tags.by_clause[c.id] for c in substantive)


def test_only_front_and_end_matter_is_exempt():
    exempt = [c for c in kb.load_corpus().clauses() if is_exempt(c)]
    assert all(c.kind in EXEMPT_KINDS or not c.body.strip() for c in exempt)
    assert {c.kind for c in exempt} <= EXEMPT_KINDS | {"arabic_dun"}  # Fengxian's empty “6、”


def test_every_clause_mentioning_supervisors_is_tagged_with_the_topic():
    tags = tagging(kb.load_corpus())
    for clause in kb.load_corpus().clauses():
        if "监事" in clause.text and not is_exempt(clause):
            assert "supervisors" in tags.by_clause[clause.id], clause.id


def test_children_inherit_the_words_of_their_heading():
    # “(1) 代表社团签署重要文件” says nothing about the legal representative itself; its
    # heading “法定代表人工作职责” does.
    topics = tagging(kb.load_corpus()).clause_topics("fengxian-2019/item_2__item_5__item_1__item_1")
    assert "legal_representative" in [t.id for t in topics]


def test_council_does_not_swallow_the_standing_council():
    council = next(t for t in load_topics() if t.id == "council")
    assert council.matches("常务理事会每半年至少召开一次会议") == []
    assert council.matches("理事会每年至少召开一次会议") == ["理事会"]


def test_overrides_point_at_real_clauses_and_each_changes_something():
    corpus = kb.load_corpus()
    computed = tag(corpus, overrides=())
    for item in load_overrides():
        corpus.clause(item.clause)  # raises for an unknown id
        before = set(computed.by_clause.get(item.clause, []))
        assert set(item.add) - before or set(item.remove) & before, item.clause


def test_clauses_for_topic_lists_clauses_of_every_document_that_speaks_of_it():
    tags = tagging(kb.load_corpus())
    docs = {c.doc_id for c in tags.clauses_for("supervisors")}
    assert docs == {
        "fengxian-2019",
        "guangdong-2023",
        "henan-2018",
        "jiangsu-2016",
        "tianjin-2017",
        "minfadian-2020",  # 第九十三条: 捐助法人应当设监事会等监督机构
    }


@pytest.mark.parametrize(
    "query,topic_id",
    [
        ("supervisors", "supervisors"),
        ("监事会与监事", "supervisors"),
        ("会长", "president"),
        ("理事会的规模", "council"),
        ("信息化建设", "informatisation"),
        ("COUNCIL", "council"),
    ],
)
def test_a_topic_is_resolved_from_id_label_synonym_or_words(query, topic_id):
    assert resolve_topic(query).id == topic_id


def test_words_outside_the_taxonomy_make_a_one_off_topic():
    assert resolve_topic("粤港澳大湾区") is None
    topic = adhoc_topic("粤港澳大湾区 外籍会员")
    assert topic.keywords == ("粤港澳大湾区", "外籍会员")
    assert topic.matches("积极稳妥发展港澳台会员和外籍会员") == ["外籍会员"]


def test_an_empty_topic_query_is_refused_in_chinese():
    with pytest.raises(QueryError, match="主题不能为空"):
        resolve_topic("  ")


def test_a_broken_topics_file_is_reported_in_chinese(tmp_path: Path):
    bad = tmp_path / "topics.yaml"
    bad.write_text("- id: Party\n  label: 党建\n", encoding="utf-8")
    with pytest.raises(XuehuiError, match="第 1 个主题有误"):
        load_topics(bad)
    dup = tmp_path / "dup.yaml"
    dup.write_text("- {id: a, label: 甲}\n- {id: a, label: 乙}\n", encoding="utf-8")
    with pytest.raises(XuehuiError, match="主题编号重复"):
        load_topics(dup)


def test_an_override_naming_an_unknown_topic_is_refused(tmp_path: Path):
    bad = tmp_path / "overrides.yaml"
    bad.write_text(
        "- clause: henan-2018/sec_4\n  add: [nonsense]\n  reason: 测试用\n", encoding="utf-8"
    )
    with pytest.raises(XuehuiError, match="不存在的主题：nonsense"):
        load_overrides(bad)
