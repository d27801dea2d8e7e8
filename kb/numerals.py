"""Numbers as the regulations and charters write them: the one place that reads and writes them.

Legal Chinese writes one quantity many ways — 一百零五, 105, １０５; 三分之二, 2/3, ２／３, 百分之六十六;
千分之五, 5‰; 过半数 — and cites articles in Chinese numerals (第一百零五条). Every module that
reads a number (segmentation, search, the completeness scan, the charter reader, rule
extraction) or writes one (charter articles, citations, ratios in generated text) goes through
this module, so that they cannot disagree on what a numeral means.

Reading is strict where a misreading would be a wrong rule: 十三五 and 三三三一 are names, not
numbers, so ``to_int`` returns None for them instead of guessing.
"""

from __future__ import annotations

import re
from fractions import Fraction

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
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
    # capital numerals (大写数字) of amounts and, in old charters, of terms: 每届伍年
    "壹": 1,
    "贰": 2,
    "貳": 2,
    "叁": 3,
    "參": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "陸": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
# Every character of a Chinese numeral, for building patterns (e.g. 第[…]+条).
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

# Measure words after which a Chinese numeral is a quantity rather than part of a word
# (三人 is a count, 三联 is not). Longest first, so 周岁 wins over 岁.
MEASURE_WORDS: tuple[str, ...] = (
    "周岁",
    "万元",
    "个月",
    "岁",
    "人",
    "名",
    "年",
    "个",
    "次",
    "届",
    "元",
    "天",
    "日",
    "月",
    "倍",
    "项",
    "位",
    "家",
    "种",
    "级",
    "旬",
    "类",
    "星",
)

# Full-width digits and the punctuation numbers are written with → their ASCII forms. One
# character for one character, so offsets into the original text stay valid.
_WIDE = str.maketrans(
    "０１２３４５６７８９／％．：－～，",
    "0123456789/%.:-~,",
)

_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_HALF = {
    "半数": Fraction(1, 2),
    "过半数": Fraction(1, 2),
    "过半": Fraction(1, 2),
    "半": Fraction(1, 2),
}


def normalize(text: str) -> str:
    """Full-width digits, ／ ％ ． ： － ～ ， → ASCII; the same length as ``text``."""
    return text.translate(_WIDE)


def to_int(text: str) -> int | None:
    """一百零五 → 105, 一千 → 1000, 两万五 → 25000, １０５ → 105, 3万 → 30000; None otherwise.

    A run of bare digits (三三三一, 十三五) is a name or a ratio, not a number: None. So is an
    empty string or anything that is not a numeral.
    """
    text = normalize(text.strip())
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    head = re.match(r"\d+", text)
    if head:  # 3万, 10亿: Arabic digits times a big unit
        rest = text[head.end() :]
        if rest in _BIG_UNITS:
            return int(head.group()) * _BIG_UNITS[rest]
        return None
    return _chinese(text)


def digit_string(text: str) -> int | None:
    """二〇 → 20, 一〇五 → 105, 二〇二〇 → 2020: Chinese digits read one by one, as years and
    some article labels are written; None if ``text`` is not such a run."""
    text = text.strip()
    if not text or any(ch not in CN_DIGITS for ch in text):
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


def _chinese(text: str) -> int | None:
    if any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if len(text) == 1 and text in CN_DIGITS:
        return CN_DIGITS[text]
    if all(ch in CN_DIGITS for ch in text):
        return None  # 三三三一, 二〇一八: digit strings, not amounts
    total = 0  # completed 万/亿 groups
    section = 0  # the current group below 万
    digit: int | None = None  # a digit waiting for its unit
    last_unit = 0  # the last small unit in this group, to read 一百五 as 150
    after_zero = False
    previous_was_digit = False
    for ch in text:
        if ch in CN_DIGITS:
            value = CN_DIGITS[ch]
            if value == 0:
                if previous_was_digit and digit:  # 五零: a digit string
                    return None
                after_zero, previous_was_digit = True, True
                continue
            if digit is not None:  # 十三五: two digits in a row
                return None
            digit, previous_was_digit = value, True
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if last_unit and unit >= last_unit:  # 十百, 百百: not a numeral
                return None
            if digit is None and (section or after_zero or total) and unit != 10:
                return None  # 一百零百 is wrong; 一百一十 or 一百十 is fine
            section += (1 if digit is None else digit) * unit
            digit, last_unit, after_zero, previous_was_digit = None, unit, False, False
        else:  # 万, 亿
            unit = _BIG_UNITS[ch]
            group = section + (digit or 0)
            if not group:  # 万 alone, 亿万
                return None
            if unit == 100_000_000:
                total = (total + group) * unit
            else:
                if total % 100_000_000 >= 10_000:  # 一万二万
                    return None
                total += group * unit
            section, digit, last_unit, after_zero, previous_was_digit = 0, None, 0, False, False
    if digit is not None:
        if last_unit >= 100 and not after_zero:  # 一百五 = 150, 三千二 = 3200
            digit *= last_unit // 10
        elif last_unit == 0 and total and not after_zero and section == 0:  # 两万五 = 25000
            digit *= 1000
        section += digit
    return total + section


def cn_int(number: int) -> str:
    """105 → 一百零五, 1000 → 一千, 12 → 十二, 110 → 一百一十 (as articles and counts are cited)."""
    number = int(number)
    if number < 0:
        raise ValueError(f"negative numbers have no Chinese numeral here: {number}")
    if number == 0:
        return "零"
    digits = "零一二三四五六七八九"
    if number >= 100_000_000:
        high, low = divmod(number, 100_000_000)
        return cn_int(high) + "亿" + (_padded(low, 10_000_000) if low else "")
    if number >= 10_000:
        high, low = divmod(number, 10_000)
        return cn_int(high) + "万" + (_padded(low, 1000) if low else "")
    out = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, number = divmod(number, unit)
        if d:
            if zero:
                out.append("零")
                zero = False
            out.append(digits[d] + name)
        elif out:
            zero = True
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text  # 十二, not 一十二


def _padded(number: int, top: int) -> str:
    """The lower group of a big number: 一万零五 (a 零 when the group starts below ``top``)."""
    text = cn_int(number)
    if 10 <= number < 20:
        text = "一" + text  # 一万零一十, not 一万零十
    return "零" + text if number < top else text


def cn_count(number: int) -> str:
    """2 → 两 (两届, 两名); other numbers as ``cn_int``."""
    return "两" if int(number) == 2 else cn_int(number)


def to_fraction(text: str) -> Fraction | None:
    """Any quantity as an exact Fraction: 2/3, ２／３, 三分之二, 百分之六十, 60%, 5‰, 千分之五, 过半数,
    0.5, 一百零五, 3万. None if ``text`` is not one quantity."""
    text = normalize(text.strip())
    if not text:
        return None
    if text in _HALF:
        return _HALF[text]
    if "分之" in text:
        den_text, num_text = text.split("分之", 1)
        if den_text in ("百", "千", "万"):
            den_text = "一" + den_text
        den, num = to_fraction(den_text), to_fraction(num_text)
        if den is None or num is None or den == 0:
            return None
        return num / den
    m = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    if m:
        den = int(m.group(2))
        return Fraction(int(m.group(1)), den) if den else None
    for sign, scale in (("%", 100), ("‰", 1000)):
        if text.endswith(sign):
            base = to_fraction(text[:-1])
            return base / scale if base is not None else None
    if _DECIMAL.fullmatch(text):
        return Fraction(text)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万|亿)", text)
    if m:
        return Fraction(m.group(1)) * _BIG_UNITS[m.group(2)]
    value = to_int(text)
    return Fraction(value) if value is not None else None


def cn_fraction(value: Fraction | float | str) -> str:
    """1/3 → 三分之一, 3/5 → 五分之三, 2 → 二; a denominator of 100 or 1000 as 百分之… / 千分之…."""
    frac = value if isinstance(value, Fraction) else Fraction(str(value)).limit_denominator(1000)
    if frac.denominator == 1:
        return cn_int(frac.numerator)
    return f"{cn_int(frac.denominator)}分之{cn_int(frac.numerator)}".replace("一百分之", "百分之")


def arabic_fraction(value: Fraction | float | str) -> str:
    """1/3 → "1/3", 0.6 → "3/5", 2 → "2": the canonical ASCII spelling used in search tokens."""
    frac = value if isinstance(value, Fraction) else Fraction(str(value)).limit_denominator(1000)
    return str(frac.numerator) if frac.denominator == 1 else f"{frac.numerator}/{frac.denominator}"
