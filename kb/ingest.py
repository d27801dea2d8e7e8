"""Adding a user's own regulation to the corpus (`xuehui corpus add`).

The file (.txt, .md or .docx) is read by ``kb.reader`` (the reader the charter audit uses
too: encodings, Markdown, Word's automatic numbering), validated, cleaned with ``kb.cleaning.clean_text`` and
segmented before anything is written. Only then are the original (under ``originals/``), the
cleaned body and, last, the metadata YAML written atomically into the user corpus folder; the
loader only sees a document once its YAML exists, so a failure at any point leaves the corpus
(and therefore the index, which follows the corpus) as it was.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kb import atomic, paths
from kb.cleaning import clean_text
from kb.corpus import Document, DocumentMeta, describe_validation_error
from kb.errors import InputError, XuehuiError
from kb.limits import load_yaml
from kb.reader import read_source
from kb.regions import region_problem
from kb.scopes import resolve as resolve_scopes

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
    resolve_scopes(data, where)
    data["source_file"] = f"originals/{data['id']}{source.suffix.lower()}"
    data["original_name"] = source.name
    try:
        meta = DocumentMeta.model_validate(data)
    except ValidationError as err:
        raise describe_validation_error(err, where) from err
    _check_entered_values(meta, where)
    return meta


def _check_entered_values(meta: DocumentMeta, where: str) -> None:
    """What the stored format allows but a new document cannot be: an unknown region (the
    jurisdiction check would reject it later) or an issue date in the future."""
    problem = region_problem(meta.region_code)
    if problem:
        raise InputError(f"行政区划代码（--region-code）有误：{problem}", where=where)
    today = datetime.date.today()
    for label, value in (
        ("印发日期（--date）", meta.date_issued),
        ("发布日期", meta.date_published),
    ):
        if not value:
            continue
        parts = [int(p) for p in value.split("-")]
        earliest = datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, 1)
        if len(parts) == 3:
            earliest = datetime.date(*parts)
        if earliest > today:
            raise InputError(
                f"{label} {value} 晚于今天（{today:%Y-%m-%d}），请核对：只能添加已经印发的文件",
                where=where,
            )


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
    ``binds``/``refers`` may be short forms (``["330000:省级,地市级"]``, see ``kb.scopes``);
    without them the document binds its own region at its own level.
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
