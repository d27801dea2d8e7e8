"""Markdown tokens → Word paragraphs, runs and tables inside the docxtpl base document.

``generator.word.rendering`` parses the Markdown; this module walks the markdown-it tokens and
builds the body in a copy of ``templates/base.docx``, so every paragraph uses a style of the
house style (``generator.word.docx_style``) and every run also names its fonts explicitly. The
body's XML then replaces the ``{{p body }}`` placeholder when docxtpl renders the base.

Annexes become sections: a section ends with a paragraph carrying a copy of the base
document's section properties (same footers, portrait or landscape); the last section uses
the document's own section properties, switched to landscape when the last annex is wide.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docxtpl import DocxTemplate
from lxml import etree
from markdown_it.token import Token

from generator.word import docx_style as style
from generator.word.title_breaks import char_width, title_lines

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_CONTAINER_STYLES = {
    "center": "Centered",
    "right": "Right",
    "subtitle": "Subtitle",
    "noindent": "Flush Left",
    "signature": "Signature",
}
_BULLET = "•"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _list_marker(ordered: bool, depth: int, number: int) -> str:
    """1. at the first level, （1） at the second, ① below (GB/T levels 3 and 4)."""
    if not ordered:
        return _BULLET + " "
    if depth == 1:
        return f"{number}."
    if depth == 2 or number > len(_CIRCLED):
        return f"（{number}）"
    return _CIRCLED[number - 1]


@dataclass
class _ListState:
    ordered: bool
    number: int


class _BodyWriter:
    """Appends blocks to the Subdoc's python-docx Document, one token stream at a time."""

    def __init__(self, doc, base_sect_pr) -> None:
        self.doc = doc
        self.base_sect_pr = base_sect_pr
        # python-docx looks a style name up by scanning every style; do it once.
        self.style_ids = {s.name: s.style_id for s in doc.styles}
        self.containers: list[str] = []
        self.lists: list[_ListState] = []
        self.quote_depth = 0
        self.pending_break = False
        self.item_marker: str | None = None
        self.signature_left = 0.0
        self.signature_first = False
        self.landscape = False
        self.last_style: str | None = None
        self.last_paragraph = None

    # -- blocks -------------------------------------------------------------------------
    def write(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "heading_open":
                self._heading(tok, tokens[i + 1])
                i += 3
                continue
            if kind == "paragraph_open":
                self._paragraph(tokens[i + 1])
                i += 3
                continue
            if kind == "table_open":
                end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                self._table(tokens[i : end + 1])
                i = end + 1
                continue
            if kind.startswith("container_"):
                name = kind[len("container_") :].rsplit("_", 1)[0]
                if tok.nesting == 1:
                    self.containers.append(name)
                    if name == "signature":
                        self.signature_left = self._signature_left(tokens, i)
                        self.signature_first = True
                        # GB/T 9704: the signature never stands alone on a page
                        if self.last_paragraph is not None:
                            self.last_paragraph.paragraph_format.keep_with_next = True
                else:
                    self.containers.pop()
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = int(tok.attrGet("start") or 1)
                self.lists.append(_ListState(kind == "ordered_list_open", start - 1))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                state = self.lists[-1]
                state.number += 1
                self.item_marker = _list_marker(state.ordered, len(self.lists), state.number)
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind == "hr":
                self._new_paragraph("Rule")
            elif kind == "pagebreak":
                self.pending_break = True
            elif kind in ("fence", "code_block"):
                for line in tok.content.rstrip("\n").split("\n"):
                    p = self._new_paragraph("Flush Left")
                    self._add_run(p, line, style.STYLES["Flush Left"].east_asia)
            i += 1

    def _new_paragraph(self, style_name: str):
        p = self.doc.add_paragraph()
        p._p.style = self.style_ids[style_name]
        if self.pending_break:
            p.paragraph_format.page_break_before = True
            self.pending_break = False
        if style_name == "Subtitle" and self.last_style == "Title":
            # the subtitle sits right under the title; the blank line comes after it
            self.last_paragraph.paragraph_format.space_after = Twips(0)
        self.last_style, self.last_paragraph = style_name, p
        return p

    def _style_for_text(self) -> str:
        if self.quote_depth:
            return "Quote"
        if self.containers:
            return _CONTAINER_STYLES[self.containers[-1]]
        return "Normal"

    def _heading(self, tok: Token, inline: Token) -> None:
        name = style.HEADING_STYLES[min(int(tok.tag[1:]), 5)]
        p = self._new_paragraph(name)
        centred = tok.attrGet("class") == "chapter" or (
            self.containers and self.containers[-1] in ("center", "subtitle")
        )
        if centred and name != "Title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            style.set_indent(p._p.get_or_add_pPr(), style.STYLES[name].size)
        children = inline.children or []
        if name == "Title" and all(c.type == "text" for c in children):
            # plain title text: break it ourselves, words whole and lines balanced
            width_mm = style.LANDSCAPE_TEXT_WIDTH_MM if self.landscape else style.TEXT_WIDTH_MM
            max_chars = int(Mm(width_mm).pt / style.SIZE_2)
            lines = title_lines("".join(c.content for c in children), max_chars)
            for k, line in enumerate(lines):
                run = self._add_run(p, line, style.STYLES[name].east_asia)
                if k < len(lines) - 1:
                    run.add_break()
            return
        self._inline(p, inline, style.STYLES[name].east_asia)

    def _paragraph(self, inline: Token) -> None:
        name = self._style_for_text()
        spec = style.STYLES[name]
        p = self._new_paragraph(name)
        if self.item_marker is not None:
            depth = len(self.lists)
            ppr = p._p.get_or_add_pPr()
            style.set_indent(
                ppr,
                spec.size,
                spec.first_line_chars + 2 * (depth - 1),
                spec.left_chars,
                spec.right_chars,
            )
            self._add_run(p, self.item_marker, spec.east_asia)
            self.item_marker = None
        elif name == "Signature":
            style.set_indent(
                p._p.get_or_add_pPr(), spec.size, 0, self.signature_left, spec.right_chars
            )
            p.paragraph_format.keep_with_next = True  # the name stays with the date
            if self.signature_first:  # 正文下空一行
                p.paragraph_format.space_before = Twips(style.LINE_PITCH_TWIPS)
                self.signature_first = False
        self._inline(p, inline, spec.east_asia)

    def _signature_left(self, tokens: list[Token], start: int) -> float:
        """Left indent that makes the signature lines a box ending 4 字 from the margin."""
        widest = 0.0
        depth = 0
        for tok in tokens[start:]:
            if tok.type == "container_signature_open":
                depth += 1
            elif tok.type == "container_signature_close":
                depth -= 1
                if depth == 0:
                    break
            elif tok.type == "inline":
                line = ""
                for child in tok.children or ():
                    if child.type in ("hardbreak", "softbreak"):
                        widest = max(widest, char_width(line))
                        line = ""
                    else:
                        line += child.content
                widest = max(widest, char_width(line))
        width_mm = style.LANDSCAPE_TEXT_WIDTH_MM if self.landscape else style.TEXT_WIDTH_MM
        available = Mm(width_mm).pt / style.SIZE_3
        right = style.STYLES["Signature"].right_chars
        return max(0.0, round(available - right - widest - 1, 1))

    # -- inline -------------------------------------------------------------------------
    def _add_run(self, p, text: str, east_asia: str, *, bold: bool = False):
        run = p.add_run(text)
        if bold:
            run.bold = True
        style.set_fonts(run._r, east_asia)
        return run

    def _inline(self, p, inline: Token, east_asia: str, *, bold: bool = False) -> None:
        strong = 1 if bold else 0
        emphasis = 0
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                font = style.FONT_KAITI if emphasis else east_asia
                self._add_run(p, "".join(buffer), font, bold=strong > 0)
                buffer.clear()

        for child in inline.children or ():
            kind = child.type
            if kind in ("text", "code_inline", "image"):
                buffer.append(child.content)
            elif kind == "softbreak":
                buffer.append(" ")
            elif kind == "hardbreak":
                flush()
                self._add_run(p, "", east_asia).add_break()
            elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
                flush()
                step = 1 if kind.endswith("_open") else -1
                if kind.startswith("strong"):
                    strong += step
                else:
                    emphasis += step
        flush()

    # -- tables -------------------------------------------------------------------------
    def _table(self, tokens: list[Token]) -> None:
        rows: list[list[tuple[Token, str | None, bool]]] = []
        for k, tok in enumerate(tokens):
            if tok.type == "tr_open":
                rows.append([])
            elif tok.type in ("th_open", "td_open"):
                align = (tok.attrGet("style") or "").removeprefix("text-align:") or None
                rows[-1].append((tokens[k + 1], align, tok.type == "th_open"))
        if not rows:
            return
        if self.pending_break:  # a table cannot carry "page break before" itself
            self._new_paragraph("Flush Left")
        cols = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=cols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = self._column_widths(rows, cols)
        for r, row in enumerate(rows):
            doc_row = table.rows[r]
            trpr = doc_row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
            if row and row[0][2]:  # header row: repeated at the top of each page
                trpr.append(OxmlElement("w:tblHeader"))
            for c in range(cols):
                cell = doc_row.cells[c]
                cell.width = widths[c]
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                p = cell.paragraphs[0]
                if c >= len(row):
                    p._p.style = self.style_ids["Table Text"]
                    continue
                inline, align, header = row[c]
                name = "Table Header" if header else "Table Text"
                p._p.style = self.style_ids[name]
                if align in _ALIGN:
                    p.alignment = _ALIGN[align]
                self._inline(p, inline, style.STYLES[name].east_asia, bold=header)
        for c, column in enumerate(table.columns):
            column.width = widths[c]

    def _column_widths(self, rows, cols: int) -> list[int]:
        """Column widths (EMU) filling the text width, chosen to keep the table short.

        Every column starts wide enough for its header (and three characters); the rest of
        the width is handed out half a character at a time to the column where it saves
        the most wrapped lines over all rows, so a long quote and a long citation share
        the room instead of one of them wrapping into a tall, narrow column.
        """
        texts = [[_plain(row[c][0]) if c < len(row) else "" for c in range(cols)] for row in rows]
        sizes = [[char_width(t) for t in row] for row in texts]
        header = sizes[0] if rows[0] and rows[0][0][2] else [0.0] * cols
        wants = [max((row[c] for row in sizes), default=1) + _CELL_PAD for c in range(cols)]
        widths = [min(w, max(h + _CELL_PAD, 3.0)) for w, h in zip(wants, header, strict=True)]
        width_mm = style.LANDSCAPE_TEXT_WIDTH_MM if self.landscape else style.TEXT_WIDTH_MM
        total = Mm(width_mm)
        char = Pt(style.SIZE_SMALL_4)  # one 小四 字, in EMU
        available = total / char
        body = sizes[1:] if rows[0] and rows[0][0][2] else sizes
        lines = [[_lines(size, w) for size, w in zip(row, widths, strict=True)] for row in body]
        step = 0.5
        while sum(widths) + step <= available:
            # per row: the tallest cell, and the tallest cell outside that column
            tops = []
            for row in lines:
                top = max(range(cols), key=row.__getitem__)
                rest = max((v for c, v in enumerate(row) if c != top), default=1.0)
                tops.append((top, row[top], rest))
            best, best_gain = None, 0.0
            for c in range(cols):
                if widths[c] >= wants[c]:
                    continue
                gain = 0.0
                for (top, height, rest), size_row in zip(tops, body, strict=True):
                    if top == c:
                        gain += height - max(rest, _lines(size_row[c], widths[c] + step))
                if gain > best_gain:
                    best, best_gain = c, gain
            if best is None:
                break
            widths[best] += step
            for row, size_row in zip(lines, body, strict=True):
                row[best] = _lines(size_row[best], widths[best])
        spare = available - sum(widths)
        if spare > 0:  # nothing wraps any more (or nothing helps): spread the rest evenly
            widths = [w + spare * w / sum(widths) for w in widths]
        return [int(w * char) for w in widths]

    # -- sections -----------------------------------------------------------------------
    def last_block_paragraph(self):
        """The body's last paragraph, added when the body is empty or ends with a table
        (Word wants a paragraph there, and a section break must sit in one)."""
        body = self.doc.element.body
        last = next((el for el in reversed(body) if el.tag != qn("w:sectPr")), None)
        if last is None or last.tag != qn("w:p"):
            after_table = last is not None
            last = self._new_paragraph("Flush Left")._p
            if after_table:  # a hairline, so a table that fills the last page never spills
                _hairline(last)
        return last

    def end_section(self) -> None:
        """Close the current section (its orientation is ``self.landscape``)."""
        ppr = self.last_block_paragraph().get_or_add_pPr()
        ppr.append(style.copy_section_properties(self.base_sect_pr, landscape=self.landscape))
        self.pending_break = False

    def annex_label(self, label: str) -> None:
        p = self._new_paragraph("Annex Label")
        self._add_run(p, label, style.STYLES["Annex Label"].east_asia)


def _hairline(p) -> None:
    """Shrink an empty paragraph to 1 pt (no grid, no spacing): the paragraph Word requires
    after a table must not push a blank, numbered page when the table fills the last one."""
    ppr = p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    spacing = OxmlElement("w:spacing")
    for key, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{key}"), value)
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    rpr.append(size)
    for el in (snap, spacing, rpr):
        ppr.append(el)


_CELL_PAD = 1.0  # cell margins, in 字


def _lines(size: float, width: float) -> float:
    """Lines a cell of ``size`` 字 needs at ``width`` (fractional, so every gain counts)."""
    return max(1.0, size / max(width - _CELL_PAD, 0.5))


def _plain(inline: Token) -> str:
    return "".join(c.content for c in inline.children or ())


class _BodyXml:
    """What docxtpl inserts for ``{{p body }}``: the body's block XML (a Subdoc, minus the
    docxcompose machinery we do not need — no images, numbering or foreign styles)."""

    def __init__(self, doc) -> None:
        self.doc = doc

    def __str__(self) -> str:
        body = self.doc.element.body
        return "".join(
            etree.tostring(el, encoding="unicode") for el in body if el.tag != qn("w:sectPr")
        )

    __html__ = __str__


@lru_cache(maxsize=1)
def _base_bytes() -> bytes:
    return style.base_docx_path().read_bytes()


def build_docx(
    tokens: list[Token],
    annexes: list[tuple[str, list[Token], bool]],
    title: str,
    *,
    landscape: bool = False,
) -> bytes:
    """The finished .docx: base document + body (+ one section per annex)."""
    tpl = DocxTemplate(io.BytesIO(_base_bytes()))
    # The body is built in a second copy of the base document, so style names resolve to
    # the same style ids, then handed to docxtpl as XML.
    scratch = Document(io.BytesIO(_base_bytes()))
    body = scratch.element.body
    for child in list(body):  # drop the base's own placeholder paragraph
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    writer = _BodyWriter(scratch, tpl.get_docx().element.body.sectPr)
    writer.landscape = landscape
    writer.write(tokens)
    for label, annex_tokens, landscape in annexes:
        writer.end_section()
        writer.landscape = landscape
        writer.annex_label(label)
        writer.write(annex_tokens)
    writer.last_block_paragraph()
    tpl.render({"body": _BodyXml(scratch)})
    doc = tpl.docx
    style.set_page(doc.sections[-1], landscape=writer.landscape)
    props = doc.core_properties
    props.title = title
    props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()
