"""Write what was read: the counts file (YAML, `null` for blank cells, uncertain cells listed
in comments) and the narrative parts as Markdown."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from nianbao import format as fmt
from nianbao.errors import NianbaoError, ReportReadError
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
        f"# 由 nianbao extract 读出 / read by nianbao extract: {_one_line(report.path or '(text)')}",
        f"# 格式 / layout: {report.layout}；null = 空白或未能确定的单元格 / blank or not read",
    ]
    if report.data.unconfirmed:
        head.append(
            "# 待核对：unconfirmed 所列单元格未能确定（留空），请按原表填好后删去 unconfirmed，"
            "draft-report 才会起草 / the cells under unconfirmed could not be read with "
            "certainty: fill them in from the original, then delete the list"
        )
    if report.uncertain:
        head.append("# 不确定之处，请核对原文 / cells to check against the original:")
        for u in report.uncertain:
            line = f"#   {_one_line(u.location)}: {_one_line(u.message)[:160]}"
            if u.alternatives:
                line += (
                    f"（可能的读法 / readings: {_one_line('；'.join(u.alternatives[:6]))[:200]}）"
                )
            head.append(line)
    for n in report.notes:
        head.append(f"# 注 / note: {_one_line(n)}")
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    text = "\n".join(head) + "\n" + body
    _loads_back(text, report.path or "(text)")
    return text


_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029\x0b\x0c]+")


def _one_line(text: str) -> str:
    """Text for a `#` comment: YAML ends a comment at any line break (also U+2028, U+0085),
    so none may be left in it (a wrapped row label once broke the file)."""
    return _BREAKS.sub(" ", text)


def _loads_back(text: str, source: str) -> None:
    """What extract writes is loaded back first: an unloadable counts file is never written."""
    from nianbao.load import parse_counts

    try:
        parse_counts(text, "extract")
    except NianbaoError as e:
        raise ReportReadError(
            f"{source}: 读出的数据无法写成可加载的数据文件（程序缺陷，请报告）/ the data read "
            f"does not make a loadable counts file (a bug, please report it): {e}"
        ) from None


def narrative_markdown(report: ExtractedReport) -> str:
    """The narrative parts (一、五、六) under their canonical headings."""
    out: list[str] = []
    if report.title:
        out += [f"# {report.title}", ""]
    for key, text in report.parts.items():
        out += [f"## {fmt.part(key).heading}", "", text.strip(), ""]  # type: ignore[arg-type]
    return "\n".join(out)
