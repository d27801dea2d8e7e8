"""Write a comparison to a file: Markdown, HTML, CSV or a landscape Word table.

All formats render the same ``kb.comparison.Table``; provision numbers marked ``strong`` are
bold. Files are written atomically (``kb.atomic``), so a failed export never leaves half a
file. Word output sets East Asian fonts explicitly (``w:eastAsia``) because python-docx only
sets the Latin font, and Chinese text would otherwise fall back to whatever Word picks.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Protocol

from kb.atomic import write_bytes
from kb.comparison import Cell, Table, cell_text
from kb.errors import InputError

FORMATS = {".md": "Markdown", ".html": "HTML", ".htm": "HTML", ".csv": "CSV", ".docx": "Word"}
BODY_FONT = "宋体"
HEAD_FONT = "黑体"


class Comparable(Protocol):
    def table(self) -> Table: ...


def export(comparison: Comparable | Table, path: str | Path, overwrite: bool = False) -> Path:
    """Write ``comparison`` to ``path``; the suffix picks the format. An existing file is kept
    unless ``overwrite``."""
    path = Path(path)
    if path.is_dir():
        raise InputError("这是一个文件夹，请给出文件名，如 对比.docx", where=str(path))
    if path.exists() and not overwrite:
        raise InputError("文件已存在，未覆盖；如需覆盖请加 --overwrite", where=str(path))
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"不支持的输出格式“{path.suffix or '（无扩展名）'}”：请使用 "
            + "、".join(sorted({".md", ".html", ".csv", ".docx"})),
            where=str(path),
        )
    table = comparison if isinstance(comparison, Table) else comparison.table()
    if suffix == ".md":
        data = to_markdown(table).encode("utf-8")
    elif suffix in (".html", ".htm"):
        data = to_html(table).encode("utf-8")
    elif suffix == ".csv":
        data = to_csv(table).encode("utf-8-sig")  # the BOM lets Excel read UTF-8
    else:
        data = to_docx(table)
    write_bytes(path, data)
    return path


# ---------------------------------------------------------------- Markdown
def _md_cell(cell: Cell) -> str:
    paras = []
    for para in cell:
        text = "".join(f"**{s.text}**" if s.strong and s.text.strip() else s.text for s in para)
        paras.append(text.replace("|", "\\|").replace("\n", " "))
    return "<br>".join(paras)


def to_markdown(table: Table) -> str:
    lines = [f"# {table.title}", ""]
    lines += [f"> {note}" for note in table.notes]
    if table.notes:
        lines.append("")
    lines.append("| " + " | ".join(h.replace("|", "\\|") for h in table.headers) + " |")
    lines.append("|" + "---|" * len(table.headers))
    for row in table.rows:
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML
def _html_cell(cell: Cell) -> str:
    out = []
    for para in cell:
        text = "".join(
            f"<strong>{html.escape(s.text)}</strong>" if s.strong else html.escape(s.text)
            for s in para
        )
        out.append(f"<p>{text}</p>")
    return "".join(out)


def to_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in table.notes)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(table.title)}</title>
<style>
body {{ font-family: "Noto Serif CJK SC", "SimSun", serif; margin: 2em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #888; padding: .4em; vertical-align: top; }}
th {{ background: #eee; font-family: "Noto Sans CJK SC", "SimHei", sans-serif; }}
td p {{ margin: 0 0 .4em; }} strong {{ color: #b00; }}
</style></head><body>
<h1>{html.escape(table.title)}</h1>
<ul>{notes}</ul>
<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
</body></html>
"""


# ---------------------------------------------------------------- CSV
def to_csv(table: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([cell_text(c) for c in row])
    return buf.getvalue()


# ---------------------------------------------------------------- Word
def _east_asian(run, font: str) -> None:
    """One font for Latin and East Asian text of a run (python-docx sets only the Latin one)."""
    from kb.docx_fonts import set_fonts

    run.font.name = font
    set_fonts(run._element, font, font)


def _style_fonts(document, font: str) -> None:
    from docx.shared import Pt

    from kb.docx_fonts import set_fonts

    style = document.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(10.5)
    set_fonts(style.element, font, font)


def to_docx(table: Table) -> bytes:
    """A landscape A4 Word document: the title, the notes, and the table with a header row."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    _style_fonts(document, BODY_FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(table.title)
    run.font.size = Pt(16)
    run.bold = True
    _east_asian(run, HEAD_FONT)
    for note in table.notes:
        para = document.add_paragraph()
        run = para.add_run(note)
        run.font.size = Pt(9)
        _east_asian(run, BODY_FONT)

    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    usable = section.page_width - section.left_margin - section.right_margin
    weights = table.widths or [1.0] * len(table.headers)
    widths = [int(usable * w / sum(weights)) for w in weights]
    grid.autofit = False
    header = grid.rows[0]
    # repeat the header row on every page
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(header.cells, table.headers, strict=True):
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(text)
        run.bold = True
        run.font.size = Pt(10.5)
        _east_asian(run, HEAD_FONT)
    for _ in table.rows:
        grid.add_row()
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # LibreOffice reads the grid, Word the cells
    for row_cells in grid.rows:
        for cell, width in zip(row_cells.cells, widths, strict=True):
            cell.width = width
    for row, grid_row in zip(table.rows, grid.rows[1:], strict=True):
        cells = grid_row.cells
        for cell, content in zip(cells, row, strict=True):
            for i, para_segments in enumerate(content):
                para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                for seg in para_segments:
                    run = para.add_run(seg.text)
                    run.font.size = Pt(9)
                    if seg.strong:
                        run.bold = True
                        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
                    _east_asian(run, BODY_FONT)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
