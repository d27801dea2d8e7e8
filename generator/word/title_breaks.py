"""Where to break a long document title, as GB/T 9704 asks: words whole, lines balanced.

A title that does not fit on one line is set on several centred lines "keeping words whole,
the lines balanced (梯形或菱形)". Word and LibreOffice would simply fill the first line and
leave a short tail, often splitting a word or a 《书名》. Here the title is cut into words
with jieba (through ``kb.analysis``, which also knows the corpus's legal terms), and the
breaks are chosen among word boundaries to make the lines as even as possible, never
before closing punctuation or after opening punctuation, and avoiding breaks inside
《》 or （） unless there is no other way.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

_OPENING = set("《（(「『“‘〔[")
_CLOSING = set("》）)」』”’〕]，。、；：！？,.;:!?")
_INSIDE_PENALTY = 30.0
# A document title runs to 2–4 lines; beyond this many the text is not a title (and the
# search below, linear in lines × break points × points per line, is not worth running).
MAX_LINES = 12


def char_width(text: str) -> float:
    """Width in 字: half-width characters count one half."""
    return sum(0.5 if unicodedata.east_asian_width(c) in ("Na", "H", "N") else 1 for c in text)


@lru_cache(maxsize=1)
def _segmenter():
    from kb.analysis import Segmenter

    return Segmenter()


@lru_cache(maxsize=256)
def title_lines(title: str, max_chars: float) -> tuple[str, ...]:
    """``title`` split into balanced lines of at most ``max_chars`` 字 (one line if it fits)."""
    total = char_width(title)
    if total <= max_chars or len(title) < 2:
        return (title,)
    count = math.ceil(total / max_chars)
    target = total / count
    if count > MAX_LINES:  # not a title any more: no balancing worth its cost
        return (title,)
    bounds = _boundaries(title)
    points = [0, *sorted(bounds), len(title)]
    # width of title[:points[j]], so a line's width is one subtraction
    prefix = [0.0]
    for a, b in zip(points, points[1:], strict=False):
        prefix.append(prefix[-1] + char_width(title[a:b]))
    # best[k][j]: cheapest split of title[:points[j]] into k lines (cost, previous index)
    inf = (math.inf, -1)
    best = [[inf] * len(points) for _ in range(count + 1)]
    best[0][0] = (0.0, -1)
    for k in range(1, count + 1):
        for j in range(1, len(points)):
            for i in range(j - 1, -1, -1):  # lines ending at j, shortest first
                width = prefix[j] - prefix[i]
                if width > max_chars:
                    break  # every earlier start makes the line wider still
                if best[k - 1][i][0] == math.inf:
                    continue
                cost = best[k - 1][i][0] + (width - target) ** 2
                if j < len(points) - 1:
                    cost += bounds[points[j]]
                if cost < best[k][j][0]:
                    best[k][j] = (cost, i)
    if best[count][-1][0] == math.inf:
        return (title,)
    lines, j = [], len(points) - 1
    for k in range(count, 0, -1):
        i = best[k][j][1]
        lines.append(title[points[i] : points[j]])
        j = i
    return tuple(reversed(lines))


def _boundaries(title: str) -> dict[int, float]:
    """Allowed break positions (character offsets) → penalty for breaking there."""
    depth = []
    level = 0
    for char in title:
        if char in "《（(":
            level += 1
        elif char in "》）)" and level:
            level -= 1
        depth.append(level)
    bounds: dict[int, float] = {}
    for _word, start, _end in _segmenter().cut(title):
        if start == 0 or title[start] in _CLOSING or title[start - 1] in _OPENING:
            continue
        inside = depth[start - 1] > 0 and title[start - 1] not in "》）)"
        bounds[start] = _INSIDE_PENALTY if inside else 0.0
    return bounds
