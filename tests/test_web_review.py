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


# ---------------------------------------------------------------- in a real browser
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def served(client):
    """The app (with the user's document added) on a free loopback port."""
    import os
    import socket
    import threading
    import time

    if not os.path.exists(CHROMIUM):
        pytest.skip("/usr/bin/chromium is not installed")
    uvicorn = pytest.importorskip("uvicorn")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("width", [1280, 390])
def test_review_page_in_the_browser_at_desktop_and_phone_width(served, width):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
        page.goto(f"{served}/review")
        page.click("text=规定审核")
        page.click("text=《浙江省学会改革指导意见》")
        page.click("button:has-text('提取候选规定')")
        row = page.locator("tr[id='c01']")
        assert row.locator(".tag").inner_text() == "待审核"
        row.locator("button[value='accept']").click()
        assert page.locator("tr[id='c01'] .tag").inner_text() == "已采纳"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page wider than the screen by {overflow}px"
        browser.close()
