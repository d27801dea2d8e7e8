"""The API reference at ``/api/docs``, rendered on the server from ``app.openapi()``.

FastAPI's Swagger UI and ReDoc pages load their scripts from a CDN, which breaks offline and
sends the user's browser to the network; bundling a JavaScript UI would add a dependency for
a page developers open rarely. A plain page generated from the same OpenAPI document lists
every endpoint, parameter and body, and the raw schema stays at ``/api/openapi.json``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from xuehui.web.errors import KINDS
from xuehui.web.rendering import render

router = APIRouter()

_METHODS = ("get", "post", "put", "patch", "delete")


def _type_of(schema: dict) -> str:
    """A short readable type for a parameter schema (``integer``, ``string | null`` …)."""
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"{_type_of(schema.get('items', {}))}[]"
    return str(schema.get("type", "object"))


def endpoints(spec: dict) -> dict[str, list[dict]]:
    """The operations of ``spec`` grouped by tag, in declaration order."""
    groups: dict[str, list[dict]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if not op:
                continue
            params = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "type": _type_of(p.get("schema", {})),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = op.get("requestBody", {}).get("content", {})
            groups.setdefault((op.get("tags") or ["其他"])[0], []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "body": ", ".join(body),
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return groups


@router.get("/api/docs", include_in_schema=False)
def api_reference(request: Request):
    spec = request.app.openapi()
    return render(request, "api_docs.html", spec=spec, groups=endpoints(spec), error_kinds=KINDS)
