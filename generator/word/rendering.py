"""Render template Markdown into a Word (.docx), Markdown (.md) or HTML (.html) document.

The document templates (Jinja2 in ``templates/``) produce Markdown; this module turns it into
the file the user gets, in the Chinese official-document style of GB/T 9704-2012 (see
``generator/docx_style.py`` for the house style itself).

Public API
----------
``render(markdown, *, fmt="docx", title=None, annexes=()) -> bytes``
    The whole document as bytes, ready for ``write``. ``title`` only fills the file's
    metadata (Word document properties, the HTML ``<title>``); it defaults to the text of
    the first ``#`` heading. Each annex (a Markdown string, or ``Annex(markdown,
    landscape=True)`` for wide tables) starts on a new page headed 附件 (one annex) or
    附件1、附件2… (several); in Word a landscape annex gets landscape pages.
``write(path, data, *, overwrite=False) -> Path``
    Atomic write; an existing file is kept (``XuehuiError``) unless ``overwrite`` is true.
``format_date(value) -> "2026年11月22日"``
    GB/T 9704 dates: Arabic numerals, full year, month and day not zero-padded.
``escape_markdown(text) -> str``
    For Jinja templates (register it as a filter): makes a user-supplied value (a society
    name, an address) literal text in Markdown, on one line, without control characters.
``FORMATS``, ``Annex``.

What the templates may write
----------------------------
CommonMark plus pipe tables; raw HTML is *not* interpreted (it is shown as text).

- ``# 标题`` — the document title: 方正小标宋简体 二号, centred. Use it once per document
  (and once at the top of each annex). In Word a title too long for one line is broken
  between words into balanced lines (``generator.word.title_breaks``), as GB/T 9704 asks.
- ``## 一、…`` — level-1 heading, 黑体; ``### （一）…`` — level 2, 楷体;
  ``#### 1.…`` and ``##### （1）…`` — levels 3 and 4, 仿宋 (level 3 bold). Headings are
  indented two characters like body text, except chapter and section headings whose text
  starts with 第…章 / 第…节 (``## 第一章　总则``), which are centred.
- Paragraphs: 仿宋 三号, first line indented two characters; ``**粗体**`` is bold,
  ``*强调*`` is set in 楷体 (Chinese has no italics). Lines of one paragraph are joined
  without a space between Chinese characters.
- Lists: ``1.`` items are numbered 1. 2. …, nested ones （1）（2）…, ``-`` items get a bullet.
- ``> 引文`` — quoted legal text, 楷体, indented.
- Tables (``| 条款 | 依据 |``, header row required): bordered, 仿宋 小四, header row bold and
  repeated on every page, column widths following the content.
- ``---`` — a horizontal rule (e.g. above the 版记).
- ``<!-- pagebreak -->`` alone in a paragraph — the next content starts on a new page.
- Fenced blocks, each ``:::`` line opening or closing one:
  ``::: center`` centred lines; ``::: right`` lines flush right, two characters in
  (右空二字); ``::: subtitle`` the line under the title (楷体, centred, e.g.
  （2026年11月22日第一次会员代表大会通过））; ``::: noindent`` paragraphs without the first-line
  indent (主送机关, 附件说明 continuation lines); ``::: signature`` the issuer and date block:
  its lines are centred on each other in a box that ends four characters from the right
  margin (右空四字), so the date sits under the issuer's name as on a sealed document.
  Inside these blocks every line break in the source is kept.

Unknown ``:::`` blocks and unknown ``<!-- … -->`` markers are refused with an error rather
than printed into the document.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from kb import atomic
from kb.errors import XuehuiError

Format = Literal["docx", "md", "html"]
FORMATS: tuple[str, ...] = ("docx", "md", "html")

#: ``::: name`` blocks the templates may use (see the module docstring).
CONTAINERS = ("center", "right", "subtitle", "noindent", "signature")
#: Containers inside which each source line stays a line.
LINE_CONTAINERS = frozenset({"center", "right", "subtitle", "signature"})
PAGEBREAK_MARKER = "<!-- pagebreak -->"

_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+[章节]")
# Characters XML 1.0 cannot carry (python-docx would write a file Word refuses), plus the
# noncharacters. Tab and newline are kept.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Annex:
    """An annex (附件) appended after the main text on a new page."""

    markdown: str
    landscape: bool = False


def clean_text(text: str) -> str:
    """Normalise line ends and drop characters that cannot appear in an XML file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub("", text)


def format_date(value: date | datetime | str) -> str:
    """``2026年11月22日`` — GB/T 9704 date style (also accepts an ISO string ``2026-11-22``)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise XuehuiError(f"日期“{value}”格式不对，应写成 2026-11-22 这样的年-月-日") from None
    return f"{value.year}年{value.month}月{value.day}日"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=:-]|\d+[.)])")


def escape_markdown(value: object) -> str:
    """A user value as literal Markdown text: one line, no markup, no control characters.

    Line breaks become spaces (a value never opens a new paragraph or list), characters
    Markdown would read as markup are backslash-escaped, and a leading ``#``, ``>``, ``-``,
    ``1.`` … cannot start a heading, quote or list when the value begins a line.
    """
    text = clean_text("" if value is None else str(value))
    text = re.sub(r"\s*\n\s*", " ", text).strip()
    text = text.replace("\t", " ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_lead(m.group(2)), text)


def _escape_lead(lead: str) -> str:
    return lead[:-1] + "\\" + lead[-1] if lead[-1] in ".)" else "\\" + lead


# --- parsing -------------------------------------------------------------------------------
def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or () if c.type in ("text", "code_inline"))


def _marker_rule(state) -> None:
    """Core rule: page breaks, unknown markers, chapter headings and line joining."""
    tokens = state.tokens
    out: list[Token] = []
    containers: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "paragraph_open" and i + 2 < len(tokens):
            content = tokens[i + 1].content.strip()
            line = (tok.map[0] + 1) if tok.map else None
            if content == PAGEBREAK_MARKER:
                brk = Token("pagebreak", "", 0, block=True, map=tok.map)
                out.append(brk)
                i += 3
                continue
            if content.startswith("<!--") and content.endswith("-->"):
                raise XuehuiError(
                    f"模板中有无法识别的标记“{content}”（只支持 {PAGEBREAK_MARKER}）",
                    where=f"第{line}行" if line else None,
                )
            if content.startswith(":::"):
                raise XuehuiError(
                    f"模板中有无法识别或未闭合的块标记“{content.splitlines()[0]}”"
                    f"（可用：{'、'.join('::: ' + c for c in CONTAINERS)}）",
                    where=f"第{line}行" if line else None,
                )
        if tok.type.startswith("container_"):
            name = tok.type[len("container_") :].rsplit("_", 1)[0]
            if tok.nesting == 1:
                containers.append(name)
            elif containers:
                containers.pop()
        if tok.type == "heading_open" and _CHAPTER.match(tokens[i + 1].content.strip()):
            tok.attrSet("class", "chapter")
        if tok.type == "inline" and tok.children:
            keep_lines = bool(containers) and containers[-1] in LINE_CONTAINERS
            _join_lines(tok.children, keep_lines)
        out.append(tok)
        i += 1
    state.tokens = out


def _join_lines(children: list[Token], keep_lines: bool) -> None:
    """Soft line breaks: kept as breaks in line blocks, dropped between Chinese characters."""
    for k, child in enumerate(children):
        if child.type != "softbreak":
            continue
        if keep_lines:
            child.type, child.tag = "hardbreak", "br"
            continue
        before = next((c.content for c in reversed(children[:k]) if c.content), "")
        after = next((c.content for c in children[k + 1 :] if c.content), "")
        if (before and _is_wide(before[-1])) or (after and _is_wide(after[0])):
            child.type, child.content = "text", ""


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The shared Markdown parser: CommonMark + tables + ``:::`` blocks, raw HTML off."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    md.core.ruler.push("xuehui_markers", _marker_rule)
    md.add_render_rule("pagebreak", lambda *_args: '<div class="pagebreak"></div>\n')
    return md


def parse(markdown: str) -> list[Token]:
    """Block tokens of ``markdown`` after cleaning and the xuehui rules."""
    return parser().parse(clean_text(markdown))


def _first_title(tokens: list[Token]) -> str:
    for k, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h1":
            return _inline_text(tokens[k + 1]).strip()
    return ""


def annex_labels(count: int) -> list[str]:
    """附件 for a single annex, 附件1、附件2… for several (GB/T 9704 attachment labels)."""
    return ["附件"] if count == 1 else [f"附件{n}" for n in range(1, count + 1)]


# --- outputs -------------------------------------------------------------------------------
def _render_markdown(main: str, annexes: list[Annex]) -> bytes:
    parts = [clean_text(main).rstrip("\n")]
    for label, annex in zip(annex_labels(len(annexes)), annexes, strict=True):
        parts.append(f"{PAGEBREAK_MARKER}\n\n{label}\n\n{clean_text(annex.markdown).strip()}")
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def _css() -> str:
    return (Path(__file__).with_name("html_style.css")).read_text(encoding="utf-8")


def _render_html(
    tokens: list[Token],
    annexes: list[tuple[str, list[Token], Annex]],
    title: str,
    *,
    landscape: bool = False,
) -> bytes:
    md = parser()
    main_cls = "document landscape" if landscape else "document"
    body = [f'<main class="{main_cls}">\n{md.renderer.render(tokens, md.options, {})}</main>']
    for label, annex_tokens, annex in annexes:
        cls = "annex landscape" if annex.landscape else "annex"
        body.append(
            f'<section class="{cls}">\n<p class="annex-label">{html.escape(label)}</p>\n'
            f"{md.renderer.render(annex_tokens, md.options, {})}</section>"
        )
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def render(
    markdown: str,
    *,
    fmt: Format = "docx",
    title: str | None = None,
    annexes: Sequence[str | Annex] = (),
    landscape: bool = False,
) -> bytes:
    """Render template output to a finished document (see the module docstring).

    ``landscape`` turns the main body's pages (a document that is one wide table, such as
    the 条款依据对照表 filed beside the charter).
    """
    if fmt not in FORMATS:
        raise XuehuiError(f"不支持的输出格式“{fmt}”，可选：{'、'.join(FORMATS)}")
    annex_list = [a if isinstance(a, Annex) else Annex(a) for a in annexes]
    if fmt == "md":
        return _render_markdown(markdown, annex_list)
    tokens = parse(markdown)
    labels = annex_labels(len(annex_list))
    labelled = [(label, parse(a.markdown), a) for label, a in zip(labels, annex_list, strict=True)]
    doc_title = clean_text(title).strip() if title else _first_title(tokens)
    if fmt == "html":
        return _render_html(tokens, labelled, doc_title, landscape=landscape)
    from generator.word.docx_writer import build_docx

    return build_docx(
        tokens,
        [(label, t, a.landscape) for label, t, a in labelled],
        doc_title,
        landscape=landscape,
    )


def write(path: str | Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` atomically; refuse to replace an existing file unless ``overwrite``."""
    path = Path(path)
    refuse_to_replace(path, overwrite=overwrite)
    atomic.write_bytes(path, data)
    return path


def refuse_to_replace(path: Path, *, overwrite: bool) -> None:
    """Stop before writing over a folder, a file the user did not ask to replace, or a path
    whose parent is a file (checked up front so a batch fails before its first file)."""
    if path.is_dir():
        raise XuehuiError("这是一个文件夹，不能写成文件", where=str(path))
    if path.exists() and not overwrite:
        raise XuehuiError("文件已存在，未覆盖；如需覆盖请加 --overwrite", where=str(path))
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise XuehuiError(
            f"{blocker} 是一个文件，不能作为输出文件夹，请换一个输出位置", where=str(path)
        )
