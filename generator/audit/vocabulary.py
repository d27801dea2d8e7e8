"""How charters name bodies and officers, read as the usual forms the audit's rules use.

The vocabulary lives in ``generator/data/charter_vocabulary.yaml``. ``reading(text)`` gives the
text every rule is matched against: traditional characters as simplified ones (OpenCC's
character table, the charter vocabulary's own entries on top), full-width
digits and slashes as ASCII (``kb.numerals.normalize``), and every variant name (执委会, 主席,
本学会 …) as its usual form (理事会, 会长, 本会). ``own_names(text)`` goes the other way: which
word this charter uses for each usual form, so a proposal speaks the charter's language.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml

from kb.errors import XuehuiError
from kb.numerals import cn_int, normalize

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "charter_vocabulary.yaml"


@dataclass(frozen=True)
class Vocabulary:
    characters: dict[int, str]  # str.translate table: traditional → simplified
    terms: tuple[tuple[str, re.Pattern[str]], ...]  # (usual form, variant), longest first
    pattern: re.Pattern[str]  # every variant, one alternation (longest first)
    usual_of: tuple[str, ...]  # group index - 1 → usual form
    drop: re.Pattern[str]  # words read as if absent (options and second names in brackets)
    lookalikes: dict[int, str]  # OCR look-alikes with one sure reading: 亊 → 事, 髙 → 高
    lookalike_words: dict[str, str]  # look-alikes sure only inside a word: 大含 → 大会
    lookalike_word: re.Pattern[str]  # any of lookalike_words
    digit_lookalikes: re.Pattern[str]  # a letter read as a digit: 会员l年不交纳 → 1年
    chapter_title: re.Pattern[str]  # a chapter's title standing alone: 总则, 党的工作


@lru_cache(maxsize=2)
def load_vocabulary(path: Path = DATA_FILE) -> Vocabulary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    characters = _traditional() | {ord(k): v for k, v in (raw.get("characters") or {}).items()}
    lookalikes = {ord(k): v for k, v in (raw.get("lookalikes") or {}).items()}
    words = {k: v for k, v in (raw.get("lookalike_words") or {}).items() if len(k) == len(v)}
    variants: list[tuple[str, str]] = []
    for usual, forms in (raw.get("terms") or {}).items():
        for form in forms:
            try:
                re.compile(form)
            except re.error as err:
                raise XuehuiError(
                    f"词表中“{usual}”的写法“{form}”有误：{err}", where=str(path)
                ) from err
            variants.append((usual, form))
    variants.sort(key=lambda v: -len(re.sub(r"\(\?<?[!=][^)]*\)", "", v[1])))
    pattern = re.compile("|".join(f"({form})" for _usual, form in variants) or "(?!)")
    return Vocabulary(
        characters=characters,
        terms=tuple((u, re.compile(f)) for u, f in variants),
        pattern=pattern,
        usual_of=tuple(u for u, _f in variants),
        drop=re.compile("|".join(raw.get("drop") or []) or "(?!)"),
        lookalikes=lookalikes,
        lookalike_words=words,
        lookalike_word=re.compile("|".join(map(re.escape, words)) or "(?!)"),
        digit_lookalikes=re.compile(raw.get("digit_lookalikes") or "(?!)"),
        chapter_title=re.compile(raw.get("chapter_titles") or "(?!)"),
    )


def _traditional() -> dict[int, str]:
    """OpenCC's traditional → simplified characters (執 → 执, 査 → 查), one for one: the
    first reading where OpenCC gives several (開 → 开), none where the character is also a
    simplified one (覆, 藉)."""
    table = files("opencc") / "dictionary" / "TSCharacters.txt"
    out = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        key, _, targets = line.partition("\t")
        first = targets.split()[0] if targets.split() else key
        if len(key) == 1 and len(first) == 1 and first != key:
            out[ord(key)] = first
    return out


# a share written half in digits (３分之２) reads as the Chinese one (三分之二), same length
_MIXED_SHARE = re.compile(r"(?<!\d)([1-9])分之([1-9])(?!\d)")


def characters(text: str) -> str:
    """Traditional characters, OCR look-alikes and full-width digits as the usual ones, one
    for one (offsets into ``text`` stay valid)."""
    vocabulary = load_vocabulary()
    text = text.translate(vocabulary.characters).translate(vocabulary.lookalikes)
    text = vocabulary.lookalike_word.sub(lambda m: vocabulary.lookalike_words[m.group(0)], text)
    text = normalize(vocabulary.digit_lookalikes.sub("1", text))
    return _MIXED_SHARE.sub(lambda m: f"{cn_int(int(m[1]))}分之{cn_int(int(m[2]))}", text)


def lookalikes(text: str) -> list[str]:
    """The OCR look-alikes ``characters`` reads through, each with a character either side
    (理亊会, l年, 大含): what the report lists so a person can check the original."""
    vocabulary = load_vocabulary()
    found = [(m.start(), m.end()) for m in vocabulary.digit_lookalikes.finditer(text)]
    found += [(i, i + 1) for i, c in enumerate(text) if ord(c) in vocabulary.lookalikes]
    # a word read through whole (三分之— → 三分之一): shown whole
    found += [(m.start(), m.end()) for m in vocabulary.lookalike_word.finditer(text)]
    return [text[max(0, i - 1) : max(end, i + 2)] for i, end in sorted(found)]


# a line break after a character that ends no sentence, before one that starts no item,
# heading or article (a PDF's line ends): 经业务\n主管单位, 决定终止事宜，\n须经到会会员2\n/3以上
BROKEN_LINE = re.compile(
    r"(?<=[\u4e00-\u9fff\d，,、])\n(?=[\u4e00-\u9fff\d/／%])"
    r"(?![一二三四五六七八九十\d]+[、.．]|第[^条\n]{1,6}条|附)"
)


@lru_cache(maxsize=1 << 16)
def reading(text: str) -> str:
    """The text as the rules read it: usual characters, digits and names; HTML leftovers
    decoded; a model's options left in (（或会员代表大会）) read as absent.

    Cached: every fact spec reads the same sentences again (hundreds of times per article),
    which made a long charter take minutes."""
    vocabulary = load_vocabulary()
    # a web page's leftovers (&nbsp;, <br>) read as what they stand for
    text = (
        html.unescape(re.sub(r"<[a-zA-Z/][^<>]{0,40}>", "", text))
        if "&" in text or "<" in text
        else text
    )
    text = vocabulary.drop.sub("", characters(text))
    # a line a PDF broke inside a sentence (经业务\n主管单位审查同意) reads as one line
    text = BROKEN_LINE.sub("", text)
    return vocabulary.pattern.sub(lambda m: vocabulary.usual_of[m.lastindex - 1], text)


def own_names(text: str) -> dict[str, str]:
    """For each usual form the charter writes differently, the charter's most frequent word.

    A charter saying 执委会 throughout gets {理事会: 执委会}; one mixing 本会 and 本学会 keeps
    本会 when 本会 is the more frequent.
    """
    vocabulary = load_vocabulary()
    text = characters(text)
    seen: dict[str, Counter[str]] = {}
    for match in vocabulary.pattern.finditer(text):
        usual = vocabulary.usual_of[match.lastindex - 1]
        seen.setdefault(usual, Counter())[match.group(0)] += 1
    out = {}
    for usual, counts in seen.items():
        word, count = counts.most_common(1)[0]
        if count > len(re.findall(re.escape(usual), text)):
            out[usual] = word
    return out


def in_own_words(text: str, names: dict[str, str]) -> str:
    """A generated text with the usual names replaced by the charter's own (longest first)."""
    if not names:
        return text
    ordered = sorted(names, key=len, reverse=True)
    # 理事 is also the start of 理事长 and 理事会: only the word itself is replaced
    pattern = re.compile(
        "|".join(f"({re.escape(u)}{'(?![长会])' if u.endswith('理事') else ''})" for u in ordered)
    )
    return pattern.sub(lambda m: names[ordered[m.lastindex - 1]], text)
