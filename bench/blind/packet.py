"""A packet for an adjudicating lawyer: the items on which the audit and the lawyers disagree.

For each charter of the given sealed parts, the audit's reported defects that match no
expected finding and the expected findings no reported defect matches are listed together,
shuffled, under neutral ids (D001 …), so that the adjudicator cannot tell which side proposed
what. The key (which side, which part) is written beside the packet, not into it.

    .venv/bin/python bench/blind/packet.py OUT_DIR PART [PART ...]

writes OUT_DIR/charters/*.txt, OUT_DIR/CANDIDATES.md and OUT_DIR_key.json; the brief is
tests/fixtures/audit_adjudication/*/BRIEF.md with the folder name changed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import audit_quality as bench  # noqa: E402

from kb.errors import InputError  # noqa: E402


def disputed(part: str) -> list[tuple[str, list[dict]]]:
    """(charter file, items) for every charter of ``part`` with a disagreement."""
    out = []
    for path in sorted((bench.GOLD / part).glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = gold.get("findings") or []
        try:
            reported = bench.reported_defects(path, gold)
        except InputError:  # refused with its message (as the bench counts it): nothing reported
            reported = []
        items = [
            {"source": "tool", "article": r.number, "text": f"{r.claim}（依据：{r.basis}）"}
            for r in reported
            if not any(bench.matches(r, e) for e in entries)
        ]
        items += [
            {
                "source": "gold",
                "article": e.get("article"),
                "text": f"{e['defect']}（依据：{e['rule']}）",
            }
            for e in entries
            if not any(bench.matches(r, e) for r in reported)
        ]
        if items:
            out.append((gold["charter"], items))
    return out


def main() -> None:
    out = Path(sys.argv[1])
    parts = sys.argv[2:]
    os.environ.setdefault("XUEHUI_HOME", tempfile.mkdtemp(prefix="xuehui-packet-"))
    rng = random.Random(20261204)
    (out / "charters").mkdir(parents=True, exist_ok=True)
    key: dict[str, dict] = {}
    lines = ["# Candidate findings on which two reviews disagree", ""]
    for part in parts:
        for charter, items in disputed(part):
            shutil.copy(bench.GOLD / part / "charters" / charter, out / "charters" / charter)
            rng.shuffle(items)
            lines += [f"## {charter}", ""]
            for item in items:
                ident = f"D{len(key) + 1:03d}"
                where = f"第{item['article']}条" if item["article"] else "全文"
                lines.append(f"- **{ident}** [{where}] {item['text']}")
                key[ident] = {"part": part, "charter": Path(charter).stem, **item}
            lines.append("")
    (out / "CANDIDATES.md").write_text("\n".join(lines), encoding="utf-8")
    Path(f"{out}_key.json").write_text(
        json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    tools = sum(v["source"] == "tool" for v in key.values())
    print(f"{len(key)} candidates: {tools} from the audit, {len(key) - tools} expected findings")


if __name__ == "__main__":
    main()
