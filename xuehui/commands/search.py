"""Searching and growing the corpus: `xuehui search`, `xuehui index`, `xuehui corpus add`.

whoosh and jieba are imported only when a command runs, so `xuehui --help` and the other
commands stay quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kb.corpus import split_ids
from kb.levels import choices_text
from xuehui.output import console, emit_json, plain

JSON = typer.Option(False, "--json", help="以 JSON 输出（UTF-8）")
MARK = "bold black on yellow"


def _marked(text: str, spans: list[list[int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [plain(text[last:start]), f"[{MARK}]", plain(text[start:end]), "[/]"]
        last = end
    out.append(plain(text[last:]))
    return "".join(out)


def _show_hit(number: int, hit) -> None:
    console.print(
        f"[bold cyan]{number}.[/] [bold]{plain(hit.citation)}[/]  "
        f"[dim]{plain(hit.clause_id)} · 得分 {hit.score:.2f}[/]"
    )
    if hit.heading:
        console.print(f"   [dim]标题：[/]{plain(hit.heading)}")
    elif hit.context:  # an item: say which heading it stands under
        console.print(f"   [dim]所属：[/]{plain(hit.context.replace(chr(10), ' › '))}")
    if hit.highlights:
        parts = []
        for h in hit.highlights:
            before = "…" if h.start > 0 else ""
            after = "…" if h.start + len(h.text) < len(hit.text) else ""
            parts.append(before + _marked(h.text, h.spans) + after)
        # soft wrap: Rich would break Chinese text at its only space (after "1．")
        console.print("   " + " ".join(parts).replace("\n", " "), soft_wrap=True)
    else:
        text = hit.text.replace("\n", " ")
        console.print("   " + plain(text[:200]) + ("…" if len(text) > 200 else ""), soft_wrap=True)
    console.print()


def search(
    query: str = typer.Argument(
        ..., help='检索词或问题，如 理事会最多多少人；"短语" 须原样出现；可用 AND、OR、NOT'
    ),
    exact: bool = typer.Option(False, "--exact", help="精确模式：只列出原文含有该短语的条款"),
    doc: str | None = typer.Option(None, "--doc", help="只在这些文件中检索（编号，逗号分隔）"),
    region: str | None = typer.Option(
        None, "--region", help="行政区划代码，如 410000（含其下各级地区的文件）"
    ),
    level: str | None = typer.Option(None, "--level", help="文件层级：" + choices_text()),
    year_from: int | None = typer.Option(None, "--year-from", help="印发年份不早于"),
    year_to: int | None = typer.Option(None, "--year-to", help="印发年份不晚于"),
    limit: int = typer.Option(10, "--limit", "-n", help="最多显示的条数"),
    as_json: bool = JSON,
) -> None:
    """检索条款：按相关度排序（默认）或按原文短语精确查找（--exact）。"""
    import kb

    hits = kb.load_corpus().search(
        query,
        limit=limit,
        exact=exact,
        docs=split_ids(doc),
        region_code=region,
        level=level,
        year_from=year_from,
        year_to=year_to,
    )
    if as_json:
        emit_json([h.to_dict() for h in hits])
        return
    mode = "精确查找" if exact else "检索"
    if not hits:
        console.print(
            f"[yellow]{mode}“{plain(query)}”：没有找到条款。[/]"
            + ("" if exact else "可换个说法，或去掉筛选条件。")
        )
        return
    console.print(f"[bold]{mode}“{plain(query)}”[/]：显示 {len(hits)} 条\n")
    if all(h.matched == "characters" for h in hits):
        console.print(
            "[yellow]没有条款含有查询中的词语；以下条款与查询字面上有相同的字，仅供参考。[/]\n"
        )
    for i, hit in enumerate(hits, 1):
        _show_hit(i, hit)


def index(
    rebuild: bool = typer.Option(False, "--rebuild", help="丢弃现有索引并重建"),
    as_json: bool = JSON,
) -> None:
    """查看检索索引的状态；--rebuild 重新建立索引。"""
    import kb
    from kb.index import open_index

    ix = open_index(kb.load_corpus, rebuild=rebuild)
    m = ix.manifest
    info = {
        "folder": str(ix.folder),
        "clauses": m.clauses,
        "documents": m.documents,
        "built_at": m.built_at,
        "build_seconds": m.build_seconds,
        "rebuilt": rebuild,
    }
    if as_json:
        emit_json(info)
        return
    import time

    table = Table(title="检索索引" + ("（已重建）" if rebuild else ""), show_header=False)
    table.add_column("项目", style="dim")
    table.add_column("值", overflow="fold")
    table.add_row("位置", plain(ix.folder))
    table.add_row("文件数", str(len(m.documents)))
    table.add_row("条款数", str(m.clauses))
    table.add_row("建立时间", time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(m.built_at)))
    table.add_row("建立用时", f"{m.build_seconds:.2f} 秒")
    console.print(table)


corpus_app = typer.Typer(help="管理语料库：添加或删除自己的法规文件。", no_args_is_help=True)


@corpus_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="法规文件：.txt、.md 或 .docx")],
    doc_id: str | None = typer.Option(None, "--id", help="文件编号，如 zhejiang-2024"),
    title: str | None = typer.Option(None, "--title", help="文件全称"),
    region_code: str | None = typer.Option(
        None, "--region-code", help="行政区划代码（GB/T 2260），如 330000"
    ),
    level: str | None = typer.Option(None, "--level", help="层级：" + choices_text()),
    issuer: Annotated[list[str] | None, typer.Option("--issuer", help="发文机关（可重复）")] = None,
    date: str | None = typer.Option(None, "--date", help="印发日期，YYYY-MM-DD"),
    doc_number: str | None = typer.Option(
        None, "--doc-number", help="文号，如 浙科协发〔2024〕1号"
    ),
    short_title: str | None = typer.Option(None, "--short-title", help="简称"),
    region_name: str | None = typer.Option(None, "--region-name", help="地区名称，如 浙江省"),
    meta: Annotated[
        Path | None, typer.Option("--meta", help="元数据 YAML 文件（字段同内置语料）")
    ] = None,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="只检查并报告将添加的内容（条款数、适用范围），不写入"
    ),
    binds: Annotated[
        list[str] | None,
        typer.Option(
            "--binds",
            help="约束哪些学会：地区代码[:层级,层级…]，可重复，如 330000:省级,地市级,区县级；"
            "不给出时约束本地区、本层级的学会（全国性文件约束全国学会）",
        ),
    ] = None,
    refers: Annotated[
        list[str] | None,
        typer.Option("--refers", help="仅供哪些学会参考：地区代码[:层级,…]，可重复"),
    ] = None,
    as_json: bool = JSON,
) -> None:
    """添加一份法规：校验、分条、保存到用户语料库，并更新检索索引。"""
    import kb
    from kb.index import open_index
    from kb.ingest import add_document

    document = add_document(
        file,
        meta_file=meta,
        id=doc_id,
        title=title,
        region_code=region_code,
        level=level,
        issuers=issuer or None,
        date_issued=date,
        doc_number=doc_number,
        short_title=short_title,
        region_name=region_name,
        binds=binds or None,
        refers=refers or None,
        dry_run=dry_run,
    )
    if dry_run:
        _report_dry_run(document, as_json)
        return
    ix = open_index(kb.load_corpus)
    if as_json:
        data = document.to_dict()
        data["indexed_clauses"] = ix.manifest.clauses
        data["folder"] = str(document.folder)
        emit_json(data)
        return
    console.print(
        f"[green]已添加[/]《{plain(document.title)}》（{plain(document.id)}）："
        f"{len(document.clauses)} 个条款，保存在 {plain(str(document.folder))}"
    )
    binds_text = document.meta.binds.description or "（不约束任何学会，仅供参考）"
    console.print(f"约束对象：{plain(binds_text)}")
    if document.meta.refers.scopes:
        console.print(f"可参照：{plain(document.meta.refers.description or '')}")
    console.print(
        f"[dim]索引已更新：共 {len(ix.manifest.documents)} 个文件、"
        f"{ix.manifest.clauses} 个条款。可用 xuehui clauses {plain(document.id)} 查看条款，"
        f"xuehui provisions extract {plain(document.id)} 提取可核查规定。[/]"
    )


def _report_dry_run(document, as_json: bool) -> None:
    from kb.levels import label
    from kb.regions import region_name

    m = document.meta
    scope = m.binds.description or (
        f"{m.region_name or region_name(m.region_code)}（{m.region_code}）{label(m.level)}"
    )
    if as_json:
        data = document.to_dict()
        data["dry_run"] = True
        data["clause_count"] = len(document.clauses)
        data["binds"] = scope
        emit_json(data)
        return
    console.print(
        f"[yellow]试运行，未写入任何文件。[/]将添加《{plain(document.title)}》"
        f"（{plain(document.id)}）：{len(document.clauses)} 个条款，"
        f"适用范围：{plain(scope)}文件。去掉 --dry-run 即正式添加。"
    )


@corpus_app.command("remove")
def remove(
    doc_id: str = typer.Argument(..., help="要删除的文件编号（只能删除自己添加的文件）"),
    as_json: bool = JSON,
) -> None:
    """从用户语料库删除一份自己添加的法规，并更新检索索引（内置文件不能删除）。"""
    from kb.ingest import remove_document

    document = remove_document(doc_id)
    if as_json:
        emit_json({"removed": document.id, "title": document.title})
        return
    console.print(
        f"[green]已删除[/]《{plain(document.title)}》（{plain(document.id)}），索引已更新。"
    )


def register(app: typer.Typer) -> None:
    app.command("search")(search)
    app.command("index")(index)
    app.add_typer(corpus_app, name="corpus")
