"""`nianbao render`: write the report (Word, HTML, Markdown) from a counts file and a narrative."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from nianbao.audit import load_data
from nianbao.checks import check_data
from nianbao.cli._app import app, err, handle_errors, out
from nianbao.errors import DataError
from nianbao.load import read_text
from nianbao.narrative import Narrative, narrative_from_markdown

_FORMATS = ("docx", "html", "md")


def _formats(value: str) -> str:
    """Check the --format list (a bad one is a usage error, exit 2); returns it normalised."""
    wanted = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
    bad = [f for f in wanted if f not in _FORMATS]
    if bad or not wanted:
        raise typer.BadParameter(
            f"未知格式 {', '.join(bad) or '(空)'}，可用：docx,html,md / "
            f"unknown format; use a comma-separated list of docx, html, md"
        )
    return ",".join(wanted)


def read_narrative(path: Path) -> Narrative:
    """Read an edited narrative (or a whole report.md) from Markdown."""
    if not path.exists():
        raise DataError.one(path, "文件不存在 / no such file")
    narrative = narrative_from_markdown(read_text(path))
    if not narrative.parts:
        raise DataError.one(
            path,
            "未找到叙述部分的标题（## 一、总体情况 / ## 五、… / ## 六、…）/ "
            "no narrative part headings found (## 一、总体情况 …)",
        )
    return narrative


@app.command()
@handle_errors
def render(
    counts: Annotated[Path, typer.Argument(help="数据文件（.yaml/.json）/ the counts file")],
    narrative: Annotated[
        Path | None,
        typer.Option(
            "--narrative",
            help=(
                "叙述部分的 Markdown（可直接用修改过的 report.md）；不给则留待填写 / "
                "the narrative as Markdown (an edited report.md works); omitted: placeholders"
            ),
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help=(
                "输出目录，默认为叙述文件所在目录或当前目录 / output folder "
                "(default: the narrative file's folder, else the current folder)"
            ),
        ),
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            help="输出格式，逗号分隔 / formats, comma-separated",
            callback=_formats,
        ),
    ] = "docx,html,md",
    preamble: Annotated[
        bool,
        typer.Option(
            "--preamble/--no-preamble",
            help="是否写开篇说明（依据、统计期限、联系方式）/ include the preamble",
        ),
    ] = True,
) -> None:
    """按国家统一格式生成年报：Word、HTML、Markdown，不调用模型。

    Render the report in the national layout (Word, HTML, Markdown) from the counts file and an
    edited narrative, without calling a model. Files are written atomically.
    """
    from nianbao.render import Format, write_report

    wanted = cast(list[Format], formats.split(","))
    data = load_data(counts)
    text = read_narrative(narrative) if narrative is not None else None
    folder = out_dir or (narrative.parent if narrative is not None else Path("."))
    errors = [f for f in check_data(data) if f.severity == "error"]
    if errors:
        err.print(
            f"警告：数据有 {len(errors)} 个错误，表格按数据原样输出；请运行 nianbao check {counts} / "
            f"warning: the data has {len(errors)} errors; tables print it as it is",
            markup=False,
        )
    for path in write_report(data, text, folder, wanted, preamble=preamble):
        out.print(str(path), markup=False, highlight=False)
