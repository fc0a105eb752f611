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
