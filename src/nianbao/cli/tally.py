"""`nianbao tally`: compute table 三 from the register of applications."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nianbao import format as fmt
from nianbao.audit import load_data
from nianbao.cli._app import app, err, handle_errors, out
from nianbao.cli.init import organ_name, output_path, refuse_overwrite
from nianbao.errors import DataError
from nianbao.files import write_all_atomic
from nianbao.inputs.convert import render_counts
from nianbao.inputs.register import Tally, apply_tally, tally_register
from nianbao.model import ReportData
from nianbao.template import starting_data


@app.command()
@handle_errors
def tally(
    register: Annotated[
        Path,
        typer.Argument(
            help="依申请公开登记表（.csv 或 .xlsx），每件申请一行 / the register, one row per application"
        ),
    ],
    base: Annotated[
        Path | None,
        typer.Option(
            "--base",
            help="其余内容（机关、表二、表四、要点、数字）取自此文件，表三按登记表重算 / "
            "take everything but table 三 from this file",
        ),
    ] = None,
    organ: Annotated[
        str | None,
        typer.Option(
            "--organ", help="机关全称（无 --base 时）/ the organ's name", callback=organ_name
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="报告年度（无 --base 时）/ the report year", min=2019, max=2200
        ),
    ] = None,
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior",
            help="上年的数据：核对上年结转；无 --base 时预填现行有效件数和待整改问题 / "
            "last year's data: checks 上年结转",
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="写到哪个文件（.yaml 或 .xlsx）/ file to write",
            callback=output_path,
        ),
    ] = Path("counts.yaml"),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite")] = False,
) -> None:
    """由依申请公开登记表计算表三，写出数据文件。

    Compute table 三 from the register of applications and write the counts file.
    Columns: 编号 id, 收到日期 received, 申请人类型 applicant, 办理结果 outcome, 办结日期 closed.
    """
    keep = refuse_overwrite([output], force, [register, base, prior])
    prior_data = load_data(prior) if prior is not None else None
    data = _base(base, organ, year, prior_data)
    result = tally_register(register, data.year)
    counted = apply_tally(data, result)
    header = [
        f"表三由 nianbao tally 根据登记表 {register.name} 计算 / table 三 tallied from the register"
    ]
    write_all_atomic(
        {output: render_counts(counted, output, prior=prior_data, header=header)}, keep=keep
    )
    _summary(result)
    if prior_data is not None:
        _carry_over_note(result, prior_data)
    err.print(f"已写入 / wrote {output}")


def _base(
    base: Path | None, organ: str | None, year: int | None, prior: ReportData | None
) -> ReportData:
    if base is None:
        if organ is None or year is None:
            err.print(
                "错误 / error: 请给出 --base 文件，或 --organ 和 --year / give --base, or --organ and --year"
            )
            raise typer.Exit(2)
        return starting_data(organ, year, prior, blank=True)  # tables 二、四 still to fill in
    data = load_data(base)
    if year is not None and year != data.year:
        raise DataError.one(
            base, f"--year {year} 与文件中的年度 {data.year} 不符 / --year differs from the file"
        )
    if organ is not None and organ.strip() != data.organ.strip():
        raise DataError.one(
            base, f"--organ 与文件中的机关“{data.organ}”不符 / --organ differs from the file"
        )
    return data


def _summary(result: Tally) -> None:
    lay = fmt.layout(result.layout)
    out.print(f"表三（{result.year}年）/ table 三 for {result.year}:", soft_wrap=True)
    for r in lay.app_rows:
        if r.role in ("new", "carried_over", "total", "carried_forward"):
            label = r.location.removeprefix("表三 ")
            out.print(f"  {label}  {result.rows[r.key][-1]}", soft_wrap=True)
    out.print(
        f"登记表共 {result.applications} 件：计入本年 {result.counted} 件；"
        f"{result.closed_before} 件在本年以前办结、{result.received_after} 件在本年以后收到，不计入 / "
        f"{result.applications} applications, {result.counted} in this year's table",
        soft_wrap=True,
    )


def _carry_over_note(result: Tally, prior: ReportData) -> None:
    last = [int(c.number) for c in prior.table3()["carried_forward"]]
    now = result.rows["carried_over"]
    if last != now:
        err.print(
            f"注意：登记表算出的上年结转 {now[-1]} 件，与上年报告的结转下年度 {last[-1]} 件不一致"
            "（登记表缺了上年的申请？）/ note: 上年结转 from the register differs from last "
            "year's 结转下年度",
            markup=False,
        )
