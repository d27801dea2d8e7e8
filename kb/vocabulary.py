"""Colloquial wording → the regulations' wording (工资 → 薪酬, 薪资, 待遇), from
``kb/data/colloquial.yaml``.

The synonym table (kb/data/synonyms.yaml) groups spellings the regulations themselves use for
one thing, and the index holds one token per group. This vocabulary is query-side only: the
words secretariat staff type (工资, 书记, 开会, 办公会) that the regulations say otherwise.
Each entry was reviewed; candidates came from 同义词词林 (scripts/vocabulary_candidates.py),
from the corpus and from the blind development queries — see the file's header.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOCABULARY = Path(__file__).resolve().parent / "data" / "colloquial.yaml"


@dataclass(frozen=True)
class Vocabulary:
    entries: dict[str, tuple[str, ...]]

    def wordings(self, word: str) -> tuple[str, ...]:
        """The regulations' wordings of ``word`` (empty if it has none here)."""
        return self.entries.get(word, ())

    def words(self) -> list[str]:
        return list(self.entries)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    import yaml

    from kb.errors import XuehuiError

    try:
        data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8")) or {}
        entries: dict[str, tuple[str, ...]] = {}
        for entry in data.get("entries", []):
            word = str(entry["word"])
            legal = tuple(str(w) for w in entry["legal"])
            entries[word] = tuple(dict.fromkeys(entries.get(word, ()) + legal))
    except (OSError, yaml.YAMLError, TypeError, KeyError, AttributeError) as exc:
        raise XuehuiError(
            f"口语词表无法读取（{type(exc).__name__}）", where=str(VOCABULARY)
        ) from exc
    return Vocabulary(entries)
