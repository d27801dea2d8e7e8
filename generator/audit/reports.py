"""The audit's documents: the review report (审查意见) and the revision table (修改对照表).

Both are written as Markdown and rendered by ``generator.word.rendering`` in the house style
(GB/T 9704), so they look like every other document xuehui produces. Charter and regulation
text enters the Markdown only through ``escape_markdown``: a charter containing ``*``, ``|``
or ``<`` never breaks the table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.audit import AuditReport
from generator.audit.evaluation import STATUS_LABELS, AuditFinding
from generator.word.rendering import Annex, escape_markdown, format_date, render

_LABEL = re.compile(r"^(第[零〇一二两三四五六七八九十百]+条)")


def _cell(text: str) -> str:
    """One table cell: paragraphs joined on one line, Markdown escaped."""
    joined = "　".join(part.strip() for part in str(text).splitlines() if part.strip())
    return escape_markdown(joined) or "—"


def basis(finding: AuditFinding) -> str:
    """依据: the citation, the verbatim quote where the corpus has it, and the rule."""
    if finding.quote:
        return f"{finding.citation}：“{finding.quote}”"
    return finding.citation


def problem_text(finding: AuditFinding) -> str:
    severity = {"error": "必须修改", "warning": "应当修改", "advice": "建议参考"}[finding.severity]
    return f"【{STATUS_LABELS[finding.status]}·{severity}】{finding.label}：{finding.rule}"


def suggestion(finding: AuditFinding) -> str:
    if finding.edits:  # the new sentences, each under its article
        return "；".join(
            e.after if e.after.startswith(e.article) else f"{e.article}：{e.after}"
            for e in finding.edits
        )
    if finding.proposal_kind == "add" and finding.proposal:
        where = f"（可列入“{finding.proposal_chapter}”章）" if finding.proposal_chapter else ""
        return f"新增条文{where}：{finding.proposal}"
    return finding.proposal or "请结合本会实际补充或修改"


def table_findings(report: AuditReport) -> list[AuditFinding]:
    """What the review table lists: binding problems, then model warnings, then advice."""
    binding = report.binding_problems()
    binding.sort(
        key=lambda f: ({"error": 0, "warning": 1, "advice": 2}[f.severity], f.status != "violated")
    )
    return binding + report.other_problems()


def report_markdown(report: AuditReport, today: dt.date | None = None) -> tuple[str, str]:
    """(main text, annex table) of the review report, as Markdown."""
    charter = report.charter
    counts = report.counts()
    today = today or dt.date.today()
    title = escape_markdown(charter.title)
    lines = [
        f"# 《{title}》审查意见",
        "",
        "::: subtitle",
        f"（{escape_markdown(report.jurisdiction_label)}　{format_date(today)}）",
        ":::",
        "",
    ]
    lines += ["## 一、审查结论", ""]
    docs = _doc_titles(report.binding_docs)
    bound = f"约束本会的文件为{'、'.join(docs)}" if docs else "语料库中没有约束本会的文件"
    lines.append(
        escape_markdown(
            f"本章程共{len(charter.chapters)}章、{len(charter.articles)}条。{bound}。"
            f"对照约束本会的规定和社会团体章程示范文本：符合{counts['satisfied']}项，"
            f"不符合{counts['violated']}项，章程未规定{counts['absent']}项，"
            f"需人工核对{counts['unknown']}项。"
        )
    )
    lines.append("")
    must = [f for f in report.findings if f.decides_exit]
    lines.append(
        escape_markdown(
            f"其中必须修改的问题{len(must)}项（见附件审查意见表）。"
            if must
            else "未发现约束本会的强制性规定（须、应）被违反或缺失。"
        )
    )
    lines += ["", "## 二、章程文本自身的问题", ""]
    own = [p for p in report.problems if p.tier == "consistency"]
    if own:
        for p in own:
            current = f"（现行示范文本表述：{p.suggestion}）" if p.suggestion else ""
            lines.append(f"- {escape_markdown(p.message + current)}")
    else:
        lines.append("未发现条文编号跳号、重号、名称不一致等问题。")
    lines += ["", "## 三、须修改的问题", ""]
    if must:
        for n, finding in enumerate(must, 1):
            where = f"（{finding.article}）" if finding.article else ""
            lines.append(
                f"{n}. "
                + escape_markdown(f"{finding.message.rstrip('。')}{where}。依据{basis(finding)}。")
            )
            lines.append("")
    else:
        lines.append("无。")
        lines.append("")
    lines += [
        "## 四、说明",
        "",
        escape_markdown(
            "“建议修改为”一栏的条文取自本工具生成章程所用的模板，与生成的章程一致；"
            "条文中的人数、名称等请结合本会实际确定。示范文本的通行规定未收入法规"
            "语料库，仅作提示，不计入必须修改的问题。"
        ),
        "",
    ]
    table = [
        "# 审查意见表",
        "",
        "| 序号 | 条款 | 现行表述 | 问题 | 依据 | 建议修改为 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for n, finding in enumerate(table_findings(report), 1):
        table.append(
            "| "
            + " | ".join(
                [
                    str(n),
                    _cell(finding.article or "（未规定）"),
                    _cell(finding.current or "（章程未作规定）"),
                    _cell(problem_text(finding)),
                    _cell(basis(finding)),
                    _cell(suggestion(finding)),
                ]
            )
            + " |"
        )
    texts = {a.citation: a.text for a in report.charter.articles}
    for problem in (p for p in report.problems if p.tier in ("law", "model")):
        n = len(table) - 3
        table.append(
            "| "
            + " | ".join(
                [
                    str(n),
                    _cell(problem.article or "（未规定）"),
                    _cell(texts.get(problem.article or "", "") or "（章程未作规定）"),
                    _cell(f"【{problem.tier_label}·应当修改】{problem.message}"),
                    _cell(problem.rule),
                    _cell(problem.suggestion or "请结合本会实际补充或修改"),
                ]
            )
            + " |"
        )
    if len(table) == 4:
        table.append("| — | — | — | 未发现问题 | — | — |")
    return "\n".join(lines), "\n".join(table) + "\n"


def _doc_titles(doc_ids: list[str]) -> list[str]:
    import kb

    corpus = kb.load_corpus()
    return [f"《{corpus.document(d).title}》" for d in doc_ids if d in corpus]


def report_docx(report: AuditReport, fmt: str = "docx") -> bytes:
    main, table = report_markdown(report)
    return render(
        main,
        fmt=fmt,
        title=f"{report.charter.title}审查意见",
        annexes=[Annex(table, landscape=True)],
    )


# --------------------------------------------------------------------------- 修改对照表
@dataclass
class RevisionRow:
    original: str  # 原条文 (the whole article, or （无） for a new one)
    revised: str  # 修改后条文
    reasons: list[str] = field(default_factory=list)
    order: int = 0


def _reason(finding: AuditFinding) -> str:
    return f"依据{basis(finding)}，{finding.rule}。"


def revision_rows(report: AuditReport) -> list[RevisionRow]:
    """One row per amended article (all its edits applied) and one per new article.

    Binding rules and the model charter's warnings are included; what is only advice
    (references, 可以/鼓励) is not: the table goes to the registrar with the amendment.
    """
    findings = [
        f
        for f in report.findings
        if f.is_problem and f.severity != "advice" and (f.binding or f.source == "model")
    ]
    rows: dict[str, RevisionRow] = {}
    order = {a.text: a.index for a in report.charter.articles}
    for finding in findings:
        if finding.edits:
            for edit in finding.edits:
                row = rows.setdefault(
                    edit.article_text,
                    RevisionRow(
                        original=edit.article_text,
                        revised=edit.article_text,
                        order=order.get(edit.article_text, 0),
                    ),
                )
                if edit.before in row.revised:
                    row.revised = row.revised.replace(edit.before, edit.after, 1)
                _add_reason(row, _reason(finding))
        elif finding.proposal_kind == "replace" and finding.proposal and finding.article_text:
            row = rows.setdefault(
                finding.article_text,
                RevisionRow(
                    original=finding.article_text,
                    revised=finding.proposal,
                    order=order.get(finding.article_text, 0),
                ),
            )
            _add_reason(row, _reason(finding))
        elif finding.proposal_kind == "add" and finding.proposal:
            row = rows.setdefault(
                "new:" + finding.proposal,
                RevisionRow(
                    original="（无）", revised=f"新增：{finding.proposal}", order=10_000 + len(rows)
                ),
            )
            _add_reason(row, _reason(finding))
    return sorted(rows.values(), key=lambda r: r.order)


def _add_reason(row: RevisionRow, reason: str) -> None:
    if reason not in row.reasons:
        row.reasons.append(reason)


def revision_markdown(report: AuditReport) -> str:
    title = escape_markdown(report.charter.title)
    lines = [
        f"# 《{title}》修改对照表",
        "",
        "| 序号 | 原条文 | 修改后条文 | 修改理由 |",
        "| --- | --- | --- | --- |",
    ]
    rows = revision_rows(report)
    for n, row in enumerate(rows, 1):
        lines.append(
            f"| {n} | {_cell(row.original)} | {_cell(row.revised)} | "
            f"{_cell(''.join(row.reasons))} |"
        )
    if not rows:
        lines.append("| — | — | — | 经审查，无须修改的条文 |")
    return "\n".join(lines) + "\n"


def revision_docx(report: AuditReport, fmt: str = "docx") -> bytes:
    return render(revision_markdown(report), fmt=fmt, title=f"{report.charter.title}修改对照表")
