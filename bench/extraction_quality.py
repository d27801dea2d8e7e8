"""How well `xuehui provisions extract` finds the hand-coded provisions (kb/data/provisions.yaml).

Run: ``python bench/extraction_quality.py [--misses]``

Gold is every hand-coded provision of a document; extraction runs on the same clauses. The
extraction vocabulary was tuned only on the ``DEV`` documents; two seed documents are held out
(``HELD_OUT``) and any other document with hand-coded provisions (the national ones) was never
looked at either. ``--misses`` prints details for the dev documents only, never for the others —
their figures are printed as totals.

A gold provision is *found* when a candidate of the same clause states it:
- quantitative gold (a number, ratio or range compared with <=, >=, ==, between …): a
  quantitative candidate with the same value (either end of a range counts);
- any other gold: a candidate whose verbatim quote shares at least 6 consecutive characters
  with the gold quote (or contains it, for shorter quotes).
A candidate is *correct* when it matches some gold provision by the same test. Subject and
modality agreement are reported over the found quantitative provisions.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kb  # noqa: E402
from kb.extraction import QUANTITATIVE_KINDS, Candidate, extract  # noqa: E402
from kb.provisions import Provision, load_builtin_provisions  # noqa: E402

DEV = ("henan-2018", "fengxian-2019", "jiangsu-2016")
HELD_OUT = ("tianjin-2017", "guangdong-2023")
NUMERIC_OPERATORS = ("<=", "<", ">=", ">", "==", "between")
MIN_OVERLAP = 6


def is_quantitative(p: Provision) -> bool:
    if p.operator not in NUMERIC_OPERATORS:
        return False
    values = p.value if isinstance(p.value, list) else [p.value]
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _numbers(value) -> list[float]:
    values = value if isinstance(value, list) else [value]
    return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]


def _values_agree(a, b) -> bool:
    return any(abs(x - y) <= 5e-4 for x in _numbers(a) for y in _numbers(b))


def _overlap(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    need = min(MIN_OVERLAP, len(short))
    return any(short[i : i + need] in long_ for i in range(len(short) - need + 1))


def matches(c: Candidate, g: Provision) -> bool:
    if c.clause_id != g.clause_id:
        return False
    quantitative = c.kind in QUANTITATIVE_KINDS
    if is_quantitative(g):
        return quantitative and _values_agree(c.value, g.value)
    return not quantitative and _overlap(c.quote, g.quote)


def evaluate(doc_ids: list[str], corpus, gold: dict[str, list[Provision]]) -> dict:
    found = total = found_q = total_q = 0
    correct = cands = correct_q = cands_q = 0
    same_subject = same_modality = 0
    misses: list[tuple[Provision, list[Candidate]]] = []
    for doc_id in doc_ids:
        candidates = extract(corpus.document(doc_id))
        golds = gold.get(doc_id, [])
        for g in golds:
            hits = [c for c in candidates if matches(c, g)]
            total += 1
            found += bool(hits)
            if is_quantitative(g):
                total_q += 1
                found_q += bool(hits)
                if hits:
                    same_subject += any(c.subject == g.subject for c in hits)
                    same_modality += any(c.modality == g.modality for c in hits)
            if not hits:
                misses.append((g, [c for c in candidates if c.clause_id == g.clause_id]))
        for c in candidates:
            ok = any(matches(c, g) for g in golds)
            cands += 1
            correct += ok
            if c.kind in QUANTITATIVE_KINDS:
                cands_q += 1
                correct_q += ok
    return {
        "documents": doc_ids,
        "gold": total,
        "gold_quantitative": total_q,
        "recall": found / total if total else 0.0,
        "recall_quantitative": found_q / total_q if total_q else 0.0,
        "candidates": cands,
        "precision": correct / cands if cands else 0.0,
        "candidates_quantitative": cands_q,
        "precision_quantitative": correct_q / cands_q if cands_q else 0.0,
        "subject_agreement_quantitative": same_subject / found_q if found_q else 0.0,
        "modality_agreement_quantitative": same_modality / found_q if found_q else 0.0,
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list missed gold (dev only)")
    args = parser.parse_args()
    corpus = kb.load_corpus()
    gold: dict[str, list[Provision]] = defaultdict(list)
    for p in load_builtin_provisions():
        gold[p.doc_id].append(p)
    dev = [d for d in DEV if d in corpus]
    held = [d for d in HELD_OUT if d in corpus]
    unseen = [d for d in gold if d not in DEV + HELD_OUT and d in corpus]
    print("extraction quality vs hand-coded provisions")
    groups = [("dev (tuned on)", dev), ("held-out seeds", held), ("unseen (not tuned on)", unseen)]
    for name, ids in groups:
        if not ids:
            continue
        r = evaluate(ids, corpus, gold)
        print(f"\n== {name}: {', '.join(ids)}")
        print(f"  recall, quantitative: {r['recall_quantitative']:.1%} of {r['gold_quantitative']}")
        print(f"  recall, all:          {r['recall']:.1%} of {r['gold']}")
        print(
            f"  precision, quantitative candidates: {r['precision_quantitative']:.1%}"
            f" of {r['candidates_quantitative']}"
        )
        print(f"  precision, all candidates:          {r['precision']:.1%} of {r['candidates']}")
        print(
            f"  subject / modality agreement on found quantitative: "
            f"{r['subject_agreement_quantitative']:.1%} / "
            f"{r['modality_agreement_quantitative']:.1%}"
        )
        if args.misses and name.startswith("dev"):
            for g, near in r["misses"]:
                print(f"  MISS {g.id} {g.subject} {g.operator} {g.value!r} | {g.quote}")
                for c in near:
                    print(f"      near {c.kind} {c.operator} {c.value!r} | {c.quote}")


if __name__ == "__main__":
    main()
