"""Comparison: by topic (nothing silently missing), by provision subject, clause alignment,
jurisdiction, exports and the `xuehui compare` family of commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import kb
from kb.comparison import NOT_STATED, cell_text, char_diff
from kb.errors import InputError, QueryError
from kb.export import export
from kb.topics import is_exempt
from xuehui.cli import main

NATIONAL = ["minfadian-2020", "shetuan-tiaoli-2016"]
REGIONAL = ["fengxian-2019", "guangdong-2023", "henan-2018", "jiangsu-2016", "tianjin-2017"]
ALL_DOCS = NATIONAL + REGIONAL


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out = capsys.readouterr()
    return exit_info.value.code or 0, out.out, out.err


# ---------------------------------------------------------------- by topic
def test_asking_about_supervisors_returns_every_clause_that_mentions_them():
    result = kb.load_corpus().compare_topic("监事会")
    assert [d.id for d in result.documents] == ALL_DOCS
    corpus = kb.load_corpus()
    for doc_id in ALL_DOCS:
        expected = {
            c.id for c in corpus.document(doc_id).clauses if "监事" in c.text and not is_exempt(c)
        }
        got = {c.id for c in result.clauses[doc_id]}
        assert expected <= got, doc_id


def test_a_document_that_says_nothing_shows_not_stated():
    result = kb.load_corpus().compare_topic("法定代表人")
    data = result.to_dict()
    status = {d["doc_id"]: d["status_label"] for d in data["documents"]}
    assert status["fengxian-2019"] == "有规定"
    assert status["henan-2018"] == NOT_STATED
    row = result.table().rows[0]
    assert len(row) == len(ALL_DOCS)
    assert cell_text(row[ALL_DOCS.index("henan-2018")]) == NOT_STATED


def test_provision_numbers_are_emphasised_in_the_clause_text():
    result = kb.load_corpus().compare_topic("理事会", docs=["henan-2018"])
    strong = {seg.text for para in result.table().rows[0][0] for seg in para if seg.strong}
    assert {"150", "1/3", "15-45"} <= strong


def test_free_words_outside_the_taxonomy_are_searched_in_every_document():
    result = kb.load_corpus().compare_topic("粤港澳大湾区")
    assert not result.from_taxonomy
    assert [c.doc_id for cs in result.clauses.values() for c in cs] == ["guangdong-2023"] * 2
    assert cell_text(result.table().rows[0][0]) == NOT_STATED


def test_a_topic_comparison_marks_binding_and_reference_documents():
    result = kb.load_corpus().compare_topic("监事会", region_code="410000", level="provincial")
    headers = result.table().headers
    assert "【约束】" in headers[ALL_DOCS.index("henan-2018")]
    assert "【参考】" in headers[ALL_DOCS.index("tianjin-2017")]


# ---------------------------------------------------------------- by provisions
def test_the_frontline_rule_lines_up_fengxian_and_tianjin():
    result = kb.load_corpus().compare_provisions("directors.frontline_share")
    assert result.subjects == ["directors.frontline_share"]
    row = result.table().rows[0]
    fengxian = cell_text(row[1 + ALL_DOCS.index("fengxian-2019")])
    tianjin = cell_text(row[1 + ALL_DOCS.index("tianjin-2017")])
    assert fengxian.startswith("≥ 3/4") and "四分之三以上" in fengxian
    assert tianjin.startswith("≥ 3/4") and "四分之三" in tianjin
    assert cell_text(row[1 + ALL_DOCS.index("henan-2018")]) == NOT_STATED


def test_all_subjects_are_compared_when_none_is_given():
    result = kb.load_corpus().compare_provisions()
    used = {p.subject for p in kb.load_corpus().provisions()}
    assert set(result.subjects) == used
    assert sum(len(v) for v in result.cells.values()) == len(kb.load_corpus().provisions())


def test_a_subject_can_be_given_by_prefix_or_by_chinese_words():
    assert all(
        s.startswith("council.") for s in kb.load_corpus().compare_provisions("council").subjects
    )
    assert all(
        s.startswith("president.")
        for s in kb.load_corpus().compare_provisions("president").subjects
    )
    assert "supervisors.min_count" in kb.load_corpus().compare_provisions("监事").subjects


def test_an_unknown_subject_suggests_close_keys():
    with pytest.raises(QueryError, match="council.max_size"):
        kb.load_corpus().compare_provisions("councl.max_size")


def test_a_users_own_document_is_compared_by_topic_and_flagged_as_not_extracted(tmp_path):
    from kb.ingest import add_document

    source = tmp_path / "章程.txt"
    source.write_text(
        "浙江省测试学会章程\n第一章 组织机构\n第十条 理事会是会员代表大会的执行机构。\n"
        "第十一条 本会设监事会，监事会由3名监事组成。\n",
        encoding="utf-8",
    )
    add_document(
        source,
        id="zhejiang-2024",
        title="浙江省测试学会章程",
        region_code="330000",
        level="provincial",
    )
    by_topic = kb.load_corpus().compare_topic("监事会").to_dict()
    user = next(d for d in by_topic["documents"] if d["doc_id"] == "zhejiang-2024")
    assert user["status"] == "stated" and "3名监事" in user["clauses"][0]["text"]
    row = kb.load_corpus().compare_provisions("supervisors.min_count").table().rows[0]
    assert cell_text(row[-1]) == "（规定尚未整理）"


# ---------------------------------------------------------------- alignment
def test_alignment_pairs_each_clause_with_its_most_similar_clauses():
    result = kb.load_corpus().align("henan-2018", "tianjin-2017")
    assert result.pairs and all(a.doc_id == "henan-2018" for a, _ in result.pairs)
    for _, matches in result.pairs:
        scores = [m.score for m in matches]
        assert scores == sorted(scores, reverse=True)
        assert all(m.clause.doc_id == "tianjin-2017" for m in matches)
    members = {a.id: m for a, m in result.pairs}["henan-2018/sec_4__item_5__item_3"]
    assert members[0].clause.id == "tianjin-2017/sec_2__item_8"  # 个人会员身份加入 in both
    assert members[0].diff is not None


def test_a_character_diff_rebuilds_both_texts():
    a, b = "理事会每年至少召开一次会议", "常务理事会每半年至少召开一次会议"
    diff = char_diff(a, b)
    assert "".join(x for op, x, _ in diff) == a
    assert "".join(y for op, _, y in diff) == b


def test_aligning_a_document_with_itself_or_an_unknown_one_is_refused():
    with pytest.raises(InputError, match="两个不同的文件"):
        kb.load_corpus().align("henan-2018", "henan-2018")
    with pytest.raises(InputError, match="没有编号为 nowhere-2020 的文件"):
        kb.load_corpus().align("henan-2018", "nowhere-2020")


# ---------------------------------------------------------------- jurisdiction
def test_a_zhengzhou_society_may_refer_to_the_henan_plan_but_is_not_bound():
    result = kb.load_corpus().jurisdiction("410100", "prefectural")
    assert result.binding == NATIONAL
    assert "henan-2018" in result.references and "参照" in result.reasons["henan-2018"]


def test_a_henan_provincial_society_is_bound_by_the_henan_plan_only():
    assert kb.load_corpus().jurisdiction("410000", "provincial").binding == NATIONAL + [
        "henan-2018"
    ]


def test_a_zhejiang_society_has_only_references():
    result = kb.load_corpus().jurisdiction("330000", "provincial")
    assert result.binding == NATIONAL and sorted(result.references) == REGIONAL


@pytest.mark.parametrize(
    "region_code,level",
    [
        ("330100", "prefectural"),
        ("100000", "national"),
        ("410000", "provincial"),
        ("310120", "county"),
        ("650000", "provincial"),
        ("110108", "county"),
    ],
)
def test_the_national_texts_bind_every_region_and_level(region_code, level):
    result = kb.load_corpus().jurisdiction(region_code, level)
    assert result.binding[:2] == NATIONAL
    assert "约束" in result.reasons["shetuan-tiaoli-2016"]


def test_a_national_society_is_not_bound_by_a_province_with_prefix_10():
    from kb.jurisdiction import region_contains

    assert region_contains("100000", "330106") and region_contains("100000", "100000")
    assert not region_contains("330000", "100000")
    assert kb.load_corpus().jurisdiction("100000", "national").binding == NATIONAL


def test_bad_region_codes_and_levels_are_refused_in_chinese():
    with pytest.raises(InputError, match="地区代码“4101”格式不对"):
        kb.load_corpus().jurisdiction("4101", "provincial")
    with pytest.raises(InputError, match="层级“city”无效"):
        kb.load_corpus().jurisdiction("410100", "city")


# ---------------------------------------------------------------- export
@pytest.mark.parametrize("suffix", [".md", ".html", ".csv", ".docx"])
def test_a_comparison_is_written_in_each_format(tmp_path: Path, suffix: str):
    path = export(kb.load_corpus().compare_topic("监事会"), tmp_path / f"cmp{suffix}")
    data = path.read_bytes()
    assert data
    if suffix != ".docx":
        text = data.decode("utf-8-sig")
        assert "监事" in text and "天津市科协所属团体改革工作方案" in text
    if suffix == ".md":
        assert "**3**" in text  # Henan's 不少于3人 emphasised
    if suffix == ".html":
        assert "<strong>3</strong>" in text and text.startswith("<!DOCTYPE html>")


def test_the_word_table_is_landscape_with_east_asian_fonts(tmp_path: Path):
    from docx import Document

    path = export(kb.load_corpus().compare_provisions("council"), tmp_path / "cmp.docx")
    document = Document(str(path))
    section = document.sections[0]
    assert section.page_width > section.page_height
    table = document.tables[0]
    assert len(table.columns) == 1 + len(ALL_DOCS)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="宋体"' in xml and 'w:eastAsia="黑体"' in xml
    assert "≤ 150人" in xml


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_the_word_table_opens_in_libreoffice(tmp_path: Path):
    path = export(kb.load_corpus().compare_topic("监事会"), tmp_path / "cmp.docx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "cmp.pdf").stat().st_size > 1000


def test_an_unsupported_format_writes_nothing(tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InputError, match="不支持的输出格式“.pdf”"):
        export(kb.load_corpus().compare_topic("监事会"), folder / "cmp.pdf")
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- commands
def test_compare_topic_command_prints_json_with_a_column_per_document(capsys):
    code, out, _ = run(capsys, "compare", "--topic", "监事会", "--json")
    data = json.loads(out)
    assert code == 0 and [d["doc_id"] for d in data["documents"]] == ALL_DOCS
    status = {d["doc_id"]: d["status"] for d in data["documents"]}
    assert all(status[doc_id] == "stated" for doc_id in REGIONAL)
    # the regulation says nothing of supervisors; the Civil Code names 监事会 (第九十三条)
    assert status["shetuan-tiaoli-2016"] == "not_stated" and status["minfadian-2020"] == "stated"


def test_compare_provisions_command_shows_not_stated_in_its_table(capsys):
    code, out, _ = run(capsys, "compare", "--provisions", "--subject", "council.max_size")
    assert code == 0 and "150" in out and NOT_STATED in out


def test_compare_two_documents_command_writes_a_word_file(capsys, tmp_path: Path):
    target = tmp_path / "align.docx"
    code, out, _ = run(capsys, "compare", "henan-2018", "tianjin-2017", "--out", str(target))
    assert code == 0 and target.exists() and "已写入" in out


def test_compare_without_a_mode_explains_the_choices(capsys):
    code, _, err = run(capsys, "compare")
    assert code == 2 and "请只选择一种对比方式" in err and "Traceback" not in err


def test_topics_provisions_and_jurisdiction_commands_answer_in_json(capsys):
    _, out, _ = run(capsys, "topics", "--json")
    assert len(json.loads(out)) == len(kb.load_corpus().topics())
    _, out, _ = run(capsys, "provisions", "--subject", "council", "--doc", "henan-2018", "--json")
    rows = json.loads(out)
    assert rows and all(r["doc_id"] == "henan-2018" for r in rows)
    assert all(r["quote"] in kb.load_corpus().clause(r["clause_id"]).text for r in rows)
    _, out, _ = run(
        capsys, "jurisdiction", "--region-code", "410000", "--level", "provincial", "--json"
    )
    assert json.loads(out)["binding"] == NATIONAL + ["henan-2018"]


def test_a_bad_region_code_on_the_command_line_is_a_chinese_error(capsys):
    code, _, err = run(capsys, "jurisdiction", "--region-code", "abc", "--level", "provincial")
    assert code == 2 and "地区代码" in err


def test_compare_out_keeps_an_existing_file_unless_overwrite(tmp_path):
    from typer.testing import CliRunner

    from xuehui.cli import app

    target = tmp_path / "对比.md"
    target.write_text("用户自己的文件", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(app, ["compare", "--topic", "监事会", "--out", str(target)])
    assert refused.exit_code != 0 and "文件已存在" in str(refused.exception or refused.output)
    assert target.read_text(encoding="utf-8") == "用户自己的文件"
    done = runner.invoke(app, ["compare", "--topic", "监事会", "--out", str(target), "--overwrite"])
    assert done.exit_code == 0
    assert "监事" in target.read_text(encoding="utf-8")


def test_compare_out_to_a_folder_says_it_is_a_folder(tmp_path):
    from kb.errors import InputError

    with pytest.raises(InputError, match="文件夹"):
        export(kb.load_corpus().compare_topic("监事会"), tmp_path)


def test_jurisdiction_rejects_an_unknown_region_and_reads_cleanly():
    from kb.errors import InputError

    with pytest.raises(InputError, match="前两位"):
        kb.load_corpus().jurisdiction("999999", "provincial")
    reasons = kb.load_corpus().jurisdiction("330100", "prefectural").reasons
    assert reasons["fengxian-2019"] == "仅供参考：适用于奉贤区科学技术协会所属科技社团"
