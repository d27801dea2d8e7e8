"""What a charter must contain, checked on its own articles.

The fact-based rules (``evaluation``) judge values a charter states: a term of office, a
quorum. Some of what the regulation and the model charter require is structure instead: a
会员（代表）大会 as the supreme body, its list of powers, a 住所 a letter can reach, a purpose
clause, a branch that does not set up branches of its own. These checks read the articles for
it (``generator/data/charter_contents.yaml``) and report, as a lawyer would, at the article
to amend; each finding carries its tier (law or model) and the rule in words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from generator.audit.consistency import clause_of, society_name, without_parent_congress
from generator.audit.facts import POWERS, Fact
from generator.audit.reader import Article, Charter, Problem
from generator.audit.scope import Coverage
from generator.audit.vocabulary import characters, reading
from kb.numerals import to_int

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "charter_contents.yaml"


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")) or {}


def _problem(kind: str, spec: dict, message: str, article: Article | None) -> Problem:
    return Problem(
        kind,
        message,
        article.citation if article else None,
        "warning",
        tier=spec["tier"],
        number=article.number if article else None,
        rule=spec["rule"],
    )


ABOUT = 8  # characters into an article within which its subject is named (本会章程的修改…)


def _sentences(article: Article) -> list[str]:
    """An article's sentences as the rules read them (split at 。；;)."""
    return re.split(r"[。；;]", reading(article.text))


def _first(charter: Charter, pattern: str) -> Article | None:
    compiled = re.compile(pattern)
    return next((a for a in charter.articles if compiled.search(reading(a.text))), None)


def check(
    charter: Charter, facts: Mapping[str, Fact], coverage: Coverage | None = None
) -> list[Problem]:
    """Every required content the charter lacks, for the chapters its text reaches (all when
    ``coverage`` is None or the text is complete). ``facts`` are the charter's, read once by
    the caller."""
    cut = coverage is not None and coverage.cut

    def judged(chapter: int) -> bool:
        return coverage is None or coverage.complete or chapter in coverage.covered

    out: list[Problem] = []
    if judged(1):
        out += _address(charter) + _purpose(charter) + _nature(charter)
        out += _supervisors_named(charter) + _name_kind(charter) + _party_organ(charter)
    fees = _fees(charter)
    out += fees
    # what a branch's rules leave out of the model's leaders, votes, age limits and adoption
    # is advice: the model is a registered society's; its branch answers to the society's
    # own charter
    left_out: list[Problem] = []
    if judged(4):
        out += _congress(charter) + _congress_powers(charter, facts, cut) + _leaders(charter)
        left_out += _leaders_conditions(charter, cut) + _special_majority(charter)
    if fees:  # one defect: the fees; the congress's missing power to set them is part of it
        out = [p for p in out if not (p.kind == "congress_powers" and "会费" in p.message)]
    out += _branch(charter) + _branch_limits(charter) + _procedures(charter, judged, cut)
    out += _parent_named(charter) if is_branch(charter) else []
    out += _residual_distribution(charter) + _regional_branch(charter) + _forbidden(charter)
    out += _deadlines(charter)
    left_out += _age_at_start(charter, facts)  # the model's limit at its strictest reading
    if judged(5):  # the organs' chapter read to its end: a standing council it names is not set up
        out += _standing_council_named(charter)
    if judged(8):
        left_out += _adoption(charter)
    if is_branch(charter):
        for problem in left_out:
            problem.severity = "advice"
    return out + left_out


def _congress(charter: Charter) -> list[Problem]:
    """No 会员（代表）大会 as the supreme body; and articles that name one all the same. A
    branch's assembly is its society's congress: only the articles naming a congress, in
    those words (not its 全体委员会议), are reported for it."""
    spec = rules()["congress"]
    if _first(charter, spec["established"]):
        return []
    out = []
    if not is_branch(charter):
        leading = _first(charter, spec["leading"])
        where = (
            f"{leading.citation}以理事会等机构为最高权力机构或领导机构"
            if leading
            else "也未规定本会的权力机构"
        )
        out.append(_problem("congress", spec, spec["message"].format(where=where), leading))
    mentioned = re.compile(spec["mentioned"])
    for article in charter.articles:
        # the congress of the society a branch belongs to (报学会会员代表大会) exists
        match = mentioned.search(without_parent_congress(characters(article.text)))
        if match:
            message = spec["mentioned_message"].format(
                article=article.citation, body=match.group(0)
            )
            out.append(_problem("undefined_body", spec, message, article))
    return out


def _standing_council_named(charter: Charter) -> list[Problem]:
    """A step given to a standing council the charter never sets up (入会须经常务理事会讨论通过):
    reported once, at the first article naming it alone."""
    spec = rules()["standing_council_named"]
    if _first(charter, spec["established"]):
        return []
    mentioned = re.compile(spec["mentioned"])
    for article in charter.articles:
        for sentence in _sentences(article):
            match = mentioned.search(sentence)
            if match:
                what = re.split(r"[，,]", sentence[match.end() :])[0][:16]
                message = spec["message"].format(article=article.citation, what=what)
                return [_problem("undefined_body", spec, message, article)]
    return []


_LISTED = re.compile(r"[（(][一二三四五六七八九十]+[）)]|[：:][^；;]+(?:[；;][^；;]+){2,}")


def _congress_powers(
    charter: Charter, facts: Mapping[str, Fact], cut: bool = False
) -> list[Problem]:
    """The congress's list of powers without one the model gives it (会费, 监事, 终止): the
    first article instituting the congress or naming its powers that lists them, as items
    （一）（二）… or run on after a colon (制定和修改章程；选举和罢免理事；…). An item whose
    fact says the power lies elsewhere (监事由理事会选举产生) is reported by that fact's rule."""
    spec = rules()["congress_powers"]
    pattern = re.compile(spec["article"])
    article = next(
        (a for a in charter.articles if pattern.search(reading(a.text)) and _LISTED.search(a.text)),
        None,
    )
    if article is None:
        return []
    if cut and article is charter.articles[-1]:
        return []  # the list stops where the text does: its other items may follow
    text = reading(article.text)
    return [
        _problem("congress_powers", spec, item["message"], article)
        for item in spec["items"]
        if not re.search(item["pattern"], text)
        and not _elsewhere(item.get("unless_fact"), facts)
        and not (item.get("unless") and _first(charter, item["unless"]))
        and not (item.get("not_for_branches") and is_branch(charter))
    ]


def _elsewhere(spec: dict | None, facts: Mapping[str, Fact]) -> bool:
    """Whether the charter's fact ``spec["fact"]`` holds one of ``spec["values"]``."""
    fact = facts.get(spec["fact"]) if spec else None
    return fact is not None and fact.value in spec["values"]


def _residual_distribution(charter: Charter) -> list[Problem]:
    """Remaining assets handed back to founders or members on termination."""
    spec = rules()["residual_distribution"]
    pattern, unless = re.compile(spec["article"]), re.compile(spec["unless"])
    for article in charter.articles:
        for sentence in _sentences(article):
            match = pattern.search(sentence)
            # 按会费比例退还单位会员，其余部分用于与宗旨相关的事业: the rest's purpose is no
            # excuse for what is handed back; the exception must be the match's own clause
            if match and not unless.search(clause_of(sentence, match)):
                message = spec["message"].format(article=article.citation)
                return [_problem("residual_distribution", spec, message, article)]
    # 剩余财产由理事会决定处理, and nothing on what it is for (a branch has no assets of its
    # own: 撤销后财产归学会 is right)
    stated = [a for a in charter.articles if "剩余财产" in reading(a.text)]
    if (
        stated
        and not is_branch(charter)
        and not any(re.search(spec["purpose"], reading(a.text)) for a in stated)
    ):
        model = {**spec, "tier": "model", "rule": spec["purpose_rule"]}
        message = spec["purpose_message"].format(article=stated[0].citation)
        return [_problem("residual_distribution", model, message, stated[0])]
    return []


def _leaders_conditions(charter: Charter, cut: bool = False) -> list[Problem]:
    """The conditions of office the model requires of every leader, one finding listing
    those the charter's list leaves out (not where the text stops inside the list)."""
    spec = rules()["leaders_conditions"]
    article = _first(charter, spec["article"])
    if article is None or (cut and article is charter.articles[-1]):
        return []
    text = reading(article.text)
    missing = [i["name"] for i in spec["items"] if not re.search(i["pattern"], text)]
    if not missing:
        return []
    message = spec["message"].format(article=article.citation, missing="；".join(missing))
    return [_problem("leaders_conditions", spec, message, article)]


def _branch_limits(charter: Charter) -> list[Problem]:
    """A charter that allows branches states the limits of 条例第十七条 on them."""
    spec = rules()["branch_limits"]
    if is_branch(charter):
        return []  # a branch may not have branches at all (``_branch``)
    article = _first(charter, spec["allows"])
    if article is None:
        return []
    missing = [i["name"] for i in spec["limits"] if _first(charter, i["pattern"]) is None]
    if spec["core"] not in missing:
        return []
    message = spec["message"].format(article=article.citation, missing="；".join(missing))
    return [_problem("branch_limits", spec, message, article)]


def _regional_branch(charter: Charter) -> list[Problem]:
    """Branches set up region by region (在各省设立地方工作委员会)."""
    spec = rules()["regional_branch"]
    for article in charter.articles:
        match = re.search(spec["pattern"], reading(article.text))
        if match and not re.search(spec["unless"], match.group(0)):
            what = re.search(
                r"设立([^。；，,]{0,12}?(?:分会|分联盟|委员会|分支机构|工作站|办事处|工作部|中心))",
                match.group(0),
            )
            shown = what.group(1) if what else match.group(0)
            message = spec["message"].format(article=article.citation, what=shown)
            return [_problem("regional_branch", spec, message, article)]
    return []


def _procedures(
    charter: Charter, judged: Callable[[int], bool], cut: bool = False
) -> list[Problem]:
    """The steps of a procedure its articles leave out (a charter that lets the council amend
    it, or never files the amendment with the registrar). Nothing is reported here when no
    article speaks of the procedure: for amendment, the engine's rule of 条例第十四条第（七）项
    reports that once. A text that does not reach the procedure's chapter is judged only on
    articles about the procedure (本章程的修改…), not on one that names it in passing (会员代表大会
    …制定和修改章程须经…): the procedure may follow in the part that is lost; nor on the step
    it would state where it stops (修改后的章程…经业务主管单位审查同|)."""
    branch = is_branch(charter)
    out = []
    for spec in rules()["procedures"]:
        pattern = re.compile(spec["article"])
        found = [a for a in charter.articles if pattern.search(reading(a.text))]
        if "chapter" in spec and not judged(spec["chapter"]):
            found = [a for a in found if _about(pattern, a)]
        if not found:
            continue
        text = "\n".join(reading(a.text) for a in found)
        for item in spec["items"]:
            if re.search(item["pattern"], text) or (branch and item.get("not_for_branches")):
                continue
            if branch and "for_branches_if" in item and not _own(charter, item["for_branches_if"]):
                continue
            if item.get("only_if") and _first(charter, item["only_if"]) is None:
                continue
            if item.get("when") and not re.search(item["when"], text):
                continue
            # the step missing from the last article (本会修改的章程…后生效) is reported there;
            # not when that article is where the text breaks off (…应报业务主管单|)
            at = found[-1] if item.get("at") == "last" else found[0]
            if cut and at is charter.articles[-1]:
                continue
            message = item["message"].format(article=at.citation)
            out.append(_problem(f"procedure_{spec['id']}", spec, message, at))
    return out


def _own(charter: Charter, pattern: str) -> bool:
    """Whether a branch's rules name this of their own (本会条例从会员代表大会通过之日起生效),
    not of the society they belong to (执行学会会员代表大会的决议)."""
    return any(
        re.search(pattern, without_parent_congress(reading(a.text))) for a in charter.articles
    )


def _about(pattern: re.Pattern[str], article: Article) -> bool:
    """Whether ``article`` opens with what ``pattern`` finds: it is about that."""
    match = pattern.search(reading(article.body))
    return match is not None and match.start() <= ABOUT


def _address(charter: Charter) -> list[Problem]:
    """An address too vague to find the society by. A charter with no address at all is
    reported once, by the engine's rule of 条例第十四条第（一）项."""
    spec = rules()["address"]
    pattern = re.compile(spec["article"])
    for article in charter.articles:
        body = reading(article.body)
        match = pattern.search(body)
        if not match:
            continue
        # the street may follow in brackets: 山西省群众艺术馆（太原市迎泽区侯家巷20号）
        address = re.split(r"[。；;\n]", body[match.end() :])[0].strip()
        if re.search(spec["specific"], address):
            return []
        message = spec["vague"].format(article=article.citation, address=address[:30])
        return [_problem("address", spec, message, article)]
    return []


def _purpose(charter: Charter) -> list[Problem]:
    spec = rules()["purpose"]
    if _first(charter, spec["pattern"]):
        return []
    return [_problem("purpose", spec, spec["missing"], None)]


def _nature(charter: Charter) -> list[Problem]:
    spec = rules()["nature"]
    opening = charter.articles[: spec["within"]]
    pattern = spec["pattern"] + ("|" + spec["branch_pattern"] if is_branch(charter) else "")
    stated = next((a for a in opening if re.search(pattern, reading(a.text))), None)
    if stated is None:
        return [_problem("nature", spec, spec["missing"], charter.articles[0])]
    if is_branch(charter) or any(re.search(spec["non_profit"], reading(a.text)) for a in opening):
        return []
    message = spec["non_profit_message"].format(article=stated.citation)
    return [_problem("nature", spec, message, stated)]


def _party_organ(charter: Charter) -> list[Problem]:
    """A Party article, but no 党建领导机关 named in the 总则."""
    spec = rules()["party_organ"]
    party = _first(charter, spec["party"])
    if is_branch(charter) or party is None:
        return []
    named = re.compile(spec["named"])
    unnamed = re.compile(spec["unnamed"])
    for article in charter.articles:
        text = reading(article.text)
        if named.search(unnamed.sub("", text)):
            return []
        if named.search(text):
            what = unnamed.search(text).group(0)
            message = spec["unnamed_message"].format(article=article.citation, what=what)
            return [_problem("party_organ", spec, message, article)]
    where = _first(charter, rules()["supervisors_named"]["article"]) or party
    message = spec["message"].format(article=where.citation, party=party.citation)
    return [_problem("party_organ", spec, message, where)]


def _special_majority(charter: Charter) -> list[Problem]:
    """The congress's 2/3 vote that leaves out elections or termination."""
    spec = rules()["special_majority"]
    branch = is_branch(charter)
    for article in charter.articles:
        text = reading(article.text)
        if not re.search(spec["congress"], text):
            continue
        # a whole sentence: 下列事项须经…三分之二以上表决通过：（一）…；（二）…；（三）…。
        for sentence in text.split("。"):
            if not (re.search(spec["sentence"], sentence) and re.search(spec["about"], sentence)):
                continue
            missing = [
                item["name"]
                for item in spec["items"]
                if not re.search(item["pattern"], sentence)
                and not (branch and item.get("not_for_branches"))
            ]
            if not missing:
                return []
            message = spec["message"].format(article=article.citation, missing="、".join(missing))
            return [_problem("special_majority", spec, message, article)]
    return []


def _leaders(charter: Charter) -> list[Problem]:
    spec = rules()["leaders_by_standing_council"]
    article = _first(charter, spec["pattern"])
    if article is None:
        return []
    return [_problem("leaders", spec, spec["message"].format(article=article.citation), article)]


def _branch(charter: Charter) -> list[Problem]:
    spec = rules()["branch"]
    if not is_branch(charter):
        return []
    out = []
    for kind, key in (
        ("sub_branch", "sub_branch"),
        ("legal_person", "legal_person"),
        ("legal_person", "registered"),
        ("legal_person", "legal_rep"),
    ):
        pattern = re.compile(spec[key])
        for article in charter.articles:
            text = reading(article.text)
            match = pattern.search(text)
            if match is None or re.search(spec["forbidden_before"], text[: match.start()][-4:]):
                continue  # 不得设立地域性机构，不得再设立分支机构: forbidden, not set up
            if key == "sub_branch":
                # 设立分会党的工作小组: what follows the match in its clause says what is set up
                tail = re.split(r"[。；;，,]", text[match.end() : match.end() + 6])[0]
                if _internal_body(text, match, spec) or re.search(
                    spec["not_sub_branch"], match[0] + tail
                ):
                    continue
            # 设立地区工作部 → 地区工作部: the message says 再设 itself
            what = re.sub(r"^(?:下设立?|设立|再设|设)", "", match.group(0)) or match.group(0)
            message = spec[f"{key}_message"].format(article=article.citation, what=what)
            out.append(_problem(kind, spec, message, article))
            if key != "sub_branch":  # each article setting up sub-units is one defect
                break
    return out


def _parent_named(charter: Charter) -> list[Problem]:
    """A branch's rules naming, for an approval or a filing, another society than the one
    its name says it belongs to: rules copied from another society's branch."""
    spec = rules()["branch"]
    name, where = society_name(charter)
    parent = re.match(spec["parent"], name or "")
    if not parent:
        return []
    own = parent.group("org")
    for article in charter.articles:
        for match in re.finditer(spec["parent_named"], reading(article.text)):
            org = match.group("org")
            if own in org or org in own or "科学技术协会" in org or org.startswith("本"):
                continue
            message = spec["parent_message"].format(
                article=article.citation,
                org=org,
                parent=own,
                where=where.citation if where else "标题",
            )
            kind = {"tier": "consistency", "rule": spec["parent_rule"]}
            return [_problem("branch_parent", kind, message, article)]
    return []


def _internal_body(text: str, match: re.Match, spec: dict) -> bool:
    """Whether the sentence setting up a group calls it the branch's own working body and
    lets it set up nothing below it."""
    start = max(text.rfind("。", 0, match.start()), 0)
    end = text.find("。", match.end())
    sentence = text[start : end if end >= 0 else len(text)]
    rest = sentence[match.end() - start :]
    return bool(re.search(spec["internal_body"], sentence)) and not re.search(
        spec["sets_up_more"], rest
    )


def _supervisors_named(charter: Charter) -> list[Problem]:
    spec = rules()["supervisors_named"]
    if is_branch(charter):
        return []  # a branch answers to its society, which has the supervisors
    if all(_first(charter, p) for p in spec["elsewhere"]):
        return []  # named in another article (本会的业务主管单位是…)
    # the Party article (本会党组织接受中共…党组的领导) names the Party's organ, not these two
    pattern, party = re.compile(spec["article"]), re.compile(spec["party"])
    articles = [
        a
        for a in charter.articles
        if any(not party.search(m.group(0)) for m in pattern.finditer(reading(a.text)))
    ]
    named = [a for a in articles if re.search(spec["named"], reading(a.text))]
    article = (named or articles or [None])[0]
    if article is None:
        return []
    text = reading(article.text)
    if "上述" in text and article.index > 1:  # 接受上述单位…: named in the article before
        text = reading(charter.articles[article.index - 2].text) + text
    if re.search(spec["named"], text):
        unnamed = [
            body["body"]
            for body in spec["unnamed"]
            if re.search(body["pattern"], text) and _first(charter, body["elsewhere"]) is None
        ]
        if not unnamed:
            return []
        message = spec["unnamed_message"].format(
            article=article.citation, bodies="”“".join(unnamed)
        )
        return [_problem("supervisors_named", spec, message, article)]
    match = re.search(r"接?受(.{2,60}?)的?(?:业务指导|指导|领导|监督管理)", reading(article.text))
    bodies = match.group(1) if match else ""
    message = spec["message"].format(article=article.citation, bodies=bodies)
    return [_problem("supervisors_named", spec, message, article)]


def _name_kind(charter: Charter) -> list[Problem]:
    spec = rules()["name_kind"]
    name, where = society_name(charter)
    kind = re.search(spec["names"], name or "")
    if not kind or where is None:
        return []
    declared = re.search(spec["declared"], reading(where.text))
    if not declared:
        return []
    message = spec["message"].format(
        article=where.citation, name=name, kind=kind.group(0), declared=declared.group(0)
    )
    return [_problem("name_kind", spec, message, where)]


def _adoption(charter: Charter) -> list[Problem]:
    """No article saying when and by which meeting the charter was adopted: unless the lines
    under its title do (（2021年4月16日第三届全体委员会议修订通过）)."""
    spec = rules()["adoption"]
    start = charter.body.find(charter.articles[0].clause.label)
    preamble = reading(charter.body[: max(start, 0)])
    if _first(charter, spec["pattern"]) or re.search(spec["under_title"], preamble):
        return []
    # 本章程经本会会员大会表决通过: the article to complete, else the last one
    where = _first(charter, spec["article"]) or charter.articles[-1]
    return [_problem("adoption", spec, spec["message"], where)]


def is_branch(charter: Charter) -> bool:
    """A 分会 or 专业委员会: a part of another society, not a society of its own."""
    spec = rules()["branch"]
    name, _where = society_name(charter)
    opening = "".join(reading(a.text) for a in charter.articles[:3])
    return bool(
        re.search(spec["is_branch"], name or "") or re.search(spec["is_branch_text"], opening)
    )


def _fees(charter: Charter) -> list[Problem]:
    """Fees fixed in the charter, or a power to set them, with no secret ballot. A body other
    than the congress given the power is reported at the first article that gives it, naming
    the others (会费标准由理事会制定 in one article, 理事会的职权：…制定会费标准 in another)."""
    spec = rules()["fees"]
    given: dict[int, tuple[Article, str]] = {}
    for article in charter.articles:
        other = re.search(spec["other_body"], reading(article.text))
        if other:
            given.setdefault(article.index, (article, other.group("body") or other.group("body2")))
    for article in charter.articles:  # a sentence naming no congress
        for sentence in _sentences(article):
            if re.search(spec["sentence_power"], sentence) and "大会" not in sentence:
                body = re.search(spec["sentence_body"], sentence)
                if body and not POWERS.search(sentence):
                    given.setdefault(article.index, (article, body.group(0)))
    for article in charter.articles:  # an item of the council's list of powers
        text = reading(article.text)
        heading = POWERS.search(text)
        body = heading and (heading.group("body") or heading.group("other"))
        if body in ("理事会", "常务理事会") and re.search(
            spec["power_item"], text[heading.end() :]
        ):
            given.setdefault(article.index, (article, body))
    if given:
        (article, body), *others = [given[i] for i in sorted(given)]
        message = spec["other_body_message"].format(article=article.citation, body=body)
        if others:
            message += f"（另见{'、'.join(a.citation for a, _b in others)}）"
        return [_problem("fees", spec, message, article)]
    if _first(charter, spec["ballot"]):
        return []
    article = _first(charter, spec["show_of_hands"])
    if article is not None:
        message = spec["show_of_hands_message"].format(article=article.citation)
        return [_problem("fees", spec, message, article)]
    article = _first(charter, spec["amount"])
    if article is not None:
        return [_problem("fees", spec, spec["message"].format(article=article.citation), article)]
    article = _first(charter, spec["power"])
    if article is None:
        return []
    message = spec["power_message"].format(article=article.citation)
    return [_problem("fees", spec, message, _first(charter, spec["votes"]) or article)]


def _age_at_start(charter: Charter, facts: Mapping[str, Fact]) -> list[Problem]:
    """An age limit at taking office (任职时年龄不超过70周岁) that the term lets a leader
    outrun before it ends."""
    spec = rules()["age_at_start"]
    term = facts["governance.term_years"].value if "governance.term_years" in facts else 5
    for article in charter.articles:
        for sentence in _sentences(article):
            match = re.search(spec["pattern"], sentence)
            if not match or re.search(spec["unless"], sentence):
                continue
            age = to_int(match.group("age"))
            if age is not None and age + term > spec["limit"]:
                message = spec["message"].format(
                    article=article.citation, what=match.group("what"), limit=spec["limit"]
                )
                return [_problem("age_at_start", spec, message, article)]
    return []


def _deadlines(charter: Charter) -> list[Problem]:
    """A time limit of the law the charter states longer (60日内报登记管理机关核准)."""
    out = []
    for spec in rules().get("deadlines") or []:
        pattern = re.compile(spec["pattern"])
        for article in charter.articles:
            match = pattern.search(reading(article.text))
            days = to_int(match.group("days")) if match else None
            if days is not None and days > spec["max"]:
                message = spec["message"].format(article=article.citation, days=days)
                out.append(_problem(spec["id"], spec, message, article))
                break
    return out


def _forbidden(charter: Charter) -> list[Problem]:
    """What the charter permits in so many words that a rule forbids (本会法定代表人可以兼任其他
    社会团体的法定代表人; 由会长决定予以除名): one finding per item, at the first article."""
    branch = is_branch(charter)
    out = []
    for spec in rules().get("forbidden") or []:
        if (branch and spec.get("not_for_branches")) or (not branch and spec.get("only_branches")):
            continue
        if spec.get("unless_charter") and any(
            re.search(spec["unless_charter"], reading(a.text)) for a in charter.articles
        ):
            continue  # the rule is stated in another article
        pattern = re.compile(spec["pattern"])
        unless = re.compile(spec["unless"]) if spec.get("unless") else None
        about = re.compile(spec.get("article") or "")
        hit = next(
            (
                (article, match)
                for article in charter.articles
                if about.search(reading(article.text))
                for sentence in _sentences(article)
                for match in [pattern.search(sentence)]
                if match and not (unless and unless.search(_scope(spec, sentence, match)))
            ),
            None,
        )
        if hit is None:
            continue
        article, match = hit
        named = {k: v for k, v in match.groupdict().items() if v}
        what = next(iter(named.values()), match.group(0))
        message = spec["message"].format(article=article.citation, what=what)
        out.append(_problem(spec["id"], spec, message, article))
    return out


def _scope(spec: dict, sentence: str, match: re.Match[str]) -> str:
    """Where a forbidden item's exception is looked for: the sentence, or with ``unless_scope:
    clause`` only the clauses the match spans (理事可以兼任监事，会长…不得兼任监事 states two
    rules; the 不得 of the second is no exception to the first)."""
    return clause_of(sentence, match) if spec.get("unless_scope") == "clause" else sentence
