"""Comparing the regulations: `xuehui compare`, `xuehui topics`, `xuehui jurisdiction`, and the
provisions listing that `xuehui provisions` (xuehui.commands.provisions) shows.

Every command prints a Rich table by default (one column per document, provision numbers in
bold red, 未规定 where a document says nothing), UTF-8 JSON with --json, and writes
.md/.html/.csv/.docx with --out FILE. The work is done in kb.comparison and kb.export.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table as RichTable
from rich.text import Text

import kb
from kb.comparison import (
    NOT_STATED,
    Cell,
    Segment,
    Table,
    describe,
    plain,
    provision_record,
    subject_label,
)
from kb.errors import InputError
from kb.levels import choices_text, label
from xuehui.output import console, emit_json, visible

JSON = typer.Option(False, "--json", help="以 JSON 输出（UTF-8）")
OUT = typer.Option(None, "--out", help="写入文件：.md、.html、.csv 或 .docx（横向 Word 表格）")
OVERWRITE = typer.Option(False, "--overwrite", help="--out 的文件已存在时覆盖")
DOCS = typer.Option(None, "--doc", help="只对比这些文件（可多次给出），默认全部")
REGION = typer.Option(None, "--region-code", help="学会所在地区的 6 位代码，标出约束/参考文件")
LEVEL = typer.Option(None, "--level", help="学会层级：" + choices_text())
DOC_PAIR = typer.Argument(None, help="两个文件编号：逐条对照，如 henan-2018 tianjin-2017")


def _rich_cell(cell: Cell) -> Text:
    text = Text()
    for i, para in enumerate(cell):
        if i:
            text.append("\n")
        for seg in para:
            if seg.text == NOT_STATED and len(cell) == 1:
                text.append(visible(seg.text), style="bold yellow")
            else:
                text.append(visible(seg.text), style="bold red" if seg.strong else None)
    return text


def show_table(table: Table) -> None:
    """Print a kb.comparison.Table as a Rich table with its notes (all as Text: titles and
    headers carry document titles, which are never markup)."""
    grid = RichTable(title=Text(visible(table.title)), show_lines=True, expand=True)
    for header in table.headers:
        grid.add_column(Text(visible(header)), overflow="fold", vertical="top")
    for row in table.rows:
        grid.add_row(*(_rich_cell(c) for c in row))
    console.print(grid)
    for note in table.notes:
        console.print(Text(visible(note), style="dim"))


def _finish(
    table: Table, data: object, as_json: bool, out: Path | None, overwrite: bool = False
) -> None:
    if out is not None:
        from kb.export import export

        written = export(table, out, overwrite=overwrite)
        if not as_json:
            console.print(Text(f"已写入 {visible(written)}"))
    if as_json:
        emit_json(data)
    elif out is None:
        show_table(table)


def compare(
    docs: list[str] = DOC_PAIR,
    topic: str = typer.Option(
        None, "--topic", help="主题编号、名称或任意关键词，如 理事会、监事会"
    ),
    provisions: bool = typer.Option(False, "--provisions", help="按规定主题对照全部可核查规定"),
    subject: str = typer.Option(
        None, "--subject", help="规定主题键或其前缀/名称，如 council.max_size"
    ),
    only: list[str] = DOCS,
    region_code: str = REGION,
    level: str = LEVEL,
    top: int = typer.Option(3, "--top", min=1, max=10, help="逐条对照时每条列出的相似条款数"),
    as_json: bool = JSON,
    out: Path = OUT,
    overwrite: bool = OVERWRITE,
) -> None:
    """对比各文件：按主题（--topic）、按规定（--provisions）或两个文件逐条对照。"""
    modes = sum([topic is not None, provisions or subject is not None, bool(docs)])
    if modes != 1:
        raise InputError(
            "请只选择一种对比方式：--topic 主题、--provisions [--subject 主题键]，"
            "或给出两个文件编号，如 xuehui compare henan-2018 tianjin-2017"
        )
    if topic is not None:
        result = kb.load_corpus().compare_topic(
            topic, docs=only, region_code=region_code, level=level
        )
    elif docs:
        if len(docs) != 2:
            raise InputError(f"逐条对照需要两个文件编号，收到 {len(docs)} 个：{' '.join(docs)}")
        result = kb.load_corpus().align(docs[0], docs[1], top=top)
    else:
        result = kb.load_corpus().compare_provisions(
            subject, docs=only, region_code=region_code, level=level
        )
    _finish(result.table(), result.to_dict(), as_json, out, overwrite)


def topics(as_json: bool = JSON, out: Path = OUT, overwrite: bool = OVERWRITE) -> None:
    """列出主题分类及各文件中涉及该主题的条款数。"""
    from kb.topics import tagging, topic_records

    corpus = kb.load_corpus()
    documents = list(corpus)
    data = topic_records(corpus)
    rows = []
    for t, record in zip(kb.load_corpus().topics(), data, strict=True):
        counts = record["clause_counts"]
        rows.append(
            [plain(t.id), [[Segment(t.label, strong=True)]], plain("、".join(t.synonyms))]
            + [
                plain(str(counts[d.id])) if counts[d.id] else [[Segment(NOT_STATED)]]
                for d in documents
            ]
        )
    table = Table(
        title="主题分类（各文件涉及条款数）",
        headers=["编号", "主题", "同义词"] + [d.short_title for d in documents],
        rows=rows,
        notes=[
            f"共 {len(rows)} 个主题；未标注主题的实质条款：{len(tagging(corpus).untagged())} 条。",
            "查看某一主题：xuehui compare --topic 主题",
        ],
    )
    _finish(table, data, as_json, out, overwrite)


def provisions_cmd(
    subject: str = typer.Option(
        None, "--subject", help="规定主题键或其前缀/名称，如 council 或 监事"
    ),
    doc: str = typer.Option(None, "--doc", help="只列出一个文件的规定，如 henan-2018"),
    as_json: bool = JSON,
    out: Path = OUT,
    overwrite: bool = OVERWRITE,
) -> None:
    """列出可核查的规定（数值、比例、期限、必设机构、任职条件、产生方式等）。"""
    items = kb.load_corpus().provisions(subject=subject, docs=[doc] if doc else None)
    corpus = kb.load_corpus()
    rows = []
    for p in items:
        clause = corpus.clause(p.clause_id)
        rows.append(
            [
                plain(p.id),
                [[Segment(subject_label(p.subject), strong=True)], [Segment(p.subject)]],
                [[Segment(describe(p), strong=True)]],
                plain(clause.citation),
                plain(p.quote),
            ]
        )
    table = Table(
        title="可核查规定",
        headers=["编号", "规定主题", "规定", "出处", "原文"],
        rows=rows,
        notes=[f"共 {len(items)} 条规定。"],
    )
    data = [provision_record(p) for p in items]
    _finish(table, data, as_json, out, overwrite)


def jurisdiction_cmd(
    region_code: str = typer.Option(..., "--region-code", help="6 位地区代码，如 410000、410100"),
    level: str = typer.Option(..., "--level", help="学会层级：" + choices_text()),
    as_json: bool = JSON,
    out: Path = OUT,
    overwrite: bool = OVERWRITE,
) -> None:
    """说明哪些文件约束该地区、该层级的学会，哪些仅供参考。"""
    result = kb.load_corpus().jurisdiction(region_code, level)
    corpus = kb.load_corpus()
    rows = []
    for doc_id in result.binding + result.references:
        doc = corpus.document(doc_id)
        status = "约束" if result.is_binding(doc_id) else "参考"
        rows.append(
            [
                plain(doc.short_title),
                [[Segment(status, strong=status == "约束")]],
                plain(result.reasons[doc_id]),
            ]
        )
    notes = [] if result.binding else ["语料库中没有约束该学会的文件，全部文件仅供参考。"]
    table = Table(
        title=f"适用文件：地区 {region_code}，{label(level)}学会",
        headers=["文件", "效力", "理由"],
        rows=rows,
        notes=notes,
    )
    _finish(table, result.to_dict(), as_json, out, overwrite)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
    app.command("topics")(topics)
    app.command("jurisdiction")(jurisdiction_cmd)
