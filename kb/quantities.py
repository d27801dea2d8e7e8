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

_CN = "零〇一二两三四五六七八九十百千万"
_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# Words that, after a Chinese numeral, make it a quantity (longest first).
_MEASURES = (
    "周岁",
    "层面",
    "等奖",
    "星级",
    "脱钩",
    "服务",
    "意识",
    "自信",
    "公布",
    "品牌",
    "个",
    "人",
    "名",
    "年",
    "届",
    "次",
    "岁",
    "月",
    "旬",
    "项",
    "类",
    "倍",
    "级",
    "方",
    "议",
    "化",
    "长",
    "联",
    "重",
    "大",
    "会",
    "日",
    "天",
)

_ARABIC = re.compile(r"\d+(?:\.\d+)?(?:\s*[-~～/:]\s*\d+(?:\.\d+)?)*\s*[%‰万]?")
_FRACTION = re.compile(rf"([{_CN}]+)分之([{_CN}]+)")
_CN_RUN = re.compile(
    rf"(?<![第{_CN}])([{_CN}]+(?:、[{_CN}]+)*)(?=({'|'.join(_MEASURES)}))"
    rf"|(?<=“)([{_CN}]+)(?=”)"
)
_HALF = re.compile(r"半年")


def cn_to_int(text: str) -> int | None:
    """三 → 3, 十三 → 13, 一百五十 → 150; None for names such as 三三三一 or 十三五."""
    if not text:
        return None
    if all(ch in _CN_DIGIT for ch in text):
        return _CN_DIGIT[text] if len(text) == 1 else None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            if digit is not None:  # two digits in a row (十三五): a name, not a number
                return None
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            unit = _CN_UNIT[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0)


def _canon_cn(run: str) -> str:
    """Canonical text of a Chinese numeral run: 两 → 2, 三三三一 → 3:3:3:1, 一、二、三 → 1,2,3.

    A run of plain digits (三三三一) is a ratio; any other non-number (十三五) stays as written.
    """
    out = []
    for part in run.split("、"):
        value = cn_to_int(part)
        if value is not None:
            out.append(str(value))
        elif all(ch in _CN_DIGIT for ch in part):
            out.append(":".join(str(_CN_DIGIT[ch]) for ch in part))
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
        den, num = cn_to_int(m.group(1)), cn_to_int(m.group(2))
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
