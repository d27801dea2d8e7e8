"""The rule engine: every rule that applies to a society, judged against its facts.

One engine for `check`, `generate` and `audit`. Facts are a flat mapping of field paths to
values (``governance.council_size: 120``, ``charter.council_quorum: 0.6667``); where a fact
was read from a charter, ``evidence`` names the article and quotes it. A profile gives its
fields, and what its generated charter states is read back with the audit's reader
(``generator.rules.readback``); the audit reads the same keys from an existing charter. How a
rule's subject is read — which fact, relative to what, when it applies — is data in
``generator/data/checks.yaml``; this module only knows the operators.

Rules come in four tiers (``generator.rules.findings``): the national law (the corpus's
national documents), the model charter (``generator/data/model_charter_rules.yaml``), the
regional documents that bind the society, and references. Severity follows the wording of
the rule (须/应 → error, 原则上/一般 → warning, 可以/鼓励 → advice); a reference is advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

import kb
from generator.rules.findings import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    TIER_ORDER,
    Evidence,
    Finding,
    Status,
)
from kb.errors import InputError
from kb.jurisdiction import jurisdiction
from kb.provisions import (
    MODALITY_LABELS,
    MODALITY_SEVERITY,
    MODALITY_WORDS,
    Provision,
    load_provisions,
)

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SUBJECTS_FILE = Path(kb.__file__).resolve().parent / "data" / "subjects.yaml"
MODEL_RULES_FILE = DATA_DIR / "model_charter_rules.yaml"
_TOLERANCE = 5e-4  # ratios are stored to 4 decimals: 50/150 must pass "≤ 1/3"

__all__ = [
    "SEVERITY_LABELS",
    "STATUS_LABELS",
    "TIER_LABELS",
    "Evidence",
    "Finding",
    "Rule",
    "check",
    "evaluate",
    "has_errors",
]


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
    """Flat facts of a profile (its fields and the derived facts), nothing about its charter.

    What the generated charter states is read back from the charter itself
    (``generator.rules.readback``), never assumed.
    """
    facts: dict[str, Any] = {}
    _flatten(profile.model_dump(mode="json", exclude={"meetings"}), "", facts)
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
    if op == "any":  # true when any of these facts is true; None when none is known
        known = [facts[a] for a in args if facts.get(a) is not None]
        return None if not known else any(_truthy(v) for v in known)
    if op == "prefixes":  # which of these words a text fact starts with (名称冠以“中国”)
        text = facts.get(args["fact"])
        return None if text is None else [w for w in args["words"] if str(text).startswith(w)]
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


# --------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class Rule:
    """One rule as the engine judges it: a corpus provision or a model-charter rule."""

    id: str
    source: str  # provision | model
    tier: str  # law | model | regional | reference
    subject: str
    operator: str
    value: Any
    modality: str
    text: str  # the rule in words
    citation: str
    quote: str = ""
    doc_id: str | None = None
    clause_id: str | None = None
    label: str = ""
    reading: Mapping[str, Any] = field(default_factory=dict)  # how facts are read (checks.yaml)
    value_text: str | None = None
    when_present: str | None = None  # model rules: apply only when this fact is true
    # model rules: a departure the charter submits to approval (由秘书长担任…报…批准) is allowed
    unless_present: str | None = None

    @property
    def binding(self) -> bool:
        return self.tier != "reference"

    @property
    def severity(self) -> str:
        if not self.binding:
            return "advice"
        if self.modality == "may" and self.reading.get("strict_may"):
            return "warning"  # the condition of an option, broken: 300个以上才可改行代表大会
        return MODALITY_SEVERITY[self.modality]


@lru_cache(maxsize=1)
def model_rules() -> tuple[dict, ...]:
    """The model charter's customary rules (``generator/data/model_charter_rules.yaml``)."""
    raw = yaml.safe_load(MODEL_RULES_FILE.read_text(encoding="utf-8")) or {}
    return tuple(raw.get("rules") or ())


def _model_rule(entry: Mapping[str, Any]) -> Rule:
    reading = dict(entry.get("reading") or {})
    if "fact" in entry:
        reading.setdefault("fact", entry["fact"])
    if "check_as" in entry:  # read like a corpus subject (e.g. a ratio of two head counts)
        reading = {**((checks().get("subjects") or {}).get(entry["check_as"]) or {}), **reading}
    return Rule(
        id=entry["id"],
        source="model",
        tier="model",
        subject=entry.get("subject") or entry.get("check_as") or entry["fact"],
        operator=entry["operator"],
        value=entry.get("value"),
        modality=entry["modality"],
        text=entry["rule"],
        citation=entry["source"],
        label=entry["label"],
        reading=reading,
        when_present=entry.get("when"),
        unless_present=entry.get("unless"),
    )


def _provision_rule(prov: Provision, tier: str, citation: str) -> Rule:
    spec = dict((checks().get("subjects") or {}).get(prov.subject) or {})
    spec.update((spec.get("by_value") or {}).get(str(prov.value_text or prov.value)) or {})
    return Rule(
        id=prov.id,
        source="provision",
        tier=tier,
        subject=prov.subject,
        operator=prov.operator,
        value=prov.value,
        modality=prov.modality,
        text=rule_text(prov),
        citation=citation,
        quote=prov.quote,
        doc_id=prov.doc_id,
        clause_id=prov.clause_id,
        label=subject_label(prov.subject),
        reading=spec,
        value_text=prov.value_text,
    )


LISTS = ("required", "one_of")  # operators asking for items, which a charter may just omit


def practice_rule(rule: Rule) -> bool:
    """A regional rule on how the society works, which its charter need not state
    (``practice_not_charter_text`` in checks.yaml)."""
    return rule.source == "provision" and rule.subject in set(
        checks().get("practice_not_charter_text") or []
    )


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


def rules_for(region_code: str, level: str, *, include_references: bool = True) -> list[Rule]:
    """Every rule that applies to a society here: law, model charter, regional, references."""
    corpus = kb.load_corpus()
    out = []
    for prov, binding in applicable_provisions(region_code, level):
        if not binding and not include_references:
            continue
        doc = corpus.document(prov.doc_id)
        tier = ("law" if doc.meta.level == "national" else "regional") if binding else "reference"
        out.append(_provision_rule(prov, tier, corpus.clause(prov.clause_id).citation))
    out.extend(_model_rule(entry) for entry in model_rules())
    return out


# --------------------------------------------------------------------------- evaluation
def evaluate(
    facts: Mapping[str, Any],
    region_code: str,
    level: str,
    *,
    evidence: Mapping[str, Evidence] | None = None,
    reading: str = "profile",
    include_references: bool = True,
) -> list[Finding]:
    """Judge every applicable rule against ``facts`` (law first, references last).

    ``evidence`` says where a charter states a fact; ``reading`` is ``profile`` (a society
    profile and its generated charter) or ``charter`` (an existing charter, where what makes
    a society — its members, its funds — is not charter text and cannot be absent).
    """
    facts = derive_facts({"region_code": region_code, "level": level, **facts})
    evidence = evidence or {}
    findings = [
        _judge(rule, facts, evidence, reading)
        for rule in rules_for(region_code, level, include_references=include_references)
    ]
    findings.sort(key=lambda f: (TIER_ORDER[f.tier], f.doc_id or ""))
    return findings


def check(profile_or_facts: Any) -> list[Finding]:
    """Findings for a ``Profile`` (with what its generated charter states) or for a facts
    mapping that has region_code and level."""
    if isinstance(profile_or_facts, Mapping):
        facts = profile_or_facts
        if not facts.get("region_code") or not facts.get("level"):
            raise InputError("检查需要登记地行政区划代码 region_code 和层级 level")
        return evaluate(facts, str(facts["region_code"]), str(facts["level"]))
    from generator.rules.readback import charter_statements

    profile = profile_or_facts
    facts = profile_facts(profile)
    stated, evidence = charter_statements(profile)
    for key, value in stated.items():
        if key not in facts:
            facts[key] = value  # what only the charter can say (charter.*)
        elif not _same_value(facts[key], value):
            # the profile is the society; an article saying something else (a cap of 150
            # where the council has 99) does not state this fact
            evidence.pop(key, None)
    return evaluate(facts, profile.region_code, profile.level, evidence=evidence)


def _same_value(a: Any, b: Any) -> bool:
    x, y = _number(a), _number(b)
    if x is not None and y is not None and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(x - y) <= _TOLERANCE
    return a == b


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)


def _judge(
    rule: Rule, facts: Mapping[str, Any], evidence: Mapping[str, Evidence], reading: str
) -> Finding:
    spec = rule.reading
    label = rule.label or subject_label(rule.subject)
    base = dict(
        id=rule.id,
        source=rule.source,
        tier=rule.tier,
        subject=rule.subject,
        label=label,
        binding=rule.binding,
        severity=_severity(rule, spec),
        rule=rule.text,
        citation=rule.citation,
        quote=rule.quote,
        modality=rule.modality,
        doc_id=rule.doc_id,
        clause_id=rule.clause_id,
    )

    def finding(status: Status, message: str, key: str | None = None, **extra: Any) -> Finding:
        where = evidence.get(key or "")
        if where is not None and status != "absent" and not where.derived:
            extra.update(
                article=where.citation, current=where.sentence, article_text=where.article_text
            )
        return Finding(**base, status=status, message=message, fact_key=key, **extra)

    if rule.subject == "other":  # an accepted rule no subject key fits: a person must look
        return finding("unknown", f"须人工核对：{rule.text}（“{rule.quote}”）。")
    if not spec:
        return finding("unknown", f"{label}：{rule.text}。此项暂无自动核对规则，需人工核对。")
    when = spec.get("when")
    if when and when in facts and not _truthy(facts[when]):
        why = spec.get("when_text", "条件不具备")
        return finding("not_applicable", f"{label}：不适用（{why}）。", when)
    stated = spec.get("when_stated")  # a charter is judged on it only if it has the office
    if stated and reading == "charter" and not _truthy(facts.get(stated)):
        return finding(
            "not_applicable", f"{label}：不适用（{spec.get('when_text', '')}）。", stated
        )
    if rule.when_present and not _truthy(facts.get(rule.when_present)):
        return finding("not_applicable", f"{label}：不适用。", rule.when_present)
    found = _actual(spec, facts, prefer_stated=reading == "charter")
    denied = spec.get("denied_by")
    if found is None and denied and _truthy(facts.get(denied)):
        # the charter says the opposite (秘书长可由挂靠单位在职人员兼任): stated, and false
        found = denied, False, False, _show(False, spec)
    if found is None:
        key = _first_key(spec) or None
        if reading == "charter" and (spec.get("about") == "society" or practice_rule(rule)):
            return finding(
                "unknown",
                f"{label}：规定{rule.text}；这是对学会本身的要求，章程通常不载明，请另行核对。",
                key,
            )
        return finding("absent", f"{label}：规定{rule.text}；{_absent_fix(key, reading)}", key)
    fact_key, actual, compared, shown = found
    flag = spec.get("flag")
    if flag and fact_key == (_first_key(spec) if flag is True else flag):
        verdict: bool | None = _truthy(actual)
    else:
        verdict = _compare(rule, compared, spec)
    if verdict is False and _within_floor(spec, rule, actual, compared):
        verdict = True
    where = evidence.get(fact_key)
    stated = where is not None and not where.derived
    if stated and where.display and not (spec.get("per") and fact_key == spec.get("fact")):
        shown = where.display  # as the charter words it (a ratio stays numerator/denominator)
    extra = dict(value=actual, actual=shown)
    if verdict is None:
        text = f"{label}：规定{rule.text}；现有情况（{shown}）无法与规定自动比较，需人工核对。"
        return finding("unknown", text, fact_key, **extra)
    if not verdict and rule.unless_present and _truthy(facts.get(rule.unless_present)):
        text = f"{label}：规定{rule.text}；现为{shown}，章程已载明须经审查和批准。"
        return finding("not_applicable", text, fact_key, **extra)
    if (
        not verdict
        and practice_rule(rule)
        and reading == "charter"
        and rule.operator in LISTS
        and fact_key != denied
    ):
        # 设立专业委员会、工作委员会 does not contradict a rule that a 科普 committee exist:
        # how the society works is checked by a person
        text = f"{label}：规定{rule.text}；章程载明“{shown}”，是否设立需人工核对。"
        return finding("unknown", text, fact_key, **extra)
    if not verdict and rule.modality == "may" and not spec.get("strict_may"):
        text = f"{label}：规定{rule.text}（可选做法），现为{shown}，未采用。"
        return finding("not_applicable", text, fact_key, **extra)
    if verdict:
        said = (
            f"章程{where.citation}规定“{shown}”，已载明，符合" if stated else f"现为{shown}，符合"
        )
        return finding("satisfied", f"{label}：规定{rule.text}；{said}。", fact_key, **extra)
    said = f"章程{where.citation}规定“{shown}”" if stated else f"现为{shown}"
    context = evidence.get(spec.get("context") or "")
    if (
        context is not None
        and not context.derived
        and (not stated or context.citation != where.citation)
    ):
        # 126名会员 (第八条) against 会员代表大会 (第十四条): both articles are the defect
        said += f"，而{context.citation}规定“{context.display}”"
    fix = _violation_fix(fact_key, rule, reading)
    return finding(
        "violated", f"{label}：规定{rule.text}；{said}，不符合。{fix}", fact_key, **extra
    )


def _severity(rule: Rule, spec: Mapping[str, Any]) -> str:
    """The rule's severity; checks.yaml may lower it (a benchmark read as a warning)."""
    severity = rule.severity
    lowered = spec.get("severity")
    order = ("advice", "warning", "error")
    if lowered and order.index(lowered) < order.index(severity):
        return lowered
    return severity


def _within_floor(spec: Mapping[str, Any], rule: Rule, actual: Any, compared: Any) -> bool:
    """A share with a head-count floor (按照会员数的1－5‰（不少于3人）配备): a count no higher
    than the floor is within the benchmark however few the members are (500 members, 3 staff).
    """
    floor = spec.get("floor")
    if floor is None or rule.operator != "between" or isinstance(actual, bool):
        return False
    if not isinstance(actual, (int, float)) or not isinstance(compared, (int, float)):
        return False
    high = _number(rule.value[1]) if isinstance(rule.value, (list, tuple)) else None
    return high is not None and compared > high and actual <= floor


def _field_hint(key: str | None) -> str:
    from generator.profile import FIELD_LABELS

    if key and key in FIELD_LABELS:
        return f"学会信息 {key}（{FIELD_LABELS[key]}）"
    return ""


def _absent_fix(key: str | None, reading: str) -> str:
    hint = _field_hint(key)
    if reading == "profile" and hint:
        return f"未填写，请在{hint}中填写。"
    if reading == "profile":
        return "生成的章程中没有载明，请补充学会信息或章程模板中的相应条款。"
    return "章程中没有相应条款，请增加。"


def _violation_fix(key: str | None, rule: Rule, reading: str) -> str:
    hint = _field_hint(key)
    target = hint if reading == "profile" and hint else "章程相应条款"
    return f"请修改{target}，使其{rule.text}。"


def _first_key(spec: Mapping[str, Any]) -> str:
    keys = spec.get("fact")
    return keys if isinstance(keys, str) else (keys or [""])[0]


def _actual(
    spec: Mapping[str, Any], facts: Mapping[str, Any], prefer_stated: bool = False
) -> tuple[str, Any, Any, str] | None:
    """(fact key, raw value, value to compare, value as shown) or None when absent.

    Reading a charter (``prefer_stated``), the share it states itself (理事人数不超过会员代表
    人数的三分之一, an `alt` fact) comes before a share computed from head counts, which a
    charter often gives only as caps.
    """
    if prefer_stated and spec.get("per"):
        for alt in spec.get("alt") or []:
            if facts.get(alt) is not None:
                return _alt_value(alt, facts[alt], spec)
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
            return _alt_value(alt, facts[alt], spec)
    return None


def _alt_value(key: str, value: Any, spec: Mapping[str, Any]) -> tuple[str, Any, Any, str]:
    number = _number(value) if not isinstance(value, bool) else None
    return key, value, number if number is not None else value, _show(value, spec)


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


def _compare(rule: Rule, actual: Any, spec: Mapping[str, Any]) -> bool | None:
    op, value = rule.operator, rule.value
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
            if op == "forbidden":  # none of the forbidden things may be there
                return not any(str(v) in have for v in value)
            return all(str(v) in have for v in value)
        present = _truthy(actual)
        return present if op == "required" else not present
    if op in ("elected_by", "appointed_by", "approved_by"):
        if isinstance(actual, bool):
            return actual
        return _same_body(str(actual), str(value))
    if op == "one_of":
        allowed = _allowed(rule, spec)
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


def _allowed(rule: Rule, spec: Mapping[str, Any]) -> set[str]:
    choices = dict((subjects().get(rule.subject) or {}).get("choices") or {})
    choices.update(spec.get("choices") or {})
    values = rule.value if isinstance(rule.value, list) else [rule.value]
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
