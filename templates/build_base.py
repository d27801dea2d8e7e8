"""Rebuild templates/base.docx, the docxtpl base document holding the house style.

Run after changing generator/word/docx_style.py:  .venv/bin/python templates/build_base.py
The styles, page setup and footers all come from generator.word.docx_style, so the binary is
reproducible; tests/test_rendering.py fails when the committed file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.word.docx_style import build_base_bytes  # noqa: E402

if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "base.docx"
    target.write_bytes(build_base_bytes())
    print(f"wrote {target}")
