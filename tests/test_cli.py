"""The command line: every command is reachable, and running one loads only what it needs."""

from __future__ import annotations

import subprocess
import sys

from typer.main import get_command

from xuehui import cli


def test_command_table_names_every_registered_command():
    registered = set(get_command(cli.app).commands)
    assert registered == set(cli.COMMANDS)


def test_each_command_module_registers_the_commands_the_table_gives_it():
    import importlib

    import typer

    for module in set(cli.COMMANDS.values()):
        app = typer.Typer()
        importlib.import_module(f"xuehui.commands.{module}").register(app)
        app.command("_placeholder")(lambda: None)  # a one-command app has no command table
        names = set(get_command(app).commands) - {"_placeholder"}
        assert names == {c for c, m in cli.COMMANDS.items() if m == module}, module


def test_search_does_not_import_the_generator_or_the_web_app():
    code = (
        "import sys; from xuehui import cli; cli.build_app(['search', 'x']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('generator', 'fastapi', 'uvicorn')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_help_lists_every_command():
    result = subprocess.run(
        [sys.executable, "-m", "xuehui", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin"},
    )
    for name in cli.COMMANDS:
        assert name in result.stdout
