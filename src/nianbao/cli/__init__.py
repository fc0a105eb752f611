"""Command line: `nianbao` (subcommands) and `draft-report` (the main job).

Importing this package loads only typer and the app: each command's module is imported when the
command is used (`_app.COMMANDS`), so starting `nianbao check` costs what checking needs.
"""

from __future__ import annotations

from nianbao.cli._app import app

__all__ = ["app", "draft_report_main"]


def draft_report_main() -> None:
    """Entry point of the `draft-report` script."""
    from nianbao.cli.draft import draft_report_main as main

    main()
