"""The built-in corpus: originals kept verbatim, bodies cleaned of page furniture only."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kb import paths
from kb.cleaning import clean_text
from kb.corpus import load_corpus

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
NATIONAL = SHARED / "national"
CORPUS = load_corpus()
BUILTIN = [d for d in CORPUS if d.builtin]


def test_the_five_regulations_and_the_two_national_texts_are_there_with_their_metadata():
    by_id = {d.id: d.meta for d in BUILTIN}
    assert set(by_id) == {
        "fengxian-2019",
        "tianjin-2017",
        "guangdong-2023",
        "henan-2018",
        "jiangsu-2016",
        "shetuan-tiaoli-2016",
        "minfadian-2020",
    }
    for national in ("shetuan-tiaoli-2016", "minfadian-2020"):
        assert by_id[national].region_code == "100000"
        assert by_id[national].level == "national"
    assert by_id["shetuan-tiaoli-2016"].title == "社会团体登记管理条例"
    assert by_id["minfadian-2020"].title == "中华人民共和国民法典"
    assert by_id["henan-2018"].region_code == "410000"
    assert by_id["fengxian-2019"].region_code == "310120"
    assert by_id["fengxian-2019"].level == "county"
    assert by_id["fengxian-2019"].doc_number == "奉科协〔2019〕1号"
    assert by_id["guangdong-2023"].issuers == ["广东省科学技术协会", "广东省民政厅"]
    assert by_id["tianjin-2017"].date_published == "2018-03-19"


@pytest.mark.parametrize("doc", BUILTIN, ids=lambda d: d.id)
def test_original_is_kept_verbatim(doc):
    """The delivered original is unchanged: its checksum is recorded in originals/SHA256SUMS
    (and, where the delivery folder is beside the repo, it is byte-for-byte that file)."""
    original = paths.builtin_corpus_dir() / doc.meta.source_file
    sums = dict(
        reversed(line.split(maxsplit=1))
        for line in (original.parent / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    assert hashlib.sha256(original.read_bytes()).hexdigest() == sums[original.name]
    national = doc.meta.level == "national"
    delivered = NATIONAL / doc.meta.original_name if national else SEEDS / original.name
    if delivered.is_file():
        assert original.read_bytes() == delivered.read_bytes()


@pytest.mark.parametrize("doc", BUILTIN, ids=lambda d: d.id)
def test_body_is_the_original_cleaned_by_its_recorded_rules(doc):
    original = (paths.builtin_corpus_dir() / doc.meta.source_file).read_text(encoding="utf-8")
    assert clean_text(original, doc.meta.clean.start_at, doc.meta.clean.markdown) == doc.body


@pytest.mark.parametrize("doc", BUILTIN, ids=lambda d: d.id)
def test_cleaning_only_removes_lines_image_placeholders_and_markup(doc):
    original = (paths.builtin_corpus_dir() / doc.meta.source_file).read_text(encoding="utf-8")
    remaining = iter(original.split("\n"))
    for line in doc.body.rstrip("\n").split("\n"):
        # every body line is an original line, in order (an image placeholder may be cut out,
        # a Markdown heading loses its `#` marks)
        assert any(
            line == orig
            or (line and orig.startswith(line) and "[image:" in orig)
            or (doc.meta.clean.markdown and orig.lstrip("#").lstrip(" ") == line)
            for orig in remaining
        ), line


def test_markdown_markup_is_gone_and_the_law_is_whole():
    regulation = CORPUS.document("shetuan-tiaoli-2016")
    assert "#" not in regulation.body and "<!--" not in regulation.body
    assert "第一章 总则" in regulation.body.split("\n")
    articles = [c for c in regulation.clauses if c.kind == "article"]
    assert len(articles) == 37
    code = CORPUS.document("minfadian-2020")
    numbers = [c.number for c in code.clauses if c.kind == "article"]
    assert numbers == list(range(57, 76)) + list(range(87, 96))


def test_national_clauses_are_cited_by_article_paragraph_and_item():
    cited = {c.id: c.citation for c in CORPUS.document("shetuan-tiaoli-2016").clauses}
    assert cited["shetuan-tiaoli-2016/chp_3__art_10"] == "《社会团体登记管理条例》第十条"
    assert (
        cited["shetuan-tiaoli-2016/chp_3__art_10__sub_5"]
        == "《社会团体登记管理条例》第十条第（五）项"
    )
    assert (
        cited["shetuan-tiaoli-2016/chp_3__art_10__para_2"] == "《社会团体登记管理条例》第十条第二款"
    )
    assert (
        cited["shetuan-tiaoli-2016/chp_4__art_18__para_2"]
        == "《社会团体登记管理条例》第十八条第二款"
    )
    code = {c.id: c.citation for c in CORPUS.document("minfadian-2020").clauses}
    assert (
        code["minfadian-2020/chp_3__sct_3__art_91__para_3"]
        == "《中华人民共和国民法典》第九十一条第三款"
    )


def test_page_furniture_is_gone_and_regulation_text_stays():
    guangdong = CORPUS.document("guangdong-2023").body
    for junk in ("二维码扫描", "Copyright", "点击量", "最新动态", "技术支持", "邮政编码"):
        assert junk not in guangdong
    assert guangdong.startswith("广东省科协 广东省民政厅印发")
    assert "30.加强科协系统联动" in guangdong
    assert "[image:" not in CORPUS.document("fengxian-2019").body


def test_documents_know_their_year():
    assert CORPUS.document("jiangsu-2016").year == 2016
    assert CORPUS.document("tianjin-2017").year == 2017


def test_bad_metadata_is_explained_in_chinese_field_by_field(tmp_path):
    from kb.corpus import read_meta
    from kb.errors import XuehuiError

    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: Bad_ID\ntitle: x\nregion_code: '4100'\nlevel: city\nissuers: 某科协\n",
        encoding="utf-8",
    )
    with pytest.raises(XuehuiError) as err:
        read_meta(path)
    message = str(err.value)
    assert str(path) in message
    for part in (
        "id 只能由小写字母",
        "title 太短",
        "region_code 应为 6 位行政区划代码",
        "level 的取值无效",
        "issuers 应为列表",
    ):
        assert part in message
    assert "should" not in message and "Input" not in message
