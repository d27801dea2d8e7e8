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
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile

import kb
from generator.audit import STATUS_LABELS, AuditReport, audit_charter
from generator.audit.reader import parse_charter, read_charter
from generator.audit.reports import (
    problem_text,
    report_docx,
    revision_docx,
    suggestion,
    table_findings,
)
from generator.profile import FieldProblem, profile_from_dict
from kb import limits
from kb.errors import InputError, XuehuiError
from kb.levels import LEVEL_LABELS, parse_level
from kb.regions import region_problem, regions
from xuehui.web.jobs import JobTimeout, run_job
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


REGION, LEVEL = "登记地行政区划代码", "层级"
TEXT_MAX_BYTES = 1024 * 1024  # a charter's text is 30–150 KB; images only come in a .docx
MAX_ARTICLES = 300  # a charter has 40–100 articles; more is not a charter


def audit_job(data: bytes | None, name: str, text: str, target: dict[str, Any]) -> AuditReport:
    """Read, cap and audit a charter (runs in a worker process, see ``jobs``)."""
    if data is not None:
        suffix = Path(name).suffix.lower()  # the reader names the types it takes
        with tempfile.TemporaryDirectory(prefix="xuehui-web-") as folder:
            path = Path(folder) / f"charter{suffix}"
            path.write_bytes(data)
            charter = read_charter(path, display_name=name)
    else:
        charter = parse_charter(text, name)
    limits.check_text(charter.body, what="章程", where=name)
    if len(charter.articles) > MAX_ARTICLES:
        raise InputError(
            f"章程有 {len(charter.articles)} 条，超过 {MAX_ARTICLES} 条的上限，不像是一份章程。"
            "请确认上传的文件",
            where=name,
        )
    return audit_charter(charter, **target)


def field_error(message: str, field: str, label: str) -> InputError:
    """A bad form field: the page links to it, the API lists it under ``fields``."""
    err = InputError(message, where=label)
    err.problems = [FieldProblem(path=field, label=label, message=message)]  # type: ignore[attr-defined]
    return err


def jurisdiction(region_code: str, level: str) -> dict[str, str]:
    """The region and level typed in the form, checked with the form's field names."""
    region_code, level = region_code.strip(), level.strip()
    if not region_code and not level:
        raise InputError(
            "请填写“登记地行政区划代码”并选择“层级”，或上传学会信息文件，以确定哪些规定约束本会"
        )
    if not region_code:
        raise field_error("请填写（如 410000）", "region_code", REGION)
    problem = region_problem(region_code)
    if problem:
        raise field_error(problem, "region_code", REGION)
    if not level:
        raise field_error(f"请选择{'、'.join(LEVEL_LABELS.values())}之一", "level", LEVEL)
    try:
        return {"region_code": region_code, "level": parse_level(level, where=LEVEL)}
    except InputError as err:
        raise field_error(err.message, "level", LEVEL) from None


async def run_audit(
    file: UploadFile | None,
    text: str,
    region_code: str,
    level: str,
    profile_file: UploadFile | None,
) -> AuditReport:
    """Audit the uploaded file (or the pasted text) for the jurisdiction given."""
    target: dict[str, Any]
    if profile_file is not None and profile_file.filename:
        data = await read_upload(profile_file, PROFILE_MAX_BYTES, "学会信息文件")
        profile = profile_from_dict(
            parse_yaml_mapping(data, profile_file.filename), where=profile_file.filename
        )
        target = {"profile": profile}
    if file is not None and file.filename:
        if not (profile_file is not None and profile_file.filename):
            target = jurisdiction(region_code, level)
        data = await read_upload(file, CHARTER_MAX_BYTES, "章程文件")
        name = safe_filename(file.filename, "章程")
        if Path(name).suffix.lower() == ".docx" or limits.is_encrypted_docx(data):
            limits.check_docx(data, where=name)  # a zip bomb is refused before it is read
        elif len(data) > TEXT_MAX_BYTES:
            raise InputError(
                f"章程文本超过 {TEXT_MAX_BYTES // 1024 // 1024} MB（约 30 万字），"
                "不像是一份章程。请确认选择的文件",
                where=name,
            )
        return await run_job(audit_job, data, name, "", target, what="章程审查")
    if text.strip():
        if len(text) > PASTE_MAX_CHARS:
            raise InputError("粘贴的文字太长，请改为上传文件")
        if not (profile_file is not None and profile_file.filename):
            target = jurisdiction(region_code, level)
        return await run_job(audit_job, None, "粘贴的章程", text, target, what="章程审查")
    raise InputError("请上传章程文件（.docx、.txt 或 .md），或把章程全文粘贴到文本框中")


def tier(finding) -> str:
    """Which kind of rule a finding comes from, as the Word report ranks it: a rule that binds
    the society, the model charter, or a document that only serves as reference."""
    label = getattr(finding, "tier_label", None)  # the rule engine's own label, when it has one
    if label:
        return label
    if finding.binding:
        return "约束本会的规定"
    return "示范文本" if finding.source == "model" else "仅供参考（不约束本会）"


def detail(finding) -> str:
    """What the finding adds to the report's problem line (what the charter says)."""
    shown = f"{finding.label}：{finding.rule}"
    message = finding.message
    return message[len(shown) :].lstrip("；;，, ") if message.startswith(shown) else message


def report_view(report: AuditReport) -> dict:
    """What the report page shows: the Word report's conclusion, counts and table rows, in
    its order and with its wording, so the page and the download never disagree."""
    rows = [
        {
            "finding": f,
            "problem": problem_text(f),
            "detail": detail(f),
            "suggestion": suggestion(f),
            "tier": tier(f),
            "kind": "must" if f.is_error else ("binding" if f.binding else "reference"),
        }
        for f in table_findings(report)
    ]
    return {
        "report": report,
        "rows": rows,
        "counts": report.counts(),
        "status_labels": STATUS_LABELS,
        "doc_titles": {d.id: d.short_title for d in kb.load_corpus()},
        "must": [f for f in report.findings if f.is_error],
        "satisfied": [
            f
            for f in report.findings
            if (f.binding or f.source == "model") and f.status == "satisfied"
        ],
    }


def _form_page(request: Request, error: str = "", status_code: int = 200, **values):
    return render(
        request,
        "audit.html",
        status_code=status_code,
        active="audit",
        error=error,
        error_field=values.pop("error_field", ""),
        regions=regions(),
        levels=LEVEL_LABELS,
        values=values,
        token="",
        report=None,
        max_mb=CHARTER_MAX_BYTES // (1024 * 1024),
        status_labels=STATUS_LABELS,
    )


def error_field(err: XuehuiError, file: UploadFile | None, profile: UploadFile | None) -> str:
    """The id of the form control an error is about, to link and highlight it."""
    if err.where == REGION:
        return "a-region"
    if err.where == LEVEL:
        return "a-level"
    if profile is not None and profile.filename and err.where == profile.filename:
        return "a-profile"
    if (
        file is not None
        and file.filename
        and err.where in (file.filename, safe_filename(file.filename, "章程"))
    ):
        return "a-file"
    return ""


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
            request,
            error=str(err),
            status_code=503 if isinstance(err, JobTimeout) else 400,
            error_field=error_field(err, file, profile),
            region_code=region_code,
            level=level,
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
        error_field="",
        max_mb=CHARTER_MAX_BYTES // (1024 * 1024),
        **report_view(report),
    )


@router.get("/audit/{token}/{name}", include_in_schema=False)
async def audit_download(token: str, name: str):
    """``report.docx`` / ``revision.docx`` (or .md) of a report shown earlier."""
    report = kept(token)
    what, _, fmt = name.partition(".")
    if what not in ("report", "revision") or fmt not in FORMATS:
        raise HTTPException(404, "没有这个下载项")
    writer = report_docx if what == "report" else revision_docx
    title = report.charter.title or "章程"
    label = "审查意见" if what == "report" else "修改对照表"
    data = await run_job(writer, report, fmt, what="生成审查意见")
    return attachment(data, f"{title}{label}.{fmt}", FORMATS[fmt])


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
