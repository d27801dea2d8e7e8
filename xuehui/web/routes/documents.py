"""The regulations: a list, one page per document with an anchor per clause, and their JSON.

The JSON shapes are those of `xuehui docs --json`, `xuehui clauses DOC --json` and
`xuehui show CLAUSE --json`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

import kb
from kb.corpus import Document
from xuehui.web.rendering import render

router = APIRouter()


def get_document(doc_id: str) -> Document:
    corpus = kb.load_corpus()
    if doc_id not in corpus:
        known = "、".join(d.id for d in corpus)
        raise HTTPException(404, f"没有编号为“{doc_id}”的法规文件。现有：{known}")
    return corpus.document(doc_id)


@router.get("/docs", include_in_schema=False)
def documents_page(request: Request):
    return render(request, "documents.html", active="docs", documents=list(kb.load_corpus()))


@router.get("/docs/{doc_id}", include_in_schema=False)
def document_page(request: Request, doc_id: str, hl: str = ""):
    document = get_document(doc_id)
    return render(
        request, "document.html", active="docs", document=document, highlight=hl.strip()[:50]
    )


@router.get("/api/documents", tags=["法规文件"], summary="全部法规文件（同 xuehui docs --json）")
def api_documents() -> list[dict]:
    return [d.to_dict() for d in kb.load_corpus()]


@router.get(
    "/api/documents/{doc_id}",
    tags=["法规文件"],
    summary="一个文件及其全部条款（同 xuehui clauses DOC --json）",
)
def api_document(doc_id: str) -> dict:
    return get_document(doc_id).to_dict(with_clauses=True)


@router.get(
    "/api/clauses/{clause_id:path}",
    tags=["法规文件"],
    summary="一个条款及其下级条款（同 xuehui show CLAUSE --json）",
)
def api_clause(clause_id: str) -> dict:
    corpus = kb.load_corpus()
    doc_id = clause_id.split("/", 1)[0]
    if doc_id not in corpus or not corpus.document(doc_id).has_clause(clause_id):
        raise HTTPException(
            404, f"没有编号为“{clause_id}”的条款（格式如 henan-2018/sec_4__item_3）"
        )
    clause = corpus.clause(clause_id)
    data = clause.to_dict()
    data["children_text"] = [c.to_dict() for c in corpus.document(doc_id).children(clause)]
    return data
