"""Read a counts file (YAML or JSON) into `ReportData`, with errors that name file, line and key."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from nianbao import format as fmt
from nianbao.errors import DataError, DataProblem
from nianbao.model import ReportData

__all__ = [
    "MAX_BYTES",
    "error_message",
    "load_counts",
    "parse_counts",
    "read_text",
    "yaml_message",
]

MAX_BYTES = 5 * 1024 * 1024
"""A counts file is a few kilobytes; refuse anything absurdly large before parsing it."""

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_RESOLVED: dict[tuple[str, bool], str] = {}


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML (no object construction) that reads decimals exactly. The tag of a scalar is
    remembered (a counts file repeats the same few hundred values: keys, 0, 1 …), so the C
    parser does not run the resolver's regular expressions again for each of them."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or len(value) > 24:
            return super().resolve(kind, value, implicit)
        key = (value, bool(implicit[0]))
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_RESOLVED) < 50_000:
                _RESOLVED[key] = tag
        return tag


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return float(loader.construct_yaml_float(node))
    return value if value.is_finite() else float(value)


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """Read a text file as UTF-8 (with or without BOM), else GB18030, as Chinese offices save."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise DataError.one(path, f"无法读取文件 / cannot read the file: {e.strerror}") from None
    if path.is_dir():
        raise DataError.one(path, "这是一个目录，不是文件 / this is a directory, not a file")
    if size > limit:
        raise DataError.one(
            path,
            f"文件过大（{size} 字节，上限 {limit}）/ file too large ({size} bytes, limit {limit})",
        )
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataError.one(path, f"无法读取文件 / cannot read the file: {e.strerror}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError.one(
        path, "文件编码无法识别（应为 UTF-8）/ the file is not UTF-8 (nor GB18030) text"
    )


def load_counts(path: str | Path) -> ReportData:
    """Load and validate a counts file. Raises `DataError` naming the line and key."""
    p = Path(path)
    return parse_counts(read_text(p), str(p), json_syntax=p.suffix.lower() == ".json")


def parse_counts(text: str, name: str = "<counts>", *, json_syntax: bool = False) -> ReportData:
    """Parse counts-file text (YAML, or JSON when `json_syntax`) and validate it."""
    node: yaml.Node | None = None
    if json_syntax:
        data = _parse_json(text, name)
    else:
        node, data = _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise DataError.one(
            name,
            "文件顶层应为键值表（organ: …, year: …）/ the top level must be a mapping of keys",
            line=_line(node) if node is not None else None,
        )
    # raw control characters are refused by the YAML reader and by JSON; only an escape
    # ("\x0b", "\u000b") or one of the few JSON lets through can bring one in
    bad = _control_character(data) if _MAYBE_CONTROL.search(text) else None
    if bad is not None:
        loc, char = bad
        if json_syntax:
            try:
                node = _compose(text, name)
            except DataError:
                node = None
        path, line = _resolve(node, loc)
        raise DataError.one(
            name,
            f"含有不可见的控制字符 U+{ord(char):04X}，请删除 / contains the control character "
            f"U+{ord(char):04X}",
            key=_render_path(path) if path else "",
            line=line,
        )
    try:
        return ReportData.model_validate(data)
    except ValidationError as e:
        if json_syntax:  # JSON is YAML too: compose it only now, for the line numbers
            try:
                node = _compose(text, name)
            except DataError:
                node = None
        raise DataError(name, _problems(e, node)) from None


# --- parsing -----------------------------------------------------------------------------------


def _parse_yaml(text: str, name: str) -> tuple[yaml.Node | None, Any]:
    """Compose the node tree (kept for line numbers), vet it, then build the data from it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            return node, _build(loader, node)
        except _NodeProblem as e:
            path = _path_to(node, e.node)
            raise DataError.one(
                name, e.message, key=_render_path(path) if path else "", line=_line(e.node)
            ) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DataError.one(name, yaml_message(e, text), line=line) from None
    except yaml.YAMLError as e:
        raise DataError.one(name, f"YAML 格式错误 / YAML syntax error: {e}") from None
    finally:
        loader.dispose()


_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("expected ',' or ']'", "列表 [ … ] 没有闭合，或两个数之间缺少逗号"),
    ("expected ',' or '}'", "键值表 { … } 没有闭合，或两项之间缺少逗号"),
    ("tab character", "不能用 Tab 键缩进，请改用空格"),
    ("found character '\\t'", "不能用 Tab 键缩进，请改用空格"),
    (
        "mapping values are not allowed",
        "这里不应有冒号：检查缩进和冒号（冒号后要有空格，文字中的冒号要加引号）",
    ),
    ("expected '-' indicator", "列表项（- …）的缩进没有对齐"),
    ("did not find expected key", "缩进没有对齐，或多了括号、引号：同一层的键应左端对齐"),
    ("expected <block end>", "缩进没有对齐：同一层的键应左端对齐"),
    ("unexpected end of stream", "文件在引号或括号闭合之前就结束了：请检查引号、括号是否成对"),
    ("cannot start any token", "值以 @ ` % 等特殊字符开头：请给这个值加引号"),
    ("unknown escape", "双引号中的反斜杠 \\ 用法不对：改用单引号，或写成 \\\\"),
    ("undefined alias", "以 * 开头的值会被当作别名：请给这个值加引号"),
    ("could not find expected ':'", "缺少冒号：键和值之间要用半角冒号加空格（key: value）"),
    ("unacceptable character", "含有不允许的字符"),
)
"""PyYAML's English problems, each with the Chinese lead a clerk reads first."""

_WIDE_COLON = re.compile(r"^\s*-?\s*[\w\u4e00-\u9fff]+\s*：")


def yaml_message(e: yaml.MarkedYAMLError, text: str) -> str:
    """A YAML syntax error in Chinese first (what is wrong, where it started), then PyYAML's
    English; a full-width colon after a key, the commonest slip, is pointed out by line."""
    problem = e.problem or e.context or "syntax error"
    zh = next((z for en, z in _YAML_PROBLEMS if en in problem), "格式不对")
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark is not None else None
    opened = e.context is not None and ("flow" in e.context or "quoted" in e.context)
    if (
        opened
        and e.context_mark is not None
        and line is not None
        and e.context_mark.line + 1 < line
    ):
        zh += f"（自第{e.context_mark.line + 1}行起）"
    lines = text.splitlines()
    if line is not None and 0 < line <= len(lines) and "\t" in lines[line - 1]:
        zh = "不能用 Tab 键缩进或分隔，请改用空格"
    if line is not None:
        for n in (line, line - 1):
            if 0 < n <= len(lines) and _WIDE_COLON.match(lines[n - 1]):
                zh += f"；第{n}行的冒号是全角“：”，应为半角“: ”"
                break
    english = problem if not e.context else f"{e.context}: {problem}"
    return f"YAML 格式错误：{zh} / YAML syntax error: {english}"


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
"""Characters no report can print (and a Word file cannot hold); tab and newlines are fine."""


_MAYBE_CONTROL = re.compile("[\\\\\x7f\ufffe\uffff]")


def _control_character(data: Any) -> tuple[tuple[Any, ...], str] | None:
    """The location and the first control character in any key or string of the document."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            m = _CONTROL.search(value)
            if m:
                return loc, m.group(0)
        elif isinstance(value, dict):
            for k, v in value.items():
                m = _CONTROL.search(str(k))
                if m:
                    return (*loc, k), m.group(0)
                stack.append(((*loc, k), v))
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in enumerate(value))
    return None


def _compose(text: str, name: str) -> yaml.Node | None:
    return _parse_yaml(text, name)[0]


_TAG = "tag:yaml.org,2002:"
_INT_TAG = _TAG + "int"
_FLOAT_TAG = _TAG + "float"
_PLAIN_NUMBER = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)")
"""How a number is written in a counts file: decimal digits, at most one point (12, 0, 3.5)."""
_TRUE = {"yes", "true", "on", "y"}


def _max_digits() -> int:
    import sys

    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    return limit or 4300


_MAX_DIGITS = _max_digits()


def _number_problem(text: str) -> str | None:
    """Why a YAML number is not a plain decimal as written (`010` is 8 to YAML, `1:30` is 90,
    `0x10` is 16, `1_000` is 1000, `.inf` is infinity): the clerk meant something else."""
    if len(text) < 30 and _PLAIN_NUMBER.fullmatch(text):
        return None
    digits = sum(ch.isdigit() for ch in text)
    if digits > _MAX_DIGITS:
        return (
            f"数字过长（{digits}位），不是可用的数字 / numeral too long ({digits} digits) to be "
            "a figure"
        )
    if _PLAIN_NUMBER.fullmatch(text):
        return None
    shown = text if len(text) <= 40 else text[:40] + "…"
    low = text.lower().lstrip("+-")
    if low.startswith((".inf", ".nan")):
        zh, en = "不是有限的数", "is not a finite number"
    elif ":" in text:
        zh, en = "会被读作六十进制（1:30 读成 90）", "would be read in base 60 (1:30 as 90)"
    elif low.startswith(("0x", "0b", "0o")):
        zh, en = "会被读作十六、二或八进制", "would be read as hex, binary or octal"
    elif "_" in text:
        zh, en = "数字中不能有下划线", "has an underscore inside"
    elif low[:1] == "0" and low[1:2].isdigit():
        zh, en = "以0开头，会被读作八进制（010 读成 8）", "has a leading zero (YAML reads 010 as 8)"
    else:
        zh, en = "不是十进制数字的写法", "is not written as a decimal number"
    return (
        f"数字 {shown} 的写法不明确：{zh}；请写成十进制数字（如 10、3.5），若是文字请加引号 / "
        f"the number {shown} {en}; write decimal digits (10, 3.5), or quote it if it is text"
    )


class _NodeProblem(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def _scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    """A plain scalar's value; numbers only as decimals written out (never 010 → 8)."""
    tag, text = node.tag, node.value
    if tag == _TAG + "str":
        return text
    if tag == _INT_TAG or tag == _FLOAT_TAG:  # plain, or tagged !!int / !!float explicitly
        problem = _number_problem(text)
        if problem is not None:
            raise _NodeProblem(node, problem)
        return int(text) if tag == _INT_TAG else Decimal(text)
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return text.lower() in _TRUE
    return loader.construct_object(node, deep=True)  # timestamps, binary …; unknown tags refused


def _build(loader: Any, root: yaml.Node) -> Any:
    """The data of the node tree: recursively (fast) for files of ordinary depth, else by
    `_build_deep` with an explicit stack; both refuse the same things."""
    if _depth_at_most(root, 40):
        try:
            return _build_fast(loader, root, set())
        except RecursionError:  # deep in a branch the look-ahead did not follow
            pass
    return _build_deep(loader, root)


def _depth_at_most(node: yaml.Node, limit: int) -> bool:
    while limit > 0:
        if isinstance(node, yaml.ScalarNode) or not node.value:
            return True
        limit -= 1
        # a counts file nests mappings and short lists; a deep branch shows in its last item
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return False


_SEQ_TAG = _TAG + "seq"
_MAP_TAG = _TAG + "map"
_ALIAS = "不支持 YAML 锚点和别名（&、*）/ YAML anchors and aliases are not supported"


def _build_fast(loader: Any, node: yaml.Node, seen: set[int]) -> Any:
    if id(node) in seen:
        raise _NodeProblem(node, _ALIAS)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node)
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
        return [_build_fast(loader, v, seen) for v in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
        return _mapping(node, lambda n: _build_fast(loader, n, seen))
    return loader.construct_object(node, deep=True)


def _mapping(node: yaml.Node, build: Callable[[yaml.Node], Any]) -> dict[Any, Any]:
    """A mapping node as a dict, each key and value made by `build`; a key given twice, or a
    key that is not text, is refused at its line."""
    out: dict[Any, Any] = {}
    lines: dict[str, int] = {}
    for k, v in node.value:
        key = str(k.value)
        if key in lines:
            raise _NodeProblem(
                k, f"键 {key!r} 重复出现（第{lines[key]}行已有）/ duplicate key {key!r}"
            )
        lines[key] = _line(k)
        try:
            out[build(k)] = build(v)
        except TypeError:
            raise _NodeProblem(k, "键应为文字 / a key must be text") from None
    return out


def _build_deep(loader: Any, root: yaml.Node) -> Any:
    """Build the data from the node tree in one pass without recursion, refusing aliases (they
    let a tiny file expand without bound), duplicate keys and numbers not written as plain
    decimals (YAML would turn `010` into 8 and `1:30` into 90)."""
    built: dict[int, Any] = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if not ready:
            if id(node) in seen:
                raise _NodeProblem(node, _ALIAS)
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                built[id(node)] = _scalar(loader, node)
            elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
                stack.append((node, True))
                stack.extend((v, False) for v in reversed(node.value))
            elif isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
                stack.append((node, True))
                for k, v in reversed(node.value):
                    stack.extend(((v, False), (k, False)))
            else:
                built[id(node)] = loader.construct_object(node, deep=True)
        elif isinstance(node, yaml.SequenceNode):
            built[id(node)] = [built.pop(id(v)) for v in node.value]
        else:
            built[id(node)] = _mapping(node, lambda n: built.pop(id(n)))
    return built[id(root)]


def _path_to(root: yaml.Node, target: yaml.Node) -> list[str | int] | None:
    """The key path of a node in the tree (for a message), None when it is a key itself."""
    stack: list[tuple[yaml.Node, list[str | int]]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k is target:
                    return [*path, str(k.value)]
                stack.append((v, [*path, str(k.value)]))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, [*path, i]) for i, v in enumerate(node.value))
    return None


class _TooLong(Exception):
    """A JSON numeral longer than Python reads."""


_JSON_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("Expecting ',' delimiter", "缺少逗号，或括号没有闭合"),
    ("Expecting ':' delimiter", "键和值之间缺少冒号"),
    ("Expecting property name", "键名要用英文双引号，最后一项后面不能有逗号"),
    ("Expecting value", "缺少值（或多了逗号、用了单引号）"),
    ("Unterminated string", "引号没有闭合"),
    ("Invalid control character", "文字中有换行等控制字符：请写成 \\n"),
    ("Invalid \\escape", "反斜杠 \\ 用法不对：请写成 \\\\"),
    ("Extra data", "数据结束后还有多余的内容"),
)
"""Python's JSON messages, each with its Chinese lead."""


def _parse_json(text: str, name: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise ValueError(f"键 {k!r} 重复 / duplicate key {k!r}")
            out[k] = v
        return out

    def whole(digits: str) -> int:
        if len(digits) > _max_digits():
            raise _TooLong(str(_number_problem(digits)))
        return int(digits)

    try:
        return json.loads(text, parse_float=Decimal, parse_int=whole, object_pairs_hook=pairs)
    except _TooLong as e:
        raise DataError.one(name, str(e)) from None
    except json.JSONDecodeError as e:
        zh = next((z for en, z in _JSON_PROBLEMS if e.msg.startswith(en)), "格式不对")
        raise DataError.one(
            name, f"JSON 格式错误：{zh} / JSON syntax error: {e.msg}", line=e.lineno
        ) from None
    except (ValueError, RecursionError) as e:
        raise DataError.one(name, f"JSON 内容无法解析 / cannot read the JSON: {e}") from None


# --- validation errors → problems with lines ---------------------------------------------------


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _resolve(node: yaml.Node | None, loc: tuple[Any, ...]) -> tuple[list[str | int], int | None]:
    """Follow a pydantic error location through the YAML nodes: (real path, line)."""
    path: list[str | int] = []
    line = _line(node) if node is not None else None
    for part in loc:
        if node is None:
            if isinstance(part, int) or _is_key(part):
                path.append(part)
            continue
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if str(k.value) == part:
                    path.append(part)
                    line = _line(k) if not isinstance(v, yaml.ScalarNode) else _line(v)
                    node = v
                    break
            else:
                if _is_key(part):  # a missing key: report it at its parent
                    path.append(part)
                    node = None
            continue
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
                line = _line(node)
            path.append(part)
            continue
        # a union-branch tag ('constrained-int', 'Active_licensing' …): not a place in the file
    return path, line


_ALL_KEYS: set[str] = set()


def _collect_keys(model: type[BaseModel]) -> None:
    for name, info in model.model_fields.items():
        _ALL_KEYS.add(name)
        for arg in _flatten(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg is not model:
                _collect_keys(arg)


def _flatten(t: Any) -> list[Any]:
    args = getattr(t, "__args__", None)
    if not args:
        return [t]
    out: list[Any] = []
    for a in args:
        out.extend(_flatten(a))
    return out


def _is_key(part: str) -> bool:
    if not _ALL_KEYS:
        _collect_keys(ReportData)
    return part in _ALL_KEYS


def _render_path(path: list[str | int]) -> str:
    """A place in the file as a person counts: `applications.new 第2个数（商业企业）`,
    `review_litigation 第9个数（行政诉讼 未经复议直接起诉 尚未审结）`, `figures 第1项.value`."""
    out = ""
    for i, p in enumerate(path):
        if isinstance(p, int):
            out += f" 第{p + 1}{'个数' if _is_cell(path, i) else '项'}"
            out += _column_name(path, i)
        else:
            out += f".{p}" if out and not isinstance(path[i - 1], int) else (f".{p}" if out else p)
    return out


def _is_cell(path: list[str | int], i: int) -> bool:
    return path[0] in ("applications", "review_litigation") and i == len(path) - 1


def _column_name(path: list[str | int], i: int) -> str:
    """The printed name of the i-th number of a table-三 row or of table 四's flat form."""
    p = path[i]
    assert isinstance(p, int)
    if path[0] == "applications" and i == 2 and 0 <= p < len(fmt.APPLICANT_COLUMNS):
        return f"（{fmt.APPLICANT_COLUMNS[p].label}）"
    n = len(fmt.REVIEW_COLUMNS)
    if path[0] == "review_litigation" and i == 1 and 0 <= p < n * len(fmt.REVIEW_GROUPS):
        g, c = fmt.REVIEW_GROUPS[p // n], fmt.REVIEW_COLUMNS[p % n]
        return f"（{fmt.review_location(g, c).removeprefix('表四 ')}）"
    return ""


_TYPE_ERRORS = {
    "int_type",
    "int_parsing",
    "int_from_float",
    "decimal_type",
    "decimal_parsing",
    "model_type",
    "model_attributes_type",
    "dict_type",
    "list_type",
    "string_type",
    "bool_type",
    "date_type",
    "date_parsing",
    "literal_error",
    "float_type",
}


_RANGE_ERRORS = {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}


def _year_range() -> tuple[int, int]:
    """The bounds of `ReportData.year`, read from the model (written once there)."""
    lo, hi = 0, 0
    for m in ReportData.model_fields["year"].metadata:
        lo = getattr(m, "ge", None) or lo
        hi = getattr(m, "le", None) or hi
    return lo, hi


_YEAR_RANGE = _year_range()


def error_message(err: Any) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) as a bilingual message."""
    return _message(err)


def _message(err: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if kind == "missing":
        return "缺少必填项 / this key is required"
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        if not _ALL_KEYS:
            _collect_keys(ReportData)
        close = difflib.get_close_matches(key, sorted(_ALL_KEYS), n=1, cutoff=0.6)
        if close:
            return f"未知的键 {key!r}，是否应为 {close[0]!r}？/ unknown key, did you mean {close[0]!r}?"
        return f"未知的键 {key!r} / unknown key {key!r}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, Decimal) or isinstance(value, float):
            return (
                f"件数应为整数，不能是小数 {value}（只有万元金额可带小数）/ "
                f"counts are whole numbers, got {value} (decimals only in 万元)"
            )
        if isinstance(value, bool):
            return f"应为整数，不能是 {value} / must be a whole number, got {value}"
        return f"应为整数，实为 {shown} / must be a whole number, got {shown}"
    if tuple(err.get("loc", ())) == ("year",) and kind in _RANGE_ERRORS:
        return (
            f"报告年度应在 {_YEAR_RANGE[0]}–{_YEAR_RANGE[1]} 年之间，实为 {value}"
            f"（填统计年度，如 2024）/ the report year must be between {_YEAR_RANGE[0]} and "
            f"{_YEAR_RANGE[1]}, got {value} (the year reported on, e.g. 2024)"
        )
    limit = err.get("ctx", {}).get("ge", err.get("ctx", {}).get("gt"))
    if kind in ("greater_than_equal", "greater_than") and limit not in (None, 0):
        return f"数值过小：{value}，应不小于 {limit} / value too small: {value}, minimum {limit}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能为负数：{value} / must not be negative: {value}"
    if kind in ("less_than_equal", "less_than"):
        return f"数值过大：{value} / value too large: {value}"
    if kind in ("decimal_type", "decimal_parsing", "finite_number"):
        return f"应为数字，实为 {shown} / must be a number, got {shown}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"应为键值表，实为 {shown} / must be a mapping of keys, got {shown}"
    if kind == "list_type":
        return f"应为列表 [ … ]，实为 {shown} / must be a list, got {shown}"
    if kind == "string_type":
        return f"应为文字，实为 {shown} / must be text, got {shown}"
    if kind == "string_too_short":
        return "不能为空 / must not be empty"
    if kind == "string_pattern_mismatch":
        return f"格式不对：{shown}（应为小写英文、数字和下划线）/ must be lower_snake_case"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"取值不对：{shown}，可用 {expected} / must be one of {expected}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return f"应为日期 YYYY-MM-DD，实为 {shown} / must be a date YYYY-MM-DD"
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    return f"{err['msg']}"


def _problems(e: ValidationError, node: yaml.Node | None) -> list[DataProblem]:
    errs = e.errors(include_url=False)
    resolved = [(err, *_resolve(node, tuple(err["loc"]))) for err in errs]
    # Union branches produce one error each: keep the informative one for each place.
    out: list[DataProblem] = []
    seen: set[str] = set()
    for err, path, line in resolved:
        key = _render_path(path)
        if err["type"] in _TYPE_ERRORS:
            others = [
                o
                for o, p, _ in resolved
                if o is not err
                and o["type"] not in _TYPE_ERRORS
                and _render_path(p).startswith(key)
            ]
            if others:
                continue
        msg = _message(err)
        if key in seen:
            continue
        seen.add(key)
        out.append(DataProblem(msg, key, line))
    return out
