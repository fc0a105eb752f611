"""Where a finding's cells sit in the file it came from: the line of a YAML or JSON counts file
(`counts.yaml:12`) or the sheet and cell of a workbook (`表三!D12`), so a person can go there."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from nianbao import format as fmt
from nianbao.checks import Finding
from nianbao.load import read_text
from nianbao.model import ReportData

__all__ = ["cell_places", "render_places", "with_places"]

_Composer: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_FIGURE_KEY = re.compile(r"（([a-z][a-z0-9_]*)）$")
_KEY_OF_LOCATION = {
    "报告年度": "info.year",
    "发布日期": "info.published",
    "格式版本": "info.layout",
}


def _ids(f: Finding) -> list[str]:
    """The cells of a finding; for one about a key of the file (the year, the publication date,
    an extra figure), that key as a pseudo cell: `info.year`, `figure.active_total`."""
    if f.cells:
        return f.cells
    if f.location in _KEY_OF_LOCATION:
        return [_KEY_OF_LOCATION[f.location]]
    m = _FIGURE_KEY.search(f.location)
    if f.location.startswith("figures") and m:
        return [f"figure.{m.group(1)}"]
    return []


def with_places(path: str | Path, data: ReportData, findings: list[Finding]) -> list[Finding]:
    """`findings` with `places` filled in from their cells or keys (others unchanged)."""
    wanted = {c for f in findings for c in _ids(f)}
    if not wanted:
        return findings
    places = _places(path, data, wanted)
    out: list[Finding] = []
    for f in findings:
        found = [places[c] for c in _ids(f) if c in places]
        # the cells' own lines; only when the file writes none of them, the table's key
        exact = [place for place, is_exact in found if is_exact]
        here = list(dict.fromkeys(exact or [place for place, _ in found]))
        out.append(f.model_copy(update={"places": here}) if here else f)
    return out


def cell_places(path: str | Path, data: ReportData, cells: Iterable[str]) -> dict[str, str]:
    """Each cell id's place in the file at `path`: its own line or cell, or for a row the file
    leaves out the line of the enclosing key (cells of a table the file never names are left out)."""
    return {c: place for c, (place, _) in _places(path, data, cells).items()}


def _places(
    path: str | Path, data: ReportData, cells: Iterable[str]
) -> dict[str, tuple[str, bool]]:
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        from nianbao.inputs.excel import cell_address

        lay = data.format_layout
        found = {c: cell_address(c, lay) for c in cells}
        figures = [c for c in cells if c.startswith("figure.")]
        if figures:
            found.update(_figure_cells(p, figures))
        return {c: (a, True) for c, a in found.items() if a is not None}
    if suffix not in (".yaml", ".yml", ".json"):
        return {}
    try:
        root = yaml.compose(read_text(p), Loader=_Composer)  # nodes only: nothing constructed
    except Exception:  # the file loaded a moment ago; if it cannot be read again, no places
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    out: dict[str, tuple[str, bool]] = {}
    for c in cells:
        at = _key_line(root, c) if c.startswith(("info.", "figure.")) else _line(root, c)
        if at is not None:
            out[c] = (f"{p.name}:{at[0]}", at[1])
    return out


def _figure_cells(path: Path, ids: list[str]) -> dict[str, str | None]:
    """Where a workbook's 数字 sheet names each extra figure's key (`数字!A6`)."""
    from nianbao.errors import DataError
    from nianbao.inputs.excel import FIGURES, FIGURES_FIRST_ROW, sheet_rows

    try:
        rows = dict(sheet_rows(path)).get(FIGURES, [])
    except DataError:
        return {}
    out: dict[str, str | None] = {}
    numbered = list(enumerate(rows, start=1))
    # the inputs below the example rows first (an example may share its key with a real figure)
    for i, row in numbered[FIGURES_FIRST_ROW - 1 :] + numbered[: FIGURES_FIRST_ROW - 1]:
        key = str(row[0]).strip() if row and row[0] is not None else ""
        pseudo = f"figure.{key}"
        if pseudo in ids and pseudo not in out:
            out[pseudo] = f"{FIGURES}!A{i}"
    return out


def _key_line(root: yaml.MappingNode, pseudo: str) -> tuple[int, bool] | None:
    """The line of a top-level key (`info.year`) or of an extra figure (`figure.<key>`)."""
    kind, _, key = pseudo.partition(".")
    if kind == "info":
        found = _get(root, key)
        return (_at(*found), True) if found is not None else None
    figures = _get(root, "figures")
    if figures is None or not isinstance(figures[1], yaml.SequenceNode):
        return None
    for item in figures[1].value:
        named = _get(item, "key")
        if named is not None and str(named[1].value) == key:
            return int(item.start_mark.line) + 1, True
    return None


def _get(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if str(k.value) == key:
                return k, v
    return None


def _at(key: yaml.Node, value: yaml.Node) -> int:
    """A key's line, or its value's when the value is a number written on a line of its own."""
    node = value if isinstance(value, yaml.ScalarNode) else key
    return int(node.start_mark.line) + 1


def _line(root: yaml.MappingNode, cell: str) -> tuple[int, bool] | None:
    """The line of a cell id (exact), or of the nearest enclosing key the file writes."""
    table, _, rest = cell.partition(".")
    top = {"t2": "active", "t3": "applications", "t4": "review_litigation"}.get(table)
    found = _get(root, top) if top else None
    if found is None:
        return None
    line = int(found[0].start_mark.line) + 1
    node = found[1]
    first, _, second = rest.partition(".")
    if table == "t4" and isinstance(node, yaml.SequenceNode):  # the flat form: 15 numbers
        groups = [g.key for g in fmt.REVIEW_GROUPS]
        cols = [c.key for c in fmt.REVIEW_COLUMNS]
        if first in groups and second in cols:
            i = groups.index(first) * len(cols) + cols.index(second)
            if i < len(node.value):
                return int(node.value[i].start_mark.line) + 1, True
        return line, False
    row = _get(node, first)
    if row is None:
        return line, False
    line = _at(*row)
    if table == "t3":
        keys = [c.key for c in fmt.APPLICANT_COLUMNS]
        seq = row[1]
        if isinstance(seq, yaml.SequenceNode) and second in keys:
            i = keys.index(second)
            if i < len(seq.value):
                return int(seq.value[i].start_mark.line) + 1, True
        return line, True  # the row as written (a total the file leaves to be derived)
    if second:
        cell_node = _get(row[1], second)
        if cell_node is not None:
            return _at(*cell_node), True
        return line, False
    return line, True


def render_places(places: list[str], limit: int = 6) -> str:
    """Places for a person: `t3-balance.yaml 第8、9、12行` or `表三!D5、D6、D28`."""
    if not places:
        return ""
    shown = places[:limit]
    more = "等" if len(places) > limit else ""
    if all("!" not in p and ":" in p for p in shown):
        name = shown[0].rpartition(":")[0]
        if all(p.rpartition(":")[0] == name for p in shown):
            lines = sorted({int(p.rpartition(":")[2]) for p in shown})
            return f"{name} 第{'、'.join(map(str, lines))}行{more}"
    parts: list[str] = []
    sheet = ""
    for p in shown:
        s, bang, ref = p.partition("!")
        parts.append(ref if bang and s == sheet else p)
        sheet = s if bang else ""
    return "、".join(parts) + more
