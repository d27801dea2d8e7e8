"""How long generating documents takes, against writing a bare python-docx file.

The generator issue asks for the time to produce the documents as a ratio to writing an
empty python-docx document of the same page count. For the first example profile
(``examples/*.yaml``) this script times, best of ``--repeat`` runs:

- the charter alone (with its landscape 条款依据对照表 annex), rendered to .docx,
  .md and .html from its template Markdown (``render``);
- the full set (``generate_all``: charter, duty descriptions and every resolution the
  profile has meeting facts for — compliance check, templates, rendering, atomic writes);

against ``Document()`` with page breaks for the same page count, saved (one empty file per
generated file for the full set). Pages are counted with LibreOffice.

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


def example_profile():
    from generator.profile import load_profile

    return load_profile(sorted((ROOT / "examples").glob("*.yaml"))[0])


def page_counts(files: list[Path]) -> list[int]:
    """Pages of each .docx, from one LibreOffice conversion of them all."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdfinfo"):
        raise SystemExit("LibreOffice and poppler-utils are needed to count the pages")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        counts = []
        for file in files:
            info = subprocess.run(
                ["pdfinfo", str(Path(tmp) / f"{file.stem}.pdf")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            counts.append(int(re.search(r"Pages:\s+(\d+)", info).group(1)))
    return counts


def empty_docx(pages: int) -> bytes:
    doc = Document()
    for _ in range(pages - 1):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
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

    from generator.content.documents import charter_document, generate_all

    profile = example_profile()
    charter = charter_document(profile)
    with tempfile.TemporaryDirectory() as tmp:
        charter_file = Path(tmp) / "charter.docx"
        charter_file.write_bytes(charter.render("docx"))  # also warms parser and base caches
        set_files = [g.path for g in generate_all(profile, Path(tmp) / "set")]
        counts = page_counts([charter_file, *set_files])
    charter_pages, set_pages = counts[0], counts[1:]

    def full_set() -> None:
        with tempfile.TemporaryDirectory() as out:
            generate_all(profile, out)

    rows = [
        (
            "charter → .docx",
            charter_pages,
            best_of(repeat, lambda: charter.render("docx")),
            best_of(repeat, lambda: empty_docx(charter_pages)),
        ),
        ("charter → .md", charter_pages, best_of(repeat, lambda: charter.render("md")), None),
        ("charter → .html", charter_pages, best_of(repeat, lambda: charter.render("html")), None),
        (
            f"full set ({len(set_files)} files)",
            sum(set_pages),
            best_of(repeat, full_set),
            best_of(repeat, lambda: [empty_docx(n) for n in set_pages]),
        ),
    ]
    print(f"profile: {profile.name}; pages per file in the full set: {set_pages}")
    print(f"{'':<24}{'pages':>6}{'time':>11}{'empty docx':>12}{'ratio':>8}")
    for name, pages, seconds, empty in rows:
        baseline = f"{empty * 1000:9.1f} ms" if empty else f"{'':>12}"
        ratio = f"×{seconds / empty:6.1f}" if empty else ""
        print(f"{name:<24}{pages:>6}{seconds * 1000:8.1f} ms{baseline}{ratio:>8}")


if __name__ == "__main__":
    main()
