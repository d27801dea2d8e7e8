"""What of a charter can be judged, and where a missing rule belongs.

Real charters reach the audit incomplete: a web page holding only 第一章, a database field cut
off inside 第二十三条. A rule of a chapter the text never reaches is not "章程未规定" — nobody
can tell — so the audit says the text is incomplete, names the chapters it lacks and leaves
their rules as 需人工核对. And when a charter does lack a rule, a lawyer points at the article
where it belongs (理事会的职权 for the council's quorum): ``place`` does the same.

The model charter's chapters, their headings and the rules each holds, and where each kind
of rule belongs, are data (``chapters``, ``anchors`` in generator/data/charter_consistency.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.audit.consistency import rules
from generator.audit.evaluation import Finding
from generator.audit.facts import Fact
from generator.audit.reader import Article, Charter, Problem
from generator.audit.vocabulary import characters, reading

_ENDS = "。；;！!）)"
CUT_REACH = 2  # articles before a cut-off end whose topic the lost text may still continue


@dataclass
class Coverage:
    """Which of the model's chapters the text has; whether it runs to the end."""

    complete: bool
    covered: set[int] = field(default_factory=set)
    last: int = 0  # the last chapter the text reaches
    cut: bool = False  # the text stops inside a sentence

    @property
    def in_last_chapter(self) -> bool:
        """Whether the text reaches the model's last chapter (附则)."""
        return self.last == max((c["n"] for c in rules().get("chapters") or []), default=0)

    def judged(self, chapter: int | None, anchored: bool, tail: bool = False) -> bool:
        """Whether a rule of ``chapter`` can be judged as absent (``tail``: a rule the model
        states at the end of its chapter)."""
        if self.complete or chapter is None:
            return True
        if chapter not in self.covered:
            return False
        return chapter < self.last or (anchored and not tail)


def chapter_of(key: str) -> int | None:
    for chapter in rules().get("chapters") or []:
        if re.search(chapter["rules"], key):
            return chapter["n"]
    return None


def in_tail(key: str, text: str = "") -> bool:
    """Whether the rule ``key`` is one the model states at the end of its chapter, and the
    charter ``text`` has not already said how it stands (本会不设监事会)."""
    return any(
        re.search(chapter["tail"], key) and not re.search(chapter.get("tail_said") or "(?!)", text)
        for chapter in rules().get("chapters") or []
        if chapter.get("tail")
    )


def coverage(charter: Charter) -> Coverage:
    chapters = rules().get("chapters") or []
    marks = re.compile(rules().get("complete_marks") or "(?!)")
    last = charter.articles[-1]
    cut = not last.text.rstrip().endswith(tuple(_ENDS))
    # 第三章 会 员: a heading spaced out for layout
    headings = [re.sub(r"\s", "", characters(c.text.split("\n")[0])) for c in charter.chapters]
    complete = not cut and (
        any(re.search("附则", h) for h in headings)
        or any(marks.search(reading(a.text)) for a in charter.articles[-5:])
    )
    covered: set[int] = {1}
    if headings:
        for heading in headings:
            for chapter in chapters:
                if re.search(chapter["heading"], heading):
                    covered.add(chapter["n"])
                    break
    else:  # no headings: each article's opening words tell its chapter
        for article in charter.articles:
            opening = reading(article.body)[:16]
            for chapter in sorted(chapters, key=lambda c: -c["n"]):
                if chapter["n"] != 3 and re.search(chapter["heading"], opening):
                    covered.add(chapter["n"])
                    break
    return Coverage(complete=complete, covered=covered, last=max(covered), cut=cut)


def incomplete_problem(charter: Charter, scope: Coverage) -> Problem | None:
    if scope.complete:
        return None
    last = charter.articles[-1]
    missing = [c["title"] for c in rules().get("chapters") or [] if c["n"] not in scope.covered]
    if scope.cut:
        tail = last.text.rstrip()[-8:]
        how = f"文本在{last.citation}“…{tail}”处中断"
    else:
        how = f"文本止于{last.citation}，没有附则，也没有生效条款"
    return Problem(
        "incomplete",
        f"文本不完整：{how}；缺少示范文本的{'、'.join(missing)}等章的内容，"
        "这些内容无法审查，请提供完整的章程文本",
        last.citation,
        "warning",
        number=last.number,
        rule="章程应当完整载明《社会团体登记管理条例》第十四条规定的事项",
    )


def _anchor(key: str, charter: Charter) -> Article | None:
    """The first article matching the first anchor of ``key`` that any article matches."""
    for anchor in rules().get("anchors") or []:
        if re.search(anchor["rules"], key):
            pattern = re.compile(anchor["article"])
            found = next((a for a in charter.articles if pattern.search(reading(a.text))), None)
            if found is not None:
                return found
    return None


def _topic(article: Article) -> str | None:
    """The anchor pattern an article belongs to (理事会的职权 → the council's)."""
    text = reading(article.text)
    for anchor in rules().get("anchors") or []:
        if re.search(anchor["article"], text):
            return anchor["article"]
    return None


def place(
    findings: list[Finding],
    charter: Charter,
    scope: Coverage,
    facts: Mapping[str, Fact],
) -> None:
    """Point absent rules at the article where they belong; leave rules of chapters the text
    does not reach unjudged. A rule whose general counterpart the charter states (决议须经到会
    会员半数以上, and no 2/3 for amending the charter) is pointed at that article, saying what
    it states instead."""
    beside_of = rules().get("absent_beside") or {}
    # a text cut off inside the council's articles has not yet said what the council's
    # rules are: rules anchored on the topic the text stops in are not judged either
    open_topic = _topic(charter.articles[-1]) if not scope.complete else None
    # and a text cut inside a sentence may go on to state what its last articles lead up to
    # (理事长…必须具备下列条件 … 理事长为本会的法定代表人): nothing anchored there is judged
    last_index = charter.articles[-1].index
    near_cut = CUT_REACH if scope.cut else -1
    whole = "\n".join(reading(a.text) for a in charter.articles)
    advice = set(rules().get("advice_when_absent") or [])
    advice_subjects = set(rules().get("advice_when_absent_subjects") or [])
    for finding in findings:
        if finding.status != "absent":
            continue
        if finding.id in advice or finding.subject in advice_subjects:
            finding.severity = "advice"
        key = f"{finding.fact_key or ''} {finding.subject}"
        beside = facts.get(beside_of.get(finding.fact_key or "", ""))
        if beside is not None and (beside.derived or beside.article is None):
            beside = None
        anchor = beside.article if beside is not None else _anchor(key, charter)
        anchored = anchor is not None and (open_topic is None or _topic(anchor) != open_topic)
        if anchored and last_index - anchor.index <= near_cut:
            anchored = False
        if not scope.judged(chapter_of(key), anchored, in_tail(key, whole)):
            finding.status = "unknown"
            finding.message = (
                f"{finding.label}：规定{finding.rule}；章程文本不完整，"
                "没有相应的章，无法审查，请对照完整文本人工核对。"
            )
            continue
        if anchor is not None and not finding.article:
            finding.article = anchor.citation
            finding.article_text = anchor.text
            said = (
                f"只规定{beside.label}为“{beside.display}”，其他条款也没有相应规定"
                if beside is not None
                else "（相关条款）及其他条款中没有相应规定"
            )
            finding.message = f"{finding.label}：规定{finding.rule}；章程{anchor.citation}{said}。"


def without_council(findings: list[Finding]) -> None:
    """A branch (分会, 专业委员会) often has no 理事会 — its 全体委员会议 and 常务委员会
    govern it, and the law's 理事会 is a legal person's: the council's rules are then not
    judged one by one."""
    _without(findings, r"(?<!standing_)council", "本会是分支机构，未设理事会，请人工核对。")


def for_branch(findings: list[Finding], charter: Charter) -> None:
    """A branch's own rules (分会、专业委员会工作规则) need not restate what the model charter or a
    regional document asks of a registered society's congress and leaders: what they leave out
    is advice (建议参考).
    What they state against the model (a quorum of half, 连选连任不限届数) is still judged, and
    so is a missing Party article (``branch_keeps`` in charter_consistency.yaml), unless the
    branch says whose Party leadership it works under (``branch_keeps_unless``: 接受协会党委的
    领导 — its society's Party article covers it). Nor need they
    state every item 条例第十四条 asks of a society's charter (``branch_advice``), nor set up
    the bodies a society must have (``branch_bodies``)."""
    keep = re.compile(rules().get("branch_keeps") or "(?!)")
    led = re.compile(rules().get("branch_keeps_unless") or "(?!)")
    if any(led.search(reading(a.text)) for a in charter.articles):
        keep = re.compile("(?!)")
    law = re.compile(rules().get("branch_advice") or "(?!)")
    bodies = re.compile(rules().get("branch_bodies") or "(?!)")
    for finding in findings:
        key = f"{finding.fact_key or ''} {finding.subject}"
        if finding.status == "violated" and bodies.search(key):
            finding.severity = "advice"  # 设立常务理事会: the society's body, not the branch's
        if finding.status != "absent":
            continue
        society_rule = finding.source == "model" or finding.tier == "regional"
        if (society_rule and not keep.search(key)) or law.search(finding.subject or ""):
            finding.severity = "advice"


def without_congress(findings: list[Finding]) -> None:
    """A charter with no 会员（代表）大会 at all is told so once (``contents``); the rules
    about that congress's quorum or votes are then not judged one by one."""
    _without(findings, r"congress|representatives", "章程未设会员（代表）大会，设立后应一并规定。")


def _without(findings: list[Finding], rules: str, why: str) -> None:
    """Rules about a body the charter does not have: 需人工核对, saying why."""
    for finding in findings:
        key = f"{finding.fact_key or ''} {finding.subject}"
        if finding.status == "absent" and re.search(rules, key):
            finding.status = "unknown"
            finding.message = f"{finding.label}：规定{finding.rule}；{why}"
