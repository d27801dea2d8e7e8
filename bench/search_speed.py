"""Search speed, as ratios measured in one run on this machine.

1. Cold start: a fresh ``xuehui search`` process (index already built) ÷ a fresh
   ``python -c "import jieba; jieba.initialize()"`` (jieba's own dictionary cache warm).
   Aim ≤ 0.5.
2. Warm queries: p50/p95 latency of ranked and exact queries in one process, on the seed
   corpus and on a synthetic corpus of N documents (default 10,000) made of shuffled real
   clauses. Aim p95 ≤ 50 ms at 10,000 documents.
3. Index build time for the synthetic corpus.

    .venv/bin/python bench/search_speed.py [--documents 10000] [--clauses-per-doc 12]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
XUEHUI = [PYTHON, "-m", "xuehui"]


def run_cold(cmd: list[str], env: dict, repeat: int) -> float:
    """Median wall time of a fresh process running ``cmd``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def queries() -> list[str]:
    return [str(q["q"]) for q in yaml.safe_load((HERE / "queries.yaml").read_text("utf-8"))]


def time_queries(index, qs: list[str], rounds: int) -> dict[str, list[float]]:
    from kb.lookup import search_index

    for q in qs:  # warm-up: the first use of each posting list reads it from disk
        search_index(index, q)
    ranked, exact = [], []
    phrases = [q for q in qs if len(q) <= 6]
    for _ in range(rounds):
        for q in qs:
            started = time.perf_counter()
            search_index(index, q, limit=10)
            ranked.append(time.perf_counter() - started)
        for q in phrases:
            started = time.perf_counter()
            search_index(index, q, limit=10, exact=True)
            exact.append(time.perf_counter() - started)
    return {"ranked": ranked, "exact": exact}


def synthetic_corpus(n_docs: int, per_doc: int, seed: int = 7):
    """``n_docs`` documents, each a shuffled handful of real body clauses."""
    import kb
    from kb.corpus import Corpus, Document, DocumentMeta

    rng = random.Random(seed)
    pool = [
        c.text
        for c in kb.load_corpus().clauses()
        if not c.kind.startswith(("front_", "notice_", "end_")) and len(c.text) > 8
    ]
    regions = [
        ("410000", "provincial"),
        ("310120", "county"),
        ("440000", "provincial"),
        ("320000", "provincial"),
        ("120000", "provincial"),
        ("100000", "national"),
    ]
    documents = []
    for i in range(n_docs):
        code, level = regions[i % len(regions)]
        meta = DocumentMeta(
            id=f"syn-{i:05d}",
            title=f"合成测试文件第{i}号",
            region_code=code,
            level=level,
            date_issued=f"{2010 + i % 15}-01-01",
        )
        body = "\n".join(rng.sample(pool, per_doc)) + "\n"
        documents.append(Document(meta=meta, body=body, builtin=False))
    return Corpus(documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--clauses-per-doc", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="xuehui-speed-"))
    os.environ["XUEHUI_HOME"] = str(home)
    env = dict(os.environ, XUEHUI_HOME=str(home), PYTHONPATH=str(ROOT))

    # 1. cold start ------------------------------------------------------------------
    subprocess.run(XUEHUI + ["index"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [PYTHON, "-c", "import jieba; jieba.initialize()"],
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )  # jieba's own cache file exists from here on
    jieba_s = run_cold([PYTHON, "-c", "import jieba; jieba.initialize()"], env, args.repeat)
    python_s = run_cold([PYTHON, "-c", "pass"], env, args.repeat)
    search_s = run_cold(XUEHUI + ["search", "理事会最多多少人"], env, args.repeat)
    # `xuehui docs` loads the CLI and the corpus but no search machinery
    docs_s = run_cold(XUEHUI + ["docs", "--json"], env, args.repeat)
    print("Cold start (median of", args.repeat, "fresh processes)")
    print(f"  python -c pass                          {python_s * 1000:7.0f} ms")
    print(f"  python -c 'import jieba; initialize()'  {jieba_s * 1000:7.0f} ms")
    print(f"  xuehui docs --json                      {docs_s * 1000:7.0f} ms")
    print(f"  xuehui search 理事会最多多少人          {search_s * 1000:7.0f} ms")
    print(f"  ratio search ÷ jieba                    {search_s / jieba_s:7.2f}   (aim ≤ 0.5)")
    print(
        f"  search's own share (search − docs)      {(search_s - docs_s) * 1000:7.0f} ms"
        f"   = {(search_s - docs_s) / jieba_s:.2f} of jieba; the rest is the CLI's start"
    )

    # 2. warm queries on the seed corpus ---------------------------------------------
    import kb
    from kb.index import ClauseIndex, Manifest, build, open_index

    qs = queries()
    seed_index = open_index(kb.load_corpus)
    seed = time_queries(seed_index, qs, args.rounds)
    print(
        f"\nWarm queries, seed corpus ({seed_index.manifest.clauses} clauses, "
        f"{len(qs)} queries × {args.rounds})"
    )
    for kind, values in seed.items():
        print(
            f"  {kind:<7} p50 {percentile(values, 0.5) * 1000:6.1f} ms   "
            f"p95 {percentile(values, 0.95) * 1000:6.1f} ms"
        )

    # 3. synthetic corpus: build time and warm queries ----------------------------------
    started = time.perf_counter()
    corpus = synthetic_corpus(args.documents, args.clauses_per_doc)
    made = time.perf_counter() - started
    n_clauses = sum(len(d.clauses) for d in corpus)
    target = home / "synthetic"
    info = build(corpus, target)
    manifest = Manifest(
        build="synthetic",
        fingerprint="",
        content_key="",
        clauses=info["clauses"],
        documents=info["documents"],
        built_at=time.time(),
        build_seconds=info["build_seconds"],
    )
    big = ClauseIndex(target, manifest)
    print(
        f"\nSynthetic corpus: {args.documents} documents, {n_clauses} clauses "
        f"(segmented in {made:.1f} s)"
    )
    print(f"  index build                             {info['build_seconds']:7.1f} s")
    synthetic = time_queries(big, qs, args.rounds)
    for kind, values in synthetic.items():
        print(
            f"  {kind:<7} p50 {percentile(values, 0.5) * 1000:6.1f} ms   "
            f"p95 {percentile(values, 0.95) * 1000:6.1f} ms   (aim p95 ≤ 50 ms)"
        )
    big.close()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
