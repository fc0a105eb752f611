"""`nianbao log`: the recent model exchanges (from the SQLite log in the data folder)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape

from nianbao.cli._app import app, handle_errors, out


@app.command("log")
@handle_errors
def log_command(
    limit: Annotated[int, typer.Option("--limit", "-n", help="显示条数 / how many", min=1)] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（含提示和回答）/ as JSON")
    ] = False,
) -> None:
    """列出最近的模型调用记录（模型、用时、token、核验结果）。/ List recent model exchanges."""
    from nianbao.draft.log import ExchangeLog, default_log_path

    path = default_log_path()
    if not path.exists():
        out.print(f"还没有模型调用记录（{path}）/ no exchanges logged yet")
        return
    from nianbao.draft.settings import strip_credentials, strip_url_credentials

    with ExchangeLog(path) as log:
        # rows logged before credentials were stripped from URLs are shown without them too
        rows = [
            r.model_copy(
                update={
                    "base_url": strip_url_credentials(strip_credentials(r.base_url)[0]),
                    "error": strip_url_credentials(r.error) if r.error else r.error,
                    "outcome": strip_url_credentials(r.outcome),
                }
            )
            for r in log.recent(limit)
        ]
    if as_json:
        out.print_json(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False))
        return
    out.print(f"{path}")
    for r in rows:
        when = datetime.fromtimestamp(r.at).strftime("%Y-%m-%d %H:%M:%S")
        tokens = f"{r.input_tokens or 0}+{r.output_tokens or 0} tok"
        source = "缓存 cached" if r.cached else f"{r.latency_ms or 0} ms"
        result = r.outcome or (f"error: {r.error}" if r.error else "")
        line = (
            f"#{r.id} {when} {r.organ}{r.year or ''} {r.part} 第{r.round + 1}稿 {r.model} "
            f"[{r.method}] {tokens} {source} → {result}"
        )
        out.print(escape(line), soft_wrap=True)
