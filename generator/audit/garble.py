"""Stray characters left inside words by OCR or a broken conversion (须桫如官经到会).

Regular expressions catch the junk that looks like junk (``damage`` in
charter_consistency.yaml). A rare character inside ordinary words does not: 桫 and 睒 are
real characters. What gives them away is that they make no word with their neighbours. The
word list is jieba's dictionary (already the search's), so a chemistry society's 羰基 or 氡
stays unflagged while 会员代表大斠会 is.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from generator.audit.vocabulary import characters

RARE = 30  # summed dictionary frequency under which a character is rare (铑 35, 桫 29)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CAPITAL_NUMERALS = set("零壹贰叁肆伍陆柒捌玖拾佰仟")  # 会费贰佰元: amounts written out


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], Counter[str]]:
    """jieba's words with their frequencies, and each character's summed frequency."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    words = {w: f for w, f in jieba.dt.FREQ.items() if f}
    chars: Counter[str] = Counter()
    for word, freq in words.items():
        for char in set(word):
            chars[char] += freq
    return words, chars


def rare(char: str) -> bool:
    """A character the dictionary hardly knows (桫, 睒, but also 滘 of a place name)."""
    return _dictionary()[1].get(char, 0) < RARE and char not in _CAPITAL_NUMERALS


def garbled(text: str) -> list[str]:
    """Each rare character that forms no dictionary word with its neighbours, shown with the
    two characters either side (``须桫如官经``)."""
    words, _chars = _dictionary()
    text = characters(text)  # 會 is 会 written the old way, not junk
    out = []
    for match in _CJK.finditer(text):
        i, char = match.start(), match.group(0)
        if not rare(char):
            continue
        if sum(rare(c) for c in _CJK.findall(text[max(0, i - 6) : i + 7])) > 1:
            continue  # a passage in traditional characters, or a technical one: not junk
        around = [text[a:b] for a in range(max(0, i - 2), i + 1) for b in range(i + 1, i + 4)]
        if any(len(w) > 1 and w in words for w in around):
            continue
        out.append(text[max(0, i - 2) : i + 3])
    return out
