"""Write what was read: the counts file (YAML, `null` for blank cells, uncertain cells listed
in comments) and the narrative parts as Markdown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from nianbao import format as fmt
from nianbao.extract import ExtractedReport

__all__ = ["counts_yaml", "narrative_markdown"]


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_Dumper.add_representer(Decimal, _decimal)


class _Flow(list[Any]):
    """A list written on one line ([1, 0, 0, …])."""


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(_Flow, _flow)


def counts_yaml(report: ExtractedReport) -> str:
    """The counts file of the report, loadable by `nianbao check` and `init --prior`."""
    data = report.data.model_dump(mode="python", exclude_unset=True)
    apps = data.get("applications") or {}
    for key, row in list(apps.items()):
        apps[key] = None if row is None else _Flow(row)
    rl = data.get("review_litigation")
    if isinstance(rl, dict) and all(g.key in rl for g in fmt.REVIEW_GROUPS):
        data["review_litigation"] = _Flow(
            rl[g.key].get(c.key) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS
        )
    head = [
        f"# 由 nianbao extract 读出 / read by nianbao extract: {report.path or '(text)'}",
        f"# 格式 / layout: {report.layout}；null = 空白单元格 / blank cell",
    ]
    if report.uncertain:
        head.append("# 不确定之处，请核对原文 / cells to check against the original:")
        for u in report.uncertain:
            head.append(f"#   {u.location}: {u.message.splitlines()[0][:160]}")
    for n in report.notes:
        head.append(f"# 注 / note: {n}")
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(head) + "\n" + body


def narrative_markdown(report: ExtractedReport) -> str:
    """The narrative parts (一、五、六) under their canonical headings."""
    out: list[str] = []
    if report.title:
        out += [f"# {report.title}", ""]
    for key, text in report.parts.items():
        out += [f"## {fmt.part(key).heading}", "", text.strip(), ""]  # type: ignore[arg-type]
    return "\n".join(out)
