"""The FastAPI application factory.

FastAPI's own ``/docs`` page would clash with the regulation pages at ``/docs/<id>`` and its
Swagger UI loads scripts from a CDN, so both built-in doc pages are switched off; the API
reference is a server-rendered page at ``/api/docs`` built from ``app.openapi()``
(see ``routes/reference.py``) and the machine-readable schema is at ``/api/openapi.json``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

import xuehui
from xuehui.web.errors import document_errors, install_error_handlers
from xuehui.web.jobs import stop_all
from xuehui.web.paths import STATIC_DIR
from xuehui.web.routes import ROUTERS
from xuehui.web.security import Security
from xuehui.web.uploads import MAX_REQUEST_BYTES, BodySizeLimit


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    stop_all()  # Ctrl+C / SIGTERM: no worker outlives the server


def create_app(allowed_hosts: list[str] | None = None) -> FastAPI:
    """A fresh app; the corpus and index are loaded lazily on the first request.

    ``allowed_hosts`` limits the Host header (`xuehui serve` on 127.0.0.1 passes the
    loopback names), so a web page elsewhere cannot reach the app by DNS rebinding.
    """
    app = FastAPI(
        title="学会工具箱 API",
        description="法规条款检索、各地规定对比、章程与决议生成的本机接口。返回的 JSON 与命令行 --json 相同。",
        version=getattr(xuehui, "__version__", "0"),
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.add_middleware(BodySizeLimit, max_bytes=MAX_REQUEST_BYTES)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(Security)  # outermost: every answer, even a refusal, gets the headers
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    plain_openapi = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(plain_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
