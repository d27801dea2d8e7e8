"""The README's examples run as written: its Python block and every `$ xuehui …` command.

A user's first contact is the README; an example that fails there is a defect whatever the
tests of the parts say. Commands run in a throw-away folder with the files they name prepared
the way a user would have them (the profile filled in, a charter to audit, a document to add).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from xuehui import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Commands whose exit code 1 means "findings reported", not failure (README: 退出码).
FINDINGS_EXIT_1 = {"check", "audit"}


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _commands() -> list[str]:
    commands = []
    for block in _blocks("console"):
        pending = ""
        for line in block.splitlines():
            if pending:
                pending += " " + line.strip()
            elif line.startswith("$ xuehui "):
                pending = line[2:].strip()
            else:
                continue
            if pending.endswith("\\"):
                pending = pending[:-1].strip()
                continue
            commands.append(re.sub(r"\s+#\s.*$", "", pending))
            pending = ""
    return commands


def _prepare(folder: Path) -> None:
    """The files the README's commands name, as a user would have them."""
    example = ROOT / "examples" / "henan-computer-society.yaml"
    profile = yaml.safe_load(example.read_text(encoding="utf-8"))
    (folder / "会议.yaml").write_text(
        yaml.safe_dump(profile["meetings"]["amend_charter"], allow_unicode=True), encoding="utf-8"
    )
    shutil.copy(ROOT / "tests" / "fixtures" / "charters" / "defects.txt", folder / "现行章程.txt")
    seed = ROOT / "corpus" / "jiangsu-2016.txt"
    (folder / "浙江省学会改革意见.txt").write_text(seed.read_text(encoding="utf-8"), "utf-8")


def _run(argv: list[str]) -> int:
    try:
        cli.main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def test_readme_lists_commands():
    assert len(_commands()) >= 15


def test_readme_cli_examples_run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _prepare(tmp_path)
    example = ROOT / "examples" / "henan-computer-society.yaml"
    for command in _commands():
        # The README's sample files are .docx; the same content as text keeps the test light.
        command = command.replace("现行章程.docx", "现行章程.txt").replace(
            "浙江省学会改革意见.docx", "浙江省学会改革意见.txt"
        )
        argv = shlex.split(command)[1:]
        code = _run(argv)
        out = capsys.readouterr()
        allowed = {0, 1} if argv[0] in FINDINGS_EXIT_1 else {0}
        assert code in allowed, f"`{command}` exited {code}:\n{out.out}\n{out.err}"
        if argv[:2] == ["profile", "new"]:  # the user fills the template in
            shutil.copy(example, tmp_path / "我的学会.yaml")


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    (code,) = [b for b in _blocks("python") if "import kb" in b]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own code
    assert namespace["clause"].text.startswith("⑸常务理事会")
    assert namespace["findings"]
    assert any((tmp_path / "out").iterdir())
    assert "《河南省科协学会治理与服务改革创新工程实施方案》" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["search", "show", "docs", "compare", "generate", "audit"])
def test_readme_shows_each_main_command(command):
    assert any(c.split()[1] == command for c in _commands())
