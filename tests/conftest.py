"""Shared test set-up: every test runs with its own XUEHUI_HOME (user corpus and cache).

Nothing a test does can touch the real user folders or leak into the next test. Building the
search index takes about a second, so it is built once per session and copied into each
test's fresh home, where it is picked up as current because the corpus content is the same.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Point XUEHUI_HOME at a throw-away folder before any test module is imported.

    Some test modules read the corpus at collection time; without this they would read the
    developer's real user corpus (and a document added there would change the results).
    """
    os.environ["XUEHUI_HOME"] = tempfile.mkdtemp(prefix="xuehui-test-home-")


def reset_kb_state() -> None:
    """Forget the loaded corpus and any open index (they belong to the previous home)."""
    import kb

    kb._corpus = None
    index = sys.modules.get("kb.index")
    if index is not None:
        index.forget()


@pytest.fixture(scope="session")
def prebuilt_cache(tmp_path_factory) -> Path:
    """A cache folder holding the index of the built-in corpus."""
    home = tmp_path_factory.mktemp("xuehui-prebuilt")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XUEHUI_HOME", str(home))
        reset_kb_state()
        import kb
        from kb.index import open_index

        open_index(kb.load_corpus)
        reset_kb_state()
    return home / "cache"


@pytest.fixture(autouse=True)
def xuehui_home(tmp_path, monkeypatch, prebuilt_cache) -> Path:
    """A fresh XUEHUI_HOME for this test, with the built-in corpus already indexed."""
    home = tmp_path / "xuehui-home"
    shutil.copytree(prebuilt_cache, home / "cache", ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv("XUEHUI_HOME", str(home))
    reset_kb_state()
    yield home
    reset_kb_state()


@pytest.fixture
def empty_cache(xuehui_home) -> Path:
    """The same fresh home, but with no index yet (to test building it)."""
    shutil.rmtree(xuehui_home / "cache")
    return xuehui_home / "cache"
