"""The ``xuehui`` command: a thin layer over the library API.

Each concern registers its commands from ``xuehui.commands.<concern>``; every command has
``--json``. Errors the user can fix are printed in Chinese with a non-zero exit, never as a
traceback.
"""

from __future__ import annotations

import errno
import importlib
import os
import pkgutil
import re
import sys

import typer
from typer import rich_utils
from typer._click import core as click_core
from typer._click import formatting as click_formatting
from typer._click.exceptions import (  # typer ships its own copy of click
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.exceptions import Abort

from kb.errors import XuehuiError
from xuehui.output import fail


def _localise_help() -> None:
    """Help screens in Chinese: Typer's panel titles and marks, Click's usage line and the
    help option's own line (Typer and Click ship English only; nothing else reads these)."""
    for name, text in {
        "DEFAULT_STRING": "[默认：{}]",
        "ENVVAR_STRING": "[环境变量：{}]",
        "REQUIRED_LONG_STRING": "[必填]",
        "DEPRECATED_STRING": "（已停用）",
        "ARGUMENTS_PANEL_TITLE": "参数",
        "OPTIONS_PANEL_TITLE": "选项",
        "COMMANDS_PANEL_TITLE": "命令",
        "ERRORS_PANEL_TITLE": "错误",
        "ABORTED_TEXT": "已中断。",
        "RICH_HELP": "用 [blue]{command_path} {help_option}[/] 查看帮助。",
    }.items():
        setattr(rich_utils, name, text)
    rich_utils.OptionHighlighter.highlights = [
        *rich_utils.OptionHighlighter.highlights,
        r"(?P<usage>用法：)",
    ]
    write_usage = click_formatting.HelpFormatter.write_usage

    def chinese_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    click_formatting.HelpFormatter.write_usage = chinese_usage
    get_help_option = click_core.Command.get_help_option

    def chinese_help_option(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = "显示本帮助并退出"
        return option

    click_core.Command.get_help_option = chinese_help_option
    usage_pieces = click_core.Command.collect_usage_pieces
    words = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}

    def chinese_usage_pieces(self, ctx) -> list[str]:
        return [words.get(piece, piece) for piece in usage_pieces(self, ctx)]

    click_core.Command.collect_usage_pieces = chinese_usage_pieces
    group_pieces = typer.core.TyperGroup.collect_usage_pieces

    def chinese_group_pieces(self, ctx) -> list[str]:
        return [words.get(piece, piece) for piece in group_pieces(self, ctx)]

    typer.core.TyperGroup.collect_usage_pieces = chinese_group_pieces
    display_type = typer.core._TyperParameter.display_type
    types = {
        "<path>": "<路径>",
        "<file>": "<文件>",
        "<dir>": "<文件夹>",
        "<str>": "<文字>",
        "<int>": "<整数>",
        "<float>": "<数字>",
        "<date>": "<日期>",
    }

    def chinese_type(self, ctx):
        shown = display_type(self, ctx)
        if shown == "<bool>" and getattr(self, "is_flag", False):
            return None  # a switch takes no value: nothing to show
        return types.get(shown, shown)

    typer.core._TyperParameter.display_type = chinese_type


_localise_help()

_app = typer.Typer(
    name="xuehui",
    help="学会工具箱：法规条款检索、各地规定对比、章程与决议生成。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@_app.callback()
def _group() -> None:
    """Keep `xuehui` a command group even when only one command module is loaded: without a
    callback Typer runs a lone command directly, so `xuehui audit FILE` would read "audit" as
    FILE."""


# Which module under xuehui/commands defines each top-level command. Running a command imports
# only its module, so `xuehui search` does not pay for the generator or the web app; help and
# unknown commands load them all. tests/test_cli.py keeps this table true.
COMMANDS: dict[str, str] = {
    "docs": "corpus",
    "clauses": "corpus",
    "show": "corpus",
    "search": "search",
    "index": "search",
    "corpus": "search",
    "compare": "compare",
    "topics": "compare",
    "provisions": "provisions",
    "jurisdiction": "compare",
    "profile": "generate",
    "generate": "generate",
    "check": "generate",
    "audit": "audit",
    "serve": "serve",
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
        code = build_app(argv)(args=argv, prog_name="xuehui", standalone_mode=False)
    except XuehuiError as err:
        fail(str(err), err.exit_code)
    except (KeyboardInterrupt, Abort):
        fail("已中断", 130)
    except NoArgsIsHelpError as err:  # `xuehui corpus` alone: the help has been printed
        raise SystemExit(err.exit_code) from None
    except UsageError as err:
        fail(describe_usage_error(err), err.exit_code)
    except ClickException as err:
        fail(err.format_message(), err.exit_code)
    except OSError as err:  # disk full, permission denied …: say where, no traceback
        fail(describe_os_error(err), 1)
    except Exception as err:  # a defect in xuehui: still no traceback unless asked for
        if os.environ.get("XUEHUI_DEBUG"):
            raise
        fail(
            f"程序内部错误（{type(err).__name__}：{err}）。这是 xuehui 的缺陷，请把所用命令和这段"
            "说明报告给维护者；设置环境变量 XUEHUI_DEBUG=1 再运行可看到详细信息",
            70,
        )
    # As in Click's standalone mode, always end with SystemExit: 0, or typer.Exit(n)'s code
    # (e.g. `xuehui check` exits 1 when a mandatory rule is broken).
    raise SystemExit(code if isinstance(code, int) else 0)


# Pydantic/click wording of a bad option value → what the user should type instead.
_EXPECTED = (
    ("valid integer", "应为整数"),
    ("valid number", "应为数字"),
    ("valid boolean", "应为 true 或 false"),
    ("valid date", "应为日期，如 2026-11-22"),
)


def describe_usage_error(err: UsageError) -> str:
    """Click's English usage errors, said in Chinese with the command's --help to turn to."""
    if isinstance(err, NoSuchOption):
        message = f"没有选项 {err.option_name}"
        if err.possibilities:
            message += f"（是否想用 {'、'.join(sorted(err.possibilities))}）"
    elif isinstance(err, MissingParameter):
        hint = err.param.get_error_hint() if err.param is not None else ""
        message = f"缺少参数 {hint}".rstrip()
    elif isinstance(err, BadParameter):
        hint = err.param.get_error_hint() if err.param is not None else ""
        expected = next((zh for en, zh in _EXPECTED if en in err.message), err.message)
        message = f"参数 {hint} 的值无效：{expected}"
    elif err.message.startswith("No such command"):
        text, _, guess = err.message.partition(". Did you mean")
        name = text.removeprefix("No such command").strip(" '.")
        message = f"没有命令 {name}"
        guesses = re.findall(r"'([^']+)'", guess)
        if guesses:
            message += f"（是否想用 {'、'.join(guesses)}）"
    elif err.message.startswith("Got unexpected extra argument"):
        extra = err.message.rsplit("(", 1)[-1].rstrip(")")
        message = f"多余的参数：{extra}（含空格的内容请加引号）"
    else:
        message = err.format_message()
    command = err.ctx.command_path if err.ctx is not None else "xuehui"
    return f"命令用法有误：{message}。用 {command} --help 查看用法"


# What the operating system's English error means for the user, in their words.
_OS_ERRORS = {
    errno.EACCES: "没有权限（文件夹只读，或文件被占用）",
    errno.EPERM: "没有权限（文件夹只读，或文件被占用）",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.EEXIST: "已存在同名的文件，不能当作文件夹使用",
    errno.ENAMETOOLONG: "文件名太长",
}


def describe_os_error(err: OSError) -> str:
    """A Chinese message naming the file and the reason, for any failed file operation."""
    where = f"（{err.filename}）" if getattr(err, "filename", None) else ""
    reason = _OS_ERRORS.get(err.errno or 0, err.strerror or str(err))
    return f"文件操作失败{where}：{reason}"


if __name__ == "__main__":
    main(sys.argv[1:])
