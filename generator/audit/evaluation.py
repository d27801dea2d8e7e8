"""Judge an existing charter: every applicable rule, against what the charter says.

The rules and the judging are the engine's (``generator.rules.compliance``): the facts read
out of the charter go through ``evaluate`` exactly as a profile's facts do, so a charter the
generator wrote passes the audit and a rule the audit enforces is one `check` enforces. The
audit adds what a charter, unlike a profile, can show:

- the article each fact came from, quoted verbatim (现行表述), as the engine's ``Evidence``;
- rules the charter states as shares (理事人数不超过会员代表人数的三分之一), which a profile
  expresses as two head counts: checks.yaml reads them through `alt` facts;
- that what makes a society (its members, its funds) is not charter text: reading a charter,
  the engine reports such a rule as "需人工核对", never as missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from generator.audit.facts import Fact, profile_facts
from generator.rules import compliance
from generator.rules.compliance import model_rules
from generator.rules.findings import STATUS_LABELS, Edit, Evidence, Finding

__all__ = [
    "STATUS_LABELS",
    "Edit",
    "Evaluation",
    "Finding",
    "audit_facts",
    "evaluate_charter",
    "evidence_of",
    "model_rules",
]

# Facts a profile may add to the charter's own: who the members are is not charter text.
PROFILE_CONTEXT = ("members.", "funds", "address", "name")


@dataclass
class Evaluation:
    findings: list[Finding] = field(default_factory=list)
    binding_docs: list[str] = field(default_factory=list)
    reference_docs: list[str] = field(default_factory=list)


def audit_facts(
    facts: Mapping[str, Fact], profile: Any = None, *, branch: bool = False
) -> dict[str, Any]:
    """The flat facts the engine reads: the charter's, plus member counts from a profile.
    A branch's charter (``branch``) answers no rule about legal persons."""
    flat = profile_facts(dict(facts))
    flat["society.is_legal_person"] = not branch
    flat["society.own_finances"] = not (branch and "charter.finances_of_society" in facts)
    for key, fact in facts.items():
        if key.startswith("charter."):
            value = fact.value
            flat[key] = float(value) if isinstance(value, Fraction) else value
    flat["charter.exists"] = True  # what is being read is the charter (民法典第九十一条)
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


def evidence_of(facts: Mapping[str, Fact]) -> dict[str, Evidence]:
    """Where the charter states each fact: the article, its sentence and its whole text."""
    return {
        key: Evidence(
            citation=fact.citation,
            sentence=fact.quote,
            article_text=fact.article.text if fact.article else "",
            display=fact.display,
            derived=fact.derived or fact.article is None,
        )
        for key, fact in facts.items()
    }


def evaluate_charter(
    facts: Mapping[str, Fact],
    region_code: str,
    level: str,
    profile: Any = None,
    *,
    branch: bool = False,
) -> Evaluation:
    """Every rule that applies — law, model charter, binding regional rules, references."""
    from kb import load_corpus
    from kb.jurisdiction import jurisdiction

    flat = audit_facts(facts, profile, branch=branch)
    evidence = evidence_of(facts)
    out = Evaluation()
    for finding in compliance.evaluate(
        flat, region_code, level, evidence=evidence, reading="charter"
    ):
        out.findings.append(_as_read_in_a_charter(finding, facts))
    scope = jurisdiction(load_corpus(), region_code, level)
    out.binding_docs, out.reference_docs = scope.binding, scope.references
    return out


def _as_read_in_a_charter(finding: Finding, facts: Mapping[str, Fact]) -> Finding:
    """What the engine's verdict means for a charter's wording."""
    fact = facts.get(finding.fact_key or "")
    if finding.status == "absent" and fact is not None and fact.derived:
        finding.status = "unknown"  # inferred, not stated: a person must read the article
    if finding.status == "violated" and not finding.article:
        # 本会设监事一名 breaks a rule asking for a 监事会 (read through a derived fact): the
        # article to amend is the one stating what the rule is about
        stem = finding.subject.split(".")[0].rstrip("s")
        stated = (
            fact
            if fact is not None and fact.article
            else next((f for f in facts.values() if f.article and stem in f.key), None)
        )
        if stated is not None:
            finding.article, finding.article_text = stated.citation, stated.article.text
    keys = [k for k in (finding.fact_key or "").split("、") if k]
    if (
        finding.status == "violated"
        and finding.source == "provision"
        and len(keys) > 1
        and keys[0] not in facts
        and any(r.operator == "one_of" for r in _rules_named(finding.id))
    ):
        # 个人会员分为… is what a one_of on classes asks about; 会员分为个人会员和单位会员
        # does not answer it: the charter is silent, not wrong.
        finding.status = "absent"
        finding.article, finding.current, finding.article_text = None, "", ""
        finding.message = f"{finding.label}：规定{finding.rule}；章程中没有相应条款，请增加。"
    if finding.status == "unknown" and finding.article is None:
        stated = next((f for f in facts.values() if f.subject == finding.subject), None)
        if stated is not None and stated.article is not None:
            finding.article, finding.current = stated.citation, stated.quote
            finding.article_text, finding.actual = stated.article.text, stated.display
            finding.message = (
                f"{finding.label}：规定{finding.rule}；章程{stated.citation}的表述"
                f"（“{stated.display}”）需人工核对。"
            )
    return finding


def _rules_named(rule_id: str):
    from kb.provisions import load_provisions

    return [p for p in load_provisions() if p.id == rule_id]
