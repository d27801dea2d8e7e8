"""Charter audit: check an existing charter against the rules that bind the society.

``audit(path, region_code=…, level=…)`` or ``audit(path, profile=…)`` reads the charter
(``generator.audit.reader``), extracts its facts (``generator.audit.facts``), judges every
applicable provision with the generator's compliance rules (``evaluation``), proposes article
text from the generator's templates (``proposals``) and returns an ``AuditReport``; the
``reports`` module writes it as Markdown/Word and as a 修改对照表.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.audit import consistency, contents, merging, scope
from generator.audit.evaluation import STATUS_LABELS, Finding, evaluate_charter
from generator.audit.facts import Fact, extract_facts
from generator.audit.reader import Charter, Problem, parse_charter, read_charter
from generator.profile import Profile
from kb.errors import InputError
from kb.levels import LEVEL_LABELS, parse_level
from kb.regions import region_name, region_problem

__all__ = ["Finding", "AuditReport", "STATUS_LABELS", "audit", "audit_charter", "audit_text"]


@dataclass
class AuditReport:
    """Everything the audit found, ready for the terminal, JSON and Word."""

    charter: Charter
    facts: dict[str, Fact]
    findings: list[Finding]
    region_code: str
    level: str
    binding_docs: list[str] = field(default_factory=list)
    reference_docs: list[str] = field(default_factory=list)
    profile_name: str | None = None
    drafting_profile: Profile | None = None
    consistency: list[Problem] = field(default_factory=list)
    force: bool = False  # the model charter's tier is reported but does not fail the audit

    @property
    def problems(self) -> list[Problem]:
        """The document's own problems: numbering, what could not be read, inconsistencies."""
        return self.charter.problems + self.consistency

    @property
    def exit_code(self) -> int:
        """0: nothing binding violated or absent; 1: something is (as `xuehui check`).

        A problem of the text itself at the law's tier (no 会员（代表）大会, a branch calling
        itself a legal person) fails it as a violated rule of law does. With ``force`` the
        model charter's tier (what the registrar examines, not law) is reported without
        failing the audit; the law and the regional rules still do.
        """
        failing = any(self.fails(f) for f in self.findings)
        return 1 if failing or any(p.tier == "law" for p in self.problems) else 0

    def fails(self, finding: Finding) -> bool:
        """Whether this finding fails the audit (``force`` lets the model tier pass)."""
        return finding.is_error and not (self.force and finding.tier == "model")

    @property
    def jurisdiction_label(self) -> str:
        return f"{region_name(self.region_code)}（{self.region_code}）{LEVEL_LABELS[self.level]}"

    def counts(self) -> dict[str, int]:
        out = {key: 0 for key in STATUS_LABELS}
        for finding in self.findings:
            if finding.binding:
                out[finding.status] += 1
        return out

    def binding_problems(self) -> list[Finding]:
        return [f for f in self.findings if f.binding and f.is_problem]

    def other_problems(self) -> list[Finding]:
        """Violated rules of reference documents (advice)."""
        return [f for f in self.findings if not f.binding and f.status == "violated"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "charter": {
                "source": self.charter.source,
                "title": self.charter.title,
                "articles": len(self.charter.articles),
                "chapters": len(self.charter.chapters),
            },
            "jurisdiction": {
                "region_code": self.region_code,
                "level": self.level,
                "label": self.jurisdiction_label,
                "binding": self.binding_docs,
                "references": self.reference_docs,
            },
            "profile": self.profile_name,
            "exit_code": self.exit_code,
            "force": self.force,
            "counts": self.counts(),
            "document_problems": [p.to_dict() for p in self.problems],
            "facts": [f.to_dict() for f in self.facts.values()],
            "findings": [f.to_dict() for f in self.findings],
        }


def _check_jurisdiction(region_code: str | None, level: str | None) -> tuple[str, str]:
    if not region_code or not level:
        raise InputError(
            "请用 --profile 指定学会信息文件，或同时给出 --region-code 与 --level"
            "（如 --region-code 410000 --level provincial）"
        )
    problem = region_problem(region_code)
    if problem:
        raise InputError(problem, where="--region-code")
    return region_code, parse_level(level, where="层级")


def audit_charter(
    charter: Charter,
    *,
    region_code: str | None = None,
    level: str | None = None,
    profile: Profile | None = None,
    propose: bool = True,
    force: bool = False,
) -> AuditReport:
    """Audit a charter already read; the profile, when given, sets the jurisdiction.

    ``force`` keeps the model charter's tier from failing the audit (it is still reported).
    """
    if profile is not None:
        region_code, level = profile.region_code, profile.level
    region_code, level = _check_jurisdiction(region_code, level)
    facts = extract_facts(charter)
    covered = scope.coverage(charter)
    inconsistencies = consistency.check(
        charter, facts, complete=covered.complete, in_last_chapter=covered.in_last_chapter
    )
    inconsistencies += consistency.other_region(charter, region_code, level)
    branch = contents.is_branch(charter)
    evaluation = evaluate_charter(facts, region_code, level, profile, branch=branch)
    if branch and "charter.states_council" not in facts:
        scope.without_council(evaluation.findings)
    if branch:
        scope.for_branch(evaluation.findings, charter)
    scope.place(evaluation.findings, charter, covered, facts)
    inconsistencies += contents.check(charter, facts, covered)
    if any(p.kind == "congress" for p in inconsistencies):
        scope.without_congress(evaluation.findings)
    evaluation.findings = merging.merge(evaluation.findings)
    cut = scope.incomplete_problem(charter, covered)
    if cut is not None:
        inconsistencies.insert(0, cut)
    report = AuditReport(
        charter=charter,
        facts=facts,
        findings=evaluation.findings,
        region_code=region_code,
        level=level,
        binding_docs=evaluation.binding_docs,
        reference_docs=evaluation.reference_docs,
        profile_name=profile.name if profile is not None else None,
        consistency=inconsistencies,
        force=force,
    )
    if propose:
        from generator.audit.proposals import attach_proposals

        report.drafting_profile = attach_proposals(
            report.findings, charter, facts, region_code, level, profile
        )
    return report


def audit(
    path: str | Path,
    *,
    region_code: str | None = None,
    level: str | None = None,
    profile: Profile | None = None,
    display_name: str | None = None,
    propose: bool = True,
    force: bool = False,
) -> AuditReport:
    """Read the charter in ``path`` and audit it (``InputError`` when it cannot be read)."""
    if profile is None:  # a bad jurisdiction is reported before the file is read
        _check_jurisdiction(region_code, level)
    charter = read_charter(path, display_name)
    return audit_charter(
        charter, region_code=region_code, level=level, profile=profile, propose=propose, force=force
    )


def audit_text(text: str, *, name: str = "章程", **kwargs: Any) -> AuditReport:
    """Audit a charter given as text (the web app's pasted charter, tests)."""
    return audit_charter(parse_charter(text, name), **kwargs)
