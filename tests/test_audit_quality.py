"""The audit against a lawyer's expected findings on the parts it was tuned on
(bench/audit_quality.py).

The floors are the figures reached when the audit was last tuned, rounded down: a change
that makes the audit report false defects or miss real ones on these charters fails here.
Only parts already tuned on are asserted (dev; heldout and blind to blind6 once their first
measurement was recorded); a part never looked at is measured by the bench alone. The
matching itself is checked on a hand-made case so that a broken matcher cannot pass as a
good audit.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[1] / "bench" / "audit_quality.py"
# Regression floors just under the figures measured on the dev set (1.00 / 0.95, after the
# law-tier rules were taught the charters' own wording and not judged on chapters a partial
# text lacks).
# 0.93 recall since a branch's silence on the model's congress and leaders rules is advice, as
# the adjudicating lawyer and three later ones held (the dev lawyer had asked for them)
# 0.90 recall since a branch's silence on what 条例第十四条 asks of a society's charter (住所,
# 终止程序 …) is advice too, as five later lawyers and both adjudicators held
# 0.88 since a 第-条 read in sequence as 第一条 is a note to check, not a defect, as the later
# lawyers and the adjudicators held (the dev lawyer had listed it)
# precision 0.93 since a charter silent on the model's 常务理事人数不超过理事人数的1/3 is a
# defect, not advice: seven blind lawyers listed it and the adjudicators upheld them all (the
# dev lawyer did not list it for two real charters)
DEV_PRECISION_FLOOR = 0.93
DEV_RECALL_FLOOR = 0.87
# The other parts already measured: (precision, recall) floors under what was measured after
# tuning (heldout 0.90/0.83, blind 0.84/1.00, blind2 1.00/0.90, blind3 0.88/0.95, blind4
# 0.99/0.90, blind5 0.88/0.90, blind6 0.89/0.95, blind7 0.77/0.88, blind8 0.80/0.76, blind9
# 0.82/0.93, blind10 0.81/0.86, blind11 0.86/0.87, blind12 0.86/0.85, blind13 0.85/0.83,
# blind14 0.87/0.89, blind15 0.87/0.90, blind16 0.83/0.87, blind17 0.88/0.87, blind18
# 0.89/0.88, blind19 0.77/0.83; blind20 0.78/0.77, blind21 0.76/0.78 and blind22 0.76/0.78,
# sealed until their first measurement);
# their first, untuned measurements are in the bench's docstring and the closing notes.
TUNED_FLOORS = {
    # 0.74 recall: a branch's council ratio and 条例第十四条 contents are advice (see above);
    # 0.70 since a branch's leader conditions, 2/3 matters and adoption date are advice too,
    # as the adjudicators of blind10-25 held in 20 verdicts (this part's lawyer asked for them)
    "heldout": (0.85, 0.65),
    # 0.84 since the 党建领导机关 check: this part's lawyer did not ask for it, four later ones did
    "blind": (0.80, 0.95),
    "blind2": (0.95, 0.85),
    "blind3": (0.85, 0.90),
    "blind4": (0.93, 0.85),
    "blind5": (0.83, 0.85),
    "blind6": (0.85, 0.90),
    "blind7": (0.72, 0.83),
    "blind8": (0.75, 0.70),
    "blind9": (0.77, 0.88),
    "blind10": (0.76, 0.80),
    "blind11": (0.80, 0.82),
    "blind12": (0.80, 0.78),
    "blind13": (0.80, 0.78),
    "blind14": (0.82, 0.84),
    "blind15": (0.82, 0.85),
    "blind16": (0.78, 0.82),
    "blind17": (0.83, 0.82),
    "blind18": (0.84, 0.83),
    "blind19": (0.72, 0.78),
    # sealed until first measured (0.78/0.77, 0.76/0.78, 0.77/0.77); only blind22's one
    # unreadable charter (一、总则 headings, numbers lost) has been read since
    "blind20": (0.73, 0.72),
    "blind21": (0.71, 0.73),
    "blind22": (0.71, 0.73),
    # sealed until first measured at b61c719 (0.87/0.77, 0.83/0.87, 0.75/0.91), then tuned on
    "blind23": (0.86, 0.89),
    "blind24": (0.79, 0.89),
    "blind25": (0.71, 0.91),
    # sealed until first measured at ed8a070 (0.86/0.93, 0.70/0.86, 0.81/0.88), then tuned on
    "blind26": (0.84, 0.92),
    "blind27": (0.78, 0.87),
    "blind28": (0.86, 0.88),
    # sealed until first measured at 0d3e7ba (0.84/0.89, 0.80/0.95, 0.77/0.81), then tuned on
    "blind29": (0.80, 0.88),
    "blind30": (0.77, 0.92),
    "blind31": (0.82, 0.89),
    # sealed until first measured at b5821a6 (0.92/0.88, 0.83/0.89, 0.79/0.90), then tuned on
    "blind32": (0.87, 0.89),
    "blind33": (0.80, 0.87),
    "blind34": (0.79, 0.86),
    # sealed until first measured at 53e4600 (0.74/0.91, 0.87/0.97, 0.70/0.83), then tuned on
    "blind35": (0.80, 0.93),
    "blind36": (0.82, 0.92),
    "blind37": (0.80, 0.88),
    # sealed until first measured at 9518e0b (0.87/0.87, 0.76/0.92, 0.62/0.73), then tuned on
    "blind38": (0.88, 0.86),
    "blind39": (0.86, 0.95),
    "blind40": (0.70, 0.80),
    # sealed until first measured at b8dc1c6 (0.84/0.91, 0.51/0.68, 0.88/0.87), when the bench
    # still dropped a Markdown title line with the provenance (0.83/0.91, 0.71/0.71, 0.88/0.87
    # without that); adjudicated, then tuned on (2026-12-04)
    "blind41": (0.80, 0.92),
    "blind42": (0.72, 0.73),
    "blind43": (0.88, 0.93),
    # sealed until first measured at 50f1e1b (0.81/0.91, 0.44/0.69, 0.72/0.94), adjudicated,
    # then tuned on
    "blind44": (0.86, 0.90),
    "blind45": (0.55, 0.78),
    "blind46": (0.72, 0.90),
    # sealed until first measured at 2a5a23c (0.60/0.84, 0.45/0.77, 0.67/0.80), adjudicated,
    # then tuned on (a council described in one sentence)
    "blind47": (0.63, 0.81),
    "blind48": (0.46, 0.74),
    "blind49": (0.65, 0.77),
    # sealed until first measured at 27c82d4 (0.79/0.86, 0.75/0.79, 0.65/0.78), adjudicated;
    # since, only blind52's text with every article label lost is read
    "blind50": (0.75, 0.82),
    "blind51": (0.71, 0.75),
    "blind52": (0.58, 0.79),
    # sealed until first measured at 027427e (0.78/0.81, 0.77/0.90, 0.67/0.94); not tuned on
    "blind53": (0.75, 0.78),
    "blind54": (0.73, 0.87),
    "blind55": (0.63, 0.91),
    # sealed until first measured at 8b8a909 (0.88/0.91, 0.82/0.94, 0.75/0.90); not tuned on
    "blind56": (0.84, 0.87),
    "blind57": (0.78, 0.91),
    "blind58": (0.71, 0.87),
}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("audit_quality", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_quality"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_matching_needs_the_article_and_a_keyword(bench):
    entry = {"article": 17, "match": ["会费", "监事"]}
    assert bench.matches(bench.Reported(17, "职权未包括制定和修改会费标准", "warning"), entry)
    assert not bench.matches(bench.Reported(18, "职权未包括制定和修改会费标准", "warning"), entry)
    assert not bench.matches(bench.Reported(None, "职权未包括制定和修改会费标准", "warning"), entry)
    assert not bench.matches(bench.Reported(17, "理事会召开频次", "warning"), entry)
    # a finding about several articles names them: it concerns each one
    cited = bench.Reported(11, "多个名称（“联盟大会”见第十六条）", "warning")
    assert bench.matches(cited, {"article": 16, "match": ["大会"]})
    assert not bench.matches(cited, {"article": 6, "match": ["大会"]})
    anywhere = {"article": None, "match": ["党"]}
    assert bench.matches(bench.Reported(None, "总则未载明党建条款", "warning"), anywhere)
    assert bench.matches(bench.Reported(3, "总则未载明党建条款", "warning"), anywhere)


REAL = Path(__file__).resolve().parents[2] / "shared" / "charters"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/charters not beside")


@needs_real
def test_dev_charters_reach_the_measured_precision_and_recall(bench):
    result = bench.measure("dev")
    total = result["total"]
    assert total.gold >= 80 and total.reported >= 60, "the dev gold files are all read"
    assert total.precision >= DEV_PRECISION_FLOOR, {
        name: (s.correct, s.reported) for name, s in result["charters"].items()
    }
    assert total.recall >= DEV_RECALL_FLOOR, {
        name: (s.found, s.gold) for name, s in result["charters"].items()
    }


@needs_real
def test_nothing_a_charter_states_in_other_words_is_reported_missing(bench):
    """The issue's misreadings: 2/3 for 三分之二, 70岁 for 70周岁, 最长不超过两届 — a finding
    that the charter lacks them would be false."""
    gold = {"charter": "zgbhxfzjjh-cfcp.txt", "region_code": "110102", "level": "national"}
    reported = bench.reported_defects(bench.GOLD / "dev" / "zgbhxfzjjh-cfcp.yaml", gold)
    texts = [r.text for r in reported if r.number in (15, 20, 23)]
    assert not [t for t in texts if "连任" in t or "法定出席" in t or "年龄" in t]


@pytest.mark.parametrize("part", sorted(TUNED_FLOORS))
def test_the_other_tuned_parts_keep_their_figures(bench, part):
    if part == "heldout" and not REAL.is_dir():
        pytest.skip("../shared/charters not beside the repository")
    precision, recall = TUNED_FLOORS[part]
    result = bench.measure(part)
    total = result["total"]
    assert total.gold >= 20
    assert total.precision >= precision and total.recall >= recall, {
        name: (s.correct, s.reported, s.found, s.gold) for name, s in result["charters"].items()
    }


def test_no_charter_of_any_part_makes_the_audit_fail(bench):
    """Every charter the bench knows — real, damaged, partial, written blind — is read and
    audited under its jurisdiction without an exception."""
    for path in sorted(bench.GOLD.glob("*/*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not bench.charter_path(path, gold["charter"]).exists():
            continue  # ../shared/charters not beside the repository
        assert bench.reported_defects(path, gold) is not None, path.name
