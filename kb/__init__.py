"""xuehui's knowledge base: the regulations, their clauses, search and the rules drawn from them.

This package never imports ``generator`` or ``xuehui``. Heavy parts (whoosh, jieba) are
imported only when a search is made, so loading the corpus stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.corpus import Corpus, Document, load_corpus as _load_corpus
from kb.errors import InputError, QueryError, XuehuiError
from kb.segmentation import Clause

if TYPE_CHECKING:
    from kb.search import Hit

__all__ = [
    "Clause", "Corpus", "Document", "InputError", "QueryError", "XuehuiError",
    "get_clause", "load_corpus", "reload", "search",
]

_corpus: Corpus | None = None


def load_corpus() -> Corpus:
    """The built-in regulations plus the user's own, loaded once per process."""
    global _corpus
    if _corpus is None:
        _corpus = _load_corpus()
    return _corpus


def reload() -> Corpus:
    """Forget the loaded corpus (after `corpus add`) and load it again."""
    global _corpus
    _corpus = None
    return load_corpus()


def get_clause(clause_id: str) -> Clause:
    """The clause with this id, e.g. ``henan-2018/sec_4__item_3__item_5``."""
    return load_corpus().clause(clause_id)


def search(query: str, limit: int = 10, exact: bool = False, doc: str | None = None,
           region: str | None = None, level: str | None = None,
           year_from: int | None = None, year_to: int | None = None) -> list[Hit]:
    """Clauses matching ``query``, best first (see ``kb.search.search``)."""
    from kb.search import search as _search

    return _search(load_corpus(), query, limit=limit, exact=exact, doc=doc, region=region,
                   level=level, year_from=year_from, year_to=year_to)
