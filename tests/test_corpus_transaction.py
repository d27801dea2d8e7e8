"""`corpus add` and `corpus remove` are transactions: the corpus entry and the search index
change together or not at all. A failure (disk full, read-only cache) leaves the previous
state usable — the document is not listed, its id is free, search answers from the last good
index. `corpus add --dry-run` reports and writes nothing."""

from __future__ import annotations

import errno
import json

import pytest

import kb
from kb import index as kb_index
from kb import paths
from xuehui import cli

BODY = "一、总体要求\n学会理事会每年至少召开一次会议。\n二、组织建设\n学会应当设立滨江监事会。\n"
META = ["--title", "浙江省学会改革意见", "--region-code", "330000", "--level", "provincial"]


def run(capsys, *args: object) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_info.value.code or 0, (captured.out + captured.err).replace("\n", "")


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "意见.txt"
    path.write_text(BODY, encoding="utf-8")
    return path


def user_files() -> list[str]:
    folder = paths.user_corpus_dir()
    if not folder.exists():
        return []
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and ".lock" not in p.name
    )


def listed_ids(capsys) -> list[str]:
    code, out = run(capsys, "docs", "--json")
    assert code == 0
    return [d["id"] for d in json.loads(out)]


def search_ids(capsys, query: str) -> list[str]:
    code, out = run(capsys, "search", query, "--json")
    assert code == 0, out
    return [h["clause_id"] for h in json.loads(out)]


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def read_only(*args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied", str(paths.cache_dir() / "index.json"))


@pytest.mark.parametrize(
    ("target", "failure", "message"),
    [("build", disk_full, "磁盘空间不足"), ("Manifest.write", read_only, "没有权限")],
)
def test_a_failed_index_update_leaves_the_document_out(
    capsys, monkeypatch, source, target, failure, message
):
    before = search_ids(capsys, "理事会 会议")
    owner = kb_index.Manifest if "." in target else kb_index
    with monkeypatch.context() as m:
        m.setattr(owner, target.split(".")[-1], failure)
        code, out = run(capsys, "corpus", "add", source, "--id", "zhejiang-2024", *META)
    assert code != 0 and message in out and "Traceback" not in out
    assert user_files() == []
    assert "zhejiang-2024" not in listed_ids(capsys)
    assert search_ids(capsys, "理事会 会议") == before  # the last good index still answers
    code, out = run(capsys, "corpus", "add", source, "--id", "zhejiang-2024", *META)
    assert code == 0, out  # the id was never taken


def test_search_keeps_working_on_the_last_good_index_without_a_rebuild(capsys, monkeypatch, source):
    with monkeypatch.context() as m:
        m.setattr(kb_index, "build", disk_full)
        run(capsys, "corpus", "add", source, "--id", "zhejiang-2024", *META)
        kb_index.forget()
        kb.reload()
        assert search_ids(capsys, "监事会")  # no rebuild needed: the build would fail


def test_remove_takes_the_document_out_of_the_corpus_and_the_index(capsys, source):
    code, out = run(capsys, "corpus", "add", source, "--id", "zhejiang-2024", *META)
    assert code == 0, out
    assert any(c.startswith("zhejiang-2024/") for c in search_ids(capsys, "滨江监事会"))
    code, out = run(capsys, "corpus", "remove", "zhejiang-2024")
    assert code == 0 and "已删除" in out and "浙江省学会改革意见" in out
    assert user_files() == []
    assert "zhejiang-2024" not in listed_ids(capsys)
    assert not any(c.startswith("zhejiang-2024/") for c in search_ids(capsys, "滨江监事会"))
    code, out = run(capsys, "corpus", "add", source, "--id", "zhejiang-2024", *META)
    assert code == 0, out


def test_remove_with_a_failing_index_update_puts_everything_back(capsys, monkeypatch, source):
    run(capsys, "corpus", "add", source, "--id", "zhejiang-2024", *META)
    files = user_files()
    with monkeypatch.context() as m:
        m.setattr(kb_index, "build", disk_full)
        code, out = run(capsys, "corpus", "remove", "zhejiang-2024")
    assert code != 0 and "磁盘空间不足" in out
    assert user_files() == files
    assert "zhejiang-2024" in listed_ids(capsys)
    assert any(c.startswith("zhejiang-2024/") for c in search_ids(capsys, "滨江监事会"))


def test_remove_refuses_a_builtin_document_and_names_unknown_ids(capsys):
    code, out = run(capsys, "corpus", "remove", "henan-2018")
    assert code != 0 and "内置文件" in out and "不能删除" in out
    assert "henan-2018" in listed_ids(capsys)
    code, out = run(capsys, "corpus", "remove", "nowhere-2024")
    assert code != 0 and "nowhere-2024" in out and "henan-2018" in out


def test_dry_run_reports_and_writes_nothing(capsys, source):
    manifest = (paths.cache_dir() / "index.json").read_text(encoding="utf-8")
    code, out = run(capsys, "corpus", "add", source, "--id", "zhejiang-2024", *META, "--dry-run")
    assert code == 0
    assert "试运行" in out and "4 个条款" in out and "浙江省" in out and "未写入" in out
    assert user_files() == []
    assert (paths.cache_dir() / "index.json").read_text(encoding="utf-8") == manifest
    code, out = run(
        capsys, "corpus", "add", source, "--id", "zhejiang-2024", *META, "--dry-run", "--json"
    )
    data = json.loads(out)
    assert data["dry_run"] is True and data["clause_count"] == 4
    assert user_files() == []


def test_dry_run_still_refuses_a_taken_id(capsys, source):
    code, out = run(capsys, "corpus", "add", source, "--id", "henan-2018", *META, "--dry-run")
    assert code != 0 and "已被内置文件" in out
