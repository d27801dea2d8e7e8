"""Side-by-side comparison of the regulations: by topic, by provision subject, clause by clause.

Legal staff ask "what does each province say about 监事会?". ``compare_topic`` answers with
every clause of every document tagged with the topic — a document that says nothing gets an
explicit 未规定 instead of silently dropping out. ``compare_provisions`` lines up the rules
under one subject key (``council.max_size``: 河南 ≤150人 一般). ``align`` pairs each clause of
one document with the most similar clauses of another and shows a character-level diff for
close pairs.

Every comparison renders to one neutral ``Table`` (cells made of text segments, the numbers
of provisions marked ``strong``) so the terminal, Markdown, HTML, CSV and Word outputs in
``kb.export`` and the CLI all show the same thing.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kb.corpus import Corpus, Document
from kb.errors import InputError, QueryError, XuehuiError
from kb.jurisdiction import Jurisdiction, jurisdiction
from kb.levels import parse_level
from kb.provisions import DATA_DIR, Provision, load_provisions
from kb.quantities import canonical_set, mentions
from kb.regions import region_problem
from kb.segmentation import Clause
from kb.topics import Topic, adhoc_topic, is_exempt, resolve_topic, tagging

NOT_STATED = "未规定"
NOT_EXTRACTED = (
    "（规定尚未整理）"  # a user's document: its clauses are searchable, rules not yet data
)
OPERATOR_SIGNS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "＝"}
OPERATOR_WORDS = {
    "required": "要求：",
    "forbidden": "禁止：",
    "elected_by": "选举产生：",
    "appointed_by": "聘任/决定：",
    "approved_by": "批准/决定：",
    "one_of": "可选：",
}


# ---------------------------------------------------------------- neutral table model
@dataclass
class Segment:
    """A run of text; ``strong`` marks a provision's number to emphasise."""

    text: str
    strong: bool = False


Paragraph = list[Segment]
Cell = list[Paragraph]


def plain(text: str) -> Cell:
    return [[Segment(line)] for line in text.split("\n")]


def cell_text(cell: Cell) -> str:
    return "\n".join("".join(s.text for s in para) for para in cell)


@dataclass
class Table:
    """What every output format renders: a title, column headers, rows of cells, notes."""

    title: str
    headers: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    widths: list[float] | None = None  # relative column widths for page layouts


# ---------------------------------------------------------------- subjects and provisions
@lru_cache(maxsize=2)
def load_subjects(path: Path | None = None) -> dict[str, dict]:
    """Subject keys with their Chinese label, unit and meaning (kb/data/subjects.yaml)."""
    path = path or DATA_DIR / "subjects.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise XuehuiError("应为映射（规定主题键: 说明）", where=str(path))
    return data


def subject_label(subject: str) -> str:
    return load_subjects().get(subject, {}).get("label", subject)


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def describe(p: Provision) -> str:
    """A provision in a few words: ≤ 150人（一般）, ≥ 3/4 “四分之三以上”（应当）, 选举产生：会员代表大会."""
    unit = "" if p.unit in (None, "比例") else p.unit
    if p.operator in OPERATOR_SIGNS or p.operator == "between":
        found = mentions(p.value_text or "")
        if p.operator == "between":
            low, high = p.value if isinstance(p.value, list) else (p.value, p.value)
            number = f"{_number(low)}–{_number(high)}"
        elif len(found) == 1 and unit != "次/年":
            number = found[0].canonical
        else:
            number = _number(p.value)
        text = f"{OPERATOR_SIGNS.get(p.operator, '')} {number}{unit}".strip()
        same = {number, f"{number}{unit}", number.replace("–", "-")}
        if p.value_text and p.value_text not in same:
            text += f" “{p.value_text}”"
    else:
        values = p.value if isinstance(p.value, list) else [p.value]
        text = OPERATOR_WORDS[p.operator] + "、".join(str(v) for v in values if v is not None)
    text += f"（{p.modality_label}）"
    if p.conditions:
        text += f"；条件：{p.conditions}"
    if p.exceptions:
        text += f"；例外：{p.exceptions}"
    if p.binds:
        text += f"；约束：{p.binds}"
    return text


def provision_record(p: Provision) -> dict:
    """A provision as every JSON output shows it (``xuehui provisions --json``,
    ``/api/provisions``, both comparisons): its fields, summary, severity and citation."""
    return p.model_dump() | {
        "summary": describe(p),
        "severity": p.severity,
        "modality_label": p.modality_label,
        "citation": _citation(p),
    }


def _provision_fields(p: Provision) -> set[str]:
    values = p.value if isinstance(p.value, list) else [p.value]
    return canonical_set(
        p.value_text, p.conditions, p.exceptions, *(str(v) for v in values if v is not None)
    )


def emphasised(clause: Clause, provisions: list[Provision]) -> Paragraph:
    """The clause body (text after its label) with its provisions' numbers marked ``strong``."""
    text = clause.text
    skip = text.find(clause.body) if clause.body else len(text)
    spans: list[tuple[int, int]] = []
    for m in mentions(text):
        if m.start < skip:
            continue
        for p in provisions:
            start = text.find(p.quote)
            inside = start >= 0 and start <= m.start and m.end <= start + len(p.quote)
            if inside and m.canonical in _provision_fields(p):
                spans.append((m.start, m.end))
                break
    out: Paragraph = []
    pos = skip
    for start, end in spans:
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], strong=True))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


# ---------------------------------------------------------------- documents and jurisdiction
def select_documents(corpus: Corpus, docs: list[str] | None) -> list[Document]:
    """The documents to compare, in corpus order; unknown ids are a Chinese error."""
    if not docs:
        return list(corpus)
    known = {d.id for d in corpus}
    unknown = [d for d in docs if d not in known]
    if unknown:
        raise InputError(
            f"没有编号为 {'、'.join(unknown)} 的文件。现有：{'、'.join(sorted(known))}"
        )
    return [d for d in corpus if d.id in docs]


def checked_jurisdiction(corpus: Corpus, region_code: str, level: str) -> Jurisdiction:
    """``kb.jurisdiction.jurisdiction`` with the user's input checked first."""
    problem = region_problem(region_code or "")
    if problem:
        raise InputError(problem)
    return jurisdiction(corpus, region_code, parse_level(level))


def _header(doc: Document, juris: Jurisdiction | None) -> str:
    head = f"{doc.short_title}（{doc.year or '—'}）"
    if juris is not None:
        head += "【约束】" if juris.is_binding(doc.id) else "【参考】"
    return head


def _provisions_by_clause() -> dict[str, list[Provision]]:
    out: dict[str, list[Provision]] = {}
    for p in load_provisions():
        out.setdefault(p.clause_id, []).append(p)
    return out


# ---------------------------------------------------------------- compare by topic
@dataclass
class TopicComparison:
    """Per document, every clause on one topic (an empty list means 未规定)."""

    topic: Topic
    documents: list[Document]
    clauses: dict[str, list[Clause]]
    provisions: dict[str, list[Provision]]
    jurisdiction: Jurisdiction | None = None
    from_taxonomy: bool = True
    emphasis: dict[str, list[Provision]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        docs = []
        for d in self.documents:
            items = [
                {
                    "clause_id": c.id,
                    "citation": c.citation,
                    "text": c.text,
                    "provisions": [provision_record(p) for p in self.provisions.get(c.id, [])],
                }
                for c in self.clauses[d.id]
            ]
            docs.append(
                {
                    "doc_id": d.id,
                    "title": d.title,
                    "short_title": d.short_title,
                    "binding": (self.jurisdiction.is_binding(d.id) if self.jurisdiction else None),
                    "status": "stated" if items else "not_stated",
                    "status_label": "有规定" if items else NOT_STATED,
                    "clauses": items,
                }
            )
        return {
            "kind": "topic",
            "topic": self.topic.to_dict(),
            "from_taxonomy": self.from_taxonomy,
            "jurisdiction": self.jurisdiction.to_dict() if self.jurisdiction else None,
            "documents": docs,
        }

    def table(self) -> Table:
        row: list[Cell] = []
        for d in self.documents:
            cell: Cell = []
            for c in self.clauses[d.id]:
                cell.append(
                    [Segment(c.path_label), Segment("　")]
                    + emphasised(c, self.emphasis.get(c.id, []))
                )
                for p in self.provisions.get(c.id, []):
                    cell.append(
                        [
                            Segment("　→ "),
                            Segment(subject_label(p.subject) + "："),
                            Segment(describe(p), strong=True),
                        ]
                    )
            row.append(cell or [[Segment(NOT_STATED, strong=True)]])
        kind = "主题" if self.from_taxonomy else "关键词"
        notes = [f"{kind}：{self.topic.label}（{self.topic.id}）"]
        if not self.from_taxonomy:
            notes.append("未匹配到主题分类，按关键词逐条查找：" + "、".join(self.topic.keywords))
        if self.jurisdiction:
            notes += [f"{d}：{r}" for d, r in self.jurisdiction.reasons.items()]
        return Table(
            title=f"各文件关于“{self.topic.label}”的规定",
            headers=[_header(d, self.jurisdiction) for d in self.documents],
            rows=[row],
            notes=notes,
        )


def compare_topic(
    corpus: Corpus,
    query: str,
    docs: list[str] | None = None,
    region_code: str | None = None,
    level: str | None = None,
) -> TopicComparison:
    """Every clause on ``query`` (a topic id, label, synonym or any words) in each document."""
    documents = select_documents(corpus, docs)
    juris = checked_jurisdiction(corpus, region_code, level) if region_code or level else None
    topic = resolve_topic(query)
    by_clause = _provisions_by_clause()
    clauses: dict[str, list[Clause]] = {}
    if topic is not None:
        tags = tagging(corpus)
        for d in documents:
            clauses[d.id] = [c for c in d.clauses if topic.id in tags.by_clause.get(c.id, [])]
    else:
        topic = adhoc_topic(query)
        for d in documents:
            clauses[d.id] = [c for c in d.clauses if not is_exempt(c) and topic.matches(c.text)]
    # a clause's provisions are listed under the topic when they speak about it; the
    # clause text still emphasises the numbers of all its provisions
    provisions = {
        c.id: [
            p
            for p in by_clause.get(c.id, [])
            if topic.matches(p.quote) or topic.matches(subject_label(p.subject))
        ]
        for cs in clauses.values()
        for c in cs
    }
    emphasis = {c.id: by_clause.get(c.id, []) for cs in clauses.values() for c in cs}
    return TopicComparison(
        topic,
        documents,
        clauses,
        provisions,
        juris,
        from_taxonomy=topic.id != "query",
        emphasis=emphasis,
    )


# ---------------------------------------------------------------- compare provisions
@dataclass
class ProvisionComparison:
    """Per subject key, what each document provides (empty list = 未规定)."""

    subjects: list[str]
    documents: list[Document]
    cells: dict[tuple[str, str], list[Provision]]
    jurisdiction: Jurisdiction | None = None
    extracted: set[str] = field(default_factory=set)  # documents whose rules are in the data

    def to_dict(self) -> dict:
        subjects = load_subjects()
        rows = []
        for s in self.subjects:
            meta = subjects.get(s, {})
            rows.append(
                {
                    "subject": s,
                    "label": meta.get("label", s),
                    "unit": meta.get("unit"),
                    "documents": {
                        d.id: [provision_record(p) for p in self.cells.get((s, d.id), [])]
                        for d in self.documents
                    },
                }
            )
        return {
            "kind": "provisions",
            "not_extracted": [d.id for d in self.documents if d.id not in self.extracted],
            "jurisdiction": self.jurisdiction.to_dict() if self.jurisdiction else None,
            "documents": [{"doc_id": d.id, "short_title": d.short_title} for d in self.documents],
            "subjects": rows,
        }

    def table(self) -> Table:
        rows = []
        for s in self.subjects:
            row: list[Cell] = [[[Segment(subject_label(s), strong=True)], [Segment(s)]]]
            for d in self.documents:
                items = self.cells.get((s, d.id), [])
                cell: Cell = []
                for p in items:
                    cell.append([Segment(describe(p), strong=True)])
                    cell.append([Segment(f"　{_citation(p, short=True)}")])
                empty = NOT_STATED if d.id in self.extracted else NOT_EXTRACTED
                row.append(cell or [[Segment(empty)]])
            rows.append(row)
        notes = [
            f"共 {len(self.subjects)} 个规定主题、"
            f"{sum(len(v) for v in self.cells.values())} 条规定。"
        ]
        if self.jurisdiction:
            notes += [f"{d}：{r}" for d, r in self.jurisdiction.reasons.items()]
        n = len(self.documents)
        return Table(
            title="各文件可核查规定对照",
            headers=["规定主题"] + [_header(d, self.jurisdiction) for d in self.documents],
            rows=rows,
            notes=notes,
            widths=[1.2] + [(6.0 - 1.2) / max(n, 1)] * n,
        )


def _citation(p: Provision, short: bool = False) -> str:
    """Where a provision is stated: the full citation, or (in a document's column) its path."""
    import kb

    try:
        clause = kb.load_corpus().clause(p.clause_id)
    except (KeyError, XuehuiError):
        return p.clause_id
    return clause.path_label if short else clause.citation


def match_subjects(query: str | None) -> list[str]:
    """Subject keys for ``query``: a key, a prefix (council), or words of the label (监事)."""
    keys = list(load_subjects())
    used = {p.subject for p in load_provisions()}
    keys = [k for k in keys if k in used]
    if not query:
        return keys
    q = query.strip()
    exact = [k for k in keys if k == q]
    if exact:
        return exact
    dotted = [k for k in keys if k.startswith(q.rstrip(".") + ".")]  # president.*
    prefixed = dotted or [k for k in keys if k.startswith(q)]  # council.max → council.max_size
    if prefixed:
        return prefixed
    labelled = [
        k
        for k in keys
        if q in load_subjects()[k].get("label", "")
        or q in load_subjects()[k].get("description", "")
    ]
    if labelled:
        return labelled
    close = difflib.get_close_matches(q, keys, n=3, cutoff=0.5)
    hint = f"。是否想查：{'、'.join(close)}" if close else "。用 xuehui provisions 查看全部主题键"
    raise QueryError(f"没有与“{q}”对应的规定主题{hint}")


def compare_provisions(
    corpus: Corpus,
    subject: str | None = None,
    docs: list[str] | None = None,
    region_code: str | None = None,
    level: str | None = None,
) -> ProvisionComparison:
    """Every subject (or those matching ``subject``) across the documents."""
    documents = select_documents(corpus, docs)
    juris = checked_jurisdiction(corpus, region_code, level) if region_code or level else None
    subjects = match_subjects(subject)
    wanted = set(subjects)
    ids = {d.id for d in documents}
    cells: dict[tuple[str, str], list[Provision]] = {}
    for p in load_provisions():
        if p.subject in wanted and p.doc_id in ids:
            cells.setdefault((p.subject, p.doc_id), []).append(p)
    extracted = {p.doc_id for p in load_provisions()}
    return ProvisionComparison(subjects, documents, cells, juris, extracted)


# ---------------------------------------------------------------- align two documents
def _bigrams(text: str) -> Counter[str]:
    chars = re.sub(r"[\s\W\d_a-zA-Z]+", "", text)
    return Counter(chars[i : i + 2] for i in range(len(chars) - 1))


@dataclass
class Match:
    """A clause of B similar to a clause of A; ``diff`` only for close pairs."""

    clause: Clause
    score: float
    diff: list[tuple[str, str, str]] | None = None  # (op, text in A, text in B)


@dataclass
class Alignment:
    doc_a: Document
    doc_b: Document
    pairs: list[tuple[Clause, list[Match]]]
    min_score: float
    close_score: float

    def to_dict(self) -> dict:
        return {
            "kind": "alignment",
            "doc_a": self.doc_a.id,
            "doc_b": self.doc_b.id,
            "min_score": self.min_score,
            "close_score": self.close_score,
            "pairs": [
                {
                    "clause_id": a.id,
                    "citation": a.citation,
                    "text": a.text,
                    "matches": [
                        {
                            "clause_id": m.clause.id,
                            "citation": m.clause.citation,
                            "text": m.clause.text,
                            "score": round(m.score, 3),
                            "diff": [{"op": op, "a": x, "b": y} for op, x, y in m.diff]
                            if m.diff
                            else None,
                        }
                        for m in matches
                    ],
                }
                for a, matches in self.pairs
            ],
        }

    def table(self) -> Table:
        rows = []
        for a, matches in self.pairs:
            left: Cell = [[Segment(a.path_label, strong=True), Segment("　" + a.body)]]
            score: Cell = []
            right: Cell = []
            for m in matches:
                score.append([Segment(f"{m.score:.2f}", strong=m.diff is not None)])
                right.append(
                    [Segment(m.clause.path_label, strong=True), Segment("　" + m.clause.body)]
                )
                if m.diff:
                    right.append(_diff_paragraph(m.diff))
            rows.append([left, score or [[Segment("—")]], right or [[Segment("无相似条款")]]])
        return Table(
            title=f"条款对照：{self.doc_a.short_title} ↔ {self.doc_b.short_title}",
            headers=[self.doc_a.short_title, "相似度", self.doc_b.short_title],
            rows=rows,
            widths=[0.44, 0.08, 0.48],
            notes=[
                f"相似度为字符二元组 TF-IDF 余弦，列出 ≥{self.min_score:.2f} 的条款；"
                f"≥{self.close_score:.2f} 或有连续 {SHARED_RUN} 字以上相同文字的附逐字差异："
                "［−甲］删去，［＋乙］新增。"
            ],
        )


def _diff_paragraph(diff: list[tuple[str, str, str]]) -> Paragraph:
    para: Paragraph = [Segment("　差异：")]
    for op, x, y in diff:
        if op == "equal":
            para.append(Segment(x))
        else:
            if x:
                para.append(Segment(f"［−{x}］", strong=True))
            if y:
                para.append(Segment(f"［＋{y}］", strong=True))
    return para


def char_diff(a: str, b: str) -> list[tuple[str, str, str]]:
    """Character-level diff of two clause texts: (op, text of A, text of B) runs."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(op, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes()]


SHARED_RUN = 12  # a verbatim passage this long makes a pair close whatever its score


def _shared_run(a: str, b: str) -> int:
    """Length of the longest passage the two texts share verbatim."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sm.find_longest_match(0, len(a), 0, len(b)).size


def align(
    corpus: Corpus,
    doc_a: str,
    doc_b: str,
    top: int = 3,
    min_score: float = 0.12,
    close_score: float = 0.3,
) -> Alignment:
    """Each substantive clause of ``doc_a`` with its most similar clauses of ``doc_b``.

    Similarity is the cosine of TF-IDF weighted character bigrams (idf over the whole
    corpus, so 学会 and 科技工作者 count for little). Pairs scoring ``close_score`` or more,
    or sharing a verbatim passage of ``SHARED_RUN`` characters, get a character diff.
    """
    if doc_a == doc_b:
        raise InputError("请给出两个不同的文件进行对照")
    a, b = select_documents(corpus, [doc_a])[0], select_documents(corpus, [doc_b])[0]
    clauses_a = [c for c in a.clauses if not is_exempt(c) and len(c.body) >= 8]
    clauses_b = [c for c in b.clauses if not is_exempt(c) and len(c.body) >= 8]
    grams = {c.id: _bigrams(c.body) for c in clauses_a + clauses_b}
    df = Counter(g for c in corpus.clauses() for g in set(_bigrams(c.body)))
    n_docs = sum(1 for _ in corpus.clauses())

    def vector(cid: str) -> dict[str, float]:
        vec = {g: tf * math.log((1 + n_docs) / (1 + df[g])) for g, tf in grams[cid].items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {g: v / norm for g, v in vec.items()}

    vectors = {cid: vector(cid) for cid in grams}
    pairs = []
    for ca in clauses_a:
        va = vectors[ca.id]
        scored = []
        for cb in clauses_b:
            vb = vectors[cb.id]
            small, large = (va, vb) if len(va) < len(vb) else (vb, va)
            score = sum(w * large.get(g, 0.0) for g, w in small.items())
            if score >= min_score:
                scored.append((score, cb))
        scored.sort(key=lambda x: -x[0])
        matches = [
            Match(
                cb,
                s,
                char_diff(ca.body, cb.body)
                if s >= close_score or _shared_run(ca.body, cb.body) >= SHARED_RUN
                else None,
            )
            for s, cb in scored[:top]
        ]
        pairs.append((ca, matches))
    return Alignment(a, b, pairs, min_score, close_score)
