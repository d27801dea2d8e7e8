"""The review page (/review): a user's document's rule candidates accepted, rejected and
corrected in the browser, with the same review file as the CLI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.ingest import add_document
from kb.review import review_path
from xuehui.web import create_app

GUIDE = """浙江省学会改革指导意见
一、组织机构
1. 理事会一般不超过150人，每年至少召开一次会议。
2. 常务理事人数不超过理事人数的三分之一。
"""


@pytest.fixture
def client(tmp_path):
    source = tmp_path / "guide.txt"
    source.write_text(GUIDE, encoding="utf-8")
    add_document(
        source, id="zhejiang-2024", title="浙江省学会改革指导意见", region_code="330000",
        level="provincial",
    )  # fmt: skip
    return TestClient(create_app(), raise_server_exceptions=False)


def candidates(client) -> dict[str, dict]:
    return {c["id"]: c for c in client.get("/api/review/zhejiang-2024").json()}


def test_menu_lists_the_page_and_the_users_documents(client):
    page = client.get("/review")
    assert page.status_code == 200
    assert 'href="/review"' in page.text and "规定审核" in page.text
    assert "《浙江省学会改革指导意见》" in page.text and "尚未提取" in page.text


def test_extract_accept_reject_and_correct_in_the_browser(client):
    assert client.post("/review/zhejiang-2024/extract").status_code == 200  # after the redirect
    found = candidates(client)
    size = next(c for c in found.values() if c["subject"] == "council.max_size")
    ratio = next(c for c in found.values() if c.get("unit") == "比例")
    page = client.get("/review/zhejiang-2024").text
    assert f'id="{size["id"]}"' in page and "理事会一般不超过150人" in page

    client.post(f"/review/zhejiang-2024/{size['id']}", data={"action": "accept"})
    client.post(
        f"/review/zhejiang-2024/{ratio['id']}",
        data={"action": "save", "subject": "standing_council.max_ratio_of_council", "value": "1/3"},
    )
    others = [c for c in found if c not in (size["id"], ratio["id"])]
    client.post(f"/review/zhejiang-2024/{others[0]}", data={"action": "reject"})
    now = candidates(client)
    assert now[size["id"]]["status"] == "accepted"
    assert now[ratio["id"]]["status"] == "pending" and now[ratio["id"]]["value"] == 0.3333
    assert now[others[0]]["status"] == "rejected"
    in_force = client.get("/api/provisions", params={"doc": "zhejiang-2024"}).json()
    assert [p["id"] for p in in_force] == [f"zhejiang-2024/{size['id']}"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "save", "subject": "council.maximum"}, "不在主题表"),
        ({"action": "save", "value": "两百"}, "不见于原文"),
        ({"action": "save", "value": "很多"}, "不是数字"),
        ({"action": "save", "subject": "standing_council.size"}, "要求取值为范围"),
    ],
)
def test_bad_edits_are_refused_in_chinese_and_change_nothing(client, data, message):
    client.post("/review/zhejiang-2024/extract")
    size = next(c for c in candidates(client).values() if c["subject"] == "council.max_size")
    before = review_path("zhejiang-2024").read_bytes()
    page = client.post(f"/review/zhejiang-2024/{size['id']}", data=data)
    assert page.status_code == 400 and message in page.text
    assert review_path("zhejiang-2024").read_bytes() == before


def test_unknown_documents_and_candidates_are_404_or_explained(client):
    assert client.get("/review/henan-2018").status_code == 404  # built-in: hand-coded
    assert client.get("/review/nowhere").status_code == 404
    client.post("/review/zhejiang-2024/extract")
    page = client.post("/review/zhejiang-2024/c99", data={"action": "accept"})
    assert page.status_code == 400 and "没有编号为 c99 的候选规定" in page.text
