"""Compliance: every provision that applies to a society, evaluated against its facts.

Facts are a flat mapping of field paths to values (``governance.council_size: 120``). A
profile gives them through ``profile_facts``; the charter audit extracts the same keys from
an existing charter and calls ``evaluate`` directly, so both tools judge by one rule set.
How a provision's subject is read — which fact, relative to what, when it applies — is data
in ``generator/data/checks.yaml``; this module only knows the operators.

Severity follows the wording of the rule (须/应 → error, 原则上/一般 → warning, 可以/鼓励 →
advice), and any provision of a document that does not bind the society is advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

import kb
from kb.errors import InputError
from kb.jurisdiction import jurisdiction
from kb.provisions import MODALITY_LABELS, MODALITY_WORDS, Provision, load_provisions

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SUBJECTS_FILE = Path(kb.__file__).resolve().parent / "data" / "subjects.yaml"
_TOLERANCE = 5e-4  # ratios are stored to 4 decimals: 50/150 must pass "≤ 1/3"

Status = Literal["pass", "violation", "unknown"]
Severity = Literal["error", "warning", "advice"]
STATUS_LABELS = {"pass": "符合", "violation": "不符合", "unknown": "无法判断"}
SEVERITY_LABELS = {"error": "必须", "warning": "应当注意", "advice": "参考"}


class Finding(BaseModel):
    """The verdict on one provision for one society."""

    provision: str
    subject: str
    subject_label: str
    status: Status
    severity: Severity
    binding: bool
    absent: bool = False  # the fact was not found (audit: the charter says nothing about it)
    message: str
    rule: str
    actual: Any = None
    fact: str | None = None
    doc_id: str
    clause_id: str
    citation: str
    quote: str
    modality: str

    @property
    def is_error(self) -> bool:
        return self.status == "violation" and self.severity == "error"

    def to_dict(self) -> dict:
        data = self.model_dump()
        data["status_label"] = STATUS_LABELS[self.status]
        data["severity_label"] = SEVERITY_LABELS[self.severity]
        return data


@lru_cache(maxsize=1)
def checks() -> dict:
    """The check rules (``generator/data/checks.yaml``)."""
    return yaml.safe_load((DATA_DIR / "checks.yaml").read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def subjects() -> dict:
    """Subject labels and choices shared with the knowledge base (``kb/data/subjects.yaml``)."""
    if not SUBJECTS_FILE.exists():
        return {}
    return yaml.safe_load(SUBJECTS_FILE.read_text(encoding="utf-8")) or {}


def subject_label(subject: str) -> str:
    return (subjects().get(subject) or {}).get("label", subject)


# --------------------------------------------------------------------------- facts
def profile_facts(profile: Any) -> dict[str, Any]:
    """Flat facts of a profile plus what the charter generated for it states."""
    facts: dict[str, Any] = {}
    _flatten(profile.model_dump(mode="json", exclude={"meetings"}), "", facts)
    bound = set(binding_rules(profile.region_code, profile.level))
    for key, spec in (checks().get("charter_facts") or {}).items():
        if isinstance(spec, dict):
            if bound & set(spec.get("when_binding") or []):
                facts[key] = spec["value"]
        else:
            facts[key] = spec
    return derive_facts(facts)


def derive_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Add the derived facts of ``checks.yaml`` (e.g. leaders.count = vice_presidents + 1)."""
    out = dict(facts)
    for key, spec in (checks().get("derived") or {}).items():
        if key in out:
            continue
        value = _derive(spec, out)
        if value is not None:
            out[key] = value
    return out


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}{key}" if not prefix else f"{prefix}.{key}", out)
    else:
        out[prefix] = value


def _derive(spec: Mapping[str, Any], facts: Mapping[str, Any]) -> Any:
    ((op, args),) = spec.items()
    if op == "first":  # first present value
        return next((facts[a] for a in args if facts.get(a) not in (None, "")), None)
    if op == "names":  # list of `field` of each item of a list fact
        items = facts.get(args["list"])
        return None if items is None else [i[args["field"]] for i in items]
    if op == "present":
        return None if args not in facts else facts[args] not in (None, "")
    if op == "kinds":  # 个人会员 / 单位会员, as regulations name the kinds of members
        if "members.count" not in facts:
            return None
        kinds = []
        if facts.get("members.individual_classes"):
            kinds.append("个人会员")
        if facts.get("members.unit_members"):
            kinds.append("单位会员")
        return kinds
    values = [_literal_or_fact(a, facts) for a in args]
    if any(v is None for v in values):
        return None
    if op == "add":
        return sum(values)
    if op == "sub":
        return values[0] - values[1]
    if op == "gt":
        return values[0] > values[1]
    if op == "ge":
        return values[0] >= values[1]
    if op == "eq":
        return values[0] == values[1]
    if op == "ne":
        return values[0] != values[1]
    raise ValueError(f"checks.yaml: unknown derived operator {op}")


def _literal_or_fact(arg: Any, facts: Mapping[str, Any]) -> Any:
    """Numbers and ``=text`` are literals; any other name is a fact path."""
    if isinstance(arg, (int, float)):
        return arg
    if isinstance(arg, str) and arg.startswith("="):
        return arg[1:]
    return facts.get(arg)


# --------------------------------------------------------------------------- evaluation
def applicable_provisions(region_code: str, level: str) -> list[tuple[Provision, bool]]:
    """Every provision of the corpus with whether it binds this society (others: advice)."""
    scope = jurisdiction(kb.load_corpus(), region_code, level)
    ignored = set(checks().get("not_about_the_society") or [])
    others = tuple(checks().get("other_parties") or [])
    out = []
    for prov in load_provisions():
        if prov.subject in ignored or (prov.binds and prov.binds.startswith(others)):
            continue
        if prov.doc_id in scope.binding:
            out.append((prov, True))
        elif prov.doc_id in scope.references:
            out.append((prov, False))
    return out


def binding_rules(region_code: str, level: str) -> dict[str, list[Provision]]:
    """Subject → the binding provisions on it (what the charter must write in)."""
    rules: dict[str, list[Provision]] = {}
    for prov, binding in applicable_provisions(region_code, level):
        if binding:
            rules.setdefault(prov.subject, []).append(prov)
    return rules


def evaluate(
    facts: Mapping[str, Any], region_code: str, level: str, *, include_references: bool = True
) -> list[Finding]:
    """Evaluate every applicable provision against ``facts`` (binding ones first)."""
    facts = derive_facts(facts)
    corpus = kb.load_corpus()
    findings = []
    for prov, binding in applicable_provisions(region_code, level):
        if not binding and not include_references:
            continue
        findings.append(_judge(prov, binding, facts, corpus))
    findings.sort(key=lambda f: (not f.binding, f.doc_id))
    return findings


def check(profile_or_facts: Any) -> list[Finding]:
    """Findings for a ``Profile`` or for a facts mapping that has region_code and level."""
    if isinstance(profile_or_facts, Mapping):
        facts = profile_or_facts
        if not facts.get("region_code") or not facts.get("level"):
            raise InputError("检查需要登记地行政区划代码 region_code 和层级 level")
    else:
        facts = profile_facts(profile_or_facts)
    return evaluate(facts, str(facts["region_code"]), str(facts["level"]))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)


def _judge(prov: Provision, binding: bool, facts: Mapping[str, Any], corpus: Any) -> Finding:
    spec = dict((checks().get("subjects") or {}).get(prov.subject) or {})
    spec.update((spec.get("by_value") or {}).get(str(prov.value_text or prov.value)) or {})
    label = subject_label(prov.subject)
    rule = rule_text(prov)
    severity = prov.severity if binding else "advice"
    clause = corpus.clause(prov.clause_id)
    base = dict(
        provision=prov.id,
        subject=prov.subject,
        subject_label=label,
        binding=binding,
        severity=severity,
        rule=rule,
        doc_id=prov.doc_id,
        clause_id=prov.clause_id,
        citation=clause.citation,
        quote=prov.quote,
        modality=prov.modality,
    )
    if prov.subject == "other":  # an accepted rule no subject key fits: a person must look
        return Finding(**base, status="unknown", message=f"须人工核对：{rule}（“{prov.quote}”）。")
    if not spec:
        return Finding(**base, status="unknown", message=f"{label}：{rule}。此项需人工核对。")
    when = spec.get("when")
    if when and when in facts and not _truthy(facts[when]):
        return Finding(
            **base,
            status="pass",
            fact=when,
            message=f"{label}：不适用（{spec.get('when_text', '条件不具备')}）。",
        )
    found = _actual(spec, facts)
    if found is None:
        keys = spec.get("fact")
        key = keys if isinstance(keys, str) else "、".join(keys or [])
        return Finding(
            **base,
            status="unknown",
            absent=True,
            fact=key,
            message=f"{label}：{rule}；未找到相关内容，无法判断。",
        )
    fact_key, actual, actual_value, shown = found
    if spec.get("flag") and fact_key == _first_key(spec):
        verdict: bool | None = _truthy(actual)
    else:
        verdict = _compare(prov, actual_value, spec)
    if verdict is None:
        return Finding(
            **base,
            status="unknown",
            actual=actual,
            fact=fact_key,
            message=f"{label}：{rule}；现有情况（{shown}）无法与规定比较，需人工核对。",
        )
    if not verdict and prov.modality == "may" and not spec.get("strict_may"):
        return Finding(
            **base,
            status="pass",
            actual=actual,
            fact=fact_key,
            message=f"{label}：规定{rule}（可选做法），现为{shown}，未采用。",
        )
    status: Status = "pass" if verdict else "violation"
    word = "符合" if verdict else "不符合"
    return Finding(
        **base,
        status=status,
        actual=actual,
        fact=fact_key,
        message=f"{label}：规定{rule}，现为{shown}，{word}。",
    )


def _first_key(spec: Mapping[str, Any]) -> str:
    keys = spec.get("fact")
    return keys if isinstance(keys, str) else (keys or [""])[0]


def _actual(spec: Mapping[str, Any], facts: Mapping[str, Any]) -> tuple[str, Any, Any, str] | None:
    """(fact key, raw value, value to compare, value as shown) or None when absent."""
    keys = spec.get("fact")
    if isinstance(keys, list):  # union of list facts
        present = [facts[k] for k in keys if facts.get(k) is not None]
        if not present:
            return None
        union = [
            item for value in present for item in (value if isinstance(value, list) else [value])
        ]
        return "、".join(keys), union, union, "、".join(map(str, union)) or "无"
    if keys and facts.get(keys) is not None:
        actual = facts[keys]
        per = spec.get("per")
        if not per:
            return keys, actual, actual, _show(actual, spec)
        denominator = facts.get(per)
        if denominator and isinstance(actual, (int, float)):
            ratio = actual / denominator
            return keys, actual, ratio, f"{actual}/{denominator}≈{ratio:.4f}"
    for alt in spec.get("alt") or []:
        if facts.get(alt) is not None:
            value = facts[alt]
            number = _number(value) if not isinstance(value, bool) else None
            return alt, value, number if number is not None else value, _show(value, spec)
    return None


def _show(actual: Any, spec: Mapping[str, Any]) -> str:
    shown = (spec.get("show") or {}).get(
        str(actual).lower() if isinstance(actual, bool) else str(actual)
    )
    if shown:
        return shown
    if isinstance(actual, bool):
        return "已载明" if actual else "未载明"
    if isinstance(actual, list):
        return "、".join(map(str, actual)) or "无"
    return f"{actual}{spec.get('unit', '')}"


def _number(value: Any) -> float | None:
    try:
        return float(Fraction(str(value)))
    except (ValueError, ZeroDivisionError):
        return None


def _compare(prov: Provision, actual: Any, spec: Mapping[str, Any]) -> bool | None:
    op, value = prov.operator, prov.value
    if op in ("<=", "<", ">=", ">", "==", "between"):
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return None
        if op == "between":
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                return None
            low, high = _number(value[0]), _number(value[1])
            if low is None or high is None:
                return None
            return low - _TOLERANCE <= actual <= high + _TOLERANCE
        limit = _number(value)
        if limit is None:
            return None
        return {
            "<=": actual <= limit + _TOLERANCE,
            "<": actual < limit,
            ">=": actual >= limit - _TOLERANCE,
            ">": actual > limit,
            "==": abs(actual - limit) <= _TOLERANCE,
        }[op]
    if op in ("required", "forbidden"):
        if isinstance(value, list) and isinstance(actual, list):
            have = {str(a) for a in actual}
            present = all(str(v) in have for v in value)
        else:
            present = _truthy(actual)
        return present if op == "required" else not present
    if op in ("elected_by", "appointed_by", "approved_by"):
        if isinstance(actual, bool):
            return actual
        return _same_body(str(actual), str(value))
    if op == "one_of":
        allowed = _allowed(prov, spec)
        items = actual if isinstance(actual, list) else [actual]
        return any(str(i) in allowed for i in items)
    return None


def _truthy(value: Any) -> bool:
    if isinstance(value, (list, tuple, dict, str)):
        return len(value) > 0 and value not in ("无", "none", "false")
    return bool(value)


def _normalise_body(name: str) -> str:
    for old, new in (checks().get("body_synonyms") or {}).items():
        name = name.replace(old, new)
    return name.replace("（", "").replace("）", "").replace("(", "").replace(")", "").strip()


def _same_body(actual: str, expected: str) -> bool:
    same = checks().get("body_equivalents") or {}
    actual, expected = same.get(actual, actual), same.get(expected, expected)
    a, e = _normalise_body(actual), _normalise_body(expected)
    return a == e or e in a or a in e


def _allowed(prov: Provision, spec: Mapping[str, Any]) -> set[str]:
    choices = dict((subjects().get(prov.subject) or {}).get("choices") or {})
    choices.update(spec.get("choices") or {})
    values = prov.value if isinstance(prov.value, list) else [prov.value]
    allowed: set[str] = set()
    for item in values:
        mapped = choices.get(item, item)
        allowed.update(str(m) for m in (mapped if isinstance(mapped, list) else [mapped]))
    return allowed


_OPERATOR_TEXT = {"<=": "不超过", "<": "少于", ">=": "不少于", ">": "多于", "==": "为"}
_SELF_WORDED = ("至少", "不超过", "以上", "以内", "不少于", "以下", "之间", "内", "最长", "每")


def rule_text(prov: Provision) -> str:
    """The rule in words, e.g. 一般不超过150人 / 应当：设立监事会."""
    modal, op = MODALITY_WORDS[prov.modality], prov.operator
    listed = "、".join(map(str, prov.value)) if isinstance(prov.value, list) else prov.value
    words = prov.value_text or str(listed)
    if op in _OPERATOR_TEXT or op == "between":
        if prov.value_text and any(w in prov.value_text for w in _SELF_WORDED):
            return f"{modal}{prov.value_text}" if modal not in prov.value_text else prov.value_text
        unit = "" if prov.unit in (None, "比例") else prov.unit
        if op == "between":
            low, high = prov.value if isinstance(prov.value, list) else ("", "")
            return f"{modal}在{prov.value_text or f'{low}–{high}'}{unit}之间"
        return f"{modal}{_OPERATOR_TEXT[op]}{words}{unit if not prov.value_text else ''}"
    if op in ("required", "forbidden"):
        verb = "不得" if op == "forbidden" else MODALITY_LABELS[prov.modality]
        return f"{verb}：{words}"
    if op == "elected_by":
        return prov.value_text or f"{modal}由{listed}选举产生"
    if op == "appointed_by":
        return prov.value_text or f"{modal}由{listed}决定（聘任）"
    if op == "approved_by":
        return prov.value_text or f"{modal}经{listed}批准"
    if op == "one_of":
        return prov.value_text or f"{modal}为{listed}之一"
    return f"{modal}{words}"
