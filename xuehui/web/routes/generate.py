"""The generate page: a profile form built from the schema, live compliance findings,
downloads of the documents; plus the profile, check and generate JSON API.

The findings come from ``generator.rules.compliance.check`` (what `xuehui check` runs) and the
files from ``generator.content.documents.generate`` (what `xuehui generate` runs, including its
refusal of a profile with errors unless forced); this module only moves values between the
form and the profile mapping and hands the written files to the browser.
"""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Body, File, HTTPException, Query, Request, UploadFile

from generator.content import documents
from generator.content.resolutions import kinds
from generator.profile import FieldProblem, Profile, ProfileError, profile_from_dict, profile_schema
from generator.rules import compliance
from generator.rules.result import check_profile
from kb.errors import InputError, XuehuiError
from kb.regions import regions
from xuehui.web.examples import example_choices, examples
from xuehui.web.jobs import JobTimeout, run_job
from xuehui.web.profile_form import (
    FormGroup,
    all_fields,
    build_form,
    flatten,
    meeting_groups,
    unflatten,
)
from xuehui.web.rendering import render
from xuehui.web.uploads import PROFILE_MAX_BYTES, attachment, parse_yaml_mapping, read_upload

router = APIRouter()
log = logging.getLogger("xuehui.web")

_SEVERITY_ORDER = ("error", "warning", "advice")
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}
ZIP_TYPE = "application/zip"


def form_groups() -> list[FormGroup]:
    """The profile's groups (its free-form ``meetings`` mapping replaced by one group per
    resolution kind, built from the meeting facts each kind needs)."""
    groups = build_form(profile_schema())
    for group in groups:
        group.fields = [f for f in group.fields if f.path != "meetings"]
    return groups + meeting_groups(kinds())


def defaults(groups) -> dict[str, Any]:
    """Form values for a blank profile: the schema's defaults."""
    values: dict[str, Any] = {}
    for group in groups:
        for f in group.fields:
            if f.default is not None and f.kind not in ("table", "json", "lines"):
                values[f.path] = (
                    ("true" if f.default else "false") if f.kind == "boolean" else str(f.default)
                )
    return values


def field_targets(groups: list[FormGroup]) -> dict[str, tuple[str, str]]:
    """Profile path → (id of its form control, its Chinese label)."""
    targets: dict[str, tuple[str, str]] = {}
    for group in groups:
        targets[group.key] = (f"group-{group.key}", group.title)
        for f in group.fields:
            targets[f.path] = (f.dom_id, f.label)
    return targets


def locate(problem: FieldProblem, groups: list[FormGroup]) -> dict[str, str]:
    """A profile problem as the form shows it: the field's label, the id to link to and
    the path to highlight (a table cell is ``branches.0.name``)."""
    targets = field_targets(groups)
    parts = problem.path.split(".") if problem.path else []
    target, label = targets.get(problem.path, ("", ""))
    if not target and len(parts) >= 2 and parts[1].isdigit():  # a row of a table
        table = next((f for f in all_fields(groups) if f.path == parts[0]), None)
        if table is not None:
            row = int(parts[1])
            column = next((c for c in table.columns if len(parts) > 2 and c.path == parts[2]), None)
            label = f"{table.label}第 {row + 1} 行" + (f"“{column.label}”" if column else "")
            target = f"{table.dom_id}-{row}-{column.path}" if column else table.dom_id
    if not target:
        for end in range(len(parts) - 1, 0, -1):  # the nearest enclosing field or group
            target, label = targets.get(".".join(parts[:end]), ("", ""))
            if target:
                break
    return {
        "path": problem.path,
        "label": label or "学会信息",
        "message": problem.message,
        "target": target,
    }


def validate(data: dict) -> tuple[Profile | None, list[dict], set[str]]:
    """The profile, or its problems located in the form and the paths to highlight."""
    try:
        return profile_from_dict(data, where="表单"), [], set()
    except ProfileError as err:
        groups = form_groups()
        problems = [locate(p, groups) for p in err.problems]
        return None, problems, {p["path"] for p in problems if p["path"]}
    except InputError as err:
        return (
            None,
            [{"path": "", "label": "学会信息", "message": err.message, "target": ""}],
            set(),
        )


def summarise(findings) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "advice": 0, "unknown": 0, "pass": 0}
    for f in findings:
        if f.is_problem:
            counts[f.severity] += 1
        elif f.status == "unknown":
            counts["unknown"] += 1
        else:
            counts["pass"] += 1
    return counts


def findings_context(data: dict) -> dict:
    """Everything the findings panel shows for this profile mapping."""
    profile, problems, bad_fields = validate(data) if data else (None, [], set())
    findings, failed = [], False
    if profile:
        try:
            findings = compliance.check(profile)
        except Exception:  # the form stays usable; the cause goes to the server log
            log.exception("compliance check failed")
            failed = True
    by_status: dict[str, list] = {"violation": [], "unknown": [], "pass": []}
    for f in findings:
        group = "violation" if f.is_problem else "unknown" if f.status == "unknown" else "pass"
        by_status[group].append(f)
    by_status["violation"].sort(key=lambda f: _SEVERITY_ORDER.index(f.severity))
    return {
        "profile": profile,
        "problems": problems,
        "bad_fields": sorted(bad_fields),
        "field_messages": {p["path"]: p["message"] for p in problems},
        "findings": findings,
        "summary": summarise(findings),
        "check_failed": failed,
        "violations": by_status["violation"],
        "unknown": by_status["unknown"],
        "passed": by_status["pass"],
    }


def page(
    request: Request,
    values: dict[str, Any],
    *,
    source: str = "",
    notice: str = "",
    status_code: int = 200,
    checked: bool = True,
    example: str = "",
    notice_target: str = "",
):
    """The generate page with ``values`` in the form; ``checked`` runs the compliance panel
    (a blank form only invites, it does not list every missing field yet)."""
    groups = form_groups()
    context = findings_context(unflatten(_as_form(values), groups) if checked else {})
    return render(
        request,
        "generate.html",
        status_code=status_code,
        active="generate",
        groups=groups,
        values=values,
        source=source,
        notice=notice,
        notice_target=notice_target,
        example=example,
        examples=example_choices(),
        regions=regions(),
        kinds=kinds(),
        **context,
    )


def _as_form(values: dict[str, Any]) -> dict[str, str]:
    """Flat values (tables as lists of rows) → the flat names a submitted form has."""
    form: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, list):
            for i, row in enumerate(value):
                for col, cell in row.items():
                    form[f"{key}.{i}.{col}"] = "" if cell is None else str(cell)
        else:
            form[key] = value
    return form


async def _submitted(request: Request) -> tuple[dict, dict[str, str]]:
    """The profile mapping of a submitted form, and the form's other fields."""
    form = await request.form()
    flat = {k: v for k, v in form.items() if isinstance(v, str)}
    return unflatten(flat, form_groups()), flat


# ---------------------------------------------------------------- pages


@router.get("/generate", include_in_schema=False)
def generate_page(request: Request, example: str = ""):
    groups = form_groups()
    if example:
        data = examples().get(example)
        if data is None:
            raise HTTPException(404, f"没有名为“{example}”的示例。请从“从示例开始”菜单中选择。")
        return page(request, flatten(data, groups), source=f"示例：{data['name']}", example=example)
    return page(request, defaults(groups), checked=False)


@router.post("/generate/upload", include_in_schema=False)
async def upload_profile(request: Request, file: Annotated[UploadFile | None, File()] = None):
    groups = form_groups()
    try:
        data = parse_yaml_mapping(
            await read_upload(file, PROFILE_MAX_BYTES, "学会信息文件"),
            where=file.filename if file else "",
        )
    except InputError as err:
        return page(
            request,
            defaults(groups),
            status_code=400,
            checked=False,
            notice=f"{err}。请检查文件后重新上传，或从示例开始。",
            notice_target="upload",
        )
    return page(request, flatten(data, groups), source=f"上传的文件：{file.filename}")


@router.post("/generate/check", include_in_schema=False)
async def live_check(request: Request):
    """The findings panel for the form as it is now (fetched by app.js as the user types)."""
    data, _ = await _submitted(request)
    return render(request, "_findings.html", **findings_context(data))


@router.post("/generate/profile.yaml", include_in_schema=False)
async def download_profile(request: Request):
    data, _ = await _submitted(request)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return attachment(
        text.encode("utf-8"), f"{data.get('name') or '学会信息'}.yaml", "application/x-yaml"
    )


@router.post("/generate/download", include_in_schema=False)
async def download_document(request: Request):
    """One document (``download=charter.docx``, ``resolution:set_fees.md`` …) or all as .zip."""
    data, flat = await _submitted(request)
    choice = flat.get("download", "")
    force = flat.get("force") == "1"

    def refused(reason: str, status_code: int = 400):
        return page(
            request,
            flatten(data, form_groups()),
            source="当前填写的内容",
            status_code=status_code,
            notice=f"未能生成：{reason}",
        )

    try:
        profile = profile_from_dict(data, where="表单")
        if choice == "all.zip":
            content = await run_job(render_zip, profile, force, what="生成文件")
            return attachment(content, f"{profile.name}文件.zip", ZIP_TYPE)
        what, _, fmt = choice.rpartition(".")
        what, _, kind = what.partition(":")
        if what not in ("charter", "duties", "resolution") or fmt not in FORMATS:
            raise InputError(f"不认识要下载的文件“{choice}”，请点击页面上的下载按钮")
        name, content = await run_job(
            render_one, profile, what, fmt, kind or None, force, what="生成文件"
        )
        return attachment(content, name, FORMATS[fmt])
    except documents.MissingMeeting as err:  # the CLI's hint (--meeting) means nothing here
        return refused(
            f"缺少“{err.kind_name}”的会议情况。请在表单的“会议决议”部分展开"
            f"“{err.kind_name}”，填写会议日期、地点、人数和表决票数后再下载"
        )
    except documents.NotCompliant as err:
        return refused(
            f"学会信息有 {len(err.errors)} 项不符合约束本会的规定：\n{err.listing()}\n"
            "请按右侧“合规检查”的说明修改；如确需先生成草稿，可勾选下方"
            "“存在‘必须改正’的问题时仍然生成”后再下载（问题清单将作为附件写入文件）"
        )
    except ProfileError:
        return refused("学会信息还需补正，请按右侧“合规检查”中列出的字段逐项修改后再下载")
    except XuehuiError as err:
        return refused(str(err), 503 if isinstance(err, JobTimeout) else 400)


def render_one(
    profile: Profile, what: str, fmt: str, kind: str | None, force: bool
) -> tuple[str, bytes]:
    """The file name and bytes of one document, checked and refused as `xuehui generate`
    does (runs in a worker process; nothing is written to disk)."""
    path, content = documents.prepare(
        profile, compliance.check(profile), what, ".", fmt=fmt, kind=kind, force=force
    )
    return path.name, content


def render_zip(profile: Profile, force: bool) -> bytes:
    """Every document the profile allows (charter, duties, each resolution with meeting
    facts), in .docx and .md, plus the profile itself, as one .zip."""
    findings = compliance.check(profile)
    jobs = [("charter", None), ("duties", None)] + [("resolution", k) for k in profile.meetings]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for fmt in FORMATS:
            for what, kind in jobs:
                path, content = documents.prepare(
                    profile, findings, what, ".", fmt=fmt, kind=kind, force=force
                )
                archive.writestr(f"{fmt}/{path.name}", content)
        profile_yaml = yaml.safe_dump(
            profile.model_dump(mode="json", exclude_defaults=False),
            allow_unicode=True,
            sort_keys=False,
        )
        archive.writestr("学会信息.yaml", profile_yaml)
    return buffer.getvalue()


# ---------------------------------------------------------------- JSON API


@router.get(
    "/api/profile/schema",
    tags=["学会信息与文件生成"],
    summary="学会信息的 JSON Schema（同 xuehui profile schema）",
)
def api_profile_schema() -> dict:
    return profile_schema()


@router.get("/api/examples", tags=["学会信息与文件生成"], summary="示例学会信息列表")
def api_examples() -> list[dict]:
    return [{"id": stem, "name": name} for stem, name in example_choices()]


@router.get("/api/examples/{example_id}", tags=["学会信息与文件生成"], summary="一个示例学会信息")
def api_example(example_id: str) -> dict:
    data = examples().get(example_id)
    if data is None:
        raise HTTPException(404, f"没有名为“{example_id}”的示例")
    return data


@router.post(
    "/api/check",
    tags=["学会信息与文件生成"],
    summary="检查学会信息是否符合约束它的规定（同 xuehui check --json）",
)
def api_check(
    profile: Annotated[dict, Body(description="学会信息（与 YAML 文件字段相同）")],
) -> dict:
    return check_profile(profile_from_dict(profile, where="学会信息")).to_dict()


@router.get(
    "/api/resolutions",
    tags=["学会信息与文件生成"],
    summary="决议类别及所需会议情况（同 xuehui generate resolution --list --json）",
)
def api_resolutions() -> list[dict]:
    return [kind.to_dict() for kind in kinds().values()]


@router.post(
    "/api/generate/{what}",
    tags=["学会信息与文件生成"],
    summary="生成章程（charter）、岗位职责（duties）或决议（resolution），返回文件",
)
async def api_generate(
    what: str,
    profile: Annotated[dict, Body(description="学会信息（与 YAML 文件字段相同）")],
    fmt: Annotated[str, Query(pattern="^(docx|md)$", description="文件格式：docx 或 md")] = "docx",
    kind: Annotated[
        str | None, Query(description="决议类别（what=resolution 时），如 set_fees")
    ] = None,
    force: Annotated[bool, Query(description="存在必须改正的问题时仍生成（问题写入附件）")] = False,
):
    if what not in ("charter", "duties", "resolution"):
        raise HTTPException(404, f"不能生成“{what}”：可生成 charter、duties、resolution")
    checked = profile_from_dict(profile, where="学会信息")
    try:
        name, content = await run_job(render_one, checked, what, fmt, kind, force, what="生成文件")
    except documents.NotCompliant as err:
        raise XuehuiError(
            f"学会信息有 {len(err.errors)} 项不符合约束本会的规定，未生成文件：\n"
            f"{err.listing()}\n修改学会信息后重试，或加参数 force=true 强制生成"
        ) from None
    return attachment(content, name, FORMATS[fmt])
