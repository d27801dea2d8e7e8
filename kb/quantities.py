"""Every number a clause states, broadly: 150人, 1/3, 三分之二, 70周岁, 1－5‰, 两届, 每半年, “三三三一”.

This scanner is deliberately wider than the search tokenizer in ``kb.numbers``: it also
catches numerals in slogans and names (“两化”, 三重一大, 十九大) because its job is the
completeness check — every number in every clause is either stated as a provision in
``kb/data/provisions.yaml`` or listed, with a reason, in ``kb/data/numbers_not_rules.yaml``.
It also marks the numbers to emphasise in comparison tables. Each mention carries a canonical
form so 三分之一 and 1/3 compare equal.

Chinese numerals count only when they quantify something (before a measure word such as
人/名/届/次/年/个, inside “…”, or in X分之Y), because 一 alone is part of ordinary words (一般,
统一, 一流). Ordinals after 第 (第三方, 第十三次) are names and are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kb.numerals import CN_DIGITS, CN_NUMERAL_CHARS, MEASURE_WORDS, to_int

_CN = CN_NUMERAL_CHARS
# Beyond the measure words, slogans and names that quantify (三重一大, “两化”, 三议一公布) count
# here, because the completeness check must see every number a clause states.
_MEASURES = tuple(
    sorted(
        {*MEASURE_WORDS, "层面", "等奖", "星级", "脱钩", "服务", "意识", "自信", "公布", "品牌"}
        | {"方", "议", "化", "长", "联", "重", "大", "会"},
        key=len,
        reverse=True,
    )
)

_ARABIC = re.compile(r"\d+(?:\.\d+)?(?:\s*[-~～/:]\s*\d+(?:\.\d+)?)*\s*[%‰万]?")
_FRACTION = re.compile(rf"([{_CN}]+)分之([{_CN}]+)")
_CN_RUN = re.compile(
    rf"(?<![第{_CN}])([{_CN}]+(?:、[{_CN}]+)*)(?=({'|'.join(_MEASURES)}))"
    rf"|(?<=“)([{_CN}]+)(?=”)"
)
_HALF = re.compile(r"半年")


def _canon_cn(run: str) -> str:
    """Canonical text of a Chinese numeral run: 两 → 2, 三三三一 → 3:3:3:1, 一、二、三 → 1,2,3.

    A run of plain digits (三三三一) is a ratio; any other non-number (十三五) stays as written.
    """
    out = []
    for part in run.split("、"):
        value = to_int(part)
        if value is not None:
            out.append(str(value))
        elif all(ch in CN_DIGITS for ch in part):
            out.append(":".join(str(CN_DIGITS[ch]) for ch in part))
        else:
            out.append(part)
    return ",".join(out)


@dataclass(frozen=True)
class Mention:
    """One number as written (``raw``), where it starts in the text, and its comparable form."""

    raw: str
    start: int
    canonical: str

    @property
    def end(self) -> int:
        return self.start + len(self.raw)


def mentions(text: str) -> list[Mention]:
    """Every quantity stated in ``text``, in reading order, non-overlapping."""
    norm = unicodedata.normalize("NFKC", text)  # full-width digits, －, ：, ％ → ASCII
    if len(norm) != len(text):  # offsets must stay valid; fall back to the raw text
        norm = text
    found: list[Mention] = []
    taken: list[range] = []

    def add(start: int, end: int, canonical: str) -> None:
        if any(start < r.stop and r.start < end for r in taken):
            return
        taken.append(range(start, end))
        found.append(Mention(text[start:end], start, canonical))

    for m in _FRACTION.finditer(norm):
        den, num = to_int(m.group(1)), to_int(m.group(2))
        if den and num is not None:
            add(m.start(), m.end(), f"{num}/{den}")
    for m in _ARABIC.finditer(norm):
        raw = m.group(0).rstrip()
        add(m.start(), m.start() + len(raw), re.sub(r"\s+", "", raw).replace("~", "-"))
    for m in _CN_RUN.finditer(norm):
        group = 1 if m.group(1) else 3
        add(m.start(group), m.end(group), _canon_cn(m.group(group)))
    for m in _HALF.finditer(norm):
        add(m.start(), m.end(), "半年")
    return sorted(found, key=lambda x: x.start)


def canonical_set(*texts: str | None) -> set[str]:
    """The canonical forms of all numbers stated in ``texts`` (None is ignored)."""
    return {m.canonical for t in texts if t for m in mentions(t)}
