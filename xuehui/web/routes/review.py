"""The review page: the rule candidates of the user's own documents, to accept, reject or
correct (subject and value) before they bind anyone.

The work is ``kb.review`` (what `xuehui provisions extract/accept/reject` run), so a decision
made here is the same line in the same review file as one made on the command line.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

import kb
from kb import review
from kb.comparison import load_subjects
from kb.errors import XuehuiError
from kb.review import STATUS_LABELS
from kb.review import candidate_record as record
from xuehui.web.rendering import render

router = APIRouter()
ACTIONS = {"accept": "accepted", "reject": "rejected", "pending": "pending"}


def _user_documents() -> list:
    return [d for d in kb.load_corpus() if not d.builtin]


def _document(doc_id: str):
    corpus = kb.load_corpus()
    if doc_id not in corpus or corpus.document(doc_id).builtin:
        mine = "、".join(d.id for d in _user_documents()) or "无"
        raise HTTPException(404, f"没有编号为“{doc_id}”的用户添加文件。现有：{mine}")
    return corpus.document(doc_id)


@router.get("/review", include_in_schema=False)
def review_index(request: Request):
    rows = []
    for document in _user_documents():
        candidates = review.load_review(document.id)
        counts = {s: sum(c.status == s for c in candidates) for s in STATUS_LABELS}
        rows.append((document, counts, bool(candidates)))
    return render(request, "review.html", active="review", rows=rows, document=None)


@router.get("/review/{doc_id}", include_in_schema=False)
def review_page(request: Request, doc_id: str, error: str = "", status_code: int = 200):
    document = _document(doc_id)
    candidates = review.load_review(doc_id)
    subjects = {key: spec.get("label", key) for key, spec in load_subjects().items()}
    return render(
        request,
        "review.html",
        status_code=status_code,
        active="review",
        document=document,
        candidates=[record(c, doc_id) for c in candidates],
        subjects=subjects,
        status_labels=STATUS_LABELS,
        shown=_shown,
        error=error,
    )


@router.post("/review/{doc_id}/extract", include_in_schema=False)
def extract_page(doc_id: str):
    _document(doc_id)
    review.extract_document(kb.load_corpus(), doc_id)
    return RedirectResponse(f"/review/{doc_id}", status_code=303)


@router.post("/review/{doc_id}/accept-all", include_in_schema=False)
def accept_all_page(request: Request, doc_id: str):
    _document(doc_id)
    try:
        review.decide(kb.load_corpus(), doc_id, None, "accepted")
    except XuehuiError as err:
        return review_page(request, doc_id, error=err.message, status_code=400)
    return RedirectResponse(f"/review/{doc_id}", status_code=303)


@router.post("/review/{doc_id}/{cand_id}", include_in_schema=False)
def decide_page(
    request: Request,
    doc_id: str,
    cand_id: str,
    action: Annotated[str, Form()] = "save",
    subject: Annotated[str | None, Form()] = None,
    value: Annotated[str | None, Form()] = None,
):
    _document(doc_id)
    corpus = kb.load_corpus()
    try:
        current = next((c for c in review.load_review(doc_id) if c.id == cand_id), None)
        if current is None:
            raise XuehuiError(f"文件 {doc_id} 没有编号为 {cand_id} 的候选规定")
        changed_value = value if value is not None and value != _shown(current.value) else None
        if (subject is not None and subject != current.subject) or changed_value is not None:
            review.edit(corpus, doc_id, cand_id, subject=subject, value=changed_value)
        if action in ACTIONS:
            review.decide(corpus, doc_id, [cand_id], ACTIONS[action])
    except XuehuiError as err:
        return review_page(request, doc_id, error=f"{cand_id}：{err.message}", status_code=400)
    return RedirectResponse(f"/review/{doc_id}#{cand_id}", status_code=303)


def _shown(value) -> str:
    """A value as the form shows it: 150, 0.3333, 5-15, 理事会."""
    if isinstance(value, list):
        sep = "-" if all(isinstance(v, (int, float)) for v in value) else "、"
        return sep.join(str(v) for v in value)
    return "" if value is None else str(value)


@router.get(
    "/api/review/{doc_id}",
    tags=["规定审核"],
    summary="一个用户文件的候选规定及审核状态（同 xuehui provisions extract 的 --json 列表）",
)
def api_review(doc_id: str) -> list[dict]:
    _document(doc_id)
    return [record(c, doc_id) for c in review.load_review(doc_id)]
