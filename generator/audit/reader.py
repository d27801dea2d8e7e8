"""Read a society's existing charter (.docx, .txt, .md) into chapters, articles and items.

Charters arrive as they were kept for years: Word files whose article numbers come from
automatic list numbering, text saved in GBK, Markdown with ``**第一条**``, full-width spaces
inside ``第 十二 条``, traditional characters (第十二條), chapter headings written "1. 总则",
items run together on one line, OCR and conversion junk inside labels (第-条, 第点三十九条),
chapter headings missing, articles skipped or numbered twice. The file is read by
``kb.reader`` (the one reader of source files); this module turns the text into one clean
body — only number labels, headings and line breaks are touched, the wording never — segments
it with ``kb.segmentation.segment`` and lists the problems of the document itself: numbering,
and what it could not read (a label read by guess is said to be one).

Anything that cannot be read as a charter raises ``InputError`` (exit code 2) with a Chinese
message saying why, before anything is written.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.audit.vocabulary import characters, load_vocabulary
from kb.cleaning import is_chrome
from kb.errors import InputError
from kb.numerals import cn_int, digit_string, normalize, to_int
from kb.reader import MAX_BYTES, read_source
from kb.reader import strip_markdown as strip_markdown
from kb.segmentation import Clause, segment

__all__ = ["MAX_BYTES", "Article", "Charter", "Problem", "parse_charter", "read_charter"]

MAX_ARTICLES = 5000  # far beyond any charter; a text with more is not one
_SPACE = " \t\r\u3000\xa0\ufeff"
_NUM = "零〇一二两兩三四五六七八九十百千\\d０-９"
_MARK = "条條章节節"
# "第 十二 条", "第１２条", "第十二條:" → a label segment() recognises (spaces removed only).
_LABEL = re.compile(rf"^([{_SPACE}]*)第[{_SPACE}]*([{_NUM}]+)[{_SPACE}]*([{_MARK}])")
# OCR and conversion damage inside a label: 第-条 (一 read as a dash), 第点三十九条 (a stray
# character before the number). Read as far as possible and listed as read by guess.
_DAMAGED_LABEL = re.compile(
    rf"^([{_SPACE}]*)第(?P<junk>[^{_NUM}{_MARK}{_SPACE}\u4e00-\u9fff]|[点.．·、])?"
    rf"[{_SPACE}]*(?P<num>[{_NUM}\-－—─_]+)[{_SPACE}]*(?P<mark>[{_MARK}])"
)
_DASHES = str.maketrans("-－—─_", "一一一一一")
# 第条: an article whose number a conversion lost (read in sequence, see _repair_labels)
_LOST_NUMBER = re.compile(rf"^([{_SPACE}]*)第[{_SPACE}]*条(?=[{_SPACE}：:]*[\u4e00-\u9fff])")
# A chapter heading and its first article run together on one line by a careless conversion.
_RUN_ON = re.compile(rf"(?<=\S)[{_SPACE}]+(?=第[{_NUM}]+条)")
_ARTICLE_ANYWHERE = re.compile(rf"第[{_SPACE}]*[{_NUM}]+[{_SPACE}]*[条條]")
_BARE_LABEL = re.compile(rf"^第[{_SPACE}]*[{_NUM}]+[{_SPACE}]*[{_MARK}][{_SPACE}：:]*$")
_SPACED_HEADING = re.compile(rf"^[\u4e00-\u9fff](?:[{_SPACE}]+[\u4e00-\u9fff]){{1,4}}$")
_ARTICLE_START = re.compile(rf"^第[{_NUM}]+条")
_INSERTED = re.compile(r"之[一二三四五六七八九十]{1,2}")
# "1. 总则", "2、业务范围": a chapter heading numbered like a list, on its own line.
_LIST_HEADING = re.compile(
    rf"^(?P<num>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[{_SPACE}]*[.．、][{_SPACE}]*"
    rf"(?P<title>[\u4e00-\u9fff][\u4e00-\u9fff{_SPACE}、和与及（）()]{{1,18}})$"
)
# Articles run together: "…退会自由。 第十条 会员履行…" (see _split_articles).
_NEXT_ARTICLE = re.compile(
    rf"(?<=[。；;！!？?])[{_SPACE}]*(?=第(?P<num>[{_NUM}]+)[条條](?![规所的中、至和或及第]))"
)
# Items run together: "…；（七）…" → each item on its own line.
_ITEM_RUN_ON = re.compile(
    rf"(?<=[；;。])[{_SPACE}]*(?=[（(][{_SPACE}]*[一二三四五六七八九十]+[{_SPACE}]*[）)])"
)
# A second list opened in the same line (…签署有关重要文件。秘书长行使下列职权：（一）…): its
# heading and its items start on lines of their own, so its （一） begins a new list.
_SECOND_LIST = re.compile(
    rf"(?<=。)[{_SPACE}]*([^。；;\n（(]{{1,30}}[：:])[{_SPACE}]*(?=[（(][{_SPACE}]*一[{_SPACE}]*[）)])"
)
_ANNEX = re.compile(
    r"^(?:附件|附表|附录)[一二三四五六七八九十\d]*(?:[：:].*|[\s\u3000]+\S.{0,30})?$"
)
# Lines a web dump or a converter added that are not charter text: [page …], [会徽图片].
_MARKER = re.compile(
    r"^\[(?:page|Page|PAGE)[^\]]*\]$|^\[[^\]]{0,12}(?:图片|图像|图)\]$"
    # a PDF's page number between two lines of one sentence: — 2 —, - 3 -, 第 4 页, 5/12
    r"|^[—\-－─]{1,2}\s*\d{1,3}\s*[—\-－─]{1,2}$|^第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?$"
    r"|^\d{1,3}\s*/\s*\d{1,3}$"
)


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
    inserted: str = ""  # 之一 of 第十二条之一, an article inserted by an amendment

    @property
    def citation(self) -> str:
        """How a report cites it: 第十二条, or 第十二条（第二处） when the number repeats."""
        if self.occurrence > 1:
            return f"{self.label}（第{cn_int(self.occurrence)}处）"
        return self.label

    @property
    def body(self) -> str:
        """The text without the 第N条 (之一) label."""
        return self.text[len(self.clause.label) + len(self.inserted) :].lstrip(_SPACE)

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "number": self.number,
            "citation": self.citation,
            "chapter": self.chapter,
            "text": self.text,
        }


TIER_LABELS = {"law": "法律法规", "model": "示范文本", "consistency": "章程文本"}


@dataclass
class Problem:
    """A defect of the document itself, found without any regulation: numbering, what could
    not be read, and (``generator.audit.consistency``) the charter disagreeing with itself."""

    kind: str  # gap | repeat | order | first | chapter_gap | chapter_repeat | no_chapters |
    # item_gap | unreadable | chapter_style | name | body_name | template_note | reference |
    # outdated | contradiction
    message: str  # Chinese, names the articles concerned
    article: str | None = None  # citation of the article where it shows
    severity: str = "warning"
    tier: str = "consistency"  # the charter against itself, not against a rule
    number: int | None = None  # the number of the article concerned, as written
    rule: str = ""  # what the charter should do, in words
    quote: str = ""  # the words concerned, verbatim
    suggestion: str = ""  # current model wording, where there is one

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(self.tier, self.tier)

    def to_dict(self) -> dict:
        return {
            "tier_label": self.tier_label,
            "kind": self.kind,
            "message": self.message,
            "article": self.article,
            "severity": self.severity,
            "tier": self.tier,
            "number": self.number,
            "rule": self.rule,
            "quote": self.quote,
            "suggestion": self.suggestion,
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
    text = read_source(path, what="章程文件", where=name)
    return parse_charter(text, name)


@dataclass
class _Reading:
    """What normalising the text had to guess or leave out, for the problem list."""

    problems: list[Problem] = field(default_factory=list)


_MARKUP = re.compile(
    r"<(?:p|br|div|span|li|td|tr|table|/p|/div|/span|/li|/td|/tr)\b[^<>]{0,200}>|&nbsp;", re.I
)


def _without_markup(text: str, reading: _Reading) -> str:
    """A web page saved as text (<p>第一条&nbsp;&nbsp;本会名称…</p>): the markup taken out,
    paragraphs kept, entities decoded — and said, so the user checks the copy."""
    if len(_MARKUP.findall(text)) < 3:
        return text
    text = re.sub(r"(?i)<br\s*/?>|</(?:p|div|li|tr)>", "\n", text)
    text = html.unescape(re.sub(r"<[a-zA-Z/][^<>]{0,200}>", "", text)).replace("\xa0", " ")
    reading.problems.append(
        Problem(
            "markup",
            "文本带有网页标记（<p>、&nbsp;等），已去除标记后读取，请核对是否为完整的章程原文",
            None,
            "advice",
        )
    )
    return text


_MARKDOWN_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")


def normalise(text: str, reading: _Reading | None = None) -> str:
    """One line per paragraph; number labels written the usual way.

    A label standing alone on its line (第一条 / 本会名称…, as Word files often have it) is
    joined to the line that follows; a spaced-out heading (附  则) is closed up; items run
    together on one line are split; "1. 总则" headings are read as 第一章 总则; a damaged
    label is read as far as possible and listed in ``reading``.
    """
    reading = reading if reading is not None else _Reading()
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _without_markup(text, reading)
    # 笫四条: OCR's 笫 for the 第 of a label (listed with the other look-alikes); **第十三条**:
    # a label set in bold by a Markdown editor
    lines = [
        re.sub(rf"^笫(?=[{_NUM}]+[条章])", "第", _MARKDOWN_BOLD.sub(r"\1", raw).strip(_SPACE))
        for raw in text.split("\n")
    ]
    lines = [_zero_letter(line, reading) for line in lines]
    lines = _without_contents(
        _repair_labels(
            [line for line in lines if not _MARKER.match(line) and not is_chrome(line)], reading
        )
    )
    lines = _list_headings(lines, reading)
    lines = _numbered_paragraphs(lines, reading)
    lines = _numbers_lost_in_a_gap(lines, reading)
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
        line = _SECOND_LIST.sub(r"\n\1\n", _split_articles(line))
        line = _ITEM_RUN_ON.sub("\n", line)
        for part in line.split("\n"):
            part = _LABEL.sub(
                lambda m: f"第{characters(normalize(m.group(2)))}{characters(m.group(3))}", part
            )
            # 第十二条本会… / 第十二条：本会… → keep a space after the label, as segment() expects
            part = re.sub(
                rf"^(第[{_NUM}]+[章节条])(?!之[一二三四五六七八九十])[：:、．.]?(?=\S)",
                r"\1 ",
                part,
            )
            out.append(part)
    return "\n".join(out).strip("\n") + "\n"


def _split_articles(line: str) -> str:
    """Start each article of a line holding several on its own line: only where a sentence
    ends and the label is the next number after the line's own, so that a sentence citing
    another article (依照第十条规定…) is never cut."""
    label = _LABEL.match(line)
    if not label or label.group(3) not in "条條":
        return line
    number = to_int(normalize(label.group(2)))
    if number is None:
        return line
    out, start = [], 0
    for match in _NEXT_ARTICLE.finditer(line):
        if to_int(normalize(match.group("num"))) != number + 1:
            continue
        out.append(line[start : match.start()])
        start, number = match.end(), number + 1
    return "\n".join([*out, line[start:]])


_CONTENTS = re.compile(rf"^目[{_SPACE}]*录$")


def _without_contents(lines: list[str]) -> list[str]:
    """The lines without a table of contents (目录 / 第一章 总则 1 / … ) set before the text,
    whose chapter headings would otherwise read as chapters the text has twice."""
    start = next((i for i, line in enumerate(lines[:40]) if _CONTENTS.match(line)), None)
    if start is None:
        return lines
    first_chapter = re.compile(rf"^第[{_SPACE}]*[一1１][{_SPACE}]*章")
    listed = False
    for end in range(start + 1, len(lines)):
        label = _LABEL.match(lines[end])
        if label and "条" in label.group(3):
            break  # no second first chapter before the first article: the text is not listed
        if first_chapter.match(lines[end]):
            if listed:
                return lines[:start] + lines[end:]
            listed = True
    return lines


_ZERO_LETTER = re.compile(rf"^第(?P<num>[{_NUM}]+[Oo][{_NUM}]*)(?=[条章])")


def _zero_letter(line: str, reading: _Reading) -> str:
    """第二O条 → 第二十条: a letter O for the 〇 of a label's number (and say so)."""
    match = _ZERO_LETTER.match(line)
    if match is None:
        return line
    num = re.sub("[Oo]", "〇", match.group("num"))
    value = digit_string(num) or to_int(num)  # 二〇 and 一〇五 written digit by digit
    if not value:
        return line
    read = f"第{cn_int(value)}"
    reading.problems.append(
        Problem(
            "unreadable",
            f"“{match.group(0)}条”的编号有文字识别错误（字母O），已按{read}条读取，请核对原件",
            f"{read}条",
            "advice",
        )
    )
    return read + line[match.end() :]


def _repair_labels(lines: list[str], reading: _Reading) -> list[str]:
    """Each line's damaged article label read in sequence: a label with a stray dash or no
    number at all (第条) is read as the number that follows the article before it."""
    out = []
    last = {"条": 0, "章": 0}
    for line in lines:
        damaged = _DAMAGED_LABEL.match(line)
        mark = characters(damaged.group("mark")) if damaged else "条"
        line = _repair_label(line, reading, last.get(mark, 0) + 1)
        label = _LABEL.match(line)
        if label and characters(label.group(3)) in last:
            last[characters(label.group(3))] = to_int(normalize(label.group(2))) or 0
        out.append(line)
    return out


def _repair_label(line: str, reading: _Reading, expected: int) -> str:
    """第-条 → 第一条, 第点三十九条 → 第三十九条, 第二十一-条 → 第二十一条, 第条 → the
    ``expected`` number (and say so); any other line as it is."""
    if _LABEL.match(line):
        return line
    lost = _LOST_NUMBER.match(line)
    if lost and expected > 1:
        read = f"第{cn_int(expected)}条"
        reading.problems.append(
            Problem(
                "unreadable",
                f"有一条的编号在转换中丢失（“{lost.group(0).strip(_SPACE)}”），已按前后顺序读作{read}，"
                "请核对原件",
                read,
                "advice",
            )
        )
        return f"{lost.group(1)}{read}{line[lost.end() :]}"
    match = _DAMAGED_LABEL.match(line)
    if not match or not (match.group("junk") or set(match.group("num")) & set("-－—─_")):
        return line
    number = match.group("num").translate(_DASHES)
    # 第二十一-条: a stray dash after a whole number, where the article before was 第二十条
    bare = re.sub("[-－—─_]", "", match.group("num"))
    if bare and to_int(normalize(bare)) == expected and to_int(normalize(number)) != expected:
        number = bare
    if to_int(normalize(number)) is None:
        return line
    read = f"第{number}{characters(match.group('mark'))}"
    written = line[match.start() : match.end()].strip(_SPACE)
    reading.problems.append(
        Problem(
            "unreadable",
            f"“{written}”的编号有文字识别或转换错误，已按{read}读取，请核对原件",
            read,
            # 第十—条, or 第-条 where 第一条 comes next in sequence: a dash for the 一 of a numeral
            # is read, not lost (a note to check); 第点三十九条 or a 第-条 out of sequence leaves
            # the number itself in doubt (a defect of the text)
            "advice"
            if not match.group("junk") and (len(number) > 1 or to_int(number) == expected)
            else "warning",
        )
    )
    return f"{match.group(1)}{read}{line[match.end() :]}"


# A paragraph after a list that still speaks of it (业务范围中属于…须经批准的事项) is the
# list's article going on, not a new one.
_GOES_ON = re.compile(r"^(?:上述|以上|前款|前述|其中|但|业务范围中)")
_ITEMS_OPEN = "：:"


def _chapter_title(line: str) -> str | None:
    """A chapter's title standing alone (总则), numbered like a list (一、总则; 2. 业务范围), or
    with its own label (第一章 总则: the chapters' labels kept where the articles' were lost)."""
    title = re.sub(
        rf"^(?:(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[{_SPACE}]*[.．、]|第[一二三四五六七八九十]{{1,3}}章)"
        rf"[{_SPACE}]*",
        "",
        line,
    )
    if len(title) <= 8:  # 总  则: a short title spaced out for layout
        title = re.sub(rf"[{_SPACE}]+", "", title)
    return title if load_vocabulary().chapter_title.match(title) else None


def _numbered_paragraphs(lines: list[str], reading: _Reading) -> list[str]:
    """A Word file saved as text with its automatic numbering lost: no line starts 第…条, but
    the chapters' titles stand alone (总则, 业务范围 …). Each chapter title becomes 第N章; each
    paragraph that is not an item of a list (the lines after one ending in "：", up to the
    item ending in "。") becomes the next article; items get (一)(二)…, and the report says so.
    """
    if any(_LABEL.match(line) and re.search("[条條]", line[:12]) for line in lines):
        return lines  # 第一条 (or 第一條) somewhere: the labels are there
    titles = [i for i, line in enumerate(lines) if _chapter_title(line)]
    if len(titles) < 3:
        return lines
    out = lines[: titles[0]]
    chapter = article = item = 0
    in_list = False
    for line in lines[titles[0] :]:
        if not line:
            out.append(line)
            continue
        if title := _chapter_title(line):
            chapter += 1
            in_list = False
            out.append(f"第{cn_int(chapter)}章 {title}")
            continue
        if in_list:
            item += 1
            out.append(f"（{cn_int(item)}）{line}")
            in_list = not line.endswith("。")
            continue
        if item and _GOES_ON.match(line):
            out.append(line)
            continue
        article += 1
        item = 0
        out.append(f"第{cn_int(article)}条 {line}")
        in_list = line.endswith(tuple(_ITEMS_OPEN))
    reading.problems.append(
        Problem(
            "numbering_lost",
            f"文件中没有条文编号（多为 Word 自动编号在转换中丢失），已按段落顺序读作第一章至第"
            f"{cn_int(chapter)}章、第一条至第{cn_int(article)}条，条文号以此为准，请对照原件核对",
            None,
            "advice",
        )
    )
    return out


_ITEM_START = re.compile(rf"^(?:[（(][{_SPACE}]*[{_NUM}]+[{_SPACE}]*[）)]|[{_NUM}]+[、.．])")


def _numbers_lost_in_a_gap(lines: list[str], reading: _Reading) -> list[str]:
    """第六条, six paragraphs without a label, 第十三条: the labels of 第七条 to 第十二条 lost in a
    conversion (the paragraphs are there, one each). Read in sequence when the paragraphs
    between two labels are exactly as many as the numbers missing, and say so; any other gap
    stays a gap (reported as missing articles)."""
    starts = [
        (i, to_int(normalize(m.group(2))))
        for i, line in enumerate(lines)
        if (m := _LABEL.match(line)) and characters(m.group(3)) == "条"
    ]
    out = list(lines)
    for (at, number), (end, following) in itertools.pairwise(starts):
        if number is None or following is None or following - number < 3:
            continue
        paragraphs = _paragraphs(lines[at + 1 : end], bare=bool(_BARE_LABEL.match(lines[at])))
        if len(paragraphs) != following - number - 1:
            continue
        for offset, i in enumerate(paragraphs, start=1):
            out[at + 1 + i] = f"第{cn_int(number + offset)}条 {lines[at + 1 + i]}"
        first, last = cn_int(number + 1), cn_int(following - 1)
        read = f"第{first}条" if first == last else f"第{first}条至第{last}条"
        reading.problems.append(
            Problem(
                "numbering_lost",
                f"{read}的编号在转换中丢失（这几段前没有“第…条”），已按段落顺序读取，"
                "请对照原件核对",
                f"第{first}条",
                "advice",
            )
        )
    return out


def _paragraphs(lines: list[str], bare: bool) -> list[int]:
    """Indexes of the lines that start a paragraph of their own: not a heading, an item, the
    rest of a list opened by "：", a paragraph going on (上述…), nor the text of a bare label."""
    found: list[int] = []
    in_list = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if bare:  # 第六条 alone on its line: this is its text
            bare = False
            in_list = line.endswith(tuple(_ITEMS_OPEN))
            continue
        heading = _chapter_title(line) or re.match(rf"^第[{_NUM}]+[章节節]", line)
        if heading or _SPACED_HEADING.match(line):
            in_list = False
            continue
        if in_list or _ITEM_START.match(line) or _GOES_ON.match(line):
            in_list = in_list and not line.endswith("。")
            continue
        found.append(i)
        in_list = line.endswith(tuple(_ITEMS_OPEN))
    return found


def _list_headings(lines: list[str], reading: _Reading) -> list[str]:
    """Chapter headings written "1. 总则" (no 第N章 anywhere) → 第一章 总则.

    Only a short line without punctuation, followed by an article, counts: a list item
    ("1、国内企业的捐赠；") never does.
    """
    if any(re.match(rf"^第[{_NUM}]+[{_SPACE}]*[章]", line) for line in lines):
        return lines
    out = list(lines)
    found = []
    for i, line in enumerate(lines):
        match = _LIST_HEADING.match(line)
        if not match:
            continue
        following = next((nxt for nxt in lines[i + 1 :] if nxt), "")
        if not _DAMAGED_LABEL.match(following) and not _LABEL.match(following):
            continue
        number = to_int(normalize(match.group("num")))
        if number is None:
            continue
        out[i] = f"第{cn_int(number)}章 {match.group('title').strip(_SPACE)}"
        found.append(line)
    if found:
        reading.problems.append(
            Problem(
                "chapter_style",
                f"章标题写作“{found[0]}”等形式，已按“第一章 总则”的章读取；"
                "示范文本的章标题写作“第一章 总则”",
                None,
                "advice",
            )
        )
    return out


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
    reading = _Reading()
    body, annexes = split_annexes(normalise(text, reading))
    if not _ARTICLE_ANYWHERE.search(body):
        if not body.strip():
            raise InputError("文件中没有可读取的文字", where=name)
        raise InputError(
            "文件中没有任何“第…条”，看起来不是一份章程。章程应按“第一条、第二条……”"
            "逐条编写；如果条文编号是 Word 的自动编号，请确认文件为 .docx 格式",
            where=name,
        )
    labels = len(re.findall(rf"(?m)^第[{_NUM}]+条", body))
    if labels > MAX_ARTICLES:
        raise InputError(
            f"文件中有{labels}个条文，超过章程可能有的条数（{MAX_ARTICLES}条），看起来不是一份章程",
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
    charter.problems = reading.problems + numbering_problems(charter)
    numbers = {a.citation: a.number for a in articles}
    for article in reversed(articles):  # a chapter's problem is at its first article
        if article.chapter:
            numbers[article.chapter.split()[0]] = article.number
    for problem in charter.problems:
        if problem.number is None and problem.article in numbers:
            problem.number = numbers[problem.article]
    return charter


def _title_of(body: str) -> str:
    """The charter's title: the first line naming a 章程/条例 before the first article, else
    the first line when it is short, else 章程."""
    lines = []
    for line in body.splitlines():
        line = line.strip(_SPACE).lstrip("#").strip(_SPACE)  # a Markdown heading: # 章程
        if _LABEL.match(line):
            break
        if line:
            lines.append(line)
    for i, line in enumerate(lines[:6]):
        if re.fullmatch(rf"章[{_SPACE}]*程", line) and i:
            return lines[i - 1] + "章程"
        if re.search(r"章\s*程|条例|简章|细则|规则|管理办法", line) and len(line) <= 60:
            # a title set on two lines: 中国工程材料学会 / 海洋腐蚀与防护专业委员会章程
            if i and re.search(r"(?:学会|协会|研究会|促进会|联合会)$", lines[i - 1]):
                return lines[i - 1] + line
            return line
    if lines and len(lines[0]) <= 40:
        return lines[0]
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
        text = body[clause.start : end]
        # 第十二条之一: inserted by an amendment, cited so; not a second 第十二条
        inserted = _INSERTED.match(text[len(clause.label) :])
        if not inserted:
            seen[number] = seen.get(number, 0) + 1
        articles.append(
            Article(
                index=len(articles) + 1,
                number=number,
                label=f"第{cn_int(number)}条{inserted.group(0) if inserted else ''}",
                chapter=chapter,
                text=text,
                clause=clause,
                occurrence=1 if inserted else seen[number],
                inserted=inserted.group(0) if inserted else "",
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
        elif article.inserted:
            pass  # 第十二条之一 follows 第十二条 (or 之一), as an amendment inserts it
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
    numbers = [chapter.number or 0 for chapter in charter.chapters]
    for index, chapter in enumerate(charter.chapters):
        n = numbers[index]
        label = f"第{cn_int(n)}章"
        # cited at the chapter's first article, where a reader finds the heading
        first = next((a for a in charter.articles if a.clause.start >= chapter.start), None)
        where = {"number": first.number} if first else {}
        at = f"（{first.citation}所在章）" if first else ""
        if previous is None and n != 1:
            message = f"第一个章编号为{label}，应从第一章开始{at}"
            problems.append(Problem("chapter_gap", message, label, **where))
        elif previous is not None and n == previous:
            # 第三章, 第三章, 第五章: one heading misnumbered, not a repeat and a gap
            following = numbers[index + 1] if index + 1 < len(numbers) else None
            if following == n + 2:
                message = f"{label}重复出现{at}，应为第{cn_int(n + 1)}章，其后各章编号才连续"
            else:
                message = f"{label}重复出现{at}"
            problems.append(Problem("chapter_repeat", message, label, **where))
        elif previous is not None and n != previous + 1:
            repeated = index >= 2 and numbers[index - 2] == previous
            if not (repeated and n == previous + 2):  # else reported with the repeated heading
                message = f"章编号不连续：第{cn_int(previous)}章之后是{label}{at}"
                problems.append(Problem("chapter_gap", message, label, **where))
        previous = n
    return problems


_ITEM_KINDS = {
    "cn_paren": "（{}）",
    "cn_dun": "{}、",
    "arabic_dot": "{}.",
    "arabic_dun": "{}、",
    "arabic_paren_fw": "（{}）",
    "arabic_paren_hw": "({})",
}


def _item_problems(charter: Charter) -> list[Problem]:
    """（一）（二）（四） or 七、九、: an item skipped or repeated in one list.

    Items listed under a chapter heading rather than an article (业务范围 after 第九条
    "本会的业务范围。") are cited at the article that introduces them.
    """
    by_id = {c.id: c for c in charter.clauses}
    article_of = {a.clause.id: a for a in charter.articles}
    problems = []
    titles = _section_titles(charter.clauses)
    last_article: Article | None = None
    for clause in charter.clauses:
        if clause.id in article_of:
            last_article = article_of[clause.id]
        if clause.kind not in ("article", "chapter", "heading"):
            continue
        owner = article_of.get(clause.id) or last_article
        kids = [by_id[k] for k in clause.children]
        for kind, shape in _ITEM_KINDS.items():
            items = [
                k for k in kids if k.kind == kind and k.number is not None and k.id not in titles
            ]
            for before, after in zip(items, items[1:], strict=False):
                if after.number == before.number + 1 or after.number == 1:
                    continue
                if _run_on(before, range(before.number + 1, after.number), kind, shape):
                    continue  # 3. 开展科学普及；4. 举荐人才: the item shares its line
                where = owner.citation if owner else clause.text.split("\n")[0][:20]
                first, second = (
                    shape.format(cn_int(before.number) if "cn" in kind else before.number),
                    shape.format(cn_int(after.number) if "cn" in kind else after.number),
                )
                missing = ""
                if after.number > before.number + 1:
                    skipped = before.number + 1
                    missing = "，缺少" + shape.format(cn_int(skipped) if "cn" in kind else skipped)
                problems.append(
                    Problem(
                        "item_gap",
                        f"{where}的项编号不连续：{first}之后是{second}{missing}",
                        owner.citation if owner else None,
                        "warning",
                    )
                )
    return problems


def _run_on(before: Clause, skipped: range, kind: str, shape: str) -> bool:
    """Whether every skipped item is written inside the item before it, after a stop (…科学
    普及；4. 举荐人才): a list run on one line, not a gap."""
    if not skipped:
        return False
    labels = (shape.format(cn_int(n) if "cn" in kind else n) for n in skipped)
    return all(re.search(r"[；;。]\s*" + re.escape(label), before.text) for label in labels)


def _section_titles(clauses: list[Clause]) -> set[str]:
    """（二）理事会 in a few words without punctuation, just before the next article: the
    title of the section that article opens, not an item of the list before it."""
    return {
        clause.id
        for clause, following in itertools.pairwise(clauses)
        if following.kind == "article" and _SECTION_TITLE.fullmatch(clause.text.strip(_SPACE))
    }


_SECTION_TITLE = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)][^，。；：,.;:、]{1,12}")


def _range_text(low: int, high: int) -> str:
    if low == high:
        return f"第{cn_int(low)}条"
    return f"第{cn_int(low)}条至第{cn_int(high)}条"
