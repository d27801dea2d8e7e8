"""The web app under hostile or oversized input: what an upload may become, who may post,
what the browser is told, and that one heavy request never holds the others.

Each limit has its test: a zip-bomb .docx and a YAML alias bomb are refused quickly and
without the memory they would inflate to; a huge charter runs in a worker while a search
still answers; a worker over its time limit is stopped; a POST from another site is refused;
every answer carries the security headers and no page needs inline script or style.
"""

from __future__ import annotations

import io
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from xuehui.web import create_app, jobs

CHARTERS = Path(__file__).parent / "fixtures" / "charters"
HENAN = {"region_code": "410000", "level": "provincial"}
EXAMPLE = "henan-computer-society"


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bomb_docx(inflated_mb: int) -> bytes:
    """A .docx whose document.xml inflates to ``inflated_mb`` MB (written in 1 MB chunks)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_mb):
                part.write(chunk)
    return buffer.getvalue()


def long_charter(kilobytes: int) -> bytes:
    """A real charter (the defects fixture) with its first article padded to ``kilobytes``."""
    base = (CHARTERS / "defects.txt").read_text(encoding="utf-8")
    sentence = "本会遵守宪法、法律、法规和国家政策，践行社会主义核心价值观，遵守社会道德风尚。"
    filler = sentence * (kilobytes * 1024 // len(sentence.encode("utf-8")))
    return base.replace("第一条", "第一条 " + filler, 1).encode("utf-8")


def audit(client, name: str, content: bytes, **form):
    return client.post(
        "/audit",
        data=dict(HENAN, **form),
        files={"file": (name, content, "application/octet-stream")},
    )


# ------------------------------------------------------------------ what an upload may become


def test_a_zip_bomb_docx_is_refused_fast_without_inflating_it(client):
    bomb = bomb_docx(200)
    assert len(bomb) < 400 * 1024  # 200 MB of text in a few hundred KB
    before = peak_rss_mb()
    started = time.process_time()  # CPU time, all threads: the machine's load does not count
    page = audit(client, "章程.docx", bomb)
    api = client.post(
        "/api/audit", data=HENAN, files={"file": ("章程.docx", bomb, "application/octet-stream")}
    )
    assert time.process_time() - started < 2  # for both requests together
    assert peak_rss_mb() - before < 50  # nothing near 200 MB was ever held
    assert page.status_code == 400 and "解压后过大" in page.text
    assert 'href="#a-file"' in page.text  # the message links to the file field
    assert api.status_code == 400 and api.json()["kind"] == "invalid"
    assert "解压后过大" in api.json()["error"]


def test_a_docx_that_inflates_to_tens_of_megabytes_is_refused_too(client):
    page = audit(client, "章程.docx", bomb_docx(31))
    assert page.status_code == 400 and "解压后过大" in page.text


def test_an_encrypted_word_file_gets_a_chinese_message(client):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096
    page = audit(client, "章程.docx", ole)
    assert page.status_code == 400 and "加密" in page.text and "Traceback" not in page.text


def test_a_yaml_alias_bomb_is_refused_without_expanding_it(client):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[n]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    bomb = ("\n".join(levels) + "\nname: 测试学会\n").encode("utf-8")  # 10^8 nodes expanded
    assert len(bomb) < 1000
    before = peak_rss_mb()
    started = time.process_time()
    page = client.post("/generate/upload", files={"file": ("p.yaml", bomb, "text/yaml")})
    assert time.process_time() - started < 2 and peak_rss_mb() - before < 50
    assert page.status_code == 400 and "展开后过大" in page.text
    assert len(page.text) < 500_000
    assert 'href="#upload"' in page.text and 'aria-invalid="true"' in page.text
    api = client.post(
        "/api/audit",
        data={"text": "第一条 本会名称"},
        files={"profile": ("p.yaml", bomb, "text/yaml")},
    )
    assert api.status_code == 400 and "展开后过大" in api.json()["error"]


def test_a_thousand_article_charter_gets_a_chinese_message_not_a_500(client):
    text = "第一章 总则\n" + "".join(f"第{n}条 本会理事会每届任期五年。\n" for n in range(1, 1001))
    page = audit(client, "章程.txt", text.encode("utf-8"))
    assert page.status_code == 400
    assert "超过 300 条的上限" in page.text and "服务器内部出错" not in page.text


def test_a_text_charter_over_a_megabyte_is_refused_before_it_is_read(client):
    page = audit(client, "章程.txt", long_charter(1200))
    assert page.status_code == 400 and "超过 1 MB" in page.text


# ------------------------------------------------------------------ heavy work off the loop


def test_a_worker_over_its_time_limit_is_stopped_with_a_chinese_message(client, monkeypatch):
    monkeypatch.setattr(jobs, "JOB_SECONDS", 0.3)
    started = time.monotonic()
    page = audit(client, "章程.txt", long_charter(700))
    api = client.post(
        "/api/audit",
        data=HENAN,
        files={"file": ("章程.txt", long_charter(700), "text/plain")},
    )
    assert time.monotonic() - started < 8  # the 700 KB audit alone would take longer
    assert page.status_code == 503 and "超过 0.3 秒仍未完成，已停止" in page.text
    assert api.status_code == 503 and api.json()["kind"] == "timeout"


def test_a_user_error_raised_in_the_worker_keeps_its_message(client):
    page = audit(client, "章程.txt", "这不是章程，只是一句话。".encode())
    assert page.status_code == 400 and "Traceback" not in page.text
    assert re.search(r"未能审查.*章程", page.text, re.S)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live_server():
    """The app under uvicorn in a thread, as `xuehui serve` runs it."""
    import uvicorn

    port = _free_port()
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


def test_a_search_answers_within_two_seconds_while_a_large_audit_runs(live_server):
    charter = long_charter(400)  # seconds of audit work
    warm = httpx.get(f"{live_server}/api/search", params={"q": "理事会"}, timeout=60)
    assert warm.status_code == 200  # the index is loaded: what is timed is waiting, not loading
    done: dict[str, float] = {}

    def run_audit() -> None:
        started = time.monotonic()
        response = httpx.post(
            f"{live_server}/api/audit",
            data=HENAN,
            files={"file": ("章程.txt", charter, "text/plain")},
            timeout=120,
        )
        done["status"] = response.status_code
        done["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=run_audit)
    worker.start()
    time.sleep(0.5)  # let the audit get going (setup, not a wait for a result)
    started = time.monotonic()
    search = httpx.get(f"{live_server}/api/search", params={"q": "常务理事会"}, timeout=10)
    answered = time.monotonic() - started
    audit_still_running = "seconds" not in done
    worker.join(timeout=120)
    assert search.status_code == 200 and search.json()
    assert answered < 2, f"search took {answered:.1f} s during the audit"
    assert audit_still_running, "the audit was too small to prove anything"
    assert done["status"] == 200


def test_the_server_stops_promptly_on_sigterm_during_a_long_audit(tmp_path):
    port = _free_port()
    env = {"XUEHUI_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    server = subprocess.Popen(
        [sys.executable, "-m", "xuehui", "serve", "--no-open", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/api/topics", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "no server"
                time.sleep(0.2)
        errors: list[BaseException] = []

        def run_audit() -> None:
            try:
                httpx.post(
                    f"{url}/api/audit",
                    data=HENAN,
                    files={"file": ("章程.txt", long_charter(900), "text/plain")},
                    timeout=60,
                )
            except httpx.HTTPError as err:  # the server went away: expected
                errors.append(err)

        client_thread = threading.Thread(target=run_audit)
        client_thread.start()
        workers: list[str] = []
        deadline = time.monotonic() + 15
        while not workers and time.monotonic() < deadline:  # until the audit's worker runs
            workers = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            ).stdout.split()
            time.sleep(0.1)
        assert workers, "the audit did not start a worker process"
        stopped = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        assert time.monotonic() - stopped < 6
        client_thread.join(timeout=10)
        for pid in workers:  # the workers went with it
            assert (
                not Path(f"/proc/{pid}").exists()
                or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
            )
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


# ------------------------------------------------------------------ who may post


@pytest.mark.parametrize(
    "url, kwargs",
    [
        ("/api/check", {"json": {}}),
        ("/audit", {"data": {"text": "第一条 本会名称", **HENAN}}),
        ("/generate/download", {"data": {"download": "charter.docx"}}),
        ("/generate/check", {"data": {}}),
    ],
)
def test_a_post_from_another_site_is_refused(client, url, kwargs):
    for headers in (
        {"origin": "http://evil.example"},
        {"origin": "null"},
        {"referer": "http://evil.example/page.html"},
    ):
        response = client.post(url, headers=headers, **kwargs)
        assert response.status_code == 403, headers
        assert "其他网站" in response.text


def test_a_post_from_the_apps_own_pages_or_a_script_is_accepted(client):
    same = client.post("/generate/check", data={}, headers={"origin": "http://testserver"})
    referer = client.post(
        "/generate/check", data={}, headers={"referer": "http://testserver/generate"}
    )
    script = client.post("/generate/check", data={})  # curl: neither header
    assert same.status_code == referer.status_code == script.status_code == 200


def test_a_foreign_post_never_displaces_a_users_report(client):
    from xuehui.web.routes import audit as audit_route

    page = audit(client, "defects.txt", (CHARTERS / "defects.txt").read_bytes())
    token = re.search(r"/audit/([\w-]+)/report\.docx", page.text).group(1)
    for _ in range(audit_route._KEPT + 2):
        client.post(
            "/audit",
            data={"text": "第一条 本会名称", **HENAN},
            headers={"origin": "http://evil.example"},
        )
    assert client.get(f"/audit/{token}/report.md").status_code == 200


# ------------------------------------------------------------------ what the browser is told

HEADERS = {
    "content-security-policy": "script-src 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}
PAGES = [
    "/search",
    "/search?q=常务理事会",
    "/docs",
    "/docs/henan-2018",
    "/compare?topic=standing_council",
    "/compare?view=provisions",
    "/generate",
    f"/generate?example={EXAMPLE}",
    "/audit",
    "/review",
    "/api/docs",
    "/nowhere",
]


@pytest.mark.parametrize("url", PAGES + ["/api/search?q=理事会", "/api/nowhere", "/static/app.js"])
def test_every_answer_carries_the_security_headers(client, url):
    response = client.get(url)
    for name, value in HEADERS.items():
        assert value in response.headers.get(name, ""), (url, name)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_refusals_carry_the_security_headers_too(client):
    refused = client.post("/api/check", json={}, headers={"origin": "http://evil.example"})
    assert refused.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("url", PAGES)
def test_no_page_needs_inline_script_or_style(client, url):
    """What the policy forbids is not in the pages (the browser test checks it live)."""
    html = client.get(url).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert "javascript:" not in html


# ------------------------------------------------------------------ messages for the page


def test_api_errors_have_one_shape_and_it_is_documented(client):
    spec = client.get("/api/openapi.json").json()
    assert "ErrorBody" in spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert "422" not in op["responses"], (path, method)
            body = op["responses"]["400"]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ErrorBody"}
    answers = [
        client.get("/api/search", params={"q": "理事会", "exact": "maybe"}),
        client.get("/api/generate/charter"),  # wrong method
        client.get("/api/documents/atlantis"),
        client.post("/api/check", json={"name": "学"}),
        client.post("/api/generate/charter", params={"fmt": "exe"}, json={}),
        client.post("/api/audit", data={"text": "第一条"}),
    ]
    for response in answers:
        body = response.json()
        assert set(body) == {"error", "kind", "fields"}, body
        assert re.search(r"[\u4e00-\u9fff]", body["error"])
        for english in ("有误", "None", "--", "exact", "fmt"):
            assert not body["error"].startswith(english), body["error"]
    kinds = {r.json()["kind"]: r.status_code for r in answers}
    assert kinds == {"invalid": 400, "method": 405, "not_found": 404}


def test_api_parameter_errors_name_the_parameter_in_chinese(client):
    exact = client.get("/api/search", params={"q": "理事会", "exact": "maybe"}).json()
    assert exact["error"] == "精确模式应为 true 或 false"
    fmt = client.post("/api/generate/charter", params={"fmt": "exe"}, json={}).json()
    assert fmt["error"].startswith("文件格式")
    checked = client.post("/api/check", json={"name": "学", "level": "galactic"}).json()
    fields = {f["field"]: f for f in checked["fields"]}
    assert "name" in fields and "level" in fields and "region_code" in fields
    assert all("xuehui" not in f["message"] for f in checked["fields"])


def _form(client, example: str = EXAMPLE) -> dict[str, str]:
    html = client.get(f"/generate?example={example}").text
    return dict(re.findall(r'<input[^>]*name="([^"]+)" value="([^"]*)"', html)) | dict(
        re.findall(
            r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]*)" selected',
            html,
            re.S,
        )
    )


def test_a_form_error_links_to_and_highlights_its_field(client):
    form = _form(client)
    form["governance.standing_council_size"] = "150"  # more than the council
    form["branches.0.name"] = ""
    form["branches.0.leader"] = "张三"
    panel = client.post("/generate/check", data=form).text
    link = re.search(
        r'<a href="#f-governance-standing_council_size"[^>]*>([^<]+)</a>：([^<]+)', panel
    )
    assert link and link.group(1) == "常务理事会人数"
    assert "governance." not in link.group(2) and "不能大于理事会人数" in link.group(2)
    assert 'data-bad-fields="' in panel and "governance.standing_council_size" in panel
    page = client.post("/generate/download", data={**form, "download": "charter.docx"})
    assert page.status_code == 400
    field = re.search(
        r'<div class="field invalid[^"]*" data-path="governance.standing_council_size">.*?</div>',
        page.text,
        re.S,
    )
    assert field and 'aria-invalid="true"' in field.group(0)
    assert "不能大于理事会人数" in field.group(0)  # the message under the field


def test_page_messages_use_no_command_line_words(client):
    form = _form(client)
    form["governance.standing_meetings_per_year"] = "1"  # 河南 asks for two: an error
    forced = client.post("/generate/download", data={**form, "download": "charter.docx"})
    no_place = client.post("/audit", data={"text": "第一条 本会名称"})
    bad_level = client.post("/audit", data={"text": "第一条 本会名称", "region_code": "410000"})
    for page in (forced, no_place, bad_level):
        text = re.sub(r"<[^>]+>", "", page.text)
        assert "--" not in text and "None" not in text and "region_code" not in text, text
    assert "仍然生成" in forced.text
    assert 'href="#a-level"' in bad_level.text and 'aria-invalid="true"' in bad_level.text
    api = client.post("/api/audit", data={"text": "第一条 本会名称", "region_code": "410000"})
    assert api.json()["fields"] == [
        {"field": "level", "label": "层级", "message": api.json()["fields"][0]["message"]}
    ]


def test_tab_titles_are_chinese(client):
    title = re.search(r"<title>(.*?)</title>", client.get("/compare?topic=council").text).group(1)
    assert "council" not in title and title.endswith("各地对比 · 学会工具箱")


# ------------------------------------------------------------------ the audit page and the report


def test_the_audit_pages_counts_and_tiers_are_the_word_reports():
    from generator.audit import audit as run
    from generator.audit.reports import report_markdown, table_findings

    client = TestClient(create_app())
    charter = CHARTERS / "defects.txt"
    for place in (HENAN, {"region_code": "440000", "level": "provincial"}):
        page = client.post(
            "/audit",
            data=place,
            files={"file": ("defects.txt", charter.read_bytes(), "text/plain")},
        ).text
        report = run(charter, **place)
        counts = report.counts()
        for label, key in (("符合", "satisfied"), ("不符合", "violated"), ("章程未规定", "absent")):
            assert f"{label} {counts[key]} 项" in page
            assert f"{label}{counts[key]}项" in report_markdown(report)[0]
        rows = re.findall(r'<tr class="row-(\w+) status-(\w+)">', page)
        table = table_findings(report)
        assert len(rows) == len(table)
        for (kind, status), finding in zip(rows, table, strict=True):
            assert status == finding.status
            assert (kind == "must") == finding.is_error
            if not finding.binding:  # a document that does not bind the society: never red
                assert kind == "reference" or finding.source == "model"
        if not report.exit_code:
            assert "未发现约束本会的强制性规定" in page
