"""Where things live: the bundled corpus, the user's own corpus and the index cache.

The built-in corpus ships inside the wheel (``kb/_corpus``) and sits at the repository
root in a checkout; user additions and the index never go inside the installed package.
``XUEHUI_HOME`` moves all user state to one folder (tests and portable installs use it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_corpus_dir() -> Path:
    """The read-only corpus bundled with xuehui."""
    installed = _PACKAGE_DIR / "_corpus"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "corpus"


def _home() -> Path | None:
    value = os.environ.get("XUEHUI_HOME")
    return Path(value) if value else None


def user_corpus_dir() -> Path:
    """Regulations the user added with `xuehui corpus add`."""
    home = _home()
    base = home / "data" if home else Path(platformdirs.user_data_dir("xuehui", appauthor=False))
    return base / "corpus"


def user_provisions_dir() -> Path:
    """Rule candidates of the user's documents and the reviewer's decisions (`xuehui provisions
    extract/accept/reject`), one YAML file per document."""
    return user_corpus_dir().parent / "provisions"


def cache_dir() -> Path:
    """Rebuildable state (the search index); safe to delete."""
    home = _home()
    if home:
        return home / "cache"
    return Path(platformdirs.user_cache_dir("xuehui", appauthor=False))
