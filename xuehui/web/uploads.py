"""Uploads and downloads: size limits, safe parsing, safe file names.

A request body larger than ``MAX_REQUEST_BYTES`` is refused before it is read; each upload
then has its own, smaller limit (a profile is a few kilobytes, a charter a few megabytes).
Download names come from user text (the society's name), so they are reduced to a plain
file name that cannot climb out of a folder or break the header.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from fastapi import UploadFile
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kb import limits
from kb.errors import InputError

PROFILE_MAX_BYTES = 2 * 1024 * 1024
CHARTER_MAX_BYTES = 20 * 1024 * 1024
# the audit form may carry a charter and a profile at once
MAX_REQUEST_BYTES = CHARTER_MAX_BYTES + PROFILE_MAX_BYTES + 1024 * 1024

_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]+")


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """ASGI middleware: answer 413 to a request body over the limit, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        limit = self.max_bytes // (1024 * 1024)
        message = f"上传的内容太大（上限约 {limit} MB）。请缩小文件后重试。"
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps(
                {"error": message, "kind": "too_large", "fields": []}, ensure_ascii=False
            ).encode("utf-8")
            kind = b"application/json"
        else:
            body = f"<!doctype html><meta charset=utf-8><p>{message}</p>".encode()
            kind = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


async def read_upload(upload: UploadFile | None, limit: int, what: str) -> bytes:
    """The uploaded bytes, refusing an empty file or one over ``limit``."""
    if upload is None or not upload.filename:
        raise InputError(f"请选择要上传的{what}")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{what}太大（上限 {limit // (1024 * 1024)} MB）", where=upload.filename)
    if not data.strip():
        raise InputError(f"{what}是空的", where=upload.filename)
    return data


def parse_yaml_mapping(data: bytes, where: str) -> dict:
    """A YAML or JSON mapping, read by the one limited loader (``kb.limits.load_yaml``: no
    object construction, no alias expansion past a few thousand nodes)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("文件不是 UTF-8 编码的文本，请另存为 UTF-8 后重试", where=where) from None
    value = limits.load_yaml(text, source=where)
    if not isinstance(value, dict):
        raise InputError("文件内容应为“字段: 值”的 YAML 映射", where=where)
    return value


def safe_filename(name: str, default: str = "文件") -> str:
    """A bare file name: no folders, no '..', no control or reserved characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = Path(name.replace("\\", "/")).name
    name = _UNSAFE.sub("_", name).strip(" ._")
    return name[:120] or default


def attachment(data: bytes, filename: str, media_type: str) -> Response:
    """A download response whose name survives any browser (RFC 6266 ``filename*``)."""
    name = safe_filename(filename)
    suffix = Path(name).suffix if Path(name).suffix.isascii() else ""
    ascii_name = name if name.isascii() else f"xuehui{suffix}"  # for very old browsers
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})
