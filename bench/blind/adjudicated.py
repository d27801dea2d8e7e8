"""Adjudicated precision and recall of a sealed round, from the packet's key and the verdicts.

The bench counts an audit item as correct only when it matches an expected finding. Items on
which the audit and the lawyers disagreed go to a third lawyer, blind to their source
(packet.py); this script recomputes the figures with the verdicts:

- precision adds the audit's unmatched items judged true;
- recall drops missed expected findings judged false, counts a missed expected finding judged
  the same defect as a true audit item (``same_as``, either way round) as found, and counts an
  audit item judged true that is no expected finding and no duplicate of another audit item
  as one more defect, found.

    python3 bench/blind/adjudicated.py KEY.json VERDICTS.yaml REPORTED CORRECT GOLD FOUND
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def figures(key: dict, verdicts: dict, reported: int, correct: int, gold: int, found: int):
    """(precision numerator, reported, recall numerator, recall denominator)."""
    true = {k for k, v in verdicts.items() if v.get("verdict") is True}
    pairs: dict[str, set[str]] = {k: set() for k in key}
    for k, v in verdicts.items():
        other = v.get("same_as")
        if other in key and k in key:
            pairs[k].add(other)
            pairs[other].add(k)
    tool = [k for k in key if key[k]["source"] == "tool"]
    missed = [k for k in key if key[k]["source"] == "gold"]
    precision = correct + sum(k in true for k in tool)
    gold_true = gold - sum(k not in true for k in missed)
    found_gold = {g for g in missed if g in true and any(t in true for t in pairs[g] if t in tool)}
    new = 0
    seen: set[str] = set()
    for t in tool:
        if t not in true or pairs[t] & set(missed):
            continue
        if pairs[t] & seen:  # the same defect as an audit item already counted
            continue
        seen.add(t)
        new += 1
    return precision, reported, found + len(found_gold) + new, gold_true + new


def main() -> None:
    key = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    verdicts = yaml.safe_load(Path(sys.argv[2]).read_text(encoding="utf-8"))
    missing = sorted(set(key) - set(verdicts))
    if missing:
        sys.exit(f"no verdict for {', '.join(missing)}")
    p, r, f, g = figures(key, verdicts, *(int(x) for x in sys.argv[3:7]))
    print(f"precision {p / r:.3f} ({p}/{r})  recall {f / g:.3f} ({f}/{g})")


if __name__ == "__main__":
    main()
