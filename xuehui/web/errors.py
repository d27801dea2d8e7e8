"""Errors as the user sees them: a Chinese message, never a traceback.

Requests under ``/api/`` get one JSON shape for every error (``ErrorBody``: the message, its
kind and, for bad input, the fields at fault), with one status code per kind (``KINDS``);
pages get the site's error page. A ``XuehuiError`` (bad query, bad profile, unreadable file)
is the user's to fix: 400 like any other bad input. Anything unexpected is logged on the
server and shown as a short apology.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.errors import XuehuiError
from xuehui.web.jobs import JobFailed, JobTimeout
from xuehui.web.rendering import render

log = logging.getLogger("xuehui.web")

# kind → (status, what it means); the OpenAPI schema lists them for every endpoint
KINDS = {
    "invalid": (400, "提交的参数或文件有误（error 说明原因，fields 列出出错的字段）"),
    "forbidden": (403, "来自其他网站的提交，已拒绝"),
    "not_found": (404, "没有这个文件、条款、示例或审查结果"),
    "method": (405, "不支持这种请求方法"),
    "too_large": (413, "上传的内容超过大小上限"),
    "internal": (500, "服务器内部出错（详情记入服务日志）"),
    "timeout": (503, "处理超过时间上限，已停止"),
}
_QUOTED = re.compile(r"'([^']*)'")  # pydantic's "'a', 'b' or 'c'"
_KIND_OF_STATUS = {status: kind for kind, (status, _) in KINDS.items()}

_STATUS_MESSAGES = {
    400: "请求有误（提交的文字可能太长或格式不对）。请检查后重试。",
    404: "没有找到这个页面。请从上方菜单重新进入。",
    405: "不支持这种访问方式。",
    413: "上传的内容太大。",
    500: "服务器内部出错。请重试；如果反复出现，请把操作步骤告诉维护人员。",
}

_FIELD_NAMES = {
    "q": "检索词",
    "exact": "精确模式",
    "limit": "结果数",
    "doc": "文件",
    "doc_id": "文件编号",
    "clause_id": "条款编号",
    "region": "地区",
    "year_from": "起始年份",
    "year_to": "截止年份",
    "file": "上传文件",
    "text": "章程全文",
    "profile": "学会信息",
    "level": "层级",
    "region_code": "行政区划代码",
    "format": "文件格式",
    "fmt": "文件格式",
    "kind": "决议类别",
    "force": "仍然生成",
    "what": "文件种类",
    "subject": "规定主题",
    "topic": "主题",
    "example_id": "示例",
}


class FieldError(BaseModel):
    field: str = Field(description="出错的参数或字段路径，如 limit、governance.council_size")
    label: str = Field(description="字段的中文名称")
    message: str = Field(description="这个字段错在哪里、怎样改正")


class ErrorBody(BaseModel):
    """The body of every error answer under /api/."""

    error: str = Field(description="中文说明：错在哪里、怎样改正")
    kind: str = Field(description="错误种类：" + "、".join(KINDS))
    fields: list[FieldError] = Field(default_factory=list, description="出错的字段（如有）")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request, status: int, message: str, fields: list[dict] | None = None
) -> Response:
    """The error in the one JSON shape (``ErrorBody``) under /api/, else as a page."""
    if wants_json(request):
        body = ErrorBody(
            error=message, kind=_KIND_OF_STATUS.get(status, "invalid"), fields=fields or []
        )
        return JSONResponse(body.model_dump(), status_code=status)
    try:
        return render(request, "error.html", status_code=status, status=status, message=message)
    except Exception:  # the error page itself failed: still no traceback
        log.exception("error page failed")
        return HTMLResponse(f"<p>{status}</p>", status_code=status)


def _validation_problem(item: dict) -> dict:
    """One bad request field as ``FieldError``: its Chinese name and what is wrong."""
    loc = [str(x) for x in item.get("loc", ()) if x not in ("query", "body", "path", "form")]
    named = [part for part in loc if not part.isdigit()]
    key = named[-1] if named else ""
    name = _FIELD_NAMES.get(key, f"参数“{key}”" if key else "请求体")
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    if kind == "missing":
        text = f"缺少{name}"
    elif kind.startswith("bool"):
        text = f"{name}应为 true 或 false"
    elif kind.startswith(("int", "float")):
        text = f"{name}应为数字"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {
            "greater_than_equal": "不小于",
            "greater_than": "大于",
            "less_than_equal": "不大于",
            "less_than": "小于",
        }[kind]
        text = f"{name}应{sign} {next(iter(ctx.values()), '')}"
    elif kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        options = "、".join(_QUOTED.findall(expected)) or expected
        text = f"{name}的取值无效，可选：{options}"
    elif kind == "string_pattern_mismatch":
        text = f"{name}的取值无效"
    elif kind == "string_too_short":
        text = f"{name}不能为空"
    elif kind == "string_too_long":
        text = f"{name}太长（最多 {ctx.get('max_length', '')} 个字符）"
    elif kind in ("dict_type", "model_attributes_type"):
        text = f"{name}应为 JSON 对象（“字段: 值”）"
    elif kind == "json_invalid":
        text = "请求内容不是有效的 JSON"
    else:
        text = f"{name}的取值无效"
    return {"field": ".".join(loc), "label": name, "message": text}


def describe_validation(exc: RequestValidationError) -> tuple[str, list[dict]]:
    """One Chinese sentence for all bad fields of the request, and the fields."""
    fields = [_validation_problem(item) for item in exc.errors()]
    return "；".join(f["message"] for f in fields) or "提交的内容有误", fields


def user_error_fields(exc: XuehuiError) -> list[dict]:
    """The fields a user error names (a profile's ``ProfileError``), as ``FieldError``."""
    return [
        {"field": p.path, "label": p.label or p.path, "message": p.message}
        for p in getattr(exc, "problems", ())
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(XuehuiError)
    async def _user_error(request: Request, exc: XuehuiError) -> Response:
        if isinstance(exc, JobTimeout):
            return error_response(request, 503, str(exc))
        return error_response(request, 400, str(exc), user_error_fields(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        english = detail is None or detail.isascii()
        message = _STATUS_MESSAGES.get(exc.status_code, "请求未能完成。") if english else detail
        status = 400 if exc.status_code == 422 else exc.status_code
        return error_response(request, status, message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        message, fields = describe_validation(exc)
        return error_response(request, 400, message, fields)

    @app.exception_handler(JobFailed)
    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, _STATUS_MESSAGES[500])


def document_errors(spec: dict) -> dict:
    """The OpenAPI document with the one error shape: FastAPI's own 422 entries replaced by
    the ``ErrorBody`` answers each API operation can give."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorBody, FieldError):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schema.pop("$defs", None)
        schemas[model.__name__] = schema
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for item in spec.get("paths", {}).values():
        for method, op in item.items():
            responses = op.setdefault("responses", {})
            responses.pop("422", None)
            kinds = ["invalid", "not_found", "internal"]
            if method == "post":
                kinds += ["forbidden", "too_large", "timeout"]
            for kind in kinds:
                status, meaning = KINDS[kind]
                responses[str(status)] = {"description": f"{kind}：{meaning}", "content": ref}
    return spec
