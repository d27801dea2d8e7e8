"""xuehui's knowledge base: the regulations, their clauses, search and the rules drawn from them.

This package never imports ``generator`` or ``xuehui``. Heavy parts (whoosh, jieba) are
imported only when a search is made, so loading the corpus stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.corpus import Corpus, Document
from kb.corpus import load_corpus as _load_corpus
from kb.errors import InputError, QueryError, XuehuiError
from kb.segmentation import Clause

if TYPE_CHECKING:
    from kb.hits import Hit

__all__ = [
    "Clause",
    "Corpus",
    "Document",
    "InputError",
    "QueryError",
    "XuehuiError",
    "get_clause",
    "load_corpus",
    "reload",
    "search",
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


def search(
    query: str,
    limit: int = 10,
    exact: bool = False,
    doc: str | None = None,
    region: str | None = None,
    level: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[Hit]:
    """Clauses matching ``query``, best first (see ``kb.lookup.search``)."""
    from kb.lookup import search as _search

    return _search(
        load_corpus(),
        query,
        limit=limit,
        exact=exact,
        doc=doc,
        region=region,
        level=level,
        year_from=year_from,
        year_to=year_to,
    )


# ---------------------------------------------------------------- topics, provisions, comparison
# Thin entry points; the work lives in kb.topics, kb.provisions, kb.comparison.
# ``kb.topics()``, ``kb.provisions()`` and ``kb.jurisdiction()`` share their names with
# submodules. Importing the submodules here first (they are light) means the functions below
# rebind the names for good: Python sets a package attribute only when a submodule is first
# loaded. Use ``from kb.topics import …`` to reach the modules themselves.
from kb import jurisdiction as _jurisdiction_module  # noqa: E402,F401
from kb import provisions as _provisions_module  # noqa: E402,F401
from kb import topics as _topics_module  # noqa: E402,F401


def topics() -> list:
    """The topic taxonomy (``kb.topics.Topic``), in the order of ``kb/data/topics.yaml``."""
    from kb.topics import load_topics

    return list(load_topics())


def provisions(subject: str | None = None, doc: str | None = None) -> list:
    """Provisions, optionally only one subject (key, prefix or label words) or one document."""
    from kb.comparison import match_subjects, select_documents
    from kb.provisions import load_provisions

    wanted = set(match_subjects(subject)) if subject else None
    if doc:
        select_documents(load_corpus(), [doc])  # unknown id → Chinese error
    return [
        p
        for p in load_provisions()
        if (wanted is None or p.subject in wanted) and (doc is None or p.doc_id == doc)
    ]


def jurisdiction(region_code: str, level: str):
    """Which documents bind a society of ``region_code`` at ``level`` and which are references."""
    from kb.comparison import checked_jurisdiction

    return checked_jurisdiction(load_corpus(), region_code, level)


def compare_topic(
    query: str,
    docs: list[str] | None = None,
    region_code: str | None = None,
    level: str | None = None,
):
    """Every clause on a topic (id, label or any words) in each document; see kb.comparison."""
    from kb.comparison import compare_topic as _compare_topic

    return _compare_topic(load_corpus(), query, docs=docs, region_code=region_code, level=level)


def compare_provisions(
    subject: str | None = None,
    docs: list[str] | None = None,
    region_code: str | None = None,
    level: str | None = None,
):
    """Every provision subject (or those matching ``subject``) across the documents."""
    from kb.comparison import compare_provisions as _compare_provisions

    return _compare_provisions(
        load_corpus(), subject, docs=docs, region_code=region_code, level=level
    )


def align(doc_a: str, doc_b: str, top: int = 3):
    """Each clause of ``doc_a`` with its most similar clauses of ``doc_b`` and a diff."""
    from kb.comparison import align as _align

    return _align(load_corpus(), doc_a, doc_b, top=top)
