"""Read a society's existing charter (.docx, .txt, .md) into chapters and articles.

Charters arrive as they were kept for years: Word files whose article numbers come from
automatic list numbering, text saved in GBK, Markdown with ``**第一条**``, full-width spaces
inside ``第 十二 条``, chapter headings missing, articles skipped or numbered twice. The
reader turns any of these into one clean body (only whitespace inside number labels and
Markdown marks are touched, the wording never), segments it with ``kb.segmentation.segment``
and lists the numbering problems of the document itself, each with the article it concerns.

Anything that cannot be read as a charter raises ``InputError`` (exit code 2) with a Chinese
message saying why, before anything is written.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import InputError
from kb.limits import check_docx, check_text
from kb.numerals import cn_int, normalize
from kb.segmentation import Clause, segment

MAX_BYTES = 20 * 1024 * 1024  # a charter is a few dozen pages; 20 MB leaves room for images
SUPPORTED = (".docx", ".txt", ".md", ".markdown", ".text")
_SPACE = " \t\r\u3000\xa0\ufeff"
_NUM = "零〇一二两三四五六七八九十百\\d０-９"
# "第 十二 条", "第１２条", "第十二条:" → a label segment() recognises (spaces removed only).
_LABEL = re.compile(rf"^([{_SPACE}]*)第[{_SPACE}]*([{_NUM}]+)[{_SPACE}]*([章节条])")
# A chapter heading and its first article run together on one line by a careless conversion.
_RUN_ON = re.compile(rf"(?<=\S)[{_SPACE}]+(?=第[{_NUM}]+条)")
_ARTICLE_ANYWHERE = re.compile(rf"第[{_SPACE}]*[{_NUM}]+[{_SPACE}]*条")
_BARE_LABEL = re.compile(rf"^第[{_SPACE}]*[{_NUM}]+[{_SPACE}]*[章节条][{_SPACE}：:]*$")
_SPACED_HEADING = re.compile(rf"^[\u4e00-\u9fff](?:[{_SPACE}]+[\u4e00-\u9fff]){{1,4}}$")
_ARTICLE_START = re.compile(rf"^第[{_NUM}]+条")
_ANNEX = re.compile(
    r"^(?:附件|附表|附录)[一二三四五六七八九十\d]*(?:[：:].*|[\s\u3000]+\S.{0,30})?$"
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_QUOTE_OR_LIST = re.compile(r"^\s{0,3}(?:>\s*|[-*+]\s+)")


@dataclass
class Article:
    """One article (第N条) of the charter with everything under it (款, 项)."""

    index: int  # position in the charter, 1-based, whatever number it carries
    number: int  # the number as written
    label: str  # 第十二条 as cited
    chapter: str  # "第四章 组织机构" or "" when the charter has no chapter headings
    text: str  # the article's full text, its items and paragraphs included, verbatim
    clause: Clause
    occurrence: int = 1  # 2 for the second article carrying the same number

    @property
    def citation(self) -> str:
        """How a report cites it: 第十二条, or 第十二条（第二处） when the number repeats."""
        if self.occurrence > 1:
            return f"{self.label}（第{cn_int(self.occurrence)}处）"
        return self.label

    @property
    def body(self) -> str:
        """The text without the 第N条 label."""
        return self.text[len(self.clause.label) :].lstrip(_SPACE)

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "number": self.number,
            "citation": self.citation,
            "chapter": self.chapter,
            "text": self.text,
        }


@dataclass
class Problem:
    """A defect of the document itself (numbering), independent of any regulation."""

    kind: (
        str  # gap | repeat | order | first | chapter_gap | chapter_repeat | no_chapters | item_gap
    )
    message: str  # Chinese, names the articles concerned
    article: str | None = None  # citation of the article where it shows
    severity: str = "warning"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "message": self.message,
            "article": self.article,
            "severity": self.severity,
        }


@dataclass
class Charter:
    """A charter read from a file: its cleaned body, clauses, articles and numbering problems."""

    source: str
    title: str
    body: str
    clauses: list[Clause]
    articles: list[Article]
    chapters: list[Clause]
    problems: list[Problem] = field(default_factory=list)
    annexes: str = ""  # text after a 附件 line, not audited


def read_charter(path: str | Path, display_name: str | None = None) -> Charter:
    """Read and segment the charter in ``path``; raise ``InputError`` when it cannot be."""
    path = Path(path)
    name = display_name or path.name
    if path.is_dir():
        raise InputError("这是一个文件夹，请给出章程文件（.docx、.txt 或 .md）", where=name)
    if not path.is_file():
        raise InputError("文件不存在", where=name)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），章程文件不应超过 "
            f"{MAX_BYTES // 1024 // 1024} MB。请确认选择的是章程本身，"
            "或删除其中的图片后另存为 .docx 或 .txt",
            where=name,
        )
    if size == 0:
        raise InputError("文件是空的", where=name)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise InputError(
            "不支持旧版 Word 格式（.doc）。请在 Word 或 WPS 中“另存为” .docx 后再审查", where=name
        )
    if suffix == ".pdf":
        raise InputError(
            "不支持 PDF。请提供 Word（.docx）或文本（.txt、.md）格式的章程", where=name
        )
    if suffix not in SUPPORTED:
        raise InputError(
            f"不支持的文件类型“{suffix or '无扩展名'}”。支持 .docx、.txt、.md", where=name
        )
    data = path.read_bytes()
    if suffix == ".docx":
        text = docx_text(data, name)
    else:
        text = decode_text(data, name)
        if suffix in (".md", ".markdown"):
            text = strip_markdown(text)
    check_text(text, what="章程", where=name)
    return parse_charter(text, name)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (which covers GBK/GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise InputError(
        "无法识别文件的文字编码（支持 UTF-8、UTF-16、GBK/GB18030），或这不是一个文本文件",
        where=name,
    )


def strip_markdown(text: str) -> str:
    """Drop Markdown marks (#, **, >, list bullets) that are not part of the wording."""
    lines = []
    for line in text.splitlines():
        line = _MD_HEADING.sub("", line)
        line = _MD_QUOTE_OR_LIST.sub("", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        lines.append(line)
    return "\n".join(lines)


def normalise(text: str) -> str:
    """One line per paragraph; number labels written without inner spaces.

    A label standing alone on its line (第一条 / 本会名称…, as Word files often have it) is
    joined to the line that follows; a spaced-out heading (附  则) is closed up so that
    segmentation recognises it.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [raw.strip(_SPACE) for raw in text.split("\n")]
    joined: list[str] = []
    for line in lines:
        if joined and _BARE_LABEL.match(joined[-1]):
            if line:
                joined[-1] = f"{joined[-1].rstrip('：:')}　{line}"
            continue  # blank lines between a bare label and its text
        if _SPACED_HEADING.match(line):
            line = re.sub(rf"[{_SPACE}]+", "", line)
        joined.append(line)
    out = []
    for line in joined:
        # 第一章 总则 第一条 本会名称… on one line: start the article on its own line.
        if re.match(rf"^第[{_NUM}]+章", _LABEL.sub(r"第\2\3", line)):
            line = _RUN_ON.sub("\n", line, count=1)
        for part in line.split("\n"):
            part = _LABEL.sub(lambda m: f"第{normalize(m.group(2))}{m.group(3)}", part)
            # 第十二条本会… / 第十二条：本会… → keep a space after the label, as segment() expects
            part = re.sub(rf"^(第[{_NUM}]+[章节条])[：:、．.]?(?=\S)", r"\1 ", part)
            out.append(part)
    return "\n".join(out).strip("\n") + "\n"


def split_annexes(body: str) -> tuple[str, str]:
    """(charter, annexes): what follows a 附件 line after the articles is not the charter.

    Charters often carry annexes (会费标准, a drafting-basis table citing 第四条 …); their
    article references must not be read as articles.
    """
    lines = body.split("\n")
    seen_article = False
    for i, line in enumerate(lines):
        if _ARTICLE_START.match(line):
            seen_article = True
        elif seen_article and _ANNEX.match(line.strip(_SPACE)):
            return "\n".join(lines[:i]).rstrip("\n") + "\n", "\n".join(lines[i:])
    return body, ""


def parse_charter(text: str, name: str = "章程") -> Charter:
    """Segment a charter's text (annexes left aside) and check its numbering."""
    body, annexes = split_annexes(normalise(text))
    if not _ARTICLE_ANYWHERE.search(body):
        if not body.strip():
            raise InputError("文件中没有可读取的文字", where=name)
        raise InputError(
            "文件中没有任何“第…条”，看起来不是一份章程。章程应按“第一条、第二条……”"
            "逐条编写；如果条文编号是 Word 的自动编号，请确认文件为 .docx 格式",
            where=name,
        )
    title = _title_of(body)
    clauses = segment("charter", title, body)
    chapters = [c for c in clauses if c.kind == "chapter"]
    articles = _articles(clauses, body)
    if not articles:
        raise InputError("文件中的“第…条”都不在行首，无法按条拆分，看起来不是一份章程", where=name)
    charter = Charter(
        source=name,
        title=title,
        body=body,
        clauses=clauses,
        articles=articles,
        chapters=chapters,
        annexes=annexes,
    )
    charter.problems = numbering_problems(charter)
    return charter


def _title_of(body: str) -> str:
    for line in body.splitlines():
        line = line.strip(_SPACE)
        if line and not _LABEL.match(line):
            return line[:60] if "章程" in line or len(line) <= 40 else "章程"
        if line:
            break
    return "章程"


def _descendants(clause: Clause, by_id: dict[str, Clause]) -> list[Clause]:
    out = []
    for kid_id in clause.children:
        kid = by_id[kid_id]
        out.append(kid)
        out.extend(_descendants(kid, by_id))
    return out


def _articles(clauses: list[Clause], body: str) -> list[Article]:
    by_id = {c.id: c for c in clauses}
    seen: dict[int, int] = {}
    articles = []
    chapter = ""  # the latest 第N章 or unnumbered heading (附则) before the article
    for clause in clauses:
        if clause.kind in ("chapter", "heading"):
            chapter = clause.text
        if clause.kind != "article":
            continue
        parts = [clause, *_descendants(clause, by_id)]
        end = max(p.end for p in parts)
        number = clause.number or 0
        seen[number] = seen.get(number, 0) + 1
        articles.append(
            Article(
                index=len(articles) + 1,
                number=number,
                label=f"第{cn_int(number)}条",
                chapter=chapter,
                text=body[clause.start : end],
                clause=clause,
                occurrence=seen[number],
            )
        )
    return articles


def numbering_problems(charter: Charter) -> list[Problem]:
    """Gaps, repeats and backward steps in article and chapter numbers, and missing chapters."""
    problems: list[Problem] = []
    previous: Article | None = None
    for article in charter.articles:
        n = article.number
        if previous is None:
            if n != 1:
                problems.append(
                    Problem(
                        "first",
                        f"第一个条文编号为{article.label}，应从第一条开始",
                        article.citation,
                    )
                )
        elif n == previous.number:
            problems.append(
                Problem(
                    "repeat",
                    f"{article.label}重复出现（第{cn_int(article.index - 1)}"
                    f"个和第{cn_int(article.index)}个条文编号相同），其后条文应顺延重编",
                    article.citation,
                )
            )
        elif n > previous.number + 1:
            missing = _range_text(previous.number + 1, n - 1)
            problems.append(
                Problem(
                    "gap",
                    f"条文编号跳号：{previous.label}之后是{article.label}，缺少{missing}",
                    article.citation,
                )
            )
        elif n < previous.number:
            problems.append(
                Problem(
                    "order",
                    f"条文编号倒退：{previous.label}之后是{article.label}",
                    article.citation,
                )
            )
        previous = article
    problems.extend(_chapter_problems(charter))
    problems.extend(_item_problems(charter))
    return problems


def _chapter_problems(charter: Charter) -> list[Problem]:
    problems: list[Problem] = []
    if not charter.chapters:
        return [
            Problem(
                "no_chapters",
                "章程未分章。示范文本按“第一章 总则”至“第八章 附则”分章编写，建议补充章标题",
                None,
                "advice",
            )
        ]
    first_article = charter.articles[0].clause.start
    if charter.chapters[0].start > first_article:
        problems.append(
            Problem(
                "no_chapters",
                "第一章之前已有条文，这些条文缺少章标题",
                charter.articles[0].citation,
                "advice",
            )
        )
    previous = None
    for chapter in charter.chapters:
        n = chapter.number or 0
        label = f"第{cn_int(n)}章"
        if previous is None and n != 1:
            problems.append(Problem("chapter_gap", f"第一个章编号为{label}，应从第一章开始", label))
        elif previous is not None and n == previous:
            problems.append(Problem("chapter_repeat", f"{label}重复出现", label))
        elif previous is not None and n != previous + 1:
            problems.append(
                Problem("chapter_gap", f"章编号不连续：第{cn_int(previous)}章之后是{label}", label)
            )
        previous = n
    return problems


def _item_problems(charter: Charter) -> list[Problem]:
    """（一）（二）（四）: an item skipped inside one article."""
    by_id = {c.id: c for c in charter.clauses}
    problems = []
    for article in charter.articles:
        items = [by_id[k] for k in article.clause.children if by_id[k].kind == "cn_paren"]
        for before, after in zip(items, items[1:], strict=False):
            if (
                before.number is not None
                and after.number is not None
                and after.number != before.number + 1
            ):
                problems.append(
                    Problem(
                        "item_gap",
                        f"{article.citation}的项编号不连续：（{cn_int(before.number)}）之后是"
                        f"（{cn_int(after.number)}）",
                        article.citation,
                        "advice",
                    )
                )
    return problems


def _range_text(low: int, high: int) -> str:
    if low == high:
        return f"第{cn_int(low)}条"
    return f"第{cn_int(low)}条至第{cn_int(high)}条"


# --- Word files ---------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_IMAGE_TAGS = ("drawing", "pict", "object")


def docx_text(data: bytes, name: str) -> str:
    """The text of a .docx, one paragraph a line, with automatic list numbers written out.

    Word charters often number articles with a list style ("第%1条"): the number is not in
    the paragraph's text, only in numbering.xml, so it is reconstructed here.
    """
    import io

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    check_docx(data, where=name)  # zip directory only: a zip bomb is refused unread
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(
            "不是有效的 Word（.docx）文件：文件可能已损坏，或是把 .doc、.wps 文件"
            "改了扩展名。请用 Word 或 WPS 打开后另存为 .docx",
            where=name,
        ) from exc
    except Exception as exc:  # lxml errors inside a broken package: still the user's file
        raise InputError(
            "Word 文件的正文已损坏，无法解析。请用 Word 或 WPS 打开后另存为 .docx", where=name
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
                "该 Word 文件只有图片，没有可读取的文字（可能是扫描件）。请提供文字版"
                "章程，或先对扫描件进行文字识别（OCR）后另存为 .docx",
                where=name,
            )
        raise InputError("该 Word 文件中没有文字", where=name)
    return "\n".join(lines)


def _paragraph_text(p) -> str:
    parts = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}delText"):
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag in (f"{_W}tab",):
            parts.append("\t")
        elif el.tag in (f"{_W}br", f"{_W}cr"):
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
                lvls[int(lvl.get(f"{_W}ilvl"))] = (
                    int(start.get(f"{_W}val")) if start is not None else 1,
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
                    ilvl = int(override.get(f"{_W}ilvl"))
                    if start is not None and ilvl in lvls:
                        lvls[ilvl] = (int(start.get(f"{_W}val")), *lvls[ilvl][1:])
                self.levels[num.get(f"{_W}numId")] = lvls

    def label(self, p, styles: dict[str, tuple[str, int]]) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl = None, 0
        if num_pr is not None:
            el = num_pr.find(f"{_W}numId")
            lvl = num_pr.find(f"{_W}ilvl")
            num_id = el.get(f"{_W}val") if el is not None else None
            ilvl = int(lvl.get(f"{_W}val")) if lvl is not None else 0
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
