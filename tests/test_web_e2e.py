"""The web app in a real browser: Debian's headless Chromium driven by Playwright.

One uvicorn server (in a thread, on a free loopback port) and one browser serve all tests
of this module (module scope: another module may start its own Playwright afterwards). Every page a test opens is watched: a request leaving this machine or a
Content-Security-Policy violation (inline script or style the policy blocks) fails the test.
Pages are checked at a desktop width and at a phone's 390 px. Screenshots are not taken
here; ``docs/make_screenshots.py`` makes them on purpose.
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
expect = playwright_api.expect

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
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
EXAMPLE = "henan-computer-society"


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


def open_page(browser, server, viewport: dict):
    """A fresh Chinese-locale page and the problems it records (outside requests, CSP)."""
    context = browser.new_context(
        viewport=viewport,
        locale="zh-CN",
        accept_downloads=True,
        is_mobile=viewport["width"] < 600,
        has_touch=viewport["width"] < 600,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab = context.new_page()
    problems: list[str] = []
    tab.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((server, "data:", "blob:"))
            else problems.append(f"outside request: {r.url}")
        ),
    )
    tab.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    tab.set_default_timeout(20_000)
    return context, tab, problems


@pytest.fixture
def page(browser, server):
    context, tab, problems = open_page(browser, server, DESKTOP)
    yield tab
    context.close()
    assert problems == []


@pytest.fixture
def phone(browser, server):
    context, tab, problems = open_page(browser, server, PHONE)
    yield tab
    context.close()
    assert problems == []


def test_search_then_open_the_clause_in_its_document(page, server):
    page.goto(f"{server}/search")
    page.fill('input[name="q"]', "常务理事会人数")
    page.click('button:has-text("检索")')
    first = page.locator(".card").first
    first.wait_for()
    assert "四、3.⑸" in first.locator(".citation").inner_text()
    assert first.locator("mark").count() > 0

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


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_a_query_with_a_script_is_shown_not_run(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", wait_until="load")
    assert page.input_value('input[name="q"]') == "<script>alert(1)</script>"
    expect(page.locator("h1")).to_have_text("条款检索")  # the page has run its own script
    assert page.evaluate("document.readyState") == "complete"
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

    with page.expect_download() as info:
        page.click('a:has-text("下载修改对照表")')
    data = Path(info.value.path()).read_bytes()
    assert docx.Document(io.BytesIO(data)).tables


def test_documents_list_and_api_reference_pages(page, server):
    page.goto(f"{server}/docs")
    assert page.locator("table.table tbody tr").count() == 7
    page.goto(f"{server}/api/docs")
    assert page.locator("section.api-op").count() >= 10


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


# ------------------------------------------------------------------ every page, two widths

PAGES = [
    "/search",
    "/search?q=常务理事会",
    "/docs",
    "/docs/henan-2018",
    "/compare?topic=standing_council",
    "/compare?view=provisions",
    f"/generate?example={EXAMPLE}",
    "/audit",
    "/review",
    "/api/docs",
    "/nowhere",
]
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_page_scrolls_sideways(browser, server, width):
    """Wide content (tables, the comparison grid) scrolls inside its own box."""
    context, tab, problems = open_page(browser, server, width)
    try:
        wide = {}
        for url in PAGES:
            tab.goto(server + url, wait_until="load")
            wide[url] = tab.evaluate(OVERFLOW)
        assert all(v <= 0 for v in wide.values()), wide
    finally:
        context.close()
    assert problems == []


def test_a_documents_clauses_use_the_phones_full_width(phone, server):
    phone.goto(f"{server}/docs/henan-2018")
    text = phone.locator(".clause .clause-text").nth(5).bounding_box()
    assert text["width"] > 0.75 * PHONE["width"]


def test_the_documents_table_scrolls_inside_its_box_on_a_phone(phone, server):
    phone.goto(f"{server}/docs")
    box = phone.locator(".table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert phone.evaluate(OVERFLOW) <= 0


def test_the_compliance_summary_stays_in_view_while_editing_on_a_phone(phone, server):
    phone.goto(f"{server}/generate?example={EXAMPLE}")
    summary = phone.locator("#live-summary")
    expect(summary).to_contain_text("必须改正 0")
    standing = phone.locator("#f-governance-standing_council_size")
    standing.scroll_into_view_if_needed()
    standing.fill("60")  # over a third of the council: a rule to heed (原则上)
    expect(summary).not_to_contain_text("应当注意 0")
    box = summary.bounding_box()
    assert 0 <= box["y"] < 60 and box["y"] + box["height"] <= PHONE["height"]
    assert _in_viewport(phone, standing)


# ------------------------------------------------------------------ errors tied to fields


def test_a_form_error_links_to_its_field_and_highlights_it(page, server):
    page.goto(f"{server}/generate?example={EXAMPLE}")
    page.fill("#f-governance-standing_council_size", "150")  # more than the council (99)
    link = page.locator('#findings a.problem-link[href="#f-governance-standing_council_size"]')
    expect(link).to_have_text("常务理事会人数")
    field = page.locator('.field[data-path="governance.standing_council_size"]')
    expect(field).to_have_class("field invalid")
    expect(field.locator(".field-error")).to_contain_text("不能大于理事会人数")
    page.locator("#f-basic-name, #f-name").first.focus()
    link.click()
    expect(page.locator("#f-governance-standing_council_size")).to_be_focused()


def test_a_refused_download_explains_on_the_page_without_command_line_words(page, server):
    page.goto(f"{server}/generate?example={EXAMPLE}")
    page.fill("#f-governance-standing_meetings_per_year", "1")  # 河南: at least every half year
    expect(page.locator("#findings .findings-summary")).to_contain_text("必须改正 2")
    page.click('button[value="charter.docx"]')
    notice = page.locator("#page-notice")
    expect(notice).to_contain_text("未能生成")
    expect(notice).to_contain_text("仍然生成")
    assert "--" not in notice.inner_text()


# ------------------------------------------------------------------ progress on long actions


def test_a_long_audit_shows_its_progress_until_the_result_arrives(page, server):
    base = (CHARTERS / "defects.txt").read_text(encoding="utf-8")
    filler = "本会遵守宪法、法律、法规和国家政策，遵守社会道德风尚。" * 4000
    charter = base.replace("第一条", "第一条 " + filler, 1).encode("utf-8")  # ~ 2 s of work
    page.goto(f"{server}/audit")
    page.set_input_files(
        "#a-file", files=[{"name": "章程.txt", "mimeType": "text/plain", "buffer": charter}]
    )
    page.fill("#a-region", "410000")
    page.select_option("#a-level", "provincial")
    # what the page shows the moment the form is sent (Playwright's own click and
    # expectations wait for the next page, which is exactly what must not be waited for)
    shown = page.evaluate(
        """() => {
            const form = document.getElementById("audit-form");
            form.querySelector('button[type="submit"]').click();
            const busy = form.querySelector(".busy");
            return {
                display: getComputedStyle(busy).display,
                text: busy.textContent,
                disabled: form.querySelector('button[type="submit"]').disabled,
            };
        }"""
    )
    assert shown["display"] != "none" and "正在审查" in shown["text"] and shown["disabled"]
    expect(page.locator(".verdict")).to_be_visible(timeout=60_000)


def test_a_download_says_it_is_being_made_and_then_that_it_is_done(page, server):
    page.goto(f"{server}/generate?example={EXAMPLE}")
    with page.expect_download() as info:
        page.click('button[value="duties.md"]')
    assert info.value.suggested_filename.endswith("岗位职责.md")
    expect(page.locator("#download-status")).to_contain_text("已生成")


def test_the_audit_pages_reference_rows_are_not_red(page, server):
    page.goto(f"{server}/audit")
    page.set_input_files("#a-file", str(CHARTERS / "defects.txt"))
    page.fill("#a-region", "410000")
    page.select_option("#a-level", "provincial")
    page.click('button:has-text("开始审查")')
    page.locator(".verdict").wait_for()
    reference = page.locator("tr.row-reference .tier").first
    expect(reference).to_contain_text("仅供参考")
    colour = reference.evaluate("el => getComputedStyle(el).backgroundColor")
    must = page.locator("tr.row-must .tier").first
    assert colour != must.evaluate("el => getComputedStyle(el).backgroundColor")
