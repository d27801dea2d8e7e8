"""The audit page: upload (or paste) a charter, see what falls short of the rules that bind
the society, download the review report and the 修改对照表.

The work is ``generator.audit`` (what `xuehui audit` runs); reports are written by
``generator.audit.reports``. A report is kept in memory for a while under a random token so
its downloads need no second upload; nothing is written to disk beyond a private temporary
copy of the upload while it is read.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile

import kb
from generator.audit import STATUS_LABELS, AuditReport, audit, audit_text
from generator.audit.reports import report_docx, revision_docx, suggestion, table_findings
from generator.profile import Profile, profile_from_dict
from kb.errors import InputError, XuehuiError
from kb.levels import LEVEL_LABELS
from kb.regions import regions
from xuehui.web.rendering import render
from xuehui.web.uploads import (
    CHARTER_MAX_BYTES,
    PROFILE_MAX_BYTES,
    attachment,
    parse_yaml_mapping,
    read_upload,
    safe_filename,
)

router = APIRouter()

_KEPT = 16  # reports kept for download, most recent first
_reports: OrderedDict[str, AuditReport] = OrderedDict()
_lock = threading.Lock()
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}
PASTE_MAX_CHARS = 300_000  # below the 1 MB a form field may carry


def keep(report: AuditReport) -> str:
    token = secrets.token_urlsafe(16)
    with _lock:
        _reports[token] = report
        while len(_reports) > _KEPT:
            _reports.popitem(last=False)
    return token


def kept(token: str) -> AuditReport:
    with _lock:
        report = _reports.get(token)
    if report is None:
        raise HTTPException(
            404, "这份审查结果已过期（本机只保留最近的若干份）。请重新上传章程审查。"
        )
    return report


async def run_audit(
    file: UploadFile | None,
    text: str,
    region_code: str,
    level: str,
    profile_file: UploadFile | None,
) -> AuditReport:
    """Audit the uploaded file (or the pasted text) for the jurisdiction given."""
    profile: Profile | None = None
    if profile_file is not None and profile_file.filename:
        data = await read_upload(profile_file, PROFILE_MAX_BYTES, "学会信息文件")
        profile = profile_from_dict(
            parse_yaml_mapping(data, profile_file.filename), where=profile_file.filename
        )
    target = (
        {"profile": profile}
        if profile
        else {"region_code": region_code.strip() or None, "level": level or None}
    )
    if file is not None and file.filename:
        data = await read_upload(file, CHARTER_MAX_BYTES, "章程文件")
        name = safe_filename(file.filename, "章程")
        suffix = Path(name).suffix.lower()  # the reader names the types it takes
        with tempfile.TemporaryDirectory(prefix="xuehui-web-") as folder:
            path = Path(folder) / f"charter{suffix}"
            path.write_bytes(data)
            return audit(path, display_name=name, **target)
    if text.strip():
        if len(text) > PASTE_MAX_CHARS:
            raise InputError("粘贴的文字太长，请改为上传文件")
        return audit_text(text, name="粘贴的章程", **target)
    raise InputError("请上传章程文件（.docx、.txt 或 .md），或把章程全文粘贴到文本框中")


def report_view(report: AuditReport) -> dict:
    """What the report page shows, in the order the Word report lists it."""
    rows = [{"finding": f, "suggestion": suggestion(f)} for f in table_findings(report)]
    return {
        "report": report,
        "rows": rows,
        "counts": report.counts(),
        "status_labels": STATUS_LABELS,
        "doc_titles": {d.id: d.short_title for d in kb.load_corpus()},
        "must": [f for f in report.findings if f.is_error],
        "satisfied": [f for f in report.findings if f.binding and f.status == "satisfied"],
    }


def _form_page(request: Request, error: str = "", status_code: int = 200, **values):
    return render(
        request,
        "audit.html",
        status_code=status_code,
        active="audit",
        error=error,
        regions=regions(),
        levels=LEVEL_LABELS,
        values=values,
        token="",
        report=None,
        max_mb=CHARTER_MAX_BYTES // (1024 * 1024),
        status_labels=STATUS_LABELS,
    )


@router.get("/audit", include_in_schema=False)
def audit_page(request: Request):
    return _form_page(request, region_code="", level="")


@router.post("/audit", include_in_schema=False)
async def audit_submit(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    profile: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str, Form()] = "",
    region_code: Annotated[str, Form()] = "",
    level: Annotated[str, Form()] = "",
):
    try:
        report = await run_audit(file, text, region_code, level, profile)
    except XuehuiError as err:
        return _form_page(
            request, error=str(err), status_code=400, region_code=region_code, level=level
        )
    token = keep(report)
    return render(
        request,
        "audit.html",
        active="audit",
        error="",
        regions=regions(),
        levels=LEVEL_LABELS,
        values={"region_code": report.region_code, "level": report.level},
        token=token,
        max_mb=CHARTER_MAX_BYTES // (1024 * 1024),
        **report_view(report),
    )


@router.get("/audit/{token}/{name}", include_in_schema=False)
def audit_download(token: str, name: str):
    """``report.docx`` / ``revision.docx`` (or .md) of a report shown earlier."""
    report = kept(token)
    what, _, fmt = name.partition(".")
    if what not in ("report", "revision") or fmt not in FORMATS:
        raise HTTPException(404, "没有这个下载项")
    writer = report_docx if what == "report" else revision_docx
    title = report.charter.title or "章程"
    label = "审查意见" if what == "report" else "修改对照表"
    return attachment(writer(report, fmt=fmt), f"{title}{label}.{fmt}", FORMATS[fmt])


@router.post(
    "/api/audit",
    tags=["章程审查"],
    summary="审查上传的章程（同 xuehui audit --json，不含 written）",
)
async def api_audit(
    file: Annotated[
        UploadFile | None, File(description="章程文件：.docx、.txt 或 .md，20 MB 以内")
    ] = None,
    profile: Annotated[
        UploadFile | None, File(description="学会信息文件（代替地区与层级）")
    ] = None,
    text: Annotated[str, Form(description="或：章程全文")] = "",
    region_code: Annotated[str, Form(description="登记地行政区划代码，如 410000")] = "",
    level: Annotated[str, Form(description="层级：national、provincial、prefectural、county")] = "",
) -> dict:
    report = await run_audit(file, text, region_code, level, profile)
    return report.to_dict()
