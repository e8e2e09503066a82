"""Paths as plain `str` for the query path: what `pathlib` would say, without importing it.

`kg query` reads the graph folder, lists its files and loads them; on that path kg passes
paths as `str` and uses `os.path`/`os.scandir`, because importing `pathlib` pulls in
`urllib.parse`, `ipaddress`, `fnmatch` and `ntpath` (about 4.5 ms of a 75 ms cold run). Other
commands may use `pathlib` freely. POSIX paths, as `PurePosixPath` spells them.
"""

from __future__ import annotations

import os

#: Bytes a file URI keeps as they are (urllib.parse.quote_from_bytes with safe="/").
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def normal(path: str | os.PathLike[str]) -> str:
    """`str(PurePosixPath(path))`: no empty or `.` parts, no trailing slash, `.` for nothing."""
    text = os.fspath(path)
    root = "//" if text.startswith("//") and not text.startswith("///") else "/" if text.startswith("/") else ""
    return root + "/".join(p for p in text.split("/") if p and p != ".") or "."


def name(path: str | os.PathLike[str]) -> str:
    """The last part of a path (`PurePosixPath.name`)."""
    text = normal(path)
    return "" if text == "." else text.rpartition("/")[2]


def suffix(path: str | os.PathLike[str]) -> str:
    """The final extension with its dot, or "" (`PurePosixPath.suffix`: ".ttl" has none)."""
    last = name(path)
    i = last.rfind(".")
    return last[i:] if 0 < i < len(last) - 1 else ""


def stem(path: str | os.PathLike[str]) -> str:
    """The last part without its suffix (`PurePosixPath.stem`)."""
    last, ext = name(path), suffix(path)
    return last[: len(last) - len(ext)] if ext else last


def file_uri(path: str | os.PathLike[str]) -> str:
    """`Path(path).resolve().as_uri()`: the `file://` URI of the resolved path, its bytes
    percent-encoded as `urllib.parse.quote_from_bytes(..., safe="/")` does."""
    raw = os.fsencode(os.path.realpath(path))
    return "file://" + "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in raw)


def is_special(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is (or links to) a named pipe, socket or device: opening one for reading
    may wait for a writer forever, so kg reads none as a file. A missing path is not."""
    import stat  # (already loaded by os)

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # (ValueError: a NUL byte, which no path holds)
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def refuse_special(path: str) -> None:
    """A one-line LoadError if `path` is a named pipe, socket or device (see `is_special`)."""
    if is_special(path):
        from graph.errors import LoadError

        raise LoadError(f"{path}: not a regular file (a named pipe, socket or device)")


def names_ending(folder: str, ending: str) -> list[str]:
    """The names in `folder` that end with `ending`, sorted, as `sorted(Path.glob("*" + ending))`
    finds them (any kind of entry; none when the folder is missing or unreadable). A named
    pipe, socket or device among them, which a reader would wait on forever, is a LoadError."""
    try:
        with os.scandir(folder) as it:
            entries = [e for e in it if e.name.endswith(ending)]
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []
    for entry in entries:
        if not entry.is_file():  # (the directory entry's own type: no system call for a file)
            refuse_special(entry.path)
    return sorted(e.name for e in entries)


def sort_key(path: str) -> list[str]:
    """Sort paths as `sorted()` sorts `PurePosixPath`s: part by part, not character by character
    ("a/b" before "a-c")."""
    return path.split("/")
