"""The generate page's form, built from the profile's JSON Schema (``profile_schema()``).

Nothing about the profile is restated here: groups, labels, help text, choices, limits and
defaults all come from the schema the generator publishes, so a field added to the profile
shows up in the form. Values travel as flat dotted names (``governance.council_size``,
``branches.0.name``) and are turned back into the nested mapping the profile validates;
typing mistakes are left as typed so the profile's own Chinese messages name the field.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

_LABEL_END = re.compile(r"[：；，]")
BASIC_GROUP = ("basic", "基本情况")


@dataclass
class FormField:
    path: str
    label: str
    help: str
    kind: str  # text | integer | number | boolean | select | lines | date | table | json
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    columns: list[FormField] = field(default_factory=list)  # for tables

    @property
    def dom_id(self) -> str:
        return "f-" + self.path.replace(".", "-")


@dataclass
class FormGroup:
    key: str
    title: str
    fields: list[FormField]


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if ref:
        return schema["$defs"][ref.rsplit("/", 1)[-1]]
    for option in node.get("anyOf", ()):
        if option.get("type") != "null":
            merged = {**node, **_resolve(schema, option)}
            merged.pop("anyOf", None)
            merged["nullable"] = True
            return merged
    return node


def split_description(text: str) -> tuple[str, str]:
    """``"常务理事会人数；0 表示不设常务理事会"`` → label and help."""
    text = (text or "").strip().rstrip("。")
    match = _LABEL_END.search(text)
    if not match:
        return text, ""
    return text[: match.start()], text[match.end() :].strip()


def _enum_options(values: list, description: str) -> list[tuple[str, str]]:
    """Each enum value with the Chinese words the description gives it
    (``elected 选任（理事会选举）`` → 选任（理事会选举））."""
    options = []
    for value in values:
        found = re.search(rf"(?<![a-z_]){re.escape(str(value))}\s+([^\s、，,；;或]+)", description)
        label = found.group(1) if found and str(value).isascii() else str(value)
        options.append((str(value), label))
    return options


def _field(schema: dict, path: str, node: dict, required: bool) -> FormField:
    node = _resolve(schema, node)
    label, help_text = split_description(node.get("description", path))
    kind = node.get("type", "string")
    options: list[tuple[str, str]] = []
    columns: list[FormField] = []
    if "enum" in node:
        form_kind = "select"
        options = _enum_options(node["enum"], node.get("description", ""))
        if all(lab != val for val, lab in options) or all(val in help_text for val, _ in options):
            help_text = ""  # the choices already say it
    elif kind == "boolean":
        form_kind, options = "boolean", [("true", "是"), ("false", "否")]
    elif kind in ("integer", "number"):
        form_kind = kind
    elif kind == "string" and node.get("format") == "date":
        form_kind = "date"
    elif kind == "array":
        items = _resolve(schema, node.get("items", {}))
        if items.get("type") == "object":
            form_kind = "table"
            needed = set(items.get("required", ()))
            columns = [
                _field(schema, name, sub, name in needed)
                for name, sub in items["properties"].items()
            ]
        else:
            form_kind = "lines"
            help_text = (help_text + "；" if help_text else "") + "每行一项"
    elif kind == "object" and "properties" not in node:
        form_kind = "json"  # free-form mapping (meeting facts): kept, not edited here
    else:
        form_kind = "text"
    return FormField(
        path=path,
        label=label,
        help=help_text,
        kind=form_kind,
        required=required,
        options=options,
        minimum=node.get("minimum"),
        maximum=node.get("maximum"),
        default=node.get("default"),
        columns=columns,
    )


def build_form(schema: dict) -> list[FormGroup]:
    """Groups of fields: the top level's plain fields first, then one group per sub-object
    and per list of objects, in the schema's order."""
    basic = FormGroup(*BASIC_GROUP, fields=[])
    groups = [basic]
    required = set(schema.get("required", ()))
    for name, raw in schema["properties"].items():
        node = _resolve(schema, raw)
        if node.get("type") == "object" and "properties" in node:
            title, _ = split_description(node.get("description") or raw.get("description", name))
            needed = set(node.get("required", ()))
            groups.append(
                FormGroup(
                    name,
                    title,
                    [
                        _field(schema, f"{name}.{sub}", subnode, sub in needed)
                        for sub, subnode in node["properties"].items()
                    ],
                )
            )
        else:
            item = _field(schema, name, raw, name in required)
            if item.kind == "table":
                groups.append(FormGroup(name, item.label, [item]))
            else:
                basic.fields.append(item)
    return groups


_FACT_KINDS = {
    "str": "text",
    "int": "integer",
    "float": "number",
    "date": "date",
    "list": "lines",
    "pairs": "lines",
    "bool": "boolean",
}


def meeting_groups(kinds: dict) -> list[FormGroup]:
    """One group per resolution kind, from the meeting facts the generator asks for
    (``generator.content.resolutions.kinds()``); values live under ``meetings.<kind>.<fact>``."""
    groups = []
    for key, kind in kinds.items():
        fields = []
        for fact in kind.all_facts():
            form_kind = _FACT_KINDS.get(fact.type, "text")
            fields.append(
                FormField(
                    path=f"meetings.{key}.{fact.key}",
                    label=fact.label,
                    help="每行一项" if form_kind == "lines" else "",
                    kind=form_kind,
                    required=not fact.optional,
                    options=[("true", "是"), ("false", "否")] if form_kind == "boolean" else [],
                )
            )
        groups.append(FormGroup(f"meetings.{key}", kind.name, fields))
    return groups


def all_fields(groups: list[FormGroup]):
    for group in groups:
        yield from group.fields


def flatten(data: dict, groups: list[FormGroup]) -> dict[str, Any]:
    """Profile mapping → form values keyed by dotted path (lists of objects stay lists)."""
    values: dict[str, Any] = {}
    for f in all_fields(groups):
        value: Any = data
        for part in f.path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            continue
        if f.kind == "lines" and isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        elif f.kind == "boolean":
            value = "true" if value else "false"
        elif f.kind == "json":
            value = json.dumps(value, ensure_ascii=False, default=str)
        elif f.kind == "table":
            value = [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
        else:
            value = str(value)
        values[f.path] = value
    return values


def _number(raw: str) -> Any:
    """A typed number, or the text as typed so validation can name the field."""
    text = raw.strip().replace(",", "").replace("，", "")
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return raw


def _convert(f: FormField, raw: str) -> tuple[bool, Any]:
    """(present, value) for one submitted field; empty optional fields are left out."""
    raw = raw.strip()
    if f.kind == "lines":
        return True, [line.strip() for line in raw.splitlines() if line.strip()]
    if f.kind == "json":
        try:
            return bool(raw), json.loads(raw) if raw else None
        except json.JSONDecodeError:
            return False, None
    if not raw:
        return False, None
    if f.kind in ("integer", "number"):
        return True, _number(raw)
    if f.kind == "boolean":
        return True, raw == "true"
    if f.kind == "date":
        try:  # a real date, so a saved profile writes it as YAML writes dates
            return True, dt.date.fromisoformat(raw)
        except ValueError:
            return True, raw
    return True, raw


def _set(data: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def unflatten(form: dict[str, str], groups: list[FormGroup]) -> dict:
    """Submitted form → the nested mapping ``Profile`` validates."""
    data: dict = {}
    for f in all_fields(groups):
        if f.kind == "table":
            rows = []
            indexes = sorted(
                {
                    int(m.group(1))
                    for key in form
                    if (m := re.match(rf"^{re.escape(f.path)}\.(\d+)\.", key))
                }
            )
            for i in indexes:
                row, typed = {}, False
                for col in f.columns:
                    present, value = _convert(col, form.get(f"{f.path}.{i}.{col.path}", ""))
                    if present:
                        row[col.path] = value
                        # a menu left at its default does not make an empty row worth keeping
                        typed = typed or col.kind != "select" or value != col.default
                if typed:
                    rows.append(row)
            data[f.path] = rows
            continue
        present, value = _convert(f, form.get(f.path, ""))
        if present and not (f.kind == "lines" and not value and f.path.startswith("meetings.")):
            _set(data, f.path, value)
    return data
