"""One defect, one finding.

The engine judges every rule of every document on its own, so a charter without a 监事会
breaks the model charter's rule, a regional rule that it exist, another on its size and one on
its election: four findings a lawyer writes as one ("未设监事会"). ``merge`` keeps the finding
that weighs most — law, then a binding regional document, then the model charter, an error
before a warning — and lists the others in its ``also``. The families (a body and its rules)
are data: ``merged_families`` in generator/data/charter_consistency.yaml.
"""

from __future__ import annotations

import re

from generator.audit.consistency import rules
from generator.rules.findings import Finding

# which finding of a group is kept: the heaviest tier for the society (a binding regional rule
# before the model charter, which --force lets pass), then the stronger severity
_TIER_RANK = {"law": 0, "regional": 1, "model": 2, "reference": 3}
_SEVERITY_RANK = {"error": 0, "warning": 1, "advice": 2}


def merge(findings: list[Finding]) -> list[Finding]:
    """The findings with every group of findings about one defect reduced to one."""
    families = rules().get("merged_families") or []
    missing_bodies = [
        family["family"]
        for family in families
        if any(
            f.is_problem and f.severity != "advice" and re.search(family["required"], f.subject)
            for f in findings
        )
    ]
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        if not finding.is_problem or finding.severity == "advice":
            continue
        family = next((fam for fam in missing_bodies if re.search(fam, finding.subject)), None)
        # a reference document's rule is never listed with a binding one (nor the reverse); two
        # articles stating a subject wrongly (会员大会每届6年, 会长任期6年) are two amendments
        where = finding.article if finding.status == "violated" else ""
        key = f"{finding.binding} {family or f'{finding.status} {finding.subject} {where}'}"
        groups.setdefault(key, []).append(finding)
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        keep = min(
            group,
            key=lambda f: (
                _TIER_RANK[f.tier],
                not f.subject.endswith(".required"),
                _SEVERITY_RANK[f.severity],
            ),
        )
        for other in group:
            if other is not keep:
                keep.also.append(
                    {
                        "id": other.id,
                        "tier": other.tier,
                        "label": other.label,
                        "rule": other.rule,
                        "citation": other.citation,
                    }
                )
                dropped.add(id(other))
        listed = "；".join(f"{a['label']}：{a['rule']}（{a['citation']}）" for a in keep.also)
        keep.message = f"{keep.message}同一缺漏，另见：{listed}。"
    return [f for f in findings if id(f) not in dropped]
