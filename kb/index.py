"""The clause index: built on first use, rebuilt when the corpus changes, never half-read.

Layout in ``kb.paths.cache_dir()``::

    index.json          manifest: which build is current, for which corpus (atomic write)
    index.lock          held while building, so two processes never build at once
    builds/<name>/      one complete whoosh index + the compact jieba dictionary

A build goes to a fresh folder and becomes current only when the manifest pointing at it is
written (atomically), so readers never see a half-written index. The manifest records the
corpus content hash and a cheap file fingerprint (names, sizes, times): when the fingerprint
matches, a search opens the index without loading the corpus at all; when only the
fingerprint differs, the content hash decides. An unreadable manifest or index is rebuilt.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import fields, scoring
from whoosh import index as windex
from whoosh.analysis import Token, Tokenizer

from kb import atomic, paths
from kb.analysis import (
    MARK,
    Segmenter,
    build_dictionary,
    data_fingerprint,
    grams,
    synonym_words,
    thesaurus,
    words,
)
from kb.exact import folded

if TYPE_CHECKING:
    from kb.corpus import Corpus

INDEX_VERSION = 7  # bump when the schema or the analysis changes
DICTIONARY_FILE = "dictionary.marshal"
# Titles, dates, addressees and bare headings (一、指导思想) are searchable, but a clause
# that says something should come first: their scores are scaled down.
FRONT_BOOST = 0.5
LEAD_MAX = 60  # a longer sentence ending in a colon is content, not a lead-in


def corpus_dirs() -> list[Path]:
    return [paths.builtin_corpus_dir(), paths.user_corpus_dir()]


def fingerprint() -> str:
    """Names, sizes and modification times of the corpus files, plus the analysis version."""
    parts = [f"v{INDEX_VERSION}", data_fingerprint()]
    for folder in corpus_dirs():
        parts.append(str(folder))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".yaml", ".txt")) and entry.is_file():
                st = entry.stat()
                parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def content_key(corpus: Corpus) -> str:
    return f"v{INDEX_VERSION}:{data_fingerprint()}:{corpus.content_hash}"


def _region_codes(code: str) -> list[str]:
    """A region and the regions containing it (GB/T 2260): 310120 → 310120 310100 310000."""
    return sorted({code, code[:4] + "00", code[:2] + "0000"})


class _SegmenterTokenizer(Tokenizer):
    """Base for tokenizers that need the index's segmenter. whoosh pickles the schema into
    the index (and into its indexing subprocesses); the pickle names the build's dictionary
    file instead of carrying the dictionary, which is loaded on first use."""

    def __init__(self, seg: Segmenter | None = None, dictionary: Path | None = None) -> None:
        self.seg = seg
        self.dictionary = str(dictionary) if dictionary else None

    def __getstate__(self) -> dict:
        return {"dictionary": self.dictionary}

    def __setstate__(self, state: dict) -> None:
        self.seg = None
        self.dictionary = state.get("dictionary")

    def segmenter(self) -> Segmenter:
        if self.seg is None:
            self.seg = Segmenter(Path(self.dictionary).read_bytes())
        return self.seg

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    __hash__ = Tokenizer.__hash__


class WordTokenizer(_SegmenterTokenizer):
    """Words for BM25F: sequential positions, true character offsets (kb.analysis.words)."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        tokens = words(self.segmenter(), value)
        for w in tokens + synonym_words(value, tokens, thesaurus()):
            token.text = w.text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + w.pos
            if chars:
                token.startchar = start_char + w.start
                token.endchar = start_char + w.end
            yield token


class GramTokenizer(Tokenizer):
    """Character bigrams, position = character offset (kb.analysis.grams)."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for gram, offset in grams(value):
            token.text = gram
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + offset
            if chars:
                token.startchar = start_char + offset
                token.endchar = start_char + offset + len(gram.rstrip(MARK))
            yield token


def _schema(seg: Segmenter, dictionary: Path | None = None):
    word_an = WordTokenizer(seg, dictionary)
    gram_an = GramTokenizer()
    return fields.Schema(
        clause_id=fields.ID(stored=True, unique=True),
        doc_id=fields.ID(stored=True),
        region=fields.KEYWORD(),
        level=fields.ID(),
        year=fields.NUMERIC(int, bits=16),
        front=fields.BOOLEAN(stored=True),
        order=fields.NUMERIC(int, bits=32, stored=True),
        parent=fields.STORED(),
        citation=fields.STORED(),
        heading=fields.TEXT(analyzer=word_an, phrase=False, stored=True),
        text=fields.TEXT(analyzer=word_an, phrase=False, stored=True),
        context=fields.TEXT(analyzer=word_an, phrase=False, stored=True),
        grams=fields.TEXT(analyzer=gram_an, phrase=False),
    )


def _is_front(clause) -> bool:
    """Front and end matter, and headings that only introduce their sub-clauses."""
    if clause.kind.startswith(("front_", "notice_", "end_")) or clause.kind == "heading":
        return True
    return bool(clause.children) and clause.body.rstrip("。") == clause.heading


def lead(clause) -> str:
    """What a clause says about the clauses under it: its heading (法定代表人工作职责), or
    a short lead-in sentence ending in a colon (下列事项须经理事会讨论：)."""
    if clause.heading:
        return clause.heading
    body = clause.body.strip()
    if body.endswith(("：", ":")) and len(body) <= LEAD_MAX:
        return body.rstrip("：:")
    return ""


def context(clause, by_id: dict) -> str:
    """The leads of a clause's ancestors, nearest last: how a reader knows what the item
    "(1) 代表社团签署重要文件" is about."""
    leads = []
    parent = by_id.get(clause.parent_id)
    while parent is not None:
        text = lead(parent)
        if text:
            leads.append(text)
        parent = by_id.get(parent.parent_id)
    return "\n".join(reversed(leads))


def build(corpus: Corpus, target: Path) -> dict[str, Any]:
    """Write a complete index of ``corpus`` into the empty folder ``target``."""
    started = time.perf_counter()
    texts = (t for c in corpus.clauses() for t in (c.text, c.heading) if t)
    dictionary = build_dictionary(texts)
    target.mkdir(parents=True)
    (target / DICTIONARY_FILE).write_bytes(dictionary)
    seg = Segmenter(dictionary)
    ix = windex.create_in(str(target), _schema(seg, target / DICTIONARY_FILE))
    writer = ix.writer(limitmb=256, procs=1)
    order = 0
    for doc in corpus:
        regions = " ".join(_region_codes(doc.meta.region_code))
        by_id = {c.id: c for c in doc.clauses}
        for clause in doc.clauses:
            front = _is_front(clause)
            writer.add_document(
                clause_id=clause.id,
                doc_id=doc.id,
                region=regions,
                level=doc.meta.level,
                year=doc.year or 0,
                front=front,
                order=order,
                parent=clause.parent_id or "",
                citation=clause.citation,
                heading=clause.heading,
                text=clause.text,
                context=context(clause, by_id),
                grams=folded(clause.text),
                _boost=FRONT_BOOST if front else 1.0,
            )
            order += 1
    writer.commit()
    return {
        "clauses": order,
        "documents": [d.id for d in corpus],
        "build_seconds": round(time.perf_counter() - started, 3),
    }


@dataclass
class Manifest:
    build: str
    fingerprint: str
    content_key: str
    clauses: int
    documents: list[str]
    built_at: float
    build_seconds: float

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError):
            return None

    def write(self, path: Path) -> None:
        atomic.write_text(path, json.dumps(self.__dict__, ensure_ascii=False, indent=1))


class ClauseIndex:
    """An open, current index: the whoosh index and the segmenter that built it."""

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        self.folder = folder
        self.manifest = manifest
        self.segmenter = Segmenter((folder / DICTIONARY_FILE).read_bytes())
        self.ix = windex.open_dir(str(folder), schema=_schema(self.segmenter))
        self._local = threading.local()
        self._lock = threading.Lock()
        self._searchers: list = []
        if self.ix.doc_count() != manifest.clauses:
            raise ValueError("index holds a different number of clauses than its manifest")

    @property
    def searcher(self):
        """A searcher for the calling thread (whoosh readers share file handles, so threads
        of the web app each get their own)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self.ix.searcher(weighting=scoring.BM25F(B=0.6, K1=1.2))
            self._local.searcher = searcher
            with self._lock:
                self._searchers.append(searcher)
        return searcher

    def close(self) -> None:
        with self._lock:
            for searcher in self._searchers:
                searcher.close()
            self._searchers.clear()
        self._local = threading.local()


def _manifest_path() -> Path:
    return paths.cache_dir() / "index.json"


def _builds_dir() -> Path:
    return paths.cache_dir() / "builds"


def _try_open(manifest: Manifest | None) -> ClauseIndex | None:
    if manifest is None:
        return None
    folder = _builds_dir() / manifest.build
    try:
        return ClauseIndex(folder, manifest)
    except Exception:  # any damage (missing files, truncated segments) means: rebuild
        return None


def _cleanup(keep: str) -> None:
    """Remove builds other than the current one (another process may still read an old
    one on Windows; there the removal just fails and is retried next time)."""
    folder = _builds_dir()
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)


_open: dict[str, ClauseIndex] = {}


def open_index(corpus: Corpus | Callable[[], Corpus], rebuild: bool = False) -> ClauseIndex:
    """The current index for ``corpus`` (or the corpus ``corpus()`` loads when needed),
    building or rebuilding it first if it is missing, stale or damaged."""
    from filelock import FileLock

    def get_corpus() -> Corpus:
        return corpus() if callable(corpus) else corpus

    key = str(paths.cache_dir())
    manifest_path = _manifest_path()
    fp = fingerprint()
    if not rebuild:
        cached = _open.get(key)
        if cached is not None and cached.manifest.fingerprint == fp:
            return cached
        manifest = Manifest.read(manifest_path)
        if manifest and manifest.fingerprint == fp:
            index = _try_open(manifest)
            if index is not None:
                _remember(key, index)
                return index

    paths.cache_dir().mkdir(parents=True, exist_ok=True)
    with FileLock(str(paths.cache_dir() / "index.lock"), timeout=600):
        loaded = get_corpus()
        wanted = content_key(loaded)
        manifest = Manifest.read(manifest_path)
        if not rebuild and manifest and manifest.content_key == wanted:
            index = _try_open(manifest)
            if index is not None:  # same content, files touched: remember the new fingerprint
                if manifest.fingerprint != fp:
                    manifest.fingerprint = fp
                    manifest.write(manifest_path)
                _remember(key, index)
                return index
        name = f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        target = _builds_dir() / name
        try:
            info = build(loaded, target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        manifest = Manifest(
            build=name,
            fingerprint=fp,
            content_key=wanted,
            clauses=info["clauses"],
            documents=info["documents"],
            built_at=time.time(),
            build_seconds=info["build_seconds"],
        )
        manifest.write(manifest_path)
        _cleanup(keep=name)
        index = ClauseIndex(target, manifest)
        _remember(key, index)
        return index


def _remember(key: str, index: ClauseIndex) -> None:
    """Keep ``index`` open for this cache folder, closing the one it replaces."""
    old = _open.get(key)
    if old is not None and old is not index:
        old.close()
    _open[key] = index


def forget() -> None:
    """Close every open index (after `corpus add`, or between tests)."""
    for index in _open.values():
        index.close()
    _open.clear()
