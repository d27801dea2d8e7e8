"""Compliance: every applicable provision judged, severity from wording and jurisdiction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import kb
from generator import check, evaluate, load_profile, profile_facts, profile_from_dict
from generator.rules.compliance import checks, derive_facts, has_errors
from kb.provisions import load_provisions
from xuehui.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _profile(name: str, **changes) -> object:
    data = yaml.safe_load((ROOT / "examples" / name).read_text(encoding="utf-8"))
    for path, value in changes.items():
        section, _, field = path.partition("__")
        if field:
            data[section][field] = value
        else:
            data[section] = value
    return profile_from_dict(data)


def _find(findings, subject):
    """The binding corpus provisions on ``subject`` (the model charter's tier aside)."""
    return [f for f in findings if f.subject == subject and f.binding and f.source == "provision"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_profile_violates_nothing_that_binds_it(path):
    findings = check(load_profile(path))
    bad = [f.message for f in findings if f.binding and f.status == "violated"]
    assert bad == []
    assert any(f.binding for f in findings)


def test_council_over_henans_cap_is_a_warning_citing_the_clause():
    findings = check(_profile("henan-computer-society.yaml", governance__council_size=160))
    (finding,) = _find(findings, "council.max_size")
    assert finding.status == "violated" and finding.severity == "warning"  # 一般不超过
    assert "150" in finding.message and "160" in finding.message
    assert finding.citation.startswith("《河南省科协学会治理与服务改革创新工程实施方案》")


def test_standing_council_over_a_third_is_flagged_for_henan():
    findings = check(_profile("henan-computer-society.yaml", governance__standing_council_size=40))
    (finding,) = _find(findings, "standing_council.max_ratio_of_council")
    assert finding.status == "violated" and finding.severity == "warning"  # 原则上


def test_no_supervisors_is_an_error_for_henan():
    findings = check(_profile("henan-computer-society.yaml", governance__supervisors=0))
    errors = [f for f in findings if f.is_error]
    assert any(f.subject == "supervisors.required" for f in errors)
    assert has_errors(findings)


def test_two_supervisors_satisfy_henan_but_not_fengxians_board():
    henan = check(_profile("henan-computer-society.yaml", governance__supervisors=2))
    assert not [f for f in henan if f.binding and f.status == "violated"]
    fengxian = check(_profile("fengxian-agricultural-society.yaml", governance__supervisors=2))
    assert any(f.subject == "supervisors.required" and f.is_error for f in fengxian)


def test_fengxian_president_over_seventy_is_an_error():
    findings = check(
        _profile("fengxian-agricultural-society.yaml", governance__president_max_age=75)
    )
    (finding,) = _find(findings, "president.max_age")
    assert (
        finding.is_error
        and "《奉贤区科学技术协会所属科技社团组织改革实施细则》" in finding.citation
    )


def test_fengxian_third_term_is_an_error_because_it_needs_the_districts_approval():
    # 连任一般不超过两届，因特殊情况需继续连任的，须经区科协和区社团局审查同意方可任职
    findings = check(
        _profile("fengxian-agricultural-society.yaml", governance__max_consecutive_terms=3)
    )
    (finding,) = _find(findings, "leaders.max_consecutive_terms")
    assert finding.status == "violated" and finding.is_error and finding.tier == "regional"


def test_fengxian_representative_congress_needs_more_than_300_members():
    data_profile = _profile(
        "fengxian-agricultural-society.yaml",
        congress="representative",
        members={
            "count": 186,
            "unit_members": 12,
            "individual_classes": ["普通会员"],
            "representatives": 90,
        },
    )
    findings = check(data_profile)
    (finding,) = _find(findings, "congress.representative_min_members")
    assert finding.status == "violated"


def test_tianjin_council_over_a_third_of_representatives_is_an_error():
    findings = check(
        _profile("tianjin-mechanical-engineering-society.yaml", governance__council_size=90)
    )
    (finding,) = _find(findings, "council.max_ratio_of_representatives")
    assert finding.is_error


def test_jiangsu_secretariat_needs_three_staff():
    findings = check(_profile("jiangsu-instrument-society.yaml", governance__secretariat_staff=2))
    assert any(f.subject == "secretariat.min_staff" and f.is_error for f in findings)


def test_provisions_of_documents_that_do_not_bind_are_advice():
    findings = check(load_profile(ROOT / "examples" / "henan-computer-society.yaml"))
    others = [f for f in findings if not f.binding]
    assert others and {f.severity for f in others} == {"advice"}
    assert all(f.doc_id != "henan-2018" for f in others)


def test_severity_follows_the_wording_of_binding_rules():
    findings = check(load_profile(ROOT / "examples" / "henan-computer-society.yaml"))
    expected = {
        "must": "error",
        "shall": "error",
        "in_principle": "warning",
        "generally": "warning",
        "may": "advice",
        "encouraged": "advice",
    }
    for f in findings:
        if f.binding:
            assert f.severity == expected[f.modality]


def test_every_finding_quotes_its_clause_verbatim():
    corpus = kb.load_corpus()
    for f in check(load_profile(ROOT / "examples" / "jiangsu-instrument-society.yaml")):
        if f.tier == "model":  # the model charter is not in the corpus: its source is named
            assert f.citation.startswith("《社会团体章程示范文本》") and not f.clause_id
            continue
        assert f.quote in corpus.clause(f.clause_id).text
        assert f.citation == corpus.clause(f.clause_id).citation


def test_missing_facts_are_absent_never_satisfied():
    findings = evaluate({"region_code": "410000", "level": "provincial"}, "410000", "provincial")
    (council,) = _find(findings, "council.max_size")
    assert council.status == "absent" and council.severity == "warning"
    assert not [f for f in findings if f.status == "satisfied" and f.subject != "charter.required"]
    (legal,) = _find(findings, "legal_representative.holder")
    assert legal.status == "absent" and legal.is_error and legal.tier == "law"
    assert has_errors(findings)


def test_facts_read_from_a_charter_are_judged_by_the_same_rules():
    facts = {"region_code": "120000", "level": "provincial", "charter.council_max_ratio": 0.5}
    (finding,) = _find(
        evaluate(facts, "120000", "provincial"), "council.max_ratio_of_representatives"
    )
    assert finding.status == "violated" and finding.is_error
    facts["charter.council_max_ratio"] = "1/3"
    (finding,) = _find(
        evaluate(facts, "120000", "provincial"), "council.max_ratio_of_representatives"
    )
    assert finding.status == "satisfied"


def test_profile_facts_are_a_flat_mapping_of_field_paths():
    facts = profile_facts(
        load_profile(ROOT / "examples" / "tianjin-mechanical-engineering-society.yaml")
    )
    assert facts["governance.council_size"] == 78
    assert facts["congress.voters"] == 240 and facts["leaders.count"] == 8
    assert facts["party.council_level"] == "党委"


def test_every_provision_subject_has_a_check_rule():
    rules = checks()
    skipped = set(rules["not_about_the_society"])
    others = tuple(rules["other_parties"])
    for prov in load_provisions():
        if prov.subject in skipped or (prov.binds or "").startswith(others):
            continue
        assert prov.subject in rules["subjects"], prov.subject


def test_every_fact_a_rule_reads_can_come_from_a_profile_or_a_charter():
    rules = checks()
    audit = yaml.safe_load(
        (ROOT / "generator" / "data" / "charter_facts.yaml").read_text(encoding="utf-8")
    )
    audit_keys = {f["key"] for f in audit["facts"]}
    known = set(
        profile_facts(
            load_profile(ROOT / "examples" / "guangdong-biomedical-engineering-society.yaml")
        )
    )
    known |= set(rules["derived"]) | audit_keys
    known |= set(derive_facts({}))
    for subject, spec in rules["subjects"].items():
        keys = spec["fact"] if isinstance(spec["fact"], list) else [spec["fact"]]
        for key in [*keys, *(spec.get("alt") or []), spec.get("per"), spec.get("when")]:
            if key:
                assert key in known or key.startswith(("members.", "governance.")), (subject, key)


runner = CliRunner()


def test_check_command_exits_zero_for_a_compliant_profile_and_prints_json():
    result = runner.invoke(
        app, ["check", str(ROOT / "examples" / "henan-computer-society.yaml"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["errors"] == 0 and data["findings"]
    assert {"status", "severity", "citation", "quote", "message"} <= set(data["findings"][0])


def test_check_command_exits_one_on_an_error(tmp_path):
    data = yaml.safe_load(
        (ROOT / "examples" / "henan-computer-society.yaml").read_text(encoding="utf-8")
    )
    data["governance"]["supervisors"] = 0
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "不符合" in result.stdout
