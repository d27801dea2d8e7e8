"""Clause search: ranked (BM25F over clause text and headings) and exact (substring).

Ranked mode reads a query the way a person writes it. Free text (理事会最多多少人) is cut into
concepts: synonym-table entries found in it (会长 → 理事长 too, through one group token the
index holds for every spelling), quantities in any notation (三分之一 = 1/3) and the remaining
words, with question words dropped. A clause matches a concept through its words, its heading
or, for what the index has no word for, its characters; clauses are
retrieved when they match any concept (never "all words or nothing") and then ordered by BM25F
score times the share of the query's concepts they cover, so a clause answering the whole
question beats one repeating a single word. "Quoted phrases" must occur verbatim; AND, OR and
NOT combine parts.

Exact mode returns exactly the clauses whose text contains the phrase, in corpus order: the
gram index proposes candidates, a plain substring test on the stored text decides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kb.analysis import Segmenter, phrase_grams, thesaurus, words
from kb.errors import QueryError, XuehuiError
from kb.levels import parse_level
from kb.numbers import canonical_numbers, find_numbers

if TYPE_CHECKING:
    from kb.corpus import Corpus
    from kb.index import ClauseIndex

SYNONYM_WEIGHT = 0.7  # a synonym counts a little less than the word the user typed
SUBWORD_WEIGHT = 0.5  # 财务 for 财务管理: a clause with part of a compound is partly relevant
SINGLE_CHAR_WEIGHT = 0.3  # one-character words say little (届, 人) but are not nothing
HEADING_BOOST = 1.5
GRAM_BOOST = 0.5  # substring match inside a longer word: weaker evidence than a word match
COMMON_SHARE = 0.08  # a concept in more than this share of clauses is not used for retrieval
RETRIEVAL_CONCEPTS = 2  # retrieve with the rarest few concepts; all of them rank (coverage)
FRONT_PENALTY = 0.5  # front matter and bare headings, on top of their index-time boost
CONTEXT = 40  # characters of context around a highlight in a long clause


# ---------------------------------------------------------------------------- results


@dataclass
class Highlight:
    """A piece of clause text; ``spans`` are [start, end) offsets of matched characters in
    ``text``; ``start`` is where the piece begins in the clause text."""

    text: str
    start: int
    spans: list[list[int]]

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "spans": [list(s) for s in self.spans]}


@dataclass
class Hit:
    """One clause found, with what a lawyer needs to cite it."""

    clause_id: str
    doc_id: str
    citation: str
    heading: str
    text: str
    score: float
    highlights: list[Highlight] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "clause_id": self.clause_id,
            "doc_id": self.doc_id,
            "citation": self.citation,
            "heading": self.heading,
            "text": self.text,
            "score": round(self.score, 4),
            "highlights": [h.to_dict() for h in self.highlights],
        }


# ---------------------------------------------------------------------------- parsing

_OPERATORS = {"AND", "OR", "NOT"}
_QUOTES = {'"': '"', "“": "”"}


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


# Issue years the filters accept: every document in scope postdates 1949; whoosh's numeric
# field would fail with an internal error beyond 32767.
YEAR_MIN, YEAR_MAX = 1949, 2100


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
        raise QueryError("查询内容为空，请输入要查找的词语或问题")
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


# ---------------------------------------------------------------------------- concepts


@dataclass
class Concept:
    """Something the query asks about: alternatives (surface strings) or number tokens."""

    label: str
    alternatives: list[tuple[str, float]]  # (surface form, weight): for coverage, highlights
    numbers: set[str] = field(default_factory=set)
    weight: float = 1.0
    groups: list[str] = field(default_factory=list)  # synonym-group tokens in the index
    synonyms: set[str] = field(default_factory=set)  # the alternatives that are synonyms

    def searched_forms(self) -> list[tuple[str, float]]:
        """Forms looked up one by one; synonyms are found through the group tokens."""
        return [
            (alt, w) for alt, w in self.alternatives if alt not in self.synonyms or not self.groups
        ]


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
    # Synonym-table entries count where they are whole words (理事长 is not one inside
    # 理事长工作会), so the user dictionary's compounds stay whole.
    cut = list(seg.cut(text))
    starts = {s for _, s, _ in cut}
    ends = {e for _, _, e in cut}
    for member in thes.members():
        if len(member) < 2:
            continue
        for m in re.finditer(re.escape(member), text):
            if m.start() in starts and m.end() in ends and claim(m.start(), m.end()):
                alts = [(member, 1.0)] + [(a, SYNONYM_WEIGHT) for a in thes.alternatives(member)]
                out.append(
                    (
                        m.start(),
                        Concept(
                            member,
                            alts,
                            groups=thes.group_tokens(member),
                            synonyms=set(thes.alternatives(member)),
                        ),
                    )
                )
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
            alts = [(word, 1.0)] + [(a, SYNONYM_WEIGHT) for a in thes.alternatives(word)]
            if not known(word):
                alts += [
                    (sub, SUBWORD_WEIGHT)
                    for sub, _, _ in seg.subwords(word)
                    if sub not in thes.stopwords
                ]
            weight = SINGLE_CHAR_WEIGHT if len(word) == 1 else 1.0
            out.append(
                (
                    start + s,
                    Concept(
                        word,
                        alts,
                        weight=weight,
                        groups=thes.group_tokens(word),
                        synonyms=set(thes.alternatives(word)),
                    ),
                )
            )
        start = end
    if not out:  # nothing but question words: search for what was typed after all
        out = [
            (s, Concept(w, [(w, 1.0)]))
            for w, s, _ in seg.cut(text)
            if any(ch.isalnum() for ch in w)
        ]
    out.sort(key=lambda item: item[0])
    return [c for _, c in out]


def _alt_queries(seg: Segmenter, alt: str, weight: float, known: Callable[[str], bool]):
    """One way of writing a concept: a word the index knows is matched as a term (in text
    and heading; long words carry their sub-words, so 理事会 finds 常务理事会); anything
    else (a phrase of several words, a word the corpus never has whole) as a substring."""
    from whoosh import query as Q

    mains: list[str] = []
    seen_pos: set[int] = set()
    for w in words(seg, alt):
        if w.pos not in seen_pos:
            seen_pos.add(w.pos)
            mains.append(w.text)
    if len(mains) == 1 and known(mains[0]):
        return [
            Q.Term("text", mains[0], boost=weight),
            Q.Term("heading", mains[0], boost=weight * HEADING_BOOST),
        ]
    if len(alt) < 2:  # a lone character the index has no word for: it only ranks (coverage)
        return []
    return [_substring_query(alt, boost=weight * GRAM_BOOST)]


def _substring_query(phrase: str, boost: float = 1.0):
    """Clauses having every character pair of ``phrase``: a superset of the clauses that
    contain it (callers check the text itself). The gram field keeps no positions, which
    makes the index much quicker to build; the check on the stored text stays exact."""
    from whoosh import query as Q

    grams = list(dict.fromkeys(phrase_grams(phrase)))
    if not grams:
        return Q.Prefix("grams", phrase, boost=boost)
    if len(grams) == 1:
        return Q.Term("grams", grams[0], boost=boost)
    return Q.And([Q.Term("grams", g) for g in grams], boost=boost)


def _concept_terms(seg: Segmenter, concept: Concept, known: Callable[[str], bool]) -> list:
    """Flat list of the term and substring queries that find ``concept``."""
    from whoosh import query as Q

    subs = []
    for token in concept.numbers:
        subs.append(Q.Term("text", token, boost=concept.weight))
        subs.append(Q.Term("heading", token, boost=concept.weight * HEADING_BOOST))
    for group in concept.groups:
        subs.append(Q.Term("text", group, boost=SYNONYM_WEIGHT * concept.weight))
        subs.append(Q.Term("heading", group, boost=SYNONYM_WEIGHT * concept.weight * HEADING_BOOST))
    for alt, weight in concept.searched_forms():
        found = _alt_queries(seg, alt, weight * concept.weight, known)
        if concept.groups and any(isinstance(q, Q.And) for q in found):
            continue  # a phrase of several words: its group token already finds it
        subs.extend(found)
    return subs


def _concept_query(seg: Segmenter, concept: Concept, known: Callable[[str], bool]):
    from whoosh import query as Q

    return Q.Or(_concept_terms(seg, concept, known))


def covers(concept: Concept, text: str, numbers: set[str]) -> float:
    """How well ``text`` covers ``concept``: the weight of the best alternative present."""
    if concept.numbers & numbers:
        return 1.0
    return max((w for alt, w in concept.alternatives if alt.lower() in text.lower()), default=0.0)


# ---------------------------------------------------------------------------- highlights


def _spans(text: str, needles: list[str], numbers: set[str]) -> list[list[int]]:
    found: list[tuple[int, int]] = []
    lower = text.lower()
    for needle in needles:
        if not needle:
            continue
        start = lower.find(needle.lower())
        while start >= 0:
            found.append((start, start + len(needle)))
            start = lower.find(needle.lower(), start + 1)
    if numbers:
        for match in find_numbers(text):
            if numbers & set(match.tokens):
                found.append((match.start, match.end))
    # merge overlaps, longest first wins
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[list[int]] = []
    for s, e in found:
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def highlights(
    text: str, needles: list[str], numbers: set[str], context: int = CONTEXT, max_fragments: int = 3
) -> list[Highlight]:
    """Fragments of ``text`` around the matched characters (the whole text if short)."""
    spans = _spans(text, needles, numbers)
    if not spans:
        return []
    if len(text) <= 3 * context:
        return [Highlight(text, 0, spans)]
    windows: list[list[Any]] = []
    for s, e in spans:
        lo, hi = max(0, s - context), min(len(text), e + context)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
            windows[-1][2].append([s, e])
        else:
            windows.append([lo, hi, [[s, e]]])
    out = []
    for lo, hi, inner in windows[:max_fragments]:
        out.append(Highlight(text[lo:hi], lo, [[s - lo, e - lo] for s, e in inner]))
    return out


# ---------------------------------------------------------------------------- search


def _filter_query(
    index: ClauseIndex,
    doc: str | None,
    region: str | None,
    level: str | None,
    year_from: int | None,
    year_to: int | None,
):
    from whoosh import query as Q

    parts = []
    if doc:
        known = index.manifest.documents
        wanted = [d.strip() for d in re.split(r"[,，]", doc) if d.strip()]
        for d in wanted:
            if d not in known:
                raise XuehuiError(f"没有编号为 {d} 的文件。现有：{'、'.join(known)}")
        parts.append(Q.Or([Q.Term("doc_id", d) for d in wanted]))
    if region:
        code = str(region).strip()
        if not re.fullmatch(r"\d{6}", code):
            raise XuehuiError(
                f"地区代码 {region} 无效：应为 6 位行政区划代码（GB/T 2260），如 410000"
            )
        parts.append(Q.Term("region", code))
    if level:
        parts.append(Q.Term("level", parse_level(level)))
    if year_from is not None or year_to is not None:
        for name, year in (("起始年份", year_from), ("结束年份", year_to)):
            if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
                raise XuehuiError(
                    f"{name} {year} 无效：年份应在 {YEAR_MIN}–{YEAR_MAX} 之间（四位数字，如 2018）"
                )
        if year_from is not None and year_to is not None and year_from > year_to:
            raise XuehuiError(f"年份范围无效：起始年份 {year_from} 晚于结束年份 {year_to}")
        parts.append(Q.NumericRange("year", year_from, year_to))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q.And(parts)


def _hit(fields: dict, score: float, needles: list[str], numbers: set[str]) -> Hit:
    return Hit(
        clause_id=fields["clause_id"],
        doc_id=fields["doc_id"],
        citation=fields["citation"],
        heading=fields.get("heading", ""),
        text=fields["text"],
        score=score,
        highlights=highlights(fields["text"], needles, numbers),
    )


def _matching_docnums(searcher, query) -> Iterator[int]:
    """Document numbers matching ``query`` in order, lazily (whoosh's ``docs_for_query``
    reads every posting list of an AND in full before yielding anything)."""
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub)
        while matcher.is_active():
            yield offset + matcher.id()
            matcher.next()


def search_exact(
    index: ClauseIndex, phrase: str, limit: int | None = 10, filter_q=None
) -> list[Hit]:
    """Clauses whose text contains ``phrase`` verbatim, in corpus order."""
    if not phrase:
        raise QueryError("查询内容为空，请输入要查找的词语或问题")
    from whoosh import query as Q

    searcher = index.searcher
    wanted = _substring_query(phrase)
    if filter_q is not None:
        wanted = Q.And([wanted, filter_q])
    hits = []
    # One fresh build writes the clauses in corpus order, so document numbers are in corpus
    # order: walk the matches in that order and stop once there are enough.
    for docnum in _matching_docnums(searcher, wanted):
        fields = searcher.stored_fields(docnum)
        count = fields["text"].count(phrase)
        if count:
            hits.append(_hit(fields, float(count), [phrase], set()))
            if limit is not None and len(hits) >= limit:
                break
    return hits


def search_ranked(
    index: ClauseIndex, query: str, limit: int | None = 10, filter_q=None
) -> list[Hit]:
    from whoosh import query as Q

    parsed = parse(query)
    seg = index.segmenter
    searcher = index.searcher

    n_docs = max(1, index.manifest.clauses)

    def known(word: str) -> bool:
        return searcher.doc_frequency("text", word.lower()) > 0

    def df(concept: Concept) -> int:
        terms = (
            list(concept.numbers)
            + concept.groups
            + [alt.lower() for alt, _ in concept.alternatives]
        )
        return max((searcher.doc_frequency("text", t) for t in terms), default=0)

    group_queries = []
    all_concepts: list[Concept] = []
    phrases: list[str] = []
    for group in parsed.groups:
        required, optional = [], []
        for part in group:
            if part.phrase:
                phrases.append(part.text)
                required.append(_substring_query(part.text))
                cs = concepts(seg, part.text, known)
            else:
                cs = concepts(seg, part.text, known)
                if len(group) > 1:  # an AND operand must be matched as a whole
                    required.append(Q.Or([_concept_query(seg, c, known) for c in cs]))
            all_concepts.extend(cs)
            optional.extend(cs)
        # Concepts found in a large share of all clauses (学会, 工作) barely change the BM25
        # order but make whoosh score nearly every clause: they take part in the coverage
        # factor below, not in retrieval (unless there is nothing else to retrieve with).
        selective = (
            sorted((c for c in optional if df(c) <= COMMON_SHARE * n_docs), key=df)[
                :RETRIEVAL_CONCEPTS
            ]
            or sorted(optional, key=df)[:1]
        )
        # one flat OR of all terms: whoosh scores it much faster than nested groups
        scoring = (
            Q.Or([t for c in selective for t in _concept_terms(seg, c, known)])
            if optional
            else None
        )
        if required:
            must = required[0] if len(required) == 1 else Q.And(required)
            group_queries.append(Q.AndMaybe(must, scoring) if scoring else must)
        elif scoring is not None:
            group_queries.append(scoring)
    if not group_queries:
        raise QueryError("查询中没有可检索的词语")
    top = group_queries[0] if len(group_queries) == 1 else Q.Or(group_queries)
    for part in parsed.excluded:
        if not part.phrase:  # NOT "phrase" is checked on the text below
            top = Q.AndNot(
                top, Q.Or([_concept_query(seg, c, known) for c in concepts(seg, part.text, known)])
            )
    banned = [p.text for p in parsed.excluded if p.phrase]

    want = limit if limit is not None else index.manifest.clauses
    pool = max(want * 3, 30)
    results = searcher.search(top, limit=pool, filter=filter_q)
    # Coverage counts rare concepts more (年检 says more than 学会): inverse document frequency.
    importance = {id(c): c.weight * math.log(1 + n_docs / (1 + df(c))) for c in all_concepts}
    total = sum(importance.values()) or 1.0
    needles = sorted(
        {
            alt
            for c in all_concepts
            for alt, _ in c.alternatives
            if len(alt) > 1 or len(all_concepts) == 1
        }
        | set(phrases),
        key=len,
        reverse=True,
    )
    numbers = {n for c in all_concepts for n in c.numbers}
    ranked = []
    for r in results:
        fields = r.fields()
        text = fields["text"] + "\n" + (fields.get("heading") or "")
        if any(p not in fields["text"] for p in phrases if _required_everywhere(parsed, p)):
            continue  # the gram index proposes, the text decides
        if any(p in fields["text"] for p in banned):
            continue
        nums = canonical_numbers(text) if numbers else set()
        covered = sum(importance[id(c)] * covers(c, text, nums) for c in all_concepts)
        score = r.score * (covered / total if all_concepts else 1.0)
        if fields.get("front"):  # short titles restate the subject; BM25 overrates them
            score *= FRONT_PENALTY
        ranked.append((score, fields))
    ranked.sort(key=lambda item: (-item[0], item[1]["order"]))
    out = [_hit(fields, score, needles, numbers) for score, fields in ranked if score > 0]
    return out[:limit] if limit is not None else out


def _required_everywhere(parsed: ParsedQuery, phrase: str) -> bool:
    """A quoted phrase is required when every OR-group contains it."""
    return all(any(p.phrase and p.text == phrase for p in g) for g in parsed.groups)


def search_index(
    index: ClauseIndex,
    query: str,
    limit: int | None = 10,
    exact: bool = False,
    doc: str | None = None,
    region: str | None = None,
    level: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[Hit]:
    """Search an open index (see ``search``)."""
    if limit is not None and limit < 1:
        raise XuehuiError(f"结果数量 {limit} 无效，应为正整数")
    filter_q = _filter_query(index, doc, region, level, year_from, year_to)
    if exact:
        if query is None or not query.strip():
            raise QueryError("查询内容为空，请输入要查找的词语或问题")
        phrase = query.strip()
        # "常务理事会" typed with the ranked mode's phrase quotes means the same phrase; the
        # regulations use Chinese quotes, so a “…” pair stays part of what is looked for.
        if len(phrase) > 2 and phrase[0] == phrase[-1] == '"':
            phrase = phrase[1:-1]
        return search_exact(index, phrase, limit, filter_q)
    return search_ranked(index, query, limit, filter_q)


def search(
    corpus: Corpus | Callable[[], Corpus] | None,
    query: str,
    limit: int | None = 10,
    exact: bool = False,
    doc: str | None = None,
    region: str | None = None,
    level: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[Hit]:
    """Clauses matching ``query``, best first.

    ``corpus`` may be a loaded corpus, a function that loads one, or None for the default
    corpus (``kb.load_corpus``); the corpus is only loaded when the index must be (re)built.
    ``exact`` returns the clauses containing ``query`` verbatim, in corpus order.
    ``doc`` (comma-separated ids), ``region`` (a GB/T 2260 code; a province matches the
    documents within it), ``level`` and the issue-year range filter the documents.
    """
    from kb.index import open_index

    if corpus is None:
        import kb

        corpus = kb.load_corpus
    options = dict(
        limit=limit,
        exact=exact,
        doc=doc,
        region=region,
        level=level,
        year_from=year_from,
        year_to=year_to,
    )
    try:
        return search_index(open_index(corpus), query, **options)
    except XuehuiError:
        raise
    except Exception:  # damage that only shows when reading postings: rebuild, once
        return search_index(open_index(corpus, rebuild=True), query, **options)
