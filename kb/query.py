"""Reading a ranked query: the syntax ("phrases", AND, OR, NOT) and the concepts of free text.

Free text (理事会最多多少人) is cut into concepts: quantities in any notation (三分之一 = 1/3),
synonym-table entries (会长 → 理事长 too, through one group token the index holds for every
spelling), colloquial words with their legal wording (工资 → 薪酬, 薪资, 待遇; kb.vocabulary)
and the remaining words, with question words dropped. Each concept lists the forms a clause
may use for it, each with a weight: the typed word counts fully, a synonym or a legal
wording a little less, a part of a compound the corpus never has whole less again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.analysis import Segmenter, thesaurus
from kb.errors import QueryError
from kb.numbers import find_numbers
from kb.vocabulary import vocabulary

SYNONYM_WEIGHT = 0.7  # a synonym counts a little less than the word the user typed
VOCABULARY_WEIGHT = 0.6  # legal wording of a colloquial word (工资 → 薪酬): a translation
SUBWORD_WEIGHT = 0.5  # 财务 for 财务管理: a clause with part of a compound is partly relevant
SINGLE_CHAR_WEIGHT = 0.3  # one-character words say little (届, 人) but are not nothing

_OPERATORS = {"AND", "OR", "NOT"}
_QUOTES = {'"': '"', "“": "”"}
EMPTY = "查询内容为空，请输入要查找的词语或问题"


@dataclass
class Part:
    """A piece of the query: free text or a "quoted phrase"; ``negated`` after NOT."""

    text: str
    phrase: bool
    negated: bool = False


@dataclass
class ParsedQuery:
    """Parts joined by OR (also implicit, by a space) into groups joined by AND inside."""

    groups: list[list[Part]]
    excluded: list[Part]

    def required_phrase(self, phrase: str) -> bool:
        """A quoted phrase is required when every OR-group contains it."""
        return all(any(p.phrase and p.text == phrase for p in g) for g in self.groups)


def _lex(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _QUOTES:
            close = query.find(_QUOTES[ch], i + 1)
            if close < 0:
                raise QueryError(
                    f"查询语句中的引号没有配对：第 {i + 1} 个字符处的 {ch} 缺少对应的结束引号"
                )
            phrase = query[i + 1 : close]
            if not phrase.strip():
                raise QueryError(f"第 {i + 1} 个字符处的引号内是空的，请在引号中写出要查的词语")
            out.append(("phrase", phrase))
            i = close + 1
            continue
        if ch in "”":
            raise QueryError(f"查询语句中的引号没有配对：第 {i + 1} 个字符处的 ” 前面缺少开始引号")
        j = i
        while j < n and not query[j].isspace() and query[j] not in _QUOTES and query[j] != "”":
            j += 1
        word = query[i:j]
        out.append(("op" if word in _OPERATORS else "text", word))
        i = j
    return out


def parse(query: str) -> ParsedQuery:
    """Parse a query, or raise QueryError saying in Chinese what is wrong."""
    if query is None or not query.strip():
        raise QueryError(EMPTY)
    groups: list[list[Part]] = [[]]
    excluded: list[Part] = []
    pending: str | None = None  # AND/OR waiting for its right-hand side
    negate = False
    seen_operand = False
    for kind, value in _lex(query):
        if kind == "op":
            if negate:
                raise QueryError(f"NOT 之后应是要排除的词语，而不是 {value}")
            if value == "NOT":
                negate = True
                continue
            if pending is not None:
                raise QueryError(f"运算符 {pending} 与 {value} 连在一起，中间缺少查询词")
            if not seen_operand:
                raise QueryError(f"运算符 {value} 前面缺少查询词（AND、OR 须写在两个词语之间）")
            pending = value
            continue
        part = Part(value, phrase=(kind == "phrase"), negated=negate)
        seen_operand = True
        if negate:
            excluded.append(part)
            negate = False
        elif pending == "AND" or not groups[-1]:
            groups[-1].append(part)
        else:  # OR, or a space (a soft OR that rewards matching more parts)
            groups.append([part])
        pending = None
    if negate:
        raise QueryError("查询语句以 NOT 结尾，NOT 之后应写要排除的词语")
    if pending is not None:
        raise QueryError(f"查询语句以运算符 {pending} 结尾，其后缺少查询词")
    groups = [g for g in groups if g]
    if not groups:
        raise QueryError("查询只有排除条件（NOT …），请至少写一个要查找的词语")
    return ParsedQuery(groups, excluded)


@dataclass
class Concept:
    """Something the query asks about: alternatives (surface strings) or number tokens."""

    label: str
    alternatives: list[tuple[str, float]]  # (surface form, weight): for coverage, highlights
    numbers: set[str] = field(default_factory=set)
    weight: float = 1.0
    groups: list[str] = field(default_factory=list)  # synonym-group tokens in the index
    synonyms: set[str] = field(default_factory=set)  # the alternatives that are synonyms
    parts: set[str] = field(default_factory=set)  # the alternatives that are parts of a word

    def searched_forms(self) -> list[tuple[str, float]]:
        """Forms looked up one by one; synonyms are found through the group tokens."""
        return [
            (alt, w) for alt, w in self.alternatives if alt not in self.synonyms or not self.groups
        ]

    def covers(self, text: str, numbers: set[str]) -> float:
        """How well ``text`` covers this concept: the weight of the best form present."""
        if self.numbers & numbers:
            return 1.0
        lower = text.lower()
        return max((w for alt, w in self.alternatives if alt.lower() in lower), default=0.0)


def _concept(word: str, seg: Segmenter, known: Callable[[str], bool]) -> Concept:
    """The concept of one word: the word, its synonyms, its legal wording and its parts when
    it is long (秘书长专职化 → 专职化, also said of other staff) or the corpus never has it
    whole (财务管理 → 财务, 管理)."""
    thes = thesaurus()
    synonyms = thes.alternatives(word)
    alts = [(word, 1.0)] + [(a, SYNONYM_WEIGHT) for a in synonyms]
    seen = {a for a, _ in alts}
    for legal in vocabulary().wordings(word):
        if legal not in seen:
            seen.add(legal)
            alts.append((legal, VOCABULARY_WEIGHT))
            for syn in thes.alternatives(legal):  # 工资 → 薪酬 → 薪资待遇 …
                if syn not in seen:
                    seen.add(syn)
                    alts.append((syn, VOCABULARY_WEIGHT * SYNONYM_WEIGHT))
    parts = set()
    if len(word) > 3 or (not known(word) and len(word) > 2):
        parts = {
            sub for sub, _, _ in seg.subwords(word) if sub not in thes.stopwords and sub not in seen
        }
        alts += [(sub, SUBWORD_WEIGHT) for sub in sorted(parts)]
    return Concept(
        word,
        alts,
        weight=SINGLE_CHAR_WEIGHT if len(word) == 1 else 1.0,
        groups=thes.group_tokens(word),
        synonyms=set(synonyms),
        parts=parts,
    )


def concepts(
    seg: Segmenter, text: str, known: Callable[[str], bool] = lambda word: True
) -> list[Concept]:
    """The concepts of a piece of free text, in query order. A compound the index does not
    know (``known`` is False: 财务管理) is looked for through its parts (财务, 管理)."""
    thes = thesaurus()
    out: list[tuple[int, Concept]] = []
    taken = [False] * len(text)

    def claim(start: int, end: int) -> bool:
        if any(taken[start:end]):
            return False
        for i in range(start, end):
            taken[i] = True
        return True

    for match in find_numbers(text):
        if claim(match.start, match.end):
            out.append(
                (match.start, Concept(text[match.start : match.end], [], numbers=set(match.tokens)))
            )
    # Entries of the synonym table and the vocabulary count where they are whole words
    # (理事长 is not one inside 理事长工作会), so the user dictionary's compounds stay whole.
    cut = list(seg.cut(text))
    starts = {s for _, s, _ in cut}
    ends = {e for _, _, e in cut}
    entries = sorted(set(thes.members()) | set(vocabulary().words()), key=len, reverse=True)
    for entry in entries:
        if len(entry) < 2 or entry not in text:
            continue
        for m in re.finditer(re.escape(entry), text):
            if m.start() in starts and m.end() in ends and claim(m.start(), m.end()):
                out.append((m.start(), _concept(entry, seg, known)))
    start = 0
    while start < len(text):
        if taken[start]:
            start += 1
            continue
        end = start
        while end < len(text) and not taken[end]:
            end += 1
        for word, s, _e in seg.cut(text[start:end]):
            if word in thes.stopwords or all(not ch.isalnum() for ch in word):
                continue
            out.append((start + s, _concept(word, seg, known)))
        start = end
    if not out:  # nothing but question words: search for what was typed after all
        out = [
            (s, Concept(w, [(w, 1.0)]))
            for w, s, _ in seg.cut(text)
            if any(ch.isalnum() for ch in w)
        ]
    out.sort(key=lambda item: item[0])
    return [c for _, c in out]
