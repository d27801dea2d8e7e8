"""Ranked search: retrieve with every concept of the question, order by BM25F × coverage.

Recall first: a clause matching any concept of the question — in its words, its heading or
its context (the headings and lead-ins above it) — is a candidate; none is left out because
it matches only the commoner words. The order is the BM25F score times the share of the
question's concepts the clause covers (rare concepts count more), so a clause answering the
whole question beats one repeating a single word. A concept covered only by the context
counts a little less than one in the clause itself, and bare headings and front matter
(titles, 一、指导思想) yield to the clauses that say something.

When no word of a question is in the corpus but characters are, the clauses sharing the
most characters are returned, marked ``matched="characters"`` so the user is told.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kb.errors import QueryError
from kb.exact import contains, exact_highlights
from kb.hits import Hit, highlights, make_hit
from kb.numbers import canonical_numbers
from kb.query import Concept, concepts, parse
from kb.retrieval import character_query, concept_query, concept_terms, substring_query

if TYPE_CHECKING:
    from kb.index import ClauseIndex

FRONT_PENALTY = 0.5  # front matter and bare headings, on top of their index-time boost
CONTEXT_CREDIT = 0.8  # a concept met only in the clause's context covers it this much
COVERAGE_POWER = 2.0  # how strongly a clause missing part of the question falls back
POSTING_BUDGET = 600  # clauses whoosh may score per query, about; see above
MIN_RETRIEVING = 2  # the rarest concepts always retrieve, whatever the budget …
COMMON_SHARE = 0.2  # … unless in more than this share of the clauses (then only the rarest)
POOL = 30  # candidates re-ranked by coverage at least (more when more are wanted)
# A question about every region's rules (各地对……有什么规定) wants each document's answer.
ACROSS = (
    "各地",
    "各省",
    "各市",
    "哪些地方",
    "哪些省",
    "哪些地区",
    "各个地方",
    "不同地方",
    "各地区",
)
INHERIT = 0.8  # an item found only through its heading follows the heading at this share


def search_ranked(
    index: ClauseIndex, query: str, limit: int | None = 10, filter_q=None
) -> list[Hit]:
    from whoosh import query as Q

    parsed = parse(query)
    seg = index.segmenter
    searcher = index.searcher
    n_docs = max(1, index.manifest.clauses)

    def known(word: str) -> bool:
        return searcher.doc_frequency("text", word.lower()) > 0

    dfs: dict[int, int] = {}

    def df(concept: Concept) -> int:
        """Clauses having the concept's commonest form (an estimate of its postings)."""
        if id(concept) not in dfs:
            terms = [
                *concept.numbers,
                *concept.groups,
                *(a.lower() for a, _ in concept.alternatives if a not in concept.parts),
            ]
            dfs[id(concept)] = max((searcher.doc_frequency("text", t) for t in terms), default=0)
        return dfs[id(concept)]

    group_queries = []
    all_concepts: list[Concept] = []
    phrases: list[str] = []
    for group in parsed.groups:
        required, optional = [], []
        for part in group:
            cs = concepts(seg, part.text, known)
            if part.phrase:
                phrases.append(part.text)
                required.append(substring_query(_fold(part.text)))
            elif len(group) > 1 and cs:  # an AND operand must be matched as a whole
                required.append(Q.Or([concept_query(seg, c, known) for c in cs]))
            all_concepts.extend(cs)
            optional.extend(cs)
        # Recall first: every concept retrieves, rarest first, as long as the postings
        # whoosh must score stay within a budget (on a society's corpus of some dozen
        # regulations that is every concept of almost any question; on a corpus of
        # thousands only the rarer ones retrieve, and the rest still rank through
        # coverage). One flat OR of all their terms: whoosh scores that much faster than
        # nested groups.
        retrieving, postings = [], 0
        for c in sorted(optional, key=df):
            if retrieving and df(c) > COMMON_SHARE * n_docs:
                break  # 学会 in most clauses: finding them all would say nothing
            within = postings + df(c) <= POSTING_BUDGET
            if len(retrieving) >= MIN_RETRIEVING and not within:
                break
            retrieving.append([c, within, False])  # over the budget: text only
            postings += df(c)
        for item in retrieving:  # parts of long words (专职化 in 秘书长专职化), if still in budget
            c, within = item[0], item[1]
            extra = sum(searcher.doc_frequency("text", p.lower()) for p in c.parts)
            if within and postings + extra <= POSTING_BUDGET:
                item[2] = True
                postings += extra
        terms = [
            t
            for c, within, parts in retrieving
            for t in concept_terms(seg, c, known, within, parts)
        ]
        scoring = Q.Or(terms) if terms else None
        if required:
            must = required[0] if len(required) == 1 else Q.And(required)
            group_queries.append(Q.AndMaybe(must, scoring) if scoring else must)
        elif scoring is not None:
            group_queries.append(scoring)
    if not group_queries:
        raise QueryError("查询中没有可检索的词语")
    top = group_queries[0] if len(group_queries) == 1 else Q.Or(group_queries)
    for part in parsed.excluded:
        if not part.phrase:  # NOT "phrase" is checked on the text below
            cs = concepts(seg, part.text, known)
            if cs:
                top = Q.AndNot(top, Q.Or([concept_query(seg, c, known) for c in cs]))
    banned = [p.text for p in parsed.excluded if p.phrase]
    required_phrases = [p for p in phrases if parsed.required_phrase(p)]

    want = limit if limit is not None else n_docs
    results = searcher.search(top, limit=max(want * 3, POOL), filter=filter_q)
    # Coverage counts rare concepts more (年检 says more than 学会): inverse document frequency.
    importance = {id(c): c.weight * math.log(1 + n_docs / (1 + df(c))) for c in all_concepts}
    total = sum(importance.values()) or 1.0
    needles = sorted(
        {
            a
            for c in all_concepts
            for a, _ in c.alternatives
            if len(a) > 1 or len(all_concepts) == 1
        },
        key=len,
        reverse=True,
    )
    numbers = {n for c in all_concepts for n in c.numbers}

    def marks(text: str):
        found = highlights(text, needles, numbers)
        return exact_highlights(text, phrases) if not found and phrases else found

    ranked = []
    for r in results:
        fields = r.fields()
        if any(not contains(fields["text"], p) for p in required_phrases):
            continue  # the gram index proposes, the text decides
        if any(contains(fields["text"], p) for p in banned):
            continue
        own = fields["text"] + "\n" + (fields.get("heading") or "")
        context = fields.get("context") or ""
        nums = canonical_numbers(own) if numbers else set()
        ctx_nums = canonical_numbers(context) if numbers and context else set()
        own_cover = [c.covers(own, nums) for c in all_concepts]
        context_cover = [CONTEXT_CREDIT * c.covers(context, ctx_nums) for c in all_concepts]
        covered = sum(
            importance[id(c)] * max(o, x)
            for c, o, x in zip(all_concepts, own_cover, context_cover, strict=True)
        )
        share = covered / total if all_concepts else 1.0
        score = r.score * share**COVERAGE_POWER
        if fields.get("front"):  # short titles restate the subject; BM25 overrates them
            score *= FRONT_PENALTY
        inherits = sum(context_cover) > sum(own_cover)  # found rather through its heading
        ranked.append([score, fields, inherits])
    # An item found through its heading ("(1) 代表社团签署重要文件" under "法定代表人工作
    # 职责：") follows that heading: its score is at least a share of the heading's.
    scores = {fields["clause_id"]: score for score, fields, _ in ranked}
    for item in ranked:
        if item[2]:
            parent = scores.get(item[1].get("parent") or "")
            if parent is not None:
                item[0] = max(item[0], INHERIT * parent)
    ranked.sort(key=lambda item: (-item[0], item[1]["order"]))
    if any(marker in query for marker in ACROSS):
        ranked = _each_document_first(ranked)
    out = [make_hit(fields, score, marks) for score, fields, _ in ranked if score > 0]
    if not out and not phrases and not parsed.excluded:
        out = _by_characters(index, query, want, filter_q)
    return out[:limit] if limit is not None else out


def _each_document_first(ranked: list) -> list:
    """Each document's best clause first (in score order), then the rest: a question about
    what every region says (各地对……有什么规定) wants one answer from each."""
    seen: set[str] = set()
    first, rest = [], []
    for item in ranked:
        doc = item[1]["doc_id"]
        (rest if doc in seen else first).append(item)
        seen.add(doc)
    return first + rest


def _fold(text: str) -> str:
    from kb.exact import folded

    return folded(text)


def _by_characters(index: ClauseIndex, query: str, want: int, filter_q) -> list[Hit]:
    """The clauses sharing most character pairs with the question (no word matched)."""
    text = " ".join(p.text for g in parse(query).groups for p in g)
    wanted = character_query(text)
    if wanted is None:
        return []
    flat = _fold(text)
    pairs = sorted({flat[i : i + 2] for i in range(len(flat) - 1)}, key=len, reverse=True)
    results = index.searcher.search(wanted, limit=want, filter=filter_q)
    return [
        make_hit(
            r.fields(), r.score, lambda t: highlights(t, pairs or list(flat), set()), "characters"
        )
        for r in results
    ]
