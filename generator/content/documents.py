"""The documents a secretariat prints: charter, its 条款依据对照表, duty descriptions,
resolutions.

Each function turns a profile into a ``Document`` (Markdown plus annexes); ``write``
renders it through ``generator.word.rendering`` to .docx, .md or .html and writes it atomically.
``generate`` is what the CLI and the web app call: it checks the profile first and refuses
one with errors unless forced, in which case the findings go into the document as an annex.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.content.charter import charter_context, draft_charter
from generator.content.resolutions import check_meeting, get_kind, kinds
from generator.content.templating import md_escape, md_unescape, render_template
from generator.profile import Profile, contradictions
from generator.rules.compliance import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    Finding,
    check,
    has_errors,
)
from generator.word.rendering import Annex, refuse_to_replace, render, write
from kb import atomic
from kb.errors import InputError, XuehuiError

What = Literal["charter", "basis", "duties", "resolution"]


@dataclass
class Document:
    """A document ready to render: its file stem, Markdown body and annexes."""

    stem: str
    markdown: str
    annexes: list[Annex] = field(default_factory=list)
    landscape: bool = False

    def render(self, fmt: str = "docx") -> bytes:
        return render(self.markdown, fmt=fmt, annexes=self.annexes, landscape=self.landscape)


def _safe_stem(text: str) -> str:
    """A file name from a Chinese title: path separators, reserved and control characters
    dropped, cut to the file system's byte limit (with room for the longest suffix)."""
    return atomic.fit_stem(text, ".docx")


def _cell(value: Any) -> str:
    return md_escape(value)


def basis_table(draft: Any) -> str:
    """条款依据对照表: every binding provision → the article that implements it.

    A separate file, not an annex: the charter filed with the registrar carries no
    drafting notes, while the society's lawyer and the supervisor read the table beside it.
    """
    lines = [
        f"# {md_escape(draft.profile.name)}章程条款依据对照表",
        "",
        "| 序号 | 事项 | 规定 | 依据 | 本章程条款 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for n, row in enumerate(draft.basis(), 1):
        lines.append(
            f"| {n} | {_cell(row['label'])} | {_cell(row['quote'])} | "
            f"{_cell(row['citation'])} | {_cell(row['article'])} |"
        )
    if len(lines) == 4:
        lines.append("| — | 无约束本会的地方规定 | — | 《社会团体登记管理条例》 | 全文 |")
    return "\n".join(lines) + "\n"


def findings_annex(findings: list[Finding]) -> Annex:
    """The compliance findings, written into a forced document so nobody misses them."""
    problems = [f for f in findings if f.is_problem and f.binding]
    lines = [
        "# 合规检查结果",
        "",
        "本文件在存在合规问题的情况下强制生成，下列问题须在提交前解决。",
        "",
        "| 序号 | 结论 | 程度 | 层级 | 问题 | 依据 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for n, f in enumerate(problems, 1):
        lines.append(
            f"| {n} | {STATUS_LABELS[f.status]} | {SEVERITY_LABELS[f.severity]} | "
            f"{_cell(f.tier_label)} | {_cell(f.message)} | {_cell(f.citation)}"
            + (f"：{_cell(f.quote)} |" if f.quote else " |")
        )
    return Annex("\n".join(lines) + "\n", landscape=True)


def charter_document(profile: Profile) -> Document:
    """The charter as filed with the registrar: the articles only, no drafting annex."""
    draft = draft_charter(profile)
    return Document(stem=_safe_stem(f"{profile.name}章程"), markdown=draft.markdown)


def basis_document(profile: Profile) -> Document:
    """The 条款依据对照表 of the charter, a landscape table in its own file."""
    draft = draft_charter(profile)
    return Document(
        stem=_safe_stem(f"{profile.name}章程条款依据对照表"),
        markdown=basis_table(draft),
        landscape=True,
    )


def duties_document(profile: Profile) -> Document:
    context = charter_context(profile)
    markdown = render_template("duties/duties.md.j2", **context)
    return Document(stem=_safe_stem(_heading(markdown)), markdown=markdown)


def _heading(markdown: str) -> str:
    """The document's title as printed (its first ``#`` line): the file is named after it."""
    return md_unescape(markdown.split("\n", 1)[0].removeprefix("# "))


class MissingMeeting(InputError):
    """A resolution was asked for without its meeting facts.

    The message names the facts and where they come from (the profile's ``meetings.<kind>``
    or a separate meeting file); the CLI and the web page each add how their users give them.
    """

    def __init__(self, kind_key: str, kind_name: str, title: str = "") -> None:
        self.kind_key = kind_key
        self.kind_name = kind_name  # the kind's general name, as the web form's sections say it
        super().__init__(
            f"缺少“{title or kind_name}”的会议情况（日期、地点、人数、表决票数等）：请在学会信息的 "
            f"meetings.{kind_key} 中填写，或另附会议情况文件"
        )


def resolution_document(
    profile: Profile, kind_key: str, meeting: dict[str, Any] | None = None
) -> Document:
    """A resolution from the meeting facts (or the profile's ``meetings`` entry)."""
    kind = get_kind(kind_key)
    if meeting is None:
        meeting = profile.meetings.get(kind_key)
        if meeting is None:
            raise MissingMeeting(kind_key, kind.name, kind.title_for(profile))
    facts, tally = check_meeting(kind, profile, meeting)
    context = charter_context(profile)
    markdown = render_template(kind.template, m=facts, v=tally, **context)
    stem = f"{_heading(markdown)}{facts['date']:%Y%m%d}"
    return Document(stem=_safe_stem(stem), markdown=markdown)


def build(
    profile: Profile, what: What, kind: str | None = None, meeting: dict[str, Any] | None = None
) -> Document:
    if what == "charter":
        return charter_document(profile)
    if what == "basis":
        return basis_document(profile)
    if what == "duties":
        return duties_document(profile)
    if what == "resolution":
        if not kind:
            raise InputError(
                "请指定决议类别，如 xuehui generate resolution adopt_charter；"
                "用 --list 查看全部类别"
            )
        return resolution_document(profile, kind, meeting)
    raise InputError(
        f"不能生成“{what}”：可生成 charter（章程）、basis（条款依据对照表）、"
        "duties（岗位职责）、resolution（决议）"
    )


class NotCompliant(XuehuiError):
    """The profile breaks binding rules and the document was not forced; ``errors`` are the
    findings at fault (the message gives the CLI's way out; the web app words its own)."""

    def __init__(self, errors: list[Finding]) -> None:
        self.errors = errors
        super().__init__(
            f"学会信息有 {len(errors)} 项不符合约束本会的规定，未生成文件：\n"
            f"{self.listing()}\n修改学会信息后重试，或加 --force 强制生成（问题将作为附件写入文件）"
        )

    def listing(self) -> str:
        return "\n".join(f"  - 【{f.tier_label}】{f.message}（{f.citation}）" for f in self.errors)


@dataclass
class Generated:
    path: Path
    findings: list[Finding]
    forced: bool


def generate(
    profile: Profile,
    what: What,
    out_dir: str | Path,
    *,
    fmt: str = "docx",
    kind: str | None = None,
    meeting: dict[str, Any] | None = None,
    overwrite: bool = False,
    force: bool = False,
) -> Generated:
    """Check, build, render and write one document; refuse a profile with errors unless forced."""
    findings = check(profile)
    path, data = prepare(
        profile, findings, what, out_dir, fmt=fmt, kind=kind, meeting=meeting, force=force
    )
    write(path, data, overwrite=overwrite)
    return Generated(path=path, findings=findings, forced=has_errors(findings))


def prepare(
    profile: Profile,
    findings: list[Finding],
    what: What,
    out_dir: str | Path,
    *,
    fmt: str,
    kind: str | None = None,
    meeting: dict[str, Any] | None = None,
    force: bool = False,
) -> tuple[Path, bytes]:
    """The target path and rendered bytes of one document, nothing written yet (the web app
    hands the bytes to the browser; ``generate`` writes them)."""
    impossible = contradictions(profile)
    if impossible:
        raise XuehuiError(
            "学会信息中有章程无法如实写明的数值，未生成文件（--force 也不能生成）：\n"
            + "\n".join(f"  - {line}" for line in impossible)
        )
    errors = [f for f in findings if f.is_error]
    if errors and not force:
        raise NotCompliant(errors)
    document = build(profile, what, kind, meeting)
    if has_errors(findings):
        document.annexes.append(findings_annex(findings))
    return Path(out_dir) / f"{document.stem}.{fmt}", document.render(fmt)


def generate_all(
    profile: Profile,
    out_dir: str | Path,
    *,
    fmt: str = "docx",
    overwrite: bool = False,
    force: bool = False,
) -> list[Generated]:
    """The charter, its 条款依据对照表, the duties and every resolution whose meeting facts the
    profile holds (``skipped_resolutions`` says which others were left out and why).

    All or nothing: every document is built and every target checked before the first file is
    written, so a bad meeting entry or an existing file leaves the folder as it was.
    """
    findings = check(profile)
    jobs: list[tuple[What, str | None]] = [("charter", None), ("basis", None), ("duties", None)]
    jobs += [("resolution", kind) for kind in profile.meetings]
    prepared = [
        prepare(profile, findings, what, out_dir, fmt=fmt, kind=kind, force=force)
        for what, kind in jobs
    ]
    prepared = _distinct(prepared)
    for path, _ in prepared:
        refuse_to_replace(path, overwrite=overwrite)
    # written into a hidden folder beside the targets and moved in only when all are on disk
    written = atomic.write_set(prepared)
    return [
        Generated(path=path, findings=findings, forced=has_errors(findings)) for path in written
    ]


def _distinct(prepared: list[tuple[Path, bytes]]) -> list[tuple[Path, bytes]]:
    """Two documents whose (shortened) names coincide get -2, -3 … instead of one replacing
    the other."""
    seen: set[Path] = set()
    out = []
    for path, data in prepared:
        candidate, number = path, 1
        while candidate in seen:
            number += 1
            candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        seen.add(candidate)
        out.append((candidate, data))
    return out


@dataclass
class Skipped:
    """A resolution kind ``generate_all`` did not write, and why (shown to the user)."""

    kind: str
    title: str
    reason: str


def skipped_resolutions(profile: Profile) -> list[Skipped]:
    """The kinds without meeting facts in the profile, or that do not apply to this society."""
    out = []
    for key, kind in kinds().items():
        if key in profile.meetings:
            continue
        reason = f"学会信息中没有会议情况 meetings.{key}"
        for path, expected in kind.requires_profile:
            actual: Any = profile
            for part in path.split("."):
                actual = getattr(actual, part)
            if actual != expected:
                reason = "不适用于本会：" + (kind.requires_text.split("，", 1)[0] or path)
        out.append(Skipped(kind=key, title=kind.title_for(profile), reason=reason))
    return out
