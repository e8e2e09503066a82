"""Reading and writing files safely: a file is replaced whole or not at all, never through a
symlink or onto a device, and paths named inside data files never leave the graph folder."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from graph.errors import KGError

#: Temporary files kg writes beside their target: `.NAME.kg-PID-RANDOM.tmp`, so that debris of a
#: killed writer can be told from a file being written right now (its process is still alive).
_TEMP_PREFIX = ".{name}.kg-{pid}-"
_TEMP_NAME = re.compile(r"^\..+\.kg-(\d+)-[^.]+\.tmp$")


def atomic_write(path: str | os.PathLike[str], data: bytes, *, root: str | os.PathLike[str] | None = None) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over.

    An interrupted write leaves the old file (or none), never half of the new one. A symlink,
    a device, a FIFO or a folder at `path` is refused (as root, `-o /dev/null` would otherwise
    replace /dev/null); with `root`, so is a path whose folder resolves outside `root`.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    _check_target(target)
    if not folder.is_dir():
        raise KGError(f"{target}: cannot write: folder {folder} does not exist")
    if root is not None:
        _check_inside(Path(root), folder.resolve(), target)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=_TEMP_PREFIX.format(name=target.name, pid=os.getpid()), suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise KGError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = os.lstat(target).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        _check_target(target)  # checked again just before the rename: a symlink planted meanwhile
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _check_target(target: Path) -> None:
    """Refuse to replace anything but a regular file (or nothing)."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise KGError(f"{target}: cannot write: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise KGError(
            f"{target}: is a symbolic link; kg does not write through links (remove it or name the real file)"
        )
    if stat.S_ISDIR(info.st_mode):
        raise KGError(f"{target}: is a folder; give a file name to write")
    if not stat.S_ISREG(info.st_mode):
        raise KGError(f"{target}: is not a regular file (a device, FIFO or socket); kg writes only regular files")


def _check_inside(root: Path, folder: Path, shown: Path) -> None:
    real_root = root.resolve()
    if folder != real_root and real_root not in folder.parents:
        raise KGError(f"{shown}: resolves outside the graph folder {real_root} (a symbolic link on the way?); refused")


def inside(root: str | os.PathLike[str], relative: str) -> Path:
    """The file a path recorded in a data file names, relative to `root`.

    Refused with a one-line KGError when it is absolute, climbs out with `..`, or passes
    through a symbolic link: data can never make kg read or write outside its graph folder.
    """
    base = Path(root)
    rel = Path(relative)
    if not relative or rel.is_absolute() or ".." in rel.parts or "\x00" in relative:
        raise KGError(f"{relative!r}: a path in the data must stay inside {base} (no absolute path, no '..')")
    current = base
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            raise KGError(f"{current}: is a symbolic link; paths in the data are not followed through links")
    _check_inside(base, current.parent.resolve(), current)
    return current


def clean_stray(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove kg's temporary files left under `folder` by writers that were killed (their
    process is gone); returns what was removed. Files of a live writer are left alone."""
    removed: list[Path] = []
    base = Path(folder)
    if not base.is_dir():
        return removed
    for path in base.rglob(".*.tmp"):
        match = _TEMP_NAME.match(path.name)
        if not match or path.is_symlink() or not path.is_file():
            continue
        if _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def version_stamp(path: str | os.PathLike[str]) -> tuple[int, ...]:
    """What tells a file's versions apart without reading it: size, modification and
    status-change times (ctime moves on every write, even one that restores size and mtime),
    inode and device. OSError if it cannot be read."""
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


#: The most `read_utf8` reads: a source text or a season file is kilobytes; past this it is
#: not one (a device such as /dev/zero, or an endless pipe, would fill the memory).
TEXT_LIMIT = 16 * 1024 * 1024


def read_utf8(path: Path, limit: int = TEXT_LIMIT) -> str:
    """A text file's content as UTF-8 (a byte-order mark dropped), or a one-line UsageError
    naming the file, and the line of the first byte that is not UTF-8. A regular file or a
    pipe (`<(…)`, /dev/stdin) of at most `limit` bytes; a device or a socket is refused."""
    from graph.errors import UsageError

    try:
        with path.open("rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
                raise UsageError(f"{path}: not a file or a pipe; give a text file")
            raw = handle.read(limit + 1)
        if len(raw) > limit:
            raise UsageError(f"{path}: over {limit // (1024 * 1024)} MiB; too large for a text file kg reads whole")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a text file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")
