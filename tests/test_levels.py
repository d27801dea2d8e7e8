"""One Level with one label table: every entry point accepts and refuses the same words."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from generator import profile_from_dict
from kb.errors import InputError
from kb.levels import LEVEL_LABELS, parse_level
from xuehui.web import create_app


@pytest.mark.parametrize(
    ("typed", "level"),
    [
        ("provincial", "provincial"),
        ("省级", "provincial"),
        ("全国", "national"),
        ("全国性", "national"),
        ("地市级", "prefectural"),
        ("市级", "prefectural"),
        ("区县级", "county"),
        ("County", "county"),
    ],
)
def test_parse_level_reads_codes_and_chinese(typed, level):
    assert parse_level(typed) == level


def test_unknown_level_is_refused_in_chinese_with_the_choices():
    with pytest.raises(InputError) as err:
        parse_level("乡级")
    assert "乡级" in str(err.value)
    assert all(label in str(err.value) for label in LEVEL_LABELS.values())


def test_one_label_table():
    assert LEVEL_LABELS["national"] == "全国性"


def test_profile_accepts_chinese_level():
    from pathlib import Path

    import yaml

    example = Path(__file__).resolve().parents[1] / "examples" / "henan-computer-society.yaml"
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["level"] = "省级"
    assert profile_from_dict(data).level == "provincial"


def test_cli_and_web_accept_the_same_level_words():
    out = subprocess.run(
        [sys.executable, "-m", "xuehui", "search", "监事会", "--level", "省级", "--json"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    client = TestClient(create_app())
    assert client.get("/api/search", params={"q": "监事会", "level": "省级"}).status_code == 200
    assert (
        client.get("/api/search", params={"q": "监事会", "level": "provincial"}).status_code == 200
    )
    assert client.get("/api/search", params={"q": "监事会", "level": "乡级"}).status_code == 422
