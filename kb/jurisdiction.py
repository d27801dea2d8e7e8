"""Which documents bind a society and which it may only refer to.

A document binds the societies named by its ``binds`` scopes and is a reference for those of
its ``refers`` scopes (Henan: 省辖市科协可参照执行). Every other document is a reference too:
a society in 浙江省 has nothing binding in the corpus but can still learn from all of them.
Region codes follow GB/T 2260: 410000 河南省 contains 4101xx 郑州市 and its districts, and
100000 (the whole country) contains every code: the national regulation and the Civil Code bind
every society at every level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.corpus import Corpus, Document, Scope

NATIONAL = "100000"  # GB/T 2260 code of the whole country


def region_contains(outer: str, inner: str) -> bool:
    """True when GB/T 2260 code ``inner`` lies inside (or is) ``outer``.

    100000 is the whole country: it contains every code (it is not a province with prefix 10).
    """
    if outer in (inner, NATIONAL):
        return True
    if outer.endswith("0000"):  # a province (or municipality) contains its prefectures
        return inner[:2] == outer[:2]
    if outer.endswith("00"):  # a prefecture contains its counties
        return inner[:4] == outer[:4]
    return False


def _matches(scope: Scope, region_code: str, level: str) -> bool:
    if level not in scope.levels:
        return False
    if scope.within:
        return region_contains(scope.region_code, region_code)
    return scope.region_code == region_code or (
        # a municipality's own societies are registered with the city: 120000 or 120100
        scope.region_code.endswith("0000")
        and level == "provincial"
        and region_code[:2] == scope.region_code[:2]
    )


@dataclass
class Jurisdiction:
    """The documents that bind a society and those it may refer to, with the reason."""

    region_code: str
    level: str
    binding: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)

    def is_binding(self, doc_id: str) -> bool:
        return doc_id in self.binding

    def to_dict(self) -> dict:
        return {
            "region_code": self.region_code,
            "level": self.level,
            "binding": self.binding,
            "references": self.references,
            "reasons": self.reasons,
        }


def jurisdiction(corpus: Corpus, region_code: str, level: str) -> Jurisdiction:
    result = Jurisdiction(region_code=region_code, level=level)
    for doc in corpus:
        _classify(doc, region_code, level, result)
    return result


def _classify(doc: Document, region_code: str, level: str, result: Jurisdiction) -> None:
    meta = doc.meta
    if any(_matches(s, region_code, level) for s in meta.binds.scopes):
        result.binding.append(doc.id)
        result.reasons[doc.id] = f"约束：{meta.binds.description or '适用对象'}"
    elif any(_matches(s, region_code, level) for s in meta.refers.scopes):
        result.references.append(doc.id)
        result.reasons[doc.id] = f"可参照：{meta.refers.description or '参照执行'}"
    else:
        result.references.append(doc.id)
        applies = meta.binds.description or f"{meta.region_name or meta.region_code}的学会"
        result.reasons[doc.id] = f"仅供参考：适用于{applies}"
