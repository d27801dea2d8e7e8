"""The level a society is registered at (and a document is issued at): one type, one label table.

Users type the level both ways — ``provincial`` on the command line or 省级 in a form or a
profile — and every entry point (profiles, corpus metadata, search filters, jurisdiction, the
audit, the web API) reads it through ``parse_level``, so they accept and refuse the same words.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator

from kb.errors import InputError

Level = Literal["national", "provincial", "prefectural", "county"]
LEVELS: tuple[Level, ...] = ("national", "provincial", "prefectural", "county")

# How the level is written in Chinese, on every page and in every document.
LEVEL_LABELS: dict[str, str] = {
    "national": "全国性",
    "provincial": "省级",
    "prefectural": "地市级",
    "county": "区县级",
}

# Other ways people write a level, all read as one of LEVELS.
_ALIASES: dict[str, Level] = {
    **{code: code for code in LEVELS},
    **{label: code for code, label in LEVEL_LABELS.items()},  # type: ignore[misc]
    "全国": "national",
    "国家级": "national",
    "中央": "national",
    "省": "provincial",
    "省部级": "provincial",
    "自治区级": "provincial",
    "直辖市级": "provincial",
    "市级": "prefectural",
    "地级": "prefectural",
    "地市": "prefectural",
    "设区的市级": "prefectural",
    "县级": "county",
    "区级": "county",
    "区县": "county",
    "县区级": "county",
}


def choices_text() -> str:
    """The accepted levels, as a message lists them: 全国性（national）、省级（provincial）…"""
    return "、".join(f"{label}（{code}）" for code, label in LEVEL_LABELS.items())


def parse_level(value: object, *, where: str = "") -> Level:
    """``provincial``, 省级, 省 … → ``provincial``; an InputError in Chinese for anything else."""
    text = str(value).strip().lower() if value is not None else ""
    level = _ALIASES.get(text) or _ALIASES.get(str(value).strip() if value is not None else "")
    if level is None:
        shown = "（空）" if not text else f"“{value}”"
        raise InputError(f"层级{shown}无效：应为 {choices_text()} 之一", where=where or None)
    return level


def label(level: str) -> str:
    """``provincial`` → 省级."""
    return LEVEL_LABELS[parse_level(level)]


def _coerce(value: object) -> object:
    """For pydantic fields: accept Chinese labels; leave anything unknown for the Literal to refuse."""
    try:
        return parse_level(value)
    except InputError:
        return value


# A pydantic field type: ``level: LevelField`` takes 省级 as well as ``provincial``.
LevelField = Annotated[Level, BeforeValidator(_coerce)]
