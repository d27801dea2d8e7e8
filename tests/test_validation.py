"""Every value a user types is checked where it enters, with a Chinese message saying what is
allowed — never an internal error (exit 70), never silent nonsense."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from xuehui import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "henan-computer-society.yaml"
BODY = "一、总体要求\n学会理事会每年至少召开一次会议。\n"
META = ["--id", "zhejiang-2024", "--title", "浙江省学会改革意见", "--level", "provincial"]


def run(capsys, *args: object) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_info.value.code or 0, (captured.out + captured.err).replace("\n", "")


@pytest.mark.parametrize(
    ("option", "year"), [("--year-from", "32768"), ("--year-to", "1800"), ("--year-from", "-5")]
)
def test_search_years_outside_the_range_are_explained(capsys, option, year):
    code, out = run(capsys, "search", "理事会", option, year)
    assert code not in (0, 70), out
    assert year in out and "1949–2100" in out and "内部错误" not in out


def test_corpus_add_refuses_an_unknown_region_code(tmp_path, capsys, xuehui_home):
    source = tmp_path / "意见.txt"
    source.write_text(BODY, encoding="utf-8")
    code, out = run(capsys, "corpus", "add", source, *META, "--region-code", "999999")
    assert code != 0 and "999999" in out and "行政区划代码" in out
    assert not (xuehui_home / "data" / "corpus").exists()


def test_corpus_add_refuses_a_date_in_the_future(tmp_path, capsys, xuehui_home):
    source = tmp_path / "意见.txt"
    source.write_text(BODY, encoding="utf-8")
    future = f"{datetime.date.today().year + 1}-01-01"
    args = ["corpus", "add", source, *META, "--region-code", "330000", "--date", future]
    code, out = run(capsys, *args)
    assert code != 0 and future in out and "晚于今天" in out
    code, out = run(capsys, *args[:-1], "2099")
    assert code != 0 and "晚于今天" in out
    code, out = run(capsys, *args[:-1], "2024-02-01")
    assert code == 0, out


def test_a_very_long_society_name_is_refused_with_the_limit(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = [
        "name: 河南省" + "计算机" * 333 + "学会" if ln.startswith("name:") else ln
        for ln in text.splitlines()
    ]
    profile = tmp_path / "学会.yaml"
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "xuehui", "generate", "all", "--profile", profile, "--out", tmp_path / "out"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    out = (result.stdout + result.stderr).replace("\n", "")
    assert result.returncode not in (0, 70), out
    assert "name" in out and "不能超过 60 字" in out and "1004 字" in out
    assert not (tmp_path / "out").exists()


def test_title_breaking_of_an_overlong_text_is_bounded():
    from generator.word.title_breaks import MAX_LINES, title_lines

    long = "河南省计算机学会关于通过章程的决议" * 200  # 3,400 characters
    assert title_lines(long, 26) == (long,)  # not a title: left whole, no search
    lines = title_lines("河南省计算机学会" * 30, 26)
    assert 1 < len(lines) <= MAX_LINES and "".join(lines) == "河南省计算机学会" * 30


def test_a_meeting_of_zero_members_is_refused_not_counted(capsys):
    from generator import load_profile
    from generator.content.resolutions import check_meeting, get_kind
    from kb.errors import InputError

    profile = load_profile(EXAMPLE)
    members = profile.members.model_copy(update={"count": 0, "representatives": None})
    profile = profile.model_copy(update={"members": members, "congress": "general"})
    facts = dict(profile.meetings["adopt_charter"], session="第九次会员大会", due=0, present=0)
    with pytest.raises(InputError) as err:
        check_meeting(get_kind("adopt_charter"), profile, facts)
    message = str(err.value)
    assert "人数为 0" in message and "members.count" in message
    assert "应到0人" not in message and "未达到法定人数" not in message
