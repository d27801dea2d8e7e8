"""Who a user's document binds and who may refer to it: ``binds`` / ``refers`` as `corpus add`
records them.

A document added without saying otherwise binds the societies of its own region code at its
own level (a 330000 provincial document binds 浙江省's provincial societies); a national
document binds every society in the country. ``--binds CODE[:LEVEL,LEVEL…]`` (repeatable) says
otherwise — a 民政厅 guide for every level of the province is ``--binds 330000:省级,地市级,区县级``
— and ``--refers`` names the societies for which it is only a reference. The sidecar YAML takes
the same short form (``binds: ["330000:省级,地市级"]``) or the full form of corpus/README.md.
Every code is checked against the region table, every level against ``kb.levels``.
"""

from __future__ import annotations

from typing import Any

from kb.errors import InputError
from kb.levels import LEVEL_LABELS, LEVELS, parse_level
from kb.regions import region_name, region_problem

NATIONAL = "100000"
_ORDER = {level: n for n, level in enumerate(LEVELS)}


def code_level(code: str) -> str:
    """The level of a region code itself: 100000 national, 330000 provincial, 330100
    prefectural, 330106 county."""
    if code == NATIONAL:
        return "national"
    if code.endswith("0000"):
        return "provincial"
    if code.endswith("00"):
        return "prefectural"
    return "county"


def parse_scope(spec: str, *, option: str, where: str | None = None) -> dict[str, Any]:
    """``330000:provincial,prefectural`` → a scope; without levels, every level within the
    region from its own level down (``330000`` → 省级、地市级、区县级 societies in 浙江省)."""
    text = str(spec).strip().replace("：", ":").replace("，", ",").replace("、", ",")
    code, _, levels_text = text.partition(":")
    code = code.strip()
    problem = region_problem(code)
    if problem:
        raise InputError(f"{option} “{spec}” 有误：{problem}", where=where)
    if levels_text.strip():
        levels = []
        for part in levels_text.split(","):
            if not part.strip():
                continue
            try:
                level = parse_level(part)
            except InputError as err:
                raise InputError(f"{option} “{spec}” 有误：{err.message}", where=where) from None
            if level not in levels:
                levels.append(level)
    else:
        top = _ORDER[code_level(code)]
        levels = [level for level in LEVELS if _ORDER[level] >= top]
    if not levels:
        raise InputError(f"{option} “{spec}” 没有给出层级", where=where)
    return {"region_code": code, "levels": levels, "within": True}


def default_binds(region_code: str, level: str) -> dict[str, Any]:
    """What a document binds when nobody says: its own region at its own level; a national
    document, every society in the country."""
    if region_code == NATIONAL or level == "national":
        return {
            "description": "全国各级学会",
            "scopes": [{"region_code": NATIONAL, "levels": list(LEVELS), "within": True}],
        }
    return {
        "description": f"{region_name(region_code)}{LEVEL_LABELS[level]}学会",
        "scopes": [{"region_code": region_code, "levels": [level], "within": False}],
    }


def describe(scopes: list[dict[str, Any]]) -> str:
    """Scopes in words: 浙江省（含下辖地区）省级、地市级学会."""
    parts = []
    for scope in scopes:
        place = region_name(scope["region_code"])
        if scope.get("within") and code_level(scope["region_code"]) != "county":
            place += "（含下辖地区）"
        levels = "、".join(LEVEL_LABELS[level] for level in scope["levels"])
        parts.append(f"{place}{levels}学会")
    return "；".join(parts)


def resolve(data: dict[str, Any], where: str | None = None) -> None:
    """Fill ``binds`` and ``refers`` of metadata ``data`` in place: short forms become scopes,
    a document that names nothing binds its own region and level."""
    for key, option in (("binds", "--binds"), ("refers", "--refers")):
        value = data.get(key)
        if value is None or isinstance(value, dict):
            if isinstance(value, dict):
                _check_codes(value, key, where)
            continue
        specs = [value] if isinstance(value, str) else value
        if not isinstance(specs, list) or not all(isinstance(s, (str, int)) for s in specs):
            raise InputError(
                f"字段 {key} 应为“代码:层级”的列表（如 330000:省级,地市级）或含 scopes 的映射",
                where=where,
            )
        scopes = [parse_scope(str(s), option=option, where=where) for s in specs]
        data[key] = {"description": describe(scopes), "scopes": scopes} if scopes else None
    if data.get("binds") is None:
        data.pop("binds", None)
        if data.get("refers") is None and data.get("region_code") and data.get("level"):
            try:
                level = parse_level(data["level"])
            except InputError:
                return  # the metadata check names the bad level field
            code = str(data["region_code"])
            if not code.isdigit() or len(code) != 6:
                return  # the metadata check names the bad format
            problem = region_problem(code)
            if problem:
                raise InputError(f"行政区划代码（--region-code）有误：{problem}", where=where)
            data["binds"] = default_binds(code, level)
    if data.get("refers") is None:
        data.pop("refers", None)


def _check_codes(value: dict[str, Any], key: str, where: str | None) -> None:
    for n, scope in enumerate(value.get("scopes") or [], 1):
        code = scope.get("region_code") if isinstance(scope, dict) else None
        if code is None:
            continue
        problem = region_problem(str(code))
        if problem:
            raise InputError(f"字段 {key}.scopes 第 {n} 项：{problem}", where=where)
        scope["region_code"] = str(code)
