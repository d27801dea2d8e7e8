"""The generate page: a profile form built from the schema, live compliance findings,
downloads of the documents; plus the profile and check JSON API.

The findings come from ``generator.compliance.check`` (what `xuehui check` runs) and the
documents from the generator's renderers; this module only moves values between the form
and the profile mapping.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Body, File, HTTPException, Request, UploadFile

from generator import compliance
from generator.profile import Profile, profile_from_dict, profile_schema
from generator.regions import regions
from kb.errors import InputError
from xuehui.web.examples import example_choices, examples
from xuehui.web.profile_form import build_form, flatten, unflatten
from xuehui.web.rendering import render
from xuehui.web.uploads import PROFILE_MAX_BYTES, attachment, parse_yaml_mapping, read_upload

router = APIRouter()
log = logging.getLogger("xuehui.web")

_SEVERITY_ORDER = ("error", "warning", "advice")
_FIELD_PATH = re.compile(r"[a-z_]+(?:\.[a-z_0-9]+)+|(?<=字段 )[a-z_]+")


def form_groups():
    return build_form(profile_schema())


def defaults(groups) -> dict[str, Any]:
    """Form values for a blank profile: the schema's defaults."""
    values: dict[str, Any] = {}
    for group in groups:
        for f in group.fields:
            if f.default is not None and f.kind not in ("table", "json", "lines"):
                values[f.path] = ("true" if f.default else "false") if f.kind == "boolean" \
                    else str(f.default)
    return values


def validate(data: dict) -> tuple[Profile | None, list[str], set[str]]:
    """The profile, or the Chinese problems and the field paths they name."""
    try:
        return profile_from_dict(data, where="表单"), [], set()
    except InputError as err:
        lines = [line.strip(" -") for line in err.message.splitlines()[1:] if line.strip()]
        lines = lines or [err.message]
        named = {m.group(0) for line in lines for m in _FIELD_PATH.finditer(line)}
        return None, lines, named


def findings_context(data: dict) -> dict:
    """Everything the findings panel shows for this profile mapping."""
    profile, problems, bad_fields = validate(data)
    findings, failed = [], False
    if profile:
        try:
            findings = compliance.check(profile)
        except Exception:  # the form stays usable; the cause goes to the server log
            log.exception("compliance check failed")
            failed = True
    by_status: dict[str, list] = {"violation": [], "unknown": [], "pass": []}
    for f in findings:
        by_status[f.status].append(f)
    by_status["violation"].sort(key=lambda f: _SEVERITY_ORDER.index(f.severity))
    return {"profile": profile, "problems": problems, "bad_fields": sorted(bad_fields),
            "findings": findings, "summary": summarise(findings),
            "violations": by_status["violation"], "unknown": by_status["unknown"],
            "passed": by_status["pass"], "check_failed": failed}


def summarise(findings) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "advice": 0, "unknown": 0, "pass": 0}
    for f in findings:
        key = f.severity if f.status == "violation" else f.status
        counts[key] += 1
    return counts


def page(request: Request, values: dict[str, Any], *, source: str = "", upload_error: str = "",
         status_code: int = 200):
    groups = form_groups()
    context = findings_context(unflatten(_as_form(values, groups), groups) if source else {})
    if not source:  # a blank form: invite, don't list every missing field yet
        context.update(problems=[], bad_fields=[])
    return render(request, "generate.html", status_code=status_code, active="generate",
                  groups=groups, values=values, source=source, upload_error=upload_error,
                  examples=example_choices(), regions=regions(), **context)


def _as_form(values: dict[str, Any], groups) -> dict[str, str]:
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


@router.get("/generate", include_in_schema=False)
def generate_page(request: Request, example: str = ""):
    groups = form_groups()
    if example:
        data = examples().get(example)
        if data is None:
            raise HTTPException(404, f"没有名为“{example}”的示例。请从“从示例开始”菜单中选择。")
        return page(request, flatten(data, groups), source=f"示例：{data['name']}")
    return page(request, defaults(groups))


@router.post("/generate/upload", include_in_schema=False)
async def upload_profile(request: Request,
                         file: Annotated[UploadFile | None, File()] = None):
    groups = form_groups()
    try:
        data = parse_yaml_mapping(await read_upload(file, PROFILE_MAX_BYTES, "学会信息文件"),
                                  where=file.filename if file else "")
    except InputError as err:
        return page(request, defaults(groups), upload_error=str(err), status_code=400)
    return page(request, flatten(data, groups), source=f"上传的文件：{file.filename}")


async def _form_data(request: Request) -> dict:
    form = await request.form()
    groups = form_groups()
    return unflatten({k: v for k, v in form.items() if isinstance(v, str)}, groups)


@router.post("/generate/check", include_in_schema=False)
async def live_check(request: Request):
    """The findings panel for the form as it is now (fetched by app.js as the user types)."""
    return render(request, "_findings.html", **findings_context(await _form_data(request)))


@router.post("/generate/profile.yaml", include_in_schema=False)
async def download_profile(request: Request):
    data = await _form_data(request)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    name = str(data.get("name") or "学会信息")
    return attachment(text.encode("utf-8"), f"{name}.yaml", "application/x-yaml")


@router.get("/api/profile/schema", tags=["学会信息与合规检查"],
            summary="学会信息的 JSON Schema（同 xuehui profile schema）")
def api_profile_schema() -> dict:
    return profile_schema()


@router.get("/api/examples", tags=["学会信息与合规检查"], summary="示例学会信息列表")
def api_examples() -> list[dict]:
    return [{"id": stem, "name": name} for stem, name in example_choices()]


@router.get("/api/examples/{example_id}", tags=["学会信息与合规检查"], summary="一个示例学会信息")
def api_example(example_id: str) -> dict:
    data = examples().get(example_id)
    if data is None:
        raise HTTPException(404, f"没有名为“{example_id}”的示例")
    return data


@router.post("/api/check", tags=["学会信息与合规检查"],
             summary="检查学会信息是否符合约束它的规定（同 xuehui check --json）")
def api_check(
    profile: Annotated[dict, Body(description="学会信息（与 YAML 文件字段相同）")],
) -> list[dict]:
    checked = profile_from_dict(profile, where="学会信息")
    return [f.to_dict() for f in compliance.check(checked)]
