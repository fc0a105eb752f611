"""Write outputs atomically: to a temporary name beside the target, then rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from nianbao.errors import OutputError

__all__ = ["write_atomic", "write_all_atomic"]


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write `content` to `path` so that readers see the old file or the whole new one."""
    return write_all_atomic({Path(path): content})[0]


def write_all_atomic(files: Mapping[Path, str | bytes]) -> list[Path]:
    """Write several files; if any write fails, none of them is left behind or changed.

    Each file is written and synced under a temporary name beside its target. Targets that
    already exist are first hard-linked to a backup name, so that if a later rename fails the
    renamed ones are put back (or removed, if they did not exist before).
    """
    staged: list[tuple[Path, Path]] = []
    backups: dict[Path, Path | None] = {}
    done: list[Path] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            with _temp_beside(target) as (fd, tmp):
                data = content.encode("utf-8") if isinstance(content, str) else content
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
                staged.append((tmp, target))
        for _, target in staged:
            backups[target] = _backup(target)
        for tmp, target in staged:
            os.replace(tmp, target)
            done.append(target)
    except OSError as e:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for target in done:
            old = backups.get(target)
            if old is not None:
                os.replace(old, target)
            else:
                target.unlink(missing_ok=True)
        for old in backups.values():
            if old is not None:
                old.unlink(missing_ok=True)
        where = e.filename or ", ".join(str(p) for p in files)
        raise OutputError(
            f"无法写入 {where}：{e.strerror} / cannot write {where}: {e.strerror}"
        ) from None
    for old in backups.values():
        if old is not None:
            old.unlink(missing_ok=True)
    return [target for _, target in staged]


def _backup(target: Path) -> Path | None:
    """A hard link to the existing target (None when there is none, or it is not a file)."""
    if not target.is_file():
        return None
    name = tempfile.mktemp(prefix=f".{target.name}.", suffix=".bak", dir=target.parent)
    try:
        os.link(target, name)
    except OSError:  # a file system without hard links
        shutil.copy2(target, name)
    return Path(name)


@contextmanager
def _temp_beside(target: Path) -> Iterator[tuple[int, Path]]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        yield fd, tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
