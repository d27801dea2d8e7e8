"""xuehui's knowledge base: the regulations, their clauses, search and the rules drawn from them.

The entry point is the corpus, as sqlite-utils' ``Database`` is for a database::

    import kb
    corpus = kb.load_corpus()
    corpus.search("常务理事会多久开一次会", limit=5)
    corpus.clause("henan-2018/sec_4__item_3__item_5")
    corpus.jurisdiction("410000", "省级")

Every submodule keeps its own name (``kb.search``, ``kb.topics`` …): no function here shadows
one. This package never imports ``generator`` or ``xuehui``. Heavy parts (whoosh, jieba) are
imported only when a search is made, so loading the corpus stays quick.
"""

from __future__ import annotations

from kb.corpus import Corpus, Document
from kb.corpus import load_corpus as _load_corpus
from kb.errors import InputError, QueryError, XuehuiError
from kb.segmentation import Clause

__all__ = [
    "Clause",
    "Corpus",
    "Document",
    "InputError",
    "QueryError",
    "XuehuiError",
    "load_corpus",
    "reload",
]

_corpus: Corpus | None = None


def load_corpus() -> Corpus:
    """The built-in regulations plus the user's own, loaded once per process (lazily)."""
    global _corpus
    if _corpus is None:
        _corpus = _load_corpus()
    return _corpus


def reload() -> Corpus:
    """Forget the loaded corpus (after `corpus add`) and load it again."""
    global _corpus
    _corpus = None
    return load_corpus()
