"""Clause segmentation: the tree a lawyer would see, and nothing of the text lost."""

from __future__ import annotations

import re

import pytest

from kb.corpus import load_corpus
from kb.segmentation import segment

CORPUS = load_corpus()
DOC_IDS = [d.id for d in CORPUS if d.builtin]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_clauses_together_reproduce_the_body(doc_id):
    doc = CORPUS.document(doc_id)
    joined = "".join(c.text for c in sorted(doc.clauses, key=lambda c: c.start))
    assert _squash(joined) == _squash(doc.body)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_clause_text_is_the_body_at_its_offsets(doc_id):
    doc = CORPUS.document(doc_id)
    for clause in doc.clauses:
        assert doc.body[clause.start : clause.end] == clause.text


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_ids_are_unique_and_parents_know_their_children(doc_id):
    doc = CORPUS.document(doc_id)
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))
    for clause in doc.clauses:
        if clause.parent_id:
            assert clause.id in doc.clause(clause.parent_id).children
            assert clause.id.startswith(clause.parent_id + "__")


def test_henan_item_3_of_section_4_has_eight_children():
    item = CORPUS.clause("henan-2018/sec_4__item_3")
    kids = [CORPUS.clause(c) for c in item.children]
    assert [k.label for k in kids] == list("⑴⑵⑶⑷⑸⑹⑺⑻")
    assert item.heading == "改革学会治理结构"
    assert kids[5].heading == "理事会"


def test_henan_citation_reads_as_a_lawyer_writes_it():
    clause = CORPUS.clause("henan-2018/sec_4__item_3__item_5")
    assert clause.citation == "《河南省科协学会治理与服务改革创新工程实施方案》四、3.⑸"
    assert clause.heading == "常务理事会"
    assert "每半年至少召开一次会议" in clause.text


def test_fengxian_duties_of_the_president_have_four_items():
    item = CORPUS.clause("fengxian-2019/item_2__item_5__item_2")
    kids = [CORPUS.clause(c) for c in item.children]
    assert [k.label for k in kids] == ["(1)", "(2)", "(3)", "(4)"]
    assert item.heading == "会长（理事长）工作职责"
    assert kids[0].citation.endswith("2、（5）2.(1)")


def test_fengxian_supplementary_provisions_and_signature():
    supp = CORPUS.clause("fengxian-2019/supp")
    assert [CORPUS.clause(c).text for c in supp.children] == [
        "本细则由区科协负责解释。",
        "本细则自发布之日起施行。",
    ]
    assert CORPUS.clause("fengxian-2019/end__date_1").text == "2019年8月30日"


def test_guangdong_has_thirty_items_numbered_across_sections():
    doc = CORPUS.document("guangdong-2023")
    items = [c for c in doc.clauses if c.kind == "arabic_dot"]
    assert [c.number for c in items] == list(range(1, 31))
    assert CORPUS.clause("guangdong-2023/sec_2__sub_3__item_17").heading == "选优配强“两长”"
    assert CORPUS.clause("guangdong-2023/sec_3__item_30").parent_id == "guangdong-2023/sec_3"


def test_guangdong_headed_paragraphs_of_section_one():
    sec = CORPUS.clause("guangdong-2023/sec_1")
    heads = [CORPUS.clause(c).heading for c in sec.children]
    assert heads == ["指导思想", "总体目标"]


def test_tianjin_items_run_on_from_1_to_15():
    doc = CORPUS.document("tianjin-2017")
    items = [c for c in doc.clauses if c.kind == "arabic_dot"]
    assert [c.number for c in items] == list(range(1, 16))
    assert CORPUS.clause("tianjin-2017/sec_2__item_5").citation.endswith("二、5.")


def test_jiangsu_unnumbered_paragraph_stays_with_its_item():
    para = CORPUS.clause("jiangsu-2016/sec_3__item_3__para_2")
    assert para.text.startswith("建立和完善学会自我发展机制")
    assert para.citation.endswith("三、3、第二段")


def test_transmittal_notice_is_told_apart_from_the_regulation():
    doc = CORPUS.document("henan-2018")
    kinds = [c.kind for c in doc.clauses[:6]]
    assert kinds == [
        "notice_title",
        "notice_addressee",
        "notice_para",
        "notice_issuer",
        "notice_date",
        "front_title",
    ]


def test_ids_do_not_change_when_unrelated_text_is_edited():
    doc = CORPUS.document("henan-2018")
    edited = doc.body.replace("高举习近平新时代", "高举习近平新时代（修订）", 1)
    edited = edited.replace("⑻专业委员会。", "⑻专业委员会。新增一句话。", 1)
    before = [c.id for c in doc.clauses]
    after = [c.id for c in segment(doc.id, doc.title, edited, doc.meta.issuers)]
    assert before == after


CHARTER = """某某学会章程
第一章 总则
第一条 本会的名称为某某学会。
第二条 本会是由科技工作者自愿组成的学术性社会团体。
本会坚持中国共产党的全面领导。
第二章 会员
第一节 会员的种类
第三条 会员享有下列权利：
（一）选举权、被选举权和表决权；
（二）参加本会活动的权利；
会员的权利不得转让。
第二节 会员的义务
第四条 会员履行下列义务：
（一）遵守本会章程；
第三章 附则
第五条 本章程经会员代表大会表决通过。
"""


def test_charter_articles_paragraphs_and_items():
    clauses = {c.local_id: c for c in segment("charter", "某某学会章程", CHARTER)}
    art2_para = clauses["chp_1__art_2__para_2"]
    assert art2_para.citation == "《某某学会章程》第二条第二款"
    item = clauses["chp_2__sct_1__art_3__sub_2"]
    assert item.citation == "《某某学会章程》第三条第（二）项"
    # a paragraph after a list introduced by a colon belongs to the article
    assert clauses["chp_2__sct_1__art_3__para_2"].text == "会员的权利不得转让。"
    assert clauses["chp_2__sct_2__art_4"].parent_id == "charter/chp_2__sct_2"
    assert clauses["chp_3__art_5"].citation == "《某某学会章程》第五条"
    assert clauses["chp_3"].heading == "附则"


MESSY_CHARTER = """某某研究会章程
第一章 总则
第一条
本会的名称为某某研究会。
第二条 本会是非营利性社会组织。
附  则
第三条 本章程由理事会负责解释。
第四条 本章程自登记管理机关核准之日起生效。
某某研究会
2026年11月22日
"""


def test_messy_charter_bare_article_lines_spaced_heading_and_signature():
    clauses = {c.local_id: c for c in segment("c", "某某研究会章程", MESSY_CHARTER)}
    art1 = clauses["chp_1__art_1"]
    assert art1.text == "第一条"
    assert clauses["chp_1__art_1__para_1"].citation == "《某某研究会章程》第一条第一款"
    supp = clauses["supp"]
    assert supp.heading == "附则"
    assert [clauses[k].parent_id for k in ("supp__art_3", "supp__art_4")] == ["c/supp", "c/supp"]
    assert clauses["end__issuer_1"].text == "某某研究会"
    assert clauses["end__date_1"].text == "2026年11月22日"
