"""Topics: which clauses of which documents speak about 监事会, 秘书长, 换届 …

The taxonomy lives in ``kb/data/topics.yaml`` and manual corrections in
``kb/data/topic_overrides.yaml``, both reviewable. Tags are computed, not stored: a clause
has a topic when its own text or the heading of a clause above it matches one of the topic's
keywords or patterns (synonyms only resolve what users type) — so a user's own documents are tagged the same way — and the
overrides then add or remove topics for named clauses. Title, issuer, date and addressee
lines are not tagged (``EXEMPT_KINDS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kb.corpus import Corpus
from kb.errors import QueryError, XuehuiError
from kb.segmentation import Clause

DATA_DIR = Path(__file__).resolve().parent / "data"

# Front and end matter: titles, issuers, dates, document numbers, addressees and the
# one-line "现将……印发给你们" notice carry no rule and are not tagged.
EXEMPT_KINDS = frozenset(
    {
        "front_title",
        "front_issuer",
        "front_doc_number",
        "front_addressee",
        "front_date",
        "notice_title",
        "notice_addressee",
        "notice_issuer",
        "notice_date",
        "notice_para",
        "end_issuer",
        "end_date",
    }
)
_TITLE_LINE = 40  # a parent without a heading whose body is this short is a title line


class Topic(BaseModel):
    """One topic: English id, Chinese label, the words that find it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    label: str
    synonyms: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            re.compile(pattern)
        return value

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        words = sorted(set(self.keywords), key=len, reverse=True)
        parts = [re.escape(w) for w in words] + list(self.patterns)
        return re.compile("|".join(parts)) if parts else re.compile(r"(?!x)x")

    def matches(self, text: str) -> list[str]:
        """The words of ``text`` that belong to this topic (empty when none)."""
        return [m.group(0) for m in self._regex.finditer(text)]

    def names(self) -> list[str]:
        return [self.id, self.label, *self.synonyms]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "synonyms": list(self.synonyms),
            "keywords": list(self.keywords),
            "patterns": list(self.patterns),
        }


class Override(BaseModel):
    """A reviewed correction for one clause: topics to add or remove, and why."""

    model_config = ConfigDict(extra="forbid")
    clause: str
    add: list[str] = []
    remove: list[str] = []
    reason: str = Field(min_length=2)


def _load_yaml(path: Path) -> list:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as err:
        raise XuehuiError(f"YAML 格式错误：{err}", where=str(path)) from err
    if not isinstance(data, list):
        raise XuehuiError("应为列表（每项以“- ”开头）", where=str(path))
    return data


@lru_cache(maxsize=4)
def load_topics(path: Path | None = None) -> tuple[Topic, ...]:
    """The taxonomy, in file order."""
    path = path or DATA_DIR / "topics.yaml"
    topics: list[Topic] = []
    for n, entry in enumerate(_load_yaml(path), 1):
        try:
            topics.append(Topic.model_validate(entry))
        except (ValidationError, re.error) as err:
            raise XuehuiError(f"第 {n} 个主题有误：{err}", where=str(path)) from err
    ids = [t.id for t in topics]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise XuehuiError(f"主题编号重复：{'、'.join(dupes)}", where=str(path))
    return tuple(topics)


@lru_cache(maxsize=4)
def load_overrides(path: Path | None = None) -> tuple[Override, ...]:
    path = path or DATA_DIR / "topic_overrides.yaml"
    if not path.exists():
        return ()
    known = {t.id for t in load_topics()}
    items: list[Override] = []
    for n, entry in enumerate(_load_yaml(path), 1):
        try:
            item = Override.model_validate(entry)
        except ValidationError as err:
            raise XuehuiError(f"第 {n} 条主题修订有误：{err}", where=str(path)) from err
        unknown = [t for t in item.add + item.remove if t not in known]
        if unknown:
            raise XuehuiError(
                f"第 {n} 条主题修订引用了不存在的主题：{'、'.join(unknown)}", where=str(path)
            )
        items.append(item)
    return tuple(items)


def is_exempt(clause: Clause) -> bool:
    """Front/end matter, and empty numbering lines such as Fengxian's lone “6、”."""
    return clause.kind in EXEMPT_KINDS or not clause.body.strip()


def _context(corpus: Corpus, clause: Clause) -> str:
    """The clause's own text plus the headings of the clauses above it."""
    parts = [clause.text]
    parent_id = clause.parent_id
    while parent_id:
        parent = corpus.clause(parent_id)
        if parent.heading:
            parts.append(parent.heading)
        elif len(parent.body) <= _TITLE_LINE:
            parts.append(parent.body)
        parent_id = parent.parent_id
    return "\n".join(parts)


@dataclass
class Tagging:
    """Topics of every clause of a corpus, with the words that put them there."""

    corpus: Corpus
    topics: tuple[Topic, ...]
    by_clause: dict[str, list[str]] = field(default_factory=dict)
    evidence: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def clause_topics(self, clause_id: str) -> list[Topic]:
        order = {t.id: t for t in self.topics}
        return [order[t] for t in self.by_clause.get(clause_id, [])]

    def clauses_for(self, topic_id: str) -> list[Clause]:
        return [c for c in self.corpus.clauses() if topic_id in self.by_clause.get(c.id, [])]

    def untagged(self) -> list[Clause]:
        """Substantive clauses that no topic reached — the test keeps this empty."""
        return [
            c for c in self.corpus.clauses() if not is_exempt(c) and not self.by_clause.get(c.id)
        ]


def tag(
    corpus: Corpus,
    topics: tuple[Topic, ...] | None = None,
    overrides: tuple[Override, ...] | None = None,
) -> Tagging:
    """Tag every clause of ``corpus``: keywords first, then the reviewed overrides."""
    topics = topics if topics is not None else load_topics()
    overrides = overrides if overrides is not None else load_overrides()
    result = Tagging(corpus, topics)
    for clause in corpus.clauses():
        if is_exempt(clause):
            continue
        context = _context(corpus, clause)
        tags = []
        for topic in topics:
            words = topic.matches(context)
            if words:
                tags.append(topic.id)
                result.evidence[(clause.id, topic.id)] = sorted(set(words))
        result.by_clause[clause.id] = tags
    order = [t.id for t in topics]
    for item in overrides:
        if item.clause not in result.by_clause and not _exists(corpus, item.clause):
            continue  # an override for a user document that is not loaded
        tags = [t for t in result.by_clause.get(item.clause, []) if t not in item.remove]
        for t in item.add:
            if t not in tags:
                tags.append(t)
                result.evidence[(item.clause, t)] = [f"人工标注：{item.reason}"]
        result.by_clause[item.clause] = sorted(tags, key=order.index)
    return result


def _exists(corpus: Corpus, clause_id: str) -> bool:
    try:
        corpus.clause(clause_id)
    except XuehuiError:
        return False
    return True


_cache: dict[str, Tagging] = {}


def tagging(corpus: Corpus) -> Tagging:
    """The tagging of ``corpus``, computed once per corpus content."""
    key = corpus.content_hash
    if key not in _cache:
        _cache.clear()
        _cache[key] = tag(corpus)
    return _cache[key]


def clause_counts(tags: Tagging, topic_id: str) -> dict[str, int]:
    """Per document id: how many of its clauses carry ``topic_id`` (0 included)."""
    return {
        d.id: sum(1 for c in d.clauses if topic_id in tags.by_clause.get(c.id, []))
        for d in tags.corpus
    }


def topic_records(corpus: Corpus) -> list[dict]:
    """The taxonomy with clause counts per document: ``xuehui topics --json`` and ``/api/topics``."""
    tags = tagging(corpus)
    return [t.to_dict() | {"clause_counts": clause_counts(tags, t.id)} for t in load_topics()]


def resolve_topic(query: str, topics: tuple[Topic, ...] | None = None) -> Topic | None:
    """The topic a user means by ``query``: an id, a label, a synonym, or words close to one.

    Exact names win; otherwise the topic whose label, synonym or keyword shares the longest
    stretch with the query (理事会的规模 → 理事会). None when nothing fits — callers then
    search the words themselves (``adhoc_topic``).
    """
    topics = topics if topics is not None else load_topics()
    text = query.strip()
    if not text:
        raise QueryError("主题不能为空：请给出主题编号、名称或关键词，如 监事会")
    folded = text.lower().replace("(", "（").replace(")", "）")
    for topic in topics:
        if folded in {n.lower().replace("(", "（").replace(")", "）") for n in topic.names()}:
            return topic
    best: tuple[int, int, Topic] | None = None
    for rank, topic in enumerate(topics):
        for name in (topic.label, *topic.synonyms, *topic.keywords):
            if name and (name in text or text in name):
                score = len(name) if name in text else len(text)
                if best is None or (score, -rank) > (best[0], best[1]):
                    best = (score, -rank, topic)
    return best[2] if best and best[0] >= 2 else None


def adhoc_topic(query: str) -> Topic:
    """A one-off topic made of the query's own words, for queries outside the taxonomy."""
    words = [w for w in re.split(r"[\s,，、;；/]+", query.strip()) if w]
    if not words:
        raise QueryError("主题不能为空：请给出主题编号、名称或关键词，如 监事会")
    return Topic(id="query", label=query.strip(), keywords=tuple(words))
