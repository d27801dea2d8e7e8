"""Charter audit: reading messy charters, extracting facts, judging them, reporting.

The fixtures under tests/fixtures/charters/ are charters written for these tests:
``clean.txt`` follows the model charter; ``defects.txt`` is the same charter with known
defects — no 监事会, a 6-year term, a council meeting every two years, a 75-year age limit,
and numbering that skips 第十二条.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Inches
from typer.testing import CliRunner

import kb
from generator.audit import audit, audit_text
from generator.audit.facts import extract_facts, parse_fraction, parse_frequency
from generator.audit.reader import MAX_BYTES, parse_charter, read_charter
from generator.audit.reports import report_docx, revision_docx, revision_rows
from kb.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "charters"
CLEAN = FIXTURES / "clean.txt"
DEFECTS = FIXTURES / "defects.txt"
EXAMPLES = Path(__file__).parent.parent / "examples"
HENAN = {"region_code": "410000", "level": "provincial"}
FENGXIAN = {"region_code": "310120", "level": "county"}


def _finding(report, finding_id):
    """The finding that reports rule ``finding_id``: its own, or the one it was merged into
    (one defect, one finding)."""
    return next(
        f
        for f in report.findings
        if f.id == finding_id or any(a["id"] == finding_id for a in f.also)
    )


def _docx_bytes(lines: list[str]) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- reading
def test_clean_charter_reads_into_chapters_and_articles_without_problems():
    charter = read_charter(CLEAN)
    assert charter.title == "河南省智能制造学会章程"
    assert len(charter.chapters) == 8
    assert [a.number for a in charter.articles] == list(range(1, 39))
    assert charter.articles[14].chapter.startswith("第四章")
    assert charter.problems == []


def test_skipped_article_number_is_reported_at_the_article_after_the_gap():
    charter = read_charter(DEFECTS)
    gaps = [p for p in charter.problems if p.kind == "gap"]
    assert len(gaps) == 1
    assert gaps[0].article == "第十三条"
    assert "缺少第十二条" in gaps[0].message


def test_repeated_and_backward_article_numbers_are_reported_and_cited_apart():
    charter = parse_charter(
        "示例学会章程\n第一条 本会名称。\n第二条 宗旨。\n第二条 住所。\n第一条 业务。\n"
    )
    kinds = [(p.kind, p.article) for p in charter.problems]
    assert ("repeat", "第二条（第二处）") in kinds
    assert ("order", "第一条（第二处）") in kinds
    assert ("no_chapters", None) in kinds


def test_item_numbers_skipped_inside_an_article_are_reported():
    charter = parse_charter(
        "第一章 总则\n第一条 会员享有下列权利：\n（一）选举权；\n（三）表决权。\n"
    )
    assert any(p.kind == "item_gap" and "（一）之后是（三）" in p.message for p in charter.problems)


def test_gbk_and_utf16_files_read_like_utf8(tmp_path):
    text = CLEAN.read_text(encoding="utf-8")
    for encoding in ("gb18030", "utf-16"):
        path = tmp_path / f"charter-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        charter = read_charter(path)
        assert [a.text for a in charter.articles] == [a.text for a in read_charter(CLEAN).articles]


def test_spaces_inside_labels_fullwidth_digits_and_run_on_chapters_are_normalised():
    charter = parse_charter(
        "第 一 章　总则 第一条　本会名称为示例学会。\n第　２　条：本会宗旨。\n第三条本会住所。\n"
    )
    assert [a.number for a in charter.articles] == [1, 2, 3]
    assert charter.articles[0].chapter == "第一章　总则"
    assert charter.articles[2].text == "第三条 本会住所。"
    assert charter.problems == []


def test_label_on_its_own_line_and_spaced_out_headings_are_understood():
    charter = parse_charter(
        "示例学会章程\n第一章\n总  则\n第一条\n\n本会名称为示例学会。\n"
        "第二条 本会宗旨。\n附  则\n第三条 本章程由理事会负责解释。\n"
    )
    assert [(a.label, a.chapter) for a in charter.articles] == [
        ("第一条", "第一章　总  则"),
        ("第二条", "第一章　总  则"),
        ("第三条", "附则"),
    ]
    assert charter.articles[0].text == "第一条　本会名称为示例学会。"
    assert [p.kind for p in charter.problems] == []


def test_annexes_after_the_articles_are_not_read_as_articles():
    charter = parse_charter(
        "第一条 本会名称。\n第二条 本会宗旨。\n附件：条款依据对照表\n第一条\n第九条 见上。\n"
    )
    assert [a.label for a in charter.articles] == ["第一条", "第二条"]
    assert charter.problems == [] or all(p.kind == "no_chapters" for p in charter.problems)
    assert charter.annexes.startswith("附件：条款依据对照表")


def test_markdown_charter_marks_are_dropped(tmp_path):
    path = tmp_path / "charter.md"
    path.write_text(
        "# 示例学会章程\n\n## 第一章 总则\n\n**第一条** 本会名称为示例学会。\n\n"
        "**第二条** 本会宗旨。\n",
        encoding="utf-8",
    )
    charter = read_charter(path)
    assert charter.title == "示例学会章程"
    assert [a.text for a in charter.articles] == [
        "第一条 本会名称为示例学会。",
        "第二条 本会宗旨。",
    ]


def test_word_charter_reads_like_its_text(tmp_path):
    lines = CLEAN.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "charter.docx"
    path.write_bytes(_docx_bytes(lines))
    assert [a.text for a in read_charter(path).articles] == [
        a.text for a in read_charter(CLEAN).articles
    ]


def test_word_automatic_article_numbers_are_written_out(tmp_path):
    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.append(_abstract_num())
    numbering.append(_num())
    for text in ("本会名称为示例学会。", "本会宗旨。", "本会住所。"):
        paragraph = doc.add_paragraph(text)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = 77
    path = tmp_path / "auto.docx"
    doc.save(path)
    charter = read_charter(path)
    assert [a.label for a in charter.articles] == ["第一条", "第二条", "第三条"]


def _abstract_num():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum>'
    )


def _num():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')


# --------------------------------------------------------------------------- bad input
def _png(width: int, height: int) -> bytes:
    """A white PNG (what a scanned page is, as far as the reader can tell)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_image_only_word_file_is_refused_with_a_clear_message(tmp_path):
    image = tmp_path / "scan.png"
    image.write_bytes(_png(20, 20))
    doc = Document()
    doc.add_picture(str(image), width=Inches(1))
    path = tmp_path / "scan.docx"
    doc.save(path)
    with pytest.raises(InputError) as err:
        read_charter(path)
    assert err.value.exit_code == 2
    assert "只有图片" in err.value.message


def test_file_without_any_article_is_not_a_charter(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("理事会会议纪要\n会议讨论了年度工作计划。\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_charter(path)
    assert "不是一份章程" in err.value.message


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(InputError) as err:
        read_charter(path)
    assert "文件过大" in err.value.message


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("old.doc", b"\xd0\xcf\x11\xe0", ".doc"),
        ("broken.docx", b"not a zip", "不是有效的 Word"),
        ("charter.pdf", b"%PDF-1.4", "PDF"),
        ("empty.txt", b"", "空的"),
    ],
)
def test_unreadable_files_get_a_chinese_reason(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_charter(path)
    assert words in err.value.message


# --------------------------------------------------------------------------- facts
@pytest.mark.parametrize(
    "text,value",
    [
        ("2/3", 2 / 3),
        ("三分之二", 2 / 3),
        ("半数", 0.5),
        ("过半数", 0.5),
        ("60%", 0.6),
        ("百分之六十", 0.6),
        ("1‰", 0.001),
        ("２／３", 2 / 3),
    ],
)
def test_shares_in_any_notation(text, value):
    assert float(parse_fraction(text)) == pytest.approx(value)


@pytest.mark.parametrize(
    "per,times,per_year",
    [
        ("年", "一", 1),
        ("半年", "1", 2),
        ("两年", "一", 0.5),
        ("季度", "一", 4),
        ("届", "一", 0.2),
    ],
)
def test_meeting_frequencies_become_meetings_a_year(per, times, per_year):
    assert float(parse_frequency(per, times, 5)) == pytest.approx(per_year)


def test_facts_carry_value_article_and_verbatim_sentence():
    charter = read_charter(CLEAN)
    facts = extract_facts(charter)
    expected = {
        "congress": ("representative", "第十五条"),
        "governance.term_years": (5, "第十八条"),
        "governance.max_consecutive_terms": (2, "第二十三条"),
        "governance.president_max_age": (70, "第二十二条"),
        "governance.secretary_general_max_age": (70, "第二十二条"),
        "governance.council_meetings_per_year": (1, "第二十条"),
        "governance.standing_meetings_per_year": (2, "第二十一条"),
        "governance.council_size": (150, "第十八条"),
        "governance.supervisors": (3, "第二十六条"),
        "governance.legal_representative": ("president", "第二十四条"),
        "governance.secretary_general_mode": ("appointed", "第二十五条"),
        "governance.secretary_general_full_time": (True, "第二十五条"),
        "charter.legal_rep_not_concurrent": (True, "第二十四条"),
        "party.organisation": ("党支部", "第四条"),
        "charter.branch_no_regional": (True, "第二十八条"),
    }
    for key, (value, article) in expected.items():
        fact = facts[key]
        assert (fact.value, fact.citation) == (value, article), key
        assert fact.quote in fact.article.text
    assert float(facts["charter.congress_quorum"].value) == pytest.approx(2 / 3)
    assert float(facts["charter.congress_majority"].value) == pytest.approx(0.5)
    assert float(facts["charter.council_max_ratio"].value) == pytest.approx(1 / 3)
    assert facts["charter.congress_special_majority"].display == "2/3以上"


def test_numbers_written_in_chinese_are_read():
    facts = extract_facts(
        parse_charter(
            "第一条 理事会每届任期五年。\n第二条 理事长最高任职年龄不超过七十周岁。\n"
            "第三条 常务理事人数不超过理事人数的三分之一。\n第四条 本会不设监事会，设监事一名。\n"
        )
    )
    assert facts["governance.term_years"].value == 5
    assert facts["governance.president_max_age"].value == 70
    assert facts["charter.supervisory_board"].value == "监事"
    assert facts["governance.supervisors"].value == 1


@pytest.mark.parametrize(
    "sentence,key,value",
    [
        ("理事会每届五年。", "governance.term_years", 5),
        ("会员代表大会每五年召开一次。", "governance.term_years", 5),
        ("理事会每届任期为5年。", "governance.term_years", 5),
        ("理事会每年召开一至两次会议。", "governance.council_meetings_per_year", 1),
        ("理事会会议每年至少召开1次。", "governance.council_meetings_per_year", 1),
        ("常务理事会每六个月召开一次会议。", "governance.standing_meetings_per_year", 2),
        ("常务理事会每季度召开一次。", "governance.standing_meetings_per_year", 4),
        ("理事会闭会期间，常务理事会每半年召开一次。", "governance.standing_meetings_per_year", 2),
        ("理事长任职年龄在70周岁以下。", "governance.president_max_age", 70),
        ("理事长、秘书长连任不得超过两届。", "governance.max_consecutive_terms", 2),
        ("本会法定代表人由会长担任。", "governance.legal_representative", "president"),
        ("秘书长由理事会聘任。", "governance.secretary_general_mode", "appointed"),
        (
            "理事长、秘书长由理事会从理事中选举产生。",
            "governance.secretary_general_mode",
            "elected",
        ),
        ("本会的最高权力机构是会员大会。", "congress", "general"),
    ],
)
def test_common_wordings_are_read(sentence, key, value):
    fact = extract_facts(parse_charter(f"第一条 {sentence}\n"))[key]
    assert fact.value == value
    assert fact.citation == "第一条"


def test_the_standing_councils_meetings_are_not_taken_for_the_councils():
    facts = extract_facts(parse_charter("第一条 理事会闭会期间，常务理事会每半年召开一次会议。\n"))
    assert "governance.council_meetings_per_year" not in facts


def test_a_fact_stated_in_several_articles_keeps_every_statement():
    term = extract_facts(read_charter(DEFECTS))["governance.term_years"]
    assert term.value == 6
    assert {o.citation for o in term.occurrences} == {"第十八条", "第十九条", "第二十四条"}


# --------------------------------------------------------------------------- evaluation
@pytest.fixture(scope="module")
def henan_defects():
    return audit(DEFECTS, **HENAN)


def test_council_meeting_every_two_years_violates_henan_with_article_and_citation(henan_defects):
    finding = _finding(henan_defects, "henan-2018/p15")
    assert finding.status == "violated" and finding.severity == "error" and finding.binding
    assert finding.article == "第二十一条"
    assert finding.current == "第二十一条　理事会每两年至少召开一次会议；"
    assert finding.citation == "《河南省科协学会治理与服务改革创新工程实施方案》四、3.⑹"
    assert finding.quote in kb.load_corpus().clause(finding.clause_id).text


def test_missing_supervisory_board_is_absent_under_henan(henan_defects):
    for provision in ("henan-2018/p16", "henan-2018/p18"):
        finding = _finding(henan_defects, provision)
        # absent, pointed at the article a lawyer would amend: the congress's (it elects 监事)
        assert finding.status == "absent" and finding.article == "第十六条"
        assert "最高权力机构" in finding.article_text and "没有相应规定" in finding.message
        assert finding.citation == "《河南省科协学会治理与服务改革创新工程实施方案》四、3.⑺"
        assert finding.proposal_kind == "add" and "监事" in finding.proposal


def test_six_year_term_is_flagged_against_the_model_charter_in_every_article(henan_defects):
    finding = _finding(henan_defects, "model/term_years")
    assert finding.status == "violated" and finding.is_error and finding.tier == "model"
    assert finding.tier_label == "示范文本（登记机关审查要求）"
    assert finding.article == "第十九条"
    assert "示范文本" in finding.citation
    edited = {e.article: e.after for e in finding.edits}
    assert set(edited) == {"第十八条", "第十九条", "第二十四条"}
    assert all("6年" not in after and "5年" in after for after in edited.values())


def test_age_limit_of_75_violates_fengxian_with_article_and_citation():
    report = audit(DEFECTS, **FENGXIAN)
    finding = _finding(report, "fengxian-2019/p07")
    assert finding.status == "violated" and finding.binding and finding.severity == "error"
    assert finding.article == "第二十三条"
    assert "75周岁" in finding.current
    assert finding.citation.endswith("2、（2）1.")
    assert finding.quote in kb.load_corpus().clause(finding.clause_id).text
    assert "不超过70周岁" in finding.edits[0].after
    assert report.exit_code == 1


def test_age_limit_is_only_advice_where_no_age_rule_binds(henan_defects):
    finding = _finding(henan_defects, "fengxian-2019/p07")
    assert finding.status == "violated" and not finding.binding and finding.severity == "advice"


def test_every_quote_is_verbatim_in_the_clause_it_cites(henan_defects):
    for finding in henan_defects.findings:
        if finding.clause_id:
            assert finding.quote in kb.load_corpus().clause(finding.clause_id).text, finding.id


def test_proposed_text_is_what_the_generator_writes(henan_defects):
    from generator.content.charter import draft_charter

    generated = draft_charter(henan_defects.drafting_profile).markdown.replace("**", "")
    edit = _finding(henan_defects, "henan-2018/p15").edits[0]
    assert edit.after == "第二十一条　理事会每年至少召开一次会议；"
    assert "理事会每年至少召开一次会议" in generated
    for finding in henan_defects.findings:
        if finding.proposal_kind == "add":  # head counts the charter did not state: 若干
            assert _unfilled(finding.proposal.splitlines()[0]) in _unfilled(generated)


def _unfilled(text: str) -> str:
    import re

    return re.sub(r"(?<![\d至])(?:[2-9]|[1-9]\d+)(名|人)(?![\d至])", r"若干\1", text)


def test_defective_charter_exits_1_and_clean_generated_charter_exits_0(henan_defects):
    assert henan_defects.exit_code == 1
    assert any(f.is_error for f in henan_defects.findings)


def test_jiangsus_member_service_scheme_is_a_rule_of_practice_not_of_the_charter():
    """建立资深会员、正会员、学生会员等分类服务办法 asks for an internal scheme (办法): a
    charter silent on it is not defective; a person checks that the scheme exists."""
    text = "第一条 本会名称为江苏省示例学会。\n第二条 本会会员分为个人会员和单位会员。\n"
    report = audit_text(text, region_code="320000", level="provincial", propose=False)
    finding = _finding(report, "jiangsu-2016/p18")
    assert finding.status == "unknown" and "另行核对" in finding.message


def test_where_no_regional_document_binds_the_national_floor_still_does():
    report = audit_text(CLEAN.read_text(encoding="utf-8"), region_code="330000", level="provincial")
    assert report.binding_docs == ["minfadian-2020", "shetuan-tiaoli-2016"]
    assert {f.tier for f in report.findings if f.binding} == {"law", "model"}
    assert all(f.tier == "reference" for f in report.findings if not f.binding)


def test_jurisdiction_is_required_and_checked():
    with pytest.raises(InputError):
        audit(CLEAN)
    with pytest.raises(InputError) as err:
        audit(CLEAN, region_code="410000", level="city")
    assert "层级" in err.value.message


# --------------------------------------------------------------------------- round trip
def _example_profiles():
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("profile_path", _example_profiles(), ids=lambda p: p.stem)
def test_generated_charter_passes_the_audit_for_its_own_jurisdiction(tmp_path, profile_path):
    from generator.content.documents import charter_document
    from generator.profile import load_profile

    profile = load_profile(profile_path)
    path = tmp_path / "charter.docx"  # as `xuehui generate charter` writes it
    path.write_bytes(charter_document(profile).render("docx"))
    report = audit(path, profile=profile)
    assert report.problems == []
    assert "条款依据对照表" not in report.charter.body  # the charter is filed without it
    assert report.charter.annexes == ""  # the 条款依据对照表 is its own file (issue 14)
    violated = [f.message for f in report.findings if f.binding and f.status == "violated"]
    missing = [f.message for f in report.findings if f.is_error]
    assert violated == [] and missing == []
    assert report.exit_code == 0


@pytest.mark.parametrize("profile_path", _example_profiles(), ids=lambda p: p.stem)
def test_every_statement_check_relies_on_is_read_back_from_the_generated_charter(profile_path):
    """`check` takes what the charter says from the charter itself (no hand-written facts):
    every charter fact a binding rule reads is found in the generated text, with its article."""
    from generator.profile import load_profile
    from generator.rules.compliance import check
    from generator.rules.readback import charter_statements

    profile = load_profile(profile_path)
    stated, evidence = charter_statements(profile)
    findings = [f for f in check(profile) if f.binding and f.status != "not_applicable"]
    read = {f.fact_key for f in findings if (f.fact_key or "").startswith("charter.")}
    assert read and read <= set(stated)
    assert all(evidence[key].citation.startswith("第") for key in read)
    assert not [f.message for f in findings if f.status == "absent"]


def test_round_trip_covers_an_example_for_each_binding_document():
    assert len(_example_profiles()) >= 5


# --------------------------------------------------------------------------- reports
def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_word_report_has_the_review_table(henan_defects):
    data = report_docx(henan_defects)
    doc = Document(io.BytesIO(data))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == ["序号", "条款", "现行表述", "问题", "依据", "建议修改为"]
    text = _docx_text(data)
    assert "理事会每两年至少召开一次会议" in text
    assert "缺少第十二条" in text
    assert "{{" not in text


def test_revision_table_pairs_old_and_new_article_text(henan_defects):
    table = revision_rows(henan_defects)
    rows = {r.original.split("　")[0]: r for r in table}
    council = rows["第二十一条"]
    assert (
        council.revised
        == "第二十一条　理事会每年至少召开一次会议；情况特殊的，也可采用通讯形式召开。"
    )
    assert "四、3.⑹" in "".join(council.reasons)
    assert "75周岁" in rows["第二十三条"].original and "75周岁" not in rows["第二十三条"].revised
    assert any(r.original == "（无）" and "本会设立监事会" in r.revised for r in table)
    doc = Document(io.BytesIO(revision_docx(henan_defects)))
    assert [c.text for c in doc.tables[0].rows[0].cells] == [
        "序号",
        "原条文",
        "修改后条文",
        "修改理由",
    ]


# --------------------------------------------------------------------------- command line
@pytest.fixture
def run():
    from xuehui.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


def test_cli_writes_report_and_revision_table_and_exits_1(run, tmp_path):
    out, table = tmp_path / "意见.docx", tmp_path / "对照表.docx"
    result = run(
        "audit",
        str(DEFECTS),
        "--region-code",
        "410000",
        "--level",
        "provincial",
        "--out",
        str(out),
        "--revision-table",
        str(table),
    )
    assert result.exit_code == 1
    assert "缺少第十二条" in result.output
    assert zipfile.is_zipfile(out) and zipfile.is_zipfile(table)


def test_cli_json_is_utf8_with_findings(run):
    result = run("audit", str(DEFECTS), "--region-code", "310120", "--level", "county", "--json")
    data = json.loads(result.stdout_bytes.decode("utf-8"))
    assert data["exit_code"] == 1 == result.exit_code
    age = next(f for f in data["findings"] if f["id"] == "fengxian-2019/p07")
    assert age["article"] == "第二十三条" and age["status_label"] == "不符合"
    assert "\\u" not in result.stdout_bytes.decode("utf-8")


def test_cli_bad_input_exits_2_with_a_message_and_writes_nothing(tmp_path, capsys):
    from xuehui.cli import main

    folder = tmp_path / "work"
    folder.mkdir()
    notes = folder / "notes.txt"
    notes.write_text("会议纪要\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "audit",
                str(notes),
                "--region-code",
                "410000",
                "--level",
                "provincial",
                "--out",
                str(folder / "report.docx"),
                "--revision-table",
                str(folder / "table.docx"),
            ]
        )
    assert exit_info.value.code == 2
    assert "不是一份章程" in capsys.readouterr().err
    assert list(folder.iterdir()) == [notes]


def test_cli_keeps_an_existing_report_unless_overwrite(run, tmp_path):
    out = tmp_path / "report.md"
    out.write_text("旧内容", encoding="utf-8")
    args = [
        "audit",
        str(CLEAN),
        "--region-code",
        "410000",
        "--level",
        "provincial",
        "--out",
        str(out),
    ]
    assert run(*args).exit_code != 0
    assert out.read_text(encoding="utf-8") == "旧内容"
    run(*args, "--overwrite")
    assert "审查意见" in out.read_text(encoding="utf-8")


def test_how_the_society_works_is_not_a_defect_of_a_charter_silent_on_it():
    """Henan asks for a website for members and a 会员分类服务管理办法: rules of the
    society's practice. A charter that does not mention them is not defective; the audit asks a
    person to check them (需人工核对). A rule a charter must state (监事会) stays a defect."""
    text = (
        "第一章 总则\n第一条 本会名称为河南省示例学会。\n第二章 组织机构\n"
        "第二条 本会的最高权力机构是会员代表大会，每五年举行一次。\n"
        "第三条 理事会是会员代表大会的执行机构。\n"
        # the text goes on past the organs' chapter: its silence on supervisors is judged
        "第三章 资产管理、使用原则\n第四条 本会经费必须用于本章程规定的业务范围和事业的发展。\n"
    )
    report = audit_text(text, **HENAN, propose=False)
    by_subject: dict[str, set[str]] = {}
    for finding in report.findings:
        if finding.binding and finding.tier == "regional":
            by_subject.setdefault(finding.subject, set()).add(finding.status)
    assert by_subject["members.services"] == {"unknown"}
    assert by_subject["members.management_rules"] == {"unknown"}
    assert (
        "absent" in by_subject["supervisors.required"]
        or "violated" in by_subject["supervisors.required"]
    )


def test_a_branch_has_no_legal_representative_to_name():
    text = (
        "第一条 本会名称为中国示例学会测试专业委员会，是中国示例学会下属的专业委员会。\n"
        "第二条 本会的最高权力机构是会员代表大会。\n"
    )
    report = audit_text(text, region_code="110000", level="national", propose=False)
    holders = [f for f in report.findings if f.subject == "legal_representative.holder"]
    assert holders and all(f.status == "not_applicable" for f in holders if f.tier == "law")


def test_an_amendment_the_council_adopts_without_the_registrar_is_reported_twice_over():
    text = "第一条 本会名称为示例学会。\n第二条 本章程须经理事会讨论通过，报业务主管部门审查同意，修改时亦同。\n"
    report = audit_text(text, **HENAN, propose=False)
    steps = [p.message for p in report.problems if p.kind == "procedure_amendment"]
    assert steps == [
        "第二条未规定修改章程须经会员（代表）大会表决通过",
        "第二条未规定修改后的章程报社团登记管理机关核准后生效",
    ]


def test_a_congress_held_every_four_years_is_a_four_year_term():
    text = "第一条 本会的最高权力机构是会员代表大会，每四年举行一次。\n"
    facts = extract_facts(parse_charter(text, "章程"))
    assert facts["governance.term_years"].value == 4


def test_the_fix_for_a_misfit_self_name_is_never_the_misfit():
    text = "第一条 本会名称为示例研究会。\n第二条 本协会遵守宪法。\n第三条 本协会设理事会。\n"
    report = audit_text(text, **HENAN, propose=False)
    (problem,) = [p for p in report.problems if p.kind == "self_name"]
    assert problem.message.endswith("应改为“本会”")


def test_a_line_broken_inside_a_sentence_is_read_as_one_sentence():
    text = "第一条 会员大会须有2/3以上的会员出席方能召开，其决议须经到会会员\n半数以上表决通过方能生效。\n"
    facts = extract_facts(parse_charter(text, "章程"))
    assert facts["charter.congress_majority"].display.startswith("半数")


def test_a_postponed_election_without_the_registrars_approval_is_reported():
    text = (
        "第一条 本会名称为示例学会。\n第二条 因特殊情况需提前或延期换届的，须由理事会表决通过。\n"
    )
    report = audit_text(text, **HENAN, propose=False)
    found = [p for p in report.problems if p.kind == "procedure_early_or_late_election"]
    assert [p.number for p in found] == [2, 2]
    assert "登记管理机关" in found[0].message and "最长不超过1年" in found[1].message


def test_fengxian_asks_for_the_duties_of_every_office_the_charter_has():
    text = (
        "第一条 本会名称为上海市奉贤区示例学会。\n"
        "第二条 本会设会长1名、副会长若干名、秘书长1名、副秘书长1名。\n"
        "第三条 会长行使下列职权：（一）召集和主持理事会。\n"
        "第四条 秘书长行使下列职权：（一）主持办事机构开展日常工作。\n"
    )
    report = audit_text(text, **FENGXIAN, propose=False)
    (finding,) = [f for f in report.findings if f.subject == "leaders.duties_defined"]
    assert finding.status == "violated" and "副会长、副秘书长" in finding.message


def test_one_missing_supervisory_board_is_one_finding_listing_every_binding_rule():
    text = (
        "第一条 本会名称为河南省示例学会。\n第二条 本会的最高权力机构是会员代表大会。\n"
        "第三条 本章程自登记管理机关核准之日起生效。\n"
    )
    report = audit_text(text, **HENAN, propose=False)
    board = [
        f
        for f in report.findings
        if f.binding and f.subject.startswith(("supervisors.", "supervisory_board."))
    ]
    assert len([f for f in board if f.is_problem]) == 1
    (finding,) = [f for f in board if f.is_problem]
    assert {a["tier"] for a in finding.also} <= {"law", "model", "regional"}
    assert "同一缺漏，另见" in finding.message and len(finding.also) >= 3
    assert all(a["tier"] != "reference" for f in report.findings if f.binding for a in f.also)


@pytest.mark.parametrize(
    "opening, reported",
    [("本团体名称为示例研究会（以下简称本会）。", False), ("本会名称为示例研究会。", True)],
)
def test_the_models_word_for_the_society_is_its_own_when_the_charter_opens_with_it(
    opening, reported
):
    text = f"第一条 {opening}\n第二条 本会遵守宪法。\n第三条 本团体设理事会。\n"
    report = audit_text(text, **HENAN, propose=False)
    assert bool([p for p in report.problems if p.kind == "self_name"]) is reported


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("本会设常务理事会，常务理事由理事会选举产生。", "absent"),
        ("本会设常务理事会，常务理事人数不超过理事人数的1/3。", "satisfied"),
        (
            "本会设立常务理事会。常务理事单位由理事会从理事单位中选举产生，"
            "数量不超过理事单位数量的三分之一。",
            "satisfied",
        ),
    ],
)
def test_a_standing_council_without_the_models_size_limit_is_a_defect(sentence, status):
    text = (
        f"示例研究会章程\n第一章 总则\n第一条 本会名称为示例研究会。\n第二章 组织机构\n"
        f"第二条 {sentence}\n第三章 附则\n第三条 本章程自社团登记管理机关核准之日起生效。\n"
    )
    report = audit_text(text, region_code="110000", level="national")
    (found,) = [f for f in report.findings if f.id == "model/standing_ratio"]
    assert found.status == status
    assert status == "satisfied" or found.severity != "advice"


def test_a_missing_party_article_is_placed_beside_the_supervisor_and_the_registrar():
    text = (
        "示例研究会章程\n第一章 总则\n第一条 本会名称为示例研究会。\n"
        "第二条 本会接受业务主管单位示例市科学技术协会和社团登记管理机关示例市民政局的"
        "业务指导和监督管理。\n第二章 附则\n第三条 本章程自社团登记管理机关核准之日起生效。\n"
    )
    report = audit_text(text, region_code="110000", level="national")
    (party,) = [f for f in report.findings if f.label == "党建条款"]
    assert party.status == "absent" and party.article == "第二条"


def test_two_periods_for_unpaid_dues_are_a_contradiction():
    text = (
        "第一条 会员如果1年不交纳会费或不参加本会活动的，视为自动退会。\n"
        "第二条 会员连续两年未交会费，视为自动退会。\n"
    )
    report = audit_text(text, region_code="110000", level="national")
    (found,) = [p for p in report.problems if p.kind == "contradiction"]
    assert found.article == "第二条" and "“1年”" in found.message and "2年" in found.message


def test_a_leaders_term_longer_than_the_congress_term_is_a_contradiction():
    text = (
        "第一条 会员代表大会每届四年。\n"
        "第二条 本会理事长、副理事长、秘书长任期五年，最长不得超过两届。\n"
    )
    report = audit_text(text, region_code="110000", level="national")
    (found,) = [p for p in report.problems if p.kind == "contradiction"]
    assert found.article == "第二条" and "负责人任期与届期不一致" in found.message
    assert "“会员代表大会每届四年”" in found.message
    assert "“本会理事长、副理事长、秘书长任期五年”" in found.message


def test_a_leaders_term_equal_to_the_congress_term_is_no_contradiction():
    text = "第一条 会员代表大会每届五年。\n第二条 本会会长、副会长、秘书长任期五年。\n"
    report = audit_text(text, region_code="110000", level="national")
    assert not [p for p in report.problems if p.kind == "contradiction"]


def test_the_supervisor_named_differently_in_two_articles_is_a_contradiction():
    text = (
        "第一条 本会的业务主管单位为南阳市科学技术协会。\n"
        "第二条 负责人超龄任职的，报业务主管单位南阳市科学技术局审查。\n"
        "第三条 延期换届的，报业务主管单位南阳市科协审查。\n"
    )
    report = audit_text(text, region_code="411300", level="prefectural")
    (found,) = [p for p in report.problems if p.kind == "contradiction"]
    assert found.article == "第二条" and "“南阳市科学技术局”" in found.message


STANDING = (
    "第一条 本会设立常务理事会，常务理事由理事会选举产生，人数不超过理事人数的1/3。\n"
    "第二条 常务理事会至少半年召开一次会议。\n"
)


def test_a_standing_council_without_quorum_and_majority_is_one_defect():
    report = audit_text(STANDING, region_code="110000", level="national", propose=False)
    found = [f for f in report.findings if f.is_problem and f.subject == "standing_council.voting"]
    assert len(found) == 1 and found[0].status == "absent" and found[0].tier == "model"


def test_a_standing_council_quorum_below_two_thirds_is_reported_where_stated():
    text = (
        STANDING
        + "第三条 常务理事会会议须有过半数常务理事出席方能召开，其决议须经到会常务理事2/3以上表决通过方能生效。\n"
    )
    report = audit_text(text, region_code="110000", level="national", propose=False)
    (found,) = [
        f for f in report.findings if f.is_problem and f.subject == "standing_council.voting"
    ]
    assert found.id == "model/standing_quorum" and found.status == "violated"
    assert found.article == "第三条" and "过半数" in found.message


def test_no_two_thirds_beside_a_simple_majority_says_what_the_charter_states():
    text = (
        "示例学会章程\n第一章 总则\n第一条 本会名称为示例学会。\n第二章 组织机构\n"
        "第二条 本会的最高权力机构是会员大会。\n"
        "第三条 会员大会须有2/3以上的会员出席方能召开，其决议须经到会会员半数以上表决通过方能生效。\n"
        "第三章 附则\n第四条 本章程自社团登记管理机关核准之日起生效。\n"
    )
    report = audit_text(text, region_code="110000", level="national")
    (found,) = [f for f in report.findings if f.id == "model/congress_special_majority"]
    assert found.status == "absent" and found.article == "第三条"
    assert "只规定" in found.message and "“半数以上”" in found.message


def test_an_executive_committee_is_read_as_the_council_with_its_quorum_and_majority():
    text = (
        "第一条 执行委员会（简称执委会）是会员大会的执行机构，在闭会期间领导本联盟开展日常工作。\n"
        "第二条 执委会须有2/3以上委员出席方能召开，其决议须经到会委员2/3以上表决通过方能生效。\n"
    )
    facts = extract_facts(parse_charter(text))
    assert facts["charter.states_council"].value is True
    assert facts["charter.council_quorum"].value == Fraction(2, 3)
    assert facts["charter.council_majority"].value == Fraction(2, 3)


def test_members_divided_with_a_bare_fen_are_the_kinds_of_members():
    facts = extract_facts(parse_charter("第八条 本会会员分个人会员和单位会员。\n"))
    assert facts["members.kinds"].value == ["个人会员", "单位会员"]


def test_a_dash_for_the_one_of_a_fraction_is_read_as_one_third():
    report = audit_text(
        "示例学会章程\n第一章 总则\n第一条 本会名称为示例学会。\n第二章 组织机构\n"
        "第二条 理事会须有三分之—以上理事出席方能召开，其决议须经到会理事三分之二以上表决通过。\n"
        "第三章 附则\n第三条 本章程自社团登记管理机关核准之日起生效。\n",
        region_code="110000",
        level="national",
    )
    (quorum,) = [f for f in report.findings if f.id == "model/council_quorum"]
    assert quorum.status == "violated" and quorum.article == "第二条"
    notes = [p for p in report.problems if p.kind == "read_through"]
    assert notes and "分之—" in notes[0].message


def test_leaders_who_xu_meet_conditions_have_their_conditions_stated():
    facts = extract_facts(
        parse_charter("第十九条 本会理事长、副理事长、秘书长须具备下列条件：（一）政治素质好。\n")
    )
    assert facts["charter.leaders_qualification"].value is True


@pytest.mark.parametrize(
    ("sentence", "council", "standing"),
    [
        (
            "理事会成员的四分之三、常务理事会成员的三分之二应为基层一线科技工作者。",
            Fraction(3, 4),
            Fraction(2, 3),
        ),
        (
            "理事会、常务理事会成员中，三分之二以上理事、二分之一以上常务理事应为一线科技工作者"
            "和会员单位负责人。",
            Fraction(2, 3),
            Fraction(1, 2),
        ),
        (
            "理事人数不超过会员人数的三分之一，其中四分之三以上应为一线科技工作者和会员单位负责人。",
            Fraction(3, 4),
            None,
        ),
        (
            "常务理事会由理事会选举产生，人数不超过理事人数的1/3，其中基层一线科技工作者不少于"
            "三分之二。",
            None,
            Fraction(2, 3),
        ),
        (
            "理事会成员中基层一线科技工作者应占四分之三以上，常务理事会成员中应占三分之二以上。",
            Fraction(3, 4),
            Fraction(2, 3),
        ),
    ],
)
def test_the_share_of_front_line_scientists_is_read_for_each_body(sentence, council, standing):
    facts = extract_facts(parse_charter(f"第一条 {sentence}\n"))
    read = [
        facts[key].value if key in facts else None
        for key in ("charter.directors_frontline_share", "charter.standing_frontline_share")
    ]
    assert read == [council, standing]


def test_a_front_line_share_below_the_binding_one_is_reported():
    text = "第一条 理事会成员的三分之二、常务理事会成员的半数以上应为基层一线科技工作者。\n"
    report = audit_text(text, region_code="120000", level="provincial", propose=False)
    found = {
        f.subject: f.status
        for f in report.findings
        if f.binding and f.subject.endswith("frontline_share")
    }
    assert found == {
        "directors.frontline_share": "violated",
        "standing_directors.frontline_share": "violated",
    }


JIANGSU = {"region_code": "320000", "level": "provincial"}


@pytest.mark.parametrize(
    "sentence",
    [
        "本会秘书长由理事会选举产生，一般应具有本科以上学历，届满年龄不超过70周岁，"
        "可由挂靠单位在职人员兼职担任。",
        "本会秘书长可由会长单位推荐的人员兼任，也可面向社会公开招聘。",
        "本会秘书长由一名副会长兼任，在会长领导下主持办事机构的日常工作。",
        "本会秘书长为专职或兼职，行使下列职权。",
    ],
)
def test_a_part_time_secretary_general_breaks_a_binding_full_time_rule(sentence):
    text = f"第一条 本会接受业务主管单位江苏省科学技术协会的业务指导。\n第二条 {sentence}\n"
    report = audit_text(text, **JIANGSU, propose=False)
    found = [
        f
        for f in report.findings
        if f.tier == "regional" and f.binding and f.subject == "secretary_general.full_time"
    ]
    assert found and {(f.status, f.article) for f in found} == {("violated", "第二条")}
    staff = [f for f in report.findings if f.subject == "secretariat.full_time_staff"]
    assert all(f.status != "violated" for f in staff)


@pytest.mark.parametrize(
    "sentence",
    [
        "本会秘书长为专职，由理事会聘任，不得由会长单位、副会长单位的在职人员兼任。",
        "本会会长、副会长、秘书长和财务管理人员不得兼任监事。",
        "本会副秘书长可由挂靠单位人员兼任。",
    ],
)
def test_a_full_time_or_unrelated_sentence_is_no_part_time_secretary_general(sentence):
    facts = extract_facts(parse_charter(f"第一条 {sentence}\n"))
    assert "charter.secretary_general_part_time" not in facts


def test_leaders_whose_election_is_nowhere_stated_are_one_defect():
    # a complete text (chapters to 附则), so that its silence on the election is judged
    text = (
        "第一章 总则\n第一条 本会名称为上海市奉贤区示例协会。\n第四章 组织机构和负责人\n"
        "第二条 本协会会长、副会长、秘书长应拥护党的领导，政治素质好，业务能力强，"
        "在本专业领域内享有较高声誉，年龄不超过70周岁。\n"
        "第三条 会长、副会长任期五年，连任不超过两届。\n"
        "第八章 附则\n第四条 本章程自社团登记管理机关核准之日起生效。\n"
    )
    report = audit_text(text, **FENGXIAN, propose=False)
    election = re.compile(
        r"^(?:charter_content\.leaders|(?:leaders|president|secretary_general)\."
        r"(?:elected_by|appointed_by))$"
    )
    found = [
        f
        for f in report.findings
        if f.is_problem and f.severity != "advice" and election.search(f.subject)
    ]
    assert len(found) == 1 and found[0].also
    qualification = [f for f in report.findings if f.subject == "president.qualification"]
    assert qualification and all(f.status == "satisfied" for f in qualification)


@pytest.mark.parametrize(
    ("sentence", "key", "value"),
    [
        (
            "会员代表大会须有三分之二以上会员代表出席方能召开，决议须经到会会员代表半数以上通过。",
            "charter.congress_majority",
            Fraction(1, 2),
        ),
        (
            "本会秘书长由挂靠单位推荐，经执委会选举产生。",
            "governance.secretary_general_mode",
            "elected",
        ),
        (
            "本会理事长、副理事长、秘书长如超过最高任职年龄，或任期超过两届的，须经会员代表大会"
            "2/3以上会员代表表决通过。",
            "governance.max_consecutive_terms",
            2,
        ),
        (
            "理事会是会员大会的执行机构，须有三分之二以上理事出席方能召开，决议须经到会理事"
            "三分之二以上通过，每年至少召开一次。",
            "charter.council_quorum",
            Fraction(2, 3),
        ),
        (
            "理事会是会员大会的执行机构，须有三分之二以上理事出席方能召开，决议须经到会理事"
            "三分之二以上通过，每年至少召开一次。",
            "charter.council_majority",
            Fraction(2, 3),
        ),
        (
            "理事会是会员大会的执行机构，须有三分之二以上理事出席方能召开，决议须经到会理事"
            "三分之二以上通过，每年至少召开一次。",
            "governance.council_meetings_per_year",
            1,
        ),
        (
            "理事会是会员代表大会的执行机构，理事人数不超过会员代表人数的三分之一；须有三分之二"
            "以上理事出席方能召开。",
            "charter.council_quorum",
            Fraction(2, 3),
        ),
        (
            "章程修改须经理事会表决通过后报会员大会审议，经业务主管单位审查同意。",
            "charter.amendment_procedure",
            True,
        ),
        (
            "理事人数一般不超过150人，不超过会员代表的1/3。",
            "charter.council_max_ratio",
            Fraction(1, 3),
        ),
        (
            "本会设常务理事会，由理事会选举产生，人数不超过理事的三分之一，每半年至少召开一次会议。",
            "governance.standing_meetings_per_year",
            2,
        ),
    ],
)
def test_rules_stated_in_short_forms_are_read(sentence, key, value):
    facts = extract_facts(parse_charter(f"第一条 {sentence}\n"))
    assert facts[key].value == value


def test_a_letter_l_before_a_slash_is_the_digit_one():
    facts = extract_facts(parse_charter("第一条 理事人数不超过会员代表人数的l/3。\n"))
    assert facts["charter.council_max_ratio"].value == Fraction(1, 3)


PARTIAL = (
    "第一章 总则\n第一条 本会名称为示例学会。\n第四章 组织机构和负责人\n"
    "第二条 会员代表大会的职权是：（一）制定和修改章程；（二）选举和罢免理事、监事；"
    "（三）审议理事会和监事会的工作报告；（四）制定和修改会费标准；（五）决定终止事宜。\n"
    "第三条 本会会长为本会法定代表人。因特殊情况需由副会长或秘书长担任法定代表人的，应报业务主管单"
)


def test_a_text_cut_inside_its_organs_chapter_is_not_faulted_for_what_follows():
    report = audit_text(PARTIAL, region_code="110000", level="national", propose=False)
    supervisors = [f for f in report.findings if f.id == "model/supervisors"]
    assert supervisors and supervisors[0].status == "unknown"
    assert not [p for p in report.problems if p.kind.startswith("procedure_")]


def test_a_text_cut_short_that_says_it_has_no_supervisors_is_judged_on_it():
    said = "第三条 本会不设监事会和监事。\n第四条 理事会每年至少召开一次会议。\n"
    said += "第五条 常务理事会至少半年召开一次会议。\n第六条"
    text = PARTIAL.replace("第三条", said, 1)
    report = audit_text(text, region_code="110000", level="national", propose=False)
    supervisors = [f for f in report.findings if f.id == "model/supervisors"]
    assert supervisors and supervisors[0].status == "absent"


@pytest.mark.parametrize(("led", "severity"), [(True, "advice"), (False, "error")])
def test_a_branch_working_under_its_societys_party_committee_needs_no_party_article(led, severity):
    text = (
        "示例学会测试专业委员会工作细则\n"
        "第一条 本委员会是示例学会的分支机构，不具有法人资格。\n"
        + ("第二条 本委员会接受学会党委和理事会的领导。\n" if led else "")
        + "第三条 本细则经学会常务理事会批准后施行。\n"
    )
    report = audit_text(text, region_code="110000", level="national", propose=False)
    (party,) = [f for f in report.findings if f.id == "model/party"]
    assert party.status == "absent" and party.severity == severity


def test_a_supervisory_board_of_two_is_a_board_too_small():
    text = "第一条 本会设监事会，由2名监事组成，设监事长1名。监事由会员代表大会选举产生。\n"
    report = audit_text(text, **HENAN, propose=False)
    board = [f for f in report.findings if f.subject == "supervisory_board.min_size" and f.binding]
    assert board and {f.status for f in board} == {"violated"}
    assert "2人" in board[0].message and board[0].article == "第一条"
