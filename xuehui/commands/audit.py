"""`xuehui audit CHARTER`: check an existing charter against the rules that bind the society.

Exit codes as `xuehui check`: 0 when nothing binding and mandatory is violated or missing,
1 when something is, 2 when the charter (or the profile) cannot be read. Files are written
only after the whole audit succeeded, each atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from generator.audit import AuditReport, audit
from generator.audit.evaluation import STATUS_LABELS, Finding
from generator.rules.compliance import SEVERITY_LABELS
from kb.errors import InputError
from kb.levels import choices_text
from xuehui.output import console, emit_json, plain

# Colours only: the words are the report's own labels, so the table and --json agree.
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "advice": "dim"}
_STATUS_STYLE = {
    "violated": "red",
    "absent": "magenta",
    "unknown": "cyan",
    "satisfied": "green",
    "not_applicable": "dim",
}
_FORMATS = {".docx": "docx", ".md": "md", ".html": "html", ".htm": "html"}


def _format_of(path: Path, option: str) -> str:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError("输出文件的扩展名应为 .docx、.md 或 .html", where=f"{option} {path}")
    return fmt


def _check_target(path: Path | None, option: str, overwrite: bool) -> None:
    if path is None:
        return
    _format_of(path, option)
    from generator.word.rendering import refuse_to_replace

    refuse_to_replace(path, overwrite=overwrite)


def audit_command(
    charter: Annotated[Path, typer.Argument(help="要审查的章程文件（.docx、.txt 或 .md）")],
    region_code: Annotated[
        str | None, typer.Option("--region-code", help="登记地行政区划代码，如 410000")
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="层级：" + choices_text())] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", help="学会信息文件（代替 --region-code 与 --level）")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="写出审查意见（.docx，亦可 .md、.html）")
    ] = None,
    revision_table: Annotated[
        Path | None,
        typer.Option("--revision-table", help="写出修改对照表（.docx，亦可 .md、.html）"),
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="覆盖已存在的输出文件")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="同时列出符合的规定")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（UTF-8）")] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="示范文本（登记机关审查要求）层级的问题照常列出，但不作为审查不通过的理由",
        ),
    ] = False,
) -> None:
    """审查现有章程：逐条对照约束本会的规定，指出不符合或缺失之处并给出修改建议。"""
    loaded = None
    if profile is not None:
        from generator.profile import load_profile

        loaded = load_profile(profile)
    _check_target(out, "--out", overwrite)
    _check_target(revision_table, "--revision-table", overwrite)
    if out is not None and revision_table is not None and out.resolve() == revision_table.resolve():
        raise InputError(
            "审查意见和修改对照表不能写入同一个文件，请给 --revision-table 另起文件名",
            where=str(out),
        )
    report = audit(
        charter,
        region_code=region_code,
        level=level,
        profile=loaded,
        display_name=str(charter),
        force=force,
    )
    written = _write(report, out, revision_table, overwrite)
    if as_json:
        data = report.to_dict()
        data["written"] = [str(p) for p in written]
        emit_json(data)
    else:
        _print(report, show_all)
        for path in written:
            console.print(f"[green]已写出[/] {plain(path)}")
    raise typer.Exit(report.exit_code)


def _write(
    report: AuditReport, out: Path | None, table: Path | None, overwrite: bool
) -> list[Path]:
    from generator.audit.reports import report_docx, revision_docx
    from generator.word.rendering import write

    outputs = []
    if out is not None:
        outputs.append((out, report_docx(report, fmt=_format_of(out, "--out"))))
    if table is not None:
        outputs.append((table, revision_docx(report, fmt=_format_of(table, "--revision-table"))))
    return [write(path, data, overwrite=overwrite) for path, data in outputs]


def _print(report: AuditReport, show_all: bool) -> None:
    charter = report.charter
    console.print(
        f"[bold]审查章程：《{plain(charter.title)}》[/]（{plain(charter.source)}，"
        f"{len(charter.chapters)}章{len(charter.articles)}条）"
    )
    import kb

    corpus = kb.load_corpus()
    binding = (
        "、".join(f"《{plain(corpus.document(d).short_title)}》" for d in report.binding_docs)
        or "无（语料库中没有约束本会的文件，以下仅作参考）"
    )
    console.print(f"适用：{plain(report.jurisdiction_label)}　约束文件：{binding}")
    if report.problems:
        console.print("\n[bold]文本问题[/]")
        for problem in report.problems:
            console.print(f"  [yellow]![/] 【{problem.tier_label}】{plain(problem.message)}")
    rows = [
        f
        for f in report.findings
        if f.binding and (show_all or f.status != "satisfied") and f.status != "not_applicable"
    ]
    if rows:
        console.print(_table("约束本会的规定", rows))
    others = [f for f in report.findings if not f.binding and f.status == "violated"]
    if others:
        console.print(_table("其他地方文件（仅供参考，不影响结论）", others))
    counts = report.counts()
    console.print("\n" + "　".join(f"{STATUS_LABELS[k]} {v}" for k, v in counts.items() if v))
    must = [f for f in report.findings if report.fails(f)]
    forced = [f for f in report.findings if f.is_error and not report.fails(f)]
    if forced:
        console.print(
            f"[yellow]已指定 --force：{len(forced)} 项示范文本（登记机关审查要求）的问题"
            "不作为不通过的理由，但登记机关审查时仍可能要求修改。[/]"
        )
    if must:
        console.print(
            f"[bold red]结论：有 {len(must)} 项约束本会的强制性规定未满足，章程须修改。[/]"
            "用 --out 写出审查意见，--revision-table 写出修改对照表。"
        )
    else:
        console.print("[bold green]结论：未发现约束本会的强制性规定被违反或缺失。[/]")


def _table(title: str, findings: list[Finding]) -> Table:
    table = Table(title=title, show_lines=True, title_justify="left")
    for col, ratio in (
        ("状态", 1),
        ("要求", 1),
        ("层级", 1),
        ("条款", 1),
        ("问题", 4),
        ("依据", 3),
        ("建议", 4),
    ):
        table.add_column(col, overflow="fold", ratio=ratio)
    for f in findings:
        suggestion = (
            "；".join(
                e.after if e.after.startswith("第") else f"{e.article}：{e.after}" for e in f.edits
            )
            or f.proposal
        )
        suggestion = " ".join(suggestion.split())
        if f.proposal_kind == "add" and suggestion:
            suggestion = "新增：" + suggestion
        table.add_row(
            f"[{_STATUS_STYLE[f.status]}]{STATUS_LABELS[f.status]}[/]",
            f"[{_SEVERITY_STYLE[f.severity]}]{SEVERITY_LABELS[f.severity]}[/]",
            f.tier_label,
            plain(f.article or "—"),
            plain(f.message),
            plain(f"{f.citation}" + (f"：“{f.quote}”" if f.quote else "")),
            plain((suggestion[:80] + "…") if len(suggestion) > 80 else suggestion or "—"),
        )
    return table


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_command)
