"""Write outputs safely: atomically, never over an input, never over a user's file without --force.

- `write_all_atomic`: several files all-or-nothing. Each is written and synced under a temporary
  name beside its target; then, in the commit phase, existing targets are hard-linked to a backup
  name and the temporary files renamed over them. SIGINT/SIGTERM during the commit phase are held
  until it has finished (or been rolled back), so a signal never leaves a mix of old and new files.
  A journal beside the files lets a later run roll back a commit that was killed outright
  (`sweep`), and removes the hidden .tmp/.bak files of an interrupted run.
- `guard_outputs`: the one write guard every command uses: refuses a target that is an input of
  the same run, an existing file without --force, a folder that is a file or not writable; with
  --force the old file is kept as a dated backup.
- `folder_lock`: one writer per output folder (flock on a hidden lock file; the lock goes with
  the process, so a crash never leaves a stale lock).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from nianbao.errors import OutputError

__all__ = [
    "JOURNAL",
    "LOCK_NAME",
    "backup_folder",
    "dated_backup",
    "file_hash",
    "folder_lock",
    "guard_outputs",
    "same_file",
    "sweep",
    "write_all_atomic",
    "write_atomic",
]

JOURNAL = ".nianbao-commit.json"
"""Written beside the files for the duration of a commit: what to undo if the run dies."""
LOCK_NAME = ".nianbao.lock"
LOCK_WAIT = 5.0
"""Seconds a second run waits for an output folder another run is writing, then gives up."""
STALE_SECONDS = 120.0
"""A hidden .tmp/.bak of ours older than this, with no live run behind it, is a leftover."""
_TAG = "nianbao-"
"""In the names of our temporary and backup files (`.report.md.nianbao-k3j2x9.tmp`): a sweep
never touches anyone else's hidden files."""
_LEGACY = re.compile(
    r"\.(report\.(docx|html|md)|review\.html|draft\.json)\.[a-z0-9_]{8}\.(tmp|bak)"
)
"""The leftovers of earlier versions, which named them without the tag."""
_COMMIT_PAUSE = "NIANBAO_TEST_COMMIT_PAUSE"
"""Tests only: seconds to sleep in the middle of the commit phase (to be killed there)."""


def write_atomic(
    path: str | Path, content: str | bytes, *, keep: Mapping[Path, Path] | None = None
) -> Path:
    """Write `content` to `path` so that readers see the old file or the whole new one."""
    return write_all_atomic({Path(path): content}, keep=keep)[0]


def write_all_atomic(
    files: Mapping[Path, str | bytes],
    *,
    remove: Iterable[Path] = (),
    keep: Mapping[Path, Path] | None = None,
) -> list[Path]:
    """Write several files (and remove `remove`); if anything fails, nothing is changed.

    `keep` maps an existing target (or a removed file) to where its old version is kept after a
    successful commit (a dated backup); old versions not in `keep` are dropped.
    """
    keep = dict(keep or {})
    removed = [p for p in remove if p.is_file() and p not in files]
    folders = {t.parent for t in files} | {p.parent for p in removed}
    for folder in folders:
        if folder.is_dir():
            sweep(folder)
    staged: list[tuple[Path, Path]] = []
    with _SignalGuard() as guard:
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
                guard.check()
        except BaseException as e:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            if isinstance(e, OSError):
                raise _output_error(e, files) from None
            raise
        guard.hold()  # from here on a signal waits until the files are all new or all old
        try:
            _commit(staged, removed, keep)
        except OSError as e:
            raise _output_error(e, files) from None
    return [target for _, target in staged]


def _commit(staged: list[tuple[Path, Path]], removed: list[Path], keep: dict[Path, Path]) -> None:
    backups: dict[Path, Path | None] = {}
    done: list[Path] = []
    gone: list[Path] = []
    journal: Path | None = None
    try:
        for _, target in staged:
            backups[target] = _backup(target)
        for path in removed:
            backups[path] = _backup(path)
        journal = _write_journal(staged, removed, backups)
        pause = float(os.environ.get(_COMMIT_PAUSE) or 0)
        for tmp, target in staged:
            os.replace(tmp, target)
            done.append(target)
            if pause:
                time.sleep(pause)
        for path in removed:
            path.unlink()
            gone.append(path)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for target in done + gone:
            old = backups.get(target)
            if old is not None:
                os.replace(old, target)
            else:
                target.unlink(missing_ok=True)
        for old in backups.values():
            if old is not None:
                old.unlink(missing_ok=True)
        if journal is not None:
            journal.unlink(missing_ok=True)
        raise
    for path, old in backups.items():
        if old is None:
            continue
        where = keep.get(path)
        if where is not None:
            where.parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, where)
        else:
            old.unlink(missing_ok=True)
    if journal is not None:
        journal.unlink(missing_ok=True)


def _write_journal(
    staged: list[tuple[Path, Path]], removed: list[Path], backups: Mapping[Path, Path | None]
) -> Path | None:
    """The commit's undo list, beside the first file (synced, so a kill leaves it readable)."""
    first = staged[0][1] if staged else (removed[0] if removed else None)
    if first is None:
        return None
    entries = [
        {"target": str(t.absolute()), "tmp": str(tmp.absolute()), "backup": _s(backups.get(t))}
        for tmp, t in staged
    ] + [{"target": str(p.absolute()), "tmp": None, "backup": _s(backups.get(p))} for p in removed]
    path = first.parent / JOURNAL
    text = json.dumps({"pid": os.getpid(), "entries": entries}, ensure_ascii=False)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def _s(path: Path | None) -> str | None:
    return None if path is None else str(path.absolute())


def sweep(folder: Path) -> list[Path]:
    """Undo the commit of an earlier run that died in the middle of it, and remove the hidden
    temporary and backup files such runs leave. Returns the paths removed or restored."""
    touched: list[Path] = []
    journal = folder / JOURNAL
    if journal.is_file():
        try:
            doc: dict[str, Any] = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            doc = {}
        pid = doc.get("pid")
        try:
            old = time.time() - journal.stat().st_mtime > 10 * STALE_SECONDS
        except OSError:
            old = False
        # a commit takes milliseconds: a journal whose run is gone (or that is old, its process
        # id since reused) is a run that died in the middle of it
        if old or not (isinstance(pid, int) and pid != os.getpid() and _alive(pid)):
            for entry in doc.get("entries") or []:
                touched += _roll_back(entry)
            journal.unlink(missing_ok=True)
    now = time.time()
    gone: bool | None = None
    for p in folder.glob(".*.*"):
        if not ((_TAG in p.name or _LEGACY.fullmatch(p.name)) and p.is_file()):
            continue
        if not p.name.endswith((".tmp", ".bak")):
            continue
        try:
            if now - p.stat().st_mtime <= STALE_SECONDS:
                if gone is None:
                    gone = _writers_gone(folder)
                if not gone:
                    continue
            p.unlink()
            touched.append(p)
        except OSError:
            continue
    return touched


_HELD: set[Path] = set()
"""Folders this process holds the lock of."""


def _writers_gone(folder: Path) -> bool:
    """Whether no other run is writing the folder now (we hold its lock, or nobody does)."""
    if folder.resolve() in _HELD:
        return True
    lock = folder / LOCK_NAME
    if not lock.exists():
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live run holds it
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def _roll_back(entry: Mapping[str, Any]) -> list[Path]:
    target = Path(str(entry.get("target")))
    tmp = entry.get("tmp")
    backup = entry.get("backup")
    out: list[Path] = []
    if tmp and Path(tmp).exists():
        Path(tmp).unlink(missing_ok=True)  # never renamed: the target is still the old file
        out.append(Path(tmp))
        if backup and Path(backup).exists():
            Path(backup).unlink(missing_ok=True)
        return out
    if backup and Path(backup).exists():
        os.replace(backup, target)  # renamed or removed: put the old file back
        out.append(target)
    elif tmp:
        target.unlink(missing_ok=True)  # there was no old file: remove the new one
        out.append(target)
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _SignalGuard:
    """SIGINT/SIGTERM while staging: stop (temporary files removed). While committing: held,
    then delivered once the commit (or its roll-back) is over."""

    SIGNALS = tuple(
        getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
    )

    def __init__(self) -> None:
        self.pending: int | None = None
        self.holding = False
        self.old: dict[int, Any] = {}

    def __enter__(self) -> _SignalGuard:
        import threading

        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                self.old[sig] = signal.signal(sig, self._handler)
        return self

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        self.pending = signum
        if not self.holding:
            raise KeyboardInterrupt

    def check(self) -> None:
        if self.pending is not None:
            raise KeyboardInterrupt

    def hold(self) -> None:
        self.holding = True

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.old.items():
            signal.signal(sig, handler)
        if self.pending is not None and self.old:
            signal.raise_signal(self.pending)


def _output_error(e: OSError, files: Mapping[Path, object]) -> OutputError:
    where = e.filename or ", ".join(str(p) for p in files)
    return OutputError(f"无法写入 {where}：{e.strerror} / cannot write {where}: {e.strerror}")


def _backup(target: Path) -> Path | None:
    """A hard link to the existing target (None when there is none, or it is not a file)."""
    if not target.is_file():
        return None
    name = tempfile.mktemp(prefix=f".{target.name}.{_TAG}", suffix=".bak", dir=target.parent)
    try:
        os.link(target, name)
    except OSError:  # a file system without hard links
        shutil.copy2(target, name)
    return Path(name)


@contextlib.contextmanager
def _temp_beside(target: Path) -> Iterator[tuple[int, Path]]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{_TAG}", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        yield fd, tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- the write guard


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def dated_backup(path: Path) -> Path:
    """Where --force keeps the old `path`: `counts.备份-20261202-081500.yaml` beside it."""
    stem, suffix = path.stem, path.suffix
    candidate = path.with_name(f"{stem}.备份-{_stamp()}{suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{stem}.备份-{_stamp()}-{n}{suffix}")
        n += 1
    return candidate


def backup_folder(folder: Path) -> Path:
    """A new dated folder inside `folder` for the old files of a report (`备份-20261202-081500`)."""
    candidate = folder / f"备份-{_stamp()}"
    n = 2
    while candidate.exists():
        candidate = folder / f"备份-{_stamp()}-{n}"
        n += 1
    return candidate


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (same resolved path, or same inode: links)."""
    try:
        if a.resolve() == b.resolve():
            return True
    except OSError:
        pass
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def check_folder(folder: Path) -> None:
    """Refuse an output folder that is a file, lies under a file, or cannot be written."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise OutputError(
            f"{probe} 是文件，不是文件夹，无法写入 {folder} / {probe} is a file, not a folder"
        )
    if probe.exists() and not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"文件夹 {probe} 不可写 / the folder {probe} is not writable")


def guard_outputs(
    targets: Iterable[Path],
    *,
    inputs: Iterable[Path | None] = (),
    force: bool = False,
) -> dict[Path, Path]:
    """The write guard: call before any work is spent. Refuses (`OutputError`, exit 1) a target
    that is an input of this run (even with --force), a target that is a folder, a folder that
    cannot be written, and an existing file without `force`. Returns where each existing file is
    kept as a dated backup (pass it as `keep=` to `write_all_atomic`)."""
    ins = [Path(p) for p in inputs if p is not None]
    keep: dict[Path, Path] = {}
    for t in targets:
        for i in ins:
            if same_file(t, i):
                raise OutputError(
                    f"输出文件 {t} 就是本次的输入文件 {i}，不能覆盖，请换一个文件名 / "
                    f"the output {t} is the input {i} of this run: choose another name"
                )
        if t.is_dir():
            raise OutputError(f"{t} 是文件夹，不能写成文件 / {t} is a folder, not a file")
        check_folder(t.parent)
        if t.exists():
            if not force:
                raise OutputError(
                    f"{t} 已存在，加 --force 覆盖（旧文件另存为带日期的备份）/ "
                    f"{t} exists; use --force to overwrite (the old file is kept as a dated backup)"
                )
            keep[t] = dated_backup(t)
    return keep


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the output folder for this run: a second run waits up to `wait` seconds, then is
    refused. The lock (flock) is released when the process ends, so a crash leaves none."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking
        yield
        return
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise OutputError(
            f"无法在 {folder} 中建立锁文件：{e.strerror} / cannot lock the folder {folder}"
        ) from None
    try:
        deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"另一个 nianbao 正在写入 {folder}，请等它结束后再运行，或换一个 --out / "
                        f"another nianbao run is writing into {folder}; wait for it or use "
                        "another --out"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        _HELD.add(folder.resolve())
        yield
    finally:
        _HELD.discard(folder.resolve())
        if created and [p.name for p in folder.iterdir()] == [LOCK_NAME]:
            (folder / LOCK_NAME).unlink(missing_ok=True)  # nothing written: leave no folder
            folder.rmdir()
        os.close(fd)  # closing releases the lock


# ---------------------------------------------------------------- report folders

GENERATED = ("report.docx", "report.html", "report.md", "review.html", "draft.json")
"""The files `render` and `draft-report` write into an output folder."""
MANIFEST = ".nianbao-files.json"
"""Hidden record of what the last run wrote into a folder (name → SHA-256), so that a later
run can tell a file the clerk edited from one it may regenerate."""


class FolderPlan:
    """How a report folder is written: what is kept where, what stale files are taken away."""

    def __init__(self, folder: Path, keep: dict[Path, Path], remove: list[Path]) -> None:
        self.folder = folder
        self.keep = keep
        self.remove = remove

    @property
    def backup(self) -> Path | None:
        return next(iter(self.keep.values())).parent if self.keep else None


def recorded_hashes(folder: Path) -> dict[str, str]:
    """What the last run wrote into `folder` (name → SHA-256): the hidden record, else the
    `written` map of draft.json (a folder copied without its hidden files)."""
    for name, key in ((MANIFEST, "files"), ("draft.json", "written")):
        try:
            doc = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        files = doc.get(key) if isinstance(doc, dict) else None
        if isinstance(files, dict):
            out = {str(k): str(v) for k, v in files.items()}
            if name == "draft.json":  # it cannot hold its own hash: it is the record
                out[name] = file_hash(folder / name) or ""
            return out
    return {}


def _sha(content: str | bytes) -> str:
    return hashlib.sha256(
        content.encode("utf-8") if isinstance(content, str) else content
    ).hexdigest()


def with_hashes(draft_json: str, files: Mapping[Path, str | bytes]) -> str:
    """draft.json with the hashes of the report files written beside it (`written`)."""
    doc = json.loads(draft_json)
    doc["written"] = {p.name: _sha(c) for p, c in files.items()}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def edited_files(folder: Path) -> list[Path]:
    """Generated files in `folder` that are not as the last run wrote them (edited by hand, or
    written by something else)."""
    recorded = recorded_hashes(folder)
    return [
        folder / n
        for n in GENERATED
        if (folder / n).is_file() and recorded.get(n) != file_hash(folder / n)
    ]


def plan_report_folder(
    folder: Path,
    writing: Iterable[str],
    *,
    force: bool,
    inputs: Iterable[Path | None] = (),
    edited_ok: Iterable[Path] = (),
    how: str = "",
) -> FolderPlan:
    """Check a report folder before any work is spent, and plan its write.

    A generated file edited since it was written (or not written by us) is not replaced without
    `force`, except the files in `edited_ok` (the narrative this run reads); every old file that
    is replaced after an edit, and every stale one (review.html, draft.json or another format of
    an older report), is moved into a dated backup folder inside `folder`.
    """
    check_folder(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} 是文件，不是文件夹 / {folder} is a file, not a folder")
    names = list(writing)
    ins = [Path(p) for p in inputs if p is not None]
    for n in names:
        for i in ins:
            if same_file(folder / n, i) and not any(same_file(i, e) for e in edited_ok):
                raise OutputError(
                    f"输出文件 {folder / n} 就是本次的输入文件 {i}，请换一个 --out / "
                    f"the output {folder / n} is an input of this run: use another --out"
                )
    edited = edited_files(folder) if folder.is_dir() else []
    ok = list(edited_ok)
    blocking = [p for p in edited if not any(same_file(p, e) for e in ok)]
    if blocking and not force:
        listed = "、".join(str(p) for p in blocking)
        raise OutputError(
            f"{listed} 在上次生成后被修改过（或不是 nianbao 写的），未覆盖。{how}"
            "确需重新生成请加 --force（旧文件移入该目录下带日期的“备份-…”文件夹），或换一个 --out / "
            f"{listed} changed since nianbao wrote it: not overwritten. Use --force to replace "
            "(the old files are moved to a dated backup folder inside it), or another --out"
        )
    remove = [folder / n for n in GENERATED if n not in names and (folder / n).is_file()]
    keep_these = set(edited) | set(remove)
    keep: dict[Path, Path] = {}
    if keep_these:
        where = backup_folder(folder)
        keep = {p: where / p.name for p in sorted(keep_these)}
    return FolderPlan(folder, keep, remove)


def with_manifest(folder: Path, files: Mapping[Path, str | bytes]) -> dict[Path, str | bytes]:
    """`files` plus the folder's record of their hashes (written in the same commit)."""
    hashes = {p.name: _sha(c) for p, c in files.items() if p.parent == folder}
    doc = {"written_at": datetime.now().isoformat(timespec="seconds"), "files": hashes}
    return {**files, folder / MANIFEST: json.dumps(doc, ensure_ascii=False, indent=1) + "\n"}
