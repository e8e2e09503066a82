"""Writing files safely: a file is replaced whole or not at all."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from pathlib import Path

from graph.errors import KGError


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over.

    An interrupted write leaves the old file (or none), never half of the new one.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise KGError(f"{target}: is a folder; give a file name to write")
    if not folder.is_dir():
        raise KGError(f"{target}: cannot write: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise KGError(f"{target}: cannot write: {exc.strerror or exc}") from None
    previous = _raise_on_sigterm()
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _raise_on_sigterm() -> object:
    """While a file is written, let SIGTERM raise SystemExit (as Ctrl-C raises
    KeyboardInterrupt) so the temporary file is removed; returns the handler to restore."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: signals stay as they are
        return None


def read_utf8(path: Path) -> str:
    """A text file's content as UTF-8 (a byte-order mark dropped), or a one-line UsageError
    naming the file, and the line of the first byte that is not UTF-8."""
    from graph.errors import UsageError

    try:
        raw = path.read_bytes()
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
