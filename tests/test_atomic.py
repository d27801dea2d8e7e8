"""Writes leave nothing half-done: `generate all` moves its whole set in at the end or leaves
the folder as it was; names fit the file system's byte limit including the temporary suffix;
temporary files of a killed run are cleaned; files are 0644, not mkstemp's 0600."""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

import pytest

from kb import atomic
from xuehui import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "henan-computer-society.yaml"
LONG_NAME = "河南省" + "计算机" * 18 + "学会"  # 59 characters, 177 bytes


def run(capsys, *args: object) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_info.value.code or 0, (captured.out + captured.err).replace("\n", "")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def long_profile(tmp_path: Path) -> Path:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines = [f"name: {LONG_NAME}" if line.startswith("name:") else line for line in lines]
    path = tmp_path / "学会.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_fit_stem_keeps_names_within_the_byte_limit_with_the_temp_suffix():
    stem = atomic.fit_stem("学会" * 200 + "关于设立专业委员会的决议20261122", ".docx")
    name = f"{stem}.docx"
    assert len(name.encode()) + atomic.TEMP_RESERVE <= atomic.NAME_MAX
    assert stem.endswith("的决议20261122")  # the end that tells a set's files apart stays
    assert atomic.fit_stem("章程\u202excod.exe\x1b[31m") == "章程xcod.exe[31m"
    assert atomic.fit_stem("  /\\ ") == "document"


def test_a_very_long_target_name_can_still_be_written(tmp_path, umask_022):
    path = tmp_path / ("章" * 84 + ".docx")  # 257 bytes: over the limit with any temp suffix
    path = path.with_name(atomic.fit_stem(path.stem, ".docx") + ".docx")
    atomic.write_bytes(path, b"x")
    assert path.read_bytes() == b"x"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_generate_all_with_a_long_society_name_writes_every_file(tmp_path, capsys, umask_022):
    out = tmp_path / "out"
    code, text = run(capsys, "generate", "all", "--profile", long_profile(tmp_path), "--out", out)
    assert code == 0, text
    names = sorted(p.name for p in out.iterdir())
    assert len(names) >= 11
    assert len(set(names)) == len(names)
    assert all(len(n.encode()) + atomic.TEMP_RESERVE <= atomic.NAME_MAX for n in names)
    assert all(stat.S_IMODE((out / n).stat().st_mode) == 0o644 for n in names)
    assert not any(n.startswith(".") for n in os.listdir(out))


def _fail_on_call(real, number: int, error: OSError):
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == number:
            raise error
        return real(*args, **kwargs)

    return wrapper


def test_a_failure_while_moving_the_set_in_leaves_the_folder_as_it_was(
    tmp_path, capsys, monkeypatch
):
    out = tmp_path / "out"
    code, _ = run(capsys, "generate", "all", "--profile", EXAMPLE, "--out", out)
    assert code == 0
    for p in out.iterdir():  # make the old set recognisable
        p.write_bytes(b"old " + p.name.encode())
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    boom = OSError(errno.EIO, "Input/output error", str(out / "x"))
    monkeypatch.setattr(atomic.os, "replace", _fail_on_call(os.replace, 9, boom))
    code, text = run(capsys, "generate", "all", "--profile", EXAMPLE, "--out", out, "--overwrite")
    assert code != 0 and "Traceback" not in text
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not any(n.startswith(".") for n in os.listdir(out))


def test_a_full_disk_writes_nothing_and_names_the_file(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(atomic.os, "fsync", _fail_on_call(os.fsync, 3, full))
    code, text = run(capsys, "generate", "all", "--profile", EXAMPLE, "--out", out)
    assert code != 0 and "磁盘空间不足" in text and str(out) in text and ".docx" in text
    assert not out.exists()


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path, capsys):
    out = tmp_path / "out"
    code, _ = run(capsys, "generate", "all", "--profile", EXAMPLE, "--out", out)
    charter = next(p for p in out.iterdir() if p.name.endswith("章程.docx"))
    stale_file = out / f".{charter.name}.ab12cd34.tmp"
    stale_file.write_bytes(b"half")
    stale_set = out / f"{atomic.SET_PREFIX}k9x.tmp"
    stale_set.mkdir()
    (stale_set / "0.new").write_bytes(b"half")
    hour_ago = time.time() - 3600
    os.utime(stale_set, (hour_ago, hour_ago))
    unrelated = out / ".my-notes.tmp"
    unrelated.write_bytes(b"mine")
    code, text = run(capsys, "generate", "all", "--profile", EXAMPLE, "--out", out, "--overwrite")
    assert code == 0, text
    assert not stale_file.exists() and not stale_set.exists()
    assert unrelated.exists()


def test_a_single_write_cleans_old_temporary_files_of_its_target(tmp_path):
    target = tmp_path / "章程.docx"
    stale = tmp_path / ".章程.docx.zz99yy88.tmp"
    stale.write_bytes(b"half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    atomic.write_bytes(target, b"new")
    assert not stale.exists() and target.read_bytes() == b"new"
