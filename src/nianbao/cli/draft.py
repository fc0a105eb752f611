"""`nianbao draft` / `draft-report`: the main job (drafting arrives with the drafting issue)."""

from __future__ import annotations

import typer

from nianbao.cli._app import app, err


@app.command()
def draft() -> None:
    """起草年报（开发中）。/ Draft the report (not built yet)."""
    err.print("起草功能尚未提供 / drafting is not available yet")
    raise typer.Exit(2)


def draft_report_main() -> None:
    """Entry point of the `draft-report` script."""
    draft_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    draft_app.command()(draft)
    draft_app()
