"""What a browser is told and what other web pages may do: security headers on every
response, and POSTs accepted only from the app's own pages.

A page on another site can make the user's browser send a simple form POST to
``http://127.0.0.1:8765`` (no CORS preflight for a form), which would start audits and push
the user's own reports out of memory. Browsers name the page that sent a request in
``Origin`` (and ``Referer``); a POST naming another origin is refused. A request naming
none comes from a script or the command line, not from a web page, and is let through so the
JSON API stays usable with curl.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

# every script and style is a file under /static: no inline code, so none can be injected
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FOREIGN_MESSAGE = (
    "拒绝了来自其他网站的提交：只有本工具自己的页面可以提交表单。"
    "请直接在本工具的页面上操作（地址栏应为本机地址）。"
)


def _origin(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL, lower-cased; None when it is not a web URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def foreign_origin(scope: Scope) -> str | None:
    """The other site a state-changing request came from, or None when it is ours."""
    if scope.get("method") not in UNSAFE_METHODS:
        return None
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())}
    sender = headers.get("origin")
    if sender is None:
        referer = headers.get("referer")
        if referer is None:
            return None  # not sent by a web page (curl, a script, the tests' client)
        sender = _origin(referer) or referer
    if sender == "null":  # a sandboxed frame, a data: or file: page
        return sender
    host = headers.get("host", "").lower()
    ours = f"{scope.get('scheme', 'http')}://{host}"
    return None if sender.lower() == ours else sender


class Security:
    """ASGI middleware: security headers on every response; foreign POSTs refused (403)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        if foreign_origin(scope) is not None:
            await self._refuse(scope, with_headers)
            return
        await self.app(scope, receive, with_headers)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps(
                {"error": FOREIGN_MESSAGE, "kind": "forbidden", "fields": []}, ensure_ascii=False
            ).encode("utf-8")
            kind = b"application/json"
        else:
            body = (
                "<!doctype html><meta charset=utf-8><title>已拒绝 · 学会工具箱</title>"
                f"<p>{FOREIGN_MESSAGE}</p><p><a href=/search>回到首页</a></p>"
            ).encode()
            kind = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
