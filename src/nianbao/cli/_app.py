"""The typer app, the two consoles, and the one place where errors become exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup

from nianbao.cli._console import err, failure_code, out

__all__ = ["COMMANDS", "ENVIRONMENT_HELP", "EXIT_HELP", "app", "err", "handle_errors", "out"]

COMMANDS: dict[str, str] = {
    "check": "check",
    "draft": "draft",
    "extract": "extract",
    "init": "init",
    "convert": "init",
    "schema": "init",
    "log": "log",
    "render": "render",
    "review": "review",
    "tally": "tally",
}
"""Each command and the module of `nianbao.cli` that defines it (in the order `--help` lists
them). A command's module is imported only when that command runs (or `--help` lists them all),
so `nianbao check` does not load the drafting, rendering or Excel code."""


ENVIRONMENT_HELP = (
    "环境变量 / environment: "
    "NIANBAO_BASE_URL 或 OPENAI_BASE_URL 模型接口地址 / model endpoint; "
    "NIANBAO_API_KEY 或 OPENAI_API_KEY 密钥 / API key; "
    "NIANBAO_MODEL 模型名称 / model name; "
    "NIANBAO_METHOD 结构化输出方式 / structured-output method; "
    "NIANBAO_OFFLINE=1 不调用模型 / never call a model; "
    "NIANBAO_HOME 调用记录与缓存所在目录 / folder of the exchange log and cache; "
    "NIANBAO_CONTEXT_TOKENS 模型上下文长度（提示过长时警告）/ the model's context size (warns "
    "when a prompt would not fit); "
    "NIANBAO_LEADS 每年导语文件 / file of the yearly opening leads; "
    "NIANBAO_DEBUG=1 内部错误时显示详细信息 / traceback on internal errors."
)
EXIT_HELP = (
    "退出码 / exit codes: 0 成功、未发现错误 / success, no errors; "
    "1 发现错误（核查）或数据有错未起草 / errors found, or data errors (nothing drafted); "
    "2 输入无法读取或参数错误 / unreadable input or bad option; "
    "3 内部错误 / internal error; "
    "4 使用 --strict 且模型失败、由内置写作器代写 / --strict and the built-in writer took "
    "over from the model; "
    "130 被中断 / interrupted."
)


class LazyGroup(TyperGroup):
    """The `nianbao` group: commands are registered by their modules on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(n for n in self.commands if n not in COMMANDS)]

    _listing = False

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """`nianbao --help` lists every command with its help, read from the modules' source
        (`_summary`) instead of importing them all."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing and cmd_name not in self.commands and cmd_name in COMMANDS:
            from typer.core import TyperCommand

            return TyperCommand(name=cmd_name, help=_summary(cmd_name), callback=None)
        if cmd_name not in self.commands:
            import importlib
            import pkgutil

            from typer.main import get_command_from_info, get_command_name

            if cmd_name in COMMANDS:
                importlib.import_module(f"nianbao.cli.{COMMANDS[cmd_name]}")
            else:  # not in the table (a typo, or a command added without a row): look everywhere
                for mod in pkgutil.iter_modules(_package_path()):
                    if not mod.name.startswith("_"):
                        importlib.import_module(f"nianbao.cli.{mod.name}")
            for info in app.registered_commands:
                name = info.name or get_command_name(getattr(info.callback, "__name__", ""))
                # after a look everywhere, all of them (a typo then gets "did you mean …")
                if name == cmd_name or (cmd_name not in COMMANDS and name not in self.commands):
                    self.commands[name] = get_command_from_info(
                        info,
                        pretty_exceptions_short=app.pretty_exceptions_short,
                        rich_markup_mode=self.rich_markup_mode,
                    )
        return self.commands.get(cmd_name)


def _package_path() -> list[str]:
    from pathlib import Path

    return [str(Path(__file__).parent)]


def _summary(cmd_name: str) -> str:
    """The first paragraph of a command's docstring, read from its module's source."""
    import ast
    from pathlib import Path

    from typer.main import get_command_name

    source = (Path(__file__).parent / f"{COMMANDS[cmd_name]}.py").read_text("utf-8")
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef):
            continue
        for deco in node.decorator_list:
            if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)):
                continue
            if deco.func.attr != "command":
                continue
            named = [a.value for a in deco.args if isinstance(a, ast.Constant)]
            if (named[0] if named else get_command_name(node.name)) == cmd_name:
                return (ast.get_docstring(node) or "").split("\n\n")[0]
    return ""


app = typer.Typer(
    cls=LazyGroup,
    name="nianbao",
    help=(
        "政府信息公开工作年度报告：起草与核查（2021年国家统一格式）。\n\n"
        "Draft and check the annual government-information-disclosure report (2021 national format)."
    ),
    epilog=f"{ENVIRONMENT_HELP}\n\n{EXIT_HELP}",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)

_CJK = r"\u2e80-\u9fff\uff00-\uffef\u3000-\u303f"
_HELP_PATCHED = False


def _join_lines(paragraph: str) -> str:
    """A docstring paragraph's lines as one: no space where Chinese meets Chinese."""
    import re

    text = re.sub(rf"(?<=[{_CJK}])\n\s*(?=[{_CJK}])", "", paragraph)
    return re.sub(r"\s*\n\s*", " ", text)


def _readable_help() -> None:
    """Help readable at 80 columns (COLUMNS=80). Typer's rich help keeps the line breaks inside a
    docstring's paragraphs ("…标题序号、年\n度、\n行名…") and crops a run of Chinese longer than
    its column with "…" (it breaks lines only at spaces). Patched once, when help is shown, so
    that start-up does not import typer.rich_utils."""
    global _HELP_PATCHED
    if _HELP_PATCHED:
        return
    _HELP_PATCHED = True
    from rich.text import Text
    from typer import rich_utils

    make = getattr(rich_utils, "_make_rich_text", None)
    if getattr(rich_utils, "_fix_linebreaks", None) is not None:

        def fix_linebreaks(paragraphs: list[str], markup_mode: object) -> str:
            # a paragraph starting with \b keeps its lines (click's "do not rewrap" mark)
            return "\n\n".join(p if p.startswith("\b") else _join_lines(p) for p in paragraphs)

        rich_utils._fix_linebreaks = fix_linebreaks
    if make is not None:

        def make_rich_text(*, text: str, style: str = "", markup_mode: object) -> object:
            rendered = make(text=text, style=style, markup_mode=markup_mode)
            if isinstance(rendered, Text):
                rendered.overflow = "fold"  # fold a long Chinese run instead of cropping it
            return rendered

        rich_utils._make_rich_text = make_rich_text  # type: ignore[assignment]


def _patch_format_help() -> None:
    from typer import core

    for cls in (core.TyperCommand, core.TyperGroup):
        original = cls.format_help

        def format_help(
            self: object, ctx: object, formatter: object, _o: object = original
        ) -> object:
            _readable_help()
            return _o(self, ctx, formatter)  # type: ignore[operator]

        cls.format_help = format_help  # type: ignore[method-assign,assignment]


_patch_format_help()


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("nianbao")
        except PackageNotFoundError:  # run from a source tree that is not installed
            number = "unknown"
        typer.echo(f"nianbao {number}")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="显示版本号并退出 / show the version and exit",
        ),
    ] = False,
) -> None:
    pass


P = ParamSpec("P")
R = TypeVar("R")


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Expected failures print one message to stderr and exit with their code; unexpected
    ones print one line too (set NIANBAO_DEBUG=1 for the traceback): `_console.failure_code`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise  # typer prints these itself (a bad parameter exits 2 with usage)
        except BaseException as e:
            code = failure_code(e)
            if code is None:
                raise
            raise typer.Exit(code) from None

    return wrapper
