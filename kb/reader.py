"""The one reader of source files (.txt, .md, .docx): what a user hands to xuehui, as text.

`xuehui corpus add` (``kb.ingest``) and the charter audit (``generator.audit.reader``) both
read files here, so a document reads the same wherever it enters:

- text files in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (GBK/GB2312);
  bytes that decode but are not writing (a Latin-1 file read as GB18030) are refused;
- Markdown with its own marks (#, **, >, list bullets) dropped, every word kept;
- Word files one paragraph a line, table cells included, text boxes read once, and the
  numbers Word draws itself (automatic list numbering "第%1条", "（%1）") written out, because
  in many charters and regulations the article numbers exist only in numbering.xml.

Anything that cannot be read raises ``InputError`` with a Chinese reason and the file name.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

from kb.errors import InputError
from kb.limits import check_docx, check_file_size, check_text
from kb.numerals import cn_int

MAX_BYTES = 20 * 1024 * 1024  # a charter or regulation is a few dozen pages; room for images
SUFFIXES = (".txt", ".text", ".md", ".markdown", ".docx")
MARKDOWN = (".md", ".markdown")
_SPACE = " \t\r\u3000\xa0\ufeff"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_source(path: str | Path, *, what: str = "文件", where: str | None = None) -> str:
    """The text of a .txt/.md/.docx file, one paragraph a line.

    ``what`` names the file in messages (章程文件, 要添加的文件); ``where`` is the name shown
    to the user (the uploaded file's name in the web app), the path by default.
    """
    path = Path(path)
    where = where or str(path)
    if path.is_dir():
        raise InputError(f"这是一个文件夹，请给出{what}（.docx、.txt 或 .md）", where=where)
    if not path.is_file():
        raise InputError("文件不存在", where=where)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps"):
        raise InputError(
            f"不支持旧版 Word 格式（{suffix}）。请在 Word 或 WPS 中“另存为” .docx 后重试",
            where=where,
        )
    if suffix == ".pdf":
        raise InputError(
            "不支持 PDF。请提供 Word（.docx）或文本（.txt、.md）格式的文件", where=where
        )
    if suffix not in SUFFIXES:
        raise InputError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请使用 .docx、.txt 或 .md", where=where
        )
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），不应超过 {MAX_BYTES // 1024 // 1024} MB。"
            "请确认选择的文件正确，或删除其中的图片后另存为 .docx 或 .txt",
            where=where,
        )
    if suffix == ".docx":
        check_docx(path, where=where)  # zip directory only: a zip bomb is refused unread
    else:
        check_file_size(path, what=what, where=where)
    data = path.read_bytes()
    return read_bytes(data, suffix, where)


def read_bytes(data: bytes, suffix: str, where: str) -> str:
    """The text of a file's bytes, by its suffix (.docx, .md, anything else as text)."""
    if not data.strip():
        raise InputError("文件是空的", where=where)
    if suffix == ".docx":
        text = docx_text(data, where)
    else:
        text = decode_text(data, where)
        text = strip_markdown(text) if suffix in MARKDOWN else text
    check_text(text, where=where)  # characters and paragraphs, before segmentation
    return text


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (which covers GBK/GB2312)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
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
        "无法识别文件的文字编码（支持 UTF-8、UTF-16、GBK/GB18030），或这不是一个文本文件，"
        "请另存为 UTF-8 后重试",
        where=where,
    )


def _plausible(text: str) -> bool:
    """Decoded text looks like writing, not like bytes read in the wrong encoding."""
    if "\x00" in text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    odd = sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    return controls + odd <= len(text) * 0.01


def strip_markdown(text: str) -> str:
    """Drop Markdown marks (#, **, >, list bullets) that are not part of the wording."""
    import re

    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
        line = re.sub(r"^\s{0,3}(?:>\s*|[-*+]\s+)", "", line)
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        lines.append(line)
    return "\n".join(lines)


# --- Word files ---------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_IMAGE_TAGS = ("drawing", "pict", "object")


def docx_text(data: bytes, where: str) -> str:
    """The text of a .docx, one paragraph a line, with automatic list numbers written out.

    Paragraphs are read in document order, table cells included (a paragraph inside a table
    is a paragraph of the body too). Word numbers articles with a list style ("第%1条") whose
    number is only in numbering.xml; it is reconstructed the way Word counts it.
    """
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    check_docx(data, where=where)  # encrypted, or inflating past the limits: refused unread
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(
            "不是有效的 Word（.docx）文件：.docx 应为 zip 压缩格式，文件可能已损坏，或是把 "
            ".doc、.wps 文件改了扩展名。请用 Word 或 WPS 打开后另存为 .docx",
            where=where,
        )
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(
            "不是有效的 Word（.docx）文件：压缩包里没有 Word 正文，可能已损坏或不是 Word 文档。"
            "请用 Word 或 WPS 打开后另存为 .docx",
            where=where,
        ) from exc
    except Exception as exc:  # lxml errors inside a broken package: still the user's file
        raise InputError(
            "Word 文件的正文已损坏，无法解析。请用 Word 或 WPS 打开后另存为 .docx", where=where
        ) from exc
    numbering = _Numbering(document)
    styles = _style_numbering(document)
    lines = []
    body = document.element.body
    for p in body.iter(f"{_W}p"):
        if any(a.tag == _FALLBACK for a in p.iterancestors()):
            continue  # the VML copy of a text box already read from its DrawingML twin
        text = _paragraph_text(p)
        if not text.strip(_SPACE):
            continue
        prefix = numbering.label(p, styles)
        lines.append(prefix + text if prefix and not text.startswith(prefix) else text)
    if not lines:
        has_images = any(el.tag == f"{_W}{tag}" for el in body.iter() for tag in _IMAGE_TAGS)
        if has_images:
            raise InputError(
                "该 Word 文件只有图片，没有可读取的文字（可能是扫描件）。请提供文字版，"
                "或先对扫描件进行文字识别（OCR）后另存为 .docx",
                where=where,
            )
        raise InputError("该 Word 文件中没有文字（文件是空的）", where=where)
    return "\n".join(lines)


def _paragraph_text(p) -> str:
    parts = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _style_numbering(document) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry list numbering: style id → (numId, ilvl)."""
    out = {}
    for style in document.styles.element.iter(f"{_W}style"):
        num_pr = style.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        if num_id is not None:
            out[style.get(f"{_W}styleId")] = (
                num_id.get(f"{_W}val"),
                int(ilvl.get(f"{_W}val")) if ilvl is not None else 0,
            )
    return out


_CN_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographDigital",
    "japaneseCounting",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
}
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _format(n: int, fmt: str) -> str:
    if fmt in _CN_FORMATS:
        return cn_int(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x245F + n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(n)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Numbering:
    """Counts automatic list numbers the way Word shows them."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iter(f"{_W}abstractNum"):
            lvls = {}
            for lvl in node.iter(f"{_W}lvl"):
                start = lvl.find(f"{_W}start")
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                lvls[_int(lvl.get(f"{_W}ilvl"), 0)] = (
                    _int(start.get(f"{_W}val"), 1) if start is not None else 1,
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                )
            abstract[node.get(f"{_W}abstractNumId")] = lvls
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None and ref.get(f"{_W}val") in abstract:
                lvls = dict(abstract[ref.get(f"{_W}val")])
                for override in num.iter(f"{_W}lvlOverride"):
                    start = override.find(f"{_W}startOverride")
                    ilvl = _int(override.get(f"{_W}ilvl"), 0)
                    if start is not None and ilvl in lvls:
                        lvls[ilvl] = (_int(start.get(f"{_W}val"), 1), *lvls[ilvl][1:])
                self.levels[num.get(f"{_W}numId")] = lvls

    def label(self, p, styles: dict[str, tuple[str, int]]) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl = None, 0
        if num_pr is not None:
            el = num_pr.find(f"{_W}numId")
            lvl = num_pr.find(f"{_W}ilvl")
            num_id = el.get(f"{_W}val") if el is not None else None
            ilvl = _int(lvl.get(f"{_W}val"), 0) if lvl is not None else 0
        else:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            if style is not None and style.get(f"{_W}val") in styles:
                num_id, ilvl = styles[style.get(f"{_W}val")]
        if num_id is None or num_id not in self.levels or ilvl not in self.levels[num_id]:
            return ""
        start, fmt, text = self.levels[num_id][ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new article restarts its items at （一）
        label = text
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in label:
                value = counters.get(level, self.levels[num_id].get(level, (1,))[0])
                level_fmt = self.levels[num_id].get(level, (1, fmt, ""))[1]
                label = label.replace(f"%{level + 1}", _format(value, level_fmt))
        return label + ("" if label.endswith(("、", "．", ".")) else " ")
