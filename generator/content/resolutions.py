"""Standard resolutions and the meeting facts that make them valid.

The kinds, the facts each needs, the deciding body and the majority are data
(``generator/data/resolutions.yaml``); the same file gives the quorum and majority wording
the charter template writes, so a resolution is refused exactly when the society's own
charter says it would not pass — with the reason in Chinese.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from generator.content.charter import titles, voting
from generator.profile import Profile
from kb.errors import InputError


@dataclass(frozen=True)
class FactSpec:
    key: str
    label: str
    type: str
    optional: bool = False


@dataclass(frozen=True)
class Kind:
    key: str
    name: str
    body: str
    majority: str
    template: str
    facts: tuple[FactSpec, ...]
    secret_ballot: bool = False
    requires_profile: tuple[tuple[str, str], ...] = ()
    requires_text: str = ""

    def to_dict(self) -> dict:
        bodies = voting()["bodies"]
        body_name = bodies[self.body]["name"]
        return {
            "kind": self.key,
            "name": self.name,
            "body": body_name if isinstance(body_name, str) else "会员（代表）大会",
            "majority": voting()["majorities"][self.majority]["text"],
            "secret_ballot": self.secret_ballot,
            "facts": [
                {"key": f.key, "label": f.label, "type": f.type, "required": not f.optional}
                for f in self.all_facts()
            ],
        }

    def all_facts(self) -> list[FactSpec]:
        return common_facts() + list(self.facts)


def common_facts() -> list[FactSpec]:
    return [FactSpec(**f) for f in voting()["common_facts"]]


def kinds() -> dict[str, Kind]:
    """Every resolution kind, in the order of ``resolutions.yaml``."""
    out = {}
    for key, raw in voting()["kinds"].items():
        out[key] = Kind(
            key=key,
            name=raw["name"],
            body=raw["body"],
            majority=raw["majority"],
            template=raw["template"],
            facts=tuple(FactSpec(**f) for f in raw.get("facts") or []),
            secret_ballot=bool(raw.get("secret_ballot")),
            requires_profile=tuple((raw.get("requires_profile") or {}).items()),
            requires_text=raw.get("requires_text", ""),
        )
    return out


def get_kind(key: str) -> Kind:
    known = kinds()
    if key not in known:
        names = "、".join(f"{k}（{v.name}）" for k, v in known.items())
        raise InputError(f"没有“{key}”这种决议。可用的决议类别：{names}")
    return known[key]


@dataclass
class Tally:
    """A checked vote: the numbers and the wording the resolution prints."""

    body_name: str
    member: str
    due: int
    present: int
    votes_for: int
    votes_against: int
    abstaining: int
    quorum_text: str
    majority_text: str
    secret_ballot: bool


def _ratio(text: str) -> Fraction:
    return Fraction(text)


def _reaches(count: int, base: int, rule: dict) -> bool:
    share = Fraction(count, base) if base else Fraction(0)
    return share > _ratio(rule["ratio"]) if rule["strict"] else share >= _ratio(rule["ratio"])


def body_size(kind: Kind, profile: Profile) -> int:
    g = profile.governance
    return {
        "congress": profile.voters,
        "council": g.council_size,
        "standing_council": g.standing_council_size,
    }[kind.body]


def check_meeting(kind: Kind, profile: Profile, facts: dict[str, Any]) -> tuple[dict, Tally]:
    """Validate the meeting facts; refuse (``InputError``) a resolution that would not pass."""
    where = f"决议“{kind.name}”的会议情况"
    for path, expected in kind.requires_profile:
        section, _, field = path.partition(".")
        actual = getattr(getattr(profile, section), field)
        if actual != expected:
            raise InputError(
                kind.requires_text or f"学会信息中 {path} 须为 {expected}", where=where
            )
    clean = _typed_facts(kind, facts, where)
    bodies = voting()["bodies"]
    body = bodies[kind.body]
    t = titles(profile)
    body_name = t["congress"] if kind.body == "congress" else body["name"]
    member = t["delegate"] if kind.body == "congress" else body["member"]
    due, present = clean["due"], clean["present"]
    votes = (clean["votes_for"], clean["votes_against"], clean["abstaining"])
    expected_due = body_size(kind, profile)
    if kind.body == "standing_council" and not expected_due:
        raise InputError("本会未设常务理事会，不能由常务理事会作出此决议", where=where)
    if due != expected_due:
        raise InputError(
            f"应到人数 {due} 与学会信息不符：本会{body_name}应到{member}"
            f"{expected_due}人（见学会信息），请核对 due",
            where=where,
        )
    if present > due:
        raise InputError(f"实到人数 {present} 多于应到人数 {due}，请核对 present", where=where)
    if sum(votes) > present:
        raise InputError(
            f"赞成、反对、弃权票合计 {sum(votes)} 多于实到人数 {present}，请核对票数", where=where
        )
    quorum = body["quorum"]
    if not _reaches(present, due, quorum):
        need = _minimum(due, quorum)
        raise InputError(
            f"决议不能通过：本会章程规定{body_name}须有{quorum['text']}的{member}出席"
            f"方能召开，应到{due}人，至少须实到{need}人，实到{present}人，"
            "未达到法定人数",
            where=where,
        )
    rule = voting()["majorities"][kind.majority]
    if not _reaches(votes[0], present, rule):
        need = _minimum(present, rule)
        raise InputError(
            f"决议不能通过：本会章程规定此事项须经到会{member}{rule['text']}表决"
            f"通过，实到{present}人，至少须{need}票赞成，实得赞成票{votes[0]}票",
            where=where,
        )
    if kind.secret_ballot and not clean.get("secret_ballot"):
        raise InputError(
            "决议不能通过：本会章程规定制定或修改会费标准须采取无记名投票方式表决，"
            "请确认表决方式（secret_ballot: true）",
            where=where,
        )
    _kind_rules(kind, profile, clean, where)
    tally = Tally(
        body_name=body_name,
        member=member,
        due=due,
        present=present,
        votes_for=votes[0],
        votes_against=votes[1],
        abstaining=votes[2],
        quorum_text=quorum["text"],
        majority_text=rule["text"],
        secret_ballot=bool(clean.get("secret_ballot")),
    )
    return clean, tally


def _kind_rules(kind: Kind, profile: Profile, facts: dict[str, Any], where: str) -> None:
    """What the charter fixes beyond the vote: how many are elected, who may be chosen."""
    g = profile.governance
    leader = g.leader_title

    def refuse(message: str) -> None:
        raise InputError(message, where=where)

    def unique(key: str, label: str) -> None:
        names = facts.get(key) or []
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            refuse(f"{label}中有重复的姓名：{'、'.join(dupes)}")

    if kind.key == "elect_council_supervisors":
        unique("directors", "理事名单")
        unique("supervisors", "监事名单")
        if len(facts["directors"]) != g.council_size:
            refuse(
                f"当选理事 {len(facts['directors'])} 名，与章程规定的理事会人数 "
                f"{g.council_size} 名不符（governance.council_size）"
            )
        if len(facts["supervisors"]) != g.supervisors:
            refuse(
                f"当选监事 {len(facts['supervisors'])} 名，与章程规定的监事人数 "
                f"{g.supervisors} 名不符（governance.supervisors）"
            )
        both = set(facts["directors"]) & set(facts["supervisors"])
        if both:
            refuse(f"理事不得兼任监事：{'、'.join(sorted(both))} 同时在两份名单中")
    elif kind.key == "elect_leaders":
        unique("vice_presidents", f"副{leader}名单")
        if len(facts["vice_presidents"]) != g.vice_presidents:
            refuse(
                f"当选副{leader} {len(facts['vice_presidents'])} 名，与章程规定的 "
                f"{g.vice_presidents} 名不符（governance.vice_presidents）"
            )
        elected_sg = g.secretary_general_mode == "elected"
        if elected_sg and "secretary_general" not in facts:
            refuse("本会秘书长实行选任制，须填写当选秘书长 secretary_general")
        if not elected_sg and "secretary_general" in facts:
            refuse(
                "本会秘书长实行聘任制，由理事会另行作出聘任决议（appoint_secretary_general），"
                "请删除 secretary_general"
            )
        standing = facts.get("standing_directors")
        if standing is not None and len(standing) != g.standing_council_size:
            refuse(
                f"当选常务理事 {len(standing)} 名，与章程规定的常务理事会人数 "
                f"{g.standing_council_size} 名不符（governance.standing_council_size）"
            )
    elif kind.key == "appoint_secretary_general":
        if facts["term_end"] <= facts["term_start"]:
            refuse("聘期结束日期应晚于开始日期（term_start、term_end）")
    elif kind.key == "change_host_unit":
        if facts["old_host_unit"] == facts["new_host_unit"]:
            refuse("新挂靠单位与原挂靠单位相同，无需调整")
    elif kind.key == "set_fees" and not profile.fees:
        refuse("学会信息中没有会费标准（fees），请先填写各类会员的会费")


def _minimum(base: int, rule: dict) -> int:
    """The smallest count that satisfies ``rule`` out of ``base``."""
    exact = _ratio(rule["ratio"]) * base
    if rule["strict"]:
        return math.floor(exact) + 1
    return math.ceil(exact)


def _typed_facts(kind: Kind, facts: dict[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(facts, dict):
        raise InputError("会议情况应为字段映射（date: …、place: … 等）", where=where)
    known = {f.key for f in kind.all_facts()}
    unknown = sorted(set(facts) - known)
    if unknown:
        raise InputError(
            f"不认识的字段：{'、'.join(unknown)}。此类决议需要的字段："
            f"{'、'.join(f'{f.key}（{f.label}）' for f in kind.all_facts())}",
            where=where,
        )
    out: dict[str, Any] = {}
    problems = []
    for spec in kind.all_facts():
        value = facts.get(spec.key)
        if value is None or value == "" or value == []:
            if not spec.optional:
                problems.append(f"缺少 {spec.key}（{spec.label}）")
            continue
        try:
            out[spec.key] = _convert(value, spec.type)
        except (TypeError, ValueError):
            problems.append(
                f"{spec.key}（{spec.label}）应为{_TYPE_LABELS[spec.type]}，当前值 {value!r}"
            )
    if problems:
        raise InputError("会议情况有误：" + "；".join(problems), where=where)
    for key in ("due", "present", "votes_for", "votes_against", "abstaining"):
        if out.get(key, 0) < 0:
            raise InputError(f"{key} 不能为负数", where=where)
    return out


_TYPE_LABELS = {
    "int": "整数",
    "str": "文字",
    "list": "列表（每项一行，以 - 开头）",
    "date": "日期（如 2026-11-22）",
    "bool": "true 或 false",
}


def _convert(value: Any, kind: str) -> Any:
    if kind == "int":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
        return int(value)
    if kind == "str":
        if isinstance(value, (list, dict)):
            raise ValueError
        return str(value).strip()
    if kind == "list":
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            raise ValueError
        return [str(v).strip() for v in value]
    if kind == "date":
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value).strip())
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError
        return value
    raise ValueError(kind)
