"""The content checksum that names a cached store: the same files, byte for byte, give the same
name; any edit gives another, whatever it does to sizes and modification times.

Hashing every file on every run would cost a large graph's cold query its start-up, so each
file's SHA-256 is remembered (in `checksums.json` in the cache folder) with the file's size,
modification time, status-change time and inode. A file is hashed again when any of these
differ: `cp -p`, `rsync -a` and `tar -x` keep size and mtime but cannot keep the
status-change time (the kernel sets it on every write) nor, replacing a file, its inode.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

import pyoxigraph as ox

from graph import __version__
from graph.errors import LoadError
from graph.files import version_stamp

MEMO = "checksums.json"
#: Bump when the layout of a cached store changes, so that old caches are not reused.
CACHE_FORMAT = 2


def file_checksum(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(paths: list[str], cache: Path) -> str:
    """A short hash of the files' paths and contents (and of the cache format and versions)."""
    memo_path = cache / MEMO
    try:
        memo = json.loads(memo_path.read_text())
        memo = memo if isinstance(memo, dict) else {}
    except (OSError, ValueError):
        memo = {}
    fresh: dict[str, list[object]] = {}
    digest = hashlib.sha256(f"{CACHE_FORMAT} {__version__} {ox.__version__}".encode())
    for path in paths:
        name = os.path.realpath(path)
        try:
            stamp = list(version_stamp(path))
            known = memo.get(name)
            if isinstance(known, list) and known[:-1] == stamp and isinstance(known[-1], str):
                checksum = known[-1]
            else:
                checksum = file_checksum(path)
        except OSError as exc:
            raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
        fresh[name] = [*stamp, checksum]
        # the name as the file system holds it: a name that is not UTF-8 (another locale's)
        # has no UTF-8 text; for every other name these are the bytes `.encode()` gave
        digest.update(b"\0" + os.fsencode(name) + b"\0" + checksum.encode())
    if fresh != {k: memo.get(k) for k in fresh}:
        _save(memo_path, fresh)
    return digest.hexdigest()[:20]


def _save(path: Path, memo: dict[str, list[object]]) -> None:
    """Write the memo atomically (best effort: without it the next run hashes again)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(memo))
        os.replace(tmp, path)
