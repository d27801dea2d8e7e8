"""The one numerals module: reading and writing numbers as legal Chinese does."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb import numerals
from kb.segmentation import segment


@given(st.integers(min_value=0, max_value=10_000))
def test_chinese_numerals_round_trip(n):
    assert numerals.to_int(numerals.cn_int(n)) == n


@given(st.integers(min_value=10_001, max_value=10**9))
def test_large_numerals_round_trip(n):
    assert numerals.to_int(numerals.cn_int(n)) == n


@given(st.integers(min_value=1, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_fractions_round_trip_in_every_notation(den, num):
    frac = Fraction(num, den)
    assert numerals.to_fraction(numerals.cn_fraction(frac)) == frac
    assert numerals.to_fraction(numerals.arabic_fraction(frac)) == frac
    assert numerals.to_fraction(f"{numerals.cn_int(den)}分之{numerals.cn_int(num)}") == frac
    wide = f"{num}/{den}".translate(str.maketrans("0123456789/", "０１２３４５６７８９／"))
    assert numerals.to_fraction(wide) == frac


@given(st.integers(min_value=0, max_value=1000))
def test_percent_and_permille_round_trip(n):
    assert numerals.to_fraction(f"{n}%") == Fraction(n, 100)
    assert numerals.to_fraction(f"百分之{numerals.cn_int(n)}") == Fraction(n, 100)
    assert numerals.to_fraction(f"{n}‰") == Fraction(n, 1000)
    assert numerals.to_fraction(f"千分之{numerals.cn_int(n)}") == Fraction(n, 1000)
    assert numerals.to_fraction(f"{n}％") == Fraction(n, 100)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百零五", 105),  # three parsers used to disagree: 105 / None / 105
        ("一千", 1000),  # one of them raised KeyError
        ("一千零一", 1001),
        ("一百五", 150),
        ("两万五", 25000),
        ("十", 10),
        ("十二", 12),
        ("七十", 70),
        ("１０５", 105),
        ("3万", 30000),
        ("零", 0),
        ("伍", 5),  # capital numerals: 每届伍年, 会费贰佰元
        ("贰佰", 200),
        ("壹仟伍佰", 1500),
    ],
)
def test_reads_numerals(text, value):
    assert numerals.to_int(text) == value


@pytest.mark.parametrize(
    "text", ["三三三一", "十三五", "二〇一八", "万", "一零五", "", "三个", "abc"]
)
def test_names_and_digit_strings_are_not_numbers(text):
    assert numerals.to_int(text) is None


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (10, "十"),
        (12, "十二"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1010, "一千零一十"),
        (10005, "一万零五"),
    ],
)
def test_writes_numerals_as_citations_do(number, text):
    assert numerals.cn_int(number) == text


def test_half_and_majority_words():
    assert numerals.to_fraction("过半数") == Fraction(1, 2)
    assert numerals.to_fraction("半数") == Fraction(1, 2)


def test_normalize_keeps_offsets():
    text = "（１）２／３以上，６０％"
    assert len(numerals.normalize(text)) == len(text)
    assert numerals.normalize(text) == "（1）2/3以上,60%"


def test_article_105_is_cited_the_same_everywhere():
    """Segmentation reads 第一百零五条 as 105, and every writer spells 105 the same way."""
    body = "\n".join(f"第{numerals.cn_int(n)}条　内容{n}。" for n in range(1, 1002))
    clauses = segment("t", "测试", body)
    articles = [c for c in clauses if c.id.startswith("t/art_")]
    assert len(articles) == 1001
    assert any(c.id == "t/art_105" for c in articles)
    assert any(c.id == "t/art_1000" for c in articles)


def test_charter_facts_read_large_numerals():
    """一千人 used to yield nothing (a KeyError swallowed in the charter facts)."""
    from generator.audit.facts import parse_number

    assert parse_number("一千") == 1000
    assert parse_number("一百零五") == 105


def test_a_run_of_chinese_digits_reads_digit_by_digit():
    assert numerals.digit_string("二〇") == 20 and numerals.digit_string("一〇五") == 105
    assert numerals.digit_string("二〇二〇") == 2020 and numerals.digit_string("二十") is None
