"""A regulation a user adds binds the societies it names and, once its rule candidates are
accepted, is checked like the built-in ones — all through the CLI, as a user works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import kb
from kb import paths
from kb.review import review_path
from xuehui import cli

ROOT = Path(__file__).resolve().parents[1]
GUIDE = """浙江省学会改革指导意见
一、组织机构
1. 理事会一般不超过150人，每年至少召开一次会议。
2. 学会理事长任职年龄不超过70周岁，连任不超过两届。
3. 常务理事人数不超过理事人数的三分之一。
二、选举
1. 换届方案应在届满前3个月报省科协审查同意。
2. 选举须采用无记名投票方式。
"""
ADD = ["--title", "浙江省学会改革指导意见", "--region-code", "330000", "--level", "provincial"]


def run(capsys, *args: str) -> tuple[int, str]:
    """The real entry point in-process: exit code and stdout+stderr (unwrapped)."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_info.value.code or 0, (captured.out + captured.err).replace("\n", "")


def run_json(capsys, *args: str):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(a) for a in args] + ["--json"])
    out = capsys.readouterr().out
    assert (exit_info.value.code or 0) in (0, 1), out
    return json.loads(out)


@pytest.fixture
def guide(tmp_path) -> Path:
    path = tmp_path / "浙江省学会改革指导意见.txt"
    path.write_text(GUIDE, encoding="utf-8")
    return path


@pytest.fixture
def profile(tmp_path) -> Path:
    """A Zhejiang provincial society (the Jiangsu example moved to 330000)."""
    data = yaml.safe_load((ROOT / "examples" / "jiangsu-instrument-society.yaml").read_text())
    data["region_code"] = "330000"
    data["name"] = "浙江省仪器仪表学会"
    path = tmp_path / "zhejiang.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def add(capsys, guide: Path, *extra: str, doc_id: str = "zhejiang-2024") -> tuple[int, str]:
    return run(capsys, "corpus", "add", guide, "--id", doc_id, *ADD, *extra)


# ---------------------------------------------------------------- acceptance
def test_added_document_binds_extracts_accepts_and_is_checked(capsys, guide, profile):
    code, out = add(capsys, guide)
    assert code == 0 and "约束对象：浙江省省级学会" in out

    juris = run_json(capsys, "jurisdiction", "--region-code", "330000", "--level", "provincial")
    assert "zhejiang-2024" in juris["binding"]
    other = run_json(capsys, "jurisdiction", "--region-code", "330100", "--level", "prefectural")
    assert "zhejiang-2024" not in other["binding"]

    cands = run_json(capsys, "provisions", "extract", "zhejiang-2024")
    assert {"council.max_size", "president.max_age", "election.plan_approved_by"} <= {
        c["subject"] for c in cands
    }
    assert all(c["status"] == "pending" for c in cands)
    corpus = kb.load_corpus()
    for c in cands:
        assert c["quote"] in corpus.clause(c["clause_id"]).text
    assert run_json(capsys, "provisions", "--doc", "zhejiang-2024") == []  # pending: not in force

    code, out = run(capsys, "provisions", "accept", "zhejiang-2024", "--all")
    assert code == 0 and f"已采纳 {len(cands)} 项" in out

    listed = run_json(capsys, "provisions", "--doc", "zhejiang-2024")
    assert len(listed) == len(cands)
    council = next(p for p in listed if p["subject"] == "council.max_size")
    assert council["value"] == 150 and council["citation"].startswith("《浙江省学会改革指导意见》")

    findings = run_json(capsys, "check", profile, "--all")
    findings = findings["findings"] if isinstance(findings, dict) else findings
    ours = [f for f in findings if f["doc_id"] == "zhejiang-2024"]
    assert ours and all(f["binding"] for f in ours)
    size = next(f for f in ours if f["subject"] == "council.max_size")
    assert size["citation"].startswith("《浙江省学会改革指导意见》一、1.")
    assert size["status"] in ("satisfied", "violated")
    manual = [f for f in ours if f["subject"] == "other"]
    assert manual and all("须人工核对" in f["message"] for f in manual)


def test_generate_and_audit_apply_accepted_rules(capsys, guide, profile, tmp_path):
    add(capsys, guide)
    run_json(capsys, "provisions", "extract", "zhejiang-2024")
    run(capsys, "provisions", "accept", "zhejiang-2024", "--all")
    out = tmp_path / "out"
    code, text = run(capsys, "generate", "basis", "-p", profile, "-o", out, "-f", "md")
    assert code == 0, text
    basis = next(out.glob("*.md")).read_text(encoding="utf-8")
    row = next(line for line in basis.splitlines() if "理事会一般不超过150人" in line)
    assert "《浙江省学会改革指导意见》一、1." in row

    source = tmp_path / "charter.txt"
    source.write_text(
        "浙江省测试学会章程\n第一章 总则\n第一条 本会名称为浙江省测试学会。\n"
        "第二章 组织机构\n第十条 理事会由会员代表大会选举产生，理事人数不超过200人。\n",
        encoding="utf-8",
    )
    report = run_json(capsys, "audit", source, "--region-code", "330000", "--level", "provincial")
    ours = [f for f in report["findings"] if f.get("doc_id") == "zhejiang-2024"]
    size = next(f for f in ours if f["subject"] == "council.max_size")
    assert size["status"] == "violated" and size["binding"]
    assert "zhejiang-2024" in json.dumps(report["jurisdiction"], ensure_ascii=False)


def test_a_rejected_candidate_is_not_applied_and_survives_extraction(capsys, guide):
    add(capsys, guide)
    cands = run_json(capsys, "provisions", "extract", "zhejiang-2024")
    first = cands[0]["id"]
    assert run(capsys, "provisions", "reject", "zhejiang-2024", first)[0] == 0
    assert run(capsys, "provisions", "accept", "zhejiang-2024", "--all")[0] == 0
    again = run_json(capsys, "provisions", "extract", "zhejiang-2024")
    assert {c["id"]: c["status"] for c in again}[first] == "rejected"
    assert all(c["status"] == "accepted" for c in again if c["id"] != first)
    ids = {p["id"] for p in run_json(capsys, "provisions", "--doc", "zhejiang-2024")}
    assert f"zhejiang-2024/{first}" not in ids and len(ids) == len(cands) - 1


# ---------------------------------------------------------------- binds / refers
def test_binds_and_refers_options_are_recorded_and_followed(capsys, guide):
    code, _ = add(capsys, guide, "--binds", "330000:省级,地市级,区县级", "--refers", "320000")
    assert code == 0
    meta = kb.load_corpus().document("zhejiang-2024").meta
    assert meta.binds.scopes[0].levels == ["provincial", "prefectural", "county"]
    county = run_json(capsys, "jurisdiction", "--region-code", "330106", "--level", "county")
    assert "zhejiang-2024" in county["binding"]
    jiangsu = run_json(capsys, "jurisdiction", "--region-code", "320000", "--level", "provincial")
    assert "zhejiang-2024" in jiangsu["references"]
    assert jiangsu["reasons"]["zhejiang-2024"].startswith("可参照")


def test_refers_alone_binds_nobody(capsys, guide):
    assert add(capsys, guide, "--refers", "330000")[0] == 0
    juris = run_json(capsys, "jurisdiction", "--region-code", "330000", "--level", "provincial")
    assert "zhejiang-2024" not in juris["binding"]


def test_sidecar_takes_the_short_form(capsys, guide, tmp_path):
    sidecar = tmp_path / "meta.yaml"
    sidecar.write_text("binds: ['330000:地市级']\n", encoding="utf-8")
    assert add(capsys, guide, "--meta", sidecar)[0] == 0
    juris = run_json(capsys, "jurisdiction", "--region-code", "330100", "--level", "prefectural")
    assert "zhejiang-2024" in juris["binding"]


def test_national_document_binds_by_default(capsys, guide):
    code, out = run(
        capsys, "corpus", "add", guide, "--id", "cn-2024", "--title", "全国学会意见",
        "--region-code", "100000", "--level", "national",
    )  # fmt: skip
    assert code == 0 and "全国各级学会" in out
    scope = kb.load_corpus().document("cn-2024").meta.binds.scopes[0]
    assert scope.region_code == "100000" and scope.within and len(scope.levels) == 4


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("990000", "前两位不是任何省级行政区"),
        ("33000", "格式不对"),
        ("330000:镇级", "层级“镇级”无效"),
    ],
)
def test_bad_binds_get_a_chinese_message_and_nothing_is_added(capsys, guide, option, message):
    code, out = add(capsys, guide, "--binds", option)
    assert code != 0 and message in out and "--binds" in out
    assert "zhejiang-2024" not in kb.reload()
    assert not (paths.user_corpus_dir() / "zhejiang-2024.yaml").exists()


# ---------------------------------------------------------------- bad input
def test_unknown_document_or_candidate_changes_nothing(capsys, guide):
    add(capsys, guide)
    run_json(capsys, "provisions", "extract", "zhejiang-2024")
    before = review_path("zhejiang-2024").read_bytes()
    code, out = run(capsys, "provisions", "accept", "nowhere-2024", "--all")
    assert code != 0 and "没有编号为 nowhere-2024 的文件" in out
    code, out = run(capsys, "provisions", "accept", "zhejiang-2024", "c01", "c99")
    assert code != 0 and "没有编号为 c99 的候选规定" in out
    code, out = run(capsys, "provisions", "reject", "zhejiang-2024")
    assert code != 0 and "候选规定编号" in out
    assert review_path("zhejiang-2024").read_bytes() == before


def test_builtin_documents_are_not_extracted_into_review(capsys):
    code, out = run(capsys, "provisions", "extract", "henan-2018")
    assert code != 0 and "内置文件" in out


def test_a_damaged_review_file_is_named_and_left_alone(capsys, guide, profile):
    add(capsys, guide)
    run_json(capsys, "provisions", "extract", "zhejiang-2024")
    path = review_path("zhejiang-2024")
    path.write_text("candidates: [\n  - id: c01\n", encoding="utf-8")
    damaged = path.read_bytes()
    code, out = run(capsys, "provisions", "accept", "zhejiang-2024", "--all")
    assert code != 0 and "审核文件已损坏" in out and "zhejiang-2024.yaml" in out
    assert "Traceback" not in out
    assert path.read_bytes() == damaged


def test_an_edited_quote_that_is_not_verbatim_is_refused(capsys, guide):
    add(capsys, guide)
    run_json(capsys, "provisions", "extract", "zhejiang-2024")
    path = review_path("zhejiang-2024")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["candidates"][0]["quote"] = "理事会不超过200人"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = path.read_bytes()
    code, out = run(capsys, "provisions", "accept", "zhejiang-2024", "--all")
    assert code != 0 and "逐字" in out
    assert path.read_bytes() == before


def test_an_unknown_subject_in_the_review_file_is_named(capsys, guide):
    add(capsys, guide)
    run_json(capsys, "provisions", "extract", "zhejiang-2024")
    path = review_path("zhejiang-2024")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["candidates"][1]["subject"] = "council.maximum"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out = run(capsys, "provisions", "accept", "zhejiang-2024", "--all")
    assert code != 0 and "第 2 项候选规定" in out and "council.maximum" in out
