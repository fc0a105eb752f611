"""The typer app, the two consoles, and the one place where errors become exit codes."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from nianbao.errors import NianbaoError

__all__ = ["app", "err", "handle_errors", "out"]

app = typer.Typer(
    name="nianbao",
    help=(
        "政府信息公开工作年度报告：起草与核查（2021年国家统一格式）。\n\n"
        "Draft and check the annual government-information-disclosure report (2021 national format)."
    ),
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

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Expected failures print one message to stderr and exit with their code; unexpected
    ones print one line too (set NIANBAO_DEBUG=1 for the traceback)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise  # typer prints these itself (a bad parameter exits 2 with usage)
        except NianbaoError as e:
            err.print(f"[red]错误 / error:[/red] {e}", markup=True, highlight=False)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            err.print("已中断 / interrupted")
            raise typer.Exit(130) from None
        except Exception as e:
            if os.environ.get("NIANBAO_DEBUG"):
                raise
            err.print(
                f"内部错误 / internal error: {type(e).__name__}: {e}\n"
                "（设置 NIANBAO_DEBUG=1 可查看详细信息 / set NIANBAO_DEBUG=1 for the traceback）",
                markup=False,
            )
            raise typer.Exit(3) from None

    return wrapper
