"""Every document of every example profile, rendered by LibreOffice and read as a registrar
would: no blank page, no template or field name left, the charter's member kinds agree with
its articles, and each file is named after the title printed on its first page.

All .docx files are converted in one ``soffice`` call (a start of LibreOffice costs more
than a conversion). Skipped when LibreOffice or poppler's pdftotext is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator import load_profile
from generator.content.documents import generate_all
from generator.profile import profile_from_dict

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler (pdftotext) not installed",
)


def _no_unit_members() -> dict:
    """A society of individuals only (unit_members: 0): nothing may speak of 单位会员."""
    data = yaml.safe_load((ROOT / "examples" / "henan-computer-society.yaml").read_text("utf-8"))
    data["members"]["unit_members"] = 0
    data["fees"] = [f for f in data["fees"] if "单位" not in f["member_class"]]
    data.update(name="浙江省计算机学会", region_code="330000")  # nothing regional binds it
    data["meetings"] = {k: v for k, v in data["meetings"].items() if k == "adopt_charter"}
    return data


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict]:
    """{society: {"profile": Profile, "docs": {docx path: [page texts]}}}."""
    root = tmp_path_factory.mktemp("rendered")
    profiles = {p.stem: load_profile(p) for p in EXAMPLES}
    profiles["no-unit-members"] = profile_from_dict(_no_unit_members())
    out: dict[str, dict] = {}
    for key, profile in profiles.items():
        results = generate_all(profile, root / key, fmt="docx")
        out[key] = {"profile": profile, "docs": {r.path: [] for r in results}}
    pdf_dir = root / "pdf"
    docx = [str(p) for society in out.values() for p in society["docs"]]
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{root / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            *docx,
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for society in out.values():
        for path in society["docs"]:
            pdf = pdf_dir / f"{path.stem}.pdf"
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"],
                check=True,
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
            society["docs"][path] = (
                text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
            )
    return out


def _documents(rendered):
    for key, society in rendered.items():
        for path, pages in society["docs"].items():
            yield key, society["profile"], path, pages


def test_every_document_was_rendered(rendered):
    for key, _, path, pages in _documents(rendered):
        assert pages and pages[0].strip(), f"{key}: {path.name} has no pages"
    names = [p.name for _, _, p, _ in _documents(rendered)]
    assert len(names) >= 5 * 12


def test_no_page_is_blank_or_only_a_page_number(rendered):
    for _, _, path, pages in _documents(rendered):
        for number, page in enumerate(pages, 1):
            words = re.sub(r"[—\-\s\d]", "", page)
            assert words, f"{path.name}: page {number} of {len(pages)} is blank"


_FIELD_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # votes_for, unit_members …
_LEFTOVERS = ("{{", "}}", "{%", "%}", ":::", "**", "某某")
_PYTHON_VALUES = re.compile(r"\b(?:None|True|False|nan)\b")


def test_no_placeholder_or_field_name_is_printed(rendered):
    for _, profile, path, pages in _documents(rendered):
        text = "\n".join(pages)
        for leftover in _LEFTOVERS:
            assert leftover not in text, f"{path.name}: {leftover!r}"
        assert not _PYTHON_VALUES.search(text), f"{path.name}: {_PYTHON_VALUES.search(text)}"
        assert not _FIELD_NAME.search(text), f"{path.name}: {_FIELD_NAME.search(text)}"
        english = set(re.findall(r"[A-Za-z]{3,}", text))
        own = f"{profile.english_name} {profile.website}"  # the society's own words
        allowed = set(re.findall(r"[A-Za-z]{3,}", own))
        assert english <= allowed, f"{path.name}: English words {english - allowed}"


def _title(page: str) -> str:
    """The title on page one: the lines before the subtitle, 附件 or body, joined."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    title = ""
    for line in lines:
        if line.startswith(("（", "序号", "第一章", "为明确")) or re.match(r"^\S+于\d{4}年", line):
            break
        title += re.sub(r"\s+", "", line)
    return title


def test_file_names_match_the_printed_titles(rendered):
    for _, _, path, pages in _documents(rendered):
        stem = re.sub(r"\d{8}$", "", path.stem)  # resolutions carry their meeting date
        assert _title(pages[0]) == stem, path.name


def test_charter_member_kinds_agree_with_its_articles(rendered):
    for key, profile, path, pages in _documents(rendered):
        if not path.stem.endswith("章程"):
            continue
        text = re.sub(r"\s+", "", "".join(pages))
        units = profile.members.unit_members > 0
        assert ("个人会员和单位会员" in text) == units, key
        if not units:
            assert "单位会员" not in text and "会员单位" not in text, key
        assert "条款依据对照表" not in text, "the filed charter carries no drafting table"
        assert "每年" in text and "会费标准由" in text
        assert not re.search(r"会费标准为|每年\d+元", text), "fees belong to a resolution"


def test_no_binding_procedure_from_another_region(rendered):
    for key, _, path, pages in _documents(rendered):
        text = re.sub(r"\s+", "", "".join(pages))
        if path.stem.endswith("章程") and "henan" not in key and "no-unit" not in key:
            assert "三议一公布" not in text, key


def test_duties_are_signed_and_dated(rendered):
    for _, profile, path, pages in _documents(rendered):
        if path.stem.endswith("岗位职责"):
            last = re.sub(r"\s+", "", pages[-1])
            assert (
                last.endswith(
                    f"{profile.name}{profile.adoption.date.year}年"
                    f"{profile.adoption.date.month}月{profile.adoption.date.day}日"
                )
                or f"{profile.name}{profile.adoption.date.year}年" in last
            )
            assert "退休科技工作者" not in "".join(pages)
