"""Proposed article text for each violated or absent rule, from the generator's templates.

The audit never writes charter text of its own: it drafts the charter the generator would
write for this society — with every violated value set to what the rule allows — and takes
the article that implements the rule's subject (``ArticleBook.for_subject``, the same record
behind ``generator.charter.article_for``). Audit and generator therefore never disagree.

Without a profile, the society is described from the charter itself (name, supervisor,
registrar, congress type, the numbers it states) and the jurisdiction; numbers the charter
does not state take the generator's defaults, which the report says.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from generator.audit.evaluation import AuditFinding, model_rules
from generator.charter import draft_charter
from generator.charter_reader import Charter
from generator.compliance import checks
from generator.facts import Fact
from generator.profile import Profile
from kb.provisions import load_provisions

# Profile fields the charter can state, with the fact that states them.
_FROM_FACTS = ("congress", "supervisor", "registrar", "host_unit", "governance.term_years",
               "governance.council_size", "governance.standing_council_size",
               "governance.supervisors", "governance.secretary_general_mode",
               "governance.secretary_general_full_time", "governance.legal_representative",
               "governance.max_consecutive_terms", "governance.president_max_age",
               "governance.secretary_general_max_age", "governance.council_meetings_per_year",
               "governance.standing_meetings_per_year", "party.organisation")
_LABEL = re.compile(r"^第[零〇一二两三四五六七八九十百]+条[\s\u3000]*")


def base_profile_data(charter: Charter, facts: Mapping[str, Fact], region_code: str,
                      level: str) -> dict[str, Any]:
    """A profile (as a dict) describing the society the charter is for."""
    name = re.sub(r"章程.*$", "", charter.title).strip() or "本会"
    congress = facts["congress"].value if "congress" in facts else "representative"
    data: dict[str, Any] = {
        "name": name if len(name) >= 2 else "本学会",
        "region_code": region_code, "level": level,
        "members_description": "由本领域科技工作者和有关单位自愿结成",
        "supervisor": "业务主管单位", "registrar": "登记管理机关", "address": "（住所）",
        "business_scope": ["（业务范围以章程为准）"],
        "members": {"count": 900, "representatives": 300 if congress == "representative" else None},
        "congress": congress,
        "governance": {"council_size": 99, "standing_council_size": 33, "vice_presidents": 6,
                       "supervisors": 3, "secretary_general_mode": "appointed"},
        "party": {"organisation": "党支部", "leading_organ": "党建工作领导机关"},
        "adoption": {"date": dt.date.today().isoformat(), "meeting": "会员代表大会"},
    }
    if "charter.standing_council" not in facts and "governance.standing_council_size" not in facts:
        data["governance"]["standing_council_size"] = 0
    for key in _FROM_FACTS:
        fact = facts.get(key)
        if fact is None or fact.derived:
            continue
        value = fact.value
        if isinstance(value, Fraction):
            value = math.ceil(value) if value >= 1 else 1
        _set(data, key, value)
    return data


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _valid_profile(data: dict[str, Any], fallback: dict[str, Any]) -> Profile:
    """Validate; a value the schema refuses (a 12-year term) falls back to the default."""
    for _ in range(12):
        try:
            return Profile.model_validate(data)
        except ValidationError as err:
            loc = [str(p) for p in err.errors()[0]["loc"]]
            path = ".".join(loc)
            node, default = data, fallback
            for part in loc[:-1]:
                node, default = node.get(part, {}), (default or {}).get(part, {})
            if not loc or loc[-1] not in node:
                raise
            if isinstance(default, dict) and loc[-1] in default:
                node[loc[-1]] = default[loc[-1]]
            else:
                del node[loc[-1]]
            if path == "governance":  # a cross-field rule (standing > council): drop standing
                data["governance"].pop("standing_council_size", None)
    return Profile.model_validate(data)


def _fix_value(finding: AuditFinding) -> tuple[str, Any] | None:
    """Profile field and the value the rule allows, for a violated numeric rule."""
    if finding.source == "model":
        rule = next((r for r in model_rules() if r["id"] == finding.id), None)
        if rule and rule.get("field") and rule["operator"] in ("<=", ">="):
            return rule["field"], _whole(rule["value"], rule["operator"])
        return None
    spec = (checks().get("subjects") or {}).get(finding.subject) or {}
    target = spec.get("fact")
    if not isinstance(target, str) or spec.get("per") or not target.startswith("governance."):
        return None
    prov = next((p for p in load_provisions() if p.id == finding.id), None)
    if prov is None:
        return None
    if prov.operator in ("<=", ">=", "=="):
        return target, _whole(prov.value, prov.operator)
    if prov.operator == "between" and isinstance(prov.value, list):
        return target, _whole(prov.value[1], "<=")
    if prov.operator == "required" and target == "governance.supervisors":
        return target, 3
    return None


def _whole(value: Any, operator: str) -> int:
    number = Fraction(str(value))
    return math.floor(number) if operator == "<=" else math.ceil(number)


def attach_proposals(findings: list[AuditFinding], charter: Charter,
                     facts: Mapping[str, Fact], region_code: str, level: str,
                     profile: Profile | None = None) -> Profile:
    """Fill ``proposal`` of every violated or absent finding; return the profile used."""
    fallback = base_profile_data(charter, {}, region_code, level)
    if profile is not None:
        data = profile.model_dump(mode="json")
    else:
        data = base_profile_data(charter, facts, region_code, level)
    problems = [f for f in findings if f.is_problem]
    for finding in problems:
        fix = _fix_value(finding)
        if fix is not None:
            _set(data, *fix)
    used = _valid_profile(data, fallback)
    book = draft_charter(used).book
    for finding in problems:
        articles = book.for_subject(finding.subject)
        if not articles:
            continue
        finding.proposal_chapter = articles[0].chapter
        if finding.article_text:  # rewrite the article in place, keeping its number
            label = _LABEL.match(finding.article_text)
            text = _LABEL.sub("", articles[0].text, count=1)
            finding.proposal = f"{label.group(0).strip()}　{text}" if label else text
            finding.proposal_kind = "replace"
        else:
            finding.proposal = "\n".join(_LABEL.sub("", a.text, count=1) for a in articles)
            finding.proposal_kind = "add"
    return used
