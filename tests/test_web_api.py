"""The web app's pages and JSON API, through FastAPI's test client.

Every endpoint is exercised with good and bad input; the JSON answers are compared with what
the CLI's --json prints, because the app must not compute anything differently.
"""

from __future__ import annotations

import html as html_module
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import kb
from xuehui.cli import app as cli_app
from xuehui.web import create_app
from xuehui.web.examples import examples_dir
from xuehui.web.uploads import (
    CHARTER_MAX_BYTES,
    MAX_REQUEST_BYTES,
    PROFILE_MAX_BYTES,
    safe_filename,
)

XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def client():
    # XUEHUI_HOME is a fresh folder per test (tests/conftest.py); the app keeps no state.
    return TestClient(create_app(), raise_server_exceptions=False)


def cli_json(*args: str):
    result = CliRunner().invoke(cli_app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def api_paths(client) -> list[str]:
    return [p for p in client.get("/api/openapi.json").json()["paths"] if p.startswith("/api/")]


# ------------------------------------------------------------------ documents


def test_document_list_page_links_every_regulation(client):
    page = client.get("/docs")
    assert page.status_code == 200
    for doc in kb.load_corpus():
        assert f'href="/docs/{doc.id}"' in page.text
        assert doc.title in page.text


def test_document_page_has_an_anchor_for_every_clause_and_the_metadata(client):
    doc = kb.load_corpus().document("henan-2018")
    page = client.get("/docs/henan-2018")
    assert page.status_code == 200
    anchors = re.findall(r'class="clause [^"]*" id="([^"]+)"', page.text)
    assert anchors == [c.local_id for c in doc.clauses]
    assert doc.meta.issuers[0] in page.text and doc.meta.date_issued in page.text
    assert "省辖市科协可参照此方案执行" in page.text


def test_document_page_shows_every_clause_text_unaltered(client):
    doc = kb.load_corpus().document("fengxian-2019")
    html = client.get("/docs/fengxian-2019").text
    visible = html_module.unescape(re.sub(r"<[^>]+>", "", html))
    for clause in doc.clauses:
        assert clause.text in visible


def test_unknown_document_is_a_chinese_404_page(client):
    page = client.get("/docs/no-such-doc")
    assert page.status_code == 404
    assert "没有编号为“no-such-doc”的法规文件" in page.text
    assert "Traceback" not in page.text


def test_documents_api_returns_what_xuehui_docs_json_prints(client):
    assert client.get("/api/documents").json() == cli_json("docs")


def test_document_api_returns_what_xuehui_clauses_json_prints(client):
    assert client.get("/api/documents/tianjin-2017").json() == cli_json("clauses", "tianjin-2017")


def test_clause_api_returns_what_xuehui_show_json_prints(client):
    clause_id = "henan-2018/sec_4__item_3"
    assert client.get(f"/api/clauses/{clause_id}").json() == cli_json("show", clause_id)


@pytest.mark.parametrize(
    "url", ["/api/documents/nope", "/api/clauses/henan-2018/sec_99", "/api/clauses/nope"]
)
def test_unknown_document_or_clause_is_a_json_404_in_chinese(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "没有编号为" in response.json()["error"]


# ------------------------------------------------------------------ search


def test_search_page_without_query_explains_how_to_search(client):
    page = client.get("/search")
    assert page.status_code == 200
    assert "怎样检索" in page.text and 'name="q"' in page.text


def test_home_leads_to_search(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/search"


def test_search_results_are_clause_cards_linking_to_the_clause_in_its_document(client):
    page = client.get("/search", params={"q": "常务理事会人数"}).text
    assert "《河南省科协学会治理与服务改革创新工程实施方案》四、3.⑸" in page
    link = re.search(r'href="/docs/henan-2018\?hl=([^"#]*)#sec_4__item_3__item_5"', page)
    assert (
        link
        and unquote(link.group(1)) in "⑸常务理事会。学会常务理事人数原则上不超过理事会人数的1/3"
    )
    assert 'data-copy="《河南省科协学会治理与服务改革创新工程实施方案》四、3.⑸"' in page
    assert "<mark>" in page


def test_exact_search_lists_exactly_the_clauses_containing_the_phrase(client):
    phrase = "常务理事会"
    expected = [c for c in kb.load_corpus().clauses() if phrase in c.text]
    page = client.get("/search", params={"q": phrase, "mode": "exact"}).text
    assert f"原文含有“{phrase}”的条款共 {len(expected)} 条" in page
    assert page.count('class="card"') == len(expected)


def test_search_filters_limit_the_documents(client):
    page = client.get("/search", params={"q": "理事会", "doc": "tianjin-2017"}).text
    cited = set(re.findall(r'class="citation" href="/docs/([a-z0-9-]+)', page))
    assert cited == {"tianjin-2017"}
    assert "已按筛选范围限定" in page


def test_query_with_html_is_shown_as_text_never_run(client):
    page = client.get("/search", params={"q": XSS}).text
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_search_with_no_result_says_what_to_do(client):
    page = client.get("/search", params={"q": "量子纠缠望远镜", "mode": "exact"}).text
    assert "没有找到" in page and "智能检索" in page


def test_search_with_a_bad_year_says_what_is_wrong(client):
    page = client.get("/search", params={"q": "理事会", "year_from": "去年"})
    assert page.status_code == 200
    assert "起始年份应为四位年份" in page.text


def test_search_with_an_unbalanced_quote_shows_the_query_error(client):
    page = client.get("/search", params={"q": '"理事会'}).text
    assert "检索未能进行" in page


def test_search_api_returns_what_xuehui_search_json_prints(client):
    got = client.get("/api/search", params={"q": "理事长 年龄", "limit": 5}).json()
    assert got == cli_json("search", "理事长 年龄", "--limit", "5")
    assert got and all({"clause_id", "citation", "highlights"} <= set(h) for h in got)
    exact = client.get(
        "/api/search", params={"q": "监事会", "exact": "true", "doc": "henan-2018", "limit": 50}
    ).json()
    assert exact == cli_json("search", "监事会", "--exact", "--doc", "henan-2018", "--limit", "50")


@pytest.mark.parametrize(
    "params, words",
    [
        ({}, "缺少检索词"),
        ({"q": "理事会", "limit": "0"}, "结果数应不小于 1"),
        ({"q": "理事会", "limit": "many"}, "结果数应为数字"),
        ({"q": "理事会", "level": "galactic"}, "层级的取值无效"),
    ],
)
def test_search_api_rejects_bad_parameters_in_chinese(client, params, words):
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    body = response.json()
    assert words in body["error"] and body["kind"] == "invalid"
    assert body["fields"] and all(f["label"] and f["message"] for f in body["fields"])


def test_search_api_rejects_an_unknown_document(client):
    response = client.get("/api/search", params={"q": "理事会", "doc": "atlantis-2020"})
    assert response.status_code == 400
    assert "atlantis-2020" in response.json()["error"]


# ------------------------------------------------------------------ compare


def test_compare_page_without_a_topic_explains_and_offers_topics(client):
    page = client.get("/compare").text
    assert "怎样对比" in page and 'href="/compare?topic=supervisors"' in page


def test_compare_a_topic_shows_every_document_side_by_side_with_not_stated(client):
    page = client.get("/compare", params={"topic": "standing_council"}).text
    columns = re.findall(r'<section class="compare-col">(.*?)</section>', page, re.S)
    assert len(columns) == len(kb.load_corpus())
    data = kb.load_corpus().compare_topic("standing_council").to_dict()
    for column, doc in zip(columns, data["documents"], strict=True):
        assert f'href="/docs/{doc["doc_id"]}"' in column
        if doc["status"] == "not_stated":
            assert "未规定" in column
        for clause in doc["clauses"]:
            doc_id, local = clause["clause_id"].split("/", 1)
            assert f'href="/docs/{doc_id}#{local}"' in column
    assert any(d["status"] == "not_stated" for d in data["documents"])
    assert '<strong class="provision-value">1/3</strong>' in page


def test_compare_by_typed_words_and_jurisdiction_marks_binding_documents(client):
    page = client.get(
        "/compare", params={"q": "监事会", "region_code": "410000", "level": "provincial"}
    ).text
    assert "各文件关于" in page
    henan = re.search(
        r'<section class="compare-col">\s*<h3><a href="/docs/henan-2018">.*?</h3>', page, re.S
    ).group(0)
    assert "约束" in henan


def test_compare_with_a_bad_region_says_what_is_wrong(client):
    page = client.get(
        "/compare", params={"q": "监事会", "region_code": "41", "level": "provincial"}
    )
    assert page.status_code == 200 and "无法对比" in page.text and "6 位" in page.text


def test_provisions_table_lines_up_subjects_across_documents(client):
    page = client.get("/compare", params={"view": "provisions", "subject": "council"}).text
    table = kb.load_corpus().compare_provisions("council").table()
    assert page.count("<tr>") == len(table.rows) + 1
    assert "未规定" in page


@pytest.mark.parametrize(
    "fmt, magic",
    [("docx", b"PK"), ("csv", "\ufeff".encode()), ("md", b"# "), ("html", b"<!DOCTYPE html>")],
)
def test_topic_comparison_downloads_in_each_format(client, fmt, magic):
    response = client.get("/compare/download", params={"topic": "supervisors", "format": fmt})
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "filename*=UTF-8''" in response.headers["content-disposition"]


def test_downloaded_word_comparison_opens_with_python_docx(client):
    import docx

    data = client.get("/compare/download", params={"view": "provisions", "format": "docx"}).content
    document = docx.Document(io.BytesIO(data))
    assert document.tables and "规定主题" in document.tables[0].rows[0].cells[0].text


def test_comparison_download_rejects_a_bad_format_or_missing_topic(client):
    assert (
        client.get("/compare/download", params={"topic": "x", "format": "exe"}).status_code == 400
    )
    assert "请先选择主题" in client.get("/compare/download", params={"format": "csv"}).text


def test_compare_apis_return_what_the_cli_json_prints(client):
    assert client.get("/api/compare/topic", params={"topic": "监事会"}).json() == cli_json(
        "compare", "--topic", "监事会"
    )
    assert client.get("/api/compare/provisions", params={"subject": "council"}).json() == cli_json(
        "compare", "--provisions", "--subject", "council"
    )
    assert client.get("/api/topics").json() == cli_json("topics")
    assert client.get("/api/provisions", params={"doc": "henan-2018"}).json() == cli_json(
        "provisions", "--doc", "henan-2018"
    )
    assert client.get(
        "/api/jurisdiction", params={"region_code": "410100", "level": "prefectural"}
    ).json() == cli_json("jurisdiction", "--region-code", "410100", "--level", "prefectural")


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/compare/topic", {}),
        ("/api/jurisdiction", {"region_code": "410000", "level": "village"}),
        ("/api/jurisdiction", {"region_code": "41", "level": "provincial"}),
        ("/api/compare/provisions", {"subject": "no-such-subject-at-all"}),
    ],
)
def test_compare_apis_reject_bad_input_in_chinese(client, url, params):
    response = client.get(url, params=params)
    assert response.status_code == 400
    assert re.search(r"[\u4e00-\u9fff]", response.json()["error"])


# ------------------------------------------------------------------ errors and safety


def test_an_unexpected_error_shows_a_chinese_page_without_traceback():
    app = create_app()

    def boom():
        raise RuntimeError("secret internal detail")

    app.add_api_route("/boom", boom)
    app.add_api_route("/api/boom", boom)
    client = TestClient(app, raise_server_exceptions=False)
    page = client.get("/boom")
    assert page.status_code == 500 and "服务器内部出错" in page.text
    assert "secret internal detail" not in page.text and "Traceback" not in page.text
    api = client.get("/api/boom")
    assert api.status_code == 500
    assert api.json() == {"error": api.json()["error"], "kind": "internal", "fields": []}
    assert "secret" not in api.text


def test_unknown_pages_are_404_in_chinese(client):
    assert "没有找到这个页面" in client.get("/nowhere").text
    assert client.get("/api/nowhere").json()["error"].startswith("没有找到")


def test_a_request_body_over_the_limit_is_refused_before_reading(client):
    response = client.post(
        "/generate/upload",
        content=b"x" * (MAX_REQUEST_BYTES + 1),
        headers={"content-type": "application/octet-stream"},
    )
    assert response.status_code == 413
    assert "上传的内容太大" in response.text


def test_upload_limits_fit_a_profile_and_a_charter():
    assert PROFILE_MAX_BYTES == 2 * 1024 * 1024
    assert CHARTER_MAX_BYTES == 20 * 1024 * 1024 < MAX_REQUEST_BYTES


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32.ini", "system32.ini"),
        ("河南省计算机学会/章程.docx", "章程.docx"),
        ('a<b>:"c"|?*.md', "a_b_c_.md"),
        ("..", "文件"),
        ("\x00\n", "文件"),
    ],
)
def test_download_names_cannot_leave_the_folder(name, expected):
    assert safe_filename(name) == expected


def test_pages_load_no_asset_from_the_network(client):
    for url in ("/search", "/docs", "/docs/henan-2018", "/generate", "/api/docs"):
        html = client.get(url).text
        assert not re.search(r'(src|href)="(https?:)?//', html), url
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            assert client.get(asset).status_code == 200, asset


def test_api_reference_lists_every_api_endpoint_without_a_cdn(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    for path in api_paths(client):
        assert path in page.text
    assert "cdn" not in page.text.lower()


def test_static_assets_are_served_from_the_package(client):
    assert "font-family" in client.get("/static/style.css").text
    assert "copy" in client.get("/static/app.js").text


# ------------------------------------------------------------------ generate

EXAMPLE = "henan-computer-society"


class _FormReader(HTMLParser):
    """The values a browser would submit for the profile form of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.inside = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "profile-form"
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input":
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(html)
    return reader.values


@pytest.fixture(scope="module")
def example_form(client) -> dict[str, str]:
    return form_values(client.get("/generate", params={"example": EXAMPLE}).text)


def leaf_paths(schema: dict, node: dict | None = None, prefix: str = "") -> list[str]:
    node = node or schema
    out = []
    for name, sub in node["properties"].items():
        ref = sub.get("$ref")
        target = schema["$defs"][ref.rsplit("/", 1)[-1]] if ref else sub
        if target.get("type") == "object" and "properties" in target:
            out += leaf_paths(schema, target, f"{prefix}{name}.")
        else:
            out.append(prefix + name)
    return out


def test_generate_form_has_a_control_for_every_profile_field(client):
    from generator.content.resolutions import kinds
    from generator.profile import profile_schema

    html = client.get("/generate").text
    for path in leaf_paths(profile_schema()):
        if path == "meetings":  # a mapping of resolution kind → meeting facts
            for key, kind in kinds().items():
                for fact in kind.all_facts():
                    assert f'name="meetings.{key}.{fact.key}"' in html
            continue
        assert re.search(rf'name="{re.escape(path)}(\.0\.[a-z_]+)?"', html), path


def test_generate_form_labels_and_help_are_the_schemas_chinese_descriptions(client):
    html = client.get("/generate").text
    assert "常务理事会人数" in html and "0 表示不设常务理事会" in html
    assert ">选任（理事会选举）</option>" in html


def test_an_example_fills_the_form(client, example_form):
    profile = yaml.safe_load((examples_dir() / f"{EXAMPLE}.yaml").read_text(encoding="utf-8"))
    assert example_form["name"] == profile["name"]
    assert example_form["governance.council_size"] == str(profile["governance"]["council_size"])
    assert example_form["business_scope"].splitlines() == profile["business_scope"]
    assert example_form["branches.0.name"] == profile["branches"][0]["name"]


def test_unknown_example_is_a_404_saying_what_to_do(client):
    page = client.get("/generate", params={"example": "../../etc/passwd"})
    assert page.status_code == 404 and "从示例开始" in page.text


def test_live_check_of_the_example_lists_findings_with_citations(client, example_form):
    html = client.post("/generate/check", data=example_form).text
    assert "必须改正 0" in html
    assert "《河南省科协学会治理与服务改革创新工程实施方案》" in html
    assert 'href="/docs/henan-2018#sec_4__item_3__item_5"' in html


def test_a_too_large_standing_council_appears_as_a_violation_with_its_rule(client, example_form):
    data = dict(example_form, **{"governance.standing_council_size": "60"})
    html = client.post("/generate/check", data=data).text
    card = re.search(
        r'<div class="finding warning" data-subject="standing_council\.max_ratio'
        r'_of_council" data-status="violated" data-tier="regional">(.*?)</div>\s*</div>',
        html,
        re.S,
    )
    assert card, html[:2000]
    assert "学会常务理事人数原则上不超过理事会人数的1/3" in card.group(1)
    assert "四、3.⑸" in card.group(1)


def test_an_impossible_profile_names_the_field_to_fix(client, example_form):
    data = dict(example_form, **{"governance.standing_council_size": "500"})
    html = client.post("/generate/check", data=data).text
    assert "学会信息还需补正" in html
    assert "governance.standing_council_size" in re.search(r'data-bad-fields="([^"]*)"', html)[1]


def test_typed_text_in_a_number_field_is_reported_not_crashed(client, example_form):
    data = dict(example_form, **{"members.count": "三千"})
    html = client.post("/generate/check", data=data).text
    assert "members.count" in html and "应为整数" in html


def test_the_edited_profile_downloads_as_yaml_that_loads_again(client, example_form):
    from generator.profile import profile_from_dict

    data = dict(example_form, **{"governance.council_size": "120"})
    response = client.post("/generate/profile.yaml", data=data)
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    profile = profile_from_dict(yaml.safe_load(response.content.decode("utf-8")))
    assert profile.governance.council_size == 120
    assert [b.name for b in profile.branches][:1] == [example_form["branches.0.name"]]


def test_uploading_a_profile_yaml_continues_editing_it(client):
    text = (examples_dir() / f"{EXAMPLE}.yaml").read_text(encoding="utf-8")
    text = text.replace("council_size: 99", "council_size: 101")
    page = client.post(
        "/generate/upload", files={"file": ("我的学会.yaml", text.encode(), "text/yaml")}
    )
    assert page.status_code == 200
    values = form_values(page.text)
    assert values["governance.council_size"] == "101"
    assert "我的学会.yaml" in page.text


@pytest.mark.parametrize(
    "content, words",
    [
        (b"name: [unclosed", "YAML 格式有误"),
        (b"- just\n- a list\n", "YAML 映射"),
        (b"!!python/object/apply:os.system ['echo hacked']\n", "YAML 格式有误"),
        ("name: 学会".encode("gbk"), "UTF-8"),
        (b"   \n", "是空的"),
        (b"x" * (PROFILE_MAX_BYTES + 1), "太大"),
    ],
)
def test_a_bad_profile_upload_gets_a_chinese_message(client, content, words):
    page = client.post("/generate/upload", files={"file": ("p.yaml", content, "text/yaml")})
    assert page.status_code == 400
    assert words in page.text and "Traceback" not in page.text


def test_upload_without_a_file_asks_for_one(client):
    page = client.post("/generate/upload", files={"file": ("", b"", "text/yaml")})
    assert page.status_code == 400
    assert "请选择要上传的学会信息文件" in page.text or "上传文件" in page.text


def test_profile_schema_api_is_the_generators_schema(client):
    from generator.profile import profile_schema

    assert client.get("/api/profile/schema").json() == profile_schema()


def test_examples_api_lists_and_returns_the_examples(client):
    listed = client.get("/api/examples").json()
    assert {"id": EXAMPLE, "name": "河南省计算机学会"} in listed
    assert client.get(f"/api/examples/{EXAMPLE}").json()["name"] == "河南省计算机学会"
    assert client.get("/api/examples/nope").status_code == 404


def test_check_api_returns_what_xuehui_check_json_prints(client):
    path = examples_dir() / f"{EXAMPLE}.yaml"
    result = CliRunner().invoke(cli_app, ["check", str(path), "--json"])
    expected = json.loads(result.stdout)
    profile = client.get(f"/api/examples/{EXAMPLE}").json()
    got = client.post("/api/check", json=profile).json()
    assert got.pop("profile") is None and expected.pop("profile") == str(path)
    assert got == expected and got["findings"]


def test_check_api_rejects_a_bad_profile_in_chinese(client):
    response = client.post("/api/check", json={"name": "学"})
    assert response.status_code == 400
    assert "学会信息有误" in response.json()["error"]
    assert (
        client.post(
            "/api/check", content=b"not json", headers={"content-type": "application/json"}
        ).status_code
        == 400
    )


def test_search_topic_filter_keeps_only_clauses_of_that_topic(client):
    from kb.topics import tagging

    page = client.get("/search", params={"q": "人数", "topic": "supervisors"}).text
    cited = re.findall(r'class="citation" href="/docs/([a-z0-9-]+)\?hl=[^#]*#([^"]+)"', page)
    assert cited
    tags = tagging(kb.load_corpus()).by_clause
    assert all("supervisors" in tags[f"{doc}/{local}"] for doc, local in cited)
    assert (
        "没有编号为“nope”的主题"
        in client.get("/search", params={"q": "人数", "topic": "nope"}).text
    )


# ------------------------------------------------------------------ generate: downloads


def download(client, form: dict, what: str, **extra):
    return client.post("/generate/download", data=dict(form, download=what, **extra))


def test_charter_downloads_as_word_with_the_societys_values(client, example_form):
    import docx

    response = download(client, example_form, "charter.docx")
    assert response.status_code == 200
    assert (
        "filename*=UTF-8''" + quote("河南省计算机学会章程.docx")
        in response.headers["content-disposition"]
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "河南省计算机学会章程" in text and "{{" not in text


def test_duties_and_a_resolution_download_as_markdown(client, example_form):
    duties = download(client, example_form, "duties.md")
    assert duties.status_code == 200 and "岗位职责" in duties.content.decode("utf-8")
    fees = download(client, example_form, "resolution:set_fees.md")
    assert fees.status_code == 200 and "会费" in fees.content.decode("utf-8")


def test_meeting_facts_typed_in_the_form_reach_the_resolution(client, example_form):
    form = dict(example_form, **{"meetings.set_fees.place": "开封市会议中心"})
    text = download(client, form, "resolution:set_fees.md").content.decode("utf-8")
    assert "开封市会议中心" in text


def test_a_resolution_without_meeting_facts_is_refused_with_the_reason(client, example_form):
    form = {
        k: v
        for k, v in example_form.items()
        if not k.startswith("meetings.appoint_secretary_general.")
    }
    page = download(client, form, "resolution:appoint_secretary_general.docx")
    assert page.status_code == 400
    assert "未能生成" in page.text and "理事会聘任秘书长的决议" in page.text
    assert form_values(page.text)["name"] == example_form["name"]  # the form is kept


def test_a_vote_that_would_not_pass_is_refused(client, example_form):
    form = dict(
        example_form,
        **{"meetings.set_fees.votes_for": "10", "meetings.set_fees.votes_against": "250"},
    )
    page = download(client, form, "resolution:set_fees.docx")
    assert page.status_code == 400 and "未能生成" in page.text


def test_a_profile_with_errors_is_refused_unless_forced(client, example_form):
    import docx

    form = dict(example_form, **{"governance.supervisors": "0"})  # Henan: 应设立监事会或监事
    # Henan's two rules on supervisors, and the model charter's (示范文本: 设立监事会或监事)
    assert "必须改正 3" in client.post("/generate/check", data=form).text
    refused = download(client, form, "charter.docx")
    assert refused.status_code == 400 and "不符合约束本会的规定" in refused.text
    forced = download(client, form, "charter.docx", force="1")
    assert forced.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(forced.content)).paragraphs)
    assert "合规检查结果" in text


def test_all_documents_download_as_one_zip(client, example_form):
    response = download(client, example_form, "all.zip")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "docx/河南省计算机学会章程.docx" in names and "md/河南省计算机学会岗位职责.md" in names
    assert "学会信息.yaml" in names
    assert all(not n.startswith(("/", "..")) and ".." not in n for n in names)


def test_an_unknown_download_is_refused_politely(client, example_form):
    page = download(client, example_form, "../../secret.docx")
    assert page.status_code == 400 and "请点击页面上的下载按钮" in page.text


def test_generate_api_returns_the_file(client):
    profile = client.get(f"/api/examples/{EXAMPLE}").json()
    response = client.post("/api/generate/duties", params={"fmt": "md"}, json=profile)
    assert response.status_code == 200 and "岗位职责" in response.content.decode("utf-8")
    bad = client.post("/api/generate/duties", params={"fmt": "exe"}, json=profile)
    assert bad.status_code == 400 and "文件格式" in bad.json()["error"]
    assert client.post("/api/generate/novel", json=profile).status_code == 404
    missing = client.post("/api/generate/resolution", json=profile)
    assert missing.status_code == 400 and "决议类别" in missing.json()["error"]


def test_resolutions_api_lists_the_kinds_and_their_meeting_facts(client):
    from generator.content.resolutions import kinds

    listed = client.get("/api/resolutions").json()
    assert [k["kind"] for k in listed] == list(kinds())
    assert all(k["facts"] for k in listed)


# ------------------------------------------------------------------ audit

CHARTERS = Path(__file__).parent / "fixtures" / "charters"
HENAN = {"region_code": "410000", "level": "provincial"}


def audit_upload(client, name: str, content: bytes, **form):
    return client.post(
        "/audit",
        data=dict(HENAN, **form),
        files={"file": (name, content, "application/octet-stream")},
    )


def test_audit_page_explains_what_to_upload(client):
    page = client.get("/audit").text
    assert 'type="file" name="file"' in page and "20 MB 以内" in page


def test_auditing_a_defective_charter_lists_each_defect_with_article_and_citation(client):
    page = audit_upload(client, "defects.txt", (CHARTERS / "defects.txt").read_bytes())
    assert page.status_code == 200
    assert "章程须修改" in page.text
    assert "缺少第十二条" in page.text  # the numbering gap
    rows = re.findall(
        r'<tr class="row-[a-z]+ status-violated">\s*<td class="nowrap">第二十一条</td>(.*?)</tr>',
        page.text,
        re.S,
    )
    # the model charter (每年至少召开一次) and Henan's plan both judge 第二十一条
    assert rows and all("每两年至少召开一次会议" in row for row in rows)
    assert any('href="/docs/henan-2018#sec_4__item_3__item_6"' in row for row in rows)
    assert any("示范文本" in row for row in rows)


def test_audit_page_shows_the_same_findings_as_the_library(client):
    from generator.audit import audit
    from generator.audit.reports import table_findings

    page = audit_upload(client, "defects.txt", (CHARTERS / "defects.txt").read_bytes()).text
    report = audit(CHARTERS / "defects.txt", **HENAN)
    assert page.count('<tr class="row-') == len(table_findings(report))


def test_audit_report_and_revision_table_download_as_word(client):
    import docx

    page = audit_upload(client, "defects.txt", (CHARTERS / "defects.txt").read_bytes()).text
    token = re.search(r'href="/audit/([^/]+)/report\.docx"', page).group(1)
    for name, words in (("report.docx", "审查"), ("revision.docx", "修改")):
        response = client.get(f"/audit/{token}/{name}")
        assert response.status_code == 200
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        assert words in text
    assert client.get(f"/audit/{token}/report.exe").status_code == 404
    assert "已过期" in client.get("/audit/not-a-token/report.docx").text


def test_a_pasted_charter_is_audited_too(client):
    text = (CHARTERS / "clean.txt").read_text(encoding="utf-8")
    page = client.post("/audit", data=dict(HENAN, text=text))
    assert page.status_code == 200 and "审查结果" in page.text


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("charter.pdf", b"%PDF-1.4 ...", "不支持 PDF"),
        ("notes.txt", "这是一份会议纪要，没有条文。".encode(), "看起来不是一份章程"),
        ("empty.txt", b"  ", "是空的"),
        ("fake.docx", b"not a zip at all", "docx"),
        ("big.txt", b"x" * (CHARTER_MAX_BYTES + 1), "太大"),
    ],
)
def test_an_unreadable_charter_gets_a_chinese_message(client, name, content, words):
    page = audit_upload(client, name, content)
    assert page.status_code in (400, 413)
    assert words in page.text and "Traceback" not in page.text


def test_audit_without_a_jurisdiction_or_a_file_says_what_is_missing(client):
    text = (CHARTERS / "clean.txt").read_bytes()
    page = client.post("/audit", files={"file": ("c.txt", text, "text/plain")})
    assert page.status_code == 400 and "410000" in page.text
    assert "请上传章程文件" in client.post("/audit", data=HENAN).text


def test_audit_api_returns_what_xuehui_audit_json_prints(client):
    path = CHARTERS / "defects.txt"
    result = CliRunner().invoke(
        cli_app, ["audit", str(path), "--region-code", "410000", "--level", "provincial", "--json"]
    )
    expected = json.loads(result.stdout)
    expected.pop("written")
    got = client.post(
        "/api/audit", data=HENAN, files={"file": ("defects.txt", path.read_bytes(), "text/plain")}
    ).json()
    got["charter"]["source"] = expected["charter"]["source"] = "defects.txt"
    assert got == expected


def test_audit_api_rejects_bad_input_in_chinese(client):
    response = client.post(
        "/api/audit",
        data={"region_code": "999999", "level": "provincial"},
        files={"file": ("c.txt", b"\xe7\xac\xac\xe4\xb8\x80\xe6\x9d\xa1", "text/plain")},
    )
    assert response.status_code == 400 and "地区代码" in response.json()["error"]


# ------------------------------------------------------------------ xuehui serve


def test_serve_listens_on_loopback_by_default(monkeypatch):
    import uvicorn

    from xuehui.commands import serve

    started = {}
    monkeypatch.setattr(serve, "port_problem", lambda host, port: None)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(kw, app=app))
    result = CliRunner().invoke(cli_app, ["serve", "--no-open"])
    assert result.exit_code == 0, result.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8765
    assert "http://127.0.0.1:8765/" in result.output
    local = TestClient(started["app"], base_url="http://127.0.0.1:8765")
    assert local.get("/search").status_code == 200
    rebound = TestClient(started["app"], base_url="http://evil.example:8765")
    assert rebound.get("/api/documents").status_code == 400


def test_serve_on_a_busy_port_says_how_to_choose_another():
    import socket

    from xuehui.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SystemExit) as stop:
            main(["serve", "--no-open", "--port", str(port)])
    assert stop.value.code == 1


def test_port_problem_names_the_busy_port():
    import socket

    from xuehui.commands.serve import port_problem

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert f"端口 {port} 已被占用" in port_problem("127.0.0.1", port)


def test_document_page_marks_a_highlighted_phrase_and_escapes_it(client):
    page = client.get("/docs/henan-2018", params={"hl": "监事会"}).text
    assert "<mark>监事会</mark>" in page
    hostile = client.get("/docs/henan-2018", params={"hl": XSS}).text
    assert XSS not in hostile


@pytest.mark.parametrize("stem", sorted(p.stem for p in examples_dir().glob("*.yaml")))
def test_every_example_survives_the_form_round_trip(client, stem):
    """Loading an example into the form and submitting it gives back the same profile."""
    from generator.profile import profile_from_dict

    original = profile_from_dict(
        yaml.safe_load((examples_dir() / f"{stem}.yaml").read_text(encoding="utf-8"))
    )
    form = form_values(client.get("/generate", params={"example": stem}).text)
    saved = client.post("/generate/profile.yaml", data=form)
    assert saved.status_code == 200
    assert profile_from_dict(yaml.safe_load(saved.content.decode("utf-8"))) == original


def test_a_too_long_pasted_charter_gets_a_chinese_message(client):
    text = "第一条 " + "会" * 400_000
    for extra in ({}, {"files": {"file": ("", b"", "text/plain")}}):  # as urlencoded, multipart
        page = client.post("/audit", data=dict(HENAN, text=text), **extra)
        assert page.status_code == 400
        assert "太长" in page.text and "Traceback" not in page.text


def test_a_charter_generated_here_passes_the_audit_here(client, example_form):
    charter = download(client, example_form, "charter.docx").content
    profile = client.post("/generate/profile.yaml", data=example_form).content
    page = client.post(
        "/audit",
        files={
            "file": ("章程.docx", charter, "application/octet-stream"),
            "profile": ("p.yaml", profile, "text/yaml"),
        },
    )
    assert page.status_code == 200
    assert "未发现约束本会的强制性规定（须、应）被违反或缺失" in page.text
