"""Input that is small on disk but huge once read — a zip bomb disguised as .docx, a 342-byte
YAML anchor bomb — is refused before it is expanded, with a Chinese message naming the file
and the limit.

The bombs run in a subprocess under an address-space limit (RLIMIT_AS) and a timeout, so a
regression fails the test instead of taking the machine's memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kb import limits
from kb.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "henan-computer-society.yaml"
MEMORY_LIMIT = 1536 * 1024 * 1024  # 1.5 GB of address space for the whole CLI
TIMEOUT = 60

# 9 ** 9 ≈ 387 million strings from 342 bytes: the classic "billion laughs"
ANCHOR_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)
AUDIT = ["--region-code", "410000", "--level", "provincial"]
BOMB_LIMIT = f"{limits.MAX_YAML_NODES:,}"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(*args: object) -> subprocess.CompletedProcess:
    """`python -m xuehui ARGS` as a user runs it, but with 1.5 GB of memory and a timeout."""
    return subprocess.run(
        [sys.executable, "-m", "xuehui", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
        preexec_fn=_limit_memory,
        timeout=TIMEOUT,
    )


def assert_refused(result: subprocess.CompletedProcess, *expected: str) -> None:
    out = result.stdout + result.stderr
    flat = out.replace("\n", "")
    assert result.returncode not in (0, 70), out
    assert "Traceback" not in out and "MemoryError" not in out, out
    assert "错误：" in out
    for words in expected:
        assert words in flat, out


@pytest.fixture(scope="session")
def docx_bomb(tmp_path_factory) -> Path:
    """A valid-looking .docx of ~1 MB whose document.xml inflates to 1 GB."""
    path = tmp_path_factory.mktemp("bomb") / "炸弹.docx"
    paragraph = b"<w:p><w:r><w:t>" + "第一条 理事会".encode() + b"</w:t></w:r></w:p>"
    chunk = paragraph * (1024 * 1024 // len(paragraph) + 1)
    chunk = chunk[: 1024 * 1024]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(1024):
                member.write(chunk)
    return path


def encrypted_docx(folder: Path) -> Path:
    """The shape of a password-protected .docx: an OLE container with EncryptionInfo."""
    path = folder / "加密章程.docx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(50)
    path.write_bytes(header + directory + os.urandom(4096))
    return path


def test_the_docx_bomb_declares_its_size_in_the_zip_directory(docx_bomb):
    info = zipfile.ZipFile(docx_bomb).getinfo("word/document.xml")
    assert info.file_size == 1024**3
    assert docx_bomb.stat().st_size < 8 * 1024 * 1024


def test_corpus_add_refuses_a_docx_bomb_before_reading_it(docx_bomb, xuehui_home):
    result = run_limited(
        "corpus", "add", docx_bomb, "--id", "bomb-2024", "--title", "测试",
        "--region-code", "330000", "--level", "provincial",
    )  # fmt: skip
    assert_refused(result, str(docx_bomb), "解压后过大", "上限 16 MB")
    assert not (xuehui_home / "data" / "corpus").exists()


def test_audit_refuses_a_docx_bomb_before_reading_it(docx_bomb):
    result = run_limited("audit", docx_bomb, *AUDIT)
    assert_refused(result, docx_bomb.name, "解压后过大", "上限 16 MB")


@pytest.mark.parametrize("command", [["check"], ["generate", "all", "--profile"]])
def test_an_anchor_bomb_profile_is_refused_quickly(tmp_path, command):
    profile = tmp_path / "学会.yaml"
    profile.write_text(ANCHOR_BOMB, encoding="utf-8")
    assert profile.stat().st_size == 342
    result = run_limited(
        *command, profile, *(["--out", tmp_path / "out"] if len(command) > 1 else [])
    )
    assert_refused(result, str(profile), "锚点", BOMB_LIMIT)
    assert not (tmp_path / "out").exists()


def test_an_anchor_bomb_appended_to_a_valid_profile_is_refused(tmp_path):
    profile = tmp_path / "学会.yaml"
    profile.write_text(EXAMPLE.read_text(encoding="utf-8") + ANCHOR_BOMB, encoding="utf-8")
    result = run_limited("generate", "all", "--profile", profile, "--out", tmp_path / "out")
    assert_refused(result, str(profile), "锚点", BOMB_LIMIT)
    assert not (tmp_path / "out").exists()


def test_an_anchor_bomb_meeting_file_is_refused(tmp_path):
    meeting = tmp_path / "会议.yaml"
    meeting.write_text(
        ANCHOR_BOMB.replace("i: &i", "amendments: &i") + "date: 2026-11-22\n", encoding="utf-8"
    )
    result = run_limited(
        "generate", "resolution", "adopt_charter", "--profile", EXAMPLE, "--meeting", meeting,
        "--out", tmp_path / "out",
    )  # fmt: skip
    assert_refused(result, str(meeting), "锚点", BOMB_LIMIT)


def test_corpus_add_refuses_an_anchor_bomb_sidecar(tmp_path):
    source = tmp_path / "意见.txt"
    source.write_text("一、总体要求\n学会理事会每年至少召开一次会议。\n", encoding="utf-8")
    meta = tmp_path / "意见.yaml"
    meta.write_text(ANCHOR_BOMB, encoding="utf-8")
    result = run_limited("corpus", "add", source, "--meta", meta)
    assert_refused(result, str(meta), "锚点", BOMB_LIMIT)


def test_a_user_corpus_metadata_bomb_is_named_by_every_command(xuehui_home):
    folder = xuehui_home / "data" / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bomb.yaml").write_text(ANCHOR_BOMB, encoding="utf-8")
    (folder / "bomb.txt").write_text("第一条 测试。\n", encoding="utf-8")
    result = run_limited("docs")
    assert_refused(result, "bomb.yaml", "锚点", BOMB_LIMIT)


def test_line_index_visits_each_anchor_once():
    from generator.profile import _line_index

    lines = _line_index(ANCHOR_BOMB)  # would walk 9 ** 9 paths if aliases were followed
    assert lines["a"] == 1 and lines["i"] == 9
    assert len(lines) < 200


@pytest.mark.parametrize("command", ["corpus", "audit"])
def test_an_encrypted_docx_is_named_as_password_protected(tmp_path, command):
    path = encrypted_docx(tmp_path)
    args = (
        ["audit", path, *AUDIT] if command == "audit" else ["corpus", "add", path, "--id", "x-2024"]
    )
    args += [] if command == "audit" else ["--title", "测试", "--region-code", "330000"]
    args += [] if command == "audit" else ["--level", "provincial"]
    result = run_limited(*args)
    assert_refused(result, path.name, "密码")


def test_an_old_doc_renamed_to_docx_is_not_called_encrypted(tmp_path):
    path = tmp_path / "旧.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    with pytest.raises(InputError) as err:
        limits.check_docx(path)
    assert ".doc" in err.value.message
    assert not limits.is_encrypted_docx(path.read_bytes())
    assert limits.is_encrypted_docx(encrypted_docx(tmp_path).read_bytes())


def test_text_with_too_many_paragraphs_is_refused():
    with pytest.raises(InputError) as err:
        limits.check_text("第一条\n" * (limits.MAX_PARAGRAPHS + 1), what="章程", where="a.txt")
    assert "段落过多" in str(err.value) and "a.txt" in str(err.value)


def test_corpus_add_refuses_a_huge_text_file_before_reading_it(tmp_path, capsys):
    from xuehui import cli

    source = tmp_path / "大.txt"
    with open(source, "wb") as handle:
        handle.truncate(limits.MAX_TEXT_BYTES + 1)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["corpus", "add", str(source), "--id", "big-2024", "--title", "大文件",
                  "--region-code", "330000", "--level", "provincial"])  # fmt: skip
    out = capsys.readouterr().err.replace("\n", "")
    assert exit_info.value.code == 2
    assert "过大" in out and "上限 8 MB" in out and "大.txt" in out
