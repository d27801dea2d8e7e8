"""Finding clauses: check what was asked, open the index, run ranked or exact search.

The phases live in their own modules — kb.query (reading the question), kb.retrieval
(candidate clauses), kb.ranking (their order), kb.exact (verbatim phrases), kb.hits (what is
returned) — and this module ties them together behind ``Corpus.search()``.

Arguments are checked before the index is touched, so a wrong argument costs nothing and
says what is wrong. The index is rebuilt only when reading it fails in the ways a damaged
index fails (truncated or missing files, undecodable data), once.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from kb.errors import QueryError, XuehuiError
from kb.exact import search_exact
from kb.hits import Hit
from kb.query import EMPTY
from kb.ranking import search_ranked
from kb.retrieval import filter_query

if TYPE_CHECKING:
    from kb.corpus import Corpus
    from kb.index import ClauseIndex

# What reading a damaged whoosh index raises (a segment cut short, a file gone, a
# corrupted pickle or compressed block); anything else is not the index's fault.
INDEX_DAMAGE = (
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    ValueError,
    KeyError,
    IndexError,
)


class SearchArgumentError(XuehuiError, TypeError):
    """A search argument of the wrong type or value (also a TypeError, as Python expects)."""


def _int_or_none(name: str, label: str, value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise SearchArgumentError(f"{label}（{name}）应为整数，收到的是 {value!r}")


def check_arguments(
    query: object,
    limit: object,
    exact: object,
    doc: object,
    region: object,
    level: object,
    year_from: object,
    year_to: object,
) -> None:
    """Raise a clear error for an argument no search could use, before any index work."""
    if query is None or (isinstance(query, str) and not query.strip()):
        raise QueryError(EMPTY)
    if not isinstance(query, str):
        raise SearchArgumentError(f"查询内容（query）应为文字，收到的是 {query!r}")
    _int_or_none("limit", "结果数量", limit)
    if limit is not None and limit < 1:  # type: ignore[operator]
        raise SearchArgumentError(f"结果数量 {limit} 无效，应为正整数")
    if not isinstance(exact, bool):
        raise SearchArgumentError(f"精确模式（exact）应为 True 或 False，收到的是 {exact!r}")
    for name, label, value in (("doc", "文件编号", doc), ("region", "地区代码", region)):
        if value is not None and not isinstance(value, str):
            raise SearchArgumentError(f"{label}（{name}）应为文字，收到的是 {value!r}")
    _int_or_none("year_from", "起始年份", year_from)
    _int_or_none("year_to", "结束年份", year_to)
    if level is not None:
        from kb.levels import parse_level

        parse_level(level)


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
    check_arguments(query, limit, exact, doc, region, level, year_from, year_to)
    filter_q = filter_query(index, doc, region, level, year_from, year_to)
    if exact:
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
    ``exact`` returns the clauses containing ``query`` verbatim (whitespace and the width of
    punctuation and digits aside), in corpus order. ``doc`` (comma-separated ids),
    ``region`` (a GB/T 2260 code; a province matches the documents within it), ``level`` and
    the issue-year range filter the documents.
    """
    from kb.index import open_index

    check_arguments(query, limit, exact, doc, region, level, year_from, year_to)
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
    except INDEX_DAMAGE:  # damage that only shows when reading postings: rebuild, once
        return search_index(open_index(corpus, rebuild=True), query, **options)
