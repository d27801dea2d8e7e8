"""Chinese text analysis for the clause index: words, numbers, character grams, synonyms.

Why not ``jieba.analyse.ChineseAnalyzer``: it emits jieba's overlapping search-mode tokens with
``pos`` set to a character offset, so phrase queries and highlights land in the wrong place.
Here each field has one job:

* ``words`` (text and heading fields, BM25F ranking): jieba's precise segmentation with the
  domain user dictionary, plus the dictionary sub-words of long words (常务理事会 → 理事/理事会)
  at the same position, and every quantity replaced by its canonical form (kb.numbers);
* ``grams`` (exact phrases and substring matching): overlapping character bigrams, position =
  character index, so a phrase query over grams is a substring test, whatever jieba thinks
  the words are.

Fast start: jieba's full dictionary takes most of a second to load. The index stores a compact
dictionary instead: every dictionary word that occurs in the corpus, the user dictionary and
the common words, with the full dictionary's frequencies and total. jieba's segmentation of a
text depends only on the dictionary words that occur in it, so the compact dictionary cuts the
corpus exactly as the full one does; queries lose only rare words the corpus never uses.
"""

from __future__ import annotations

import logging
import marshal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.numbers import find_numbers

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT = DATA_DIR / "userdict.txt"
SYNONYMS = DATA_DIR / "synonyms.yaml"
# Words at least this frequent in jieba's dictionary stay in the compact dictionary, so that
# queries phrased in everyday words are cut as the full dictionary would cut them.
COMMON_WORD_FREQ = 500
MARK = "\x03"
GROUP_MARK = "~"  # prefix of synonym-group tokens in the words fields  # closes the last gram of a text, so that one-character phrases are findable


def import_jieba():
    """Import jieba quietly and without pkg_resources.

    jieba only uses pkg_resources to find its own data files and falls back to plain file
    paths when it is missing; importing pkg_resources costs more than all of jieba.
    """
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


# ---------------------------------------------------------------------------- dictionary


def _full_tokenizer():
    """jieba's full dictionary (jieba keeps its own cache of it in the temp folder)."""
    jieba = import_jieba()
    tok = jieba.Tokenizer()
    tok.initialize()
    tok.load_userdict(str(USERDICT))
    return tok


def build_dictionary(texts: Iterable[str]) -> bytes:
    """A compact jieba dictionary for ``texts`` (see the module docstring), marshalled."""
    full = _full_tokenizer()
    keep: dict[str, int] = {w: f for w, f in full.FREQ.items() if f >= COMMON_WORD_FREQ}
    for line in USERDICT.read_text(encoding="utf-8").splitlines():
        if line.strip():
            word = line.split()[0]
            keep[word] = full.FREQ.get(word, 1)
    freq = full.FREQ
    for text in texts:
        dag = full.get_DAG(text)
        for start, ends in dag.items():
            for end in ends:
                word = text[start : end + 1]
                if freq.get(word):
                    keep[word] = freq[word]
    table = dict(keep)
    for word in keep:
        for i in range(1, len(word)):
            table.setdefault(word[:i], 0)
    return marshal.dumps({"freq": table, "total": full.total})


class Segmenter:
    """jieba precise-mode segmentation over a given (usually compact) dictionary."""

    def __init__(self, dictionary: bytes | None = None) -> None:
        if dictionary is None:
            self._tok = _full_tokenizer()
        else:
            jieba = import_jieba()
            data = marshal.loads(dictionary)
            self._tok = jieba.Tokenizer()
            self._tok.FREQ = data["freq"]
            self._tok.total = data["total"]
            self._tok.initialized = True

    def cut(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(word, start, end) in precise mode, no overlaps, whitespace dropped."""
        for word, start, end in self._tok.tokenize(text, HMM=True):
            if word.strip():
                yield word, start, end

    def subwords(self, word: str) -> Iterator[tuple[str, int, int]]:
        """Dictionary words inside a long word, as jieba's search mode finds them."""
        freq = self._tok.FREQ
        for n in (2, 3):
            if len(word) > n:
                for i in range(len(word) - n + 1):
                    gram = word[i : i + n]
                    if freq.get(gram):
                        yield gram, i, i + n


@dataclass(frozen=True)
class Word:
    """One indexed term: ``text`` covers ``start:end`` of the analysed string; ``pos`` is
    the running word number (sub-words share their word's number)."""

    text: str
    start: int
    end: int
    pos: int
    main: bool = True  # False for the sub-words of a longer word


def _is_symbol(word: str) -> bool:
    return all(not ch.isalnum() for ch in word)


def words(seg: Segmenter, text: str) -> list[Word]:
    """The terms of ``text`` for the ranked fields."""
    out: list[Word] = []
    pos = 0
    cursor = 0

    def plain(upto: int) -> None:
        nonlocal pos
        if upto <= cursor:
            return
        chunk = text[cursor:upto]
        for word, s, e in seg.cut(chunk):
            if _is_symbol(word):
                continue
            out.append(Word(word.lower(), cursor + s, cursor + e, pos))
            if len(word) > 2:
                for sub, ss, se in seg.subwords(word):
                    out.append(Word(sub.lower(), cursor + s + ss, cursor + s + se, pos, False))
            pos += 1

    for match in find_numbers(text):
        plain(match.start)
        for token in match.tokens:
            out.append(Word(token, match.start, match.end, pos))
        pos += 1
        cursor = match.end
    plain(len(text))
    return out


def synonym_words(text: str, tokens: list[Word], thes: Thesaurus) -> list[Word]:
    """A group token (``~会长``) wherever a member of a synonym group stands as whole words,
    so that every spelling of a concept is one indexed term (理事长 inside 副理事长 is not
    a member standing alone, and gets none)."""
    starts = {w.start: w.pos for w in tokens if w.main}
    ends = {w.end for w in tokens if w.main}
    out: list[Word] = []
    for member in thes.members():
        start = text.find(member)
        while start >= 0:
            end = start + len(member)
            if start in starts and end in ends:
                out.extend(
                    Word(tok, start, end, starts[start], False) for tok in thes.group_tokens(member)
                )
            start = text.find(member, start + 1)
    return out


def grams(text: str) -> list[tuple[str, int]]:
    """Overlapping character bigrams with their start offset (position = offset)."""
    if not text:
        return []
    out = [(text[i : i + 2], i) for i in range(len(text) - 1)]
    out.append((text[-1] + MARK, len(text) - 1))
    return out


def phrase_grams(phrase: str) -> list[str]:
    """The grams a phrase must have, consecutively, in a text that contains it."""
    if len(phrase) == 1:
        return []  # one character: a prefix query on the grams field (see kb.retrieval)
    return [phrase[i : i + 2] for i in range(len(phrase) - 1)]


# ---------------------------------------------------------------------------- synonyms


@dataclass(frozen=True)
class Thesaurus:
    """Synonym groups and query stop words from ``kb/data/synonyms.yaml``."""

    groups: tuple[tuple[str, ...], ...]
    stopwords: frozenset[str]

    def alternatives(self, term: str) -> list[str]:
        """Other members of every group that contains ``term``."""
        seen: list[str] = []
        for group in self.groups:
            if term in group:
                seen.extend(m for m in group if m != term and m not in seen)
        return seen

    def group_tokens(self, term: str) -> list[str]:
        """The indexed tokens of the groups ``term`` belongs to."""
        return [GROUP_MARK + g[0] for g in self.groups if term in g]

    def members(self) -> list[str]:
        """All group members, longest first (for matching inside a query)."""
        return sorted({m for g in self.groups for m in g}, key=len, reverse=True)


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    import yaml

    from kb.errors import XuehuiError

    try:
        data = yaml.safe_load(SYNONYMS.read_text(encoding="utf-8")) or {}
        groups = tuple(tuple(str(m) for m in g) for g in data.get("groups", []))
        stop = frozenset(str(w) for w in data.get("stopwords", []))
    except (OSError, yaml.YAMLError, TypeError, AttributeError) as exc:
        raise XuehuiError(f"同义词表无法读取（{type(exc).__name__}）", where=str(SYNONYMS)) from exc
    return Thesaurus(groups, stop)


def data_fingerprint() -> str:
    """Changes whenever the user dictionary or the synonym table (both shape the index) change."""
    import hashlib

    digest = hashlib.sha256()
    digest.update(USERDICT.read_bytes())
    digest.update(SYNONYMS.read_bytes())
    return digest.hexdigest()[:16]
