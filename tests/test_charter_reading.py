"""Reading charters as they really are: one reader for every source file, and the misreadings
of real charters (issue 10) pinned one by one.

Each test feeds the smallest text that showed a misreading and checks what a user sees: the
article numbers, the facts read, the problems listed.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document

from generator.audit import audit_text
from generator.audit.contents import is_branch
from generator.audit.facts import extract_facts
from generator.audit.reader import numbering_problems, parse_charter, read_charter
from generator.audit.vocabulary import in_own_words, own_names, reading
from kb.errors import InputError
from kb.reader import read_source

SHARED = Path(__file__).resolve().parents[2] / "shared"
CHARTERS = SHARED / "charters"
BEIJING = {"region_code": "110000", "level": "national"}


def _charter(*lines: str):
    return parse_charter("\n".join(["示例学会章程", *lines]), "示例.txt")


def _fact(key: str, *lines: str):
    return extract_facts(_charter(*lines)).get(key)


# --------------------------------------------------------------------------- one reader
def _numbered_docx(path: Path) -> Path:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="9"><w:lvl w:ilvl="0">'
            '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="9"><w:abstractNumId w:val="9"/></w:num>')
    )
    doc.add_paragraph("浙江省测试学会章程")
    for text in ("本会名称为浙江省测试学会。", "本会的宗旨是服务科技工作者。"):
        paragraph = doc.add_paragraph(text)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = 9
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "会费标准由会员代表大会决定。"
    doc.save(path)
    return path


def test_one_reader_writes_out_word_automatic_numbering_and_table_cells(tmp_path):
    text = read_source(_numbered_docx(tmp_path / "章程.docx"))
    assert text.splitlines() == [
        "浙江省测试学会章程",
        "第一条 本会名称为浙江省测试学会。",
        "第二条 本会的宗旨是服务科技工作者。",
        "会费标准由会员代表大会决定。",
    ]


def test_corpus_add_keeps_word_automatic_article_numbers(tmp_path):
    import kb
    from kb.ingest import add_document

    document = add_document(
        _numbered_docx(tmp_path / "章程.docx"),
        id="zhejiang-auto",
        title="浙江省测试学会章程",
        region_code="330000",
        level="provincial",
    )
    labels = [c.label for c in kb.load_corpus().document(document.meta.id).clauses]
    assert "第一条" in labels and "第二条" in labels


@pytest.mark.parametrize(
    "data,expected",
    [
        ("第一条 本会名称为示例学会。".encode("gb18030"), "第一条 本会名称为示例学会。"),
        ("第一条 本會".encode("utf-16"), "第一条 本會"),
        ("\ufeff第一条".encode(), "第一条"),
    ],
)
def test_one_reader_decodes_what_charters_are_saved_in(tmp_path, data, expected):
    path = tmp_path / "章程.txt"
    path.write_bytes(data)
    assert read_source(path) == expected


def test_one_reader_refuses_a_latin1_file_in_chinese(tmp_path):
    path = tmp_path / "章程.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    with pytest.raises(InputError, match="编码"):
        read_source(path)


# --------------------------------------------------------------------------- vocabulary
def test_bodies_and_officers_are_read_in_their_usual_names():
    assert reading("常务执委会") == "常务理事会"
    assert reading("执委会每年召开一次") == "理事会每年召开一次"
    assert reading("主席、副主席由执委会选举产生") == "会长、副会长由理事会选举产生"
    assert reading("主席团") == "主席团"
    assert reading("本协会和本团体") == "本会和本会"


def test_traditional_characters_and_full_width_digits_read_as_usual_forms():
    assert reading("第十二條 理事會須有２／３以上理事出席") == "第十二条 理事会须有2/3以上理事出席"
    charter = _charter("第一條 本會名稱為示例學會。", "第二條 本會宗旨。")
    assert [a.number for a in charter.articles] == [1, 2]


def test_a_proposal_speaks_the_charters_own_names():
    names = own_names("第一条 执委会。第二条 执委会每年召开。主席由执委会选举。")
    assert in_own_words("理事会选举会长、理事长", names) == "执委会选举主席、理事长"


def test_executive_committee_meeting_rule_is_read_as_the_council_rule():
    fact = _fact("governance.council_meetings_per_year", "第一条 执委会每年至少召开一次会议。")
    assert fact is not None and fact.value == 1


def test_two_thirds_is_read_when_one_sentence_states_two_rules():
    fact = _fact(
        "charter.congress_quorum",
        "第一条 会员大会须有2/3以上的会员出席方能召开，其决议须经到会会员半数以上表决通过方能生效。",
    )
    assert fact is not None and fact.display.startswith("2/3")
    majority = _fact(
        "charter.congress_majority",
        "第一条 会员大会须有2/3以上的会员出席方能召开，其决议须经到会会员半数以上表决通过方能生效。",
    )
    assert majority is not None


def test_seventy_sui_is_read_as_seventy_full_years():
    fact = _fact(
        "governance.president_max_age", "第一条 会长、副会长、秘书长最高任职年龄不超过70岁。"
    )
    assert fact is not None and fact.value == 70


def test_a_congress_held_every_four_years_states_the_term():
    fact = _fact("governance.term_years", "第一条 会员代表大会每四年举行一次。")
    assert fact is not None and fact.value == 4


def test_a_power_in_a_list_headed_with_a_colon_says_who_elects():
    fact = _fact(
        "charter.supervisors_elected_by",
        "第一条 理事会的职权：（一）执行会员代表大会的决议；（二）选举和罢免理事长、秘书长，选举和罢免监事；",
    )
    assert fact is not None and fact.value == "理事会"


def test_a_share_stated_after_a_head_count_is_read():
    fact = _fact(
        "charter.council_max_ratio",
        "第一条 理事人数一般不超过一百五十人，且不超过会员代表人数的三分之一。",
    )
    assert fact is not None and fact.value == Fraction(1, 3)


def test_a_word_file_that_lost_its_automatic_numbering_is_read_paragraph_by_paragraph():
    text = "\n".join(
        [
            "示例学会章程",
            "总则",
            "本会的名称是示例学会。",
            "本会的业务范围：",
            "学术交流；",
            "科学普及。",
            "业务范围中属于法律法规规章规定须经批准的事项，依法经批准后开展。",
            "组织机构和负责人产生、罢免",
            "本会的最高权力机构是会员大会。",
            "附则",
            "本章程自社团登记管理机关核准之日起生效。",
        ]
    )
    charter = parse_charter(text, "示例.txt")
    assert [a.citation for a in charter.articles] == ["第一条", "第二条", "第三条", "第四条"]
    assert "（二）科学普及。" in charter.articles[1].text
    assert "依法经批准后开展" in charter.articles[1].text  # the list's article goes on
    assert [c.text.split("\n")[0] for c in charter.chapters][
        1
    ] == "第二章 组织机构和负责人产生、罢免"
    report = audit_text(text, **BEIJING)
    assert any(p.kind == "numbering_lost" and p.severity == "advice" for p in report.problems)


def test_articles_whose_labels_were_lost_under_labelled_chapters_are_read_in_order():
    text = "\n".join(
        [
            "示例学会章程",
            "第一章\t总则",
            "\t本学会的名称为示例学会。",
            "\t本学会是由科技工作者自愿组成的学术性、非营利性社会组织。",
            "第二章\t业务范围",
            "\t本学会的业务范围：开展学术交流；开展科学普及。",
            "第三章\t会员",
            "\t本学会的会员分为个人会员和单位会员。",
        ]
    )
    charter = parse_charter(text, "示例.txt")
    assert [a.citation for a in charter.articles] == ["第一条", "第二条", "第三条", "第四条"]
    assert any(p.kind == "numbering_lost" for p in charter.problems)
    # labels written the traditional way (第一條) are labels: nothing is renumbered
    kept = parse_charter(text.replace("\t本学会的名称", "第一條 本学会的名称"), "示例.txt")
    assert not any(p.kind == "numbering_lost" for p in kept.problems)


def test_paragraphs_whose_labels_a_conversion_lost_fill_the_gap_they_leave():
    head = ["第一章 总则", "第一条 本会名称为示例学会。", "第二条 本会的业务范围：（一）学术交流。"]
    lost = [
        "第二章 会员",
        "本会会员为个人会员和单位会员。",
        "申请加入本会的会员，必须具备下列条件：（一）拥护本会章程；（二）有加入本会的意愿。",
        "会员享有下列权利：（一）选举权；（二）参加活动。",
    ]
    tail = ["第六条 会员履行下列义务：（一）执行本会的决议。"]
    report = audit_text("\n".join(["示例学会章程", *head, *lost, *tail]), **BEIJING)
    cited = [a.citation for a in report.charter.articles]
    assert cited == ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条"]
    assert report.charter.articles[3].text.startswith("第四条 申请加入本会的会员")
    kinds = {p.kind: p for p in report.problems}
    assert "gap" not in kinds and kinds["numbering_lost"].severity == "advice"
    # one paragraph more than the numbers missing: the gap is a gap
    extra = audit_text("\n".join(["示例学会章程", *head, *lost, "另有说明。", *tail]), **BEIJING)
    assert [a.citation for a in extra.charter.articles] == ["第一条", "第二条", "第六条"]
    assert "缺少第三条至第五条" in next(p.message for p in extra.problems if p.kind == "gap")


# --------------------------------------------------------------------------- structure
def test_an_item_sharing_a_line_with_the_one_before_is_no_numbering_gap():
    charter = _charter(
        "第一章 总则",
        "第一条 理事会的职权是：",
        "（五）决定会员除名；",
        "（六）决定设立机构；（七）领导各机构开展工作；",
        "（八）其他事项。",
    )
    assert not [p for p in charter.problems if p.kind == "item_gap"]


def test_an_arabic_item_run_on_after_a_semicolon_is_no_numbering_gap():
    charter = _charter(
        "第一章 总则",
        "第七条 本会业务范围：",
        "1. 开展学术交流；",
        "2. 开展科技咨询；",
        "3. 开展科学普及；4. 举荐人才；",
        "5. 编辑出版科技书刊。",
    )
    assert not [p for p in charter.problems if p.kind == "item_gap"]


def test_a_skipped_item_is_reported_at_its_article():
    charter = _charter("第一章 总则", "第九条 业务范围：", "七、评选奖励；", "九、兴办公益事业。")
    gaps = [p for p in charter.problems if p.kind == "item_gap"]
    assert gaps and "七、之后是九、" in gaps[0].message


def test_two_lists_in_one_article_each_number_their_own_items():
    charter = _charter(
        "第一章 组织机构",
        "第一条 会长行使下列职权：（一）召集和主持理事会；（二）检查决议的落实情况；"
        "（三）代表本会签署有关重要文件。秘书长行使下列职权：（一）主持办事机构开展日常工作；"
        "（二）协调各分支机构开展工作；（三）处理其他日常事务。",
    )
    assert not [p for p in charter.problems if p.kind == "item_gap"]


def test_a_section_title_numbered_like_an_item_is_not_an_item_of_the_article_before():
    charter = _charter(
        "第一章 组织机构",
        "（一）会员代表大会",
        "第一条 会员代表大会的职权是：",
        "（一）制定和修改章程；",
        "（二）选举和罢免理事；",
        "（三）决定终止事宜。",
        "（二）理事会",
        "第二条 理事会是会员代表大会的执行机构。",
    )
    assert not [p for p in charter.problems if p.kind == "item_gap"]
    skipped = _charter("第一章 总则", "第一条 职权是：", "（一）选举理事；", "（三）审议报告")
    assert [p.kind for p in skipped.problems if p.kind == "item_gap"] == ["item_gap"]


def test_chapter_headings_written_as_a_list_are_chapters():
    charter = _charter(
        "1. 总则",
        "第一条 本会名称为示例学会。",
        "2. 业务范围",
        "第二条 本会的业务范围：",
        "1、学术交流；",
        "3. 组织机构",
        "第三条 理事会是执行机构。",
    )
    assert len(charter.chapters) == 3
    assert [a.chapter for a in charter.articles] == [
        "第一章 总则",
        "第二章 业务范围",
        "第三章 组织机构",
    ]
    assert any(p.kind == "chapter_style" for p in charter.problems)


def test_damaged_labels_are_read_as_far_as_possible_and_listed():
    charter = _charter("第-条 本会名称为示例学会。", "第点二条 本会宗旨。", "第三条 住所。")
    assert [a.number for a in charter.articles] == [1, 2, 3]
    unread = [p for p in charter.problems if p.kind == "unreadable"]
    assert len(unread) == 2 and "第-条" in unread[0].message and "核对" in unread[0].message


def test_a_thousand_article_charter_is_read_without_crashing():
    lines = [f"第{n}条 本会第{n}项规定。" for n in range(1, 1001)]
    report = audit_text("\n".join(["千条学会章程", "第一章 总则", *lines]), **BEIJING)
    assert len(report.charter.articles) == 1000
    assert report.charter.articles[-1].label == "第一千条"
    assert not [p for p in report.problems if p.kind in ("gap", "repeat", "order")]


# --------------------------------------------------------------------------- real charters
REAL = sorted(CHARTERS.glob("*.txt"))


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_no_real_charter_crashes_the_audit(path):
    """Every charter of shared/charters reads and audits (the held-out ones included: this
    test looks at nothing but whether the audit completes)."""
    charter = read_charter(path)
    report = audit_text(path.read_text(encoding="utf-8"), name=path.name, **BEIJING)
    assert charter.articles and report.to_dict()["charter"]["articles"] >= 1


# --------------------------------------------------------------------------- proposals
def test_proposals_use_the_charters_own_names_and_no_borrowed_head_counts():
    text = "\n".join(
        [
            "示例联合会章程",
            "第一章 总则",
            "第一条 本联合会名称为示例联合会。本联合会由会员自愿结成。",
            "第二条 本联合会的宗旨是服务会员。本联合会住所设在示例市示例区示例路1号。",
            "第二章 组织机构",
            "第三条 会员代表大会是本联合会的最高权力机构，其职权是：",
            "（一）制定和修改章程；",
            "（二）选举和罢免执委、监事；",
            "（三）制定和修改会费标准；",
            "（四）决定终止事宜。",
            "第四条 执委会是会员代表大会的执行机构，执委会每届任期五年。",
            "第五条 执委会须有三分之二以上执委出席方能召开，其决议须经到会执委三分之二以上表决通过方能生效。",
            "第三章 附则",
            "第六条 本章程自登记管理机关核准之日起生效。",
        ]
    )
    report = audit_text(text, **BEIJING)
    council = next(f for f in report.findings if f.id == "model/council_meetings")
    # one line added to the article on the council's meetings, in the charter's words — no
    # template article
    assert council.status == "absent" and council.article == "第五条"
    assert [e.article for e in council.edits] == ["第五条"]
    assert "执委会每年至少召开一次会议" in council.edits[0].after
    assert council.edits[0].after.startswith(council.edits[0].before)
    supervisors = next(f for f in report.findings if f.id == "model/supervisors")
    assert supervisors.proposal_kind == "add" and "若干名监事" in supervisors.proposal
    assert "理事会" not in supervisors.proposal and "本联合会" in supervisors.proposal


# --------------------------------------------------------------------------- consistency
def _problems(*lines: str, kind: str | None = None):
    report = audit_text("\n".join(["示例学会章程", *lines]), **BEIJING)
    return [p for p in report.problems if kind is None or p.kind == kind]


def test_the_societys_name_written_differently_is_reported():
    found = _problems(
        "第一条 本会名称为中国示例科技学会。",
        "第二条 中国示列科技学会是学术性社会组织。",
        kind="name",
    )
    assert found and "中国示列科技学会" in found[0].message and found[0].number == 1


def test_two_names_for_the_congress_are_reported_once():
    found = _problems(
        "第一条 会员代表大会是本会的最高权力机构。",
        "第二条 会员大会每五年召开一次。",
        kind="body_name",
    )
    assert len(found) == 1 and "会员大会" in found[0].message


def test_the_name_for_the_congress_fewest_articles_use_is_the_one_to_amend():
    found = _problems(
        "第一条 本会的最高权力机构是会员大会。",
        "第二条 会员大会每五年召开一次。",
        "第三条 会员大会须有三分之二以上的会员出席方能召开。",
        "第四条 监事由会员代表大会选举产生。",
        kind="body_name",
    )
    assert len(found) == 1 and found[0].article == "第四条"
    assert "“会员代表大会”见第四条，“会员大会”见第一条、第二条、第三条" in found[0].message


@pytest.mark.parametrize(
    ("adopted", "reported"),
    [
        ("本章程经本会会员大会表决通过。", True),
        ("本章程经二O O 六年十二月九日第三次全体会员大会表决通过。", False),
        ("本章程经本会第六次会员代表大会表决通过。", False),
        ("本章程经____年__月__日第__届会员代表大会表决通过。", False),  # a template blank
    ],
)
def test_the_adoption_article_without_date_or_meeting_is_the_one_reported(adopted, reported):
    found = _problems(
        "第一条 本会名称为示例学会。",
        f"第二条 {adopted}",
        "第三条 本章程自社团登记管理机关核准之日起生效。",
        kind="adoption",
    )
    assert [p.article for p in found] == (["第二条"] if reported else [])


def test_template_notes_left_in_are_reported_with_every_article():
    found = _problems(
        "第一条 本会的最高权力机构是会员大会（或会员代表大会）。",
        "第二条 会员大会（或会员代表大会）每届五年。[会长…任期最长不超过两届]",
        kind="template_note",
    )
    assert len(found) == 2  # the option, once for both articles; the bracketed note
    assert "第一条、第二条" in found[0].message and "[会长…任期最长不超过两届]" in found[1].message


@pytest.mark.parametrize(
    ("sentence", "blank"),
    [
        ("本会住所设在郑州市金水区纬五路×号。", "×"),
        ("本会名称为天津市测绘学会，英文名称：（待定）。", "待定"),
        ("本委员会挂靠单位为（填写挂靠单位名称），办公地点：北京市海淀区双清路18号。", "填写"),
        (
            "本会接受业务主管单位的业务指导（必须载明具体的业务主管单位和社团登记管理机关）。",
            "必须载明",
        ),
        ("本细则由委员会负责解释。（注：请秘书处在报送前核对第十一条学组设置）", "请秘书处"),
    ],
)
def test_a_single_blank_left_unfilled_is_reported(sentence, blank):
    found = _problems(f"第一条 {sentence}", kind="template_note")
    assert len(found) == 1 and blank in found[0].message and found[0].article == "第一条"


def test_a_number_beside_a_letter_x_is_no_blank():
    assert _problems("第一条 本会开展X射线检测技术交流。", kind="template_note") == []


def test_outdated_purpose_wording_comes_with_the_current_model_wording():
    found = _problems(
        "第一条 本会以邓小平理论和“三个代表”重要思想为指导。",
        "第二条 本会的宗旨是团结科技工作者。",
        kind="outdated",
    )
    assert {p.number for p in found} == {1, 2}
    assert all(p.severity == "warning" and "社会主义核心价值观" in p.suggestion for p in found)


def test_two_articles_giving_one_power_to_different_bodies_contradict():
    found = _problems(
        "第一条 会员代表大会的职权是：",
        "（一）制定和修改章程；",
        "（二）选举和罢免理事。",
        "第二条 常务理事会的职权是：",
        "（一）制定和修改章程。",
        kind="contradiction",
    )
    assert found and found[0].number == 2 and "第一条" in found[0].message


def test_a_reference_to_an_article_the_charter_lacks_is_reported():
    found = _problems(
        "第一条 本会名称。",
        "第二条 依照本章程第九条办理。",
        "第三条 本章程自登记管理机关核准之日起生效。",
        kind="reference",
    )
    assert found and "第九条" in found[0].message and found[0].number == 2


def test_a_reference_past_the_end_of_a_partial_text_may_be_to_a_lost_article():
    """A text that stops at 第五条 may have lost 第八条, not 第六十条."""
    lines = ["第一条 本会名称。", "第二条 依照本章程第八条办理。", "第三条 略。", "第四条 略。"]
    assert _problems(*lines, "第五条 略。", kind="reference") == []
    far = _problems(*lines, "第五条 依照本章程第六十条办理。", kind="reference")
    assert far and "第六十条" in far[0].message


def test_fees_fixed_without_a_secret_ballot_are_reported():
    found = _problems(
        "第一条 会员代表大会是本会的最高权力机构。",
        "第二条 本会会费标准为每人每年100元。",
        kind="fees",
    )
    assert found and found[0].tier == "law" and "无记名投票" in found[0].message


@pytest.mark.parametrize(
    "last",
    [
        "本细则经本委员会全体委员会议通过，报学会常务理事会批准后实施。",
        "本办法由分会委员会负责解释。",
    ],
)
def test_a_branchs_rules_ending_in_their_own_closing_words_are_complete(last):
    report = audit_text(
        "示例学会测试专业委员会工作细则\n第一章 总则\n"
        "第一条 本委员会是示例学会的分支机构，不具有法人资格。\n"
        f"第二条 {last}",
        **BEIJING,
    )
    assert not [p for p in report.problems if p.kind == "incomplete"]


def test_a_saved_web_pages_buttons_and_footer_are_not_charter_text():
    report = audit_text(
        "示例学会章程\n第一章 总则\n第一条 本会名称为示例学会。\n第二章 附则\n"
        "第二条 本章程自登记管理机关核准之日起生效。\n【打印本页】&nbsp;【关闭窗口】\n"
        "版权所有：示例学会&nbsp;&nbsp;地址：广州市天河区示例路1号&nbsp;&nbsp;粤ICP备05012345号",
        **BEIJING,
    )
    assert report.charter.articles[-1].text == "第二条 本章程自登记管理机关核准之日起生效。"
    kinds = {p.kind for p in report.problems}
    assert not kinds & {"incomplete", "template_note", "damaged"}


def test_an_incomplete_text_says_what_it_lacks_instead_of_reporting_it_missing():
    report = audit_text(
        "示例学会章程\n第一章 总则\n第一条 本会名称为示例学会。\n第二条 本会的宗旨是服务会员",
        **BEIJING,
    )
    cut = [p for p in report.problems if p.kind == "incomplete"]
    assert cut and "中断" in cut[0].message and "附则" in cut[0].message
    terms = next(f for f in report.findings if f.id == "model/term_years")
    assert terms.status == "unknown" and "不完整" in terms.message


def test_junk_characters_inside_words_are_reported_but_rare_technical_words_are_not():
    from generator.audit.garble import garbled

    assert garbled("其决议须桫如官经到会会员代表半数以上表决通过") == ["议须桫如官"]
    assert garbled("会员代表大斠会") and garbled("书面向本分会睒多或本分会的分支机构提出申请")
    assert garbled("开展羰基化合物、氡气检测和铑催化剂研究") == []
    found = _problems(
        "第一条 本会名称为示例学会。", "第二条 在理J旅案黑会闭会期间行使职权。", kind="damaged"
    )
    assert found and found[0].number == 2


def test_an_address_is_read_as_written_but_junk_in_it_is_still_damage():
    clean = _problems(
        "第一条 本会名称为佛山市示例协会。",
        "第二条 本会住所设在佛山市顺德区北滘镇科技路1号智慧e谷B座9楼。",
        kind="damaged",
    )
    assert clean == []
    junk = _problems(
        "第一条 本会名称为佛山市示例协会。",
        "第二条 本会住所设在佛山市顺德区科技路1号锟斤拷3楼。",
        kind="damaged",
    )
    assert junk and junk[0].number == 2


def test_the_name_with_another_kind_of_society_is_reported_but_not_the_parent_society():
    found = _problems(
        "第一条 本会名称为上海市奉贤区园艺学会。",
        "第二条 奉贤区园艺协会接受业务主管单位的业务指导和监督管理。",
        kind="name",
    )
    assert found and "奉贤区园艺协会" in found[0].message
    branch = _problems(
        "第一条 本会名称为中国示例钢结构协会空间结构分会。",
        "第二条 本会是中国示例钢结构协会下属的专业分会。",
        kind="name",
    )
    assert branch == []


def test_the_name_with_words_put_in_before_its_kind_is_reported():
    found = _problems(
        "第一条 本会名称为上海市奉贤区农学会。",
        "第二条 上海市奉贤区农业技术学会接受业务主管单位的业务指导和监督管理。",
        kind="name",
    )
    assert found and "“上海市奉贤区农业技术学会”" in found[0].message
    branch = _problems(
        "第一条 本会名称为上海市奉贤区农学会。",
        "第二条 本会设上海市奉贤区农学会园艺分会、上海市奉贤区农学会学术工作委员会。",
        kind="name",
    )
    assert branch == []


def test_the_county_science_association_is_not_the_society_misnamed():
    found = _problems(
        "第一条 本会名称为仪陇县科学技术普及协会。",
        "第二条 本会接受业务主管单位仪陇县科学技术协会的业务指导和监督管理。",
        kind="name",
    )
    assert found == []


def test_fees_the_congress_sets_in_another_article_are_among_its_powers():
    powers = "第一条 会员大会的职权是：（一）制定和修改章程；（二）选举和罢免理事、监事；（三）决定终止事宜。"
    ending = "第三条 本章程自社团登记管理机关核准之日起生效。"  # a complete text
    found = _problems(powers, "第二条 会费标准由会员大会制定。", ending, kind="congress_powers")
    assert not [p for p in found if "会费" in p.message]
    missing = _problems(powers, "第二条 会员按规定交纳会费。", ending, kind="congress_powers")
    assert [p for p in missing if "会费" in p.message]


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("本会设监事会（或监事1-2名），监事由会员代表大会选举产生。", "（或监事1-2名）"),
        ("本会秘书长为专职（兼职），主持办事机构开展日常工作。", "专职（兼职）"),
        ("本章程经2022年  月  日第二届会员代表大会第一次会议表决通过。", "年  月  日"),
    ],
)
def test_an_option_or_a_blank_date_left_in_is_reported(sentence, words):
    found = _problems("第一条 本会名称为示例学会。", f"第二条 {sentence}", kind="template_note")
    assert found and words in found[0].message


def test_a_branch_under_its_societys_legal_representative_is_not_reported():
    report = audit_text(
        "示例学会测试专业委员会工作细则\n第一条 本委员会是示例学会的分支机构，不具有法人资格。\n"
        "第二条 本委员会对外活动由学会法定代表人授权，本委员会不设法定代表人。\n",
        **BEIJING,
    )
    assert not [p for p in report.problems if p.kind == "branch_legal_rep"]


def test_a_name_the_branch_must_not_use_is_not_its_name_misspelt():
    report = audit_text(
        "天津市示例学会人工智能专业委员会工作细则\n"
        "第一条 本委员会名称为天津市示例学会人工智能专业委员会，是天津市示例学会的分支机构。\n"
        "第二条 专委会开展活动须使用规范全称，不得使用“天津市人工智能协会”等名称对外开展活动。\n",
        region_code="120000",
        level="provincial",
    )
    assert not [p.message for p in report.problems if p.kind == "name"]


def test_traditional_characters_are_read_not_reported_as_junk():
    found = _problems(
        "第一条 本會名稱為示例學會。", "第二条 會長任職年齡不超過七十周歲。", kind="damaged"
    )
    assert found == []


def test_another_societys_council_left_in_the_text_is_reported():
    found = _problems(
        "第一条 本会名称为荥阳市示例协会。",
        "第二条 会员严重违反章程的，经巩义市示例服务协会理事会表决通过，予以除名。",
        kind="other_society",
    )
    assert found and "巩义市示例服务协会" in found[0].message and found[0].number == 2


@pytest.mark.parametrize(
    ("name", "reported"), [("示例研究会", True), ("示例学会测试专业委员会", False)]
)
def test_remaining_assets_left_to_a_body_without_purpose_is_a_societys_defect(name, reported):
    found = _problems(
        f"第一条 本会名称为{name}。",
        "第二条 本会终止后的剩余财产由委员会决定处理。",
        kind="residual_distribution",
    )
    assert bool(found) is reported


@pytest.mark.parametrize(
    "sentence",
    [
        "本会终止后的剩余财产，经理事会决定，按出资比例退还各发起单位。",
        "终止后的剩余财产，按照单位会员历年交纳会费的比例退还单位会员，其余部分用于与本会宗旨相关的事业。",
    ],
)
def test_remaining_assets_handed_back_to_founders_break_the_civil_code(sentence):
    found = _problems(
        "第一条 本会名称为示例研究会。", f"第二条 {sentence}", kind="residual_distribution"
    )
    assert found and found[0].tier == "law" and "第九十五条" in found[0].rule


@pytest.mark.parametrize(
    ("sentence", "kind", "tier"),
    [
        (
            "经理事会同意，本会法定代表人可以兼任其他社会团体的法定代表人。",
            "legal_rep_concurrent",
            "model",
        ),
        (
            "本会法定代表人原则上不兼任其他团体的法定代表人，确需兼任的，由理事会决定。",
            "legal_rep_concurrent",
            "model",
        ),
        ("会员有严重违反本章程行为的，由秘书长决定予以除名。", "expulsion_by_one_person", "model"),
        ("开展设备经销业务，所得收益按出资比例分配给发起单位。", "profit_distribution", "law"),
        ("开展仪器设备的经销与代理业务。", "for_profit_trade", "law"),
        ("经营柑桔苗木、农药、化肥等农资，所得利润用于补充本团体经费。", "for_profit_trade", "law"),
        ("开展海产品购销和苗种的生产经营业务。", "for_profit_trade", "law"),
        ("创办经济实体，从事粉体设备及材料的经营活动，以增加学会收入。", "for_profit_trade", "law"),
        ("本会以会长名义开设银行账户。", "account_in_a_name", "law"),
        ("会员大会闭会期间，理事会可以对本章程作出修改。", "council_amends_charter", "model"),
    ],
)
def test_what_a_charter_permits_against_a_rule_is_reported(sentence, kind, tier):
    found = _problems("第一条 本会名称为示例学会。", f"第二条 {sentence}", kind=kind)
    assert len(found) == 1 and found[0].tier == tier and found[0].article == "第二条"


@pytest.mark.parametrize(
    "sentence",
    [
        "本会法定代表人不兼任其他社会团体的法定代表人。",
        "会员有严重违反本章程行为的，由秘书长提出，经理事会表决通过，予以除名。",
        "本会的收入不得在会员中分配。",
        "本会不从事营利性经营活动。",
        "开展科学普及，面向农民和新型农业经营主体普及智慧农业知识。",
        "单位会员为从事设施园艺工程研究、教学、生产、经营的企业事业单位。",
    ],
)
def test_the_same_words_saying_the_rule_are_not_reported(sentence):
    kinds = {"legal_rep_concurrent", "expulsion_by_one_person", "profit_distribution"}
    found = _problems("第一条 本会名称为示例学会。", f"第二条 {sentence}")
    assert not [p for p in found if p.kind in kinds | {"for_profit_trade"}]


@pytest.mark.parametrize(
    ("lines", "kind", "words"),
    [
        (
            [
                "第二条 会员代表大会须有2/3以上的会员代表出席方能召开，其决议须经到会会员代表半数以上"
                "表决通过方能生效；制定和修改章程、决定终止事宜，须经到会会员代表2/3以上表决通过。"
            ],
            "special_majority",
            "选举和罢免理事",
        ),
        (
            [
                "第二条 本会终止动议须经会员代表大会表决通过。",
                "第三条 本会的业务主管单位是示例市科协。",
            ],
            "procedure_termination",
            "业务主管单位审查同意",
        ),
        (
            ["第二条 会长不能担任时，由秘书长担任法定代表人，报登记管理机关备案。"],
            "procedure_legal_rep_substitute",
            "批准",
        ),
        (["第二条 本章程自会员代表大会表决通过之日起生效。"], "effective_on_vote", "核准后生效"),
        (["第二条 本会是由科技工作者自愿结成的全国性、学术性社会团体。"], "nature", "非营利"),
        (
            [
                "第二条 本会坚持中国共产党的全面领导。",
                "第三条 本会接受业务主管单位和社团登记管理机关的业务指导和监督管理。",
            ],
            "party_organ",
            "党建领导机关",
        ),
    ],
)
def test_a_rule_the_charter_states_only_in_part_is_reported(lines, kind, words):
    # a complete text (it ends with its entry into force), so every chapter is judged
    ending = "第九条 本章程自社团登记管理机关核准之日起生效。"
    found = _problems("第一条 本会名称为示例学会。", *lines, ending, kind=kind)
    assert len(found) == 1 and words in found[0].message, [p.message for p in found]


def test_the_same_rules_stated_in_full_are_not_reported():
    found = _problems(
        "第一条 本会是由科技工作者自愿结成的学术性、非营利性社会组织。",
        "第二条 本会坚持中国共产党的全面领导。本会的党建领导机关是示例市科协党组。",
        "第三条 会员代表大会须有2/3以上的会员代表出席方能召开；制定和修改章程，选举和罢免理事、监事，"
        "决定终止事宜，须经到会会员代表2/3以上表决通过。",
        "第四条 本会终止动议须经会员代表大会表决通过，并报业务主管单位审查同意。",
        "第五条 因特殊情况需由秘书长担任法定代表人的，应报业务主管单位审查并经社团登记管理机关批准同意后，方可担任。",
        "第六条 本章程自社团登记管理机关核准之日起生效。",
    )
    kinds = {"special_majority", "procedure_termination", "procedure_legal_rep_substitute"}
    kinds |= {"effective_on_vote", "nature", "party_organ"}
    assert not [p.message for p in found if p.kind in kinds]


def test_the_supervisor_named_by_its_name_in_a_procedure_is_the_supervisors_review():
    found = _problems(
        "第一条 本会的业务主管单位是上海市奉贤区科学技术协会。",
        "第二条 章程的修改经理事会表决通过后报会员大会审议，经区科协审查同意，并报区社团局核准后生效。",
        "第三条 本会终止动议须经会员大会表决通过，并报区科协审查同意。",
        "第四条 本章程自社团登记管理机关核准之日起生效。",
    )
    assert not [p.message for p in found if p.kind.startswith("procedure_")]


def test_another_provinces_bodies_left_in_a_copied_charter_are_reported():
    text = "\n".join(
        [
            "江苏省示例学会章程",
            "第一条 本会名称为江苏省示例学会。",
            "第二条 本会的登记管理机关是浙江省民政厅。",
            "第三条 本会住所设在浙江省杭州市西湖区文三路1号。",
            "第四条 本会与上海市、安徽省的同行开展学术交流。",
        ]
    )
    report = audit_text(text, region_code="320000", level="provincial")
    found = [p.article for p in report.problems if p.kind == "other_region"]
    assert found == ["第二条", "第三条"]  # not the exchange with other provinces
    national = audit_text(text, **BEIJING)
    assert not [p for p in national.problems if p.kind == "other_region"]


def test_council_setting_fees_in_its_list_of_powers_is_reported():
    found = _problems(
        "第一条 本会名称为示例学会。",
        "第二条 理事会的职权是：（一）执行会员代表大会的决议；（二）根据工作需要调整会费标准；",
        kind="fees",
    )
    assert len(found) == 1 and "理事会" in found[0].message


def test_an_item_the_cited_article_does_not_have_is_reported():
    found = _problems(
        "第一条 理事会的职权是：（一）执行决议；（二）筹备会议；（三）决定其他事项。",
        "第二条 秘书长依照本章程第一条第（五）项的授权处理日常事务。",
        "第三条 常务理事会行使第一条第一、三项的职权。",
        kind="reference",
    )
    assert [p.article for p in found] == ["第二条"] and "只有三项" in found[0].message


def test_a_number_stated_differently_in_two_articles_is_a_contradiction():
    found = _problems(
        "第一条 会员大会每届四年。",
        "第二条 会长、副会长任期五年。",  # the leaders' own term: another subject
        "第三条 理事会每届五年，每年至少召开一次会议。",
        kind="contradiction",
    )
    assert len(found) == 1 and "第一条" in found[0].message and "第三条" in found[0].message


def test_an_article_inserted_as_zhi_yi_is_cited_so_and_is_no_repeat():
    charter = _charter(
        "第一条 本会名称为示例学会。", "第一条之一 本会设监事一名。", "第二条 附则。"
    )
    assert [a.citation for a in charter.articles] == ["第一条", "第一条之一", "第二条"]
    assert charter.articles[1].body == "本会设监事一名。"
    found = _problems("第一条 本会名称为示例学会。", "第一条之一 本会设监事一名。", "第二条 附则。")
    assert not [p for p in found if p.kind in ("repeat", "gap", "order")]


def test_ocr_look_alikes_and_page_numbers_are_read_through():
    text = "\n".join(
        [
            "示例学会章程",
            "第一条 会员如果l年不交纳会费，视为自动退会。",
            "第二条 会员大会须有三分之ニ以上的会员出席方能召开，其决议须经到会",
            "— 2 —",
            "会员过半数表决通过方能生效。",
            "笫三条 本会由理亊会领导。",
        ]
    )
    report = audit_text(text, **BEIJING)
    assert [a.citation for a in report.charter.articles] == ["第一条", "第二条", "第三条"]
    assert "— 2 —" not in report.charter.articles[1].text
    assert report.facts["charter.congress_quorum"].value == Fraction(2, 3)
    notes = [p for p in report.problems if p.kind == "read_through"]
    assert len(notes) == 1 and notes[0].severity == "advice" and "理亊会" in notes[0].message
    assert not [p for p in report.problems if p.kind == "damaged"]


@pytest.mark.parametrize("elected", ["监事由理事会选举产生", "监事由会长提名，经理事会选举产生"])
def test_supervisors_the_council_elects_are_one_finding_at_that_article(elected):
    report = audit_text(
        "\n".join(
            [
                "示例学会章程",
                "第一条 会员大会的职权是：（一）制定和修改章程；（二）选举和罢免理事；（三）决定终止事宜。",
                f"第二条 本会设监事会，{elected}。",
            ]
        ),
        **BEIJING,
    )
    found = [f for f in report.findings if f.id == "model/supervisors_elected_by"]
    assert len(found) == 1 and found[0].status == "violated" and found[0].article == "第二条"
    assert not [p for p in report.problems if p.kind == "congress_powers" and "监事" in p.message]


def test_an_enterprise_accounting_system_is_the_accounting_rule_broken_where_it_is_said():
    report = audit_text(
        "示例学会章程\n第一条 本会名称为示例学会。\n第二条 本会执行《企业会计制度》。", **BEIJING
    )
    found = next(f for f in report.findings if f.id == "model/accounting")
    assert found.status == "violated" and found.article == "第二条"


def test_a_branch_silent_on_the_models_congress_rules_gets_advice_not_a_defect():
    report = audit_text(
        "\n".join(
            [
                "示例学会测试专业委员会工作细则",
                "第一条 本委员会是示例学会的分支机构，不具有法人资格。",
                "第二条 本委员会坚持中国共产党的全面领导，在学会党委领导下开展党的工作。",
                "第三条 全体委员会议是本委员会的最高权力机构，须有三分之二以上委员出席方能召开。",
                "第四条 主任委员、副主任委员可连选连任。",
                "第五条 本章程经学会常务理事会批准后施行。",
            ]
        ),
        **BEIJING,
    )
    special = next(f for f in report.findings if f.id == "model/congress_special_majority")
    assert special.status == "absent" and special.severity == "advice"
    assert [p.article for p in report.problems if p.kind == "uncapped_re_election"] == ["第四条"]


@pytest.mark.parametrize(
    ("title", "severity"),
    [("示例学会测试专业委员会工作细则", "advice"), ("示例学会章程", "warning")],
)
def test_leader_conditions_a_branch_leaves_out_are_advice(title, severity):
    report = audit_text(
        "\n".join(
            [
                title,
                "第一条 本会是示例学会的分支机构，不具有法人资格。"
                if "委员会" in title
                else "第一条 本会名称为示例学会。",
                "第二条 本会会长必须具备下列条件：（一）坚持党的路线、方针、政策；（二）在本领域内有较大影响。",
                "第三条 本章程的解释权属于本会理事会，自登记管理机关核准之日起生效。",
            ]
        ),
        **BEIJING,
    )
    found = [p for p in report.problems if p.kind == "leaders_conditions"]
    assert [p.severity for p in found] == [severity]


def test_a_web_page_saved_as_text_is_read_without_its_markup():
    report = audit_text(
        "<p>示例学会章程</p>\n<p>第一条&nbsp;&nbsp;本会名称为示例学会。</p>\n"
        "<p>第二条&nbsp;&nbsp;本会住所设在北京市海淀区中关村南大街1号。<br>本会会员分为个人会员。</p>\n",
        **BEIJING,
    )
    assert [a.number for a in report.charter.articles] == [1, 2]
    assert "<" not in report.charter.articles[1].text and "&nbsp;" not in report.charter.body
    assert any(p.kind == "markup" for p in report.problems)


# ------------------------------------------------- readings and checks from the 2026-12-03 sets
def test_traditional_variant_and_look_alike_characters_are_read_through():
    assert (
        reading("執行本学会的决议，检査会员代表大含的决议")
        == "执行本会的决议,检查会员代表大会的决议"
    )
    assert reading("须有３分之２以上") == "须有三分之二以上"
    report = audit_text(
        "\n".join(
            [
                "示例学会章程",
                "第一条 本会的登记管理机关是河南省民政斤。",
                "第二条 会员代表大含须有３分之２以上的会员代表出席方能召开。",
                "第三条 会员应当執行本会的决议。",
            ]
        ),
        **BEIJING,
    )
    assert report.facts["charter.congress_quorum"].value == Fraction(2, 3)
    assert "河南省民政厅" in report.facts["registrar"].value
    notes = [p for p in report.problems if p.kind == "read_through"]
    assert len(notes) == 1 and "大含" in notes[0].message and notes[0].severity == "advice"
    assert not [p for p in report.problems if p.kind == "damaged"]


def test_leftovers_of_a_web_page_or_word_processor_are_a_note_not_damage():
    found = _problems(
        "第一条 本会名称为示例学会。",
        "第二条 本会的业务范围：\ue000开展学术交流；&nbsp;",
    )
    assert [p.severity for p in found if p.kind == "leftovers"] == ["advice"]
    assert not [p for p in found if p.kind == "damaged"]


def test_an_age_limit_belongs_to_the_office_it_is_stated_for():
    facts = extract_facts(
        _charter(
            "第一条 本会理事长、副理事长必须具备下列条件：",
            "（一）最高任职年龄不超过70周岁；",
            "第二条 本会秘书长为专职。秘书长应政治素质高，届满年龄不超过七十五周岁，由理事长提名。",
            "第三条 本会会长、副会长、秘书长最高任职年龄不超过70周岁。",
        )
    )
    assert facts["governance.president_max_age"].value == 70
    assert facts["governance.secretary_general_max_age"].value == 75
    assert facts["governance.secretary_general_max_age"].article.citation == "第二条"
    assert not [o for o in facts["governance.president_max_age"].others if o.value == 75]


def test_labels_damaged_in_conversion_are_read_in_sequence():
    charter = _charter(
        "第十九条 甲。",
        "第二O条 乙。",
        "第二十一-条 丙。",
        "第条 丁。",
        "第二十三条 戊。",
    )
    assert [a.number for a in charter.articles] == [19, 20, 21, 22, 23]
    notes = [p for p in charter.problems if p.kind == "unreadable"]
    assert len(notes) == 3 and all(p.severity == "advice" for p in notes)
    assert not [p for p in charter.problems if p.kind in ("gap", "repeat", "order")]


def test_a_table_of_contents_and_a_title_on_two_lines_are_read_as_such():
    charter = parse_charter(
        "\n".join(
            [
                "中国示例学会",
                "测试专业委员会章程",
                "（2021年4月16日第三届全体委员会议通过）",
                "目  录",
                "第一章 总则\t1",
                "第二章 附则\t2",
                "第一章 总则",
                "第一条 本会名称为中国示例学会测试专业委员会。",
                "第二章 附则",
                "第二条 本章程由本委员会负责解释。",
            ]
        ),
        "t",
    )
    assert charter.title == "中国示例学会测试专业委员会章程"
    assert [c.text.split()[0] for c in charter.chapters] == ["第一章", "第二章"]
    assert not [p for p in charter.problems if p.kind.startswith("chapter")]
    report = audit_text(charter.body, **BEIJING)
    assert not [p for p in report.problems if p.kind in ("adoption", "name")]


@pytest.mark.parametrize(
    ("sentence", "kind", "tier"),
    [
        ("本会换届或更换法定代表人之前，经理事会决定，可不进行财务审计。", "audit_waived", "model"),
        ("常务理事会在理事会闭会期间行使理事会的全部职权。", "standing_all_powers", "model"),
        ("本会监事长可由一名副理事长兼任。", "supervisor_concurrent", "model"),
        ("会长不能担任法定代表人时，可由副秘书长担任法定代表人。", "legal_rep_not_a_leader", "law"),
        ("本会组织优秀成果评选，向参评单位收取评审费用。", "award_fees", "law"),
        ("入会申请经秘书处审核后报会长批准。", "admission_by_officer", "model"),
        ("组织会员单位产品的代理采购，按成交额收取服务佣金。", "for_profit_trade", "law"),
        (
            "对本会章程的修改，经理事会表决通过后即可生效，并向会员代表大会报告。",
            "council_amends_charter",
            "model",
        ),
        (
            "修改后的章程自业务主管单位审查同意之日起60日内报登记管理机关核准。",
            "amendment_filing",
            "law",
        ),
        ("秘书长任职时年龄不超过70周岁。", "age_at_start", "model"),
        ("本会的负责人、理事、常务理事不得兼任监事。", "supervisor_incompatible_list", "model"),
        ("本会终止动议由理事会表决通过即可。", "termination_by_council", "model"),
        (
            "会员入会的程序是：（一）提交入会申请书；（二）经本会秘书处审核同意；（三）发给会员证。",
            "admission_step_by_officer",
            "model",
        ),
        (
            "本会年度结余经理事会决定，可按各会员单位缴纳会费的比例予以返还。",
            "profit_distribution",
            "law",
        ),
        ("本会年度结余经理事会同意，可按贡献在理事中适当分配。", "profit_distribution", "law"),
        (
            "理事、常务理事可以兼任监事，会长、副会长、秘书长和财务管理人员不得兼任监事。",
            "supervisor_concurrent",
            "model",
        ),
        (
            "常务理事会在理事会闭会期间，可对本章程作必要的修改，报下次会员代表大会追认。",
            "council_amends_charter",
            "model",
        ),
        ("会员退会应书面提出申请，经理事会批准后方可退会。", "withdrawal_approved", "model"),
        (
            "表决权按会员等级计算：会长单位每单位五票，普通会员单位每单位一票。",
            "weighted_votes",
            "model",
        ),
        ("本会秘书长由会长单位委派，负责秘书处日常工作。", "leader_appointed_by_unit", "model"),
        ("联盟理事长由牵头单位法定代表人担任。", "leader_appointed_by_unit", "model"),
        ("本会可在成都、绵阳、德阳等市设立分会。", "regional_branch", "law"),
        ("联盟可根据工作需要在各州（市）设立分联盟。", "regional_branch", "law"),
        ("本会可在华北、华东、华南地区设立地区工作委员会。", "regional_branch", "law"),
        (
            "本会可按地区设立苏南、苏中、苏北三个工作组，在本地区发展会员。",
            "regional_branch",
            "law",
        ),
        (
            "秘书长在理事长领导下主持日常工作，秘书长由挂靠单位指派，报理事会备案。",
            "leader_appointed_by_unit",
            "model",
        ),
        ("本会组织开展日用陶瓷、艺术陶瓷产品的生产和销售经营活动。", "for_profit_trade", "law"),
        ("研制、生产和销售档案修复材料、装具、设备等产品。", "for_profit_trade", "law"),
        ("经营收益用于发放委员补贴。", "profit_distribution", "law"),
        ("会员退会时可按累计缴费比例分享历年经费结余。", "profit_distribution", "law"),
        (
            "年度收支结余，经主任办公会研究，可按委员当年工作贡献给予奖励性分配。",
            "profit_distribution",
            "law",
        ),
        ("本会负责人和财务管理人员不得兼任监事。", "supervisor_incompatible_directors", "model"),
        (
            "会员如有严重违反本章程的行为，经本会秘书处决定，予以除名，并报理事会备案。",
            "expulsion_by_one_person",
            "model",
        ),
        (
            "本会年度收支结余部分，可按会员单位当年交纳会费的比例进行分配。",
            "profit_distribution",
            "law",
        ),
        (
            "本会建立严格的财务管理制度，参照《企业会计准则》进行会计核算。",
            "company_accounting",
            "model",
        ),
        (
            "理事会的职权是：\n执行会员大会的决议；\n制定和修改本会章程；\n筹备召开会员大会。",
            "congress_power_in_council",
            "model",
        ),
        (
            "理事会是联盟的最高决策机构，在成员大会闭会期间领导联盟开展工作。",
            "council_supreme",
            "law",
        ),
    ],
)
def test_more_that_a_charter_permits_against_a_rule_is_reported(sentence, kind, tier):
    found = _problems("第一条 本会名称为示例学会。", f"第二条 {sentence}", kind=kind)
    assert len(found) == 1 and found[0].tier == tier and found[0].article == "第二条"


@pytest.mark.parametrize(
    "sentence",
    [
        "本会换届或者更换法定代表人之前必须进行财务审计。",
        "常务理事会在理事会闭会期间行使第一条第一、三项的职权。",
        "本会的负责人、理事、常务理事和财务管理人员不得兼任监事。",
        "本会换届或者更换法定代表人之前必须接受财务审计。",
        "因特殊情况需由副理事长或秘书长担任法定代表人的，应报业务主管单位审查并经登记管理机关批准同意。",
        "本会开展评选表彰活动，不收取任何费用。",
        "入会申请经秘书处审核后，提交理事会讨论通过。",
        "对本会章程的修改，须经理事会表决通过后报会员代表大会审议。",
        "修改后的章程自业务主管单位审查同意之日起30日内报登记管理机关核准。",
        "秘书长任职时年龄不超过62周岁。",  # 62 and a five-year term stay under 70
        "本会终止动议由理事会提出，经会员代表大会表决通过。",
        "会员入会的程序是：（一）提交入会申请书；（二）经理事会讨论通过；（三）由秘书处发给会员证。",
        "会员退会应书面通知本会，并交回会员证。",
        "会员享有选举权、被选举权和表决权，每个会员单位有一票表决权。",
        "会长、副会长由会员单位的法定代表人或主要负责人担任。",  # who may stand, not who is
        "本会秘书长由理事会聘任，由会长单位推荐人选。",
        "本会会员分布在各市，本会不设立地域性的分支机构。",
        "理事会是会员代表大会的执行机构，在闭会期间领导本会开展日常工作。",
        "理事会的职权是：（一）执行会员大会的决议；（二）提出修改章程的草案；（三）筹备召开会员大会。",
        "本会执行《民间非营利组织会计制度》，不执行企业会计准则。",
    ],
)
def test_the_same_rules_kept_are_not_reported(sentence):
    kinds = {"audit_waived", "standing_all_powers", "supervisor_concurrent", "award_fees"}
    kinds |= {"legal_rep_not_a_leader", "admission_by_officer", "council_amends_charter"}
    kinds |= {"amendment_filing", "age_at_start", "termination_by_council"}
    kinds |= {"admission_step_by_officer", "withdrawal_approved", "weighted_votes"}
    kinds |= {"leader_appointed_by_unit", "regional_branch", "council_supreme"}
    kinds |= {"congress_power_in_council", "company_accounting"}
    kinds |= {"supervisor_incompatible_directors"}
    found = _problems(
        "第一条 理事会的职权是：（一）执行决议；（二）选举和罢免理事长；（三）决定其他事项。",
        f"第二条 {sentence}",
    )
    assert not [p.message for p in found if p.kind in kinds]


def test_the_standing_council_given_the_election_of_leaders_by_item_number_is_reported():
    found = _problems(
        "第一条 理事会的职权是：（一）执行决议；（二）选举和罢免理事长、秘书长；（三）决定其他事项。",
        "第二条 常务理事会在理事会闭会期间行使第一条第一、二、三项的职权。",
        "第三条 秘书长行使第四条第一、二项的职权。",
        "第四条 理事会每年至少召开一次会议。",
    )
    elects = [p for p in found if p.kind == "standing_elects"]
    assert len(elects) == 1 and "第（二）项" in elects[0].message and elects[0].tier == "model"
    references = [p for p in found if p.kind == "reference"]
    assert [p.article for p in references] == ["第三条"] and "没有分项" in references[0].message


def test_the_standing_committee_given_the_power_to_amend_the_rules_by_item_is_reported():
    found = _problems(
        "第一条 全体委员会议的职权是：（一）制定和修改本委员会章程；（二）选举委员；"
        "（三）决定设立和终止工作组。",
        "第二条 常务委员会在全体委员会议闭会期间行使第一条第（一）、（三）项的职权。",
        kind="standing_elects",
    )
    assert len(found) == 1 and "第（一）项" in found[0].message and "修改" in found[0].message
    no_charter = _problems(
        "第一条 理事会的职权是：（一）执行决议；（二）决定设立、变更和终止分支机构。",
        "第二条 常务理事会在理事会闭会期间行使第一条第（一）、（二）项的职权。",
        kind="standing_elects",
    )
    assert no_charter == []


def test_a_standing_committee_given_every_item_but_two_or_an_item_beyond_the_list():
    powers = (
        "第一条 全体委员会议的职权是：（一）制定和修改本章程；（二）选举主任委员、副主任委员和"
        "常务委员；（三）审议工作报告；（四）决定其他重大事项。"
    )
    but_two = _problems(
        powers,
        "第二条 常务委员会在全体委员会议闭会期间行使第一条第（三）（四）项以外的日常工作职责。",
    )
    elects = [p for p in but_two if p.kind == "standing_elects"]
    assert len(elects) == 1 and "第（一）项“制定和修改本章程”" in elects[0].message
    assert elects[0].message.startswith("第二条规定常务委员会行使")
    beyond = _problems(
        powers, "第二条 常务委员会在全体委员会议闭会期间行使第一条第（二）、（六）项职权。"
    )
    assert {p.kind for p in beyond} >= {"standing_elects", "reference"}
    (elected,) = [p for p in beyond if p.kind == "standing_elects"]
    assert "“选举主任委员、副主任委员和常务委员”" in elected.message


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("本会会长由发起单位示例研究院院长兼任，副会长、秘书长由理事会选举产生。", True),
        ("秘书长由挂靠单位指派，报理事会备案。", True),
        ("秘书长由挂靠单位推荐，经理事会选举产生。", False),
        ("副会长由副会长单位的法定代表人担任。", False),
    ],
)
def test_a_leader_holding_office_by_virtue_of_another_post_is_reported(sentence, reported):
    found = _problems(
        "第一条 本会名称为示例促进会。", f"第二条 {sentence}", kind="ex_officio_leader"
    )
    assert bool(found) is reported
    assert not found or found[0].article == "第二条"


def test_the_congresss_powers_run_on_after_a_colon_are_read_as_its_list():
    found = _problems(
        "第一条 本会的最高权力机构是会员代表大会。",
        "第二条 会员代表大会的职权是：制定和修改章程；选举和罢免理事、监事；审议理事会的工作报告；"
        "决定终止事宜；决定其他重大事宜。",
        kind="congress_powers",
    )
    assert [(p.article, p.message) for p in found] == [
        ("第二条", "会员（代表）大会的职权未包括制定和修改会费标准")
    ]


def test_a_branch_that_opens_no_account_or_sets_up_a_party_group_is_not_faulted():
    head = [
        "示例学会测试专业委员会工作细则",
        "第一条 本委员会是示例学会的分支机构，不具有法人资格。",
    ]
    rules = [
        "第二条 本委员会在学会党委领导下开展党的工作，设立分会党的工作小组。",
        "第三条 本委员会所有收支纳入学会财务统一管理，不开设独立银行账户。",
    ]
    report = audit_text("\n".join([*head, *rules]), **BEIJING)
    assert not [p for p in report.problems if p.kind in ("sub_branch", "branch_own_finances")]
    opened = [*head, "第二条 本委员会开设独立银行账户。", "第三条 本委员会设立分会。"]
    kinds = {p.kind for p in audit_text("\n".join(opened), **BEIJING).problems}
    assert {"sub_branch", "branch_own_finances"} <= kinds


def test_the_legal_representative_is_the_rule_not_its_exception():
    facts = extract_facts(
        parse_charter(
            "第一条 联盟理事长为联盟法定代表人。如因特殊情况需由副理事长或秘书长担任法定代表人，"
            "应报业务主管单位审查并经社团登记管理机关批准同意后，方可担任。\n"
        )
    )
    assert facts["governance.legal_representative"].value == "president"


def test_supervisors_and_registrar_written_by_kind_without_names_are_reported():
    found = _problems(
        "第一条 本会名称为示例学会。",
        "第二条 本会接受业务主管单位示例市科协和社团登记管理机关的业务指导和监督管理。",
        kind="supervisors_named",
    )
    assert len(found) == 1 and "社团登记管理机关" in found[0].message and "名称" in found[0].message


def test_the_council_adding_directors_or_deciding_termination_contradicts_the_congress():
    found = _problems(
        "第一条 会员代表大会的职权是：（一）制定和修改章程；（二）选举和罢免理事；（三）决定终止事宜。",
        "第二条 理事会的职权是：（一）执行决议；（二）增补和罢免理事；（三）决定本会的终止。",
        kind="contradiction",
    )
    assert len(found) == 2 and all(p.article == "第二条" for p in found)


def test_a_partial_text_is_not_judged_on_what_its_lost_part_would_state():
    report = audit_text(
        "\n".join(
            [
                "示例学会章程",
                "第一章 总则",
                "第一条 本会名称为示例学会。",
                "第四章 组织机构",
                "第二条 会员代表大会须有2/3以上会员代表出席方能召开；制定和修改章程，须经到会会员代表"
                "2/3以上表决通过。",
                "第五章 资产管理、使用原则",
                "第三条 本会经费来源：会费；捐赠；政府资助；在核准的业务范围内开展活动的收入。",
                "第四条 本会经费必须用于本章程规定的业务范围和事业的发展，不得在会员",
            ]
        ),
        **BEIJING,
    )
    assert not [p for p in report.problems if p.kind == "procedure_amendment"]
    by_id = {f.id: f for f in report.findings}
    assert by_id["model/accounting"].status == "unknown"
    assert by_id["model/audit_before_election"].status == "unknown"


def test_a_branch_is_held_to_its_limits_not_to_a_societys_charter_contents():
    report = audit_text(
        "\n".join(
            [
                "中国示例学会测试专业委员会工作细则",
                "第一条 本委员会是中国示例学会的分支机构，不具有法人资格。",
                "第二条 本委员会坚持中国共产党的全面领导。",
                "第三条 本委员会在银行开设独立账户。",
                "第四条 全体委员会议的职权是：（一）制定和修改会费标准；（二）选举主任委员。",
                "第五条 本细则经中国示例学会常务理事会批准后施行。",
            ]
        ),
        **BEIJING,
    )
    kinds = [p.kind for p in report.problems]
    assert "branch_own_finances" in kinds and "branch_own_fees" in kinds
    assert "congress" not in kinds and "undefined_body" not in kinds
    filed = audit_text(
        "示例学会测试专业委员会工作细则\n第一条 本委员会是示例学会的分支机构。\n"
        "第二条 本细则经全体委员会议通过后报学会秘书处备案。\n",
        **BEIJING,
    ).problems
    assert [p.article for p in filed if p.kind == "branch_rules_filed"] == ["第二条"]
    contents = [f for f in report.findings if (f.subject or "").startswith("charter_content.")]
    assert contents and all(f.severity == "advice" for f in contents if f.status == "absent")


def test_wordings_of_a_rule_the_reader_now_understands():
    assert _fact(
        "charter.congress_special_majority",
        "第一条 下列事项，须经到会会员代表2/3以上表决通过方为有效：（一）制定和修改章程。",
    ).value == Fraction(2, 3)
    assert (
        _fact(
            "governance.standing_meetings_per_year",
            "第一条 常务执行委员会须有三分之二以上常务执行委员出席方能召开，其决议须经到会常务执行委员"
            "三分之二以上表决通过方能生效，每六个月至少召开一次会议。",
        ).value
        == 2
    )
    assert _fact("governance.term_years", "第一条 本分会委员会每届六年。").value == 6
    appointed = _fact(
        "charter.secretary_general_appointed_by", "第一条 本会秘书长由理事长提名并直接聘任。"
    )
    assert appointed.value == "会长"
    found = _problems(
        "第一条 本会坚持中国共产党的全面领导。",
        "第二条 本会业务主管单位是示例市科协，登记管理机关是示例市民政局，"
        "党建工作接受中共示例市科协科技社团委员会的领导。",
        kind="party_organ",
    )
    assert not found


def test_a_branchs_rules_with_list_numbered_chapters_and_lost_article_numbers_are_read():
    charter = parse_charter(
        "\n".join(
            [
                "江苏省示例学会",
                "智慧农业专业委员会工作细则",
                "一、总则",
                "专委会是江苏省示例学会的组成部分，不具有法人资格。",
                "专委会接受学会的领导和管理。",
                "二、业务范围",
                "专委会的业务范围：",
                "（一）组织学术交流；",
                "（二）开展科学普及。",
                "三、委员",
                "专委会委员应为学会会员。",
                "四、经费",
                "专委会经费纳入学会财务统一管理。",
            ]
        ),
        "细则",
    )
    assert charter.title == "江苏省示例学会智慧农业专业委员会工作细则"
    assert [c.text.split()[1] for c in charter.chapters] == ["总则", "业务范围", "委员", "经费"]
    assert [a.number for a in charter.articles] == [1, 2, 3, 4, 5]
    assert is_branch(charter)


@pytest.mark.parametrize(
    "acceptance",
    [
        "本会接受业务主管单位江苏省科学技术协会、社团登记管理机关江苏省民政厅的业务指导"
        "和监督管理，接受党建工作机构的指导。",
        "本会接受业务主管单位、登记管理机关和党建工作机构的业务指导和监督管理。",
    ],
)
def test_a_party_organ_named_only_by_kind_is_reported(acceptance):
    unnamed = _problems(
        "第一条 本会坚持中国共产党的全面领导，设立党的组织，开展党的活动。",
        f"第二条 {acceptance}",
        kind="party_organ",
    )
    assert [p.article for p in unnamed] == ["第二条"] and "名称" in unnamed[0].message


def test_a_party_organ_named_is_not_reported():
    named = _problems(
        "第一条 本会坚持中国共产党的全面领导，设立党的组织，开展党的活动。",
        "第二条 本会接受党建工作机构中共河南省科学技术协会党组的领导。",
        kind="party_organ",
    )
    assert named == []


def test_two_articles_giving_the_council_different_majorities_contradict():
    found = _problems(
        "第一条 理事会须有三分之二以上理事出席方能召开，其决议须经到会理事三分之二以上表决通过方能生效。",
        "第二条 理事会每年至少召开一次会议。理事会决议经到会理事过半数同意即为有效。",
        kind="contradiction",
    )
    assert [p.article for p in found] == ["第二条"] and "理事会决议表决比例" in found[0].message


def test_a_private_use_glyph_inside_a_word_does_not_hide_it():
    charter = parse_charter(
        "示例学会章程\n第一条 理事会是会员代表大会的执\ue5d2行机构，在闭会期间领导本会开展日常工作。"
    )
    assert extract_facts(charter)["charter.states_council"].value is True


def test_a_liquidation_without_the_supervisors_guidance_is_reported():
    found = _problems(
        "第一条 本会的业务主管单位是示例省科学技术协会。",
        "第二条 本会终止前，须成立清算组织，清理债权债务，处理善后事宜。",
        kind="procedure_liquidation",
    )
    assert [p.article for p in found] == ["第二条"] and found[0].tier == "model"
    kept = _problems(
        "第一条 本会的业务主管单位是示例省科学技术协会。",
        "第二条 本会终止前，须在业务主管单位及有关机关指导下成立清算组织，清理债权债务。",
        kind="procedure_liquidation",
    )
    assert kept == []


STANDING = [
    "第一条 本会的最高权力机构是会员代表大会。",
    "第二条 入会程序：提交入会申请书；经{body}讨论通过；发给会员证。",
    "第三条 理事会是会员代表大会的执行机构。",
    "第四条 本会经费用于章程规定的业务范围。",
]


@pytest.mark.parametrize(
    ("body", "reported"),
    [("常务理事会", True), ("理事会或常务理事会", False), ("中国示例学会常务理事会", False)],
)
def test_a_standing_council_named_but_never_set_up_is_reported(body, reported):
    found = _problems(*[line.format(body=body) for line in STANDING], kind="undefined_body")
    assert bool([p for p in found if "常务理事会" in p.message]) is reported


FENGXIAN = {"region_code": "310120", "level": "county"}


@pytest.mark.parametrize(
    ("congress", "members", "reported"),
    [
        ("会员代表大会", "一百二十余人", True),
        ("会员大会", "一百二十余人", False),
        ("会员代表大会", "三百五十余人", False),
    ],
)
def test_a_fengxian_society_under_300_members_may_not_have_a_representative_congress(
    congress, members, reported
):
    report = audit_text(
        "\n".join(
            [
                "上海市奉贤区示例学会章程",
                f"第一条 本会是奉贤区科技工作者自愿结成的学术性、非营利性社会组织，现有个人会员{members}。",
                f"第二条 本会的最高权力机构是{congress}。",
            ]
        ),
        **FENGXIAN,
    )
    found = [
        f
        for f in report.findings
        if f.subject == "congress.representative_min_members" and f.is_problem
    ]
    assert bool(found) is reported
    assert all(f.severity == "warning" and f.binding and "300" in f.rule for f in found)


def test_the_party_article_is_not_read_as_naming_the_supervisor_and_registrar():
    found = _problems(
        "第一条 本会坚持中国共产党的全面领导，设立中国共产党的组织，开展党的活动。本会党组织接受"
        "中共河南省科学技术协会党组的领导。",
        "第二条 本会接受业务主管单位河南省科学技术协会和社团登记管理机关河南省民政厅的业务指导和"
        "监督管理。",
        kind="supervisors_named",
    )
    assert found == []
    unnamed = _problems(
        "第一条 本会党组织接受中共河南省科学技术协会党组的领导。",
        "第二条 本会接受业务主管单位和社团登记管理机关的业务指导和监督管理。",
        kind="supervisors_named",
    )
    assert [p.article for p in unnamed] == ["第二条"]


def _chapters(*numbers: str) -> list:
    lines = ["示例学会章程"]
    for index, number in enumerate(numbers, start=1):
        lines += [
            f"第{number}章 第{index}部分",
            f"第{'一二三四五六七八九十'[index - 1]}条 本会条文{index}。",
        ]
    return [p for p in numbering_problems(parse_charter("\n".join(lines))) if "chapter" in p.kind]


def test_a_chapter_heading_numbered_again_is_one_fault_at_its_first_article():
    found = _chapters("一", "二", "三", "三", "五")
    assert len(found) == 1 and found[0].kind == "chapter_repeat"
    assert "应为第四章" in found[0].message and found[0].number == 4


def test_a_chapter_repeated_and_a_later_gap_are_two_faults():
    found = _chapters("一", "二", "二", "五")
    assert [p.kind for p in found] == ["chapter_repeat", "chapter_gap"]
    assert "第二章之后是第五章" in found[1].message and found[1].number == 4


@pytest.mark.parametrize(
    "sentence",
    [
        "本分会会费由本分会秘书处自行收取，纳入本分会独立账户核算。",
        "以本委员会名义承接技术服务项目，所得收入由本委员会自行支配。",
    ],
)
def test_a_branch_keeping_its_money_apart_is_reported(sentence):
    report = audit_text(
        "\n".join(
            [
                "示例学会测试专业委员会工作细则",
                "第一条 本委员会是示例学会的分支机构，不具有法人资格。",
                f"第二条 {sentence}",
            ]
        ),
        **BEIJING,
    )
    assert [p.article for p in report.problems if p.kind == "branch_own_finances"] == ["第二条"]


@pytest.mark.parametrize(
    "article",
    [
        "第一条 会员大会须有2/3以上的会员出席方能召开。制定和修改章程，选举和罢免理事、监事，决定终止事宜，\n"
        "须经到会会员2/3以上表决通过。",
        "第一条 会员大会须有2/3以上的会员出席方能召开。制定和修改章桯，选举和罢免理事、监事，决定终止事宜，"
        "须经到会会员2/3以上表决通过。",
        "第一条 会员大会须有2/3以上的会员出席方能召开。制定和修改章程，选举和罢免理事、监事，决定终止事宜，"
        "须经到会会员2\n/3以上表决通过。",
    ],
)
def test_the_special_majority_is_read_across_a_broken_line_or_an_ocr_slip(article):
    facts = extract_facts(parse_charter(f"示例学会章程\n{article}"))
    assert facts["charter.congress_special_majority"].value == Fraction(2, 3)


BRANCH_AMENDMENT = [
    "示例学会测试分会工作条例",
    "第一条 本会是示例学会的分支机构，不具有法人资格。",
    "第二条 本会执行学会会员代表大会的决议。",
    "第三条 本会条例的修改权属本会委员会，报学会常务理事会批准。",
]


@pytest.mark.parametrize(("own_congress", "reported"), [(False, False), (True, True)])
def test_a_branch_is_held_to_a_congress_vote_on_its_rules_only_when_it_has_one(
    own_congress, reported
):
    lines = BRANCH_AMENDMENT + (
        ["第四条 本会条例从会员代表大会通过之日起生效。"] if own_congress else []
    )
    found = [
        p
        for p in audit_text("\n".join(lines), **BEIJING).problems
        if p.kind == "procedure_amendment" and "会员（代表）大会" in p.message
    ]
    assert bool(found) is reported


def test_a_text_cut_inside_the_amendment_article_is_not_faulted_for_its_last_step():
    report = audit_text(
        "\n".join(
            [
                "示例学会章程",
                "第一条 本会名称为示例学会。",
                "第二条 对本会章程的修改，须经理事会表决通过后报会员代表大会审议。",
                "第三条 本会修改的章程，须在会员代表大会通过后15日内，经业务主管单位审查同",
            ]
        ),
        **BEIJING,
    )
    assert not [p for p in report.problems if p.kind == "procedure_amendment"]


def test_offices_listed_after_an_election_are_its_objects_not_its_holders():
    found = _problems(
        "第一条 理事会的职权是：\n（一）选举和罢免理事长、副理事长、秘书长；\n（二）决定其他重大事项。",
        "第二条 理事会须有2/3以上理事出席方能召开。选举和罢免理事长、副理事长、秘书长，须采用无记名投票方式。",
        kind="contradiction",
    )
    assert found == []


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [("本会不设副秘书长，其职责由秘书长承担。", False), ("本会设副秘书长若干名。", True)],
)
def test_rules_on_the_deputy_secretary_general_bind_only_a_charter_that_has_one(sentence, reported):
    report = audit_text(
        "\n".join(
            [
                "上海市奉贤区示例学会章程",
                "第一条 本会是奉贤区科技工作者自愿结成的学术性、非营利性社会组织。",
                "第二条 本会会长为本会法定代表人。会长因特殊情况不能担任法定代表人的，可由副秘书长担任。",
                f"第三条 {sentence}",
                "第四条 本章程经理事会负责解释，自登记管理机关核准之日起生效。",
            ]
        ),
        **FENGXIAN,
    )
    found = [f for f in report.findings if f.is_problem and "副秘书长的" in (f.label or "")]
    assert bool(found) is reported


def test_the_1998_models_wording_is_read():
    facts = extract_facts(
        parse_charter(
            "\n".join(
                [
                    "示例研究会章程",
                    "第一条 本会的会员种类：个人会员、团体会员。",
                    "第二条 会员的权利：",
                    "（一）有选举权、被选举权和表决权；",
                    "第三条 全体会员大会闭会期间，由理事会执行全体会员大会的决议，领导本会开展日常工作。",
                    "第四条 本会会长为法人代表。",
                ]
            )
        )
    )
    assert facts["members.kinds"].value == ["个人会员", "单位会员"]
    assert facts["charter.member_rights"].value is True
    assert facts["charter.states_council"].value is True
    assert facts["governance.legal_representative"].value == "president"


def test_a_chapter_heading_spaced_for_layout_is_read_as_its_chapter():
    from generator.audit.scope import coverage

    charter = parse_charter(
        "示例学会章程\n第一章 总 则\n第一条 本会名称为示例学会。\n第三章 会 员\n第二条 会员的权利：\n第四章 组 织 机 构\n"
        "第三条 理事会是会员大会的执行机构，"
    )
    assert {1, 3, 4} <= coverage(charter).covered


def test_a_label_set_in_markdown_bold_is_read():
    charter = parse_charter(
        "示例学会章程\n第一条 本会名称为示例学会。\n**第二条** 本会设理事会。\n第三条 本会设秘书长。"
    )
    assert [a.number for a in charter.articles] == [1, 2, 3]


def test_rules_with_lost_numbering_and_spaced_titles_are_read_paragraph_by_paragraph():
    charter = parse_charter(
        "\n".join(
            [
                "示例学会测试专业委员会工作细则",
                "总  则",
                "专委会是示例学会的分支机构，不具有法人资格。",
                "组  织",
                "专委会设主任委员一名。",
                "党的工作",
                "专委会在学会党委领导下开展党的工作。",
                "附  则",
                "本细则经学会常务理事会批准后施行。",
            ]
        )
    )
    assert [a.number for a in charter.articles] == [1, 2, 3, 4]
    assert len(charter.chapters) == 4


def test_a_congress_called_the_supreme_leading_body_is_the_congress():
    facts = extract_facts(parse_charter("示例学会章程\n第一条 本会的最高领导机构是会员代表大会。"))
    assert facts["congress"].value == "representative"


def test_the_council_replacing_directors_contradicts_the_congress_electing_them():
    found = _problems(
        "第一条 会员代表大会的职权：（一）制定和修改会章；（二）选举理事，组成理事会。",
        "第二条 理事会的职权：（一）执行会员代表大会的决议；（二）在会员代表大会闭会期间增补或撤换理事。",
        kind="contradiction",
    )
    assert [p.article for p in found] == ["第二条"]


def test_a_congress_put_forward_or_back_without_approval_is_reported():
    found = _problems(
        "第一条 会员代表大会每四年召开一次，必要时可提前或延期召开。",
        kind="procedure_early_or_late_election",
    )
    assert {p.article for p in found} == {"第一条"}
    assert any("批准" in p.message for p in found) and any("1年" in p.message for p in found)


def test_fees_set_by_the_council_in_two_articles_are_one_finding_naming_both():
    found = _problems(
        "第一条 理事会的职权是：（一）执行会员大会的决议；（二）制定和修改会费标准。",
        "第二条 会员按理事会制定的标准交纳会费。会费标准由理事会制定。",
        kind="fees",
    )
    assert len(found) == 1 and found[0].article == "第一条" and "另见第二条" in found[0].message


def test_a_legal_representative_exception_in_the_next_clause_needs_the_registrars_approval():
    found = _problems(
        "第一条 本会法定代表人一般由会长担任；因特殊情况，经理事会决定，可由秘书长担任。",
        kind="procedure_legal_rep_substitute",
    )
    assert [p.article for p in found] == ["第一条"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "专委会会员在交纳学会会费之外另行交纳专委会会费，会费标准由专委会全体委员会议确定。",
            "branch_own_fees",
        ),
        ("本委员会可向委员单位收取委员会费，标准由主任委员会议确定。", "branch_own_fees"),
        (
            "专委会按学会会费标准向委员单独收取专委会委员费，用于专委会日常活动开支。",
            "branch_own_levy",
        ),
        ("工作委员会可根据工作需要自行制定并收取会员会费，报协会备案。", "branch_own_fees"),
        (
            "工作委员会主任委员为工作委员会的法定代表人，对外代表工作委员会签署协议。",
            "branch_legal_rep",
        ),
        (
            "本委员会根据工作需要，可设立冻土试验技术、寒区道路工程、青年工作等分委员会。",
            "sub_branch",
        ),
    ],
)
def test_a_branchs_own_fees_and_sub_branches_are_reported(sentence, kind):
    report = audit_text(
        "\n".join(
            [
                "示例学会测试专业委员会工作细则",
                "第一条 本委员会是示例学会的分支机构，不具有法人资格。",
                f"第二条 {sentence}",
            ]
        ),
        **BEIJING,
    )
    assert [p.article for p in report.problems if p.kind == kind] == ["第二条"]


def test_a_branch_that_levies_no_fee_of_its_own_is_not_reported():
    report = audit_text(
        "示例学会测试专业委员会工作细则\n第一条 本委员会是示例学会的分支机构，不具有法人资格。\n"
        "第二条 本分会不以本分会名义对外签订合同，不设立银行账户，不向会员另行收取会费。\n",
        **BEIJING,
    )
    assert not [p for p in report.problems if p.kind.startswith("branch_own")]


def test_the_council_listed_to_amend_this_charter_contradicts_the_congress():
    found = _problems(
        "第一条 会员大会的职权是：（一）制定和修改章程；（二）选举和罢免理事。",
        "第二条 修改本章程、推选会长须经到会会员三分之二以上表决通过。",
        "第三条 执委会的职权是：（一）执行会员大会的决议；（二）在会员大会闭会期间修改本章程。",
        kind="contradiction",
    )
    assert [p.article for p in found] == ["第三条"] and "修改本章程" in found[0].message


def test_the_holder_of_a_power_is_the_body_named_in_its_clause():
    found = _problems(
        "第一条 理事会的职权是：\n（一）执行会员大会的决议；\n（二）决定会员的吸收或除名；\n（三）决定其他重大事项。",
        "第二条 在理事会闭会期间，会长办公会可以决定会员的吸收和除名，并向下一次理事会报告。",
        kind="contradiction",
    )
    assert {p.article for p in found} == {"第二条"} and len(found) == 2  # admission, expulsion
    assert all("会长办公会" in p.message for p in found)
    # the words that give it, quoted: a reader finds them without reading the whole article
    assert all("（“会长办公会可以决定会员的吸收和除名”）" in p.message for p in found)


def test_fees_voted_by_show_of_hands_are_reported_where_the_vote_is():
    found = _problems(
        "第一条 会员代表大会的职权是：（一）制定和修改章程；（二）制定和修改会费标准。",
        "第二条 制定和修改会费标准，须有2/3以上会员代表出席，以举手方式表决，经到会会员代表半数以上通过。",
        kind="fees",
    )
    assert [p.article for p in found] == ["第二条"] and "举手" in found[0].message


def test_an_alliances_assembly_is_its_congress():
    facts = extract_facts(
        parse_charter("示例联盟章程\n第一条 联盟大会（全体会员大会）是本联盟的最高权力机构。")
    )
    assert facts["congress"].value == "general"


def test_a_deputy_secretary_general_proposed_to_the_council_is_appointed_by_it():
    facts = extract_facts(
        parse_charter(
            "示例学会章程\n第一条 秘书长行使下列职权：（一）主持办事机构开展日常工作；"
            "（二）提名副秘书长以及各办事机构主要负责人，交理事会或常务理事会决定。"
        )
    )
    assert facts["charter.deputy_secretary_general_appointed_by"].raw == "理事会"


def test_a_list_of_powers_cut_off_with_the_text_is_not_faulted_for_what_follows():
    report = audit_text(
        "示例学会章程\n第一条 本会名称为示例学会。\n第二条 会员代表大会的职权是：\n（一）制定和修改章程；\n"
        "（二）选举和罢免理事；\n（三）审议理事会的工作报",
        **BEIJING,
    )
    assert not [p for p in report.problems if p.kind == "congress_powers"]


def test_fees_set_by_the_standing_council_after_other_words_are_read():
    found = _problems(
        "第一条 本会按照国家有关规定收取会员会费。会费标准由常务理事会根据本会工作需要制定和调整，报理事会备案。",
        kind="fees",
    )
    assert [p.article for p in found] == ["第一条"] and "常务理事会" in found[0].message


def test_articles_run_together_on_one_line_are_read_one_by_one():
    charter = _charter(
        "第九条 会员享有下列权利：（一）选举权；（二）参加本会活动。 第十条 会员履行下列义务："
        "（一）执行本会决议。 第十一条 会员有严重违反章程行为的，依照第十条规定予以除名。",
    )
    assert [a.number for a in charter.articles] == [9, 10, 11]
    assert "依照第十条规定" in charter.articles[2].text
    assert [p.kind for p in numbering_problems(charter) if p.severity != "advice"] == ["first"]


def test_a_sentence_citing_another_article_is_not_cut_at_the_citation():
    charter = _charter(
        "第一条 本会名称为示例学会。第三条规定的事项由理事会决定。", "第二条 本会是学术团体。"
    )
    assert [a.number for a in charter.articles] == [1, 2]


def test_chapter_headings_in_traditional_characters_count_as_chapters_reached():
    report = audit_text(
        "示例學會章程\n第一章 總則\n第一條 本会名称为示例学会。\n第三章 會員\n第二条 会员享有选举权。\n"
        "第四章 組織機構和負責人產生、罷免\n第三条 本会的最高权力机构是会员代表大会。\n"
        "第五章 資產管理、使用原則\n第四条 本会经费来源：会费；捐",
        **BEIJING,
    )
    incomplete = [p for p in report.problems if p.kind == "incomplete"]
    assert incomplete and "组织机构" not in incomplete[0].message
    assert "终止程序" in incomplete[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "第一条 会员享有选举权、被选举权和表决权，参加本会活动。第二条 会员履行执行本会决议、交纳会费的义务。",
        "第一条 会员享有下列权利：（一）选举权。第二条 会员履行下列义务：（一）执行决议。",
    ],
)
def test_members_rights_and_duties_in_one_sentence_each_are_stated(sentence):
    assert _fact("charter.member_rights", sentence)


def _branch_report(*lines: str, region_code: str = "110000", level: str = "national"):
    return audit_text(
        "\n".join(
            [
                "示例学会测试专业委员会工作细则",
                "第一条 本委员会是示例学会的分支机构，不具有法人资格。",
                *lines,
            ]
        ),
        region_code=region_code,
        level=level,
    )


@pytest.mark.parametrize(
    "sentence, reported",
    [
        (
            "第二条 本委员会可设立若干工作组，工作组为本委员会内设工作机构，不另行设立下级组织。",
            False,
        ),
        (
            "第二条 本专委会可设立若干学组，学组是本专委会的工作机构，由主任委员办公会决定设立和撤销。",
            False,
        ),
        (
            "第二条 本委员会设立若干工作组，工作组是本委员会的工作机构，可以根据需要再设立专业学组。",
            True,
        ),
    ],
)
def test_a_branchs_own_working_groups_are_not_sub_branches(sentence, reported):
    found = [p for p in _branch_report(sentence).problems if p.kind == "sub_branch"]
    assert bool(found) is reported


def test_a_branch_is_not_asked_for_the_standing_council_a_regional_document_asks_of_a_society():
    report = _branch_report(
        "第二条 本委员会设主任委员一名、副主任委员若干名，每届任期五年。",
        region_code="410000",
        level="provincial",
    )
    standing = [f for f in report.findings if f.subject == "standing_council.required"]
    assert standing and all(not f.is_problem or f.severity == "advice" for f in standing)


def test_a_council_capped_at_a_third_of_the_member_units_is_read():
    assert _fact(
        "charter.council_max_ratio", "第一条 理事人数不超过会员单位数的三分之一。"
    ).value == Fraction(1, 3)


def test_the_presidents_duties_in_another_article_are_the_legal_representatives():
    assert _fact(
        "charter.president_duties_as_legal_rep",
        "第一条 本会会长为本会法定代表人。",
        "第二条 会长主持会员大会和理事会，检查决议的落实情况，代表本会签署有关重要文件。",
    )
    assert not _fact(
        "charter.president_duties_as_legal_rep",
        "第一条 本会秘书长为本会法定代表人。",
        "第二条 会长主持会员大会和理事会，代表本会签署有关重要文件。",
    )


@pytest.mark.parametrize("standing, reported", [(True, False), (False, True)])
def test_the_council_or_standing_council_option_is_left_open_only_without_a_standing_council(
    standing, reported
):
    lines = ["第一条 会长行使下列职权：（一）召集和主持理事会（或常务理事会）。"]
    if standing:
        lines.append("第二条 本会设立常务理事会。常务理事会由理事会选举产生。")
    found = [p for p in _problems(*lines, kind="template_note") if "或常务理事会" in p.message]
    assert bool(found) is reported


def test_an_age_limit_at_taking_office_is_advice_for_a_branch():
    sentence = "第二条 主任委员任职时年龄一般不超过七十周岁，每届任期五年。"
    branch = [p for p in _branch_report(sentence).problems if p.kind == "age_at_start"]
    society = _problems(sentence, kind="age_at_start")
    assert [p.severity for p in branch] == ["advice"] and society
    assert society[0].severity != "advice"


@pytest.mark.parametrize(
    "sentence, reported",
    [
        ("审计报告依照本办法第三十四条的规定报送。", True),
        ("本会依法开展活动，按第三十四条办理。", True),
        ("依照《社会团体登记管理条例》第三十四条办理。", False),
        ("依照民法典第八十七条办理。", False),
    ],
)
def test_a_reference_to_an_article_the_charter_lacks_is_told_from_another_documents(
    sentence, reported
):
    found = _problems("第一条 本会名称为示例学会。", f"第二条 {sentence}", kind="reference")
    assert bool(found) is reported


def test_a_partial_text_that_reached_its_last_chapter_cannot_hide_many_articles():
    lines = [
        "第一章 总则",
        "第一条 本会名称为示例学会。",
        "第二条 审计报告依照本章程第三十四条的规定报送。",
        "第三章 附则",
        "第三条 本章程经会员代表大会表决通过。本章程的解释权属本会理",
    ]
    assert _problems(*lines, kind="reference")
    lines[2] = "第二条 审计报告依照本章程第四条的规定报送。"
    assert not _problems(*lines, kind="reference")


@pytest.mark.parametrize(
    "sentence, reported",
    [
        ("第三条 本细则经全体委员会议通过，报中国示范工程学会备案后实施。", True),
        ("第三条 本细则经全体委员会议通过，报示例学会常务理事会批准后实施。", False),
        ("第三条 本细则经全体委员会议审议通过后报学会批准。", False),
    ],
)
def test_a_branch_naming_another_parent_society_is_reported(sentence, reported):
    found = [p for p in _branch_report(sentence).problems if p.kind == "branch_parent"]
    assert bool(found) is reported
    if reported:
        assert "中国示范工程学会" in found[0].message and "示例学会" in found[0].message


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("本会换届之前必须接受社团登记管理机关和业务主管单位组织的财务审计。", "violated"),
        ("本会换届或更换法定代表人之前必须进行财务审计。", "satisfied"),
    ],
)
def test_an_audit_before_re_election_only_is_not_the_models_audit(sentence, status):
    report = audit_text(f"示例学会章程\n第一条 {sentence}", **BEIJING)
    audit = [f for f in report.findings if f.label == "换届、更换法定代表人前的财务审计"]
    assert [f.status for f in audit] == [status]


def test_too_few_members_for_a_congress_of_representatives_cites_both_articles():
    report = audit_text(
        "示例区农学会章程\n第一条 本会名称为上海市奉贤区示例学会。\n第二条 本会共有个人会员126名。\n"
        "第三条 本会的最高权力机构是会员代表大会。",
        region_code="310120",
        level="county",
    )
    found = [f for f in report.findings if f.status == "violated" and "300" in f.message]
    assert found and "第二条" in found[0].message and "第三条" in found[0].message


def test_members_who_may_serve_again_are_no_fault_when_the_officers_cap_is_stated():
    lines = [
        "示例学会测试专业委员会工作细则",
        "第一条 本委员会是示例学会的分支机构，不具有法人资格。",
        "第二条 委员会每届任期四年，委员可以连任。",
    ]
    capped = audit_text("\n".join([*lines, "第三条 主任委员连任不超过两届。"]), **BEIJING)
    assert not [p for p in capped.problems if p.kind == "uncapped_re_election"]
    silent = audit_text("\n".join(lines), **BEIJING)
    assert [p.article for p in silent.problems if p.kind == "uncapped_re_election"] == ["第二条"]


def test_a_branch_of_a_promotion_association_is_a_branch_even_without_its_title():
    for opening in (
        "本专委会是促进会的组成部分，不具有法人资格。",
        "本会是经理事会决定设立的分支机构。",
    ):
        assert is_branch(parse_charter(f"第一条 {opening}\n第二条 本会设秘书处。\n", "细则.txt"))


def test_a_branch_forbidding_sub_branches_and_naming_its_parents_standing_council_is_clean():
    report = audit_text(
        "\n".join(
            [
                "示例产业促进会测试专业委员会工作细则",
                "第一条 本专委会是示例产业促进会的组成部分，不具有法人资格。",
                "第二条 主任委员由全体委员会议推选，报促进会常务理事会审批。",
                "第三条 专委会不得设立地域性机构，不得再设立分支机构。",
            ]
        ),
        **BEIJING,
    )
    kinds = {p.kind for p in report.problems}
    assert not kinds & {"sub_branch", "standing_council_named"}
