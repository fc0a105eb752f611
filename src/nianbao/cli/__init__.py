"""Command line: `nianbao` (subcommands) and `draft-report` (the main job).

`main` is the `nianbao` script. The plain form `nianbao check FILE…` (paths only, no option) is
run without typer: `_checking.run_check` with the command's defaults, the same function the typer
command calls. Every other command line goes to the typer app, which imports each command's module
only when the command is used (`_app.COMMANDS`). `app` itself is loaded on first use, so that the
light path does not import typer.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nianbao.cli._app import app

__all__ = ["app", "draft_report_main", "main"]


def main(argv: list[str] | None = None) -> None:
    """The `nianbao` command (and `python -m nianbao`): exits with the command's code."""
    args = sys.argv[1:] if argv is None else argv
    if light_check(args):
        sys.exit(_check_files(args[1:]))
    from nianbao.cli._app import app

    app(args=args, prog_name="nianbao")


def light_check(args: list[str]) -> bool:
    """`check` followed only by paths (at least one; none starting with "-", so no option,
    no `--help`, no `--`): the form that needs no option parsing."""
    return (
        len(args) >= 2 and args[0] == "check" and all(a and not a.startswith("-") for a in args[1:])
    )


def _check_files(paths: list[str]) -> int:
    from pathlib import Path

    from nianbao.cli._console import failure_code

    try:
        from nianbao.cli._checking import run_check

        return run_check([Path(p) for p in paths])
    except BaseException as e:
        code = failure_code(e)
        if code is None:
            raise
        return code


def draft_report_main() -> None:
    """Entry point of the `draft-report` script."""
    from nianbao.cli.draft import draft_report_main as run

    run()


def __getattr__(name: str) -> Any:
    if name == "app":  # `from nianbao.cli import app` (tests, `CliRunner`) loads typer here
        from nianbao.cli._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
