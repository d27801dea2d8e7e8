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

app = typer.Typer(
    name="xuehui",
    help="学会工具箱：法规条款检索、各地规定对比、章程与决议生成。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Every module under xuehui/commands defines its commands in register(app).
_commands = importlib.import_module("xuehui.commands")
for _info in sorted(pkgutil.iter_modules(_commands.__path__), key=lambda m: m.name):
    importlib.import_module(f"xuehui.commands.{_info.name}").register(app)


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=argv, prog_name="xuehui", standalone_mode=True)
    except XuehuiError as err:
        fail(str(err), err.exit_code)
    except KeyboardInterrupt:
        fail("已中断", 130)
    except OSError as err:  # disk full, permission denied …: say where, no traceback
        where = f"（{err.filename}）" if getattr(err, "filename", None) else ""
        fail(f"文件操作失败{where}：{err.strerror or err}", 1)


if __name__ == "__main__":
    main(sys.argv[1:])
