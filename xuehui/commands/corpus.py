"""Browsing the corpus: `xuehui docs`, `xuehui clauses DOC`, `xuehui show CLAUSE_ID`."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.tree import Tree

import kb
from kb.levels import LEVEL_LABELS
from xuehui.output import console, emit_json, plain

JSON = typer.Option(False, "--json", help="以 JSON 输出（UTF-8）")


def docs(as_json: bool = JSON) -> None:
    """列出语料库中的全部法规文件。"""
    corpus = kb.load_corpus()
    if as_json:
        emit_json([d.to_dict() for d in corpus])
        return
    table = Table(title="法规文件", show_lines=False)
    table.add_column("编号", no_wrap=True)
    for col in ("简称", "地区", "层级", "日期", "条款", "来源"):
        table.add_column(col, overflow="fold")
    for d in corpus:
        m = d.meta
        table.add_row(
            plain(d.id),
            plain(d.short_title),
            plain(f"{m.region_name or ''} {m.region_code}"),
            LEVEL_LABELS[m.level],
            plain(m.date_issued or "—"),
            str(len(d.clauses)),
            "内置" if d.builtin else "用户",
        )
    console.print(table)
    console.print("[dim]全称与文号：xuehui docs --json；条款：xuehui clauses 编号[/]")


def clauses(
    doc: str = typer.Argument(..., help="文件编号，如 henan-2018"), as_json: bool = JSON
) -> None:
    """按层级列出一个文件的全部条款。"""
    document = kb.load_corpus().document(doc)
    if as_json:
        emit_json(document.to_dict(with_clauses=True))
        return
    tree = Tree(f"[bold]《{plain(document.title)}》[/]（{plain(document.id)}）")
    nodes = {None: tree}
    for clause in document.clauses:
        text = clause.text.replace("\n", " ")
        short = text[:60] + ("…" if len(text) > 60 else "")
        line = (
            f"[cyan]{plain(clause.path_label)}[/] {plain(short)}  [dim]{plain(clause.local_id)}[/]"
        )
        nodes[clause.id] = nodes[clause.parent_id].add(line)
    console.print(tree)


def show(
    clause_id: str = typer.Argument(..., help="条款编号，如 henan-2018/sec_4__item_3"),
    as_json: bool = JSON,
) -> None:
    """显示一个条款的全文、引用格式及其下级条款。"""
    corpus = kb.load_corpus()
    clause = corpus.clause(clause_id)
    document = corpus.document(clause.doc_id)
    kids = document.children(clause)
    if as_json:
        data = clause.to_dict()
        data["children_text"] = [c.to_dict() for c in kids]
        emit_json(data)
        return
    console.print(f"[bold]{plain(clause.citation)}[/]")
    if clause.heading:
        console.print(f"[dim]标题：[/]{plain(clause.heading)}")
    console.print(plain(clause.text))
    for kid in kids:
        console.print(f"  {plain(kid.text)}")
    console.print(f"[dim]编号：{plain(clause.id)}  位置：{clause.start}–{clause.end}[/]")


def register(app: typer.Typer) -> None:
    app.command("docs")(docs)
    app.command("clauses")(clauses)
    app.command("show")(show)
