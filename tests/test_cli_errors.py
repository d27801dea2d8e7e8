"""What a secretariat worker sees when the input is wrong: a Chinese message naming the file,
line or field, a non-zero exit, no traceback and no half-written output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xuehui import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "henan-computer-society.yaml"
CHARTER = ROOT / "tests" / "fixtures" / "charters" / "defects.txt"
ZHEJIANG = [
    "--title",
    "浙江省学会改革意见",
    "--region-code",
    "330000",
    "--level",
    "provincial",
    "--issuer",
    "浙江省科学技术协会",
]


def run(capsys, *args: str) -> tuple[int, str]:
    """Run the real entry point in-process; return the exit code and stdout+stderr (unwrapped)."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_info.value.code or 0, (captured.out + captured.err).replace("\n", "")


def run_process(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m xuehui` as a user would (each command loads only its own module)."""
    return subprocess.run(
        [sys.executable, "-m", "xuehui", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
    )


def profile_with(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "学会.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def assert_clean_failure(code: int, out: str, *expected: str) -> None:
    assert code != 0
    assert "Traceback" not in out
    assert "错误：" in out
    for words in expected:
        assert words in out, out


# --- the command line itself -------------------------------------------------------------


def test_audit_reads_the_charter_named_on_the_command_line():
    result = run_process("audit", CHARTER, "--region-code", "410000", "--level", "provincial")
    assert "unexpected extra argument" not in result.stderr
    assert "审查章程" in result.stdout
    assert result.returncode == 1  # the defects fixture violates binding rules


def test_missing_argument_is_explained_in_chinese(capsys):
    code, out = run(capsys, "search")
    assert_clean_failure(code, out, "缺少参数", "query", "xuehui search --help")
    assert "Missing" not in out


def test_mistyped_option_suggests_the_right_one(capsys):
    code, out = run(capsys, "search", "会长", "--lim", "3")
    assert_clean_failure(code, out, "没有选项 --lim", "--limit")
    assert code == 2


def test_option_value_of_the_wrong_type_says_what_is_expected(capsys):
    code, out = run(capsys, "search", "会长", "--limit", "三")
    assert_clean_failure(code, out, "--limit", "应为整数")
    assert "Input should be" not in out


def test_unknown_command_is_named(capsys):
    code, out = run(capsys, "serach", "会长")
    assert_clean_failure(code, out, "没有命令 serach")


def test_a_defect_in_xuehui_is_reported_without_a_traceback(capsys, monkeypatch):
    import kb

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(kb, "load_corpus", broken)
    monkeypatch.delenv("XUEHUI_DEBUG", raising=False)
    code, out = run(capsys, "docs")
    assert_clean_failure(code, out, "程序内部错误", "boom", "XUEHUI_DEBUG")
    assert code == 70


# --- profiles and meeting files ----------------------------------------------------------


def test_profile_with_an_impossible_date_names_the_line(tmp_path, capsys):
    path = profile_with(tmp_path, "  date: 2026-11-22", "  date: 2026-13-45")
    code, out = run(capsys, "check", path)
    line = next(
        i
        for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "2026-13-45" in t
    )
    assert_clean_failure(code, out, str(path), f"第 {line} 行", "2026-13-45")
    assert "month must be" not in out


def test_profile_yaml_syntax_error_names_line_and_column_in_chinese(tmp_path, capsys):
    path = tmp_path / "坏.yaml"
    path.write_text(
        "name: 河南省计算机学会\nbusiness_scope: [学术交流, 科普\nlevel: provincial\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "check", path)
    assert_clean_failure(code, out, str(path), "行", "列", "语法错误")
    assert "while parsing" not in out


def test_profile_given_a_folder_says_it_is_a_folder(tmp_path, capsys):
    code, out = run(capsys, "check", tmp_path)
    assert_clean_failure(code, out, "文件夹")
    assert "Is a directory" not in out


def test_profile_count_written_as_true_is_refused(tmp_path, capsys):
    path = profile_with(tmp_path, "funds: 100000", "funds: true")
    code, out = run(capsys, "check", path)
    assert_clean_failure(code, out, "funds", "应为数字", "第 16 行")


def test_profile_with_an_absurd_council_size_is_refused(tmp_path, capsys):
    path = profile_with(tmp_path, "council_size: 99", "council_size: 99999999999999999999999")
    code, out = run(capsys, "check", path)
    assert_clean_failure(code, out, "governance.council_size", "不能大于 10000")


def test_profile_with_an_unknown_level_lists_the_choices_in_chinese(tmp_path, capsys):
    path = profile_with(tmp_path, "level: provincial", "level: galactic")
    code, out = run(capsys, "check", path)
    assert_clean_failure(code, out, "national、provincial、prefectural、county", "galactic")
    assert " or " not in out


# --- output files --------------------------------------------------------------------------


def test_generate_all_writes_nothing_when_one_target_already_exists(tmp_path, capsys):
    out_dir = tmp_path / "输出"
    assert (
        run(capsys, "generate", "all", "--profile", EXAMPLE, "--out", out_dir, "--format", "md")[0]
        == 0
    )
    charter = next(out_dir.glob("*章程.md"))
    charter.unlink()
    code, out = run(
        capsys, "generate", "all", "--profile", EXAMPLE, "--out", out_dir, "--format", "md"
    )
    assert_clean_failure(code, out, "文件已存在", "--overwrite")
    assert not charter.exists()


def test_generate_all_writes_nothing_when_a_meeting_entry_is_wrong(tmp_path, capsys):
    path = profile_with(tmp_path, "    due: 300", "    due: 301")
    out_dir = tmp_path / "输出"
    code, out = run(capsys, "generate", "all", "--profile", path, "--out", out_dir)
    assert_clean_failure(code, out, "due")
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_output_folder_that_is_a_file_is_refused_before_writing(tmp_path, capsys):
    blocker = tmp_path / "说明.txt"
    blocker.write_text("x", encoding="utf-8")
    code, out = run(capsys, "generate", "charter", "--profile", EXAMPLE, "--out", blocker / "子")
    assert_clean_failure(code, out, str(blocker), "是一个文件")
    assert blocker.read_text(encoding="utf-8") == "x"


def test_file_system_errors_are_explained_in_chinese(tmp_path, capsys):
    blocker = tmp_path / "说明.txt"
    blocker.write_text("x", encoding="utf-8")
    code, out = run(capsys, "profile", "new", "--out", blocker / "学会.yaml")
    assert_clean_failure(code, out, str(blocker))
    assert "File exists" not in out and "Not a directory" not in out


# --- adding to the corpus ------------------------------------------------------------------


def test_corpus_add_given_a_folder_says_it_is_a_folder(tmp_path, capsys):
    code, out = run(capsys, "corpus", "add", tmp_path, "--id", "zhejiang-2024", *ZHEJIANG)
    assert_clean_failure(code, out, "文件夹")


def test_corpus_add_refuses_an_impossible_date_and_keeps_the_corpus(tmp_path, capsys, xuehui_home):
    source = tmp_path / "意见.txt"
    source.write_text("一、总体要求\n学会理事会每年至少召开一次会议。\n", encoding="utf-8")
    code, out = run(
        capsys, "corpus", "add", source, "--id", "zhejiang-2024", *ZHEJIANG, "--date", "2024-02-30"
    )
    assert_clean_failure(code, out, "date_issued", "2024-02-30", "不存在")
    corpus = xuehui_home / "data" / "corpus"
    assert not corpus.exists() or not list(corpus.glob("zhejiang-2024*"))


def test_corpus_add_unknown_level_lists_the_choices_in_chinese(tmp_path, capsys):
    source = tmp_path / "意见.txt"
    source.write_text("一、总体要求\n学会理事会每年至少召开一次会议。\n", encoding="utf-8")
    args = [a if a != "provincial" else "galactic" for a in ZHEJIANG]
    code, out = run(capsys, "corpus", "add", source, "--id", "zhejiang-2024", *args)
    assert_clean_failure(code, out, "national、provincial、prefectural、county")
    assert " or " not in out


def test_corpus_add_of_a_zip_that_is_not_word_says_so_without_python_names(tmp_path, capsys):
    import zipfile

    fake = tmp_path / "意见.docx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("readme.txt", "not word")
    code, out = run(capsys, "corpus", "add", fake, "--id", "zhejiang-2024", *ZHEJIANG)
    assert_clean_failure(code, out, str(fake), "Word")
    assert "KeyError" not in out


def test_read_only_output_folder_is_explained_and_leaves_no_file(tmp_path, capsys, monkeypatch):
    import errno

    from kb import atomic

    def denied(path, data):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(atomic, "write_bytes", denied)
    out_dir = tmp_path / "只读"
    code, out = run(capsys, "generate", "charter", "--profile", EXAMPLE, "--out", out_dir)
    assert_clean_failure(code, out, "没有权限", str(out_dir))
    assert "Permission denied" not in out
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_profile_schema_accepts_json_like_every_command(capsys):
    import json

    code, out = run(capsys, "profile", "schema", "--json")
    assert code == 0
    assert json.loads(out)["properties"]["governance"]


# --- looking things up ---------------------------------------------------------------------


def test_show_with_an_empty_clause_id_says_it_is_empty(capsys):
    code, out = run(capsys, "show", "")
    assert_clean_failure(code, out, "条款编号不能为空")


def test_show_of_a_missing_clause_in_a_known_document_names_the_document(capsys):
    code, out = run(capsys, "show", "henan-2018/art_999")
    assert_clean_failure(code, out, "henan-2018/art_999", "文件 henan-2018 中没有这一条款")


def test_corpus_add_meta_file_with_an_impossible_date_names_the_line(tmp_path, capsys):
    source = tmp_path / "意见.txt"
    source.write_text("一、总体要求\n学会理事会每年至少召开一次会议。\n", encoding="utf-8")
    meta = tmp_path / "意见.yaml"
    meta.write_text(
        "id: zhejiang-2024\ntitle: 浙江省学会改革意见\nregion_code: '330000'\n"
        "level: provincial\ndate_issued: 2024-02-30\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "corpus", "add", source, "--meta", meta)
    assert_clean_failure(code, out, str(meta), "第 5 行", "2024-02-30")


def test_corpus_add_missing_meta_file_says_it_is_missing(tmp_path, capsys):
    source = tmp_path / "意见.txt"
    source.write_text("一、总体要求\n学会理事会每年至少召开一次会议。\n", encoding="utf-8")
    code, out = run(capsys, "corpus", "add", source, "--meta", tmp_path / "没有.yaml")
    assert_clean_failure(code, out, "找不到元数据文件")


def test_profile_new_into_a_folder_asks_for_a_file_name(tmp_path, capsys):
    folder = tmp_path / "学会资料"
    folder.mkdir()
    code, out = run(capsys, "profile", "new", "--out", folder)
    assert_clean_failure(code, out, "文件夹", "文件名")
    assert list(folder.iterdir()) == []


def test_wrong_meeting_file_is_named_in_the_message_and_nothing_is_written(tmp_path, capsys):
    meeting = tmp_path / "会议.yaml"
    meeting.write_text(
        "date: 2026-11-22\nplace: 郑州\nsession: 第九次会员代表大会\n"
        "amendments: [修改第十条]\ndue: 300\npresent: 400\nvotes_for: 260\n"
        "votes_against: 0\nabstaining: 0\n",
        encoding="utf-8",
    )
    out_dir = tmp_path / "输出"
    code, out = run(
        capsys,
        "generate",
        "resolution",
        "amend_charter",
        "--profile",
        EXAMPLE,
        "--meeting",
        meeting,
        "--out",
        out_dir,
    )
    assert_clean_failure(code, out, str(meeting), "实到人数 400 多于应到人数 300")
    assert not out_dir.exists()


def test_corpus_add_of_a_word_file_with_a_damaged_body_says_so(tmp_path, capsys):
    import zipfile

    import docx

    whole = tmp_path / "完整.docx"
    word = docx.Document()
    word.add_paragraph("一、总体要求")
    word.add_paragraph("学会理事会每年至少召开一次会议。")
    word.save(str(whole))
    damaged = tmp_path / "意见.docx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    code, out = run(capsys, "corpus", "add", damaged, "--id", "zhejiang-2024", *ZHEJIANG)
    assert_clean_failure(code, out, str(damaged), "正文已损坏")
    assert code == 2


def test_audit_of_a_folder_says_it_is_a_folder(tmp_path, capsys):
    code, out = run(capsys, "audit", tmp_path, "--region-code", "410000", "--level", "provincial")
    assert_clean_failure(code, out, "这是一个文件夹")
    assert code == 2


def test_audit_of_a_missing_file_says_it_does_not_exist(tmp_path, capsys):
    code, out = run(
        capsys, "audit", tmp_path / "章程.docx", "--region-code", "410000", "--level", "provincial"
    )
    assert_clean_failure(code, out, "章程.docx", "文件不存在")


def test_empty_profile_says_it_is_empty(tmp_path, capsys):
    path = tmp_path / "学会.yaml"
    path.write_text("# 还没填\n", encoding="utf-8")
    code, out = run(capsys, "check", path)
    assert_clean_failure(code, out, str(path), "文件是空的")


def test_profile_that_is_a_list_asks_for_fields(tmp_path, capsys):
    path = tmp_path / "学会.yaml"
    path.write_text("- name: 河南省计算机学会\n- level: provincial\n", encoding="utf-8")
    code, out = run(capsys, "check", path)
    assert_clean_failure(code, out, str(path), "字段映射")


def test_audit_writes_no_report_when_the_revision_table_cannot_be_written(tmp_path, capsys):
    blocker = tmp_path / "说明.txt"
    blocker.write_text("x", encoding="utf-8")
    report = tmp_path / "审查意见.docx"
    code, out = run(
        capsys,
        "audit",
        CHARTER,
        "--region-code",
        "410000",
        "--level",
        "provincial",
        "--out",
        report,
        "--revision-table",
        blocker / "对照表.docx",
    )
    assert_clean_failure(code, out, str(blocker), "是一个文件")
    assert not report.exists()


def test_audit_refuses_one_file_for_both_report_and_revision_table(tmp_path, capsys):
    report = tmp_path / "审查意见.docx"
    code, out = run(
        capsys,
        "audit",
        CHARTER,
        "--region-code",
        "410000",
        "--level",
        "provincial",
        "--out",
        report,
        "--revision-table",
        report,
    )
    assert_clean_failure(code, out, "同一个文件")
    assert not report.exists()
