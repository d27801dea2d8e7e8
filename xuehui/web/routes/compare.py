"""The compare page: what each document says on a topic, side by side, and the provisions
table; downloads as .docx/.csv (and .md/.html); the same comparisons as JSON.

Everything is computed by ``kb.comparison`` (what `xuehui compare` runs); downloads go
through ``kb.export`` so the files are the ones the CLI writes with ``--out``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

import kb
from kb import comparison as cmp
from kb.errors import XuehuiError
from kb.export import export
from kb.levels import LevelField
from kb.topics import load_topics, topic_records
from xuehui.web.rendering import render
from xuehui.web.uploads import attachment

router = APIRouter()

DOWNLOADS = {
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "csv": ("CSV", "text/csv; charset=utf-8"),
    "md": ("Markdown", "text/markdown; charset=utf-8"),
    "html": ("HTML", "text/html; charset=utf-8"),
}


def topic_comparison(query: str, region_code: str | None, level: str | None):
    return kb.load_corpus().compare_topic(
        query, region_code=region_code or None, level=level or None
    )


def provision_comparison(subject: str | None, region_code: str | None, level: str | None):
    return kb.load_corpus().compare_provisions(
        subject or None, region_code=region_code or None, level=level or None
    )


def topic_columns(comparison) -> list[dict]:
    """Per document: its clauses on the topic with provision numbers emphasised."""
    juris = comparison.jurisdiction
    columns = []
    for doc in comparison.documents:
        items = [
            {
                "clause": c,
                "paragraph": cmp.emphasised(c, comparison.emphasis.get(c.id, [])),
                "provisions": [
                    (cmp.subject_label(p.subject), cmp.describe(p))
                    for p in comparison.provisions.get(c.id, [])
                ],
            }
            for c in comparison.clauses[doc.id]
        ]
        columns.append(
            {
                "doc": doc,
                "items": items,
                "binding": juris.is_binding(doc.id) if juris else None,
                "reason": juris.reasons.get(doc.id) if juris else None,
            }
        )
    return columns


@router.get("/compare", include_in_schema=False)
def compare_page(
    request: Request,
    topic: str = "",
    q: str = "",
    view: str = "topic",
    subject: str = "",
    region_code: str = "",
    level: str = "",
):
    view = "provisions" if view == "provisions" else "topic"
    query = (q.strip() or topic.strip())[:100]
    context = {
        "topics": load_topics(),
        "view": view,
        "topic": topic,
        "q": q.strip()[:100],
        "query": query,
        "subject": subject.strip()[:100],
        "region_code": region_code.strip()[:6],
        "level": level,
        "error": "",
        "comparison": None,
        "columns": [],
        "table": None,
        "downloads": DOWNLOADS,
    }
    try:
        if view == "topic" and query:
            comparison = topic_comparison(query, context["region_code"], level)
            context.update(comparison=comparison, columns=topic_columns(comparison))
        elif view == "provisions":
            comparison = provision_comparison(context["subject"], context["region_code"], level)
            context.update(comparison=comparison, table=comparison.table())
    except XuehuiError as err:
        context["error"] = str(err)
    return render(request, "compare.html", active="compare", **context)


@router.get("/compare/download", include_in_schema=False)
def compare_download(
    view: str = "topic",
    topic: str = "",
    q: str = "",
    subject: str = "",
    region_code: str = "",
    level: str = "",
    format: str = "docx",
):
    if format not in DOWNLOADS:
        raise HTTPException(400, f"不支持的格式“{format}”，可选：{'、'.join(DOWNLOADS)}")
    if view == "provisions":
        comparison = provision_comparison(subject.strip(), region_code.strip(), level)
        name = f"规定对照表{('-' + subject.strip()) if subject.strip() else ''}"
    else:
        query = q.strip() or topic.strip()
        if not query:
            raise HTTPException(400, "请先选择主题或输入关键词，再下载对比表")
        comparison = topic_comparison(query, region_code.strip(), level)
        name = f"各地对比-{comparison.topic.label}"
    with tempfile.TemporaryDirectory(prefix="xuehui-web-") as folder:
        path = export(comparison, Path(folder) / f"comparison.{format}")
        data = path.read_bytes()
    return attachment(data, f"{name}.{format}", DOWNLOADS[format][1])


@router.get(
    "/api/topics", tags=["对比"], summary="主题分类及各文件涉及条款数（同 xuehui topics --json）"
)
def api_topics() -> list[dict]:
    return topic_records(kb.load_corpus())


@router.get("/api/provisions", tags=["对比"], summary="可核查规定（同 xuehui provisions --json）")
def api_provisions(
    subject: Annotated[
        str | None, Query(max_length=100, description="规定主题键、前缀或名称中的词")
    ] = None,
    doc: Annotated[str | None, Query(description="只列出一个文件的规定，如 henan-2018")] = None,
) -> list[dict]:
    wanted = kb.load_corpus().provisions(subject=subject, docs=[doc] if doc else None)
    return [cmp.provision_record(p) for p in wanted]


@router.get(
    "/api/compare/topic",
    tags=["对比"],
    summary="各文件关于一个主题的规定（同 xuehui compare --topic --json）",
)
def api_compare_topic(
    topic: Annotated[
        str, Query(min_length=1, max_length=100, description="主题编号、名称或任意词语")
    ],
    region_code: Annotated[
        str | None, Query(description="学会所在地区代码，用于标注约束/参考")
    ] = None,
    level: Annotated[LevelField | None, Query(description="学会层级")] = None,
) -> dict:
    return topic_comparison(topic, region_code, level).to_dict()


@router.get(
    "/api/compare/provisions",
    tags=["对比"],
    summary="各文件可核查规定对照（同 xuehui compare --provisions --json）",
)
def api_compare_provisions(
    subject: Annotated[
        str | None, Query(max_length=100, description="规定主题键、前缀或名称中的词")
    ] = None,
    region_code: Annotated[str | None, Query(description="学会所在地区代码")] = None,
    level: Annotated[LevelField | None, Query(description="学会层级")] = None,
) -> dict:
    return provision_comparison(subject, region_code, level).to_dict()


@router.get(
    "/api/jurisdiction",
    tags=["对比"],
    summary="哪些文件约束一个学会、哪些仅供参考（同 xuehui jurisdiction --json）",
)
def api_jurisdiction(
    region_code: Annotated[str, Query(description="行政区划代码，如 410000")],
    level: Annotated[LevelField, Query(description="学会层级")],
) -> dict:
    return kb.load_corpus().jurisdiction(region_code, level).to_dict()
