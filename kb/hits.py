"""What a search returns: the clause found, its citation and the pieces of text to highlight.

Shared by ranked and exact mode, the CLI and the web app (``Hit.to_dict`` is the JSON).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kb.numbers import find_numbers

CONTEXT = 40  # characters of context around a highlight in a long clause


@dataclass
class Highlight:
    """A piece of clause text; ``spans`` are [start, end) offsets of matched characters in
    ``text``; ``start`` is where the piece begins in the clause text."""

    text: str
    start: int
    spans: list[list[int]]

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "spans": [list(s) for s in self.spans]}


@dataclass
class Hit:
    """One clause found, with what a lawyer needs to cite it.

    ``matched`` says how the clause was found: ``words`` (its words, headings or synonyms),
    ``characters`` (no word of the question is in the corpus; the clause shares characters
    with it — a weak match the user should be told about) or ``exact`` (the phrase itself).
    ``context`` names the headings the clause stands under (法定代表人工作职责 for its items).
    """

    clause_id: str
    doc_id: str
    citation: str
    heading: str
    text: str
    score: float
    highlights: list[Highlight] = field(default_factory=list)
    matched: str = "words"
    context: str = ""  # headings and lead-ins of the clauses above it, outermost first

    def to_dict(self) -> dict:
        return {
            "clause_id": self.clause_id,
            "doc_id": self.doc_id,
            "citation": self.citation,
            "heading": self.heading,
            "text": self.text,
            "score": round(self.score, 4),
            "highlights": [h.to_dict() for h in self.highlights],
            "matched": self.matched,
            "context": self.context,
        }


def needle_spans(text: str, needles: list[str], numbers: set[str]) -> list[tuple[int, int]]:
    """Where the needles (case-insensitively) and the wanted numbers stand in ``text``."""
    found: list[tuple[int, int]] = []
    lower = text.lower()
    for needle in needles:
        if not needle:
            continue
        start = lower.find(needle.lower())
        while start >= 0:
            found.append((start, start + len(needle)))
            start = lower.find(needle.lower(), start + 1)
    if numbers:
        for match in find_numbers(text):
            if numbers & set(match.tokens):
                found.append((match.start, match.end))
    return found


def merge(found: list[tuple[int, int]]) -> list[list[int]]:
    """Overlapping spans merged into one, in text order."""
    found = sorted(found, key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[list[int]] = []
    for s, e in found:
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def fragments(
    text: str, spans: list[list[int]], context: int = CONTEXT, max_fragments: int = 3
) -> list[Highlight]:
    """Fragments of ``text`` around ``spans`` (the whole text if it is short)."""
    if not spans:
        return []
    if len(text) <= 3 * context:
        return [Highlight(text, 0, spans)]
    windows: list[list[Any]] = []
    for s, e in spans:
        lo, hi = max(0, s - context), min(len(text), e + context)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
            windows[-1][2].append([s, e])
        else:
            windows.append([lo, hi, [[s, e]]])
    return [
        Highlight(text[lo:hi], lo, [[s - lo, e - lo] for s, e in inner])
        for lo, hi, inner in windows[:max_fragments]
    ]


def highlights(text: str, needles: list[str], numbers: set[str]) -> list[Highlight]:
    """Fragments of ``text`` around the needles and numbers it contains."""
    return fragments(text, merge(needle_spans(text, needles, numbers)))


def make_hit(
    fields: dict,
    score: float,
    marks: Callable[[str], list[Highlight]],
    matched: str = "words",
) -> Hit:
    """A Hit from a clause's stored index fields; ``marks`` finds its highlights."""
    return Hit(
        clause_id=fields["clause_id"],
        doc_id=fields["doc_id"],
        citation=fields["citation"],
        heading=fields.get("heading", ""),
        text=fields["text"],
        score=score,
        highlights=marks(fields["text"]),
        matched=matched,
        context=fields.get("context") or "",
    )
