"""The two consoles and the one place where an exception becomes a message and an exit code.

Typer-free, so that the light path of `nianbao check FILE…` (`nianbao.cli.main`) shares them
with the typer commands (`_app.handle_errors`).
"""

from __future__ import annotations

import os

from rich.console import Console

from nianbao.errors import NianbaoError

__all__ = ["err", "failure_code", "out"]

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def failure_code(e: BaseException) -> int | None:
    """Print the one message for a failure and return its exit code; None when `e` should
    propagate (SystemExit, or any unexpected error with NIANBAO_DEBUG set: its traceback).

    An expected failure (`NianbaoError`) exits with its own code (1 or 2); an interrupt with 130;
    anything else is an internal error, 3."""
    if isinstance(e, NianbaoError):
        err.print(f"[red]错误 / error:[/red] {e}", markup=True, highlight=False)
        return e.exit_code
    if isinstance(e, KeyboardInterrupt):
        err.print("已中断 / interrupted")
        return 130
    if not isinstance(e, Exception) or os.environ.get("NIANBAO_DEBUG"):
        return None
    err.print(
        f"内部错误 / internal error: {type(e).__name__}: {e}\n"
        "（设置 NIANBAO_DEBUG=1 可查看详细信息 / set NIANBAO_DEBUG=1 for the traceback）",
        markup=False,
    )
    return 3
