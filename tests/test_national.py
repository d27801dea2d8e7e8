"""The national floor (issue 9): the regulation, the Civil Code and the model charter bind every
society in `check`, `generate` and `audit`, through one rule engine with four tiers."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import kb
from generator import check, generate, load_profile, profile_from_dict
from generator.audit import audit, audit_text
from generator.rules.findings import STATUS_LABELS, TIER_LABELS, Finding
from kb.provisions import load_provisions
from xuehui.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HANGZHOU = EXAMPLES / "hangzhou-artificial-intelligence-society.yaml"
HENAN = EXAMPLES / "henan-computer-society.yaml"
CHARTERS = ROOT.parent / "shared" / "charters"
NATIONAL = ("minfadian-2020", "shetuan-tiaoli-2016")
runner = CliRunner()


def _data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _with(data: dict, changes: dict) -> dict:
    data = copy.deepcopy(data)
    for key, value in changes.items():
        node = data
        *parts, last = key.split(".")
        for part in parts:
            node = node[part]
        node[last] = value
    return data


# ---------------------------------------------------------------- provisions
def test_every_national_quote_is_verbatim_in_its_clause():
    corpus = kb.load_corpus()
    national = [p for p in load_provisions() if p.doc_id in NATIONAL]
    assert len(national) >= 20
    for p in national:
        assert p.quote in corpus.clause(p.clause_id).text, p.id


@pytest.mark.parametrize(
    "doc_id,article",
    [
        ("shetuan-tiaoli-2016", "第十条"),
        ("shetuan-tiaoli-2016", "第十四条"),
        ("shetuan-tiaoli-2016", "第十七条"),
        ("shetuan-tiaoli-2016", "第十八条"),
        ("minfadian-2020", "第九十一条"),
        ("minfadian-2020", "第六十一条"),
    ],
)
def test_the_articles_the_issue_names_are_coded(doc_id, article):
    corpus = kb.load_corpus()
    cited = [corpus.clause(p.clause_id).citation for p in load_provisions() if p.doc_id == doc_id]
    assert any(f"》{article}" in c for c in cited), (doc_id, article)


def test_the_model_charter_rules_name_their_source():
    from generator.rules.compliance import model_rules

    rules = model_rules()
    assert len(rules) >= 15
    for rule in rules:
        assert rule["source"].startswith("《社会团体章程示范文本》"), rule["id"]
        assert rule["modality"] in ("must", "shall", "generally", "may"), rule["id"]


# ---------------------------------------------------------------- jurisdiction
def test_jurisdiction_command_lists_the_national_texts_for_hangzhou():
    result = runner.invoke(
        app, ["jurisdiction", "--region-code", "330100", "--level", "prefectural", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["binding"] == list(NATIONAL)


# ---------------------------------------------------------------- check
VARIANTS = {
    "term_8_years": ({"governance.term_years": 8}, "model/term_years", "5年"),
    "age_75": ({"governance.president_max_age": 75}, "model/president_age", "70周岁"),
    "three_terms": ({"governance.max_consecutive_terms": 3}, "model/consecutive_terms", "两届"),
    "no_council_meeting": (
        {"governance.council_meetings_per_year": 0},
        "model/council_meetings",
        "每年至少召开一次",
    ),
    "161_directors_for_300": (
        {
            "governance.council_size": 161,
            "governance.standing_council_size": 40,
            "members.count": 3600,
            "members.representatives": 300,
        },
        "model/council_ratio",
        "三分之一",
    ),
    "20_members": (
        {
            "members.count": 20,
            "members.unit_members": 0,
            "members.representatives": None,
            "congress": "general",
        },
        "shetuan-tiaoli-2016/p01",
        "50",
    ),
    "5000_yuan": ({"funds": 5000}, "shetuan-tiaoli-2016/p06", "3万元"),
    "no_supervisors": ({"governance.supervisors": 0}, "model/supervisors", "监事"),
}


@pytest.mark.parametrize("example", [HANGZHOU, HENAN], ids=["hangzhou", "henan"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_check_exits_1_citing_the_rule_and_saying_what_to_change(tmp_path, example, variant):
    changes, rule_id, words = VARIANTS[variant]
    path = tmp_path / "profile.yaml"
    data = _with(_data(example), changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    (finding,) = [f for f in findings if f["id"] == rule_id]
    assert finding["is_error"] and finding["status"] == "violated"
    assert finding["tier_label"] in ("法律法规", "示范文本（登记机关审查要求）")
    assert words in finding["rule"]
    assert "请修改学会信息" in finding["message"]
    if finding["tier"] == "law":
        corpus = kb.load_corpus()
        assert finding["citation"] == corpus.clause(finding["clause_id"]).citation
        assert finding["citation"].startswith("《社会团体登记管理条例》第十条")


def test_a_hangzhou_society_checks_clean_and_generates(tmp_path):
    profile = load_profile(HANGZHOU)
    findings = check(profile)
    assert not [f.message for f in findings if f.is_error]
    law = [f for f in findings if f.tier == "law"]
    assert law and all(f.binding for f in law)
    assert {f.doc_id for f in law} == set(NATIONAL)
    generated = generate(profile, "charter", tmp_path)
    assert generated.path.exists() and not generated.forced


def test_every_finding_names_its_tier_in_chinese_and_one_status_vocabulary():
    findings = check(load_profile(HENAN))
    assert {f.tier for f in findings} == set(TIER_LABELS)
    for f in findings:
        assert f.tier_label == TIER_LABELS[f.tier] and f.status in STATUS_LABELS
        assert f.to_dict()["tier_label"] == f.tier_label


def test_check_and_audit_share_one_finding_class():
    import generator.audit as audit_package
    from generator.rules import compliance

    assert audit_package.Finding is Finding is compliance.Finding
    report = audit_text("第一条　本会名称为测试学会。", region_code="330100", level="prefectural")
    assert all(isinstance(f, Finding) for f in report.findings)


# ---------------------------------------------------------------- never certify the unsaid
def test_a_satisfied_charter_rule_names_the_article_that_states_it():
    for f in check(load_profile(HANGZHOU)):
        if f.status == "satisfied" and f.fact_key and f.fact_key.startswith("charter."):
            assert f.article and f.article.startswith("第") and f.current, f.id
            assert "已载明，符合" in f.message


def test_fengxians_allowance_cap_is_not_satisfied_by_a_charter_that_never_mentions_it():
    text = (EXAMPLES.parent / "tests" / "fixtures" / "charters" / "clean.txt").read_text("utf-8")
    text = text.replace("伙食费", "").replace("交通费", "")
    report = audit_text(text, region_code="310120", level="county")
    (finding,) = [f for f in report.findings if f.id == "fengxian-2019/p42"]
    # a rule of how the society spends (规范经费的使用): never "符合" unsaid, and not a defect
    # of the charter either — a person checks it
    assert finding.status == "unknown" and finding.article is None
    assert "另行核对" in finding.message


def test_fengxians_allowance_cap_is_stated_by_the_generated_charter():
    findings = check(load_profile(EXAMPLES / "fengxian-agricultural-society.yaml"))
    (finding,) = [f for f in findings if f.id == "fengxian-2019/p42"]
    assert finding.status == "satisfied" and finding.article
    assert "伙食费和交通费不得超过财政规定标准" in finding.current


# ---------------------------------------------------------------- misreadings (item 6)
def test_jiangsus_staff_share_is_a_benchmark_with_a_floor_of_three():
    data = _data(EXAMPLES / "jiangsu-instrument-society.yaml")
    data = _with(data, {"members.count": 500, "members.representatives": None})
    data = _with(data, {"congress": "general", "governance.secretariat_staff": 3})
    data["members"]["unit_members"] = min(data["members"]["unit_members"], 100)
    data["members"]["fellows"] = 0
    findings = check(profile_from_dict(data))
    share = [f for f in findings if f.subject == "secretariat.staff_per_member" and f.binding]
    assert share and all(f.status == "satisfied" for f in share)
    assert all(f.severity == "warning" for f in share)  # 按照…配备: a benchmark, not 须


def test_fengxians_approval_for_a_third_term_is_a_must():
    (prov,) = [p for p in load_provisions() if p.id == "fengxian-2019/p24"]
    assert prov.modality == "must" and "须经区科协和区社团局审查同意" in prov.quote


# ---------------------------------------------------------------- audit
@pytest.mark.parametrize(
    "name,region_code,level",
    [
        ("zgbhxfzjjh-cfcp.txt", "110102", "national"),
        ("zggjgxh-kongjian-jiegou-fenhui.txt", "100000", "national"),
        ("hunan-zhongyaocai-chanye-lianmeng.txt", "430000", "provincial"),
        ("shaoguan-jisuanji-xuehui.txt", "440200", "prefectural"),
        ("zhongguo-zhiye-jishu-jiaoyu-xuehui.txt", "110000", "national"),
        ("zgwxhxh-shenjingbianxingbing-zwh.txt", "110106", "national"),
        ("zgxctjyjh-zhiliang-fenhui.txt", "110108", "national"),
        ("shanxi-wenhua-zhiyuanzhe-xiehui.txt", "140000", "provincial"),
    ],
)
def test_real_charters_fail_the_national_floor_and_every_finding_names_its_tier(
    name, region_code, level
):
    path = CHARTERS / name
    if not path.exists():
        pytest.skip("shared/charters not beside the repository")
    report = audit(path, region_code=region_code, level=level, propose=False)
    assert report.exit_code == 1
    failing = [f for f in report.findings if report.fails(f)]
    failing_problems = [p for p in report.problems if p.tier == "law"]
    if name != "shanxi-wenhua-zhiyuanzhe-xiehui.txt":  # its three chapters meet the law
        assert any(f.tier == "law" for f in failing) or failing_problems
    assert all(f.tier_label in TIER_LABELS.values() for f in report.findings)


def test_audit_force_lets_the_model_tier_pass_but_not_the_law(tmp_path):
    profile = load_profile(HANGZHOU)
    from generator.content.documents import charter_document

    path = tmp_path / "charter.md"
    text = charter_document(profile).render("md").decode("utf-8")
    assert "每届5年" in text
    path.write_text(text.replace("每届5年", "每届8年"), encoding="utf-8")
    report = audit(path, profile=profile, propose=False)
    assert report.exit_code == 1
    assert {f.tier for f in report.findings if report.fails(f)} == {"model"}
    forced = audit(path, profile=profile, propose=False, force=True)
    assert forced.exit_code == 0
    result = runner.invoke(app, ["audit", str(path), "--profile", str(HANGZHOU), "--force"])
    assert result.exit_code == 0 and "--force" in result.stdout


# ---------------------------------------------------------------- self-consistent documents
def test_a_zero_count_meeting_is_never_written_even_when_forced(tmp_path):
    from kb.errors import XuehuiError

    profile = profile_from_dict(_with(_data(HANGZHOU), {"governance.council_meetings_per_year": 0}))
    out = tmp_path / "out"
    out.mkdir()
    for force in (False, True):
        with pytest.raises(XuehuiError, match="零次会议"):
            generate(profile, "charter", out, force=force)
    assert list(out.iterdir()) == []


def test_a_forced_charter_keeps_the_cap_it_breaks_and_annexes_the_findings(tmp_path):
    data = _with(_data(HANGZHOU), {"governance.council_size": 60})  # 60 of 150 representatives
    generated = generate(profile_from_dict(data), "charter", tmp_path, fmt="md", force=True)
    text = generated.path.read_text(encoding="utf-8")
    assert generated.forced and "不超过会员代表人数的三分之一" in text
    assert "合规检查结果" in text and "示范文本（登记机关审查要求）" in text
