"""Findings: the one verdict type of `check`, `generate` and `audit`, with its vocabularies.

A finding judges one rule against one society (its profile, or its charter). Every finding
names its tier — where the rule comes from and so how much it weighs:

- ``law``        法律法规: the national regulation and the Civil Code (bind everyone);
- ``model``      示范文本（登记机关审查要求）: what the registrar checks a charter against;
- ``regional``   约束本会的地方文件: a regional document that binds the society;
- ``reference``  仅供参考: every other document (advice only).

One status vocabulary serves a profile and a charter alike: ``satisfied`` (the text states it
and it meets the rule), ``violated``, ``absent`` (nothing states it), ``unknown`` (stated in a
way that needs a person), ``not_applicable`` (the rule's condition does not hold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["satisfied", "violated", "absent", "unknown", "not_applicable"]
Severity = Literal["error", "warning", "advice"]
Tier = Literal["law", "model", "regional", "reference"]

STATUS_LABELS: dict[str, str] = {
    "satisfied": "符合",
    "violated": "不符合",
    "absent": "未载明",
    "unknown": "需人工核对",
    "not_applicable": "不适用",
}
SEVERITY_LABELS: dict[str, str] = {"error": "必须", "warning": "应当注意", "advice": "参考"}
TIER_LABELS: dict[str, str] = {
    "law": "法律法规",
    "model": "示范文本（登记机关审查要求）",
    "regional": "约束本会的地方文件",
    "reference": "仅供参考",
}
TIER_ORDER: dict[str, int] = {"law": 0, "model": 1, "regional": 2, "reference": 3}


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the charter article and its words (none for a profile field)."""

    citation: str  # 第十八条
    sentence: str  # the sentence verbatim
    article_text: str = ""  # the whole article verbatim
    display: str = ""  # the value as a person reads it: 5年, 2/3以上
    derived: bool = False  # inferred, not stated (a 监事会 without a size counts as 3)


@dataclass
class Edit:
    """One change to a charter: in ``article``, the sentence ``before`` becomes ``after``."""

    article: str  # citation: 第十九条
    article_text: str  # the article as it stands, verbatim
    before: str
    after: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Finding:
    """The verdict on one rule for one society, with where the rule and the fact come from."""

    id: str  # provision id (henan-2018/p12) or model rule id (model/term_years)
    source: str  # provision | model
    tier: Tier
    subject: str
    label: str
    status: Status
    severity: Severity
    binding: bool
    rule: str  # the rule in words: 一般不超过150人
    citation: str  # of the rule: 《社会团体登记管理条例》第十条第（一）项
    quote: str  # the rule's words, verbatim from the corpus ("" for model rules)
    message: str  # the verdict in a sentence, with what to change
    modality: str = ""
    doc_id: str | None = None
    clause_id: str | None = None
    fact_key: str | None = None  # the fact judged
    value: Any = None  # the fact's value as compared
    actual: str = ""  # the fact as shown: 8年, 理事长（会长）
    # Where a charter states the fact (audit, and `check` reading the generated charter back)
    article: str | None = None  # 第十八条
    current: str = ""  # the sentence, verbatim
    article_text: str = ""  # the whole article, verbatim
    # Filled by the audit's proposals
    proposal: str = ""
    proposal_kind: str = ""  # replace | add
    proposal_chapter: str = ""
    template_text: str = ""
    edits: list[Edit] = field(default_factory=list)
    # other rules the same defect breaks, reported with this one (audit: one defect, one
    # finding): id, tier, label, rule and citation of each
    also: list[dict[str, str]] = field(default_factory=list)

    @property
    def tier_label(self) -> str:
        return TIER_LABELS[self.tier]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def is_problem(self) -> bool:
        """The rule is not met: violated, or nothing states what it asks for."""
        return self.status in ("violated", "absent")

    @property
    def is_error(self) -> bool:
        """Binding, mandatory and not met: what makes `check` and `audit` exit 1 and blocks
        `generate` (unless --force)."""
        return self.binding and self.severity == "error" and self.is_problem

    def to_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "edits"}
        data["edits"] = [e.to_dict() for e in self.edits]
        data["value"] = _jsonable(self.value)
        data["tier_label"] = self.tier_label
        data["status_label"] = self.status_label
        data["severity_label"] = self.severity_label
        data["is_error"] = self.is_error
        return data


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)
