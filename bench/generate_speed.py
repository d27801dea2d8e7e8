"""How long rendering a Word document takes, against writing a bare python-docx file.

The generator issue asks for the time to produce a document as a ratio to writing an empty
python-docx document of the same page count. This script renders the charter of the first
example profile (``examples/*.yaml``, about ten pages) with its 条款依据对照表 annex, counts its
pages with LibreOffice, and times, best of ``--repeat`` runs:

- ``render .docx`` — Markdown → styled .docx bytes (parse, build, docxtpl, zip);
- ``render .md`` / ``render .html`` — the other output formats;
- ``empty python-docx`` — ``Document()`` with page breaks for the same page count, saved;
- ``plain python-docx`` — the same paragraphs and table cells as unstyled python-docx text.

Usage: .venv/bin/python bench/generate_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.text import WD_BREAK  # noqa: E402

from generator.rendering import Annex, escape_markdown, parse, render  # noqa: E402


def charter_markdown() -> tuple[str, str]:
    """The example society's charter and its drafting-basis table, as template Markdown."""
    from generator.charter import draft_charter
    from generator.profile import load_profile

    profile_path = sorted((ROOT / "examples").glob("*.yaml"))[0]
    draft = draft_charter(load_profile(profile_path))
    table = ["# 条款依据对照表", "", "| 序号 | 事项 | 章程条款 | 依据 | 原文 |",
             "|:---:|---|---|---|---|"]
    for n, row in enumerate(draft.basis(), 1):
        cells = [row["label"], row["article"], row["citation"], row["quote"]]
        table.append(f"| {n} | " + " | ".join(escape_markdown(c) for c in cells) + " |")
    return draft.markdown, "\n".join(table)


def page_count(docx: bytes) -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdfinfo"):
        raise SystemExit("LibreOffice and poppler-utils are needed to count the pages")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.docx"
        source.write_bytes(docx)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=180)
        info = subprocess.run(["pdfinfo", str(Path(tmp) / "doc.pdf")], capture_output=True,
                              text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def empty_docx(pages: int) -> bytes:
    doc = Document()
    for _ in range(pages - 1):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def plain_docx(texts: list[str]) -> bytes:
    doc = Document()
    for text in texts:
        doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--repeat", type=int, default=5)
    repeat = args.parse_args().repeat

    main_md, table_md = charter_markdown()
    annexes = [Annex(table_md, landscape=True)]
    docx = render(main_md, annexes=annexes)
    pages = page_count(docx)
    texts = [t.content for md in (main_md, table_md) for t in parse(md) if t.type == "inline"]

    render(main_md, annexes=annexes)  # warm caches (parser, base document)
    results = {
        "render .docx": best_of(repeat, lambda: render(main_md, annexes=annexes)),
        "render .md": best_of(repeat, lambda: render(main_md, fmt="md", annexes=annexes)),
        "render .html": best_of(repeat, lambda: render(main_md, fmt="html", annexes=annexes)),
        "empty python-docx": best_of(repeat, lambda: empty_docx(pages)),
        "plain python-docx": best_of(repeat, lambda: plain_docx(texts)),
    }
    baseline = results["empty python-docx"]
    print(f"document: {pages} pages, {len(texts)} paragraphs/cells, {len(docx):,} bytes")
    for name, seconds in results.items():
        print(f"{name:<20} {seconds * 1000:8.1f} ms   ×{seconds / baseline:5.1f} of empty")


if __name__ == "__main__":
    main()
