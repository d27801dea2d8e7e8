"""Clause search: the page (one box, ranked or exact, filters) and ``/api/search``.

Both call ``kb.search`` with the same arguments as `xuehui search`; the JSON is the list of
``Hit.to_dict()`` that `xuehui search --json` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

import kb
from kb.corpus import split_ids
from kb.errors import XuehuiError
from kb.levels import LevelField
from kb.topics import tagging
from xuehui.web.rendering import render

router = APIRouter()

EXAMPLES = ("常务理事会", "理事长 年龄", "秘书长职业化", "监事会", "三分之一", "会员代表大会 每届")
MAX_LIMIT = 100
RANKED_LIMIT = 30


@dataclass
class SearchForm:
    """The search page's fields, as typed, plus the problems found in them."""

    q: str = ""
    mode: str = "ranked"
    doc: str = ""
    region: str = ""
    level: str = ""
    year_from: str = ""
    year_to: str = ""
    topic: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return any((self.doc, self.region, self.level, self.year_from, self.year_to, self.topic))

    def year(self, name: str) -> int | None:
        raw = getattr(self, name).strip()
        if not raw:
            return None
        if not raw.isdigit() or not 1949 <= int(raw) <= 2100:
            label = "起始年份" if name == "year_from" else "截止年份"
            self.errors.append(f"{label}应为四位年份，如 2018")
            return None
        return int(raw)


def filter_options() -> dict:
    """Choices for the filter menus, from the corpus itself."""
    corpus = kb.load_corpus()
    regions: dict[str, str] = {}
    for d in corpus:
        regions.setdefault(d.meta.region_code, d.meta.region_name or d.meta.region_code)
    years = sorted({d.year for d in corpus if d.year})
    return {
        "documents": list(corpus),
        "regions": regions,
        "years": years,
        "topics": kb.load_corpus().topics(),
    }


def in_topic(hits: list, topic_id: str) -> list:
    """The hits whose clause is tagged with ``topic_id`` (the knowledge base's tagging)."""
    if topic_id not in {t.id for t in kb.load_corpus().topics()}:
        raise XuehuiError(f"没有编号为“{topic_id}”的主题，请从“主题”菜单中选择")
    tags = tagging(kb.load_corpus()).by_clause
    return [h for h in hits if topic_id in tags.get(h.clause_id, [])]


def run_search(
    query: str,
    *,
    exact: bool,
    limit: int,
    doc: str | None,
    region: str | None,
    level: str | None,
    year_from: int | None,
    year_to: int | None,
) -> list:
    return kb.load_corpus().search(
        query,
        limit=limit,
        exact=exact,
        docs=split_ids(doc),
        region_code=region or None,
        level=level or None,
        year_from=year_from,
        year_to=year_to,
    )


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/search", status_code=307)


@router.get("/search", include_in_schema=False)
def search_page(
    request: Request,
    q: str = "",
    mode: str = "ranked",
    doc: str = "",
    region: str = "",
    level: str = "",
    year_from: str = "",
    year_to: str = "",
    topic: str = "",
):
    form = SearchForm(
        q=q.strip()[:200],
        mode="exact" if mode == "exact" else "ranked",
        doc=doc,
        region=region,
        level=level,
        year_from=year_from,
        year_to=year_to,
        topic=topic,
    )
    low, high = form.year("year_from"), form.year("year_to")
    hits, searched = [], False
    if form.q and not form.errors:
        try:
            limit = MAX_LIMIT if form.mode == "exact" or form.topic else RANKED_LIMIT
            hits = run_search(
                form.q,
                exact=form.mode == "exact",
                limit=limit,
                doc=form.doc,
                region=form.region,
                level=form.level,
                year_from=low,
                year_to=high,
            )
            if form.topic:  # the topic narrows the best hits down; keep the page short
                hits = in_topic(hits, form.topic)
                hits = hits if form.mode == "exact" else hits[:RANKED_LIMIT]
            searched = True
        except XuehuiError as err:
            form.errors.append(str(err))
    return render(
        request,
        "search.html",
        active="search",
        form=form,
        hits=hits,
        searched=searched,
        examples=EXAMPLES,
        ranked_limit=RANKED_LIMIT,
        **filter_options(),
    )


@router.get("/api/search", tags=["检索"], summary="检索条款（同 xuehui search --json）")
def api_search(
    q: Annotated[str, Query(min_length=1, max_length=200, description="检索词；精确模式下为短语")],
    exact: Annotated[bool, Query(description="精确模式：只返回原文含有该短语的条款")] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="最多返回的条数")] = 10,
    doc: Annotated[str | None, Query(description="只在此文件中检索，如 henan-2018")] = None,
    region: Annotated[str | None, Query(description="行政区划代码，如 410000")] = None,
    level: Annotated[LevelField | None, Query(description="文件层级")] = None,
    year_from: Annotated[int | None, Query(ge=1949, le=2100, description="印发年份不早于")] = None,
    year_to: Annotated[int | None, Query(ge=1949, le=2100, description="印发年份不晚于")] = None,
) -> list[dict]:
    hits = run_search(
        q,
        exact=exact,
        limit=limit,
        doc=doc,
        region=region,
        level=level,
        year_from=year_from,
        year_to=year_to,
    )
    return [hit.to_dict() for hit in hits]
