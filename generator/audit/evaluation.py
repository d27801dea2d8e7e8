"""Judge an existing charter: every applicable provision, against what the charter says.

The rules are the generator's: the facts read out of the charter go through
``generator.rules.compliance.evaluate`` exactly as a profile's facts do, so a charter the generator
wrote passes the audit and a rule the audit enforces is one the generator writes in. The
audit adds what a charter, unlike a profile, can show:

- the article each fact came from, quoted verbatim (现行表述);
- "absent" when the charter says nothing on a subject;
- rules the charter states as shares (理事人数不超过会员代表人数的三分之一), which a profile
  expresses as two head counts: checks.yaml reads them through `alt` facts;
- the customary content of the model charter and the regulation (``model_charter_rules.yaml``),
  reported as warnings or advice because their text is not in the corpus.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.audit.facts import Fact, profile_facts
from generator.rules import compliance
from generator.rules.compliance import SEVERITY_LABELS
from kb.provisions import load_provisions

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "model_charter_rules.yaml"

STATUS_LABELS = {
    "satisfied": "符合",
    "violated": "不符合",
    "absent": "章程未规定",
    "unknown": "需人工核对",
    "not_applicable": "不适用",
}
# Facts a profile may add to the charter's own: who the members are is not charter text.
PROFILE_CONTEXT = ("members.",)


@dataclass
class Edit:
    """One change to the charter: in ``article``, the sentence ``before`` becomes ``after``."""

    article: str  # citation: 第十九条
    article_text: str  # the article as it stands, verbatim
    before: str
    after: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class AuditFinding:
    """One rule judged against the charter."""

    id: str
    source: str  # provision | model
    subject: str
    label: str
    status: str  # satisfied | violated | absent | unknown | not_applicable
    severity: str  # error | warning | advice
    binding: bool
    rule: str
    citation: str  # of the rule: 《河南省…》四、3.⑹
    quote: str  # the rule's words, verbatim from the corpus ("" for model rules)
    message: str
    article: str | None = None  # where the charter says it: 第十八条
    current: str = ""  # what the charter says (the sentence), verbatim
    article_text: str = ""  # the whole article, verbatim (原条文 of the revision table)
    actual: str = ""
    doc_id: str | None = None
    clause_id: str | None = None
    fact_key: str | None = None  # the charter fact judged
    proposal: str = ""  # proposed article text (from the generator's templates)
    proposal_kind: str = ""  # replace | add
    proposal_chapter: str = ""  # chapter of the generated charter where an added article goes
    template_text: str = ""  # the generated charter's article(s) on this subject, in full
    edits: list[Edit] = field(default_factory=list)  # sentence changes in the charter

    @property
    def is_problem(self) -> bool:
        return self.status in ("violated", "absent")

    @property
    def decides_exit(self) -> bool:
        """Binding, mandatory (须/应) and not met: what makes `xuehui audit` exit 1."""
        return self.binding and self.severity == "error" and self.is_problem

    def to_dict(self) -> dict:
        data = dict(self.__dict__)
        data["edits"] = [e.to_dict() for e in self.edits]
        data["status_label"] = STATUS_LABELS[self.status]
        data["severity_label"] = SEVERITY_LABELS[self.severity]
        return data


@dataclass
class Evaluation:
    findings: list[AuditFinding] = field(default_factory=list)
    binding_docs: list[str] = field(default_factory=list)
    reference_docs: list[str] = field(default_factory=list)


def audit_facts(facts: Mapping[str, Fact], profile: Any = None) -> dict[str, Any]:
    """The flat facts compliance reads: the charter's, plus member counts from a profile."""
    flat = profile_facts(dict(facts))
    for key, fact in facts.items():
        if key.startswith("charter."):
            value = fact.value
            flat[key] = float(value) if isinstance(value, Fraction) else value
    # Whether the charter has a standing council decides if its rules apply at all.
    flat["governance.has_standing_council"] = "charter.standing_council" in facts or bool(
        flat.get("governance.standing_council_size")
    )
    if profile is not None:
        context = compliance.profile_facts(profile)
        for key, value in context.items():
            if key.startswith(PROFILE_CONTEXT) and key not in flat:
                flat[key] = value
    return flat


def evaluate_charter(
    facts: Mapping[str, Fact], region_code: str, level: str, profile: Any = None
) -> Evaluation:
    """Every provision of the corpus that applies (binding first), then the model rules."""
    from kb import load_corpus
    from kb.jurisdiction import jurisdiction

    flat = audit_facts(facts, profile)
    spec_of = compliance.checks().get("subjects") or {}
    by_subject = {f.subject: f for f in facts.values() if f.subject}
    out = Evaluation()
    operators = {p.id: p.operator for p in load_provisions()}
    for finding in compliance.evaluate(flat, region_code, level):
        keys = [k for k in (finding.fact or "").split("、") if k]
        fact = next((facts[k] for k in keys if k in facts), None) or by_subject.get(finding.subject)
        audited = _from_compliance(finding, fact, spec_of)
        if (
            len(keys) > 1
            and keys[0] not in facts
            and operators.get(finding.provision) == "one_of"
            and audited.status == "violated"
        ):
            # 个人会员分为… is what a one_of on classes asks about; 会员分为个人会员和单位会员
            # does not answer it: the charter is silent, not wrong.
            audited = _from_compliance(
                finding.model_copy(update={"status": "unknown", "absent": True}), None, spec_of
            )
        out.findings.append(audited)
    out.findings.extend(evaluate_model_rules(facts))
    scope = jurisdiction(load_corpus(), region_code, level)
    out.binding_docs, out.reference_docs = scope.binding, scope.references
    return out


def _from_compliance(
    finding: compliance.Finding, fact: Fact | None, spec_of: Mapping[str, Any]
) -> AuditFinding:
    when = (spec_of.get(finding.subject) or {}).get("when")
    if finding.status == "pass":
        status = "not_applicable" if when and finding.fact == when else "satisfied"
    elif finding.status == "violation":
        status = "violated"
    elif finding.absent:  # compliance looked for the fact and the charter does not state it
        status = "absent"
    else:
        status = "unknown"
    if fact is not None and fact.derived and status == "absent":
        status = "unknown"
    article = fact.article if fact is not None and status != "absent" else None
    actual = fact.display if fact is not None else ""
    message = _message(finding, status, fact, actual)
    return AuditFinding(
        id=finding.provision,
        source="provision",
        subject=finding.subject,
        label=finding.subject_label,
        status=status,
        severity=finding.severity,
        binding=finding.binding,
        rule=finding.rule,
        citation=finding.citation,
        quote=finding.quote,
        message=message,
        article=article.citation if article else None,
        current=fact.quote if article else "",
        article_text=article.text if article else "",
        actual=actual if article else "",
        doc_id=finding.doc_id,
        clause_id=finding.clause_id,
        fact_key=fact.key if fact is not None else None,
    )


def _message(finding: compliance.Finding, status: str, fact: Fact | None, actual: str) -> str:
    label, rule = finding.subject_label, finding.rule
    where = f"章程{fact.citation}" if fact is not None and fact.article else "章程"
    if status == "satisfied":
        return f"{label}：规定{rule}；{where}规定“{actual}”，符合。"
    if status == "violated":
        return f"{label}：规定{rule}；{where}规定“{actual}”，不符合。"
    if status == "absent":
        return f"{label}：规定{rule}；章程中没有相应条款。"
    if status == "not_applicable":
        return finding.message
    if fact is None:
        return f"{label}：规定{rule}；暂无自动核对规则，请人工核对章程是否作出规定。"
    return f"{label}：规定{rule}；{where}的表述（“{actual}”）需人工核对。"


# --------------------------------------------------------------------------- model rules
@lru_cache(maxsize=1)
def model_rules() -> tuple[dict, ...]:
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")) or {}
    return tuple(raw.get("rules") or ())


def _as_number(value: Any) -> Fraction | None:
    if isinstance(value, bool):
        return None
    try:
        return Fraction(str(value)) if not isinstance(value, Fraction) else value
    except (ValueError, ZeroDivisionError):
        return None


def _compare(rule: Mapping[str, Any], value: Any) -> bool | None:
    op = rule["operator"]
    if op == "required":
        return bool(value)
    if op == "==":
        return value == rule["value"]
    actual, limit = _as_number(value), _as_number(rule["value"])
    if actual is None or limit is None:
        return None
    return actual <= limit if op == "<=" else actual >= limit


def evaluate_model_rules(facts: Mapping[str, Fact]) -> list[AuditFinding]:
    """The model charter's customary content and the regulation's required articles."""
    out = []
    for rule in model_rules():
        when = rule.get("when")
        if when and not (facts.get(when) and facts[when].value):
            continue
        fact = facts.get(rule["fact"])
        base = dict(
            id=rule["id"],
            source="model",
            subject=rule.get("subject") or rule["fact"],
            label=rule["label"],
            severity=rule["severity"],
            binding=False,
            rule=rule["rule"],
            citation=rule["source"],
            quote="",
            fact_key=rule["fact"],
        )
        if fact is None:
            out.append(
                AuditFinding(
                    **base,
                    status="absent",
                    message=f"{rule['label']}：{rule['rule']}；章程中没有相应条款。",
                )
            )
            continue
        verdict = _compare(rule, fact.value)
        status = "unknown" if verdict is None else "satisfied" if verdict else "violated"
        word = {"satisfied": "符合", "violated": "不符合", "unknown": "需人工核对"}[status]
        out.append(
            AuditFinding(
                **base,
                status=status,
                message=f"{rule['label']}：{rule['rule']}；章程{fact.citation}规定“{fact.display}”，{word}。",
                article=fact.citation or None,
                current=fact.quote,
                article_text=fact.article.text if fact.article else "",
                actual=fact.display,
            )
        )
    return out
