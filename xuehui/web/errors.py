"""Errors as the user sees them: a Chinese message, never a traceback.

Requests under ``/api/`` get ``{"error": "…"}`` JSON; pages get the site's error page. A
``XuehuiError`` (bad query, bad profile, unreadable file) is the user's to fix: 400 with its
message. Anything unexpected is logged on the server and shown as a short apology.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.errors import XuehuiError
from xuehui.web.rendering import render

log = logging.getLogger("xuehui.web")

_STATUS_MESSAGES = {
    400: "请求有误（提交的文字可能太长或格式不对）。请检查后重试。",
    404: "没有找到这个页面。请从上方菜单重新进入。",
    405: "不支持这种访问方式。",
    413: "上传的内容太大。",
    422: "提交的内容有误。",
    500: "服务器内部出错。请重试；如果反复出现，请把操作步骤告诉维护人员。",
}

_FIELD_NAMES = {
    "q": "检索词",
    "limit": "结果数",
    "year_from": "起始年份",
    "year_to": "截止年份",
    "file": "上传文件",
    "profile": "学会信息",
    "level": "层级",
    "region_code": "行政区划代码",
    "format": "文件格式",
    "subject": "规定主题",
    "topic": "主题",
}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request, status: int, message: str, hint: str | None = None
) -> Response:
    if wants_json(request):
        body = {"error": message}
        if hint:
            body["hint"] = hint
        return JSONResponse(body, status_code=status)
    try:
        return render(
            request, "error.html", status_code=status, status=status, message=message, hint=hint
        )
    except Exception:  # the error page itself failed: still no traceback
        log.exception("error page failed")
        return HTMLResponse(f"<p>{status}</p>", status_code=status)


def describe_validation(exc: RequestValidationError) -> str:
    """One Chinese sentence per bad field of the request."""
    parts = []
    for item in exc.errors():
        loc = [str(x) for x in item.get("loc", ()) if x not in ("query", "body", "path", "form")]
        name = _FIELD_NAMES.get(loc[-1], loc[-1]) if loc else "请求"
        kind = item.get("type", "")
        if kind == "missing":
            parts.append(f"缺少{name}")
        elif kind.startswith("int") or kind.startswith("float"):
            parts.append(f"{name}应为数字")
        elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
            limit = next(iter(item.get("ctx", {}).values()), "")
            sign = {
                "greater_than_equal": "不小于",
                "greater_than": "大于",
                "less_than_equal": "不大于",
                "less_than": "小于",
            }[kind]
            parts.append(f"{name}应{sign} {limit}")
        elif kind in ("literal_error", "enum"):
            parts.append(f"{name}的取值无效，可选：{item.get('ctx', {}).get('expected', '')}")
        elif kind.startswith("string_too"):
            parts.append(f"{name}的长度不合适")
        else:
            parts.append(f"{name}有误")
    return "；".join(parts) or "提交的内容有误"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(XuehuiError)
    async def _user_error(request: Request, exc: XuehuiError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        english = detail is None or detail.isascii()
        message = _STATUS_MESSAGES.get(exc.status_code, "请求未能完成。") if english else detail
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, describe_validation(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, _STATUS_MESSAGES[500])
