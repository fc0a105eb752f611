"""Every model exchange in a SQLite file in the user's data folder — a log and a cache.

Each exchange records the model, endpoint, method, the prompt (messages), the answer, tokens,
latency and the verification outcome. An identical request (same model, endpoint, method,
parameters and messages → same `cache_key`) reuses the earlier answer, so re-running a draft
makes no model call. API keys are never part of a request record or a key.

The data folder is `$NIANBAO_HOME`, else the platform's user-data folder (platformdirs).
Several runs may share it at once: the file is in WAL mode (readers never wait for a writer),
each write is its own short transaction, and a writer waits up to `BUSY_TIMEOUT` seconds for
another. A file that cannot be opened (unwritable folder, not a database) is an `OutputError`
before anything is drafted.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from nianbao.errors import OutputError

__all__ = ["Exchange", "ExchangeLog", "cache_key", "data_home", "default_log_path"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS exchanges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    organ TEXT NOT NULL DEFAULT '',
    year INTEGER,
    part TEXT NOT NULL,
    round INTEGER NOT NULL DEFAULT 0,
    model TEXT NOT NULL,
    base_url TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL,
    cache_key TEXT NOT NULL,
    prompt TEXT NOT NULL,
    response TEXT,
    error TEXT,
    input_tokens INTEGER,
    output_tokens INTEGER,
    latency_ms INTEGER,
    cached INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS exchanges_key ON exchanges (cache_key);
"""

BUSY_TIMEOUT = 30.0
"""Seconds a write waits for another run's write to finish."""


def data_home() -> Path:
    """The user's nianbao data folder ($NIANBAO_HOME, else the platform's user-data dir)."""
    env = os.environ.get("NIANBAO_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("nianbao", appauthor=False))


def default_log_path() -> Path:
    return data_home() / "exchanges.sqlite"


def cache_key(request: dict[str, Any]) -> str:
    """A stable hash of everything that shapes the answer (never the API key)."""
    blob = json.dumps(request, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Exchange(BaseModel):
    """One request to the model and what came of it."""

    id: int | None = None
    at: float = Field(default_factory=time.time)
    organ: str = ""
    year: int | None = None
    part: str
    round: int = 0
    model: str
    base_url: str = ""
    method: str
    cache_key: str
    prompt: str = Field(description="the messages, as JSON")
    response: str | None = Field(None, description="the answer text or tool-call arguments")
    error: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    latency_ms: int | None = None
    cached: bool = Field(False, description="answered from the log, no model call")
    outcome: str = Field("", description="verified / failed: V-1, V-7 / error: …")


class ExchangeLog:
    """The SQLite log. Opened per draft; safe to share between the part tasks of one run."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_log_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # autocommit: every statement is its own transaction, no lock is held between them
            self._db = sqlite3.connect(
                self.path, check_same_thread=False, timeout=BUSY_TIMEOUT, isolation_level=None
            )
        except (OSError, sqlite3.Error) as e:
            raise self._error(e) from None
        try:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                pass  # a file system without shared memory: the default journal still works
            self._db.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}COMMIT;")
        except sqlite3.Error as e:
            self._db.close()
            raise self._error(e) from None

    def _error(self, e: BaseException) -> OutputError:
        return OutputError(
            f"无法打开模型调用记录 {self.path}：{e}（可设置 NIANBAO_HOME 换一个目录）/ "
            f"cannot open the exchange log {self.path}: {e} (set NIANBAO_HOME to another folder)"
        )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ExchangeLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record(self, ex: Exchange) -> int:
        data = ex.model_dump(exclude={"id"})
        data["cached"] = int(ex.cached)
        cols = ", ".join(data)
        marks = ", ".join("?" for _ in data)
        cur = self._db.execute(
            f"INSERT INTO exchanges ({cols}) VALUES ({marks})", list(data.values())
        )
        ex.id = int(cur.lastrowid or 0)
        return ex.id

    def set_outcome(self, exchange_id: int, outcome: str) -> None:
        self._db.execute("UPDATE exchanges SET outcome = ? WHERE id = ?", (outcome, exchange_id))

    def lookup(self, key: str) -> Exchange | None:
        """The latest real (not cached) answer to an identical request, if any."""
        cur = self._db.execute(
            "SELECT * FROM exchanges WHERE cache_key = ? AND response IS NOT NULL AND cached = 0 "
            "ORDER BY id DESC LIMIT 1",
            (key,),
        )
        row = cur.fetchone()
        return self._row(cur, row) if row else None

    def recent(self, limit: int = 20) -> list[Exchange]:
        cur = self._db.execute("SELECT * FROM exchanges ORDER BY id DESC LIMIT ?", (limit,))
        return [self._row(cur, r) for r in cur.fetchall()]

    @staticmethod
    def _row(cur: sqlite3.Cursor, row: tuple[Any, ...]) -> Exchange:
        names = [d[0] for d in cur.description]
        data = dict(zip(names, row, strict=True))
        data["cached"] = bool(data["cached"])
        return Exchange.model_validate(data)
