"""Search quality on graded queries: nDCG@10, recall@10, MRR, empty results, per kind.

Query sets (each a YAML list of {q, kind, rel: {clause_id: grade}}):

* ``queries.yaml`` — the project's own 58 queries, split by a fixed rule written in the file:
  the 3rd, 6th, 9th … query (1-based position ≡ 0 mod 3) is *test*, the others *dev*;
* ``blind_dev.yaml`` / ``blind_test.yaml`` — written by a reviewer who saw only the
  regulations (not the code, not the synonym table or vocabulary). Tuning may look at dev;
  test is run once, after tuning.

The figures that count are the test parts. Per-query detail (``--verbose``) is printed for
the dev parts only, so that running the bench does not show what the test queries miss.

The judgements cover the clauses of the five seed regulations. Other documents (the national
ones, a user's own) are left out of every run — xuehui's and the baseline's — so that the
figures stay comparable as the corpus grows: results are restricted to the documents the
judgements cover.

For calibration each set is also run through the textbook pairing: ``jieba.analyse.
ChineseAnalyzer`` with whoosh's OR parser, one clause per line.

    .venv/bin/python bench/search_quality.py [--verbose] [--no-baseline] [--full-dictionary]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
K = 10
TEST_EVERY = 3  # queries.yaml: position (1-based) divisible by this → test part


def load(name: str) -> list[dict]:
    path = HERE / name
    if not path.is_file():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def query_sets() -> dict[str, list[dict]]:
    own = load("queries.yaml")
    sets = {
        "own dev": [q for i, q in enumerate(own, 1) if i % TEST_EVERY],
        "own test": [q for i, q in enumerate(own, 1) if not i % TEST_EVERY],
        "blind dev": load("blind_dev.yaml"),
        "blind test": load("blind_test.yaml"),
    }
    return {name: qs for name, qs in sets.items() if qs}


def dcg(gains: list[float]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def evaluate(queries: list[dict], run) -> dict:
    per_query = []
    for q in queries:
        rel: dict[str, int] = q["rel"]
        ranked = run(str(q["q"]))[:K]
        gains = [rel.get(cid, 0) for cid in ranked]
        ideal = dcg(sorted(rel.values(), reverse=True)[:K])
        per_query.append(
            {
                "q": str(q["q"]),
                "kind": q["kind"],
                "ndcg": dcg(gains) / ideal if ideal else 0.0,
                "recall": sum(1 for cid in ranked if cid in rel) / len(rel),
                "rr": next((1 / (i + 1) for i, cid in enumerate(ranked) if cid in rel), 0.0),
                "ranked": ranked,
            }
        )
    n = len(per_query)
    return {
        "ndcg": sum(p["ndcg"] for p in per_query) / n,
        "recall": sum(p["recall"] for p in per_query) / n,
        "mrr": sum(p["rr"] for p in per_query) / n,
        "empty": [p["q"] for p in per_query if not p["ranked"]],
        "per_query": per_query,
    }


def xuehui_run(documents: list[str], full_dictionary: bool):
    import kb
    from kb import analysis, index
    from kb.lookup import search_index

    if full_dictionary:  # keep every jieba word: no compact dictionary
        analysis.COMMON_WORD_FREQ = 0
    ix = index.open_index(kb.load_corpus(), rebuild=True)
    doc = ",".join(documents)
    return lambda q: [h.clause_id for h in search_index(ix, q, limit=K, doc=doc)]


def baseline_run(documents: list[str]):
    """The textbook pairing: stock ChineseAnalyzer, OR parser, one clause per line."""
    from jieba.analyse import ChineseAnalyzer
    from whoosh import fields, qparser
    from whoosh import index as windex

    import kb

    schema = fields.Schema(cid=fields.ID(stored=True), text=fields.TEXT(analyzer=ChineseAnalyzer()))
    folder = tempfile.mkdtemp(prefix="xuehui-baseline-")
    ix = windex.create_in(folder, schema)
    writer = ix.writer()
    for clause in kb.load_corpus().clauses():
        if clause.doc_id in documents:
            writer.add_document(cid=clause.id, text=clause.text)
    writer.commit()
    parser = qparser.QueryParser("text", schema, group=qparser.OrGroup)
    searcher = ix.searcher()

    def run(q: str) -> list[str]:
        return [r["cid"] for r in searcher.search(parser.parse(q), limit=K)]

    return run


def report(name: str, result: dict, verbose: bool) -> None:
    n = len(result["per_query"])
    print(
        f"  {name:<10} nDCG@10 {result['ndcg']:.3f}   recall@10 {result['recall']:.3f}   "
        f"MRR {result['mrr']:.3f}   empty results {len(result['empty'])}/{n}"
    )
    kinds = sorted({p["kind"] for p in result["per_query"]})
    by_kind = []
    for kind in kinds:
        values = [p["ndcg"] for p in result["per_query"] if p["kind"] == kind]
        by_kind.append(f"{kind} {sum(values) / len(values):.2f} ({len(values)})")
    print(f"  {'':<10} by kind: {', '.join(by_kind)}")
    if verbose:
        for p in sorted(result["per_query"], key=lambda p: p["ndcg"]):
            print(f"     {p['ndcg']:.2f} [{p['kind']}] {p['q']}  → {', '.join(p['ranked'][:3])}")
        if result["empty"]:
            print("     no result:", "、".join(result["empty"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full-dictionary", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true", help="per-query detail (dev only)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--only", help="run only the sets whose name contains this (e.g. dev)")
    args = parser.parse_args()
    os.environ["XUEHUI_HOME"] = tempfile.mkdtemp(prefix="xuehui-bench-")

    import kb

    sets = query_sets()
    if args.only:
        sets = {name: qs for name, qs in sets.items() if args.only in name}
    known = {c.id for c in kb.load_corpus().clauses()}
    documents: set[str] = set()
    for name, qs in sets.items():
        for q in qs:
            missing = [cid for cid in q["rel"] if cid not in known]
            if missing:
                raise SystemExit(f"{name}: {q['q']}: unknown clause ids {missing}")
            documents.update(cid.split("/", 1)[0] for cid in q["rel"])
    judged = sorted(documents)
    print(f"Results restricted to the judged documents: {', '.join(judged)}")
    runs = {"xuehui": xuehui_run(judged, args.full_dictionary)}
    if not args.no_baseline:
        runs["baseline (ChineseAnalyzer + OR)"] = baseline_run(judged)
    for system, run in runs.items():
        print(f"\n{system}")
        for name, qs in sets.items():
            report(name, evaluate(qs, run), args.verbose and name.endswith("dev"))


if __name__ == "__main__":
    main()
