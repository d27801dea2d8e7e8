"""`xuehui corpus add`: a user's own regulation becomes part of the corpus, or, when the
input is bad, a clear Chinese message and nothing changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from docx import Document as WordDocument
from typer.testing import CliRunner

import kb
from kb import paths
from kb.errors import XuehuiError
from kb.ingest import add_document
from kb.lookup import search
from xuehui.cli import app

CHARTER = """浙江省测试学会章程
第一章 总则
第一条 本会名称为浙江省测试学会。
第二条 本会是由科技工作者自愿组成的学术性、非营利性社会组织。
第二章 组织机构
第十条 理事会是会员代表大会的执行机构。
理事会每届五年。
第十一条 理事长年龄不超过七十周岁。
"""
META = {
    "id": "zhejiang-2024",
    "title": "浙江省测试学会章程",
    "region_code": "330000",
    "level": "provincial",
}


def user_files() -> list[str]:
    folder = paths.user_corpus_dir()
    return (
        sorted(
            str(p.relative_to(folder))
            for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".")
        )
        if folder.exists()
        else []
    )


def manifest_text() -> str:
    return (paths.cache_dir() / "index.json").read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- accepted input


def test_added_text_is_listed_searchable_and_kept_verbatim(tmp_path):
    source = write(tmp_path, "章程.txt", CHARTER.encode("utf-8"))
    document = add_document(source, **META)
    assert "zhejiang-2024" in kb.load_corpus()
    assert not kb.load_corpus().document("zhejiang-2024").builtin
    assert sorted(user_files()) == [
        "originals/zhejiang-2024.txt",
        "zhejiang-2024.txt",
        "zhejiang-2024.yaml",
    ]
    folder = paths.user_corpus_dir()
    assert (folder / "originals/zhejiang-2024.txt").read_bytes() == source.read_bytes()
    assert (
        document.clause("zhejiang-2024/chp_2__art_11").citation == "《浙江省测试学会章程》第十一条"
    )
    hits = search(None, "理事长年龄上限", limit=3)
    assert "zhejiang-2024/chp_2__art_11" in [h.clause_id for h in hits]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_common_chinese_encodings_are_read(tmp_path, encoding):
    source = write(tmp_path, "章程.txt", CHARTER.encode(encoding))
    document = add_document(source, **META)
    assert document.body.startswith("浙江省测试学会章程")
    assert "第十一条 理事长年龄不超过七十周岁。" in document.body


def test_word_file_is_read_paragraph_by_paragraph(tmp_path):
    word = WordDocument()
    for line in CHARTER.splitlines():
        word.add_paragraph(line)
    path = tmp_path / "章程.docx"
    word.save(str(path))
    document = add_document(path, **META)
    assert document.clause("zhejiang-2024/chp_1__art_1").text == "第一条 本会名称为浙江省测试学会。"
    assert document.clause("zhejiang-2024/chp_2__art_10__para_2").text == "理事会每届五年。"


def test_markdown_marks_are_dropped_words_kept(tmp_path):
    text = "# 浙江省测试学会章程\n\n## 第一章 总则\n\n**第一条** 本会名称为浙江省测试学会。\n"
    document = add_document(write(tmp_path, "章程.md", text.encode("utf-8")), **META)
    assert "第一条 本会名称为浙江省测试学会。" in document.body
    assert "#" not in document.body and "**" not in document.body


def test_metadata_can_come_from_a_sidecar_file_and_flags_override_it(tmp_path):
    sidecar = tmp_path / "meta.yaml"
    sidecar.write_text(
        yaml.safe_dump(
            {**META, "issuers": ["浙江省科协"], "date_issued": "2024-03-01", "title": "旧标题"},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    source = write(tmp_path, "章程.txt", CHARTER.encode("utf-8"))
    document = add_document(source, meta_file=sidecar, title="浙江省测试学会章程")
    assert document.meta.title == "浙江省测试学会章程"
    assert document.meta.issuers == ["浙江省科协"] and document.year == 2024
    saved = yaml.safe_load((paths.user_corpus_dir() / "zhejiang-2024.yaml").read_text("utf-8"))
    assert (
        saved["title"] == "浙江省测试学会章程"
        and saved["source_file"] == "originals/zhejiang-2024.txt"
    )


# ---------------------------------------------------------------- rejected input


REJECTIONS = [
    ("empty.txt", b"", META, "空"),
    ("blank.txt", b"  \n\n ", META, "空"),
    ("latin.txt", bytes(range(0x80, 0x100)) * 4, META, "编码"),
    ("fake.docx", "第一条 不是 Word 文件".encode(), META, "不是有效的 Word"),
    ("old.doc", CHARTER.encode(), META, "不支持"),
    ("plain.txt", "这只是一段没有任何编号的文字。\n第二段也没有。\n".encode(), META, "编号"),
    ("ok.txt", CHARTER.encode(), {**META, "id": "henan-2018"}, "已被内置文件"),
    ("ok.txt", CHARTER.encode(), {k: v for k, v in META.items() if k != "title"}, "标题"),
    ("ok.txt", CHARTER.encode(), {**META, "level": "city"}, "level"),
    ("ok.txt", CHARTER.encode(), {**META, "region_code": "33"}, "行政区划代码"),
    ("ok.txt", CHARTER.encode(), {**META, "id": "Bad ID"}, "id"),
]


@pytest.mark.parametrize(
    ("name", "data", "meta", "message"), REJECTIONS, ids=[f"{r[0]}-{r[3]}" for r in REJECTIONS]
)
def test_bad_input_is_rejected_in_chinese_and_changes_nothing(tmp_path, name, data, meta, message):
    before_manifest = manifest_text()
    with pytest.raises(XuehuiError) as err:
        add_document(write(tmp_path, name, data), **meta)
    assert message in str(err.value)
    assert re.search(r"[\u4e00-\u9fff]", str(err.value))
    assert user_files() == []
    assert len(kb.load_corpus()) == 7
    assert manifest_text() == before_manifest


def test_a_second_document_with_the_same_id_is_rejected(tmp_path):
    source = write(tmp_path, "章程.txt", CHARTER.encode("utf-8"))
    add_document(source, **META)
    files = user_files()
    with pytest.raises(XuehuiError, match="已被用户添加的文件"):
        add_document(source, **META)
    assert user_files() == files


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(XuehuiError, match="文件不存在"):
        add_document(tmp_path / "nowhere.txt", **META)


# ---------------------------------------------------------------- CLI


def test_cli_corpus_add_then_search_finds_the_new_clauses(tmp_path):
    source = write(tmp_path, "章程.txt", CHARTER.encode("utf-8"))
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "corpus",
            "add",
            str(source),
            "--id",
            "zhejiang-2024",
            "--title",
            "浙江省测试学会章程",
            "--region-code",
            "330000",
            "--level",
            "provincial",
            "--issuer",
            "浙江省测试学会",
            "--date",
            "2024-03-01",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "zhejiang-2024" and data["indexed_clauses"] > 201
    found = runner.invoke(app, ["search", "理事会每届五年", "--exact", "--json"])
    assert [h["clause_id"] for h in json.loads(found.stdout)] == [
        "zhejiang-2024/chp_2__art_10__para_2"
    ]
    listed = runner.invoke(app, ["docs", "--json"])
    assert "zhejiang-2024" in [d["id"] for d in json.loads(listed.stdout)]


def test_cli_corpus_add_with_missing_metadata_exits_with_a_message(tmp_path):
    from xuehui.cli import main

    source = write(tmp_path, "章程.txt", CHARTER.encode("utf-8"))
    with pytest.raises(SystemExit) as exit_info:
        main(["corpus", "add", str(source), "--id", "zhejiang-2024"])
    assert exit_info.value.code == 2
    assert user_files() == []
