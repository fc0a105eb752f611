"""Write outputs atomically: to a temporary name beside the target, then rename."""

from __future__ import annotations

import os
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
    """Write several files; if any write fails, none of them is left behind or changed."""
    staged: list[tuple[Path, Path]] = []
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
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as e:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        where = e.filename or ", ".join(str(p) for p in files)
        raise OutputError(
            f"无法写入 {where}：{e.strerror} / cannot write {where}: {e.strerror}"
        ) from None
    return [target for _, target in staged]


@contextmanager
def _temp_beside(target: Path) -> Iterator[tuple[int, Path]]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        yield fd, tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
