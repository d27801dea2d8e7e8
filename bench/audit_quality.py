"""Charter audit quality against a lawyer's expected findings: precision and recall.

The expected findings (tests/fixtures/audit_gold/{dev,heldout}/*.yaml) were written by a
reviewer who never saw the code, one file per real charter of ../shared/charters/: each
finding has the article it concerns (or null for something missing from the whole charter),
the tier and rule, the defect in Chinese and 1–3 keywords a correct finding would contain;
``not_defects`` lists what the charter does state in other words.

A reported defect matches a gold finding when the gold article is null, equals the
reported article's number or is cited in the reported text ("见第十一条、第十六条"), and
one of the gold keywords is in the reported text, numbers read in one notation (五年 = 5年,
三分之二 = 2/3; ``--literal`` compares characters only, as the figures before 2026-12-03 did).

    precision = reported defects matching some gold finding / reported defects
    recall    = gold findings matched by some reported defect / gold findings

"Reported defects" are what the review report presents as a defect: every problem of the
document (numbering, unreadable text, inconsistencies) and every violated or absent rule of
the binding documents and the model charter at severity 必须修改 or 应当修改. Findings at
severity 建议参考 (advice) are suggestions and are counted separately (``--with-advice``
counts them as defects too).

Three parts, each printed on its own:

- ``dev``: six real charters, used for tuning;
- ``heldout``: two real charters (质量分会, 山西文化志愿者协会) whose findings were never looked at
  while tuning; only their totals were printed;
- ``blind``: five charters written for this test by a writer who saw no code, in the manner of
  the real ones (old wording, damage, numbering faults, regional documents that bind them),
  with the expected findings of a lawyer who saw neither code nor results
  (audit_gold/blind/charters/, PLANTED.md says what the writer put in on purpose);
- ``blind2``: six more, by another writer and another lawyer, written after the audit had been
  tuned on the parts above; its first measurement was recorded, then it was tuned on too;
- ``blind3``: six more, by a third writer and lawyer; first measured after tuning on the
  parts above, then tuned on in turn;
- ``blind4``: eight more, by a fourth writer and lawyer; first measured after tuning on the
  parts above, then tuned on in turn;
- ``blind5``: eight more, by a fifth writer and lawyer, measured once after all tuning
  (0.84 / 0.79); one charter, a web page saved as text, was then read by taking out its
  markup, and tuned on;
- ``blind6``: eight more, by a sixth writer and lawyer, measured once after all tuning
  (0.83 / 0.74), then tuned on lightly;
- ``blind7``–``blind9``: twenty-four more, by three more writers and lawyers, each briefed on
  another kind of charter (old ones revised piecemeal, recent ones close to the model, small
  local ones); measured once before tuning (0.51 / 0.66, 0.65 / 0.51, 0.60 / 0.74), then tuned on;
- ``blind10``, ``blind11``: sixteen more, by two more writers and lawyers, kept sealed while
  the audit was tuned on blind7–9 and measured once after it (0.71 / 0.76, 0.78 / 0.76); the
  items on which the audit and the lawyers disagreed were then judged by a third lawyer
  (tests/fixtures/audit_adjudication/), and the audit tuned on them;
- ``blind12``, ``blind13``: sixteen more, sealed while tuning on blind10–11 and measured once
  after it (0.70 / 0.75, 0.71 / 0.82), then tuned on;
- ``blind14``–``blind16``: twenty-four more, sealed while tuning on blind12–13 and measured
  once after it (0.80 / 0.83, 0.74 / 0.83, 0.73 / 0.82), adjudicated, then tuned on;
- ``blind17``–``blind19``: twenty-four more, sealed while tuning on blind14–16 and measured
  once after it (0.81 / 0.78, 0.80 / 0.69, 0.70 / 0.78), adjudicated, then tuned on;
- ``blind20``–``blind22``: twenty-four more, sealed while tuning on blind17–19 and measured
  once after it (0.78 / 0.77, 0.76 / 0.78, 0.77 / 0.77), adjudicated, then tuned on;
- ``blind23``–``blind25``: twenty-four more, sealed while tuning on blind20–22 and measured
  once after it (0.87 / 0.77, 0.83 / 0.87, 0.75 / 0.91), adjudicated, then tuned on;
- ``blind26``–``blind28``: twenty-four more, sealed while tuning on blind23–25 and measured
  once after it (0.86 / 0.93, 0.70 / 0.86, 0.81 / 0.88), adjudicated, then tuned on;
- ``blind29``–``blind31``: twenty-four more, sealed while tuning on blind26–28 and measured
  once after it (0.84 / 0.89, 0.80 / 0.95, 0.77 / 0.81), adjudicated, then tuned on;
- ``blind32``–``blind34``: twenty-four more, sealed while tuning on blind29–31 and measured
  once after it (0.92 / 0.88, 0.83 / 0.89, 0.79 / 0.90), adjudicated, then tuned on;
- ``blind35``–``blind37``: twenty-four more, sealed while tuning on blind32–34 and measured
  once after it, on the code as left on 2026-12-03 (0.74 / 0.91, 0.87 / 0.97, 0.70 / 0.83),
  adjudicated, then tuned on;
- ``blind38``–``blind40``: twenty-four more (a random weighted sample; branches, alliances
  and company associations; old revised and damaged copies), written and judged by the
  protocol of bench/blind/, sealed while tuning on blind35–37 and measured once after it,
  at 9518e0b (0.87 / 0.87, 0.76 / 0.92, 0.62 / 0.73), adjudicated, then tuned on;
- ``blind41``–``blind43``: twenty-four more (a weighted sample; alliances and associations of
  member units; old revised and damaged copies), written and judged by the protocol of
  bench/blind/, sealed while tuning on blind38–40 and measured once after it, at b8dc1c6
  (0.84 / 0.91, 0.51 / 0.68, 0.88 / 0.87; with the bench then dropping a charter's own
  Markdown title line as provenance: 0.83 / 0.91, 0.71 / 0.71, 0.88 / 0.87 without that);
  adjudicated; tuned on from 2026-12-04 (a leaders' term against the congress's, a standing
  council's quorum, a branch's own fee, the supervisor named two ways …);
- ``blind44``–``blind46``: twenty-four more (a weighted sample; 科普协会, 工程师协会 and
  研究会 at prefectural and county level with two branches; old revised, damaged and partial
  copies), written and judged by the protocol of bench/blind/, sealed (committed) while
  tuning on blind41–43 and measured once after it, at 50f1e1b (0.81 / 0.91, 0.44 / 0.69,
  0.72 / 0.94; pooled precision 0.64 (101/159), recall 0.85 (85/100)); adjudicated, then
  tuned on;
- ``blind47``–``blind49``: twenty-four more (a weighted sample; medicine, agriculture and
  engineering societies, several in provinces no regional document covers; hurried drafts with
  options and notes left in, partial and scanned copies), by the same protocol, sealed
  (committed) while tuning on blind44–46 and measured once after it, at 2a5a23c (0.60 / 0.84,
  0.45 / 0.77, 0.67 / 0.80; pooled precision 0.58 (99/172), recall 0.81 (89/110));
  adjudicated, then tuned on (the articles of two charters it misread);
- ``blind50``–``blind52``: twenty-four more (a weighted sample; IT, environment, education and
  health societies; copies as found: markup, lost numbering, OCR, traditional characters,
  partial copies), by the same protocol, sealed (committed) while tuning on blind47–49 and
  measured once after it, at 27c82d4 (0.79 / 0.86, 0.75 / 0.79, 0.65 / 0.78; pooled precision
  0.73 (117/160), recall 0.81 (106/131); one text with every article label lost was refused
  with its message, its four expected findings missed); adjudicated; since, only that text
  is read (0.62 / 0.83 for blind52);
- ``blind53``–``blind55``: twenty-four more (a weighted sample; 协会, 促进会 with unit members
  and 研究会 of the history and popularisation of science; old revised charters and copies as
  found), by the same protocol, sealed (committed) after all tuning and measured once on the
  code as left on 2026-12-04, at 027427e (0.78 / 0.81, 0.77 / 0.90, 0.67 / 0.94; pooled
  precision 0.74 (114/155), recall 0.88 (102/116); adjudicated 0.93 (144/155) and 0.94
  (132/141), tests/fixtures/audit_adjudication/README.md); not tuned on;
- ``blind56``–``blind58``: twenty-four more (a weighted sample from covered and uncovered
  regions; old revised charters and copies as found), by the same protocol, sealed after all
  tuning and measured once on the code as left, at 8b8a909 (0.88 / 0.91, 0.82 / 0.94,
  0.75 / 0.90; pooled precision 0.80 (106/133), recall 0.92 (99/108); adjudicated 0.93
  (124/133) and 0.94 (117/124)); not tuned on.

    .venv/bin/python bench/audit_quality.py [--with-advice] [--verbose] [--literal] [--only PART]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
GOLD = ROOT / "tests" / "fixtures" / "audit_gold"
CHARTERS = ROOT.parent / "shared" / "charters"
PARTS = (
    "dev",
    "heldout",
    "blind",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "blind8",
    "blind9",
    "blind10",
    "blind11",
    "blind12",
    "blind13",
    "blind14",
    "blind15",
    "blind16",
    "blind17",
    "blind18",
    "blind19",
    "blind20",
    "blind21",
    "blind22",
    "blind23",
    "blind24",
    "blind25",
    "blind26",
    "blind27",
    "blind28",
    "blind29",
    "blind30",
    "blind31",
    "blind32",
    "blind33",
    "blind34",
    "blind35",
    "blind36",
    "blind37",
    "blind38",
    "blind39",
    "blind40",
    "blind41",
    "blind42",
    "blind43",
    "blind44",
    "blind45",
    "blind46",
    "blind47",
    "blind48",
    "blind49",
    "blind50",
    "blind51",
    "blind52",
    "blind53",
    "blind54",
    "blind55",
    "blind56",
    "blind57",
    "blind58",
)


@dataclass
class Reported:
    """One defect the audit reports: the article number it concerns and its words."""

    number: int | None
    text: str
    severity: str
    claim: str = ""  # the defect as the report states it, and the rule it cites: how an
    basis: str = ""  # adjudication packet shows it, in the same form as an expected finding


def charter_text(path: Path) -> str:
    """The charter as a user would hand it in: without the two '#' provenance lines the
    collection adds at the top of each file (shared/charters/README.md). A third '#' line is
    the charter's own Markdown title (# 中国电子学会电磁兼容分会管理办法) and stays."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for _ in range(2):
        if lines and lines[0].startswith("# "):
            lines.pop(0)
    return "\n".join(lines) + "\n"


def charter_path(gold_path: Path, name: str) -> Path:
    """A real charter of ../shared/charters/, or one kept beside its gold (the blind set)."""
    beside = gold_path.parent / "charters" / name
    return beside if beside.exists() else CHARTERS / name


def reported_defects(path: Path, gold: dict, with_advice: bool = False) -> list[Reported]:
    """Run the audit on the gold's charter under the gold's jurisdiction."""
    from generator.audit import audit_text

    region = str(gold["region_code"])
    if region == "100000":  # "national scope": the national registrar sits in Beijing
        region = "110000"
    report = audit_text(
        charter_text(charter_path(path, gold["charter"])),
        name=gold["charter"],
        region_code=region,
        level=gold["level"],
        propose=False,
    )
    out = []
    for problem in report.problems:
        if problem.severity == "advice" and not with_advice:
            continue
        text = "；".join(x for x in (problem.message, problem.rule, problem.suggestion) if x)
        claim = "；".join(x for x in (problem.message, problem.suggestion) if x)
        out.append(Reported(problem.number, text, problem.severity, claim, problem.rule or ""))
    numbers = {a.citation: a.number for a in report.charter.articles}
    for finding in report.findings:
        if not finding.is_problem or not (finding.binding or finding.source == "model"):
            continue
        if finding.severity == "advice" and not with_advice:
            continue
        text = "；".join(
            x for x in (finding.label, finding.rule, finding.message, finding.citation) if x
        )
        claim = "：".join(x for x in (finding.label, finding.message) if x)
        basis = "，".join(x for x in (finding.rule, finding.citation) if x)
        out.append(
            Reported(numbers.get(finding.article or ""), text, finding.severity, claim, basis)
        )
    return out


LITERAL = False  # --literal: keywords matched character for character, as before 2026-12-03


def matches(reported: Reported, entry: dict) -> bool:
    article = entry.get("article")
    if article is not None and article != reported.number and not cites(reported, article):
        return False
    if LITERAL:
        return any(str(word) in reported.text for word in entry.get("match") or [])
    text = plain(reported.text)
    return any(plain(str(word)) in text for word in entry.get("match") or [])


_COUNTED = re.compile(r"([零〇一二两三四五六七八九十百千]+)")
_SHARE = re.compile(r"([零〇一二两三四五六七八九十百]+)分之([零〇一二两三四五六七八九十百]+)")


def plain(text: str) -> str:
    """Numbers in one notation (五年 and 5年, 三分之二 and 2/3, ２／３): a gold keyword
    written one way matches a finding that writes the same number another way."""
    from kb.numerals import normalize, to_int

    def counted(match: re.Match) -> str:
        value = to_int(match.group(1))
        return str(value) if value is not None else match.group(0)

    def share(match: re.Match) -> str:
        low, high = to_int(match.group(1)), to_int(match.group(2))
        return f"{high}/{low}" if low and high else match.group(0)

    return _COUNTED.sub(counted, _SHARE.sub(share, normalize(text)))


def cites(reported: Reported, number: int) -> bool:
    """Whether the reported text names article ``number`` as one it concerns
    (“成员大会”见第十一条): a finding about several articles is about each of them."""
    from kb.numerals import cn_int

    return re.search(f"第{cn_int(number)}条(?![一二三四五六七八九十])", reported.text) is not None


@dataclass
class Score:
    reported: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.reported += other.reported
        self.correct += other.correct
        self.gold += other.gold
        self.found += other.found


def score_file(path: Path, with_advice: bool = False, verbose: bool = False) -> Score:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = gold.get("findings") or []
    from kb.errors import InputError

    try:
        reported = reported_defects(path, gold, with_advice)
    except InputError as err:  # a charter the audit cannot read reports nothing: all missed
        print(f"  ! {path.stem}: {err}")
        reported = []
    score = Score(reported=len(reported), gold=len(entries))
    for item in reported:
        hit = [e["id"] for e in entries if matches(item, e)]
        score.correct += bool(hit)
        if verbose:
            mark = "✓" if hit else "✗"
            print(f"  {mark} [{item.number}] {item.text[:110]} {hit or ''}")
    for entry in entries:
        found = any(matches(item, entry) for item in reported)
        score.found += found
        if verbose and not found:
            print(f"  MISSED {entry['id']} [{entry.get('article')}] {entry['defect'][:90]}")
    return score


def measure(part: str, with_advice: bool = False, verbose: bool = False) -> dict:
    """Precision and recall over one part (dev or heldout), per charter and in total."""
    total = Score()
    per: dict[str, Score] = {}
    for path in sorted((GOLD / part).glob("*.yaml")):
        if verbose:
            print(f"--- {part}/{path.stem}")
        score = score_file(path, with_advice, verbose)
        per[path.stem] = score
        total.add(score)
    return {"total": total, "charters": per}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--with-advice", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--only", choices=PARTS)
    parser.add_argument("--literal", action="store_true")
    args = parser.parse_args()
    global LITERAL
    LITERAL = args.literal
    os.environ.setdefault("XUEHUI_HOME", tempfile.mkdtemp(prefix="xuehui-bench-"))
    for part in PARTS:
        if args.only and part != args.only:
            continue
        result = measure(part, args.with_advice, args.verbose)
        total = result["total"]
        print(
            f"{part:8s} precision {total.precision:.2f} ({total.correct}/{total.reported})  "
            f"recall {total.recall:.2f} ({total.found}/{total.gold})"
        )
        for name, score in result["charters"].items():
            print(
                f"  {name:40s} P {score.precision:.2f} ({score.correct}/{score.reported})  "
                f"R {score.recall:.2f} ({score.found}/{score.gold})"
            )


if __name__ == "__main__":
    main()
