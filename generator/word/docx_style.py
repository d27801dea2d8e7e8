"""The house style of generated Word files (GB/T 9704-2012 conventions) and the base document.

Everything a 科协 office checks first lives here: A4 with margins 37/35/28/26 mm, 22 lines of
28 characters, title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 with a two-character
first-line indent, level-1 headings in 黑体, level-2 in 楷体, page numbers ``— 1 —`` in 四号
宋体 (odd pages right, even pages left, one character in from the edge).

``build_base_document()`` writes those rules into the styles of ``templates/base.docx``, the
docxtpl template the renderer fills; ``templates/build_base.py`` rebuilds the committed file
and a test checks the file still matches this module.

Fonts. Word and LibreOffice pick fonts per script: ``w:eastAsia`` for Chinese, ``w:ascii`` /
``w:hAnsi`` for Latin letters and digits. Every style and every run sets all of them, with
Times New Roman for Latin text as 公文 offices customarily do (page numbers are the
exception: the standard asks for half-width 宋体 digits). The Chinese font names are the ones
the standard and offices use (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体); a
computer without them substitutes. To make that substitution land on a similar face the font
table declares each with its common Windows name as ``w:altName`` (方正小标宋简体 → 宋体,
仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体), the GB2312 character set and a serif/sans family,
so Word falls back to 宋体/仿宋/楷体 and LibreOffice to a CJK serif or sans face instead of a
Latin one.
"""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Mm, Pt, Twips
from lxml import etree

from kb.docx_fonts import set_fonts as _set_fonts

# --- fonts ---------------------------------------------------------------------------------
FONT_TITLE = "方正小标宋简体"
FONT_FANGSONG = "仿宋_GB2312"
FONT_HEITI = "黑体"
FONT_KAITI = "楷体_GB2312"
FONT_SONGTI = "宋体"
FONT_LATIN = "Times New Roman"

# name -> (altName, panose, family, pitch); GB2312 charset "86" for all of them.
_FONT_TABLE = {
    FONT_TITLE: (FONT_SONGTI, "02010600030101010101", "auto", "variable"),
    FONT_FANGSONG: ("仿宋", "02010609030101010101", "modern", "fixed"),
    FONT_KAITI: ("楷体", "02010609030101010101", "modern", "fixed"),
    FONT_HEITI: ("SimHei", "02010609060101010101", "modern", "fixed"),
    FONT_SONGTI: ("SimSun", "02010600030101010101", "auto", "variable"),
}

# --- sizes (Chinese size names) ------------------------------------------------------------
SIZE_2 = 22.0  # 二号: the title
SIZE_3 = 16.0  # 三号: body and headings
SIZE_4 = 14.0  # 四号: page numbers
SIZE_SMALL_4 = 12.0  # 小四: table text

# --- page ----------------------------------------------------------------------------------
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37  # 天头
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28  # 订口
MARGIN_RIGHT_MM = 26
# The page number's 一字线 sits 7 mm below the text block: a 四号 line is about 6 mm high, so
# the footer's baseline area starts 35 - 7 - 3 = 25 mm above the paper edge.
FOOTER_DISTANCE_MM = 25
HEADER_DISTANCE_MM = 15
# Landscape annex pages (wide tables): the portrait text block turned on its side.
LANDSCAPE_MARGINS_MM = {"top": 28, "bottom": 30, "left": 37, "right": 35}
LANDSCAPE_FOOTER_DISTANCE_MM = 18

# 22 lines in the 225 mm text block: 637.8 pt / 22 = 28.99 pt; 28.9 pt keeps all 22 lines.
LINE_PITCH_TWIPS = 578
# 28 characters in the 156 mm (442.2 pt) line: 16 pt glyphs need -0.25 pt of tracking each.
BODY_CHAR_SPACING_TWIPS = -5
CHAR_TWIPS = int(SIZE_3 * 20)  # one 字 of body text
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
LANDSCAPE_TEXT_WIDTH_MM = (
    PAGE_HEIGHT_MM - LANDSCAPE_MARGINS_MM["left"] - LANDSCAPE_MARGINS_MM["right"]
)

#: The docxtpl placeholder in base.docx that receives the rendered body (a Subdoc).
BODY_PLACEHOLDER = "{{p body }}"

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
_LEFT = WD_ALIGN_PARAGRAPH.LEFT
_RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style of the house style (all sizes in points, indents in characters)."""

    east_asia: str
    size: float = SIZE_3
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH = _JUSTIFY
    first_line_chars: float = 0
    left_chars: float = 0
    right_chars: float = 0
    line_twips: int | None = LINE_PITCH_TWIPS  # exact line height; None = single
    space_before_lines: float = 0
    space_after_lines: float = 0
    keep_with_next: bool = False
    outline_level: int | None = None
    latin: str = FONT_LATIN


#: Style name -> spec. The renderer picks these by name; the names are Word's built-in ones
#: where one exists (so Word's navigation pane and outline work) and plain English otherwise.
STYLES: dict[str, StyleSpec] = {
    "Normal": StyleSpec(FONT_FANGSONG, first_line_chars=2),
    "Title": StyleSpec(
        FONT_TITLE,
        SIZE_2,
        align=_CENTER,
        line_twips=int(SIZE_2 * 20 * 1.5),
        space_after_lines=1,
        keep_with_next=True,
    ),
    "Subtitle": StyleSpec(FONT_KAITI, align=_CENTER, space_after_lines=1, keep_with_next=True),
    "Heading 1": StyleSpec(FONT_HEITI, first_line_chars=2, keep_with_next=True, outline_level=0),
    "Heading 2": StyleSpec(FONT_KAITI, first_line_chars=2, keep_with_next=True, outline_level=1),
    "Heading 3": StyleSpec(
        FONT_FANGSONG, bold=True, first_line_chars=2, keep_with_next=True, outline_level=2
    ),
    "Heading 4": StyleSpec(FONT_FANGSONG, first_line_chars=2, keep_with_next=True, outline_level=3),
    "Quote": StyleSpec(FONT_KAITI, first_line_chars=2, left_chars=2, right_chars=2),
    "Flush Left": StyleSpec(FONT_FANGSONG, align=_LEFT),
    "Centered": StyleSpec(FONT_FANGSONG, align=_CENTER),
    "Right": StyleSpec(FONT_FANGSONG, align=_RIGHT, right_chars=2),
    "Signature": StyleSpec(FONT_FANGSONG, align=_CENTER, right_chars=4, keep_with_next=True),
    "Annex Label": StyleSpec(FONT_HEITI, align=_LEFT, space_after_lines=1, keep_with_next=True),
    "Table Text": StyleSpec(FONT_FANGSONG, SIZE_SMALL_4, align=_LEFT, line_twips=400),
    "Table Header": StyleSpec(
        FONT_FANGSONG, SIZE_SMALL_4, bold=True, align=_CENTER, line_twips=400
    ),
    "Rule": StyleSpec(FONT_FANGSONG, 2, line_twips=120, space_after_lines=0.5),
    "Footer": StyleSpec(FONT_SONGTI, SIZE_4, line_twips=None, latin=FONT_SONGTI),
}

#: Markdown heading level (``#`` = 1) -> style.
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3", 5: "Heading 4"}


# --- low-level helpers ---------------------------------------------------------------------
def set_fonts(rpr_parent, east_asia: str, latin: str = FONT_LATIN) -> None:
    """``kb.docx_fonts.set_fonts`` with the house Latin font as default."""
    _set_fonts(rpr_parent, east_asia, latin)


def set_page(section: Section, *, landscape: bool = False) -> None:
    """Paper, orientation and margins of one section (portrait GB/T page or landscape annex)."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
        margins = LANDSCAPE_MARGINS_MM
        section.footer_distance = Mm(LANDSCAPE_FOOTER_DISTANCE_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        margins = {
            "top": MARGIN_TOP_MM,
            "bottom": MARGIN_BOTTOM_MM,
            "left": MARGIN_LEFT_MM,
            "right": MARGIN_RIGHT_MM,
        }
        section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.gutter = Mm(0)


def set_indent(ppr, size: float, first: float = 0, left: float = 0, right: float = 0) -> None:
    """Indents in 字 on a ``w:pPr``, written both in characters and in twips.

    Word lets ``w:firstLineChars`` (even inherited from a style) win over ``w:firstLine``, so
    every indent is written in both units and zero is written explicitly; character units
    keep "2 字" true whatever the font size.
    """
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    for attr, chars in (("firstLine", first), ("left", left), ("right", right)):
        ind.set(qn(f"w:{attr}Chars"), str(round(chars * 100)))
        ind.set(qn(f"w:{attr}"), str(round(chars * size * 20)))
    _sort_ppr(ppr)


def _style_pPr_extras(style, spec: StyleSpec) -> None:
    ppr = style.element.get_or_add_pPr()
    set_indent(ppr, spec.size, spec.first_line_chars, spec.left_chars, spec.right_chars)
    if spec.outline_level is not None:
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(spec.outline_level))
        ppr.append(lvl)
    if spec.east_asia:  # Chinese line breaking: no punctuation at line start, etc.
        for tag in ("w:kinsoku", "w:autoSpaceDE", "w:autoSpaceDN"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), "1" if tag == "w:kinsoku" else "0")
            ppr.append(el)
    _sort_ppr(ppr)


# w:pPr children must follow the schema order or Word refuses the file.
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _sort_ppr(ppr) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_PPR_ORDER)}
    children = sorted(ppr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        ppr.append(child)


def _apply_style(doc, name: str, spec: StyleSpec) -> None:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
    # Start from a clean slate: the default template's headings carry theme fonts and colours.
    for tag in ("w:pPr", "w:rPr"):
        old = style.element.find(qn(tag))
        if old is not None:
            style.element.remove(old)
    font = style.font
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = False
    font.color.rgb = None
    set_fonts(style.element, spec.east_asia, spec.latin)
    rpr = style.element.get_or_add_rPr()
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    rpr.append(color)
    # 28 字 a line for 三号 text; other sizes must not inherit that tracking from Normal.
    spacing = OxmlElement("w:spacing")
    tracking = BODY_CHAR_SPACING_TWIPS if spec.size == SIZE_3 and spec.latin == FONT_LATIN else 0
    spacing.set(qn("w:val"), str(tracking))
    rpr.append(spacing)
    _sort_rpr(rpr)
    pf = style.paragraph_format
    pf.alignment = spec.align
    if spec.line_twips is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = Twips(spec.line_twips)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.space_before = Twips(int(spec.space_before_lines * LINE_PITCH_TWIPS))
    pf.space_after = Twips(int(spec.space_after_lines * LINE_PITCH_TWIPS))
    pf.keep_with_next = spec.keep_with_next
    pf.widow_control = True
    _style_pPr_extras(style, spec)


_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def _sort_rpr(rpr) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_RPR_ORDER)}
    for child in sorted(rpr, key=lambda el: rank.get(el.tag, len(rank))):
        rpr.append(child)


def _doc_defaults(doc) -> None:
    """Document-wide defaults: 仿宋 三号, Chinese language, no paragraph spacing."""
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_el.remove(defaults)
    defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT_LATIN}" w:hAnsi="{FONT_LATIN}" w:cs="{FONT_LATIN}" '
        f'w:eastAsia="{FONT_FANGSONG}" w:hint="eastAsia"/>'
        f'<w:kern w:val="2"/><w:sz w:val="{int(SIZE_3 * 2)}"/><w:szCs w:val="{int(SIZE_3 * 2)}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    styles_el.insert(0, defaults)


_KEEP_STYLES = {"Default Paragraph Font", "Normal Table", "No List", "Table Grid", "Header"}


def _prune_styles(doc) -> None:
    """Drop the default template's hundred-odd unused styles (and its legacy
    stylesWithEffects copy): the base document loads twice per rendering, so this makes
    rendering several times faster, and Word's style gallery shows only the house style."""
    keep = set(STYLES) | _KEEP_STYLES
    for style in list(doc.styles):
        if style.name not in keep:
            style.element.getparent().remove(style.element)
    ids = {style.style_id for style in doc.styles}
    for tag in ("w:link", "w:next", "w:basedOn"):
        for ref in doc.styles.element.iter(qn(tag)):
            if ref.get(qn("w:val")) not in ids:
                ref.getparent().remove(ref)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]


def _rule_border(doc) -> None:
    """'Rule' (Markdown ``---``) is an empty paragraph drawn as a full-width 1 pt line."""
    ppr = doc.styles["Rule"].element.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="8" w:space="1" '
            'w:color="000000"/></w:pBdr>'
        )
    )
    _sort_ppr(ppr)


def _table_style(doc) -> None:
    """'Table Grid': 0.5 pt black borders all round, cell padding of about a quarter 字."""
    style = doc.styles["Table Grid"]
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is not None:
        style.element.remove(tblpr)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    style.element.append(
        parse_xml(
            f"<w:tblPr {nsdecls('w')}><w:tblBorders>{borders}</w:tblBorders>"
            '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
        )
    )


def _font_table(doc) -> None:
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = parse_xml(part.blob)
    for name, (alt, panose, family, pitch) in _FONT_TABLE.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
                f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def page_number_paragraph(paragraph, *, odd: bool) -> None:
    """``— N —`` with a PAGE field: odd pages right, even pages left, one 字 from the edge."""
    paragraph.style = "Footer"
    paragraph.paragraph_format.alignment = _RIGHT if odd else _LEFT
    set_indent(paragraph._p.get_or_add_pPr(), SIZE_4, 0, 0 if odd else 1, 1 if odd else 0)

    def run(text: str = ""):
        r = paragraph.add_run(text)
        set_fonts(r._r, FONT_SONGTI, FONT_SONGTI)
        return r

    run("— ")
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        r = run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text
    run(" —")


def build_base_document():
    """A python-docx Document holding the whole house style and the body placeholder."""
    doc = Document()
    # No thumbnail of python-docx's sample document in file browsers.
    for rid, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del doc.part.package.rels[rid]
    _doc_defaults(doc)
    for name, spec in STYLES.items():
        _apply_style(doc, name, spec)
    _prune_styles(doc)
    _rule_border(doc)
    _table_style(doc)
    _font_table(doc)

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    doc.add_paragraph(BODY_PLACEHOLDER)

    section = doc.sections[0]
    set_page(section)
    # Line pitch only: a "lines" grid would make LibreOffice snap table text to 28.9 pt too.
    section._sectPr.find(qn("w:docGrid")).set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    doc.settings.odd_and_even_pages_header_footer = True
    section.header.is_linked_to_previous = False
    section.even_page_header.is_linked_to_previous = False
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        page_number_paragraph(footer.paragraphs[0], odd=odd)

    props = doc.core_properties
    fixed = datetime(2026, 1, 1, tzinfo=timezone.utc)
    props.author = "xuehui"
    props.last_modified_by = "xuehui"
    props.title = ""
    props.comments = "xuehui 公文版式底稿（GB/T 9704-2012）"
    props.created = props.modified = fixed
    props.last_printed = fixed
    props.revision = 1
    props.language = "zh-CN"
    return doc


def build_base_bytes() -> bytes:
    """base.docx as bytes, identical on every build (zip entries get a fixed timestamp)."""
    saved = io.BytesIO()
    build_base_document().save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def base_docx_path() -> Path:
    """templates/base.docx in a checkout, generator/_templates/base.docx in a wheel."""
    here = Path(__file__).resolve().parents[1]
    installed = here / "_templates" / "base.docx"
    return installed if installed.is_file() else here.parent / "templates" / "base.docx"


def copy_section_properties(sect_pr, *, landscape: bool):
    """A copy of ``sect_pr`` (keeping its footer references) set up portrait or landscape."""
    copy = deepcopy(sect_pr)
    set_page(Section(copy, None), landscape=landscape)
    return copy
