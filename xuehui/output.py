"""Printing for the CLI: JSON for programs, Rich tables for people, Chinese errors.

User text (titles, file names, clause ids, queries) goes through ``plain`` before it meets
Rich: a title such as "关于[/x]深化改革的意见" must print as written, not be read as markup
(which crashes) or swallowed ("[draft]" would vanish), and an ESC or a right-to-left override
in a query or file name must not reach the terminal raw.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that make a name read differently from what it is (U+202E "RIGHT-TO-LEFT OVERRIDE").
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: object) -> str:
    """``text`` with terminal control characters shown as escapes (``\\x1b``, ``\\u202e``)."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def plain(text: object) -> str:
    """User text made safe to embed in a Rich markup string: printed literally, no controls."""
    return escape(visible(text))


def emit_json(data: Any) -> None:
    """UTF-8 JSON with Chinese as is (never \\u-escaped)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def fail(message: str, code: int = 1) -> None:
    """Print an error (which may quote the user's file names and values) and exit."""
    # soft_wrap: a message is one logical line; a pipe or log gets file names whole
    err_console.print(f"[bold red]错误：[/]{plain(message)}", soft_wrap=True)
    raise SystemExit(code)
