"""The example profiles offered as starting points on the generate page.

They are the files in ``examples/`` (one per regulation in the corpus). A user picks one by
its stem; only names found in the folder are ever opened.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from generator import profile as _profile

_GENERATOR_DIR = Path(_profile.__file__).resolve().parent
_CANDIDATES = (
    _GENERATOR_DIR / "_examples",  # inside a wheel, if shipped there
    _GENERATOR_DIR.parent / "examples",  # a source checkout
)


def examples_dir() -> Path | None:
    return next((p for p in _CANDIDATES if p.is_dir()), None)


@lru_cache(maxsize=1)
def examples() -> dict[str, dict]:
    """Stem → parsed profile mapping, for every readable example."""
    folder = examples_dir()
    found: dict[str, dict] = {}
    if folder is None:
        return found
    for path in sorted(folder.glob("*.y*ml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("name"):
            found[path.stem] = data
    return found


def example_choices() -> list[tuple[str, str]]:
    """(stem, society name) for the menu."""
    return [(stem, str(data["name"])) for stem, data in examples().items()]
