"""Retrieval: the whoosh queries that find candidate clauses for concepts, phrases and filters.

A clause is a candidate when it matches any concept of the question — in its words, its
heading, or its context (the headings and lead-in sentences of the clauses above it, so that
the items under "法定代表人工作职责：" are found by 法定代表人). Ranking (kb.ranking) then
orders the candidates; nothing here decides relevance beyond BM25F's term weights.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from kb.analysis import Segmenter, phrase_grams, words
from kb.errors import XuehuiError
from kb.levels import parse_level
from kb.query import SYNONYM_WEIGHT, Concept

if TYPE_CHECKING:
    from kb.index import ClauseIndex

HEADING_BOOST = 1.5
CONTEXT_BOOST = 0.4  # a word of an ancestor's heading says less than the clause's own words
GRAM_BOOST = 0.5  # substring match inside a longer word: weaker evidence than a word match
CHARACTER_BOOST = 0.3  # fallback: one shared character says less than a shared pair


# Issue years the filters accept: every document in scope postdates 1949; whoosh's numeric
# field would fail with an internal error beyond 32767.
YEAR_MIN, YEAR_MAX = 1949, 2100


def substring_query(phrase: str, boost: float = 1.0):
    """Clauses having every character pair of the folded ``phrase`` (kb.exact.fold): a
    superset of the clauses that contain it (callers check the text itself). The gram field
    keeps no positions, which makes the index much quicker to build."""
    from whoosh import query as Q

    grams = list(dict.fromkeys(phrase_grams(phrase)))
    if not grams:
        return Q.Prefix("grams", phrase, boost=boost)
    if len(grams) == 1:
        return Q.Term("grams", grams[0], boost=boost)
    return Q.And([Q.Term("grams", g) for g in grams], boost=boost)


def word_terms(word: str, weight: float, heading: bool = True, context: bool = True) -> list:
    """A term in the clause's text and, if asked, in its heading (boosted) and in the
    headings above it (weighted down)."""
    from whoosh import query as Q

    terms = [Q.Term("text", word, boost=weight)]
    if heading:
        terms.append(Q.Term("heading", word, boost=weight * HEADING_BOOST))
    if context:
        terms.append(Q.Term("context", word, boost=weight * CONTEXT_BOOST))
    return terms


def _form_queries(
    seg: Segmenter,
    form: str,
    weight: float,
    known: Callable[[str], bool],
    heading: bool,
    context: bool,
):
    """One way of writing a concept: a word the index knows is matched as a term (long words
    carry their sub-words, so 理事会 finds 常务理事会); anything else (a phrase of several
    words, a word the corpus never has whole) as a substring of the clause text."""
    from kb.exact import folded

    mains: list[str] = []
    seen_pos: set[int] = set()
    for w in words(seg, form):
        if w.pos not in seen_pos:
            seen_pos.add(w.pos)
            mains.append(w.text)
    if len(mains) == 1 and known(mains[0]):
        return word_terms(mains[0], weight, heading, context)
    if len(form) < 2:  # a lone character the index has no word for: it only ranks (coverage)
        return []
    return [substring_query(folded(form), boost=weight * GRAM_BOOST)]


def concept_terms(
    seg: Segmenter,
    concept: Concept,
    known: Callable[[str], bool],
    full: bool = True,
    parts: bool = True,
) -> list:
    """Flat list of the term and substring queries that find ``concept``.

    The headings above a clause are searched for the typed word and its synonym group only:
    that finds the items under a heading at a fraction of the cost of every spelling. When
    not ``full`` (a concept retrieving beyond the posting budget) only the clause text is
    searched, and only for the whole word."""
    from whoosh import query as Q

    subs = []
    for token in concept.numbers:
        subs.extend(word_terms(token, concept.weight, full, full))
    for group in concept.groups:
        subs.extend(word_terms(group, SYNONYM_WEIGHT * concept.weight, full, full))
    for form, weight in concept.searched_forms():
        if (not full or not parts) and form in concept.parts:
            continue
        typed = form == concept.label
        found = _form_queries(seg, form, weight * concept.weight, known, full, full and typed)
        if concept.groups and any(isinstance(q, Q.And) for q in found):
            continue  # a phrase of several words: its group token already finds it
        subs.extend(found)
    return subs


def concept_query(seg: Segmenter, concept: Concept, known: Callable[[str], bool]):
    """The clauses having the concept (for AND and NOT): a part of a word does not count."""
    from whoosh import query as Q

    return Q.Or(concept_terms(seg, concept, known, parts=False))


def character_query(text: str):
    """Clauses sharing character pairs (or, failing those, characters) with ``text``: the
    fallback when no word of a question is in the corpus."""
    from whoosh import query as Q

    from kb.exact import folded

    flat = folded(text)
    pairs = dict.fromkeys(flat[i : i + 2] for i in range(len(flat) - 1))
    terms = [Q.Term("grams", p) for p in pairs if all(ch.isalnum() for ch in p)]
    terms += [
        Q.Prefix("grams", ch, boost=CHARACTER_BOOST) for ch in dict.fromkeys(flat) if ch.isalnum()
    ]
    return Q.Or(terms) if terms else None


def filter_query(
    index: ClauseIndex,
    doc: str | None,
    region: str | None,
    level: str | None,
    year_from: int | None,
    year_to: int | None,
):
    """The documents a search is restricted to, or None for all; Chinese errors for bad
    values."""
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


def matching_docnums(searcher, query) -> Iterator[int]:
    """Document numbers matching ``query`` in order, lazily (whoosh's ``docs_for_query``
    reads every posting list of an AND in full before yielding anything)."""
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub)
        while matcher.is_active():
            yield offset + matcher.id()
            matcher.next()
