"""A commented counts file to fill in (`nianbao init`), generated from the format module."""

from __future__ import annotations

from nianbao import format as fmt
from nianbao.model import ReportData

__all__ = ["counts_template"]


def _row(values: list[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def counts_template(organ: str, year: int, prior: ReportData | None = None) -> str:
    """The counts file for `organ` and `year`, all zeros, every row named as printed.

    With `prior` (last year's data), 上年结转 is taken from last year's 结转下年度 and the
    现行有效 figures of table 二 start from last year's, and last year's problems are listed
    as items to follow up.
    """
    lay = fmt.layout_for_year(year)
    zeros7 = [0] * len(fmt.APPLICANT_COLUMNS)
    prior_t3 = prior.table3() if prior is not None else None
    prior_t2 = (
        prior.table2()
        if prior is not None and prior.format_layout.key == lay.key == "2021"
        else None
    )
    out: list[str] = [
        f"# {organ}{year}年政府信息公开工作年度报告 — 数据文件 / counts file",
        f"# 格式：{lay.name}（{lay.document}）。填写后运行 / when filled in, run:",
        "#   nianbao check counts.yaml",
        "# 约定：未写的行按0计；null 表示报告中该格空白。/ rows left out are zeros; null = blank.",
        f"organ: {_q(organ)}",
        f"year: {year}",
        "# organ_kind: government   # government 人民政府 / department 部门 / township 乡镇街道",
        "# contact: {office: 政府信息公开工作机构, address: 地址, postcode: '000000', phone: 电话}",
        "",
        f"# {fmt.part('active').heading}",
        "active:",
    ]
    for block in lay.active_blocks:
        out.append(f"  # {block.caption}：{'、'.join(c[1] for c in block.columns)}")
        for row in block.rows:
            if block.columns[0][0] == "":
                out.append(f"  {row.key}: 0  # {row.label}")
                continue
            cells = []
            for key, _label, _kind in block.columns:
                value = 0
                if prior_t2 is not None and key == "in_force":
                    value = int(prior_t2[f"{row.key}.in_force"].number)
                cells.append(f"{key}: {value}")
            note = ""
            if prior_t2 is not None:
                note = "；现行有效按上年数预填，请加本年制发、减本年废止"
            out.append(f"  {row.key}: {{{', '.join(cells)}}}  # {row.label}{note}")
    cols = "、".join(c.label for c in fmt.APPLICANT_COLUMNS)
    out += [
        "",
        f"# {fmt.part('applications').heading}",
        f"# 每行7个数：{cols}（总计可省略，自动计算）",
        "applications:",
    ]
    group = ""
    for r in lay.app_rows:
        if r.role == "outcome" and r.group != group:
            group = r.group
            if group:
                out.append(f"  # 三、本年度办理结果 {group}")
        elif r.role == "outcome" and not group and r.key == "granted":
            out.append("  # 三、本年度办理结果")
        values = zeros7
        note = ""
        if r.key == "carried_over" and prior_t3 is not None:
            values = [int(c.number) for c in prior_t3["carried_forward"]]
            note = f"（取自{prior.year if prior else ''}年的结转下年度）"
        if r.role == "total":
            out.append(f"  # total: {_row(zeros7)}  # {r.printed}：可省略，自动计算并核对")
            continue
        out.append(f"  {r.key}: {_row(values)}  # {r.printed}{note}")
    out += [
        "",
        f"# {fmt.part('review').heading}",
        "review_litigation:",
    ]
    for g in fmt.REVIEW_GROUPS:
        zeros = ", ".join(f"{c.key}: 0" for c in fmt.REVIEW_COLUMNS)
        label = g.label if g.parent == g.label else f"{g.parent}·{g.label}"
        out.append(f"  {g.key}: {{{zeros}}}  # {label}")
    out += [
        "",
        "# 叙述部分的要点（起草时使用），每项可写一段文字或多段列表 / notes for the narrative",
        "notes:",
        "  overview: ''  # 一、总体情况 开篇：年度工作总述",
    ]
    for t in fmt.TOPICS:
        if t.key in ("problems", "improvements"):
            continue
        need = {"always": "", "government": "（人民政府必填）", "recommended": "（建议）"}[
            t.required
        ]
        out.append(
            f"  {t.key}: ''  # {fmt.part(t.part).number}、{t.label}{need}：{t.help}".rstrip("：")
        )
    out.append("  # 五、存在的主要问题及改进情况：每项一个问题及改进措施")
    if prior is not None and prior.problems():
        out.append("  problems:")
        out.append(
            f"    # {prior.year}年报告提出的问题，请写明整改情况 / follow up last year's problems:"
        )
        for pnote in prior.problems():
            out.append(f"    - problem: {_q(pnote.problem)}")
            out.append("      improvement: ''  # 本年整改情况")
    else:
        out.append("  problems: []")
        out.append("  #  - {problem: 问题, improvement: 改进措施}")
    out += [
        "  other: ''  # 六、其他需要报告的事项：其他内容",
        "",
        "# 叙述中引用的其他数字（表格以外），例如主动公开条数及其分项 / extra figures",
        "figures: []",
        "#  - {key: active_total, label: 主动公开政府信息, value: 88, unit: 条, "
        "topic: active_disclosure}",
        "#  - {key: active_policy, label: 政策文件, value: 12, unit: 条, part_of: active_total}",
        "",
    ]
    return "\n".join(out)
