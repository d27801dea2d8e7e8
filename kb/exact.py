"""Exact mode: the clauses whose text contains a phrase, in corpus order.

"Contains" is judged on the layout-free form of both texts (``fold``): whitespace is
dropped and full-width punctuation and digits read as their half-width forms, so
"(1)代表社团签" finds "(1) 代表社团签署" and "1/3" finds "１／３". Everything else — characters,
letters, their case, Chinese punctuation without a half-width twin (。、“”) — must match as
typed. The gram index (built on the folded text) proposes candidates; a substring test on
the folded stored text decides, and the highlights point back into the original text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.errors import QueryError
from kb.hits import Highlight, Hit, fragments, make_hit, merge
from kb.numerals import normalize as fold_numbers

if TYPE_CHECKING:
    from kb.index import ClauseIndex

# Full-width ASCII punctuation (U+FF01–U+FF5E, letters excepted) and the half-width CJK
# punctuation forms → their usual forms. kb.numerals folds the digits and the characters
# numbers are written with; this table covers the rest of the punctuation.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if not chr(cp - 0xFEE0).isalpha()} | {
    0xFF61: "。",
    0xFF62: "「",
    0xFF63: "」",
    0xFF64: "、",
}


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, full-width punctuation and digits made half-width;
    with, for each character of the result, its offset in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(fold_numbers(text).translate(_WIDTH)):
        if not ch.isspace():
            chars.append(ch)
            offsets.append(i)
    return "".join(chars), offsets


def folded(text: str) -> str:
    """The folded form alone (what the gram index holds)."""
    return fold(text)[0]


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """[start, end) in ``text`` of every occurrence of ``phrase``, both folded."""
    needle = folded(phrase)
    if not needle:
        return []
    hay, offsets = fold(text)
    out = []
    start = hay.find(needle)
    while start >= 0:
        end = start + len(needle)
        out.append((offsets[start], offsets[end - 1] + 1))
        start = hay.find(needle, start + 1)
    return out


def contains(text: str, phrase: str) -> bool:
    return folded(phrase) in folded(text)


def exact_highlights(text: str, phrases: list[str]) -> list[Highlight]:
    return fragments(text, merge([s for p in phrases for s in occurrences(text, p)]))


def search_exact(
    index: ClauseIndex, phrase: str, limit: int | None = 10, filter_q=None
) -> list[Hit]:
    """Clauses whose text contains ``phrase`` (layout aside), in corpus order."""
    from whoosh import query as Q

    from kb.retrieval import matching_docnums, substring_query

    needle = folded(phrase)
    if not needle:
        raise QueryError("查询内容为空，请输入要查找的词语或问题")
    searcher = index.searcher
    wanted = substring_query(needle)
    if filter_q is not None:
        wanted = Q.And([wanted, filter_q])
    hits = []
    # One fresh build writes the clauses in corpus order, so document numbers are in corpus
    # order: walk the matches in that order and stop once there are enough.
    for docnum in matching_docnums(searcher, wanted):
        fields = searcher.stored_fields(docnum)
        count = folded(fields["text"]).count(needle)
        if count:
            hits.append(
                make_hit(fields, float(count), lambda t: exact_highlights(t, [phrase]), "exact")
            )
            if limit is not None and len(hits) >= limit:
                break
    return hits
