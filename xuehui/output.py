"""Printing for the CLI: JSON for programs, Rich tables for people, Chinese errors."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def emit_json(data: Any) -> None:
    """UTF-8 JSON with Chinese as is (never \\u-escaped)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def fail(message: str, code: int = 1) -> None:
    # soft_wrap: a message is one logical line; a pipe or log gets file names whole
    err_console.print(f"[bold red]错误：[/]{message}", soft_wrap=True)
    raise SystemExit(code)
