"""The workbench's files (`graph/serve/static/`), served so that a browser fetches each once:
fingerprinted, validated and compressed.

- **Fingerprinted**: the page names every file it loads as `/static/PATH?v=HASH` (the first
  hex digits of its SHA-256, put in when the page is served); such an address never changes
  what it answers, so it may be cached for a year (`immutable`). A page reloaded after an
  upgrade names new addresses.
- **Validated**: every answer has a strong `ETag` (its hash) and a `Last-Modified`; a request
  whose `If-None-Match` (or, without one, `If-Modified-Since`) still holds gets `304 Not
  Modified` and no body. Without a fingerprint (the page itself, an old address) the answer
  says `no-cache`: the browser asks again, and gets a 304.
- **Compressed** with gzip when the request accepts it (`Accept-Encoding`, q-values honoured)
  for text over 1 KiB (the scripts are 1.2 MB, 300 kB compressed), each variant with its own
  ETag and `Vary: Accept-Encoding`.

Files are read, hashed and compressed once per process and read again when their size,
modification time or inode change. Never outside the folder, never through a symlink.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from graph.serve.http import Request, Response

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
}
#: Kinds of file worth compressing, and the least size worth it.
_COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".map")
_MIN_GZIP = 1024
#: How long a fingerprinted address may be cached.
IMMUTABLE = "public, max-age=31536000, immutable"
_REFERENCE = re.compile(r'(?P<attr>(?:href|src)=")/static/(?P<path>[^"?#]+)"')
#: The same address in the served page, with the fingerprint put in.
_FINGERPRINTED = re.compile(r'(?:href|src)="/static/(?P<path>[^"?#]+)\?v=(?P<v>[0-9a-f]+)"')


class Asset:
    """One file as served: bytes, its gzip variant (made on first use), hash and date."""

    __slots__ = ("_gzipped", "body", "digest", "key", "modified", "type")

    def __init__(self, body: bytes, key: tuple[int, ...], mtime: float, ctype: str) -> None:
        self.body, self.key, self.type = body, key, ctype
        self.digest = hashlib.sha256(body).hexdigest()
        self.modified = formatdate(int(mtime), usegmt=True)
        self._gzipped: bytes | None = None

    @property
    def fingerprint(self) -> str:
        return self.digest[:12]

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            import gzip

            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


class Assets:
    """The static folder as served, with what was read of it (per worker process)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or STATIC
        self.read: dict[str, Asset] = {}

    def get(self, relative: str) -> Asset | None:
        """The file at `relative` (read again if it changed), or None: not a regular file
        inside the folder, reached through no symlink."""
        found = _lstat(self.root, relative)
        if found is None:
            return None
        path, info = found
        key = (info.st_size, info.st_mtime_ns, info.st_ino)
        kept = self.read.get(relative)
        if kept is not None and kept.key == key:
            return kept
        try:
            body = path.read_bytes()
        except OSError:
            return None
        if relative == "index.html":
            body = self._fingerprinted(body)
        ctype = TYPES.get(os.path.splitext(relative)[1].lower(), "application/octet-stream")
        asset = Asset(body, key, info.st_mtime, ctype)
        self.read[relative] = asset
        return asset

    def _fingerprinted(self, page: bytes) -> bytes:
        """The page with `?v=HASH` after each `/static/…` address it loads."""

        def add(match: re.Match[str]) -> str:
            asset = self.get(match.group("path"))
            suffix = f"?v={asset.fingerprint}" if asset is not None else ""
            return f'{match.group("attr")}/static/{match.group("path")}{suffix}"'

        return _REFERENCE.sub(add, page.decode("utf-8")).encode("utf-8")

    def answer(self, relative: str, request: Request, *, page: bool = False) -> Response | None:
        """The response for a static file (None: there is none): 200 or 304, compressed when
        accepted, cached for a year when the address carries the file's fingerprint."""
        asset = self.get(relative)
        if asset is None:
            return None
        if page:
            asset = self._page_checked(asset)
        compress = relative.endswith(_COMPRESSIBLE) and len(asset.body) >= _MIN_GZIP and accepts_gzip(request.headers)
        etag = f'"{asset.digest[:32]}{"-gzip" if compress else ""}"'
        fingerprint = _fingerprint(request.query)
        cache = IMMUTABLE if fingerprint is not None and fingerprint == asset.fingerprint else "no-cache"
        headers = [("Content-Type", asset.type), ("ETag", etag), ("Last-Modified", asset.modified)]
        headers += [("Cache-Control", cache)]
        if relative.endswith(_COMPRESSIBLE):
            headers.append(("Vary", "Accept-Encoding"))
        if not_modified(request.headers, etag, asset.modified):
            return Response(304, b"", headers)
        if compress:
            return Response(200, asset.gzipped, [*headers, ("Content-Encoding", "gzip")])
        return Response(200, asset.body, headers)

    def _page_checked(self, asset: Asset) -> Asset:
        """The page again if a file it names changed since its fingerprints were put in."""
        for match in _FINGERPRINTED.finditer(asset.body.decode("utf-8")):
            named = self.get(match.group("path"))
            if named is not None and match.group("v") != named.fingerprint:
                self.read.pop("index.html", None)
                return self.get("index.html") or asset
        return asset


def _lstat(root: Path, relative: str) -> tuple[Path, os.stat_result] | None:
    """A regular file under `root`, never through a symlink or outside the folder."""
    parts = relative.split("/")
    if not relative or any(p in ("", ".", "..") or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    path = root
    info = None
    for part in parts:
        path = path / part
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            return None
    if info is None or not stat.S_ISREG(info.st_mode):
        return None
    return path, info


def static_file(relative: str, root: Path | None = None) -> bytes | None:
    """The bytes of a regular file under the static folder, never through a symlink or
    outside the folder (None otherwise)."""
    found = _lstat(root or STATIC, relative)
    if found is None:
        return None
    try:
        return found[0].read_bytes()
    except OSError:
        return None


def _fingerprint(query: str) -> str | None:
    for item in query.split("&"):
        key, _, value = item.partition("=")
        if key == "v":
            return value
    return None


def accepts_gzip(headers: dict[str, str]) -> bool:
    """Whether `Accept-Encoding` allows gzip: named (or else `*`) with a q-value over 0."""
    weights: dict[str, float] = {}
    for item in headers.get("accept-encoding", "").split(","):
        coding, _, params = item.partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[coding.strip().lower()] = q
    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


def not_modified(headers: dict[str, str], etag: str, modified: str) -> bool:
    """Whether the client's copy is current: `If-None-Match` names this ETag (or `*`), or,
    without it, `If-Modified-Since` is not before the file's date."""
    match = headers.get("if-none-match")
    if match is not None:
        tags = [t.strip().removeprefix("W/") for t in match.split(",")]
        return "*" in tags or etag in tags
    since = headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return parsedate_to_datetime(since) >= parsedate_to_datetime(modified)
    except (TypeError, ValueError, IndexError):
        return False
