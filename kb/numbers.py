"""Numbers in any notation: 三分之一 = 1/3, 百分之一 = 1%, 七十周岁 = 70周岁, 3‰ = 千分之三.

Regulations and the people searching them write the same quantity in Chinese numerals,
Arabic digits, fractions, percent and per-mille signs. ``find_numbers`` locates each quantity
in a text and gives it one canonical spelling (``#1/3``, ``#1%``, ``#3‰``, ``#70``), which the
analyzer indexes in place of the surface form, so every notation finds every other.

Chinese numerals are converted only where they are clearly a quantity (a fraction, a percent,
or followed by a measure word such as 人、岁、届), never inside words like 一流 or 三联.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.numerals import CN_NUMERAL_CHARS, MEASURE_WORDS, to_int

_CNN = f"[{CN_NUMERAL_CHARS}]+"
_DIGITS = r"\d+(?:\.\d+)?"
_DASH = r"\s*[-－—–~～至到]\s*"
_UNIT_RE = "|".join(sorted(MEASURE_WORDS, key=len, reverse=True))

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 1－5‰, 10%-20%: a range of rates, both ends are canonical numbers
    ("range_rate", re.compile(rf"({_DIGITS})\s*[%％‰]?{_DASH}({_DIGITS})\s*([%％‰])")),
    ("cn_fraction", re.compile(rf"({_CNN}|\d+)分之({_CNN}|\d+)")),
    ("ratio", re.compile(r"\d+(?:\s*[:：]\s*\d+){2,}")),
    ("fraction", re.compile(r"(\d+)\s*[/／]\s*(\d+)")),
    ("percent", re.compile(rf"({_DIGITS})\s*([%％‰])")),
    ("cn_count", re.compile(rf"({_CNN})(?=(?:{_UNIT_RE}))")),
    ("digits", re.compile(_DIGITS)),
]


@dataclass(frozen=True)
class NumberMatch:
    """A quantity at ``text[start:end]`` and its canonical token(s)."""

    start: int
    end: int
    tokens: tuple[str, ...]


def _num(value: str) -> str:
    """Arabic spelling without needless decimals (``1.0`` → ``1``)."""
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value


def _sign(sign: str) -> str:
    return "%" if sign in "%％" else "‰"


def _canonical(kind: str, m: re.Match[str]) -> tuple[str, ...] | None:
    if kind == "range_rate":  # 1－5‰ holds 1‰ … 5‰: a query for 千分之三 finds it
        sign = _sign(m.group(3))
        lo, hi = _num(m.group(1)), _num(m.group(2))
        if lo.isdigit() and hi.isdigit() and 0 < int(hi) - int(lo) <= 20:
            return tuple(f"#{v}{sign}" for v in range(int(lo), int(hi) + 1))
        return (f"#{lo}{sign}", f"#{hi}{sign}")
    if kind == "cn_fraction":
        denominator, numerator = m.group(1), m.group(2)
        top = to_int(numerator)
        if top is None:
            return None
        if denominator in ("百", "一百"):
            return (f"#{top}%",)
        if denominator in ("千", "一千"):
            return (f"#{top}‰",)
        bottom = to_int(denominator)
        return (f"#{top}/{bottom}",) if bottom else None
    if kind == "ratio":
        return ("#" + re.sub(r"\s*[:：]\s*", ":", m.group(0)),)
    if kind == "fraction":
        return (f"#{int(m.group(1))}/{int(m.group(2))}",)
    if kind == "percent":
        return (f"#{_num(m.group(1))}{_sign(m.group(2))}",)
    if kind == "cn_count":
        value = to_int(m.group(1))
        return (f"#{value}",) if value is not None else None
    return (f"#{_num(m.group(0))}",)


def find_numbers(text: str) -> list[NumberMatch]:
    """Every quantity in ``text``, left to right, non-overlapping."""
    found: list[NumberMatch] = []
    taken = [False] * (len(text) + 1)
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            tokens = _canonical(kind, m)
            if not tokens:
                continue
            for i in range(start, end):
                taken[i] = True
            found.append(NumberMatch(start, end, tokens))
    found.sort(key=lambda n: n.start)
    return found


def canonical_numbers(text: str) -> set[str]:
    """The canonical tokens of all quantities in ``text``."""
    return {tok for match in find_numbers(text) for tok in match.tokens}
