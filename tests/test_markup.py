"""User text is printed as written: square brackets in a title, file name, --doc or clause id
are never read as Rich markup (no MarkupError, nothing swallowed), and terminal control
characters (ESC, the right-to-left override) never reach the terminal raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from xuehui import cli, output

TITLE = "关于[/x]深化学会改革的[draft]意见"
SHORT = "[draft]改革意见"
BODY = "一、总体要求\n学会理事会每年至少召开一次会议。\n二、组织建设\n学会应当设立监事会。\n"
CHARTER = Path(__file__).resolve().parent / "fixtures" / "charters" / "defects.txt"


def run(capsys, *args: object) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_info.value.code or 0, captured.out + captured.err


@pytest.fixture(autouse=True)
def wide(monkeypatch):
    """A wide terminal, so table cells are not folded in the middle of a title."""
    monkeypatch.setattr(output.console, "width", 400)
    monkeypatch.setattr(output.err_console, "width", 400)


@pytest.fixture
def bracketed(tmp_path, capsys) -> str:
    source = tmp_path / "[red]意见[draft].txt"
    source.write_text(BODY, encoding="utf-8")
    code, out = run(
        capsys, "corpus", "add", source, "--id", "zhejiang-2024", "--title", TITLE,
        "--short-title", SHORT, "--region-code", "330000", "--level", "provincial",
    )  # fmt: skip
    assert code == 0, out
    assert TITLE in out
    return "zhejiang-2024"


def assert_literal(code: int, out: str, *expected: str) -> None:
    assert code == 0, out
    assert "MarkupError" not in out and "内部错误" not in out
    for words in expected:
        assert words in out, out


def test_docs_prints_a_bracketed_title_as_written(bracketed, capsys):
    assert_literal(*run(capsys, "docs"), SHORT)


def test_clauses_and_show_print_brackets_as_written(bracketed, capsys):
    assert_literal(*run(capsys, "clauses", bracketed), f"《{TITLE}》")
    assert_literal(*run(capsys, "show", f"{bracketed}/sec_1"), TITLE)


def test_search_and_compare_print_brackets_as_written(bracketed, capsys):
    assert_literal(*run(capsys, "search", "监事会", "--doc", bracketed), TITLE)
    assert_literal(*run(capsys, "compare", "--topic", "监事会"), SHORT)


def test_a_bracketed_unknown_doc_or_clause_id_is_named_literally(capsys):
    code, out = run(capsys, "clauses", "[/x]")
    assert code != 0 and "[/x]" in out and "MarkupError" not in out
    code, out = run(capsys, "show", "[draft]/sec_1")
    assert code != 0 and "[draft]" in out and "MarkupError" not in out


def test_a_missing_file_with_brackets_is_named_literally(tmp_path, capsys):
    missing = tmp_path / "[bold]意见[/].txt"
    code, out = run(capsys, "corpus", "add", missing, "--id", "x-2024")
    assert code != 0 and "[bold]意见[" in out and "MarkupError" not in out


def test_audit_of_a_bracketed_file_name_prints_it(tmp_path, capsys):
    charter = tmp_path / "[red][draft]章程.txt"
    charter.write_text(CHARTER.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = run(capsys, "audit", charter, "--region-code", "410000", "--level", "provincial")
    assert code in (0, 1), out
    assert "[red][draft]章程.txt" in out and "MarkupError" not in out


def test_control_characters_in_a_query_are_not_echoed_raw(capsys):
    code, out = run(capsys, "search", "理事会\x1b[31m红\u202e字")
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b" in out and "\\u202e" in out


def test_control_characters_in_a_file_name_are_not_echoed_raw(tmp_path, capsys):
    missing = tmp_path / "意见\x1b[2J\u202etxt.docx"
    code, out = run(capsys, "corpus", "add", missing, "--id", "x-2024")
    assert code != 0
    assert "\x1b" not in out and "\u202e" not in out


def test_plain_keeps_text_and_escapes_markup():
    assert output.plain("a[b]c") == "a\\[b]c"
    assert output.visible("行\n\t\x07") == "行\n\t\\x07"
