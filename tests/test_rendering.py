"""The rendering engine: template Markdown → .docx / .md / .html in the GB/T 9704 style."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from generator.word import docx_style
from generator.word.rendering import (
    Annex,
    escape_markdown,
    format_date,
    parse,
    render,
    write,
)
from kb.errors import XuehuiError

HOSTILE = "A<script>alert(\"x\")</script> & &amp; 'q' **b** {{ x }} {% if %}\n# 7. 行\x00\x07\x1f尾"
# What survives: control characters gone, the line break a space, everything else literal.
HOSTILE_SHOWN = "A<script>alert(\"x\")</script> & &amp; 'q' **b** {{ x }} {% if %} # 7. 行尾"

SOCIETY = "河南省测试学会"

SAMPLE = (
    f"""# {SOCIETY}章程

::: subtitle
（{format_date(date(2026, 11, 22))}第一次会员代表大会通过）
:::

## 第一章　总则

**第一条**　本会的名称是{escape_markdown(HOSTILE)}。

**第二条**　本会是由科技工作者自愿组成的学术性、
非营利性社会组织。

## 一、一级标题

### （一）二级标题

#### 1.三级标题

本会的业务范围：

1. 开展学术交流；
2. 编辑出版科技书刊；
   1. 嵌套第一项；
   2. 嵌套第二项。

- 无序项

> 《社会团体登记管理条例》第十条　成立社会团体，应当具备下列条件。

---

<!-- pagebreak -->

## 第二章　业务范围

"""
    + "\n\n".join(
        f"第{n}条　本会理事会每年至少召开一次会议，情况特殊的也可采用通讯形式召开。" * 3
        for n in range(3, 20)
    )
    + f"""

::: signature
{SOCIETY}
{format_date(date(2026, 11, 22))}
:::
"""
)

TABLE = "# 条款依据对照表\n\n| 序号 | 条款 | 依据 |\n|:---:|---|---|\n" + "\n".join(
    f"| {n} | 第{n}条 | 《河南省科协学会治理与服务改革创新工程实施方案》四、3.⑸ |"
    for n in range(1, 6)
)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return render(SAMPLE, annexes=[Annex(TABLE, landscape=True), "# 第二个附件\n\n正文。"])


@pytest.fixture(scope="module")
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _paragraph(document, text: str):
    return next(p for p in document.paragraphs if text in p.text)


# --- Word output ---------------------------------------------------------------------------
def test_word_file_opens_and_contains_the_text(document):
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{SOCIETY}章程" in text
    assert "第一章　总则" in text
    assert "第19条" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "第3条" in cells


def test_every_run_and_style_with_text_names_its_chinese_font(docx_bytes):
    for name, xml in _parts(docx_bytes).items():
        if not re.match(r"word/(document|footer\d*|header\d*)\.xml", name):
            continue
        for run in re.findall(rb"<w:r>.*?</w:r>|<w:r .*?</w:r>", xml, re.S):
            if re.search(rb"<w:t[ >][^<]", run):
                assert b"w:eastAsia=" in run, (name, run[:200])
    styles = Document(io.BytesIO(docx_bytes)).styles
    for style_name in docx_style.STYLES:
        rfonts = styles[style_name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == docx_style.STYLES[style_name].east_asia


def test_page_is_a4_with_gbt9704_margins_and_22_lines(document):
    section = document.sections[0]
    mm = {
        "width": section.page_width.mm,
        "height": section.page_height.mm,
        "top": section.top_margin.mm,
        "bottom": section.bottom_margin.mm,
        "left": section.left_margin.mm,
        "right": section.right_margin.mm,
    }
    assert mm == pytest.approx(
        {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}, abs=0.1
    )
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16  # 三号
    text_block_pt = (297 - 37 - 35) / 25.4 * 72
    assert int(text_block_pt // normal.paragraph_format.line_spacing.pt) == 22


def test_title_and_headings_use_the_official_fonts(document):
    title = _paragraph(document, f"{SOCIETY}章程")
    assert title.style.name == "Title"
    assert title.style.font.size.pt == 22  # 二号
    assert _paragraph(document, "一、一级标题").style.name == "Heading 1"
    assert _paragraph(document, "（一）二级标题").style.name == "Heading 2"
    fonts = {
        name: document.styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        for name in ("Title", "Normal", "Heading 1", "Heading 2", "Heading 3")
    }
    assert fonts == {
        "Title": "方正小标宋简体",
        "Normal": "仿宋_GB2312",
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
        "Heading 3": "仿宋_GB2312",
    }


def test_chapter_headings_are_centred_and_others_indented(document):
    assert _paragraph(document, "第一章　总则").alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _paragraph(document, "一、一级标题").alignment is None  # the style's indent
    ind = document.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


def test_lines_of_a_chinese_paragraph_join_without_a_space(document):
    assert "学术性、非营利性" in _paragraph(document, "第二条").text


def test_lists_are_numbered_as_in_official_documents(document):
    texts = [p.text for p in document.paragraphs]
    assert "1.开展学术交流；" in texts
    assert "（2）嵌套第二项。" in texts
    assert "• 无序项" in texts


def test_page_numbers_are_dashed_fields_right_on_odd_left_on_even(docx_bytes):
    parts = _parts(docx_bytes)
    assert b"<w:evenAndOddHeaders/>" in parts["word/settings.xml"]
    footers = [parts[n] for n in parts if n.startswith("word/footer")]
    aligns = set()
    for xml in footers:
        assert b" PAGE " in xml and "— ".encode() in xml and " —".encode() in xml
        assert 'w:eastAsia="宋体"'.encode() in xml and 'w:ascii="宋体"'.encode() in xml
        aligns |= set(re.findall(rb'<w:jc w:val="(\w+)"/>', xml))
    assert aligns == {b"right", b"left"}


def test_signature_block_ends_four_characters_from_the_right(document):
    name = next(p for p in document.paragraphs if p.style.name == "Signature")
    assert name.text == f"{SOCIETY}\n2026年11月22日"
    ind = name._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:rightChars")) == "400"
    assert float(ind.get(qn("w:leftChars"))) > 1000  # pushed to the right half
    assert document.styles["Signature"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_pagebreak_marker_starts_the_next_heading_on_a_new_page(document):
    assert _paragraph(document, "第二章").paragraph_format.page_break_before is True


def test_table_has_borders_and_a_bold_header_repeated_on_each_page(document):
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert [c.text for c in header.cells] == ["序号", "条款", "依据"]
    widths = [c.width for c in table.rows[1].cells]
    assert widths[2] > widths[1] > 0  # the citation column gets the room
    tbl_pr = document.styles["Table Grid"].element.find(qn("w:tblPr"))
    borders = tbl_pr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:insideH")).get(qn("w:val")) == "single"


def test_annexes_start_new_sections_with_labels_and_landscape_pages(document):
    labels = [p.text for p in document.paragraphs if p.style.name == "Annex Label"]
    assert labels == ["附件1", "附件2"]
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert document.sections[1].page_width.mm == pytest.approx(297, abs=0.1)
    # every section keeps the page-number footers
    assert all(s.footer.paragraphs[0].text.startswith("— ") for s in document.sections)


def test_no_template_markup_survives(docx_bytes):
    clean = render("# 标题\n\n正文。")
    for xml in _parts(clean).values():
        assert b"{{" not in xml and b"{%" not in xml


def test_document_title_goes_into_the_file_properties(document):
    assert document.core_properties.title == f"{SOCIETY}章程"


# --- user text -----------------------------------------------------------------------------
def test_hostile_user_text_is_kept_literally_in_word(document):
    assert _paragraph(document, "第一条").text == f"第一条　本会的名称是{HOSTILE_SHOWN}。"


def test_hostile_user_text_is_escaped_in_html():
    page = render(f"正文：{escape_markdown(HOSTILE)}", fmt="html").decode()
    assert "<script>" not in page
    text = re.search(r"<p>正文：(.*?)</p>", page).group(1)
    assert html.unescape(text) == HOSTILE_SHOWN


def test_hostile_user_text_round_trips_through_markdown_output():
    md = render(f"正文：{escape_markdown(HOSTILE)}", fmt="md").decode()
    inline = next(t for t in parse(md) if t.type == "inline")
    assert "".join(c.content for c in inline.children) == f"正文：{HOSTILE_SHOWN}"


def test_raw_control_characters_and_html_in_the_template_never_break_the_file():
    data = render("# 标题\x0b\x1b\n\n<b>粗</b> &lt; \ud800正文\r\n第二行")
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert paragraphs[0] == "标题"
    assert paragraphs[1] == "<b>粗</b> < 正文第二行"


def test_unknown_markers_are_refused_in_chinese():
    with pytest.raises(XuehuiError, match="无法识别"):
        render("正文\n\n::: sidebar\n内容\n:::\n")
    with pytest.raises(XuehuiError, match="第3行"):
        render("正文\n\n<!-- newpage -->\n")


def test_unknown_format_is_refused_in_chinese():
    with pytest.raises(XuehuiError, match="不支持的输出格式"):
        render("正文", fmt="pdf")  # type: ignore[arg-type]


# --- html and markdown ---------------------------------------------------------------------
def test_html_is_a_standalone_styled_page():
    page = render(SAMPLE, fmt="html", annexes=[TABLE]).decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert f"<title>{SOCIETY}章程</title>" in page
    assert '<h2 class="chapter">第一章　总则</h2>' in page
    assert '<div class="signature">' in page and '<div class="pagebreak"></div>' in page
    assert '<p class="annex-label">附件</p>' in page and "<table>" in page
    assert "仿宋_GB2312" in page  # the stylesheet is inlined


def test_markdown_output_keeps_the_source_and_appends_labelled_annexes():
    md = render(SAMPLE, fmt="md", annexes=["# 附表\n\n内容。"]).decode()
    assert md.startswith(f"# {SOCIETY}章程")
    assert md.rstrip().endswith("<!-- pagebreak -->\n\n附件\n\n# 附表\n\n内容。")


# --- helpers -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (date(2026, 1, 5), "2026年1月5日"),
        (datetime(2026, 11, 22, 9), "2026年11月22日"),
        ("2026-07-01", "2026年7月1日"),
    ],
)
def test_dates_use_arabic_numerals_without_zero_padding(value, shown):
    assert format_date(value) == shown


def test_a_malformed_date_is_refused_in_chinese():
    with pytest.raises(XuehuiError, match="日期"):
        format_date("2026/13/01")


def test_write_keeps_an_existing_file_unless_told_to_overwrite(tmp_path):
    target = tmp_path / "out" / "章程.docx"
    write(target, b"first")
    with pytest.raises(XuehuiError, match="已存在"):
        write(target, b"second")
    assert target.read_bytes() == b"first"
    write(target, b"second", overwrite=True)
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["章程.docx"]  # no temp files left


def test_committed_base_document_matches_the_house_style():
    built = docx_style.build_base_bytes()
    committed = docx_style.base_docx_path().read_bytes()
    old = _parts(committed)
    stale = [name for name, data in _parts(built).items() if old.get(name) != data]
    assert not stale, f"templates/base.docx is out of date (run templates/build_base.py): {stale}"
    assert built == committed  # the build is reproducible byte for byte


# --- LibreOffice ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_page_one(tmp_path_factory, docx_bytes):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        pytest.skip("LibreOffice or poppler-utils not installed")
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "sample.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = folder / "sample.pdf"
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(folder / "page")],
        check=True,
        timeout=60,
    )
    subprocess.run(
        [pdftoppm, "-gray", "-r", "25.4", "-f", "1", "-l", "1", str(pdf), str(folder / "gray")],
        check=True,
        timeout=60,
    )  # one pixel per mm
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return {
        "png": next(folder.glob("page*.png")),
        "pgm": next(folder.glob("gray*.pgm")),
        "pages": int(re.search(r"Pages:\s+(\d+)", pages).group(1)),
    }


def _ink(pgm_path):
    """Rows of a binary PGM as lists of booleans (True = dark pixel)."""
    data = pgm_path.read_bytes()
    magic, width, height, _maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    return [[pixels[y * width + x] < 128 for x in range(width)] for y in range(height)]


def test_libreoffice_renders_the_document_within_the_margins(pdf_page_one):
    assert pdf_page_one["png"].stat().st_size > 5000
    assert pdf_page_one["pages"] >= 4  # main text over two+ pages, then the annexes
    rows = _ink(pdf_page_one["pgm"])
    assert len(rows) == pytest.approx(297, abs=2) and len(rows[0]) == pytest.approx(210, abs=2)
    inked_rows = [y for y, row in enumerate(rows) if any(row)]
    inked_cols = [x for x in range(len(rows[0])) if any(row[x] for row in rows)]
    assert inked_rows[0] >= 36  # 天头 37 mm
    assert inked_cols[0] >= 27 and inked_cols[-1] <= 210 - 25  # 订口 28 mm, right 26 mm
    assert inked_rows[-1] > 297 - 35  # the page number sits below the text block


def test_subtitle_sits_right_under_the_title(document):
    title = _paragraph(document, f"{SOCIETY}章程")
    subtitle = _paragraph(document, "第一次会员代表大会通过")
    assert subtitle.style.name == "Subtitle"
    assert title.paragraph_format.space_after == 0
    assert subtitle.style.paragraph_format.space_after.pt == pytest.approx(28.9)


@pytest.mark.parametrize("value", ["1. 甲", "- 乙", "# 丙", "> 丁", "::: center", "| 戊 |"])
def test_a_user_value_at_the_start_of_a_line_stays_plain_text(value):
    paragraphs = Document(io.BytesIO(render(escape_markdown(value)))).paragraphs
    assert [(p.text, p.style.name) for p in paragraphs] == [(value, "Normal")]


def test_an_empty_document_or_a_lone_table_still_makes_a_valid_file():
    assert Document(io.BytesIO(render(""))).paragraphs[0].text == ""
    doc = Document(io.BytesIO(render("| 甲 | 乙 |\n|---|---|\n| 1 | 2 |")))
    assert doc.tables[0].rows[1].cells[1].text == "2"
    assert doc.element.body[-2].tag == qn("w:p")  # a paragraph after the table


def test_a_long_title_breaks_between_words_into_balanced_lines():
    title = "河南省计算机学会关于通过《河南省计算机学会章程》的决议"
    doc = Document(io.BytesIO(render(f"# {title}\n\n正文。")))
    assert doc.paragraphs[0].text.split("\n") == [
        "河南省计算机学会关于通过",
        "《河南省计算机学会章程》的决议",
    ]
    assert doc.core_properties.title == title


def test_the_paragraph_after_a_closing_table_is_a_hairline_that_never_adds_a_page():
    doc = Document(io.BytesIO(render("# 表\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |")))
    trailing = doc.element.body[-2]
    assert trailing.tag == qn("w:p") and not "".join(trailing.itertext())
    spacing = trailing.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:line")) == "20" and spacing.get(qn("w:lineRule")) == "exact"
    assert trailing.find(f"{qn('w:pPr')}/{qn('w:snapToGrid')}").get(qn("w:val")) == "0"
    # a document that does not end with a table keeps its ordinary last paragraph
    plain = Document(io.BytesIO(render("# 标题\n\n正文。")))
    assert plain.paragraphs[-1].text == "正文。"


def test_a_landscape_document_has_landscape_pages():
    doc = Document(
        io.BytesIO(render("# 对照表\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |", landscape=True))
    )
    section = doc.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    html_page = render("# 对照表\n\n正文。", fmt="html", landscape=True).decode("utf-8")
    assert '<main class="document landscape">' in html_page
