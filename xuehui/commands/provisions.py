"""`xuehui provisions`: list the checkable provisions, and turn a user's document into rules.

``xuehui provisions [--doc ID] [--subject S]`` lists the provisions in force (built-in and
accepted ones). ``extract`` proposes candidates for a document the user added, ``accept`` and
``reject`` record the reviewer's decision; the work is done in kb.extraction and kb.review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

import kb
from kb.comparison import describe, subject_label
from kb.extraction import Candidate
from kb.review import STATUS_LABELS
from kb.review import candidate_record as record
from xuehui.commands.compare import JSON, OUT, OVERWRITE, provisions_cmd
from xuehui.output import console, emit_json

DOC = typer.Argument(..., help="自己添加的文件编号，如 zhejiang-2024")

provisions_app = typer.Typer(
    help="可核查的规定：列出（--doc、--subject）；从自己添加的文件中提取并审核。",
    invoke_without_command=True,
)


@provisions_app.callback()
def provisions(
    ctx: typer.Context,
    subject: str = typer.Option(
        None, "--subject", help="规定主题键或其前缀/名称，如 council 或 监事"
    ),
    doc: str = typer.Option(None, "--doc", help="只列出一个文件的规定，如 henan-2018"),
    as_json: bool = JSON,
    out: Path = OUT,
    overwrite: bool = OVERWRITE,
) -> None:
    """列出可核查的规定（数值、比例、期限、必设机构、任职条件、产生方式等），含已采纳的用户规定。

    子命令 extract / accept / reject 从自己添加的文件中提取候选规定并审核。"""
    if ctx.invoked_subcommand is None:
        provisions_cmd(subject=subject, doc=doc, as_json=as_json, out=out, overwrite=overwrite)


def _show(candidates: list[Candidate], doc_id: str, title: str) -> None:
    table = Table(title=title, show_lines=True, expand=True)
    for col in ("编号", "状态", "规定主题", "规定", "出处", "原文"):
        table.add_column(col, overflow="fold", vertical="top")
    for cand in candidates:
        prov = cand.to_provision(doc_id)
        table.add_row(
            cand.id,
            STATUS_LABELS[cand.status],
            escape(f"{subject_label(cand.subject)}\n{cand.subject}"),
            escape(describe(prov)),
            escape(cand.citation),
            escape(cand.quote),
        )
    console.print(table)


@provisions_app.command("extract")
def extract_cmd(doc_id: str = DOC, as_json: bool = JSON) -> None:
    """从自己添加的文件中提取候选规定，存为待审核（已作出的审核决定保留）。"""
    from kb.review import extract_document, review_path

    candidates = extract_document(kb.load_corpus(), doc_id)
    if as_json:
        emit_json([record(c, doc_id) for c in candidates])
        return
    pending = sum(c.status == "pending" for c in candidates)
    _show(candidates, doc_id, f"候选规定：{doc_id}")
    console.print(
        f"共 {len(candidates)} 项，待审核 {pending} 项；审核文件：{escape(str(review_path(doc_id)))}"
    )
    console.print(
        f"[dim]采纳：xuehui provisions accept {doc_id} --all 或 编号…；"
        f"驳回：xuehui provisions reject {doc_id} 编号…；也可直接编辑审核文件。[/]"
    )


@provisions_app.command("accept")
def accept_cmd(
    doc_id: str = DOC,
    ids: Annotated[list[str] | None, typer.Argument(help="候选规定编号，如 c01 c07")] = None,
    all_pending: bool = typer.Option(False, "--all", help="采纳全部待审核的候选规定"),
    as_json: bool = JSON,
) -> None:
    """采纳候选规定：此后它们与内置规定一样用于检查、生成和章程审查。"""
    _decide(doc_id, ids, all_pending, "accepted", as_json)


@provisions_app.command("reject")
def reject_cmd(
    doc_id: str = DOC,
    ids: Annotated[list[str] | None, typer.Argument(help="候选规定编号，如 c03")] = None,
    as_json: bool = JSON,
) -> None:
    """驳回候选规定（不再适用；重新提取时也不会再提出）。"""
    _decide(doc_id, ids, False, "rejected", as_json)


def _decide(
    doc_id: str, ids: list[str] | None, all_pending: bool, status: str, as_json: bool
) -> None:
    from kb.errors import InputError
    from kb.review import decide

    if all_pending and ids:
        raise InputError("请只给出 --all 或候选规定编号之一")
    if not all_pending and not ids:
        hint = "--all 或 " if status == "accepted" else ""
        raise InputError(f"请给出 {hint}候选规定编号（如 c01 c07）")
    changed = decide(kb.load_corpus(), doc_id, None if all_pending else ids, status)
    if as_json:
        emit_json([record(c, doc_id) for c in changed])
        return
    verb = "采纳" if status == "accepted" else "驳回"
    console.print(f"已{verb} {len(changed)} 项：{'、'.join(c.id for c in changed) or '无'}")
    if status == "accepted":
        console.print(f"[dim]查看：xuehui provisions --doc {doc_id}[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(provisions_app, name="provisions")
