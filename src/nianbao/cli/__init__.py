"""Command line: `nianbao` (subcommands) and `draft-report` (the main job)."""

from __future__ import annotations

from nianbao.cli import check, draft, extract, init, log, render, review, tally  # noqa: F401  (each module registers its commands)
from nianbao.cli._app import app
from nianbao.cli.draft import draft_report_main

__all__ = ["app", "draft_report_main"]
