"""Search quality on graded queries (bench/queries.yaml): nDCG@10, recall@10, MRR.

Prints the figures for xuehui's ranked search and, for calibration, for the textbook pairing
the issue describes: ``jieba.analyse.ChineseAnalyzer`` with whoosh's OR parser, one clause per
line. Also counts the natural-language queries that return nothing.

    .venv/bin/python bench/search_quality.py [--full-dictionary] [--verbose]

``--full-dictionary`` indexes and queries with jieba's full dictionary instead of the compact
one, to measure what the fast start costs in quality.
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


def load_queries() -> list[dict]:
    return yaml.safe_load((HERE / "queries.yaml").read_text(encoding="utf-8"))


def dcg(gains: list[float]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def evaluate(queries: list[dict], run) -> dict:
    ndcgs, recalls, rrs, empty_natural, per_query = [], [], [], [], []
    for q in queries:
        rel: dict[str, int] = q["rel"]
        ranked = run(q["q"])[:K]
        gains = [rel.get(cid, 0) for cid in ranked]
        ideal = dcg(sorted(rel.values(), reverse=True)[:K])
        ndcg = dcg(gains) / ideal if ideal else 0.0
        recall = sum(1 for cid in ranked if cid in rel) / len(rel)
        rr = next((1 / (i + 1) for i, cid in enumerate(ranked) if cid in rel), 0.0)
        ndcgs.append(ndcg)
        recalls.append(recall)
        rrs.append(rr)
        if q["kind"] in ("natural", "cross") and not ranked:
            empty_natural.append(q["q"])
        per_query.append((q["q"], q["kind"], ndcg, ranked))
    n = len(queries)
    return {
        "ndcg": sum(ndcgs) / n,
        "recall": sum(recalls) / n,
        "mrr": sum(rrs) / n,
        "empty_natural": empty_natural,
        "per_query": per_query,
    }


def xuehui_run(full_dictionary: bool):
    import kb
    from kb import analysis, index
    from kb.lookup import search_index

    if full_dictionary:  # keep every jieba word: no compact dictionary
        analysis.COMMON_WORD_FREQ = 0
    corpus = kb.load_corpus()
    ix = index.open_index(corpus, rebuild=True)
    return lambda q: [h.clause_id for h in search_index(ix, q, limit=K)]


def baseline_run():
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
        writer.add_document(cid=clause.id, text=clause.text)
    writer.commit()
    parser = qparser.QueryParser("text", schema, group=qparser.OrGroup)
    searcher = ix.searcher()

    def run(q: str) -> list[str]:
        return [r["cid"] for r in searcher.search(parser.parse(q), limit=K)]

    return run


def report(name: str, result: dict, verbose: bool) -> None:
    print(
        f"{name:<28} nDCG@10 {result['ndcg']:.3f}   recall@10 {result['recall']:.3f}   "
        f"MRR {result['mrr']:.3f}   natural queries with no result: "
        f"{len(result['empty_natural'])}"
    )
    kinds = sorted({kind for _, kind, _, _ in result["per_query"]})
    by_kind = []
    for kind in kinds:
        values = [n for _, k, n, _ in result["per_query"] if k == kind]
        by_kind.append(f"{kind} {sum(values) / len(values):.2f}")
    print(f"{'':<28} nDCG@10 by kind: {', '.join(by_kind)}")
    if verbose:
        for q, kind, ndcg, ranked in sorted(result["per_query"], key=lambda x: x[2]):
            print(f"   {ndcg:.2f} [{kind}] {q}  → {', '.join(ranked[:3])}")
        if result["empty_natural"]:
            print("   no result:", "、".join(result["empty_natural"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full-dictionary", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    os.environ["XUEHUI_HOME"] = tempfile.mkdtemp(prefix="xuehui-bench-")

    import kb

    queries = load_queries()
    known = {c.id for c in kb.load_corpus().clauses()}
    for q in queries:
        missing = [cid for cid in q["rel"] if cid not in known]
        if missing:
            raise SystemExit(f"queries.yaml: {q['q']}: unknown clause ids {missing}")
    kinds = sorted({q["kind"] for q in queries})
    counts = ", ".join(f"{k} {sum(q['kind'] == k for q in queries)}" for k in kinds)
    print(f"{len(queries)} queries ({counts})")
    name = "xuehui (full dictionary)" if args.full_dictionary else "xuehui"
    report(name, evaluate(queries, xuehui_run(args.full_dictionary)), args.verbose)
    if not args.no_baseline:
        report("baseline ChineseAnalyzer+OR", evaluate(queries, baseline_run()), False)


if __name__ == "__main__":
    main()
