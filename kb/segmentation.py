"""Clause segmentation: turn a regulation's cleaned body into its tree of numbered clauses.

The documents number their parts in many styles (一、 （一） 1. 1、 1． （1） (1) ⑴ ①,
第一章 第一节 第一条, unnumbered 款 and headed paragraphs). Rather than assume a fixed
hierarchy, the parser keeps a stack of the numbering styles currently open: a style already
on the stack closes everything below it and starts a sibling; a new style opens a child level.
That copes with numbering that restarts in each section (Fengxian) and with numbering that runs
on across sections (Tianjin 1–15, Guangdong 1–30) without special cases. Chapters, sections
and articles (章/节/条) rank above every list style, as in a charter.

Each line of the body becomes exactly one clause, so the clauses together reproduce the body:
text is only ever split, never altered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.numerals import CN_NUMERAL_CHARS, to_int

_CN_NUM = CN_NUMERAL_CHARS


@dataclass(frozen=True)
class _Style:
    name: str  # numbering style, e.g. "cn_dun" for 一、
    id_prefix: str  # used in clause ids: sec_4, item_3, art_12 …
    pattern: re.Pattern[str]
    rank: int = 0  # structural rank: 章 3 > 节 2 > 条 1 > every list style 0
    family: str = ""  # styles of one family may stand for each other when a number continues


def _style(name: str, prefix: str, regex: str, rank: int = 0, family: str = "") -> _Style:
    return _Style(name, prefix, re.compile(regex), rank, family or name)


_NUM_CN = f"[{_CN_NUM}]+"
_NUM_ANY = rf"(?:{_NUM_CN}|\d+)"
# Order matters: the first matching style wins.
STYLES: tuple[_Style, ...] = (
    _style("chapter", "chp", rf"^第({_NUM_ANY})章(?:\s+|(?=\S)|$)", rank=3),
    _style("subchapter", "sct", rf"^第({_NUM_ANY})节(?:\s+|(?=\S)|$)", rank=2),
    _style("article", "art", rf"^第({_NUM_ANY})条(?:\s+|(?=\S)|$)", rank=1),
    _style("cn_dun", "sec", rf"^({_NUM_CN})\s*[、．.]\s*"),
    _style("cn_paren", "sub", rf"^[（(]\s*({_NUM_CN})\s*[）)]\s*"),
    _style("arabic_dot", "item", r"^(\d{1,3})\s*[.．](?!\d)\s*", family="arabic"),
    _style("arabic_dun", "item", r"^(\d{1,3})\s*、\s*", family="arabic"),
    _style("arabic_paren_fw", "item", r"^（\s*(\d{1,3})\s*）\s*", family="arabic_paren"),
    _style("arabic_paren_hw", "item", r"^\(\s*(\d{1,3})\s*\)\s*", family="arabic_paren"),
    _style("circled_paren", "item", r"^([⑴-⒇])\s*"),
    _style("circled", "item", r"^([①-⑳])\s*"),
)
_STRUCTURAL_LABEL = {"chapter": "章", "subchapter": "节", "article": "条"}

# Headings that stand alone on a line without a number and start a top-level part.
_STANDALONE_HEADINGS = {"附则": "supp", "总则": "general", "附件": "annex", "附录": "appendix"}

_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！!？?]")
_HEADING = re.compile(r"^([^。：:，,；;！!？?]{2,30}?)([。：:])")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^\d{4}-\d{1,2}-\d{1,2}$")
_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号")
_SPACE = " \t\r\u3000\xa0\ufeff"


def _number(style: _Style, raw: str) -> int:
    if style.name == "circled_paren":
        return ord(raw) - 0x2473
    if style.name == "circled":
        return ord(raw) - 0x245F
    number = to_int(raw)
    if number is None:
        raise ValueError(f"not a clause numeral: {raw}")
    return number


@dataclass
class Clause:
    """One numbered (or unnumbered) unit of a regulation, as a lawyer would cite it.

    ``text`` is the clause's own text exactly as in the cleaned body (its number included,
    its children excluded); ``start``/``end`` are its offsets there.
    """

    id: str
    doc_id: str
    kind: str
    label: str
    number: int | None
    heading: str
    text: str
    start: int
    end: int
    citation: str
    path_label: str
    depth: int
    parent_id: str | None = None
    children: list[str] = field(default_factory=list)

    @property
    def local_id(self) -> str:
        """The id without the document prefix (``sec_4__item_3``)."""
        return self.id.split("/", 1)[1]

    @property
    def body(self) -> str:
        """The text without its number label."""
        return self.text[len(self.label) :].lstrip(_SPACE) if self.label else self.text

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "kind": self.kind,
            "label": self.label,
            "number": self.number,
            "heading": self.heading,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "citation": self.citation,
            "path_label": self.path_label,
            "depth": self.depth,
            "parent_id": self.parent_id,
            "children": list(self.children),
        }


@dataclass
class _Open:
    clause: Clause
    style: _Style | None  # None for unnumbered containers (附则)
    para_count: int = 0


def _lines(body: str):
    """(start, end) of each non-blank line's content, whitespace trimmed."""
    pos = 0
    for raw in body.split("\n"):
        left = len(raw) - len(raw.lstrip(_SPACE))
        right = len(raw.rstrip(_SPACE))
        if right > left:
            yield pos + left, pos + right
        pos += len(raw) + 1


def _match_number(text: str) -> tuple[_Style, re.Match[str]] | None:
    for style in STYLES:
        m = style.pattern.match(text)
        if m and len(text) > 0:
            return style, m
    return None


def _heading(rest: str, numbered: bool) -> str:
    """A heading is a short title at the start of an item (``理事会。``, ``一、指导思想``)."""
    rest = rest.strip(_SPACE)
    if numbered and rest and len(rest) <= 30 and not _SENTENCE_PUNCT.search(rest):
        return rest
    m = _HEADING.match(rest)
    if not m:
        return ""
    after = rest[m.end() :].strip(_SPACE)
    if after or (numbered and m.group(2) in "：:"):
        return m.group(1).strip(_SPACE)
    return ""


def _is_heading_only(clause: Clause) -> bool:
    """A bare number or a title: the paragraphs below it are its first, second … 款."""
    return not _SENTENCE_PUNCT.search(clause.body) and len(clause.body) <= 30


def _cn_ordinal(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def _front_kind(line: str, title: str, issuers: list[str]) -> str:
    compact = re.sub(rf"[{_SPACE}]+", "", line)
    if _DATE_LINE.match(compact) or compact.startswith("发布时间"):
        return "date"
    if _DOC_NUMBER.search(compact) and len(compact) <= 30:
        return "doc_number"
    title_compact = re.sub(rf"[{_SPACE}]+", "", title)
    if not _SENTENCE_PUNCT.search(compact.rstrip("：:")) and len(compact) <= 80:
        if compact.endswith(("：", ":")):
            return "addressee"
        if compact in title_compact or title_compact in compact:
            return "title"
        if any(issuer in compact for issuer in issuers) or len(compact) <= 40:
            return "issuer"
    if compact.endswith(("：", ":")) and len(compact) <= 80:
        return "addressee"
    return "para"


_FRONT_CITATION = {
    "title": "标题",
    "doc_number": "文号",
    "addressee": "主送机关",
    "issuer": "发文机关",
    "date": "日期",
}


def segment(doc_id: str, title: str, body: str, issuers: list[str] | None = None) -> list[Clause]:
    """Split ``body`` into clauses, in document order, each knowing its parent and children.

    Four phases: find where the numbered body starts and the signature block ends, then
    read the front matter (title, notice, preamble), the numbered body, and the end matter.
    """
    return _Segmenter(doc_id, title, body, issuers or []).run()


class _Segmenter:
    """The state one segmentation shares across its phases: the clauses made so far."""

    def __init__(self, doc_id: str, title: str, body: str, issuers: list[str]) -> None:
        self.doc_id, self.title, self.body, self.issuers = doc_id, title, body, issuers
        self.book = f"《{title}》"
        self.lines = list(_lines(body))
        self.clauses: list[Clause] = []
        self.by_id: dict[str, Clause] = {}

    def run(self) -> list[Clause]:
        first, tail = self._bounds()
        self._front_matter(self.lines[:first])
        self._numbered_body(self.lines[first:tail])
        self._end_matter(self.lines[tail:])
        self._promote_headings()
        return self.clauses

    def _text(self, span: tuple[int, int]) -> str:
        return self.body[span[0] : span[1]]

    def _add(self, clause: Clause, parent: Clause | None) -> Clause:
        base, n = clause.id, 2
        while clause.id in self.by_id:
            clause.id = f"{base}-{n}"
            n += 1
        clause.parent_id = parent.id if parent else None
        if parent:
            parent.children.append(clause.id)
        self.clauses.append(clause)
        self.by_id[clause.id] = clause
        return clause

    def _flat(self, local: str, kind: str, start: int, end: int, label_text: str) -> Clause:
        """A clause outside the numbered tree (front or end matter), cited by its role."""
        return self._add(
            Clause(
                id=f"{self.doc_id}/{local}",
                doc_id=self.doc_id,
                kind=kind,
                label="",
                number=None,
                heading="",
                text=self.body[start:end],
                start=start,
                end=end,
                citation=self.book + label_text,
                path_label=label_text,
                depth=0,
            ),
            None,
        )

    # ---------------------------------------------------------------- phase 1: boundaries

    def _bounds(self) -> tuple[int, int]:
        """Index of the first numbered line (or standalone heading) and of the end matter.

        The end matter is a trailing block of signature and date lines (a charter is signed
        with the society's name, which is part of its title).
        """
        first = next(
            (
                i
                for i, span in enumerate(self.lines)
                if _match_number(self._text(span))
                or re.sub(rf"[{_SPACE}]+", "", self._text(span)) in _STANDALONE_HEADINGS
            ),
            len(self.lines),
        )
        tail = len(self.lines)
        while tail > first:
            text = self._text(self.lines[tail - 1])
            kind = _front_kind(text, self.title, self.issuers)
            if kind not in ("date", "issuer", "title") or _match_number(text):
                break
            tail -= 1
        return first, tail

    # ---------------------------------------------------------------- phase 2: front matter

    def _front_matter(self, lines: list[tuple[int, int]]) -> None:
        # A title broken over several lines is one clause spanning them.
        front: list[list] = []
        for s, e in lines:
            kind = _front_kind(self.body[s:e], self.title, self.issuers)
            if kind == "title" and front and front[-1][2] == "title":
                front[-1][1] = e
            else:
                front.append([s, e, kind])
        # With two titles, what precedes the last one is the notice that transmits the document.
        titles = [i for i, (_, _, k) in enumerate(front) if k == "title"]
        notice_end = titles[-1] if len(titles) >= 2 else 0
        counters: dict[str, int] = {}
        for i, (s, e, kind) in enumerate(front):
            part = "notice" if i < notice_end else "front"
            counters[f"{part}{kind}"] = counters.get(f"{part}{kind}", 0) + 1
            k = counters[f"{part}{kind}"]
            if kind == "para":
                where = "印发通知" if part == "notice" else "序言"
                label_text = f"{where}第{_cn_ordinal(k)}段"
            else:
                label_text = ("印发通知" if part == "notice" else "") + _FRONT_CITATION[kind]
            self._flat(f"{part}__{kind}_{k}", f"{part}_{kind}", s, e, label_text)

    # ---------------------------------------------------------------- phase 3: numbered body

    def _numbered_body(self, lines: list[tuple[int, int]]) -> None:
        stack: list[_Open] = []
        for s, e in lines:
            text = self.body[s:e]
            found = _match_number(text)
            if found:
                self._numbered(stack, found, s, e)
            elif re.sub(rf"[{_SPACE}]+", "", text) in _STANDALONE_HEADINGS:
                self._standalone_heading(stack, s, e)
            else:
                self._paragraph(stack, s, e)

    def _numbered(self, stack: list[_Open], found: tuple, s: int, e: int) -> None:
        style, m = found
        text = self.body[s:e]
        number = _number(style, m.group(1))
        if style.rank:
            # a standalone 附则 heading keeps its articles; a chapter closes it
            while stack and (
                stack[-1].style.rank <= style.rank if stack[-1].style else style.rank > 1
            ):
                stack.pop()
        else:
            names = [o.style.name if o.style else "" for o in stack]
            if style.name in names:
                del stack[names.index(style.name) :]
            else:
                cousin = next(
                    (
                        j
                        for j in range(len(stack) - 1, -1, -1)
                        if stack[j].style
                        and stack[j].style.family == style.family
                        and stack[j].clause.number == number - 1
                    ),
                    None,
                )
                if cousin is not None and number > 1:
                    del stack[cousin:]
        parent = stack[-1].clause if stack else None
        label = m.group(0).strip(_SPACE)
        local = (parent.local_id + "__" if parent else "") + f"{style.id_prefix}_{number}"
        shown = _citation_label(style, label, number, stack)
        # an article is cited on its own: 第十条, not 第二章第十条
        parent_path = parent.path_label if parent and style.rank != 1 else ""
        path_label = parent_path + shown
        clause = self._add(
            Clause(
                id=f"{self.doc_id}/{local}",
                doc_id=self.doc_id,
                kind=style.name,
                label=label,
                number=number,
                heading=_heading(text[m.end() :], numbered=True),
                text=text,
                start=s,
                end=e,
                citation=self.book + path_label,
                path_label=path_label,
                depth=len(stack),
            ),
            parent,
        )
        stack.append(_Open(clause, style))

    def _standalone_heading(self, stack: list[_Open], s: int, e: int) -> None:
        squashed = re.sub(rf"[{_SPACE}]+", "", self.body[s:e])
        stack.clear()
        clause = self._add(
            Clause(
                id=f"{self.doc_id}/{_STANDALONE_HEADINGS[squashed]}",
                doc_id=self.doc_id,
                kind="heading",
                label="",
                number=None,
                heading=squashed,
                text=self.body[s:e],
                start=s,
                end=e,
                citation=self.book + squashed,
                path_label=squashed,
                depth=0,
            ),
            None,
        )
        stack.append(_Open(clause, None))

    def _paragraph(self, stack: list[_Open], s: int, e: int) -> None:
        """An unnumbered paragraph (款/段). After a list introduced by a colon it belongs to
        the list's parent, as in 第十条 "会员享有下列权利：（一）…（二）…" + a further 款."""
        text = self.body[s:e]
        if (
            len(stack) >= 2
            and stack[-1].style
            and not stack[-1].style.rank
            and stack[-2].clause.text.rstrip(_SPACE).endswith(("：", ":"))
        ):
            stack.pop()
        if not stack:  # cannot happen after a numbered line
            return
        owner = stack[-1]
        owner.para_count += 1
        k = owner.para_count + (0 if _is_heading_only(owner.clause) else 1)
        unit = "款" if owner.clause.kind == "article" else "段"
        path_label = f"{owner.clause.path_label}第{_cn_ordinal(k)}{unit}"
        self._add(
            Clause(
                id=f"{owner.clause.id}__para_{k}",
                doc_id=self.doc_id,
                kind="para",
                label="",
                number=k,
                heading=_heading(text, numbered=False),
                text=text,
                start=s,
                end=e,
                citation=self.book + path_label,
                path_label=path_label,
                depth=owner.clause.depth + 1,
            ),
            owner.clause,
        )

    # ---------------------------------------------------------------- phase 4: end matter

    def _end_matter(self, lines: list[tuple[int, int]]) -> None:
        counters: dict[str, int] = {}
        for s, e in lines:
            kind = _front_kind(self.body[s:e], self.title, self.issuers)
            kind = "issuer" if kind == "title" else kind
            counters[kind] = counters.get(kind, 0) + 1
            label_text = "落款" if kind == "issuer" else "落款日期"
            self._flat(f"end__{kind}_{counters[kind]}", f"end_{kind}", s, e, label_text)

    def _promote_headings(self) -> None:
        """ "5.改革会员发展与管理。" introducing sub-items is a heading, though a lone sentence."""
        for clause in self.clauses:
            if clause.children and not clause.heading and clause.label:
                body_text = clause.body.rstrip("。")
                if len(body_text) <= 30 and not _SENTENCE_PUNCT.search(body_text):
                    clause.heading = body_text


def _citation_label(style: _Style, label: str, number: int, stack: list[_Open]) -> str:
    """How the clause's own number reads in a citation."""
    if style.rank:
        return f"第{_cn_ordinal(number)}{_STRUCTURAL_LABEL[style.name]}"
    label = label.replace("．", ".").replace(" ", "")
    inside_article = any(o.style and o.style.name == "article" for o in stack)
    if inside_article and style.name == "cn_paren":
        return f"第（{_cn_ordinal(number)}）项"
    return label
