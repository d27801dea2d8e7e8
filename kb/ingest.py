"""Adding a user's own regulation to the corpus (`xuehui corpus add`).

The file (.txt, .md or .docx) is read, validated, cleaned with ``kb.cleaning.clean_text`` and
segmented before anything is written. Only then are the original (under ``originals/``), the
cleaned body and, last, the metadata YAML written atomically into the user corpus folder; the
loader only sees a document once its YAML exists, so a failure at any point leaves the corpus
(and therefore the index, which follows the corpus) as it was.
"""

from __future__ import annotations

import codecs
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kb import atomic, paths
from kb.cleaning import clean_text
from kb.corpus import Document, DocumentMeta, describe_validation_error
from kb.errors import InputError, XuehuiError
from kb.limits import check_docx, check_file_size, check_text, load_yaml

SUFFIXES = (".txt", ".md", ".docx")
REQUIRED = ("id", "title", "region_code", "level")
FIELD_LABELS = {
    "id": "编号（--id）",
    "title": "标题（--title）",
    "region_code": "行政区划代码（--region-code）",
    "level": "层级（--level）",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NUMBERED = re.compile(
    r"^\s*(第[零〇一二两三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]+\s*[、．.]"
    r"|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,3}\s*[.．、]|[⑴-⒇①-⑳])",
    re.MULTILINE,
)


def decode_text(data: bytes, where: str) -> str:
    """Text of a .txt/.md file in UTF-8 (with or without BOM), UTF-16 with BOM or GB18030."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"文件以 {encoding} 标记开头，但内容无法按该编码读取", where=where
                ) from exc
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    raise InputError(
        "无法识别文件编码：支持 UTF-8、GB18030（GBK）和带 BOM 的 UTF-16，请另存为 UTF-8 后重试",
        where=where,
    )


def _plausible(text: str) -> bool:
    """Decoded text looks like writing, not like bytes read in the wrong encoding."""
    if "\x00" in text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    odd = sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    return controls + odd <= len(text) * 0.01


def _markdown_to_text(text: str) -> str:
    """Drop Markdown's own marks (# headings, **bold**), keep every word of the text."""
    text = re.sub(r"^\s{0,3}#{1,6}\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return text


def read_docx(path: Path) -> str:
    """Paragraphs (and table cells) of a Word file, one per line."""
    where = str(path)
    check_docx(path, where=where)  # zip directory only: a zip bomb is refused unread
    from docx import Document as WordDocument
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        word = WordDocument(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(
            "Word 文件无法打开：压缩包里没有 Word 正文，可能已损坏或不是 Word 文档"
            "（请用 Word 或 WPS 打开后另存为 .docx）",
            where=where,
        ) from exc
    except XMLSyntaxError as exc:
        raise InputError(
            "Word 文件的正文已损坏，无法读取（请用 Word 或 WPS 打开后另存为 .docx）", where=where
        ) from exc
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def read_source(path: Path) -> str:
    """The raw text of a .txt/.md/.docx file, or InputError in Chinese."""
    where = str(path)
    if path.is_dir():
        raise InputError("这是一个文件夹，请给出要添加的文件（.txt、.md 或 .docx）", where=where)
    if not path.is_file():
        raise InputError("文件不存在", where=where)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"不支持的文件类型 {suffix or '（无扩展名）'}：请使用 .txt、.md 或 .docx", where=where
        )
    if suffix == ".docx":
        text = read_docx(path)
    else:
        check_file_size(path, where=where)
        data = path.read_bytes()
        if not data.strip():
            raise InputError("文件是空的", where=where)
        text = decode_text(data, where)
        text = _markdown_to_text(text) if suffix == ".md" else text
    check_text(text, where=where)
    return text


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
    data = load_yaml(text, source=where)
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
    path: str | Path,
    *,
    meta_file: str | Path | None = None,
    dry_run: bool = False,
    update_index: bool = True,
    **fields: Any,
) -> Document:
    """Validate, segment and store a user's regulation; returns the new document.

    ``fields`` are DocumentMeta fields (id, title, region_code, level, issuers, date_issued,
    doc_number, short_title, region_name …); values given here override the sidecar file.
    The addition is one transaction: when ``update_index`` is set (the default) the search
    index is rebuilt before it counts as done, and if that fails the document's files are
    removed again, so the corpus matches the last good index and search keeps working.
    ``dry_run`` checks everything (including that the id is free) and writes nothing.
    """
    source = Path(path)
    merged: dict[str, Any] = {}
    if meta_file is not None:
        merged.update(read_sidecar(Path(meta_file)))
    merged.update({k: v for k, v in fields.items() if v not in (None, "", [], ())})
    where = str(meta_file or source)
    meta = build_meta(merged, source, where)

    raw = read_source(source)
    body = clean_text(raw)
    if not body.strip():
        raise InputError("文件没有正文内容（去掉空白和网页杂项后为空）", where=str(source))
    if not _NUMBERED.search(body):
        raise InputError(
            "未识别出任何条款编号（如 第一条、一、（一）、1.）：无法按条款引用，请确认这是法规正文",
            where=str(source),
        )
    folder = paths.user_corpus_dir()
    if dry_run:
        _check_id_free(meta, source)
        return Document(meta=meta, body=body, builtin=False, folder=folder)

    from filelock import FileLock

    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".add.lock"), timeout=60):
        return _store(source, meta, body, folder, update_index)


def _check_id_free(meta: DocumentMeta, source: Path) -> None:
    import kb

    corpus = kb.reload()
    if meta.id in corpus:
        existing = corpus.document(meta.id)
        kind = "内置文件" if existing.builtin else "用户添加的文件"
        raise XuehuiError(
            f"编号 {meta.id} 已被{kind}《{existing.title}》使用，请换一个编号", where=str(source)
        )


def _store(
    source: Path, meta: DocumentMeta, body: str, folder: Path, update_index: bool
) -> Document:
    """Write the document's files, the metadata last, then the index; undo on any failure."""
    import kb

    _check_id_free(meta, source)
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
        meta_path = folder / f"{meta.id}.yaml"
        atomic.write_text(meta_path, header + dump)
        written.append(meta_path)
        if update_index:
            _reindex()
    except BaseException:
        for p in reversed(written):  # the metadata first: the loader stops seeing it at once
            p.unlink(missing_ok=True)
        kb.reload()
        raise
    kb.reload()
    return document


def _reindex() -> None:
    """Rebuild the search index for the corpus as it now is (raises if it cannot)."""
    import kb
    from kb.index import open_index

    open_index(kb.reload)


def remove_document(doc_id: str, *, update_index: bool = True) -> Document:
    """Remove a document the user added (never a built-in one); returns it.

    Like ``add_document`` a transaction: the files are moved aside, the index is rebuilt,
    and only then are they deleted; if the rebuild fails they are put back.
    """
    import shutil
    import tempfile

    from filelock import FileLock

    import kb

    folder = paths.user_corpus_dir()
    corpus = kb.reload()
    document = corpus.document(doc_id)  # unknown id: XuehuiError listing the known ones
    if document.builtin:
        raise XuehuiError(
            f"{doc_id} 是内置文件《{document.title}》，不能删除（只能删除用 xuehui corpus add "
            "添加的文件）"
        )
    with FileLock(str(folder / ".add.lock"), timeout=60):
        meta_path = folder / f"{doc_id}.yaml"
        if not meta_path.exists():  # removed by another process meanwhile
            raise XuehuiError(f"语料库中已没有编号为 {doc_id} 的文件")
        files = [meta_path, folder / f"{doc_id}.txt", folder / document.meta.source_file]
        aside = Path(tempfile.mkdtemp(prefix=f".removing-{doc_id}-", dir=folder))
        moved: list[tuple[Path, Path]] = []
        try:
            for number, path in enumerate(files):  # the metadata first: unseen at once
                if path.exists():
                    target = aside / f"{number}-{path.name}"  # body and original share a name
                    os.replace(path, target)
                    moved.append((target, path))
            if update_index:
                _reindex()
        except BaseException:
            for target, path in reversed(moved):
                os.replace(target, path)
            shutil.rmtree(aside, ignore_errors=True)
            kb.reload()
            raise
        shutil.rmtree(aside, ignore_errors=True)
    kb.reload()
    return document
