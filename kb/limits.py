"""Limits on what user input may grow into, not only on its size.

A 400 KB .docx can inflate to gigabytes and a 300-byte YAML file with nested anchors to
millions of nodes; a size check on the upload alone misses both. These checks look at what
the input *becomes* — a zip's central directory (before any member is read), a YAML node
graph with its aliases expanded (before any Python object is built), the text's length — and
refuse early with a Chinese message. The CLI and the web app call the same functions.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import yaml

from kb.errors import InputError, yaml_problem

# .docx: a charter's document.xml is a few hundred KB; images sit in word/media uncompressed
MAX_DOCX_PART_BYTES = 16 * 1024 * 1024  # any one XML part, inflated
MAX_DOCX_TOTAL_BYTES = 200 * 1024 * 1024  # all parts together, inflated
MAX_DOCX_MEMBERS = 2000
MAX_DOCX_RATIO = 200  # inflated : compressed, for parts over 1 MB (text XML is ~10:1)

# text read from a user's file (a charter is 10–40 thousand characters, a long regulation
# a few hundred thousand; the longest has a few thousand paragraphs)
MAX_TEXT_CHARS = 1_000_000
MAX_TEXT_BYTES = 8 * 1024 * 1024  # a .txt/.md file on disk, checked before it is read
MAX_PARAGRAPHS = 50_000

# YAML: a profile has a few hundred nodes
MAX_YAML_CHARS = 2 * 1024 * 1024
MAX_YAML_NODES = 50_000  # counted with every alias expanded
MAX_YAML_ALIASES = 200

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files and old .doc
# An encrypted .docx is an OLE container with an "EncryptionInfo" stream, named (UTF-16) in
# the OLE directory, which sits near the start of a charter-sized file.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_OLE_SCAN = 4 * 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def is_encrypted_docx(data: bytes) -> bool:
    """True for a password-protected Word file (an OLE container, not a zip)."""
    return data[:8] == _OLE_MAGIC and _ENCRYPTION_INFO in data[: 8 + _OLE_SCAN]


def check_docx(source: str | Path | bytes, *, where: str | None = None) -> None:
    """Refuse a .docx that is not a zip, is encrypted, or would inflate past the limits.

    Only the zip's central directory is read: the declared uncompressed sizes are checked
    before a byte is inflated, so a zip bomb costs nothing.
    """
    if isinstance(source, (str, Path)):
        where = where or Path(source).name
        with open(source, "rb") as handle:
            head = handle.read(8)
            if head == _OLE_MAGIC:
                head += handle.read(_OLE_SCAN)
        opened = source
    else:
        head = source[: 8 + _OLE_SCAN]
        opened = io.BytesIO(source)
    if head[:8] == _OLE_MAGIC:
        if _ENCRYPTION_INFO in head:
            raise InputError(
                "这是设有打开密码（加密）的 Word 文件，无法读取。"
                "请在 Word 或 WPS 中输入密码打开，取消密码后另存为 .docx 再试",
                where=where,
            )
        raise InputError(
            "这是旧版 Word（.doc）文件或加密的 Word 文件，不是 .docx，无法读取。"
            "请在 Word 或 WPS 中打开（如设有密码请先取消），另存为 .docx 后重试",
            where=where,
        )
    try:
        with zipfile.ZipFile(opened) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(
            "不是有效的 Word（.docx）文件：文件可能已损坏，或是把 .doc、.wps 文件改了扩展名。"
            "请用 Word 或 WPS 打开后另存为 .docx",
            where=where,
        ) from None
    if len(members) > MAX_DOCX_MEMBERS:
        raise InputError(
            f"Word 文件内部的部件过多（{len(members)} 个，上限 {MAX_DOCX_MEMBERS} 个），"
            "不像是一份正常的文件",
            where=where,
        )
    total = 0
    for member in members:
        total += member.file_size
        xml = not member.filename.startswith("word/media/")
        too_big = xml and member.file_size > MAX_DOCX_PART_BYTES
        packed = member.file_size > 1024 * 1024 and (
            member.file_size > MAX_DOCX_RATIO * max(member.compress_size, 1)
        )
        if too_big or packed:
            limit = (
                f"单个部件上限 {_mb(MAX_DOCX_PART_BYTES)}"
                if too_big
                else f"压缩比上限 {MAX_DOCX_RATIO}:1"
            )
            raise InputError(
                f"Word 文件解压后过大（其中 {member.filename} 展开为 "
                f"{_mb(member.file_size)}，{limit}），不像是一份正常的文件，已拒绝读取。"
                "请用 Word 或 WPS 打开后另存为 .docx，或改为 .txt 文本",
                where=where,
            )
    if total > MAX_DOCX_TOTAL_BYTES:
        raise InputError(
            f"Word 文件解压后共 {_mb(total)}，超过 {_mb(MAX_DOCX_TOTAL_BYTES)} 的上限。"
            "请删除其中的图片后另存为 .docx，或改为上传 .txt",
            where=where,
        )


def check_text(text: str, *, what: str = "文件", where: str | None = None) -> None:
    """Refuse text longer (in characters or paragraphs) than any document this toolkit reads:
    segmentation and indexing cost grows with both."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{what}的文字过长（{len(text):,} 字，上限 {MAX_TEXT_CHARS:,} 字）。"
            "请确认选择的是正确的文件",
            where=where,
        )
    paragraphs = text.count("\n") + 1
    if paragraphs > MAX_PARAGRAPHS:
        raise InputError(
            f"{what}的段落过多（{paragraphs:,} 段，上限 {MAX_PARAGRAPHS:,} 段）。"
            "请确认选择的是正确的文件",
            where=where,
        )


def check_file_size(path: str | Path, *, what: str = "文件", where: str | None = None) -> None:
    """Refuse a text file too large to be a regulation or charter, before reading it."""
    size = Path(path).stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InputError(
            f"{what}过大（{size / 1024 / 1024:.1f} MB，上限 {_mb(MAX_TEXT_BYTES)}）。"
            "请确认选择的是正确的文件",
            where=where or str(path),
        )


class _LimitedLoader(yaml.SafeLoader):
    """``SafeLoader`` that refuses a node graph too large once its aliases are expanded."""

    _aliases = 0

    def compose_document(self):  # type: ignore[override]
        node = super().compose_document()
        _check_expanded(node)
        return node

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise _TooLarge(f"引用（*别名）超过 {MAX_YAML_ALIASES} 处")
        return super().compose_node(parent, index)


def _check_expanded(root) -> None:
    """Count the nodes as a consumer would see them, every alias expanded (memoised, so a
    billion-laughs graph costs as many steps as it has distinct nodes)."""
    sizes: dict[int, int] = {}

    def size(node) -> int:
        key = id(node)
        if key in sizes:
            if sizes[key] < 0:
                raise _TooLarge("锚点引用了自身")
            return sizes[key]
        sizes[key] = -1  # being counted
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        if total > MAX_YAML_NODES:
            raise _TooLarge(f"展开后超过 {MAX_YAML_NODES:,} 项")
        sizes[key] = total
        return total

    if root is not None:
        size(root)


class _TooLarge(Exception):
    pass


def load_yaml(text: str, *, source: str | None = None, what: str = "YAML "):
    """``yaml.safe_load`` with limits on length, aliases and expanded size.

    Raises ``InputError`` (Chinese, naming ``source`` and the line) for broken YAML too, so
    callers have one exception to handle; ``what`` names the kind of file (学会信息文件 …).
    """
    if len(text) > MAX_YAML_CHARS:
        raise InputError(
            f"YAML 文件过大（{len(text):,} 字，上限 {_mb(MAX_YAML_CHARS)}）", where=source
        )
    loader = _LimitedLoader(text)
    try:
        return loader.get_single_data()
    except _TooLarge as err:
        raise InputError(
            f"YAML 内容中的锚点与引用（&、*）展开后过大（{err}），已拒绝读取。"
            "请直接写出各项内容，不要嵌套引用",
            where=source,
        ) from None
    except (yaml.YAMLError, ValueError) as err:
        raise InputError(
            f"{what}格式有误，无法解析：{yaml_problem(err, text)}", where=source
        ) from None
    except RecursionError:
        raise InputError("YAML 内容嵌套过深，已拒绝读取", where=source) from None
    finally:
        loader.dispose()
