"""Rule candidates: the checkable provisions a document's clauses seem to state.

A user who adds a regulation (`xuehui corpus add`) gets no hand-coded provisions for it, so
``extract`` proposes them for review: every quantity with its measure word and comparison
(不超过150人, 三分之一以上, 70周岁, 5‰, 3万元), deadlines (30日内, 届满前3个月), frequencies
(每半年至少召开一次), who approves or is told (报省科协审查同意, 报登记管理机关备案), who elects
or appoints, ways of voting (无记名投票), and what must (not) exist (应设立监事会, 不得…). Each
candidate quotes its clause verbatim and carries the modality of its wording.

The words are data (``kb/data/extraction.yaml``) and every number is read by ``kb.numerals``.
Extraction proposes; a person decides (``kb.review``): nothing extracted binds anyone until
it is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from kb import numerals
from kb.corpus import Document
from kb.provisions import Modality, Operator, Provision
from kb.segmentation import Clause

DATA_FILE = Path(__file__).resolve().parent / "data" / "extraction.yaml"
OTHER = "other"  # the subject of a candidate no vocabulary entry fits

Kind = Literal[
    "number", "ratio", "deadline", "frequency", "approval", "notice", "election", "ballot",
    "requirement", "prohibition",
]  # fmt: skip
Status = Literal["pending", "accepted", "rejected"]
QUANTITATIVE_KINDS = ("number", "ratio", "deadline", "frequency")


class Candidate(BaseModel):
    """One proposed provision, as stored in the review file and shown to the reviewer."""

    model_config = ConfigDict(extra="forbid")
    id: str
    status: Status = "pending"
    kind: Kind
    clause_id: str
    citation: str
    subject: str
    operator: Operator
    value: Any = None
    value_text: str | None = None
    unit: str | None = None
    modality: Modality
    quote: str
    note: str | None = None

    @property
    def key(self) -> tuple:
        """What makes two extractions the same proposal (ids may differ between runs)."""
        return (self.clause_id, self.quote, self.operator, str(self.value))

    def to_provision(self, doc_id: str) -> Provision:
        return Provision(
            id=f"{doc_id}/{self.id}",
            doc_id=doc_id,
            clause_id=self.clause_id,
            subject=self.subject,
            operator=self.operator,
            value=self.value,
            value_text=self.value_text,
            unit=self.unit,
            modality=self.modality,
            quote=self.quote,
            note=self.note,
        )

    def to_dict(self) -> dict:
        return self.model_dump(exclude_none=True)


# --------------------------------------------------------------------------- vocabulary
@dataclass
class Vocabulary:
    """``kb/data/extraction.yaml`` compiled into the patterns extraction runs."""

    raw: dict[str, Any]
    modal_re: re.Pattern[str] = field(init=False)
    quantity_re: re.Pattern[str] = field(init=False)
    approval_re: re.Pattern[str] = field(init=False)
    election_re: re.Pattern[str] = field(init=False)
    requirement_re: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        raw = self.raw
        self.modalities: dict[str, str] = raw["modalities"]
        self.units: dict[str, tuple[str, int]] = {k: tuple(v) for k, v in raw["units"].items()}
        self.before: dict[str, str] = raw["operators_before"]
        self.after: dict[str, str] = raw["operators_after"]
        self.modal_re = re.compile(_alternation(self.modalities))
        num = rf"(?:\d+(?:\.\d+)?|[{numerals.CN_NUMERAL_CHARS}]+)"
        units = _alternation(self.units)
        self.quantity_re = re.compile(
            rf"(?P<rlo>\d+(?:\.\d+)?)\s*[%‰]?\s*[-~至到]\s*(?P<rhi>\d+(?:\.\d+)?)\s*(?P<rsign>[%‰])"
            rf"|(?P<ratio>(?:{num}|百|千)分之{num}|\d+\s*/\s*\d+|\d+(?:\.\d+)?\s*[%‰]|过半数|半数)"
            rf"|(?P<lo>{num})\s*[-~至到]\s*(?P<hi>{num})\s*(?P<runit>{units})"
            rf"|(?P<n>{num})\s*(?P<unit>{units})"
        )
        approval = raw["approval"]
        self.approval_verbs: dict[str, str] = approval["verbs"]
        self.approval_re = re.compile(
            rf"(?P<lead>{_alternation(approval['lead'])})"
            rf"(?P<body>[^，。；：,;]{{2,{approval['max_body']}}}?)"
            rf"(?P<verb>{_alternation(self.approval_verbs)})"
        )
        self.elections: dict[str, str] = raw["election"]
        self.election_re = re.compile(
            rf"由(?P<body>[^，。；,;]{{2,16}}?)(?P<verb>{_alternation(self.elections)})"
        )
        self.ballot_re = re.compile(_alternation(raw["ballots"]))
        self.requirement_re = re.compile(
            rf"(?P<verb>{_alternation(raw['requirement_verbs'])})"
            rf"(?P<what>[^，。；,;：:]{{2,{raw['requirement_max']}}})"
        )
        self.forbidden_re = re.compile(r"(?:不得|严禁|禁止|不准)(?P<what>[^，。；,;]{2,30})")
        self.per_year: dict[str, float] = raw["per_year"]
        self.per_year_re = re.compile(_alternation(self.per_year))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def subject_units() -> dict[str, str | None]:
    """Subject key → its unit (kb/data/subjects.yaml), to keep vocabulary rules honest."""
    data = yaml.safe_load((DATA_FILE.parent / "subjects.yaml").read_text(encoding="utf-8"))
    return {key: (spec or {}).get("unit") for key, spec in (data or {}).items()}


# --------------------------------------------------------------------------- extraction
@dataclass
class _Found:
    kind: str
    operator: str
    value: Any
    value_text: str | None  # words for non-numeric values (bodies, practices)
    unit: str | None
    start: int  # span of the rule's words in the clause text
    end: int
    note: str | None = None
    # Where the value is written, as the hand-coded provisions keep it in value_text: the
    # notation of a number (1/3, 三分之一, 5-15, 两届, 3万元) or a frequency; None for plain digits.
    vspan: tuple[int, int] | None = None


def extract(document: Document) -> list[Candidate]:
    """Every candidate provision of ``document``, in clause order, numbered c01, c02 …"""
    out: list[Candidate] = []
    seen: set[tuple] = set()
    for clause in document.clauses:
        for cand in extract_clause(clause):
            if cand.key in seen:
                continue
            seen.add(cand.key)
            cand.id = f"c{len(out) + 1:02d}"
            out.append(cand)
    return out


def extract_clause(clause: Clause) -> list[Candidate]:
    """The candidates of one clause's own text (its sub-items are clauses of their own)."""
    text = clause.text
    norm = numerals.normalize(text)
    found: list[_Found] = []
    found += _quantities(norm)
    found += _year_deadlines(norm)
    found += _bare_limits(norm, found)
    found += _yearly(norm, found)
    found += _approvals(norm)
    found += _elections(norm)
    found += _ballots(norm)
    found += _prohibitions(norm, found)
    found += _requirements(norm, found)
    body_start = max(text.find(clause.body), 0) if clause.body else 0
    out = []
    for item in sorted(found, key=lambda f: (f.start, f.end)):
        quote = _quote(text, max(item.start, body_start), item.end, body_start)
        sentence_start = _sentence_start(norm, item.start)
        modality = _modality(norm, sentence_start, item.end, item.kind)
        # What the rule is about: the sentence up to the end of the rule's part (a deadline's
        # subject often follows it: 2016年底前，…实现…目标).
        stops = _SENTENCE_END if item.kind == "deadline" else _PART_END
        ends = [e for e in (norm.find(ch, item.end) for ch in stops) if e >= 0]
        context = norm[sentence_start : min(ends or [len(norm)])]
        out.append(
            Candidate(
                id="c00",
                kind=item.kind,
                clause_id=clause.id,
                citation=clause.citation,
                subject=_subject(context, item),
                operator=item.operator,
                value=item.value,
                value_text=text[item.vspan[0] : item.vspan[1]] if item.vspan else item.value_text,
                unit=item.unit,
                modality=modality,
                quote=quote,
                note=item.note,
            )
        )
    return out


_SENTENCE_END = "。；;！？!?\n"
_PART_END = _SENTENCE_END + "，,：:"


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in _SENTENCE_END) + 1


def _quote(text: str, start: int, end: int, floor: int = 0) -> str:
    """The clause words that state the rule: from the start of its part of the sentence (after
    the last comma) to the end of that part, widened to the whole sentence when that part
    alone would not say what it is about (一般在5-15人之间 keeps its subject)."""
    part_start = max(text.rfind(ch, 0, start) for ch in _PART_END) + 1
    ends = [text.find(ch, end) for ch in _PART_END]
    part_end = min([e for e in ends if e >= 0] or [len(text)])
    if start - part_start < 2:  # the part begins with the rule: keep what precedes it
        sentence = _sentence_start(text, start)
        part_start = max(text.rfind(ch, sentence, part_start - 1) for ch in "，,") + 1
        part_start = max(part_start, sentence)
    quote = text[max(part_start, floor) : part_end].strip()
    return quote or text[start:end]


def _modality(text: str, sentence_start: int, end: int, kind: str) -> str:
    vocab = vocabulary()
    if kind == "prohibition":
        return "must"
    words = list(vocab.modal_re.finditer(text, sentence_start, end))
    words = [w for w in words if not _inside_word(text, w)]
    part_start = max(text.rfind(ch, 0, end) for ch in _PART_END) + 1
    own = [w for w in words if w.start() >= part_start]
    if own:
        return _softened(own)
    # a modal of an earlier part carries over, but not a permission (可…，每年至少召开…)
    words = [w for w in words if vocab.modalities[w.group()] not in ("may", "encouraged")]
    if not words:
        return vocab.raw["default_modality"]
    return _softened(words)


def _softened(words: list[re.Match[str]]) -> str:
    """The last modal word's modality — unless it is softened right before: 原则上应 reads as
    原则上, 一般须 as 一般."""
    modalities = vocabulary().modalities
    last = modalities[words[-1].group()]
    if len(words) > 1 and words[-2].end() >= words[-1].start() - 1:
        earlier = modalities[words[-2].group()]
        if earlier in ("in_principle", "generally") and last in ("must", "shall"):
            return earlier
    return last


def _inside_word(text: str, match: re.Match[str]) -> bool:
    """要 in 重要/主要/需要, 可 in 认可 and 一般性 are not modal words."""
    before = text[match.start() - 1 : match.start()] if match.start() else ""
    after = text[match.end() : match.end() + 1]
    word = match.group()
    return bool(
        (word == "要" and before and before in "重主需只必纲摘")
        or (word in ("可", "应") and before and before in "认许相适对供反")
        or (word == "一般" and after and after in "性的")
        or (word == "支持" and before == "的")
    )


def _subject(context: str, item: _Found) -> str:
    units = subject_units()
    unit = "比例" if item.kind == "ratio" else item.unit
    if item.kind == "frequency":
        unit = "次/年"
    for rule in vocabulary().raw["subjects"]:
        wanted_unit = rule.get("unit")
        if wanted_unit is not None:
            allowed = wanted_unit if isinstance(wanted_unit, list) else [wanted_unit]
            if unit not in allowed:
                continue
        if rule.get("operators") and item.operator not in rule["operators"]:
            continue
        if not rule.get("operators") and item.kind not in QUANTITATIVE_KINDS:
            continue
        if any(w not in context for w in rule.get("all", [])):
            continue
        if rule.get("any") and not any(w in context for w in rule["any"]):
            continue
        if any(w in context for w in rule.get("none", [])):
            continue
        if rule["subject"] in units and shape_problem(rule["subject"], item.operator) is None:
            return rule["subject"]
    return OTHER


_NUMERIC_OPS = {"<=", "<", ">=", ">", "==", "between"}


def shape_problem(subject: str, operator: str) -> str | None:
    """Why a rule with ``operator`` cannot sit under ``subject``, or None.

    A subject's hand-coded rules have one shape (a limit, a range, a deciding body …) and the
    generator and the checks read every rule of the subject that way."""
    from kb.provisions import load_builtin_provisions

    ops = {p.operator for p in load_builtin_provisions() if p.subject == subject}
    if not ops or operator in ops:
        return None
    if ops == {"between"}:
        return "要求取值为范围（如 15-45）"
    if ops <= _NUMERIC_OPS and operator not in _NUMERIC_OPS:
        return "是数值规定，这一项不是数值"
    if not ops & _NUMERIC_OPS and operator in _NUMERIC_OPS:
        return "不是数值规定，这一项是数值"
    if operator == "between" and "between" not in ops:
        return "要求单个数值，这一项是范围"
    return None


def numbers_stated(text: str) -> set[float]:
    """Every number ``text`` states, in its own unit and as candidates read it (3万元 → 3 and
    30000, 每半年…一次 → 1 and 2, 1/3 → 0.3333)."""
    norm = numerals.normalize(text)
    out: set[float] = set()
    for m in vocabulary().quantity_re.finditer(norm):
        for group in ("rlo", "rhi", "ratio", "lo", "hi", "n"):
            surface = m.group(group)
            if surface:
                if group in ("rlo", "rhi"):
                    surface += m.group("rsign")
                number = _number(surface)
                if number is not None:
                    out.add(float(number))
    for found in _quantities(norm):
        values = found.value if isinstance(found.value, list) else [found.value]
        out.update(float(v) for v in values)
    return {round(v, 4) for v in out}


# ---------------------------------------------------------------- quantities
def _quantities(text: str) -> list[_Found]:
    vocab = vocabulary()
    out: list[_Found] = []
    for m in vocab.quantity_re.finditer(text):
        if _skipped(text, m):
            continue
        if m.group("rlo"):
            found = _ratio_range(text, m)
        elif m.group("ratio"):
            found = _ratio(text, m)
        elif m.group("lo"):
            found = _range(text, m)
        else:
            found = _count(text, m)
        if found is not None:
            out.append(found)
    return out


def _skipped(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 1) : m.start()]
    if before and before in "".join(vocabulary().raw["skip_before"]):
        return True
    if before.isdigit() or (before and before in numerals.CN_NUMERAL_CHARS):
        return True  # the tail of a longer number the pattern did not start at
    unit = m.group("unit") or ""
    number = m.group("n") or ""
    if unit == "年":
        value = numerals.to_int(number)
        after = text[m.end() : m.end() + 2]
        if value is not None and value >= 1900:
            return True  # a year, not a period
        if any(after.startswith(w) for w in vocabulary().raw["date_after_year"][:-2]):
            return value is not None and value >= 1900
    if unit in ("月", "日") and re.match(r"\d+\s*[月日号]", text[m.end() : m.end() + 4]):
        return True  # 3月15日: a date
    return bool(
        unit == "日" and re.search(r"\d+\s*月\s*$", text[max(0, m.start() - 4) : m.start()])
    )


def _operator(text: str, start: int, end: int) -> tuple[str | None, int, int]:
    """The comparison around a quantity at [start, end) and the widened span: a word before it
    in the same part of the sentence (不超过常务理事会人数的1/3), or one right after (60岁以上)."""
    vocab = vocabulary()
    part_start = max(text.rfind(ch, 0, start) for ch in _PART_END) + 1
    part_start = max(part_start, start - vocab.raw["before_window"])
    window = text[part_start:start]
    op_before = None
    new_start = start
    best = (-1, 0, -1)  # (end, length, start) of the comparison word nearest the quantity
    for word in vocab.before:
        pos = window.rfind(word)
        if pos >= 0 and (pos + len(word), len(word), pos) > best:
            best, op_before = (pos + len(word), len(word), pos), vocab.before[word]
    if op_before is not None:
        new_start = part_start + best[2]
    tail = text[end : end + 4]
    for word in sorted(vocab.after, key=len, reverse=True):
        if tail.startswith(word):
            return op_before or vocab.after[word], new_start, end + len(word)
    return op_before, new_start, end


def _number(text: str) -> Fraction | None:
    text = text.replace(" ", "")
    if text in ("百", "千"):
        return None
    return numerals.to_fraction(text)


def _plain(value: Fraction | float) -> int | float:
    frac = Fraction(value)
    return frac.numerator if frac.denominator == 1 else round(float(frac), 4)


def _ratio(text: str, m: re.Match[str]) -> _Found | None:
    surface = m.group("ratio")
    value = _number(surface)
    if value is None or value <= 0:
        return None
    op, start, end = _operator(text, m.start(), m.end())
    if surface in ("过半数", "半数") and op is None:
        op = ">" if surface == "过半数" else ">="
    span = (m.start("ratio"), m.end("ratio"))
    return _Found("ratio", op or "==", _plain(value), None, "比例", start, end, vspan=span)


def _ratio_range(text: str, m: re.Match[str]) -> _Found | None:
    sign = m.group("rsign")
    low, high = _number(m.group("rlo") + sign), _number(m.group("rhi") + sign)
    if low is None or high is None or low > high:
        return None
    span = (m.start(), m.end())
    values = [_plain(low), _plain(high)]
    return _Found("ratio", "between", values, None, "比例", *span, vspan=span)


def _range(text: str, m: re.Match[str]) -> _Found | None:
    low, high = _number(m.group("lo")), _number(m.group("hi"))
    unit, factor = vocabulary().units[m.group("runit")]
    if low is None or high is None or low > high:
        return None
    start, end = m.start(), m.end()
    tail = text[end : end + 3]
    if tail.startswith("之间"):
        end += 2
    kind = "deadline" if unit in ("日", "月", "年") and tail.startswith("内") else "number"
    values = [_plain(low * factor), _plain(high * factor)]
    span = (m.start("lo"), m.end("hi"))
    return _Found(kind, "between", values, None, unit, start, end, vspan=span)


def _count(text: str, m: re.Match[str]) -> _Found | None:
    surface, measure = m.group("n"), m.group("unit")
    value = _number(surface)
    if value is None:
        return None
    unit, factor = vocabulary().units[measure]
    op, start, end = _operator(text, m.start(), m.end())
    before = text[max(0, m.start() - 10) : m.start()]
    kind = "number"
    note = None
    per = vocabulary().per_year_re.search(before)
    if unit == "次" and per:
        kind = "frequency"
        unit = "次/年"
        value = value * Fraction(str(vocabulary().per_year[per.group()]))
        start = min(start, max(0, m.start() - 10) + per.start())
        op = op or ">="
    elif (unit in ("日", "月", "年") and text[m.end() : m.end() + 1] == "内") or "届满前" in before:
        kind = "deadline"
        end = max(end, m.end() + (text[m.end() : m.end() + 1] == "内"))
        op = op or ("<=" if "届满前" not in before else ">=")
        if "届满前" in before:
            start = max(0, m.start() - 10) + before.index("届满前")
            note = "届满前的期限：至迟在任期届满前这么久"
    elif op is None:
        if unit in ("年", "届") and "任期" in text[max(0, m.start() - 6) : m.start()]:
            op = "=="  # 每届任期5年
        elif unit not in ("元", "周岁"):
            return None  # a bare count (三个“三三三一”, 两个层面) is rarely a rule
    if kind in ("frequency", "deadline"):
        span: tuple[int, int] | None = (start, end)
    elif surface.isascii() and factor == 1:
        span = None  # 不超过150人: the number says it all
    else:
        span = (m.start(), m.end())  # 两届, 七十周岁, 3万元
    return _Found(kind, op or "==", _plain(value * factor), None, unit, start, end, note, span)


def _year_deadlines(text: str) -> list[_Found]:
    """2016年底前, 2020年前: a target date, read as a deadline (<= that year)."""
    words = _alternation(vocabulary().raw["year_deadline"])
    out = []
    pattern = (
        rf"(?<!\d)((?:19|20)\d\d)(?:{words})"  # 2016年底前
        rf"|(?:^|(?<=[，。；,;]))((?:19|20)\d\d)年(?![\d月日底初末度起以来前内])"  # 2017年逐步…
    )
    for m in re.finditer(pattern, text):
        year = int(m.group(1) or m.group(2))
        out.append(_Found("deadline", "<=", year, None, "年", *m.span(), vspan=m.span()))
    periods = vocabulary().raw["plan_periods"]
    for m in re.finditer(rf"“?({_alternation(periods)})”?(?:期间|末|时期)", text):
        year = periods[m.group(1)]
        out.append(_Found("deadline", "<=", year, None, "年", *m.span(), vspan=m.span()))
    return out


def _yearly(text: str, found: list[_Found]) -> list[_Found]:
    """每年汇总编制…, 每半年报告…: a frequency stated without a count means once per period."""
    vocab = vocabulary()
    out = []
    for m in vocab.per_year_re.finditer(text):
        ends = [e for e in (text.find(ch, m.end()) for ch in _PART_END) if e >= 0]
        part_end = min(ends or [len(text)])
        if _overlaps(found, m.start(), part_end):
            continue  # 每年至少召开一次: counted already
        if text[m.end() : m.end() + 1] in "度的":
            continue  # 每年度…, 每年的…: a period, not an action
        value = vocab.per_year[m.group()]
        out.append(
            _Found("frequency", ">=", value, None, "次/年", m.start(), part_end, vspan=m.span())
        )
    return out


def _bare_limits(text: str, found: list[_Found]) -> list[_Found]:
    """至少一品牌, 不超过五: a comparison word right before a number with no measure word."""
    vocab = vocabulary()
    num = rf"(?:\d+(?:\.\d+)?|[{numerals.CN_NUMERAL_CHARS}]+)"
    words = _alternation(vocab.before)
    out = []
    for m in re.finditer(rf"(?:{words})(?P<n>{num})", text):
        if _overlaps(found, m.start(), m.end()):
            continue
        value = _number(m.group("n"))
        if value is None or text[m.end() : m.end() + 1] in "%‰/分":
            continue
        op = vocab.before[m.group()[: m.start("n") - m.start()]]
        span = (m.start("n"), m.end("n"))
        vspan = None if m.group("n").isascii() else span
        out.append(_Found("number", op, _plain(value), None, None, *m.span(), vspan=vspan))
    return out


# ---------------------------------------------------------------- who decides, how
def _approvals(text: str) -> list[_Found]:
    vocab = vocabulary()
    out = []
    for m in vocab.approval_re.finditer(text):
        body = m.group("body").strip()
        body = re.sub(r"^(?:经|由|请|送)", "", body)
        if len(body) < 2 or re.search(r"\d", body):
            continue
        kind = vocab.approval_verbs[m.group("verb")]
        if kind == "notified":
            out.append(
                _Found(
                    "notice",
                    "required",
                    f"报{body}备案",
                    None,
                    None,
                    m.start(),
                    m.end(),
                    vspan=m.span(),
                )
            )
        else:
            out.append(
                _Found(
                    "approval", "approved_by", body, None, None, m.start(), m.end(), vspan=m.span()
                )
            )
    return out


def _elections(text: str) -> list[_Found]:
    vocab = vocabulary()
    out = []
    for m in vocab.election_re.finditer(text):
        body = m.group("body").strip()
        op = vocab.elections[m.group("verb")]
        value: Any = body
        if op == "one_of":  # 由副会长、理事或秘书长担任
            value = [p for p in re.split(r"[、或和及]", body) if p]
        out.append(_Found("election", op, value, None, None, m.start(), m.end(), vspan=m.span()))
    return out


def _ballots(text: str) -> list[_Found]:
    return [
        _Found("ballot", "required", m.group(), None, None, m.start(), m.end(), vspan=m.span())
        for m in vocabulary().ballot_re.finditer(text)
    ]


def _overlaps(found: list[_Found], start: int, end: int) -> bool:
    return any(f.start < end and start < f.end for f in found)


def _prohibitions(text: str, found: list[_Found]) -> list[_Found]:
    out = []
    for m in vocabulary().forbidden_re.finditer(text):
        if _overlaps(found, m.start(), m.end()):
            continue  # 不得超过1年 is a limit, already found
        what = m.group("what")
        out.append(
            _Found("prohibition", "forbidden", what, None, None, m.start(), m.end(), vspan=m.span())
        )
    return out


def _requirements(text: str, found: list[_Found]) -> list[_Found]:
    """设立监事会, 建立健全财务制度 …: what a verb requires; a quantity inside the object is
    its own candidate, so the object keeps only what follows it (设立不少于3人的监事会 →
    监事会)."""
    vocab = vocabulary()
    out = []
    for m in vocab.requirement_re.finditer(text):
        what_start = m.start("what")
        inner = [
            f
            for f in found
            if f.kind in QUANTITATIVE_KINDS and f.start < m.end() and f.end > what_start
        ]
        if inner:
            what_start = max(f.end for f in inner)
        what = text[what_start : m.end()].lstrip("的").strip()
        if len(what) < 2 or what in vocab.raw["generic_objects"]:
            continue
        out.append(
            _Found("requirement", "required", what, None, None, m.start(), m.end(), vspan=m.span())
        )
    return out
