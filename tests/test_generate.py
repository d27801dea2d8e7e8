"""Documents: charter, duty descriptions and resolutions from each example profile."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from generator import (
    article_for,
    build,
    draft_charter,
    generate,
    generate_all,
    load_profile,
    profile_from_dict,
    resolution_kinds,
)
from generator.content.templating import md_unescape
from kb.errors import InputError, XuehuiError
from xuehui.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CHAPTERS = [
    "总则",
    "业务范围",
    "会员",
    "组织机构和负责人产生、罢免",
    "资产管理、使用原则",
    "章程的修改程序",
    "终止程序及终止后的财产处理",
    "附则",
]
CN = "一二三四五六七八九十"


def _example(name: str):
    return load_profile(ROOT / "examples" / name)


def _data(name: str) -> dict:
    return yaml.safe_load((ROOT / "examples" / name).read_text(encoding="utf-8"))


def _plain(markdown: str) -> str:
    return md_unescape(markdown)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_charter_follows_the_model_structure_with_continuous_numbering(path):
    profile = load_profile(path)
    draft = draft_charter(profile)
    chapters = re.findall(r"^## 第(.+?)章　(.+)$", draft.markdown, flags=re.M)
    assert [title for _, title in chapters] == CHAPTERS
    assert [n for n, _ in chapters] == list(CN[:8])
    numbers = re.findall(r"^\*\*第(.+?)条\*\*", draft.markdown, flags=re.M)
    assert len(numbers) == len(draft.book.articles) > 50
    assert [a.label for a in draft.book.articles] == [f"第{n}条" for n in numbers]
    assert numbers[:12] == [
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
        "十二",
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_charter_contains_the_profiles_values(path):
    profile = load_profile(path)
    text = _plain(draft_charter(profile).markdown)
    for value in (
        profile.name,
        profile.supervisor,
        profile.registrar,
        profile.address,
        profile.party.leading_organ,
        *profile.business_scope,
        f"{profile.governance.council_size}名理事",
        f"{profile.adoption.date.year}年{profile.adoption.date.month}月"
        f"{profile.adoption.date.day}日{profile.adoption.meeting}",
    ):
        assert value in text, value
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_binding_provision_is_implemented_by_an_article(path):
    draft = draft_charter(load_profile(path))
    rows = draft.basis()
    assert rows
    for row in rows:
        assert row["article"].startswith("第"), row["subject"]


def test_henan_rules_are_written_into_the_charter():
    text = _plain(draft_charter(_example("henan-computer-society.yaml")).markdown)
    assert "且不超过150人" in text
    assert "常务理事人数不超过理事人数的三分之一" in text
    assert "常务理事会每半年至少召开一次会议" in text
    assert "本会设立监事会，由3名监事组成" in text
    assert "会士" in text and "不超过个人会员总数的1%" in text


def test_fengxian_rules_are_written_into_the_charter():
    text = _plain(draft_charter(_example("fengxian-agricultural-society.yaml")).markdown)
    assert "会长、副会长任职最高年龄不超过70周岁" in text
    assert "任期最长不得超过两届" in text and "连任不超过" not in text
    assert "本会会长为本会法定代表人" in text and "本会法定代表人由本会负责人担任" in text
    assert "秘书长实行聘任制" in text
    assert "本会暂不设立常务理事会" in text


def test_guangdong_party_building_content_is_in_the_charter():
    text = _plain(draft_charter(_example("guangdong-biomedical-engineering-society.yaml")).markdown)
    assert "政治建设、思想建设、组织建设、作风建设、纪律建设和能力建设" in text
    assert "政治把关" in text and "前置审议" in text
    # named once: the society already has both committees, so the rule does not repeat them
    assert text.count("科普工作专门委员会") == 1 and text.count("人才工作专门委员会") == 1
    assert "安排科普专项经费" in text
    assert "一般应具备正高级职称" in text


def test_tianjin_and_jiangsu_rules_are_written_into_the_charter():
    tianjin = _plain(
        draft_charter(_example("tianjin-mechanical-engineering-society.yaml")).markdown
    )
    assert "理事人数不超过会员代表人数的三分之一" in tianjin
    assert "四分之三以上" in tianjin and "在理事会层面建立党委" in tianjin
    jiangsu = _plain(draft_charter(_example("jiangsu-instrument-society.yaml")).markdown)
    assert "秘书长任期届满时年龄不超过70周岁" in jiangsu
    assert "《民间非营利组织会计制度》" in jiangsu
    assert "按照会员数的1‰至5‰配备，不少于3人" in jiangsu


def test_quorum_and_majorities_in_the_charter_match_the_resolution_rules():
    text = _plain(draft_charter(_example("henan-computer-society.yaml")).markdown)
    assert "会员代表大会须有三分之二以上的会员代表出席方能召开" in text
    assert "到会会员代表过半数表决通过" in text
    assert "理事会须有三分之二以上的理事出席方能召开，其决议须经到会理事三分之二以上" in text


def test_article_for_gives_the_text_the_audit_can_propose():
    profile = _example("henan-computer-society.yaml")
    text = article_for("council.max_size", profile)
    assert text.startswith("第二十二条　理事会是会员代表大会的执行机构") and "150人" in text
    assert article_for("supervisory_board.min_size", profile).startswith("第四十")
    assert article_for("no.such.subject", profile) == ""


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_duties_cover_every_role(path):
    profile = load_profile(path)
    text = _plain(build(profile, "duties").markdown)
    leader = profile.governance.leader_title
    for role in (
        "法定代表人岗位职责",
        f"{leader}岗位职责",
        f"副{leader}岗位职责",
        "秘书长岗位职责",
        "副秘书长岗位职责",
        "工作委员会岗位职责",
        "专业委员会岗位职责",
    ):
        assert role in text, role
    assert ("监事长岗位职责" if profile.governance.supervisors >= 3 else "监事岗位职责") in text
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_resolution_of_the_example_is_generated(path):
    profile = load_profile(path)
    assert len(profile.meetings) >= 9
    for kind, facts in profile.meetings.items():
        text = _plain(build(profile, "resolution", kind).markdown)
        assert profile.name in text and str(facts["place"]) in text
        if "ballots" in facts:  # elections: each person's own count
            first = facts["ballots"][0].split()
            assert f"{first[0]}（{first[1]}票）" in text
        else:
            assert f"赞成{facts['votes_for']}票" in text
        assert not re.search(r"年0\d月|月0\d日", text)
        assert "{{" not in text and "{%" not in text


def test_there_are_ten_resolution_kinds_each_with_its_facts():
    kinds = resolution_kinds()
    assert len(kinds) >= 10
    for kind in kinds.values():
        keys = [f.key for f in kind.all_facts()]
        assert {
            "date",
            "place",
            "due",
            "present",
            "votes_for",
            "votes_against",
            "abstaining",
        } <= set(keys)


def _meeting(kind: str, **changes) -> tuple[object, dict]:
    profile = _example("henan-computer-society.yaml")
    facts = dict(profile.meetings[kind], **changes)
    return profile, facts


def test_resolution_without_quorum_is_refused_with_the_reason():
    profile, facts = _meeting(
        "adopt_charter", present=150, votes_for=150, votes_against=0, abstaining=0
    )
    with pytest.raises(InputError, match="至少须实到200人，实到150人，未达到法定人数"):
        build(profile, "resolution", "adopt_charter", facts)


def test_charter_needs_two_thirds_of_those_present():
    profile, facts = _meeting(
        "adopt_charter", present=240, votes_for=159, votes_against=60, abstaining=21
    )
    with pytest.raises(InputError, match="三分之二以上表决通过，实到240人，至少须160票赞成"):
        build(profile, "resolution", "adopt_charter", facts)
    facts["votes_for"], facts["votes_against"] = 160, 59
    assert "赞成160票" in build(profile, "resolution", "adopt_charter", facts).markdown


def test_reports_need_more_than_half_of_those_present():
    profile, facts = _meeting(
        "approve_reports", present=240, votes_for=120, votes_against=100, abstaining=20
    )
    with pytest.raises(InputError, match="过半数表决通过，实到240人，至少须121票赞成"):
        build(profile, "resolution", "approve_reports", facts)


def test_fees_need_a_secret_ballot():
    profile, facts = _meeting("set_fees", secret_ballot=False)
    with pytest.raises(InputError, match="无记名投票"):
        build(profile, "resolution", "set_fees", facts)


def test_appointing_a_secretary_general_is_refused_when_the_charter_elects_one():
    profile = _example("henan-computer-society.yaml")
    facts = dict(profile.meetings["elect_leaders"])
    for key in ("term_number", "president", "vice_presidents", "secretary_general"):
        facts.pop(key)
    facts.update(secretary_general="吴涛", term_start="2026-11-22", term_end="2031-11-21")
    with pytest.raises(InputError, match="秘书长实行选任制"):
        build(profile, "resolution", "appoint_secretary_general", facts)


def test_meeting_facts_are_checked_against_the_profile():
    profile, facts = _meeting("elect_leaders", due=120)
    with pytest.raises(InputError, match="应到人数 120 与学会信息不符"):
        build(profile, "resolution", "elect_leaders", facts)
    profile, facts = _meeting("elect_council_supervisors")
    facts["supervisors"] = facts["supervisors"][:2]
    with pytest.raises(InputError, match="当选监事 2 名，与章程规定的监事人数 3 名不符"):
        build(profile, "resolution", "elect_council_supervisors", facts)
    profile, facts = _meeting("adopt_charter", votes_for=300)
    with pytest.raises(InputError, match="多于实到人数"):
        build(profile, "resolution", "adopt_charter", facts)
    profile, facts = _meeting("adopt_charter")
    del facts["place"]
    with pytest.raises(InputError, match="缺少 place（会议地点）"):
        build(profile, "resolution", "adopt_charter", facts)


def test_hostile_user_text_stays_literal(tmp_path):
    data = _data("henan-computer-society.yaml")
    data["name"] = "河南省*计算机*学会<b>&amp;"
    data["address"] = "郑州市\n# 科学大道 | 100号"
    data["business_scope"][0] = "1. 开展 [学术](http://x) 交流 {{ p.name }}"
    profile = profile_from_dict(data)
    document = build(profile, "charter")
    md = document.markdown
    assert "\n# 科学大道" not in md and "\n1. 开展" not in md
    path = generate(profile, "charter", tmp_path, fmt="docx").path
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "河南省*计算机*学会<b>&amp;" in text
    assert "郑州市 # 科学大道 | 100号" in text
    assert "1. 开展 [学术](http://x) 交流 {{ p.name }}" in text
    html = generate(profile, "charter", tmp_path, fmt="html").path.read_text(encoding="utf-8")
    assert "<b>&amp;" not in html and "&lt;b&gt;&amp;amp;" in html


def test_profile_with_errors_is_refused_unless_forced(tmp_path):
    data = _data("henan-computer-society.yaml")
    data["governance"]["supervisors"] = 0
    profile = profile_from_dict(data)
    out = tmp_path / "out"
    with pytest.raises(XuehuiError, match="不符合约束本会的规定，未生成文件"):
        generate(profile, "charter", out, fmt="md")
    assert not out.exists()
    result = generate(profile, "charter", out, fmt="md", force=True)
    assert result.forced
    text = result.path.read_text(encoding="utf-8")
    assert "# 合规检查结果" in text and "设立监事会或监事" in text


def test_existing_file_is_kept_without_overwrite(tmp_path):
    profile = _example("jiangsu-instrument-society.yaml")
    path = generate(profile, "duties", tmp_path, fmt="md").path
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(XuehuiError, match="--overwrite"):
        generate(profile, "duties", tmp_path, fmt="md")
    assert path.read_text(encoding="utf-8") == "mine"
    generate(profile, "duties", tmp_path, fmt="md", overwrite=True)
    assert path.read_text(encoding="utf-8") != "mine"


def test_word_files_of_a_full_set_open_and_carry_the_values(tmp_path):
    profile = _example("guangdong-biomedical-engineering-society.yaml")
    results = generate_all(profile, tmp_path, fmt="docx")
    assert len(results) == 3 + len(profile.meetings)
    for result in results:
        document = docx.Document(str(result.path))
        text = "\n".join(p.text for p in document.paragraphs)
        assert profile.name in text
        assert "{{" not in text and "{%" not in text
    charter = docx.Document(str(results[0].path))
    assert not charter.tables  # the charter filed with 民政 carries no drafting table
    assert results[1].path.name == f"{profile.name}章程条款依据对照表.docx"
    basis = docx.Document(str(results[1].path))
    cells = [c.text for t in basis.tables for row in t.rows for c in row.cells]
    assert "本章程条款" in cells and any(
        c.startswith("《关于进一步加强新时代广东省科协学会工作") for c in cells
    )


runner = CliRunner()


def test_cli_generates_charter_and_lists_resolution_kinds(tmp_path):
    result = runner.invoke(
        app,
        [
            "generate",
            "charter",
            "--profile",
            str(ROOT / "examples" / "tianjin-mechanical-engineering-society.yaml"),
            "--out",
            str(tmp_path),
            "--format",
            "md",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    path = Path(json.loads(result.stdout)["path"])
    assert path.read_text(encoding="utf-8").startswith("# 天津市机械工程学会章程")
    listing = runner.invoke(app, ["generate", "resolution", "--list", "--json"])
    kinds = json.loads(listing.stdout)
    assert len(kinds) >= 10 and all(k["facts"] and k["name"] for k in kinds)


def test_cli_refuses_a_failing_vote_with_a_chinese_message(tmp_path):
    meeting = tmp_path / "meeting.yaml"
    facts = dict(
        _example("henan-computer-society.yaml").meetings["establish_branch"],
        present=50,
        votes_for=50,
        votes_against=0,
        abstaining=0,
    )
    meeting.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "generate",
            "resolution",
            "establish_branch",
            "-p",
            str(ROOT / "examples" / "henan-computer-society.yaml"),
            "-m",
            str(meeting),
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert "未达到法定人数" in str(result.exception)
    assert not (tmp_path / "out").exists()


def test_profile_new_writes_a_starter_that_check_refuses_until_filled_in(tmp_path):
    path = tmp_path / "society.yaml"
    assert runner.invoke(app, ["profile", "new", "--out", str(path)]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 学会基本情况") and '410000"' not in text  # no Henan default
    untouched = runner.invoke(app, ["check", str(path)])
    assert isinstance(untouched.exception, InputError) and "region_code" in str(untouched.exception)
    path.write_text(text.replace('region_code: ""', 'region_code: "330000"'), encoding="utf-8")
    placeholders = runner.invoke(app, ["check", str(path)])
    assert isinstance(placeholders.exception, InputError)
    message = str(placeholders.exception)
    assert "仍是样例文字" in message and "name" in message and "supervisor" in message
    filled = text.replace('region_code: ""', 'region_code: "330000"').replace("某某", "浙江")
    path.write_text(filled, encoding="utf-8")
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    schema = runner.invoke(app, ["profile", "schema"])
    assert json.loads(schema.stdout)["properties"]["name"]["description"]


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice or poppler not installed",
)
def test_charter_converts_with_libreoffice_and_renders_a_page(tmp_path):
    path = generate(_example("henan-computer-society.yaml"), "charter", tmp_path).path
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = path.with_suffix(".pdf")
    assert pdf.stat().st_size > 10_000
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    assert next(tmp_path.glob("page*.png")).stat().st_size > 5_000


def test_charter_never_states_a_cap_its_own_numbers_break():
    data = _data("henan-computer-society.yaml")
    data.update(region_code="330000", name="浙江省计算机学会")  # nothing in the corpus binds it
    data["governance"].update(council_size=99, standing_council_size=50, vice_presidents=20)
    text = _plain(draft_charter(profile_from_dict(data)).markdown)
    assert "理事人数不超过会员代表人数的三分之一" in text  # 99 of 300 representatives
    assert "常务理事人数不超过理事人数" not in text
    assert "人数合计不超过常务理事人数" not in text
    data["governance"]["council_size"] = 150
    text = _plain(draft_charter(profile_from_dict(data)).markdown)
    assert "会员代表人数的三分之一" not in text and "本届理事会由150名理事组成" in text


def test_cli_generates_the_full_set(tmp_path):
    result = runner.invoke(
        app,
        [
            "generate",
            "all",
            "-p",
            str(ROOT / "examples" / "fengxian-agricultural-society.yaml"),
            "-o",
            str(tmp_path),
            "-f",
            "md",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    paths = [Path(r["path"]) for r in data["generated"]]
    assert len(paths) == 13 and all(p.exists() for p in paths)
    assert any("聘任秘书长" in p.name for p in paths)
    skipped = {s["kind"]: s["reason"] for s in data["skipped"]}
    assert "meetings.postpone_election" in skipped["postpone_election"]
    assert skipped["representative_rules"].startswith("不适用于本会")  # a 会员大会 society


# --- issue 14: re-election steps, refusals with their reasons, the society's own words ---------
from generator.content.resolutions import Refused  # noqa: E402
from xuehui.cli import main  # noqa: E402

HENAN = "henan-computer-society.yaml"
FENGXIAN = "fengxian-agricultural-society.yaml"


def _council(profile_name: str = HENAN, **facts) -> tuple[object, dict]:
    profile = _example(profile_name)
    due = profile.governance.council_size
    base = dict(
        date="2030-09-01",
        place="学会会议室",
        session="第九届理事会第八次会议",
        due=due,
        present=due,
        votes_for=due,
        votes_against=0,
        abstaining=0,
    )
    return profile, dict(base, **facts)


def _congress(profile_name: str = HENAN, **facts) -> tuple[object, dict]:
    profile = _example(profile_name)
    due = profile.voters
    session = "第十次会员代表大会" if profile.congress == "representative" else "第八次会员大会"
    base = dict(
        date="2030-09-01",
        place="学会会议室",
        session=session,
        due=due,
        present=due,
        votes_for=due,
        votes_against=0,
        abstaining=0,
    )
    return profile, dict(base, **facts)


def _text(profile, kind: str, facts: dict) -> str:
    return _plain(build(profile, "resolution", kind, facts).markdown)


def test_postponed_election_needs_supervisor_review_and_registrar_approval_within_a_year():
    profile, facts = _council(
        term_number=9, term_end="2031-11-21", election_date="2032-05-20", reason="换届筹备未完成"
    )
    facts["date"] = "2031-09-01"
    text = _text(profile, "postpone_election", facts)
    assert "关于延期换届的决议" in text and "2032年5月20日" in text
    assert "经业务主管单位审查同意并报登记管理机关河南省民政厅批准后方可延期换届" in text
    assert "到会理事三分之二以上表决通过" in text
    with pytest.raises(Refused, match="延期换届最长不超过1年.*最晚为2032年11月21日"):
        build(profile, "resolution", "postpone_election", dict(facts, election_date="2032-12-01"))
    with pytest.raises(Refused, match="应晚于本届任期届满日期"):
        build(profile, "resolution", "postpone_election", dict(facts, election_date="2031-10-01"))
    with pytest.raises(Refused, match="至少须66票赞成"):
        build(profile, "resolution", "postpone_election", dict(facts, votes_for=65, abstaining=34))


def test_advanced_election_is_before_the_end_of_term():
    profile, facts = _council(
        term_number=9, term_end="2031-11-21", election_date="2031-03-01", reason="工作需要"
    )
    text = _text(profile, "advance_election", facts)
    assert "关于提前换届的决议" in text and "批准后方可提前换届" in text
    with pytest.raises(Refused, match="否则不是提前换届"):
        build(profile, "resolution", "advance_election", dict(facts, election_date="2032-01-01"))
    with pytest.raises(Refused, match="应晚于本次会议日期"):
        build(profile, "resolution", "advance_election", dict(facts, election_date="2030-08-01"))


def test_removal_is_decided_by_the_body_that_elected():
    profile, facts = _congress(directors=["孙浩"], supervisors=["张督"], reason="严重违反章程")
    text = _text(profile, "remove_directors", facts)
    assert "关于罢免理事、监事的决议" in text and "罢免孙浩的本会理事职务" in text
    assert "到会会员代表三分之二以上表决通过" in text
    with pytest.raises(Refused, match="至少须200票赞成"):
        build(profile, "resolution", "remove_directors", dict(facts, votes_for=199, abstaining=101))
    with pytest.raises(Refused, match="请填写被罢免的人员"):
        build(
            profile, "resolution", "remove_directors", {**facts, "directors": [], "supervisors": []}
        )
    profile, facts = _council(vice_presidents=["张伟"], reason="长期不履行职责")
    assert "罢免张伟的本会副理事长职务" in _text(profile, "remove_leaders", facts)
    # a congress session cannot remove what the council elected, and the reverse
    with pytest.raises(InputError, match="会议名称应为理事会的会议"):
        build(profile, "resolution", "remove_leaders", dict(facts, session="第十次会员代表大会"))
    profile, facts = _council(FENGXIAN, secretary_general="沈若琳", reason="不称职")
    facts["session"] = "第七届理事会第五次会议"
    with pytest.raises(Refused, match="秘书长实行聘任制，由理事会决定解聘"):
        build(profile, "resolution", "remove_leaders", facts)


def test_new_legal_representative_is_registered_within_30_days_after_an_audit():
    profile, facts = _council(
        old_representative="王建国",
        new_representative="李红梅",
        new_post="理事长",
        reason="原理事长因工作调动辞去职务",
        audit_done=True,
    )
    text = _text(profile, "change_legal_representative", facts)
    assert "关于变更法定代表人的决议" in text
    assert "自审查同意之日起30日内，向登记管理机关河南省民政厅申请法定代表人变更登记" in text
    assert "第十八条" in text and "备案" not in text
    with pytest.raises(Refused, match="更换法定代表人之前必须进行财务审计"):
        build(profile, "resolution", "change_legal_representative", dict(facts, audit_done=False))
    with pytest.raises(Refused, match="本会章程规定由理事长担任法定代表人.*须先修改章程"):
        build(profile, "resolution", "change_legal_representative", dict(facts, new_post="秘书长"))


def test_representative_rules_follow_the_charter():
    profile, facts = _council(
        term_number=10,
        representatives=300,
        allocation=["高等院校 120名", "科研院所 80名", "企业 100名"],
        method=["各会员单位和个人会员推荐", "秘书处资格审查", "理事会确认并公示"],
    )
    text = _text(profile, "representative_rules", facts)
    assert "关于通过第十届会员代表产生办法的决议" in text and "名额为300名" in text
    with pytest.raises(Refused, match="会员代表名额 280 名与章程规定的 300 名不符"):
        build(profile, "resolution", "representative_rules", dict(facts, representatives=280))
    profile, facts = _council(FENGXIAN, **{k: facts[k] for k in ("term_number", "allocation")})
    facts.update(session="第七届理事会第五次会议", representatives=60, method=["推荐"])
    with pytest.raises(Refused, match="本会实行会员大会制度"):
        build(profile, "resolution", "representative_rules", facts)


def test_leaders_are_elected_from_the_directors_one_by_one():
    profile, facts = _meeting("elect_leaders")
    text = _text(profile, "elect_leaders", facts)
    assert "选举王建国（89票）为本会第九届理事长" in text
    assert "选举吴涛（83票）为本会秘书长" in text and "理事会秘书长" not in text
    assert "周岁" not in text  # no age is certified without the ages
    assert "申请法定代表人变更登记" in text
    stranger = dict(facts, president="钱多多", ballots=[*facts["ballots"], "钱多多 80"])
    with pytest.raises(Refused, match="钱多多 不是本届理事.*从理事中选举产生"):
        build(profile, "resolution", "elect_leaders", stranger)
    short = [b if not b.startswith("张伟") else "张伟 59" for b in facts["ballots"]]
    with pytest.raises(Refused, match="每名当选人至少须得60票，张伟（59票）未达到"):
        build(profile, "resolution", "elect_leaders", dict(facts, ballots=short))
    with pytest.raises(InputError, match="缺少当选人的得票：吴涛"):
        build(profile, "resolution", "elect_leaders", dict(facts, ballots=facts["ballots"][:-1]))
    names = [facts["president"], *facts["vice_presidents"], facts["secretary_general"]]
    ages = [f"{n} 55" for n in names]
    assert "均不超过70周岁" in _text(profile, "elect_leaders", dict(facts, ages=ages))
    with pytest.raises(Refused, match="王建国（71周岁，上限70周岁）"):
        build(profile, "resolution", "elect_leaders", dict(facts, ages=["王建国 71", *ages[1:]]))
    with pytest.raises(InputError, match="会议名称应为理事会的会议"):
        build(profile, "resolution", "elect_leaders", dict(facts, session="第九次会员代表大会"))


def test_elect_leaders_without_any_list_of_directors_is_refused():
    data = _data(HENAN)
    del data["meetings"]["elect_council_supervisors"]
    profile = profile_from_dict(data)
    with pytest.raises(Refused, match="无法核对当选人是否为本届理事"):
        build(profile, "resolution", "elect_leaders", data["meetings"]["elect_leaders"])


def test_resolutions_use_the_societys_own_words():
    fengxian = _example(FENGXIAN)
    document = build(fengxian, "resolution", "elect_leaders")
    assert document.stem.startswith("上海市奉贤区农学会关于选举会长、副会长的决议")
    assert "理事长" not in document.markdown
    assert resolution_kinds()["elect_leaders"].title_for(fengxian) == "理事会选举会长、副会长的决议"
    henan = _example(HENAN)
    elect = _plain(build(henan, "resolution", "elect_council_supervisors").markdown)
    assert "关于选举第九届理事会理事和监事的决议" in elect and "理事和监事会" not in elect
    reports = _plain(build(henan, "resolution", "approve_reports").markdown)
    assert "》、《" not in reports and "》《" in reports
    fees = _plain(build(henan, "resolution", "set_fees").markdown)
    assert "本会会费标准自" in fees and "本会费标准" not in fees


def test_charter_wording_a_registrar_accepts():
    henan = _plain(draft_charter(_example(HENAN)).markdown)
    assert "每年至少召开一次会议" in henan and "每届至少召开" not in henan
    assert "经理事会或常务理事会表决通过，设立分支机构" in henan  # the power is delegated
    assert "接受党建工作机构中共河南省科学技术协会党组的领导" in henan
    assert "党组的业务指导和监督管理" not in henan
    assert "三议一公布" in henan  # binding on a Henan society
    assert not re.search(r"会费标准为|每年\d+元", henan)  # fees: by congress resolution
    fengxian = _plain(draft_charter(_example(FENGXIAN)).markdown)
    assert "三议一公布" not in fengxian and "提出动议，经党组织研究" not in fengxian
    assert "“三重一大”制度" in fengxian  # what the Fengxian rules do ask
    data = _data(HENAN)
    data.update(name="浙江省计算机学会", region_code="330000")
    data["members"]["unit_members"] = 0
    individuals = _plain(draft_charter(profile_from_dict(data)).markdown)
    assert "单位会员" not in individuals and "会员单位" not in individuals
    data["members"].update(individual_classes=[], unit_members=data["members"]["count"], fellows=0)
    units = _plain(draft_charter(profile_from_dict(data)).markdown)
    assert "本会的会员种类为单位会员。" in units and "个人会员" not in units


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_exit_codes_a_failed_vote_is_1_an_unreadable_meeting_file_is_2(tmp_path, capsys):
    meeting = tmp_path / "meeting.yaml"
    facts = dict(_example(HENAN).meetings["establish_branch"], present=50, votes_for=50)
    facts.update(votes_against=0, abstaining=0)
    meeting.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    args = ["generate", "resolution", "establish_branch", "-p", str(ROOT / "examples" / HENAN)]
    code, _, err = _cli(capsys, *args, "-m", str(meeting), "-o", str(tmp_path / "out"))
    assert code == 1 and "未达到法定人数" in err and str(meeting) in err
    meeting.write_text("date: [", encoding="utf-8")
    code, _, err = _cli(capsys, *args, "-m", str(meeting), "-o", str(tmp_path / "out"))
    assert code == 2 and "格式有误" in err


def test_help_screens_and_typos_are_in_chinese(capsys):
    code, out, _ = _cli(capsys, "generate", "charter", "--help")
    assert code == 0 and "用法：xuehui generate charter [选项]" in out
    for english in ("Usage", "Options", "Show this message", "[required]", "[default"):
        assert english not in out, english
    assert "显示本帮助并退出" in out and "选项" in out
    assert "<路径>" in out and "<path>" not in out and "<bool>" not in out
    code, _, err = _cli(capsys, "generat")
    assert code == 2 and "没有命令 generat（是否想用 generate）" in err and "Did you" not in err


def test_generate_all_says_which_resolutions_it_skipped_and_why(tmp_path, capsys):
    data = _data(HENAN)
    data["meetings"] = {}
    profile = tmp_path / "society.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / ("一个很长的输出文件夹名称" * 4)
    code, stdout, _ = _cli(capsys, "generate", "all", "-p", str(profile), "-o", str(out))
    assert code == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(
        [
            "河南省计算机学会章程.docx",
            "河南省计算机学会章程条款依据对照表.docx",
            "河南省计算机学会岗位职责.docx",
        ]
    )
    for name in written:  # one line each, never folded mid-name when piped
        assert f"已生成 {out / name}" in stdout.splitlines()
    assert f"未生成以下 {len(resolution_kinds())} 类决议" in stdout
    assert (
        "adopt_charter（会员代表大会通过章程的决议）：学会信息中没有会议情况 meetings.adopt_charter"
        in stdout
    )
    assert "appoint_secretary_general（理事会聘任秘书长的决议）：不适用于本会" in stdout
    assert "--meeting" in stdout and "examples/meetings/" in stdout


@pytest.mark.parametrize(
    "path", sorted((ROOT / "examples" / "meetings").glob("*.yaml")), ids=lambda p: p.stem
)
def test_commented_meeting_examples_generate_their_resolution(path):
    facts = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8").count("\n# ") >= 5  # commented line by line
    document = build(_example(HENAN), "resolution", path.stem, facts)
    assert document.stem.startswith("河南省计算机学会关于")


def test_only_those_elected_can_be_removed_and_fees_fit_the_member_kinds():
    profile, facts = _congress(directors=["不认识"], reason="严重违反章程")
    with pytest.raises(Refused, match="不认识 不是本会理事"):
        build(profile, "resolution", "remove_directors", facts)
    data = _data(HENAN)
    data.update(name="浙江省计算机学会", region_code="330000")
    data["members"]["unit_members"] = 0
    with pytest.raises(Refused, match="本会不设单位会员.*单位会员"):
        build(profile_from_dict(data), "resolution", "set_fees")


def test_ballots_read_as_lines_or_a_mapping_and_bad_lines_are_named():
    profile, facts = _meeting("elect_leaders")
    as_mapping = {b.split()[0]: int(b.split()[1]) for b in facts["ballots"]}
    text = _text(profile, "elect_leaders", dict(facts, ballots=as_mapping))
    assert "王建国（89票）" in text
    with_colons = [b.replace(" ", "：") + "票" for b in facts["ballots"]]
    assert "王建国（89票）" in _text(profile, "elect_leaders", dict(facts, ballots=with_colons))
    with pytest.raises(InputError, match="ballots（每名当选人的赞成票.*应为每行“姓名 数字”"):
        build(profile, "resolution", "elect_leaders", dict(facts, ballots=["王建国 八十九"]))
