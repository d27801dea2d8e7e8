"""Society profile, compliance check and documents: `xuehui profile new|schema`,
`xuehui check PROFILE`, `xuehui generate charter|duties|resolution`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from generator import load_profile, profile_schema
from generator.content.documents import (
    MissingMeeting,
    generate,
    generate_all,
    skipped_resolutions,
)
from generator.content.resolutions import common_facts, kinds
from generator.profile import read_mapping
from generator.rules.compliance import SEVERITY_LABELS, STATUS_LABELS, Finding
from generator.rules.result import check_profile
from generator.word.rendering import FORMATS
from kb import atomic
from kb.errors import InputError
from xuehui.output import console, emit_json, plain, visible

JSON = typer.Option(False, "--json", help="以 JSON 输出（UTF-8）")

profile_app = typer.Typer(help="学会信息文件：生成样例、查看字段说明。", no_args_is_help=True)
generate_app = typer.Typer(
    help="生成章程、岗位职责和决议（Word/Markdown/HTML）。", no_args_is_help=True
)


def _starter_path() -> Path:
    import generator

    return Path(generator.__file__).resolve().parent / "data" / "profile_starter.yaml"


@profile_app.command("new")
def profile_new(
    out: Annotated[Path | None, typer.Option("--out", help="写入的文件；不填则输出到屏幕")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="覆盖已有文件")] = False,
) -> None:
    """生成一份带中文注释的学会信息样例文件。"""
    text = _starter_path().read_text(encoding="utf-8")
    if out is None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)
        return
    if out.is_dir():
        raise InputError("这是一个文件夹，请给出要写入的文件名，如 我的学会.yaml", where=str(out))
    if out.exists() and not overwrite:
        raise InputError("文件已存在；如需覆盖请加 --overwrite", where=str(out))
    atomic.write_text(out, text)
    console.print(
        f"已写入 {visible(out)}。请按本会实际情况修改（含“某某”的字段和地区代码 region_code 必须填写），"
        f"然后运行 xuehui check {visible(out)}",
        markup=False,
        soft_wrap=True,
    )


@profile_app.command("schema")
def profile_schema_cmd(
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="以 JSON 输出（默认即为 JSON Schema；与其他命令一致，可加可不加）"
        ),
    ] = False,
) -> None:
    """输出学会信息文件的 JSON Schema（含每个字段的中文说明）。"""
    emit_json(profile_schema())


def check_cmd(
    profile: Annotated[Path, typer.Argument(help="学会信息文件（YAML 或 JSON）")],
    all_findings: Annotated[bool, typer.Option("--all", help="同时列出参考性规定的结论")] = False,
    as_json: bool = JSON,
) -> None:
    """检查学会信息是否符合约束本会的规定；有必须遵守的规定不符合时退出码为 1。"""
    result = check_profile(load_profile(profile), source=str(profile))
    if as_json:
        emit_json(result.to_dict())
    else:
        _report(result.profile.name, result.findings, all_findings)
    if result.errors:
        raise typer.Exit(1)


def _report(name: str, findings: list[Finding], all_findings: bool) -> None:
    shown = [f for f in findings if (f.binding or all_findings) and f.status != "not_applicable"]
    table = Table(title=f"{plain(name)}：合规检查", show_lines=True)
    for col in ("结论", "程度", "层级", "事项与说明", "依据"):
        table.add_column(col, overflow="fold")
    colours = {"satisfied": "green", "violated": "red", "absent": "red", "unknown": "yellow"}
    for f in shown:
        table.add_row(
            f"[{colours[f.status]}]{STATUS_LABELS[f.status]}[/]",
            SEVERITY_LABELS[f.severity],
            f.tier_label,
            plain(f.message),
            plain(f.citation) + (f"\n[dim]“{plain(f.quote)}”[/]" if f.quote else ""),
        )
    console.print(table)
    counts = {s: sum(1 for f in findings if f.binding and f.status == s) for s in STATUS_LABELS}
    errors = sum(1 for f in findings if f.is_error)
    console.print(
        f"约束性规定（法律法规、示范文本、约束本会的地方文件）：符合 {counts['satisfied']} 项，"
        f"不符合 {counts['violated']} 项，未载明 {counts['absent']} 项"
        f"（其中必须遵守的 {errors} 项），需人工核对 {counts['unknown']} 项；"
        f"仅供参考的规定 {sum(1 for f in findings if not f.binding)} 项"
        f"{'' if all_findings else '（加 --all 查看）'}。"
    )


def _options():
    return {
        "profile": typer.Option(..., "--profile", "-p", help="学会信息文件"),
        "out": typer.Option(Path("."), "--out", "-o", help="输出目录"),
        "fmt": typer.Option("docx", "--format", "-f", help="输出格式：docx、md 或 html"),
        "overwrite": typer.Option(False, "--overwrite", help="覆盖已有文件"),
        "force": typer.Option(
            False, "--force", help="学会信息不合规时仍然生成（检查结果作为附件写入）"
        ),
    }


_O = _options()


def _run(
    what: str,
    profile: Path,
    out: Path,
    fmt: str,
    overwrite: bool,
    force: bool,
    as_json: bool,
    kind: str | None = None,
    meeting: Path | None = None,
) -> None:
    if fmt not in FORMATS:
        raise InputError(f"不支持的格式“{fmt}”：可选 {'、'.join(FORMATS)}")
    prof = load_profile(profile)
    facts = _read_meeting(meeting) if meeting else None
    try:
        result = generate(
            prof, what, out, fmt=fmt, kind=kind, meeting=facts, overwrite=overwrite, force=force
        )
    except MissingMeeting as err:
        raise InputError(f"{err.message}（用 --meeting 文件 指定）") from err
    except InputError as err:
        if meeting is None or not (err.where or "").startswith("决议"):
            raise
        # same class, so a resolution that would not pass keeps its exit code (1)
        raise type(err)(err.message, where=f"{meeting}（{err.where}）") from err
    if as_json:
        emit_json(
            {
                "path": str(result.path),
                "format": fmt,
                "forced": result.forced,
                "errors": sum(1 for f in result.findings if f.is_error),
            }
        )
        return
    note = "（学会信息存在不合规项，已作为附件写入）" if result.forced else ""
    _print_path("已生成 ", result.path, note)
    warnings = [
        f for f in result.findings if f.binding and f.is_problem and f.severity == "warning"
    ]
    if warnings:
        console.print(
            f"[yellow]注意：有 {len(warnings)} 项原则性规定（原则上/一般）不符合，"
            f"请运行 xuehui check {plain(profile)} 查看并说明理由。[/]"
        )


def _print_path(before: str, path: Path, after: str = "") -> None:
    """A path on one line, never folded at the terminal width (a pipe gets it whole)."""
    console.print(visible(f"{before}{path}{after}"), markup=False, soft_wrap=True)


def _read_meeting(path: Path) -> dict:
    return read_mapping(path, "会议情况", "date: …、place: …")[0]


@generate_app.command("charter")
def generate_charter(
    profile: Path = _O["profile"],
    out: Path = _O["out"],
    fmt: str = _O["fmt"],
    overwrite: bool = _O["overwrite"],
    force: bool = _O["force"],
    as_json: bool = JSON,
) -> None:
    """生成章程（报登记管理机关的正式文本；条款依据对照表用 generate basis 另行生成）。"""
    _run("charter", profile, out, fmt, overwrite, force, as_json)


@generate_app.command("basis")
def generate_basis(
    profile: Path = _O["profile"],
    out: Path = _O["out"],
    fmt: str = _O["fmt"],
    overwrite: bool = _O["overwrite"],
    force: bool = _O["force"],
    as_json: bool = JSON,
) -> None:
    """生成章程条款依据对照表（每条约束本会的规定对应的章程条款，单独成文件）。"""
    _run("basis", profile, out, fmt, overwrite, force, as_json)


@generate_app.command("duties")
def generate_duties(
    profile: Path = _O["profile"],
    out: Path = _O["out"],
    fmt: str = _O["fmt"],
    overwrite: bool = _O["overwrite"],
    force: bool = _O["force"],
    as_json: bool = JSON,
) -> None:
    """生成负责人及工作机构岗位职责。"""
    _run("duties", profile, out, fmt, overwrite, force, as_json)


@generate_app.command("resolution")
def generate_resolution(
    kind: Annotated[
        str | None, typer.Argument(help="决议类别，如 adopt_charter（--list 查看）")
    ] = None,
    list_kinds: Annotated[
        bool, typer.Option("--list", help="列出全部决议类别及所需会议情况")
    ] = False,
    profile: Annotated[Path | None, typer.Option("--profile", "-p", help="学会信息文件")] = None,
    meeting: Annotated[
        Path | None,
        typer.Option(
            "--meeting", "-m", help="会议情况文件（YAML/JSON）；不填则取学会信息中的 meetings.类别"
        ),
    ] = None,
    out: Path = _O["out"],
    fmt: str = _O["fmt"],
    overwrite: bool = _O["overwrite"],
    force: bool = _O["force"],
    as_json: bool = JSON,
) -> None:
    """生成决议；会议情况不满足章程规定的法定人数或表决比例时拒绝生成并说明原因。"""
    if list_kinds:
        _list_kinds(as_json)
        return
    if not kind:
        raise InputError("请指定决议类别（如 adopt_charter），或用 --list 查看全部类别")
    if profile is None:
        raise InputError("请用 --profile 指定学会信息文件")
    _run("resolution", profile, out, fmt, overwrite, force, as_json, kind=kind, meeting=meeting)


@generate_app.command("all")
def generate_everything(
    profile: Path = _O["profile"],
    out: Path = _O["out"],
    fmt: str = _O["fmt"],
    overwrite: bool = _O["overwrite"],
    force: bool = _O["force"],
    as_json: bool = JSON,
) -> None:
    """生成全套文件：章程、条款依据对照表、岗位职责，以及学会信息 meetings 中列出的每一项决议。"""
    if fmt not in FORMATS:
        raise InputError(f"不支持的格式“{fmt}”：可选 {'、'.join(FORMATS)}")
    prof = load_profile(profile)
    results = generate_all(prof, out, fmt=fmt, overwrite=overwrite, force=force)
    skipped = skipped_resolutions(prof)
    if as_json:
        emit_json(
            {
                "generated": [
                    {"path": str(r.path), "format": fmt, "forced": r.forced} for r in results
                ],
                "skipped": [
                    {"kind": s.kind, "title": s.title, "reason": s.reason} for s in skipped
                ],
            }
        )
        return
    for result in results:
        _print_path("已生成 ", result.path)
    if skipped:
        console.print(f"未生成以下 {len(skipped)} 类决议：", markup=False)
        for s in skipped:
            console.print(
                visible(f"  - {s.kind}（{s.title}）：{s.reason}"), markup=False, soft_wrap=True
            )
        console.print(
            "会议情况写在学会信息的 meetings.类别 下，或另写会议情况文件，用 "
            "xuehui generate resolution 类别 --meeting 文件 生成（格式见 README 和 "
            "examples/meetings/）。",
            markup=False,
        )


def _list_kinds(as_json: bool) -> None:
    known = kinds()
    if as_json:
        emit_json([k.to_dict() for k in known.values()])
        return
    table = Table(title="决议类别", show_lines=True)
    table.add_column("类别", no_wrap=True)  # typed as is: never folded
    for col in ("名称", "表决", "本类会议情况字段"):
        table.add_column(col, overflow="fold")
    for kind in known.values():
        info = kind.to_dict()
        rule = f"{info['body']}，到会{info['majority']}赞成"
        if kind.secret_ballot or kind.per_candidate:
            rule += "，无记名投票"
        if kind.per_candidate:
            rule += "，逐名表决"
        own = "、".join(
            f"{f.key}（{f.label}{'' if not f.optional else '，可选'}）" for f in kind.facts
        )
        table.add_row(kind.key, kind.name, rule, own)
    console.print(table)
    common = "、".join(f"{f.key}（{f.label}）" for f in common_facts())
    console.print(
        f"每类决议都要填写：{common}。选举（逐名表决）不填 votes_for、votes_against、abstaining，"
        "改填 ballots（每行“姓名 票数”）。带注释的样例见 examples/meetings/。",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")
    app.add_typer(generate_app, name="generate")
    app.command("check")(check_cmd)
