"""Standard resolutions and the meeting facts that make them valid.

The kinds, the facts each needs, the deciding body and the majority are data
(``generator/data/resolutions.yaml``); the same file gives the quorum and majority wording
the charter template writes, so a resolution is refused exactly when the society's own
charter says it would not pass — with the reason in Chinese.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from generator.content.charter import titles, voting
from generator.profile import Profile
from kb.errors import InputError


class Refused(InputError):
    """The meeting does not meet what the charter requires (quorum, majority, who may be
    chosen …): the resolution would not be valid. Exit code 1, like a failed check — the
    facts were read fine (unreadable or malformed facts stay ``InputError``, exit code 2)."""

    exit_code = 1


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
    per_candidate: bool = False
    requires_profile: tuple[tuple[str, str], ...] = ()
    requires_text: str = ""

    def title_for(self, profile: Profile) -> str:
        """The kind's name as this society says it: its congress and its leader's title."""
        t = titles(profile)
        name = self.name
        if profile.governance.secretary_general_mode != "elected":  # appointed, not elected
            name = name.replace("、秘书长", "")
        return (
            name.replace("会员（代表）大会", t["congress"])
            .replace("副理事长", t["vice"])
            .replace("理事长", t["leader"])
        )

    def to_dict(self) -> dict:
        bodies = voting()["bodies"]
        body_name = bodies[self.body]["name"]
        return {
            "kind": self.key,
            "name": self.name,
            "body": body_name if isinstance(body_name, str) else "会员（代表）大会",
            "majority": voting()["majorities"][self.majority]["text"],
            "secret_ballot": self.secret_ballot or self.per_candidate,
            "per_candidate": self.per_candidate,
            "facts": [
                {"key": f.key, "label": f.label, "type": f.type, "required": not f.optional}
                for f in self.all_facts()
            ],
        }

    def all_facts(self) -> list[FactSpec]:
        common = common_facts()
        if self.per_candidate:  # voted candidate by candidate: ballots, not one tally
            common = [
                FactSpec(f.key, f.label, f.type, optional=True) if f.key in _TALLY else f
                for f in common
            ]
        return common + list(self.facts)


_TALLY = ("votes_for", "votes_against", "abstaining")


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
            per_candidate=bool(raw.get("per_candidate")),
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
    per_candidate: bool = False
    needed: int = 0  # the smallest number of votes that carries (each candidate's, in elections)


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
    """Validate the meeting facts (``InputError`` when they are wrong or incomplete) and refuse
    (``Refused``) a resolution the society's charter says would not pass."""
    where = f"决议“{kind.title_for(profile)}”的会议情况"
    for path, expected in kind.requires_profile:
        actual: Any = profile
        for part in path.split("."):
            actual = getattr(actual, part)
        if actual != expected:
            raise Refused(kind.requires_text or f"学会信息中 {path} 须为 {expected}", where=where)
    clean = _typed_facts(kind, facts, where)
    bodies = voting()["bodies"]
    body = bodies[kind.body]
    t = titles(profile)
    body_name = t["congress"] if kind.body == "congress" else body["name"]
    member = t["delegate"] if kind.body == "congress" else body["member"]
    _session_names_body(kind, clean["session"], body_name, where)
    due, present = clean["due"], clean["present"]
    votes = tuple(clean.get(key, 0) for key in _TALLY)
    expected_due = body_size(kind, profile)
    if kind.body == "standing_council" and not expected_due:
        raise Refused("本会未设常务理事会，不能由常务理事会作出此决议", where=where)
    if not expected_due:  # members.count 0: there is nobody to meet (--force cannot help)
        raise InputError(
            f"本会{body_name}应到{member}人数为 0（见学会信息 members.count 或有关机构人数），"
            "无法召开会议、作出决议：请先在学会信息中填写实际人数（须大于 0）",
            where=where,
        )
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
        raise Refused(
            f"决议不能通过：本会章程规定{body_name}须有{quorum['text']}的{member}出席"
            f"方能召开，应到{due}人，至少须实到{need}人，实到{present}人，"
            "未达到法定人数",
            where=where,
        )
    rule = voting()["majorities"][kind.majority]
    if kind.per_candidate:
        _check_ballots(kind, clean, present, rule, member, where)
    elif not _reaches(votes[0], present, rule):
        need = _minimum(present, rule)
        raise Refused(
            f"决议不能通过：本会章程规定此事项须经到会{member}{rule['text']}表决"
            f"通过，实到{present}人，至少须{need}票赞成，实得赞成票{votes[0]}票",
            where=where,
        )
    if kind.secret_ballot and not clean.get("secret_ballot"):
        raise Refused(
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
        secret_ballot=bool(clean.get("secret_ballot")) or kind.per_candidate,
        per_candidate=kind.per_candidate,
        needed=_minimum(present, rule),
    )
    return clean, tally


def _session_names_body(kind: Kind, session: str, body_name: str, where: str) -> None:
    """A council resolution is not passed at a 会员代表大会, nor a congress one at a 理事会."""
    congress = kind.body == "congress"
    wrong = (
        (body_name not in session) if congress else ("大会" in session or "理事会" not in session)
    )
    if wrong:
        example = "第七次会员代表大会" if "代表" in body_name else "第七次会员大会"
        if not congress:
            example = "第七届理事会第一次会议"
        raise InputError(
            f"会议名称“{session}”与表决机构不符：此决议由{body_name}作出，"
            f"会议名称应为{body_name}的会议，如 {example}（session）",
            where=where,
        )


def _check_ballots(
    kind: Kind, facts: dict, present: int, rule: dict, member: str, where: str
) -> None:
    """Every person elected has a ballot count, no more votes than voters, enough to carry."""
    ballots: dict[str, int] = facts["ballots"]
    elected = _elected_names(kind, facts)
    missing = [n for n in elected if n not in ballots]
    if missing:
        raise InputError(
            f"缺少当选人的得票：{'、'.join(missing)}（ballots 中每行“姓名 票数”）", where=where
        )
    over = [f"{n}（{v}票）" for n, v in ballots.items() if v > present]
    if over:
        raise InputError(
            f"得票多于实到人数 {present}：{'、'.join(over)}，请核对 ballots", where=where
        )
    need = _minimum(present, rule)
    short = [f"{n}（{ballots[n]}票）" for n in elected if not _reaches(ballots[n], present, rule)]
    if short:
        raise Refused(
            f"不能当选：本会章程规定选举须经到会{member}{rule['text']}同意，实到{present}人，"
            f"每名当选人至少须得{need}票，{'、'.join(short)}未达到",
            where=where,
        )


def _elected_names(kind: Kind, facts: dict) -> list[str]:
    """The names an election resolution declares elected, in the order it lists them."""
    names: list[str] = []
    keys = ("directors", "supervisors")
    if kind.key == "elect_leaders":  # there `directors` is the council they are chosen from
        keys = ("president", "vice_presidents", "secretary_general", "standing_directors")
    for key in keys:
        value = facts.get(key)
        if value:
            names += value if isinstance(value, list) else [value]
    return list(dict.fromkeys(names))


def _kind_rules(kind: Kind, profile: Profile, facts: dict[str, Any], where: str) -> None:
    """What the charter fixes beyond the vote: how many are elected, who may be chosen."""
    g = profile.governance
    leader = g.leader_title

    def refuse(message: str) -> None:
        raise Refused(message, where=where)

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
        _leaders_are_directors(profile, facts, refuse)
        _ages_within_limits(profile, facts, refuse)
    elif kind.key in ("postpone_election", "advance_election"):
        _election_date_rules(kind, facts, refuse)
    elif kind.key in ("remove_directors", "remove_leaders"):
        _removal_rules(kind, profile, facts, refuse)
    elif kind.key == "change_legal_representative":
        _legal_representative_rules(profile, facts, refuse)
    elif kind.key == "representative_rules":
        expected = profile.members.representatives
        if facts["representatives"] != expected:
            refuse(
                f"会员代表名额 {facts['representatives']} 名与章程规定的 {expected} 名不符"
                "（members.representatives）：名额须与章程一致，改变名额先修改学会信息和章程"
            )
    elif kind.key == "appoint_secretary_general":
        if facts["term_end"] <= facts["term_start"]:
            refuse("聘期结束日期应晚于开始日期（term_start、term_end）")
    elif kind.key == "change_host_unit":
        if facts["old_host_unit"] == facts["new_host_unit"]:
            refuse("新挂靠单位与原挂靠单位相同，无需调整")
    elif kind.key == "set_fees":
        if not profile.fees:
            refuse("学会信息中没有会费标准（fees），请先填写各类会员的会费")
        units = [f.member_class for f in profile.fees if "单位" in f.member_class]
        if units and not profile.members.unit_members:
            refuse(
                f"本会不设单位会员（members.unit_members 为 0），会费标准中却有"
                f"“{'、'.join(units)}”：请删除这一项或修改学会信息"
            )


def _leaders_are_directors(profile: Profile, facts: dict, refuse: Any) -> None:
    """The charter elects leaders and standing directors 从理事中: check against the council."""
    pool = facts.get("directors")
    if pool is None:
        earlier = profile.meetings.get("elect_council_supervisors") or {}
        same_term = earlier.get("term_number") in (None, facts["term_number"])
        if isinstance(earlier.get("directors"), list) and same_term:
            pool = [str(n).strip() for n in earlier["directors"]]
    if pool is None:
        refuse(
            "无法核对当选人是否为本届理事：本会章程规定负责人由理事会从理事中选举产生，"
            "请填写本届理事名单 directors，或在学会信息 meetings.elect_council_supervisors 中"
            "填写理事名单"
        )
    candidates = [
        facts["president"],
        *facts["vice_presidents"],
        *facts.get("standing_directors", []),
    ]
    if profile.governance.secretary_general_mode == "elected" and facts.get("secretary_general"):
        candidates.append(facts["secretary_general"])
    outside = [n for n in dict.fromkeys(candidates) if n not in pool]
    if outside:
        refuse(
            f"{'、'.join(outside)} 不是本届理事：本会章程规定{profile.governance.leader_title}、"
            f"副{profile.governance.leader_title}、常务理事"
            f"{'、秘书长' if profile.governance.secretary_general_mode == 'elected' else ''}"
            "由理事会从理事中选举产生"
        )


def _ages_within_limits(profile: Profile, facts: dict, refuse: Any) -> None:
    """Only certify the age limit in the resolution when ages are given; check them then."""
    ages: dict[str, int] | None = facts.get("ages")
    if ages is None:
        return
    g = profile.governance
    limits = {facts["president"]: g.president_max_age}
    limits.update({n: g.president_max_age for n in facts["vice_presidents"]})
    if facts.get("secretary_general"):
        limits[facts["secretary_general"]] = g.secretary_general_max_age
    missing = [n for n in limits if n not in ages]
    if missing:
        refuse(f"缺少当选人的年龄：{'、'.join(missing)}（ages 中每行“姓名 周岁”）")
    over = [f"{n}（{ages[n]}周岁，上限{cap}周岁）" for n, cap in limits.items() if ages[n] > cap]
    if over:
        refuse(
            f"超过本会章程规定的任职最高年龄：{'、'.join(over)}。因特殊情况需继续任职的，"
            "须经会员（代表）大会三分之二以上表决通过，报业务主管单位审查同意并经登记管理机关批准"
        )


def _election_date_rules(kind: Kind, facts: dict, refuse: Any) -> None:
    end, when = facts["term_end"], facts["election_date"]
    if when <= facts["date"]:
        refuse("换届日期应晚于本次会议日期（election_date、date）")
    if kind.key == "postpone_election":
        if when <= end:
            refuse(
                "延期后的换届日期应晚于本届任期届满日期，否则无需延期（election_date、term_end）"
            )
        limit = _add_years(end, 1)
        if when > limit:
            refuse(
                f"延期换届最长不超过1年：本届任期{end:%Y年%m月%d日}届满，换届日期最晚为"
                f"{limit:%Y年%m月%d日}（本会章程、社会团体章程示范文本）"
            )
    elif when >= end:
        refuse(
            "提前后的换届日期应早于本届任期届满日期，否则不是提前换届（election_date、term_end）"
        )


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _removal_rules(kind: Kind, profile: Profile, facts: dict, refuse: Any) -> None:
    posts = ("directors", "supervisors")
    if kind.key == "remove_leaders":
        posts = ("president", "vice_presidents", "secretary_general", "standing_directors")
        if (
            facts.get("secretary_general")
            and profile.governance.secretary_general_mode != "elected"
        ):
            refuse("本会秘书长实行聘任制，由理事会决定解聘，不适用罢免；请删除 secretary_general")
        if facts.get("standing_directors") and not profile.governance.standing_council_size:
            refuse("本会未设常务理事会，没有可罢免的常务理事；请删除 standing_directors")
    if not any(facts.get(p) for p in posts):
        refuse(f"请填写被罢免的人员（{'、'.join(posts)} 至少一项）")
    # Where the profile records the election, only those elected can be removed.
    source = "elect_leaders" if kind.key == "remove_leaders" else "elect_council_supervisors"
    elected = profile.meetings.get(source) or {}
    labels = {
        "directors": "理事",
        "supervisors": "监事",
        "president": profile.governance.leader_title,
        "vice_presidents": f"副{profile.governance.leader_title}",
        "secretary_general": "秘书长",
        "standing_directors": "常务理事",
    }
    for post in posts:
        named = facts.get(post)
        holders = elected.get(post)
        if not named or holders is None:
            continue
        named = named if isinstance(named, list) else [named]
        holders = {str(h).strip() for h in (holders if isinstance(holders, list) else [holders])}
        strangers = [n for n in named if n not in holders]
        if strangers:
            refuse(
                f"{'、'.join(strangers)} 不是本会{labels[post]}（学会信息 meetings.{source}."
                f"{post}），不能罢免其{labels[post]}职务"
            )


def _legal_representative_rules(profile: Profile, facts: dict, refuse: Any) -> None:
    g = profile.governance
    if facts["old_representative"] == facts["new_representative"]:
        refuse("新法定代表人与原法定代表人相同，无需变更")
    if not facts["audit_done"]:
        refuse(
            "本会章程规定更换法定代表人之前必须进行财务审计：请在原法定代表人离任财务审计完成后"
            "再作出决议（audit_done: true）"
        )
    post = {"president": g.leader_title, "vice_president": f"副{g.leader_title}"}.get(
        g.legal_representative, "秘书长"
    )
    if facts["new_post"] != post:
        refuse(
            f"本会章程规定由{post}担任法定代表人，新法定代表人担任的职务为“{facts['new_post']}”："
            "由其他负责人担任须先修改章程，报业务主管单位审查同意并经登记管理机关批准（new_post）"
        )


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
    "pairs": "每行“姓名 数字”的列表（如 - 刘思远 164）",
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
    if kind == "pairs":
        return _name_numbers(value)
    raise ValueError(kind)


def _name_numbers(value: Any) -> dict[str, int]:
    """``{姓名: 票数}`` from a mapping or from lines such as “刘思远 164” / “刘思远：164票”."""
    if isinstance(value, dict):
        pairs = [(str(k).strip(), v) for k, v in value.items()]
    else:
        lines = value.splitlines() if isinstance(value, str) else value
        if not isinstance(lines, list):
            raise ValueError
        pairs = []
        for line in lines:
            match = re.fullmatch(r"\s*(.+?)[\s:：,，]+(\d+)\s*(?:票|周岁|岁)?\s*", str(line))
            if not match:
                raise ValueError
            pairs.append((match.group(1), match.group(2)))
    out: dict[str, int] = {}
    for name, number in pairs:
        if isinstance(number, bool) or name in out:
            raise ValueError
        out[name] = int(number)
        if out[name] < 0:
            raise ValueError
    return out
