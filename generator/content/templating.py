"""Jinja2 environment for the Markdown templates in ``templates/``.

User values are escaped for Markdown on output (``finalize``): a society called
``A*B<学会>&`` or a scope item starting with ``1.`` never turns into emphasis, HTML or a
list. Text the templates build themselves (article labels, macro output) is wrapped in
``Md`` and passes unescaped. Dates use Arabic numerals without zero padding, as GB/T 9704
requires (2026年11月22日).
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.word.rendering import escape_markdown, format_date
from kb.numerals import cn_count, cn_fraction, cn_int, to_fraction

_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def templates_dir() -> Path:
    """Templates ship as ``generator/_templates`` in a wheel and sit at the repo root otherwise."""
    installed = _PACKAGE_DIR / "_templates"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / "templates"


class Md(str):
    """Markdown produced by the templates themselves: not escaped again."""


def md_escape(value: Any) -> str:
    """Escape a user value so Markdown shows it literally, on one line."""
    if isinstance(value, Md):
        return value
    return escape_markdown(value)


def md_unescape(text: str) -> str:
    """Plain text of template Markdown: backslash escapes and ``**`` marks removed."""
    return re.sub(r"\\(.)", r"\1", text.replace("**", ""))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return md_escape(value)
    return value


def cn_date(value: dt.date | str) -> str:
    """2026-11-22 → 2026年11月22日 (no zero padding, GB/T 9704)."""
    return format_date(value)


def ratio_text(value: Any) -> str:
    """0.3333, "1/3" or "三分之一" → 三分之一, as charters write ratios."""
    if not isinstance(value, Fraction):
        parsed = to_fraction(str(value))
        if parsed is None:
            raise ValueError(f"not a ratio: {value!r}")
        value = parsed
    frac = value.limit_denominator(20)
    if frac.denominator == 1:
        return str(frac.numerator)
    if frac.denominator == 100:
        return f"{frac.numerator}%"
    return cn_fraction(frac)


def join_cn(items: Any, sep: str = "、") -> str:
    return sep.join(str(i) for i in items)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        cn=cn_int, cnt=cn_count, date=cn_date, ratio=ratio_text, join_cn=join_cn, md=md_escape
    )
    return env


def render_template(name: str, **context: Any) -> str:
    """Render ``templates/<name>`` to Markdown, with blank-line runs squeezed."""
    text = environment().get_template(name).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
