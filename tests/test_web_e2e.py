"""The web app in a real browser: Debian's headless Chromium driven by Playwright.

A uvicorn server runs in a thread on a free loopback port; every request the pages make is
recorded to prove nothing is loaded from outside this machine. Each page is saved as a
screenshot under docs/screenshots/ (the README shows them).
"""

from __future__ import annotations

import io
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")

playwright_api = pytest.importorskip("playwright.sync_api")

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHARTERS = Path(__file__).resolve().parent / "fixtures" / "charters"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=zh-CN",
]  # the browser's own labels (选择文件) in Chinese, as users see them
RATIO_RULE = (
    '.finding[data-subject="standing_council.max_ratio_of_council"][data-status="violated"]'
    '[data-tier="regional"]'
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    """The app on http://127.0.0.1:<free port>, stopped after the module."""
    import uvicorn

    from xuehui.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh Chinese-locale page; fails the test if it loads anything from elsewhere."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab = context.new_page()
    outside: list[str] = []
    tab.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url),
    )
    tab.set_default_timeout(20_000)
    yield tab
    context.close()
    assert outside == [], f"requests left this machine: {outside}"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_search_then_open_the_clause_in_its_document(page, server):
    page.goto(f"{server}/search")
    page.fill('input[name="q"]', "常务理事会人数")
    page.click('button:has-text("检索")')
    first = page.locator(".card").first
    first.wait_for()
    assert "四、3.⑸" in first.locator(".citation").inner_text()
    assert first.locator("mark").count() > 0
    shot(page, "search")

    first.locator(".copy-btn").click()
    playwright_api.expect(first.locator(".copy-btn")).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "《河南省科协学会治理与服务改革创新工程实施方案》四、3.⑸"

    first.locator(".citation").click()
    page.wait_for_url("**/docs/henan-2018**#sec_4__item_3__item_5")
    target = page.locator(":target")
    assert target.locator("mark").count() > 0  # the matched words are marked there too
    assert target.get_attribute("id") == "sec_4__item_3__item_5"
    assert "常务理事会" in target.inner_text()
    assert target.is_visible() and _in_viewport(page, target)
    shot(page, "document")


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_a_query_with_a_script_is_shown_not_run(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert page.input_value('input[name="q"]') == "<script>alert(1)</script>"
    page.wait_for_timeout(300)
    assert dialogs == []


def test_compare_a_topic_side_by_side_and_download_it(page, server, tmp_path):
    import docx

    page.goto(f"{server}/compare")
    page.select_option("#c-topic", label="常务理事会")
    page.click('button:has-text("对比")')
    columns = page.locator(".compare-col")
    columns.first.wait_for()
    assert columns.count() == 7  # the five regional documents and the two national texts
    assert page.locator(".not-specified").count() >= 1
    assert page.locator(".compare-col strong.provision-value").count() > 0
    shot(page, "compare")

    with page.expect_download() as info:
        page.click('a:has-text("下载 Word")')
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "各地对比-常务理事会.docx"
    table = docx.Document(str(path)).tables[0]
    assert len(table.columns) == 7


def test_generate_from_an_example_violation_appears_and_goes_and_charter_downloads(
    page, server, tmp_path
):
    import docx

    page.goto(f"{server}/generate")
    page.select_option("#example", label="河南省计算机学会")
    page.click('button:has-text("载入示例")')
    page.wait_for_url("**/generate?example=*")
    assert page.input_value("#f-governance-council_size") == "99"
    assert page.locator(RATIO_RULE).count() == 0

    standing = page.locator("#f-governance-standing_council_size")
    standing.fill("60")  # more than 1/3 of a 99-member council
    violation = page.locator(RATIO_RULE)
    violation.wait_for()
    assert "四、3.⑸" in violation.inner_text()
    assert "原则上不超过理事会人数的1/3" in violation.inner_text()
    standing.evaluate("el => el.scrollIntoView({block: 'center'})")
    shot(page, "generate")

    standing.fill("33")
    violation.wait_for(state="detached")
    assert "必须改正 0" in page.locator("#findings").inner_text()

    with page.expect_download() as info:
        page.click('button[value="charter.docx"]')
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "河南省计算机学会章程.docx"
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "河南省计算机学会章程" in text
    assert "常务理事" in text and "{{" not in text


def test_audit_an_uploaded_charter(page, server, tmp_path):
    import docx

    page.goto(f"{server}/audit")
    page.set_input_files("#a-file", str(CHARTERS / "defects.txt"))
    page.fill("#a-region", "410000")
    page.select_option("#a-level", "provincial")
    page.click('button:has-text("开始审查")')
    page.locator(".verdict").wait_for()
    assert "章程须修改" in page.locator(".verdict").inner_text()
    assert page.locator("tr.status-violated").count() > 0
    page.locator(".audit-summary").evaluate("el => el.scrollIntoView({block: 'start'})")
    shot(page, "audit")

    with page.expect_download() as info:
        page.click('a:has-text("下载修改对照表")')
    data = Path(info.value.path()).read_bytes()
    assert docx.Document(io.BytesIO(data)).tables


def test_documents_list_and_api_reference_pages(page, server):
    page.goto(f"{server}/docs")
    assert page.locator("table.table tbody tr").count() == 7
    shot(page, "documents")
    page.goto(f"{server}/api/docs")
    assert page.locator("section.api-op").count() >= 10
    shot(page, "api")


def test_add_a_branch_row_save_the_profile_and_upload_it_again(page, server, tmp_path):
    import yaml

    page.goto(f"{server}/generate?example=henan-computer-society")
    branches = page.locator('.table-field[data-path="branches"]')
    before = branches.locator("tbody tr").count()
    branches.locator(".row-add").click()
    assert branches.locator("tbody tr").count() == before + 1
    branches.locator("tbody tr").last.locator('input[name$=".name"]').fill("量子计算专业委员会")
    playwright_api.expect(page.locator("#check-status")).to_have_text("已按当前填写内容重新检查。")

    with page.expect_download() as info:
        page.click('button[data-download="profile"]')
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    profile = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert "量子计算专业委员会" in [b["name"] for b in profile["branches"]]

    page.set_input_files("#upload", str(saved))
    page.click('button:has-text("上传并继续编辑")')
    page.wait_for_url("**/generate/upload")
    names = page.locator('.table-field[data-path="branches"] input[name$=".name"]')
    assert "量子计算专业委员会" in [names.nth(i).input_value() for i in range(names.count())]
