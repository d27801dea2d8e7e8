"""Provisions: the checkable rules of the regulations, as data.

Each provision lives in ``kb/data/provisions.yaml`` and is tied to the clause that states it,
with the quote copied verbatim from that clause. ``subject`` keys are shared across
documents wherever they mean the same thing, so Tianjin's and Fengxian's 3/4-of-directors
rules line up under one key. The subjects themselves (labels, units) are listed in
``kb/data/subjects.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from kb.errors import XuehuiError

DATA_DIR = Path(__file__).resolve().parent / "data"

Modality = Literal["must", "shall", "in_principle", "generally", "may", "encouraged"]
Operator = Literal[
    "<=",
    "<",
    ">=",
    ">",
    "==",
    "between",  # numeric: value is a number or [low, high]
    "required",
    "forbidden",  # a body, document or practice must (not) exist
    "elected_by",
    "appointed_by",
    "approved_by",  # who decides: value names the body
    "one_of",  # value is a list of allowed choices
]
MODALITY_LABELS: dict[str, str] = {
    "must": "必须",
    "shall": "应当",
    "in_principle": "原则上",
    "generally": "一般",
    "may": "可以",
    "encouraged": "鼓励",
}
# The same modal as it reads inside a rule sentence: 须不超过…, 应由…选举产生, 可设立….
MODALITY_WORDS: dict[str, str] = {
    "must": "须",
    "shall": "应",
    "in_principle": "原则上",
    "generally": "一般",
    "may": "可",
    "encouraged": "鼓励",
}
# Severity of a failed check, from the wording of the rule (the compliance issue).
MODALITY_SEVERITY: dict[str, str] = {
    "must": "error",
    "shall": "error",
    "in_principle": "warning",
    "generally": "warning",
    "may": "advice",
    "encouraged": "advice",
}


class Provision(BaseModel):
    """One checkable rule, e.g. Henan's 理事会一般不超过150人.

    ``value`` is a number for numeric operators (ratios as fractions: 1/3 → 0.3333, with
    ``value_text`` keeping the wording "1/3"), ``[low, high]`` for ``between``, a body name
    for ``elected_by``/``appointed_by``, and a list for ``one_of``.
    """

    model_config = ConfigDict(extra="forbid")
    id: str
    doc_id: str
    clause_id: str
    subject: str
    operator: Operator
    value: Any = None
    value_text: str | None = None
    unit: str | None = None
    modality: Modality
    conditions: str | None = None
    exceptions: str | None = None
    binds: str | None = None
    quote: str
    note: str | None = None

    @property
    def severity(self) -> str:
        return MODALITY_SEVERITY[self.modality]

    @property
    def modality_label(self) -> str:
        return MODALITY_LABELS[self.modality]


def load_provisions(path: Path | None = None) -> tuple[Provision, ...]:
    """Every provision in force: the built-in ones, then those the user accepted for their own
    documents (``kb.review``), so check, generate and audit treat both alike. With ``path``,
    only the provisions of that file."""
    if path is not None:
        return load_builtin_provisions(path)
    from kb.review import accepted_provisions

    return load_builtin_provisions() + accepted_provisions()


@lru_cache(maxsize=4)
def load_builtin_provisions(path: Path | None = None) -> tuple[Provision, ...]:
    """The hand-coded provisions of the built-in corpus, in file order."""
    path = path or DATA_DIR / "provisions.yaml"
    if not path.exists():
        return ()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    items = []
    for n, entry in enumerate(raw, 1):
        try:
            items.append(Provision.model_validate(entry))
        except ValidationError as err:
            raise XuehuiError(f"第 {n} 条规定数据有误：{err}", where=str(path)) from err
    return tuple(items)
