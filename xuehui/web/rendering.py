"""Jinja2 rendering for the pages: autoescaping always on, so user text is shown as text."""

from __future__ import annotations

from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from kb.levels import LEVEL_LABELS
from xuehui.web.paths import TEMPLATES_DIR

NAV = (
    ("search", "/search", "条款检索"),
    ("docs", "/docs", "法规文件"),
    ("compare", "/compare", "各地对比"),
    ("generate", "/generate", "生成文件"),
    ("audit", "/audit", "章程审查"),
    ("review", "/review", "规定审核"),
)


def mark(text: str, term: str = "") -> Markup:
    """``text`` escaped, with each occurrence of ``term`` wrapped in ``<mark>``."""
    if not term or term not in text:
        return escape(text)
    return Markup(f"<mark>{escape(term)}</mark>").join(escape(part) for part in text.split(term))


def mark_spans(text: str, spans: list[tuple[int, int]]) -> Markup:
    """``text`` escaped, with the character ranges ``spans`` wrapped in ``<mark>``."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):  # touching spans become one mark
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        start = max(start, pos)
        if end <= start:
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>{}</mark>").format(text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def hit_term(hit: Any) -> str:
    """The longest matched stretch of a search hit, to mark again in its document."""
    found = [h.text[s:e] for h in hit.highlights for s, e in h.spans]
    return max(found, key=len, default="")


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,  # every {{ value }} is HTML-escaped, whatever the file name
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_env.globals.update(
    nav=NAV, level_labels=LEVEL_LABELS, mark=mark, mark_spans=mark_spans, hit_term=hit_term
)
templates = Jinja2Templates(env=_env)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page; ``active`` in the context marks the current menu entry."""
    context.setdefault("active", "")
    return templates.TemplateResponse(request, name, context, status_code=status_code)
