"""Proposed article text for each violated or absent rule, from the generator's templates.

The audit never writes charter text of its own: it drafts the charter the generator would
write for this society — with every violated value set to what the rule allows — and takes
the article that implements the rule's subject (``ArticleBook.for_subject``, the same record
behind ``generator.content.charter.article_for``). Audit and generator therefore never disagree.

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

from generator.audit.evaluation import Edit, Finding, model_rules
from generator.audit.facts import Fact, load_specs, statements
from generator.audit.reader import Charter
from generator.audit.vocabulary import in_own_words, own_names
from generator.content.charter import draft_charter
from generator.profile import Profile
from generator.rules.compliance import checks
from kb.numerals import cn_int
from kb.provisions import load_provisions

# Profile fields the charter can state, with the fact that states them.
_FROM_FACTS = (
    "congress",
    "supervisor",
    "registrar",
    "host_unit",
    "governance.term_years",
    "governance.council_size",
    "governance.standing_council_size",
    "governance.supervisors",
    "governance.secretary_general_mode",
    "governance.secretary_general_full_time",
    "governance.legal_representative",
    "governance.max_consecutive_terms",
    "governance.president_max_age",
    "governance.secretary_general_max_age",
    "governance.council_meetings_per_year",
    "governance.standing_meetings_per_year",
    "party.organisation",
)
_SPACED = "[ \\t\u3000\xa0]*"
_LABEL = re.compile(r"^第[零〇一二两三四五六七八九十百]+条[\s\u3000]*")


def base_profile_data(
    charter: Charter, facts: Mapping[str, Fact], region_code: str, level: str
) -> dict[str, Any]:
    """A profile (as a dict) describing the society the charter is for."""
    name = re.sub(r"章程.*$", "", charter.title).strip() or "本会"
    congress = facts["congress"].value if "congress" in facts else "representative"
    data: dict[str, Any] = {
        "name": name if len(name) >= 2 else "本学会",
        "region_code": region_code,
        "level": level,
        "members_description": "由本领域科技工作者和有关单位自愿结成",
        "supervisor": "业务主管单位",
        "registrar": "登记管理机关",
        "address": "（住所）",
        "business_scope": ["（业务范围以章程为准）"],
        "members": {"count": 900, "representatives": 300 if congress == "representative" else None},
        "congress": congress,
        "governance": {
            "council_size": 99,
            "standing_council_size": 33,
            "vice_presidents": 6,
            "supervisors": 3,
            "secretary_general_mode": "appointed",
        },
        "party": {"organisation": "党支部", "leading_organ": "党建工作领导机关"},
        "adoption": {"date": dt.date.today().isoformat(), "meeting": "会员代表大会"},
    }
    if "charter.standing_council" not in facts and "governance.standing_council_size" not in facts:
        data["governance"]["standing_council_size"] = 0
    kinds = facts["members.kinds"].value if "members.kinds" in facts else []
    data["members"]["unit_members"] = 30 if "单位会员" in kinds else 0
    if "members.individual_classes" in facts:
        data["members"]["individual_classes"] = facts["members.individual_classes"].value
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
    """Validate; a value the schema refuses (a 12-year term) falls back to the default.

    Cross-field rules are settled the generator's way: no standing council larger than the
    council, an appointed secretary-general is never legal representative, a local society's
    name never starts with 中国.
    """
    for _ in range(20):
        try:
            return Profile.model_validate(data)
        except ValidationError as err:
            loc = [str(p) for p in err.errors()[0]["loc"]]
        if loc == ["governance"]:
            governance = data["governance"]
            if governance.pop("standing_council_size", None) is None:
                governance["legal_representative"] = "president"
            continue
        if not loc:
            data["name"] = fallback["name"] if data.get("name") != fallback["name"] else "本学会"
            data["members"] = dict(fallback["members"])
            continue
        node, default = data, fallback
        for part in loc[:-1]:
            node, default = node.get(part, {}), (default or {}).get(part, {})
        if loc[-1] not in node:
            raise RuntimeError(f"profile for the audit's proposals: {loc}")  # a bug, not input
        if isinstance(default, dict) and loc[-1] in default and node[loc[-1]] != default[loc[-1]]:
            node[loc[-1]] = default[loc[-1]]
        else:
            del node[loc[-1]]
    return Profile.model_validate(data)


def _fix(finding: Finding) -> tuple[str | None, str, Any] | None:
    """(profile field, operator, value the rule allows) for a violated numeric rule."""
    if finding.source == "model":
        rule = next((r for r in model_rules() if r["id"] == finding.id), None)
        if rule and rule["operator"] in ("<=", ">="):
            return rule.get("field"), rule["operator"], _whole(rule["value"], rule["operator"])
        return None
    prov = next((p for p in load_provisions() if p.id == finding.id), None)
    if prov is None or prov.operator not in ("<=", ">=", "==", "between"):
        return None
    spec = (checks().get("subjects") or {}).get(finding.subject) or {}
    target = spec.get("fact")
    field = (
        target
        if isinstance(target, str) and target.startswith("governance.") and not spec.get("per")
        else None
    )
    if prov.operator == "between":
        if not isinstance(prov.value, list) or _number(prov.value[1]) is None:
            return None
        return field, "<=", _whole(prov.value[1], "<=")
    if _number(prov.value) is None:
        return None
    return field, prov.operator, _whole(prov.value, prov.operator)


def _classes_asked(finding: Finding) -> list[str] | None:
    """The member classes a binding one_of rule lists (资深会员、正会员、学生会员)."""
    if not finding.binding or finding.subject != "members.classes":
        return None
    prov = next((p for p in load_provisions() if p.id == finding.id), None)
    if prov is None or prov.operator != "one_of" or not isinstance(prov.value, list):
        return None
    return [str(v) for v in prov.value]


def _number(value: Any) -> Fraction | None:
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None


def _whole(value: Any, operator: str) -> int:
    number = Fraction(str(value))
    return math.floor(number) if operator == "<=" else math.ceil(number)


def _needs_fix(value: Any, operator: str, limit: int) -> bool:
    number = _number(value) if not isinstance(value, bool) else None
    if number is None:
        return False
    return (
        number > limit
        if operator == "<="
        else number < limit
        if operator == ">="
        else number != limit
    )


def _in_style(raw: str, value: int) -> str:
    """70 written the way the charter wrote the old number: 70, ７０ or 七十."""
    if raw.isascii() and raw.isdigit():
        return str(value)
    if raw and raw[0] in "０１２３４５６７８９":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return cn_int(value)


def _replacement(occurrence: Fact, generated: list[str], limit: int | None) -> str | None:
    """The sentence to put in place of ``occurrence.quote``.

    The generated charter's sentence written with the same pattern (the same phrasing) comes
    first; else the charter's own sentence with the number set to the limit; else the
    generated sentence stating the same fact in other words.
    """
    same_fact = []
    for text in generated:
        for index, sentence, _value in statements(occurrence.key, text):
            if index == occurrence.pattern:
                return _keep_label(occurrence.quote, sentence)
            same_fact.append(sentence)
    if limit is not None and occurrence.raw:
        loose = _SPACED.join(re.escape(ch) for ch in occurrence.matched)
        found = re.search(loose, occurrence.quote)
        if found:
            span = found.group(0).replace(occurrence.raw, _in_style(occurrence.raw, limit), 1)
            return occurrence.quote[: found.start()] + span + occurrence.quote[found.end() :]
    return _keep_label(occurrence.quote, same_fact[0]) if same_fact else None


def _keep_label(before: str, after: str) -> str:
    """A generated sentence in place of the charter's: its 第N条 label is the charter's."""
    label = _LABEL.match(before)
    after = _LABEL.sub("", after, count=1)
    return f"{label.group(0)}{after}" if label else after


def attach_proposals(
    findings: list[Finding],
    charter: Charter,
    facts: Mapping[str, Fact],
    region_code: str,
    level: str,
    profile: Profile | None = None,
) -> Profile:
    """Fill the proposal and edits of every violated or absent finding; return the profile
    the generated charter was drafted from."""
    fallback = base_profile_data(charter, {}, region_code, level)
    if profile is not None:
        data = profile.model_dump(mode="json")
    else:
        data = base_profile_data(charter, facts, region_code, level)
    problems = [f for f in findings if f.is_problem]
    for finding in problems:
        classes = _classes_asked(finding)
        if classes:
            data["members"]["individual_classes"] = classes
    fit = _Fit(charter, facts)
    fixes = {id(f): _fix(f) for f in problems if f.status == "violated"}
    for fix in fixes.values():
        if fix is not None and fix[0]:
            _set(data, fix[0], fix[2])
    used = _valid_profile(data, fallback)
    book = draft_charter(used).book
    for finding in problems:
        articles = book.for_subject(finding.subject)
        finding.template_text = "\n".join(a.text for a in articles)
        if articles:
            finding.proposal_chapter = articles[0].chapter
        fact = facts.get(finding.fact_key or "")
        if finding.status == "violated" and fact is not None and fact.article is not None:
            _propose_edits(
                finding,
                fact,
                fixes.get(id(finding)),
                [a.text for a in articles] or [a.text for a in book.articles],
            )
        elif _insert_sentence(
            finding, charter, [a.text for a in articles] or [a.text for a in book.articles], fit
        ):
            continue
        elif articles:
            finding.proposal = "\n".join(_LABEL.sub("", a.text, count=1) for a in articles)
            finding.proposal_kind = "add"
    for finding in problems:
        fit.finding(finding)
    return used


_SETS_UP = re.compile(r"(?:本会|本团体)?设(?:立)?(?:监事会|常务理事会|监事|理事会)")


def _insert_sentence(finding: Finding, charter: Charter, generated: list[str], fit: _Fit) -> bool:
    """A one-line gap gets one line: when a rule on a number (a quorum, a frequency, a term
    limit) is absent but belongs in an existing article (``finding.article``), the generated
    sentence stating it is added to that article, not a whole template article pasted beside
    it. Bodies the charter lacks (a 监事会) still get their own article."""
    if finding.status != "absent" or not finding.article or not finding.fact_key:
        return False
    spec = next((s for s in load_specs() if s.key == finding.fact_key), None)
    if spec is None or spec.parse not in ("number", "fraction", "frequency"):
        return False
    article = next((a for a in charter.articles if a.citation == finding.article), None)
    if article is None:
        return False
    found = next(
        (
            (sentence, text)
            for text in generated
            for _i, sentence, _v in statements(finding.fact_key, text)
        ),
        None,
    )
    if not found:
        return False
    sentence, text = found
    if _SETS_UP.match(_LABEL.sub("", sentence, count=1).strip()):
        return False  # 本会设立监事会，由3名监事组成: the body itself, its own article
    if sentence.endswith(("：", ":")):  # 下列事项须经…通过方能生效： and its items
        rest = text[text.index(sentence) + len(sentence) :].lstrip("\n").splitlines()
        items = []
        for line in rest:
            if not re.match(r"^[（(][一二三四五六七八九十]+[）)]", line.strip()):
                break
            items.append(line.strip())
        sentence = "\n".join([sentence, *items])
    sentence = fit.new_text(_LABEL.sub("", sentence, count=1).strip())
    if not sentence.endswith(("。", "；")):
        sentence += "。"
    last = article.text.rstrip().splitlines()[-1]
    joint = "\n" if re.match(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]", last) else ""
    after = f"{last}{joint}{sentence}"
    finding.edits.append(
        Edit(article=article.citation, article_text=article.text, before=last, after=after)
    )
    finding.proposal_kind = "replace"
    finding.proposal = article.text.replace(last, after, 1)
    return True


_HEADCOUNT = re.compile(r"(?<![\d.\-－～~至])([2-9]|[1-9]\d+)(名|人)(?![\d\-－～~至])")


class _Fit:
    """Proposals speak the charter's language: its own names for the society and its bodies
    (本联盟, 执委会 …), and no head count the charter did not state — the generator's defaults
    (由3名监事组成) are another society's numbers, left for the society to fill in. Only the
    new words are fitted; the charter's own words stay as written."""

    def __init__(self, charter: Charter, facts: Mapping[str, Fact]) -> None:
        self.names = own_names("\n".join(a.text for a in charter.articles))
        self.stated = {str(f.value) for f in facts.values() if f.unit == "人" and not f.derived}

    def new_text(self, text: str) -> str:
        text = in_own_words(text, self.names)
        return _HEADCOUNT.sub(
            lambda m: m.group(0) if m.group(1) in self.stated else "若干" + m.group(2), text
        )

    def finding(self, finding: Finding) -> None:
        if finding.proposal_kind == "add":
            finding.proposal = self.new_text(finding.proposal)
            return
        for edit in finding.edits:
            if edit.after.startswith(edit.before):
                continue  # a sentence added by _insert_sentence: fitted already
            fitted = in_own_words(edit.after, self.names)  # a generated or amended sentence
            if finding.proposal and edit.after in finding.proposal:
                finding.proposal = finding.proposal.replace(edit.after, fitted, 1)
            edit.after = fitted


def _propose_edits(finding: Finding, fact: Fact, fix: tuple | None, generated: list[str]) -> None:
    """Sentence-level changes, in every article that states the violating value."""
    operator, limit = (fix[1], fix[2]) if fix else ("", None)
    for occurrence in fact.occurrences:
        if occurrence.article is None:
            continue
        if limit is not None and not _needs_fix(occurrence.value, operator, limit):
            continue
        if limit is None and occurrence is not fact:
            continue
        after = _replacement(occurrence, generated, limit)
        if after and after != occurrence.quote:
            finding.edits.append(
                Edit(
                    article=occurrence.citation,
                    article_text=occurrence.article.text,
                    before=occurrence.quote,
                    after=after,
                )
            )
    finding.proposal_kind = "replace"
    if finding.edits:
        first = finding.edits[0]
        finding.proposal = first.article_text.replace(first.before, first.after, 1)
    elif generated:  # no sentence to swap: the generated article, under the charter's number
        label = _LABEL.match(fact.article.text)
        text = _LABEL.sub("", generated[0], count=1)
        finding.proposal = f"{label.group(0).strip()}　{text}" if label else text
