"""Adding a user's own regulation to the corpus (`xuehui corpus add`).

The file (.txt, .md or .docx) is read by ``kb.reader`` (the reader the charter audit uses
too: encodings, Markdown, Word's automatic numbering), validated, cleaned with ``kb.cleaning.clean_text`` and
segmented before anything is written. Only then are the original (under ``originals/``), the
cleaned body and, last, the metadata YAML written atomically into the user corpus folder; the
loader only sees a document once its YAML exists, so a failure at any point leaves the corpus
(and therefore the index, which follows the corpus) as it was.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kb import atomic, paths
from kb.cleaning import clean_text
from kb.corpus import Document, DocumentMeta, describe_validation_error
from kb.errors import InputError, XuehuiError, yaml_problem
from kb.reader import read_source

REQUIRED = ("id", "title", "region_code", "level")
FIELD_LABELS = {
    "id": "编号（--id）",
    "title": "标题（--title）",
    "region_code": "行政区划代码（--region-code）",
    "level": "层级（--level）",
}
_NUMBERED = re.compile(
    r"^\s*(第[零〇一二两三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]+\s*[、．.]"
    r"|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,3}\s*[.．、]|[⑴-⒇①-⑳])",
    re.MULTILINE,
)


def read_sidecar(path: Path) -> dict[str, Any]:
    where = str(path)
    if path.is_dir():
        raise InputError("这是一个文件夹，请给出元数据 YAML 文件", where=where)
    if not path.exists():
        raise InputError("找不到元数据文件", where=where)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError("元数据文件无法读取（没有读取权限或文件被占用）", where=where) from exc
    except UnicodeDecodeError as exc:
        raise InputError("元数据文件应为 UTF-8 编码", where=where) from exc
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date such as 2024-02-30
        raise InputError(
            f"元数据文件不是有效的 YAML：{yaml_problem(exc, text)}", where=where
        ) from exc
    if not isinstance(data, dict):
        raise InputError("元数据文件应为 YAML 映射（字段: 值）", where=where)
    return data


def build_meta(fields: dict[str, Any], source: Path, where: str) -> DocumentMeta:
    """Validated metadata from flags and/or a sidecar file."""
    missing = [FIELD_LABELS[f] for f in REQUIRED if not fields.get(f)]
    if missing:
        raise InputError(
            "缺少元数据：" + "、".join(missing) + "（可用命令行选项或 --meta 元数据文件提供）",
            where=where,
        )
    data = {k: v for k, v in fields.items() if v not in (None, "", [])}
    if isinstance(data.get("issuers"), str):
        data["issuers"] = [data["issuers"]]
    for key in ("region_code", "date_issued", "date_published"):
        if key in data:
            data[key] = str(data[key])
    data["source_file"] = f"originals/{data['id']}{source.suffix.lower()}"
    data["original_name"] = source.name
    try:
        return DocumentMeta.model_validate(data)
    except ValidationError as err:
        raise describe_validation_error(err, where) from err


def add_document(
    path: str | Path, *, meta_file: str | Path | None = None, **fields: Any
) -> Document:
    """Validate, segment and store a user's regulation; returns the new document.

    ``fields`` are DocumentMeta fields (id, title, region_code, level, issuers, date_issued,
    doc_number, short_title, region_name …); values given here override the sidecar file.
    """
    source = Path(path)
    merged: dict[str, Any] = {}
    if meta_file is not None:
        merged.update(read_sidecar(Path(meta_file)))
    merged.update({k: v for k, v in fields.items() if v not in (None, "", [], ())})
    where = str(meta_file or source)
    meta = build_meta(merged, source, where)

    raw = read_source(source, what="要添加的文件")
    body = clean_text(raw)
    if not body.strip():
        raise InputError("文件没有正文内容（去掉空白和网页杂项后为空）", where=str(source))
    if not _NUMBERED.search(body):
        raise InputError(
            "未识别出任何条款编号（如 第一条、一、（一）、1.）：无法按条款引用，请确认这是法规正文",
            where=str(source),
        )

    from filelock import FileLock

    folder = paths.user_corpus_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".add.lock"), timeout=60):
        return _store(source, meta, body, folder)


def _store(source: Path, meta: DocumentMeta, body: str, folder: Path) -> Document:
    """Write the document's files, the metadata last; undo on any failure."""
    import kb

    corpus = kb.reload()
    if meta.id in corpus:
        existing = corpus.document(meta.id)
        kind = "内置文件" if existing.builtin else "用户添加的文件"
        raise XuehuiError(
            f"编号 {meta.id} 已被{kind}《{existing.title}》使用，请换一个编号", where=str(source)
        )
    document = Document(meta=meta, body=body, builtin=False, folder=folder)

    written: list[Path] = []
    try:
        original = folder / meta.source_file
        atomic.write_bytes(original, source.read_bytes())
        written.append(original)
        body_path = folder / f"{meta.id}.txt"
        atomic.write_text(body_path, body)
        written.append(body_path)
        header = "# Added with `xuehui corpus add`. Field meanings: corpus/README.md.\n"
        dump = yaml.safe_dump(
            meta.model_dump(exclude_none=True), allow_unicode=True, sort_keys=False
        )
        atomic.write_text(folder / f"{meta.id}.yaml", header + dump)
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        raise
    kb.reload()
    return document
