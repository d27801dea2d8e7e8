"""Make the screenshots in docs/screenshots/ (shown by README.md and docs/web.md).

Run it on purpose, when the pages change: ``python docs/make_screenshots.py``. Tests never
write these files. It starts the web app on a free loopback port with a throw-away user
folder, opens each page in Debian's headless Chromium (/usr/bin/chromium) at a desktop width,
and also saves a phone-width (390 px) view of the pages people use on the go.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "screenshots"
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CHARTER = HERE.parent / "tests" / "fixtures" / "charters" / "defects.txt"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve() -> tuple[str, object]:
    import uvicorn

    from xuehui.web import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _shots(page, url: str, suffix: str = "") -> None:
    def save(name: str) -> None:
        page.screenshot(path=str(OUT / f"{name}{suffix}.png"))
        print(f"docs/screenshots/{name}{suffix}.png")

    page.goto(f"{url}/search?q=常务理事会人数")
    page.locator(".card").first.wait_for()
    save("search")

    page.goto(f"{url}/docs/henan-2018?hl=常务理事会#sec_4__item_3__item_5")
    save("document")

    page.goto(f"{url}/docs")
    save("documents")

    page.goto(f"{url}/compare?topic=standing_council")
    page.locator(".compare-col").first.wait_for()
    save("compare")

    page.goto(f"{url}/generate?example=henan-computer-society")
    standing = page.locator("#f-governance-standing_council_size")
    standing.fill("60")
    page.locator('.finding[data-status="violation"]').first.wait_for()
    standing.evaluate("el => el.scrollIntoView({block: 'center'})")
    save("generate")

    page.goto(f"{url}/audit")
    page.set_input_files("#a-file", str(CHARTER))
    page.fill("#a-region", "410000")
    page.select_option("#a-level", "provincial")
    page.click('button:has-text("开始审查")')
    page.locator(".verdict").wait_for()
    page.locator(".audit-summary").evaluate("el => el.scrollIntoView({block: 'start'})")
    save("audit")

    if not suffix:
        page.goto(f"{url}/api/docs")
        save("api")


def main() -> int:
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("XUEHUI_HOME", tempfile.mkdtemp(prefix="xuehui-shots-"))
    OUT.mkdir(exist_ok=True)
    url, server = _serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--lang=zh-CN"]
            )
            for viewport, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
                context = browser.new_context(
                    viewport=viewport, locale="zh-CN", is_mobile=viewport is PHONE
                )
                _shots(context.new_page(), url, suffix)
                context.close()
            browser.close()
    finally:
        server.should_exit = True  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
