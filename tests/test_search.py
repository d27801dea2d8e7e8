"""Clause search as a user meets it: ranked and exact results, highlights, filters, errors,
and an index that looks after itself."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import kb
from kb.analysis import thesaurus
from kb.errors import QueryError, XuehuiError
from kb.lookup import search
from kb.numbers import canonical_numbers, find_numbers
from xuehui.cli import app

CLAUSES = list(kb.load_corpus().clauses())


def ids(hits) -> list[str]:
    return [h.clause_id for h in hits]


def marked(hit) -> list[str]:
    return [h.text[s:e] for h in hit.highlights for s, e in h.spans]


# ---------------------------------------------------------------- ranked search


def test_quoted_phrase_finds_clauses_containing_it():
    hits = search(None, '"常务理事会"', limit=None)
    assert "henan-2018/sec_4__item_3__item_5" in ids(hits)[:3]
    assert hits and all("常务理事会" in h.text for h in hits)
    expected = {c.id for c in CLAUSES if "常务理事会" in c.text}
    assert set(ids(hits)) == expected


def test_unquoted_compound_word_is_found_too():
    hits = search(None, "常务理事会")
    assert ids(hits)[0] == "henan-2018/sec_4__item_3__item_5"


def test_natural_question_is_answered_not_left_empty():
    hits = search(None, "理事会最多多少人", limit=3)
    assert "henan-2018/sec_4__item_3__item_6" in ids(hits)  # 一般不超过150人


@pytest.mark.parametrize(
    "query",
    [
        "换届延期最长多久",
        "法定代表人由谁担任",
        "监事由谁选举产生",
        "秘书长的薪酬待遇怎么定",
        "可以不要挂靠单位吗",
    ],
)
def test_questions_in_everyday_words_return_results(query):
    assert search(None, query)


def test_a_clause_covering_more_of_the_query_ranks_higher():
    hits = search(None, "常务理事会 每半年 召开")
    assert ids(hits)[0] == "henan-2018/sec_4__item_3__item_5"


def test_synonyms_work_both_ways():
    by_huizhang = ids(search(None, "会长年龄上限", limit=3))
    by_lishizhang = ids(search(None, "理事长 年龄 不超过", limit=3))
    assert "fengxian-2019/item_2__item_2__item_1" in by_huizhang
    assert "fengxian-2019/item_2__item_2__item_1" in by_lishizhang


def test_synonym_table_groups_the_fields_words():
    groups = thesaurus().groups
    assert any({"会长", "理事长"} <= set(g) for g in groups)
    assert any({"会员代表大会", "会员（代表）大会"} <= set(g) for g in groups)


@pytest.mark.parametrize(
    ("query", "clause", "surface"),
    [
        ("三分之一", "henan-2018/sec_4__item_3__item_5", "1/3"),
        ("1/3", "henan-2018/sec_4__item_4__item_3", "三分之一"),
        ("百分之一", "henan-2018/sec_4__item_5__item_1", "1%"),
        ("七十周岁", "jiangsu-2016/sec_3__item_1", "70"),
        ("千分之三", "jiangsu-2016/sec_3__item_2", "1－5‰"),
        ("5‰", "jiangsu-2016/sec_3__item_2", "1－5‰"),
    ],
)
def test_numbers_match_in_any_notation(query, clause, surface):
    hits = search(None, query, limit=10)
    hit = next(h for h in hits if h.clause_id == clause)
    assert surface in marked(hit)


def test_a_whole_percentage_and_its_fraction_are_one_quantity():
    assert canonical_numbers("四分之三") & canonical_numbers("75%")
    assert canonical_numbers("50%") & canonical_numbers("二分之一")
    assert not canonical_numbers("1/3") & canonical_numbers("33%")
    hits = search(None, "75%的理事", limit=5)
    assert "fengxian-2019/item_2__item_4" in ids(hits)  # 四分之三以上理事


def test_a_question_about_every_region_gets_each_documents_answer_first():
    docs = [h.doc_id for h in search(None, "各地对秘书长专职化有什么要求", limit=10)]
    firsts = docs[: len(set(docs))]
    assert len(set(docs)) >= 3 and len(set(firsts)) == len(firsts)


def test_number_notations_share_one_canonical_form():
    assert canonical_numbers("三分之一") == canonical_numbers("1/3")
    assert canonical_numbers("百分之一") == canonical_numbers("1%")
    assert canonical_numbers("千分之三") == canonical_numbers("3‰")
    assert canonical_numbers("七十周岁") == canonical_numbers("70周岁")
    assert not find_numbers("一流学会")  # not a quantity


@pytest.mark.parametrize(
    "query",
    [
        "会长年龄上限",
        "秘书长职业化",
        "会员代表大会",
        "三议一公布",
        "挂靠单位调整",
        "理事会最多多少人",
        "学会联合体",
    ],
)
def test_highlights_mark_exactly_the_query_words_or_their_synonyms(query):
    from kb.vocabulary import vocabulary

    groups = thesaurus().groups
    wordings = vocabulary().entries

    def allowed(piece: str) -> bool:  # a part of the query, a synonym or its legal wording
        return (
            piece in query
            or any(piece in g and any(m in query for m in g) for g in groups)
            or any(piece in legal for word, legal in wordings.items() if word in query)
        )

    hits = search(None, query)
    assert hits and any(marked(h) for h in hits)
    for hit in hits:
        for piece in marked(hit):
            assert allowed(piece), (hit.clause_id, piece)


def test_highlight_offsets_point_into_the_clause_text():
    for hit in search(None, "秘书处实体化", limit=10):
        for h in hit.highlights:
            assert hit.text[h.start : h.start + len(h.text)] == h.text
            for s, e in h.spans:
                assert 0 <= s < e <= len(h.text)


def test_every_hit_carries_the_clause_citation_and_verbatim_text():
    corpus = kb.load_corpus()
    for hit in search(None, "学会", limit=30):
        clause = corpus.clause(hit.clause_id)
        assert hit.citation == clause.citation and hit.citation.startswith("《")
        assert hit.text == clause.text
        assert hit.doc_id == clause.doc_id
        data = hit.to_dict()
        assert set(data) >= {
            "clause_id",
            "doc_id",
            "citation",
            "heading",
            "text",
            "score",
            "highlights",
        }


def test_front_matter_is_searchable_but_not_above_the_body():
    hits = search(None, "秘书长职业化 秘书处实体化", limit=10)
    front = [i for i, h in enumerate(hits) if "/front__" in h.clause_id]
    body = [i for i, h in enumerate(hits) if "/front__" not in h.clause_id]
    assert front, "the title (front matter) is still found"
    assert body and body[0] < front[0]
    assert ids(search(None, "苏科协发〔2016〕141号", limit=1)) == [
        "jiangsu-2016/front__doc_number_1"
    ]


def test_items_are_found_through_their_heading_and_follow_it():
    hits = ids(search(None, "法定代表人", limit=10))
    heading = "fengxian-2019/item_2__item_5__item_1"  # 法定代表人工作职责：
    items = [heading + "__item_1", heading + "__item_2"]  # (1) 代表社团签署重要文件 …
    assert "fengxian-2019/item_2__item_2__item_3" in hits[:2]  # 法定代表人应由社团负责人担任
    assert heading in hits[:2]
    assert set(items) <= set(hits[2:4])  # right after the clauses that name it


def test_an_item_found_through_its_heading_says_so():
    hit = next(
        h for h in search(None, "法定代表人", limit=10) if h.clause_id.endswith("item_1__item_1")
    )
    assert "法定代表人工作职责" in hit.context
    assert hit.to_dict()["context"] == hit.context


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("专职秘书长的工资待遇怎么定", "jiangsu-2016/sec_3__item_1"),  # 薪资待遇
        ("党组织书记一般由谁担任", "guangdong-2023/sec_2__sub_1__item_4"),  # 党组织负责人
        ("会长办公会", "henan-2018/sec_4__item_3__item_4"),  # 理事长工作会
    ],
)
def test_everyday_wording_finds_the_regulations_wording(query, answer):
    assert answer in ids(search(None, query, limit=3))


def test_the_typed_word_ranks_above_its_translation():
    from kb.query import concepts

    seg = __import__("kb.index", fromlist=["open_index"]).open_index(kb.load_corpus).segmenter
    (concept,) = [c for c in concepts(seg, "工资") if c.label == "工资"]
    weights = dict(concept.alternatives)
    assert weights["工资"] == 1.0 and 0 < weights["薪资"] < 1.0


def test_vocabulary_maps_only_to_wording_the_corpus_uses():
    from kb.vocabulary import vocabulary

    text = "\n".join(c.text for c in CLAUSES)
    entries = vocabulary().entries
    assert len(entries) >= 50
    for word, legal in entries.items():
        assert legal, word
        for wording in legal:
            assert wording in text, (word, wording)


def test_every_concept_of_the_question_takes_part_in_retrieval():
    # 理事会 is common, 三议一公布 rare: clauses with only the common word are still found.
    found = set(ids(search(None, "三议一公布 理事会", limit=None)))
    with_common_word = {c.id for c in CLAUSES if "理事会" in c.text}
    assert with_common_word <= found
    assert ids(search(None, "三议一公布 理事会", limit=1)) == ["henan-2018/sec_4__item_4__item_2"]


def test_a_question_sharing_only_characters_is_answered_and_labelled():
    hits = search(None, "兔子", limit=5)  # no word of it is in the corpus, 子 is
    assert hits and all(h.matched == "characters" for h in hits)
    assert all("子" in h.text for h in hits)
    assert search(None, "理事会", limit=3)[0].matched == "words"


def test_the_cli_says_when_results_share_only_characters():
    result = CliRunner().invoke(app, ["search", "兔子"])
    assert result.exit_code == 0
    assert "字面" in result.output


def test_a_wrong_argument_is_refused_before_any_index_work(empty_cache):
    for bad in ({"limit": "3"}, {"limit": 0}, {"exact": "yes"}, {"year_from": "2019"}):
        with pytest.raises(XuehuiError) as err:
            search(None, "学会", **bad)
        assert re.search(r"[\u4e00-\u9fff]", str(err.value))
    with pytest.raises(TypeError):  # what a Python caller expects, too
        kb.load_corpus().search("学会", limit="3")
    assert not empty_cache.exists(), "no index was built for a call that cannot run"


def test_a_bug_is_not_mistaken_for_index_damage(monkeypatch):
    from kb import index as kb_index
    from kb import ranking

    kb_index.open_index(kb.load_corpus)
    builds = []
    real_build = kb_index.build
    monkeypatch.setattr(kb_index, "build", lambda *a, **k: builds.append(1) or real_build(*a, **k))

    def broken(*args, **kwargs):
        raise AttributeError("a programming error")

    monkeypatch.setattr(ranking, "concepts", broken)
    with pytest.raises(AttributeError):
        search(None, "学会")
    assert builds == []


# ---------------------------------------------------------------- exact mode


def _layout_free(text: str) -> str:
    """The test's own statement of what exact mode ignores: whitespace, and the width of
    punctuation and digits (NFKC of the full-width ASCII forms that are not letters, and of
    the half-width CJK punctuation)."""
    out = []
    for ch in text:
        if ch.isspace():
            continue
        if ("\uff01" <= ch <= "\uff5e" and not ch.isalpha()) or "\uff61" <= ch <= "\uff64":
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


_WIDE = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if not chr(c).isalpha()}
_NARROW = {v: k for k, v in _WIDE.items()}


def _phrases():
    """Pieces of clause text, re-typed: spaces added or dropped, punctuation and digits
    switched between full and half width."""
    texts = [c.text for c in CLAUSES if len(c.text) >= 2]
    piece = (
        st.tuples(st.sampled_from(texts), st.integers(0, 400), st.integers(1, 14))
        .map(lambda t: t[0][t[1] % len(t[0]) : t[1] % len(t[0]) + t[2]])
        .filter(lambda p: p.strip())
    )

    def retype(p: str, flips: list[int]) -> str:
        out = []
        for i, ch in enumerate(p):
            flip = flips[i % len(flips)] if flips else 0
            if ch.isspace() and flip == 1:
                continue
            ch = (_WIDE.get(ch) or _NARROW.get(ch) or ch) if flip == 2 else ch
            out.append(ch + (" " if flip == 3 else ""))
        return "".join(out)

    return st.tuples(piece, st.lists(st.integers(0, 3), max_size=8)).map(lambda t: retype(*t))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(phrase=_phrases())
def test_exact_mode_returns_exactly_the_clauses_containing_the_phrase(phrase):
    wanted = _layout_free(phrase)
    if not wanted:
        return
    expected = [c.id for c in CLAUSES if wanted in _layout_free(c.text)]
    got = ids(search(None, phrase, exact=True, limit=None))
    assert got == expected  # same clauses, in corpus order


@settings(max_examples=60, deadline=None)
@given(phrase=st.text(alphabet="理事会长（）()1１/／ 　,，三分之一%％", min_size=1, max_size=6))
def test_exact_mode_agrees_with_a_layout_free_scan_on_any_string(phrase):
    wanted = _layout_free(phrase)
    if not wanted.strip('"'):
        return
    expected = [c.id for c in CLAUSES if wanted in _layout_free(c.text)]
    if len(phrase.strip()) > 2 and phrase.strip()[0] == phrase.strip()[-1] == '"':
        return  # straight quotes around the phrase are the phrase syntax (tested below)
    assert ids(search(None, phrase, exact=True, limit=None)) == expected


@pytest.mark.parametrize(
    ("typed", "clause"),
    [
        ("(1)代表社团签", "fengxian-2019/item_2__item_5__item_1__item_1"),
        ("（1）代表社团签", "fengxian-2019/item_2__item_5__item_1__item_1"),
        ("１／３", "henan-2018/sec_4__item_3__item_5"),
    ],
)
def test_exact_mode_ignores_layout_and_width(typed, clause):
    hits = search(None, typed, exact=True, limit=None)
    assert clause in ids(hits)
    hit = next(h for h in hits if h.clause_id == clause)
    assert marked(hit), "the match is highlighted in the original text"


def test_exact_mode_stays_exact_on_characters():
    assert search(None, "理事長", exact=True) == []  # traditional 長 is another character
    assert search(None, "常务理事会每季度", exact=True) == []


def test_exact_mode_finds_nothing_for_a_phrase_not_in_the_text():
    assert search(None, "常务理事会每季度", exact=True) == []


def test_exact_mode_accepts_the_phrase_in_straight_quotes():
    quoted = ids(search(None, '"常务理事会"', exact=True, limit=None))
    assert quoted == ids(search(None, "常务理事会", exact=True, limit=None)) != []


def test_exact_mode_keeps_chinese_quotes_as_part_of_the_phrase():
    hits = search(None, "“两化”", exact=True, limit=None)
    assert hits and all("“两化”" in h.text for h in hits)


def test_exact_mode_highlights_every_occurrence():
    hit = search(None, "常务理事会", exact=True, doc="henan-2018", limit=None)[0]
    assert marked(hit) == ["常务理事会"] * hit.text.count("常务理事会")


# ---------------------------------------------------------------- filters


def test_filter_by_document():
    hits = search(None, "理事会", doc="henan-2018", limit=50)
    assert hits and {h.doc_id for h in hits} == {"henan-2018"}


def test_province_code_matches_documents_within_it():
    hits = search(None, "科技社团", region="310000", limit=50)
    assert hits and {h.doc_id for h in hits} == {"fengxian-2019"}  # 奉贤区 310120


def test_filter_by_level_and_year():
    county = search(None, "学会", level="county", limit=50)
    assert {h.doc_id for h in county} == {"fengxian-2019"}
    recent = search(None, "学会", year_from=2019, limit=100)
    # the Civil Code (2020) speaks of 社会团体 too
    assert {h.doc_id for h in recent} == {"fengxian-2019", "guangdong-2023", "minfadian-2020"}
    early = search(None, "学会", year_to=2016, limit=100)
    assert {h.doc_id for h in early} == {"jiangsu-2016", "shetuan-tiaoli-2016"}


@pytest.mark.parametrize(
    "options",
    [
        {"doc": "nowhere-2020"},
        {"region": "41"},
        {"level": "city"},
        {"year_from": 2020, "year_to": 2010},
    ],
)
def test_bad_filters_are_explained(options):
    with pytest.raises(XuehuiError) as err:
        search(None, "学会", **options)
    assert re.search(r"[\u4e00-\u9fff]", str(err.value))


# ---------------------------------------------------------------- query syntax


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("", "为空"),
        ("   ", "为空"),
        ('"常务理事会', "引号"),
        ("常务理事会”", "引号"),
        ("AND", "AND"),
        ("理事会 OR", "OR"),
        ("理事会 AND OR 监事会", "连在一起"),
        ("理事会 NOT", "NOT"),
        ("NOT 理事会", "排除"),
        ('""', "空"),
    ],
)
def test_query_syntax_errors_get_a_clear_chinese_message(query, words):
    with pytest.raises(QueryError) as err:
        search(None, query)
    assert words in str(err.value)


def test_and_or_not_combine_parts():
    both = search(None, "监事会 AND 理事长工作会", limit=50)
    assert both and all("监事" in h.text and "理事长工作会" in h.text for h in both)
    without = search(None, "常务理事会 NOT 理事长", limit=50)
    assert without and all("理事长" not in h.text for h in without)
    either = ids(search(None, "三议一公布 OR 党建强会", limit=5))
    assert {"henan-2018/sec_4__item_4__item_2", "tianjin-2017/sec_1__item_2"} <= set(either)


def test_corpus_search_api_and_submodules_do_not_collide():
    import kb.lookup
    import kb.query
    import kb.topics

    hits = kb.load_corpus().search("三议一公布", limit=1)
    assert hits[0].clause_id == "henan-2018/sec_4__item_4__item_2"
    assert callable(kb.lookup.search) and callable(kb.query.parse)
    assert callable(kb.topics.load_topics)
    corpus = kb.load_corpus()
    assert corpus[0].id == next(iter(corpus)).id
    assert corpus["henan-2018"].id == "henan-2018"


# ---------------------------------------------------------------- the index


def test_index_is_built_on_first_use_in_the_cache_folder(empty_cache):
    assert not empty_cache.exists()
    assert search(None, "三议一公布")
    assert (empty_cache / "index.json").is_file()
    manifest = json.loads((empty_cache / "index.json").read_text(encoding="utf-8"))
    assert (empty_cache / "builds" / manifest["build"]).is_dir()


@pytest.mark.parametrize("damage", ["manifest", "segments", "segment-data", "dictionary"])
def test_a_damaged_index_is_rebuilt_not_fatal(xuehui_home, damage):
    from kb import index as kb_index

    cache = xuehui_home / "cache"
    manifest = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    build = cache / "builds" / manifest["build"]
    if damage == "manifest":
        (cache / "index.json").write_text("{ half written", encoding="utf-8")
    elif damage == "segments":
        for f in build.glob("*.seg"):
            f.write_bytes(b"\0" * 10)
        for f in build.glob("_MAIN_*.toc"):
            f.unlink()
    elif damage == "segment-data":  # the table of contents survives, the data does not
        for f in build.glob("*.seg"):
            f.write_bytes(f.read_bytes()[:64])
    else:
        (build / kb_index.DICTIONARY_FILE).unlink()
    kb_index.forget()
    assert ids(search(None, "三议一公布", limit=1)) == ["henan-2018/sec_4__item_4__item_2"]


def test_index_follows_the_corpus_when_a_document_is_added(xuehui_home):
    from kb.ingest import add_document

    source = xuehui_home / "zj.txt"
    source.write_text("第一条 学会设立青年工作委员会，负责联络青年科技工作者。\n", encoding="utf-8")
    assert search(None, "青年工作委员会", exact=True) == []
    add_document(
        source, id="zj-2024", title="浙江测试办法", region_code="330000", level="provincial"
    )
    hits = search(None, "青年工作委员会", exact=True)
    assert ids(hits) == ["zj-2024/art_1"]


def _search_in_child(home: str, queue) -> None:
    os.environ["XUEHUI_HOME"] = home
    try:
        from kb.lookup import search as child_search

        queue.put(len(child_search(None, "三议一公布")))
    except Exception as exc:  # report to the parent instead of dying silently
        queue.put(repr(exc))


def test_two_processes_starting_at_once_share_one_good_index(empty_cache):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    home = str(empty_cache.parent)
    procs = [ctx.Process(target=_search_in_child, args=(home, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(60)
    assert results[0] == results[1] and isinstance(results[0], int) and results[0] >= 1
    assert len(list((empty_cache / "builds").iterdir())) == 1


# ---------------------------------------------------------------- CLI


def test_cli_search_prints_citations_and_json_in_plain_utf8():
    runner = CliRunner()
    shown = runner.invoke(app, ["search", "三议一公布"])
    assert shown.exit_code == 0
    assert "《河南省科协学会治理与服务改革创新工程实施方案》四、4.⑵" in shown.output
    as_json = runner.invoke(app, ["search", "三议一公布", "--json", "--limit", "2"])
    data = json.loads(as_json.stdout)
    assert data[0]["citation"].startswith("《") and "\\u" not in as_json.stdout


def test_cli_reports_query_errors_without_a_traceback():
    from xuehui.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["search", "理事会 AND"])
    assert exit_info.value.code == 1


def test_cli_index_rebuild_reports_the_index():
    result = CliRunner().invoke(app, ["index", "--rebuild", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["clauses"] == len(CLAUSES) and data["rebuilt"] is True


def test_not_with_a_quoted_phrase_excludes_exactly_the_clauses_containing_it():
    hits = search(None, '理事会 NOT "理事长工作会"', limit=None)
    assert hits and all("理事长工作会" not in h.text for h in hits)
    assert "henan-2018/sec_4__item_3__item_6" in ids(hits)


def test_searches_from_several_threads_at_once_agree_with_one_at_a_time():
    from concurrent.futures import ThreadPoolExecutor

    queries = ["理事会最多多少人", "三分之一", "秘书长职业化", "会员代表大会"] * 3
    alone = [ids(search(None, q)) for q in queries]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda q: ids(search(None, q)), queries))
    assert together == alone
