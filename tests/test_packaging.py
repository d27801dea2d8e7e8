"""A plain `pip install .` must carry the corpus and templates, found from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("xuehui-*.whl"))


def test_wheel_ships_corpus_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kb/_corpus/henan-2018.yaml" in names
    assert "kb/_corpus/originals/henan-2018.txt" in names
    assert any(n.startswith("generator/_templates/") for n in names)
    assert not any("/__pycache__/" in n for n in names)


def test_installed_package_finds_its_corpus_from_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "import kb; print(kb.__file__); print(sorted(d.id for d in kb.load_corpus()))"
    env = {"PYTHONPATH": str(site), "XUEHUI_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith(str(site))
    assert "henan-2018" in result.stdout and "tianjin-2017" in result.stdout
