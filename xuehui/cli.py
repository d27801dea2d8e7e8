"""The ``xuehui`` command: a thin layer over the library API.

Each concern registers its commands from ``xuehui.commands.<concern>``; every command has
``--json``. Errors the user can fix are printed in Chinese with a non-zero exit, never as a
traceback.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from kb.errors import XuehuiError
from xuehui.output import fail

_app = typer.Typer(
    name="xuehui",
    help="学会工具箱：法规条款检索、各地规定对比、章程与决议生成。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Which module under xuehui/commands defines each top-level command. Running a command imports
# only its module, so `xuehui search` does not pay for the generator or the web app; help and
# unknown commands load them all. tests/test_cli.py keeps this table true.
COMMANDS: dict[str, str] = {
    "docs": "corpus", "clauses": "corpus", "show": "corpus",
    "search": "search", "index": "search", "corpus": "search",
    "compare": "compare", "topics": "compare", "provisions": "compare",
    "jurisdiction": "compare",
    "profile": "generate", "generate": "generate", "check": "generate",
    "audit": "audit", "serve": "serve",
}


def command_modules(argv: list[str]) -> list[str]:
    """The command modules needed to run ``argv``."""
    name = next((a for a in argv if not a.startswith("-")), None)
    if name in COMMANDS:
        return [COMMANDS[name]]
    package = importlib.import_module("xuehui.commands")
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__))


_registered: set[str] = set()


def build_app(argv: list[str]) -> typer.Typer:
    """The Typer app with the commands ``argv`` needs (all of them for ``[]`` or help)."""
    for module in command_modules(argv):
        if module not in _registered:
            importlib.import_module(f"xuehui.commands.{module}").register(_app)
            _registered.add(module)
    return _app


def __getattr__(name: str):
    if name == "app":  # the complete app, for tests and for embedding (typer's CliRunner)
        return build_app([])
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    try:
        build_app(argv)(args=argv, prog_name="xuehui", standalone_mode=True)
    except XuehuiError as err:
        fail(str(err), err.exit_code)
    except KeyboardInterrupt:
        fail("已中断", 130)
    except OSError as err:  # disk full, permission denied …: say where, no traceback
        where = f"（{err.filename}）" if getattr(err, "filename", None) else ""
        fail(f"文件操作失败{where}：{err.strerror or err}", 1)


if __name__ == "__main__":
    main(sys.argv[1:])
