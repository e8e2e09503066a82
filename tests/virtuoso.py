"""Run Debian's `virtuoso-t` for tests: on 127.0.0.1 only, free ports, its own temporary
database folder, stopped (SIGTERM) afterwards. Installs nothing; `tests/run` does that.

The packaged virtuoso.ini is copied with the database paths, both ports and the result
row limit changed and the `[Zero Config]` (network announcement) section left out.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
PACKAGED_DB = "/var/lib/virtuoso-opensource-7/db/"


def binary() -> str | None:
    """The path of virtuoso-t, or None when it is not installed."""
    return shutil.which("virtuoso-t")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """A copy of the packaged virtuoso.ini pointed at `folder` and at loopback ports."""
    out, section = [], ""
    for raw in PACKAGED_INI.read_text().splitlines():
        line = raw.strip()
        if line.startswith("["):
            section = line.strip("[]")
        key = line.split("=", 1)[0].strip() if "=" in line and not line.startswith(";") else ""
        if section == "Zero Config":
            out.append(";" + raw)
            continue
        raw = raw.replace(PACKAGED_DB, f"{folder}/")
        if key == "ServerPort" and section == "Parameters":
            raw = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and section == "HTTPServer":
            raw = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "DefaultHost" and section == "URIQA":
            raw = f"DefaultHost = 127.0.0.1:{http_port}"
        elif key == "ResultSetMaxRows":
            raw = "ResultSetMaxRows = 1000000"
        elif key == "DirsAllowed":
            raw = f"DirsAllowed = ., {folder}, /usr/share/virtuoso-opensource-7/vad"
        out.append(raw)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n")
    return ini


class Virtuoso:
    """A Virtuoso server in a temporary folder; `url` is its SPARQL endpoint."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port = free_port()
        self.http_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def url(self) -> str:
        """The public (read) SPARQL endpoint."""
        return self.base + "/sparql"

    @property
    def auth_url(self) -> str:
        """The SPARQL endpoint that takes updates, with digest authentication (dba/dba)."""
        return self.base + "/sparql-auth"

    def start(self, timeout: float = 90) -> None:
        """Start virtuoso-t in the foreground and wait until /sparql answers."""
        exe = binary()
        if exe is None:
            raise RuntimeError("virtuoso-t is not installed")
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = write_ini(self.folder, self.sql_port, self.http_port)
        log = (self.folder / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [exe, "+configfile", str(ini), "+foreground"], cwd=self.folder, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        probe = self.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}; see {self.folder}/stdout.log")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"virtuoso-t did not answer within {timeout} s; see {self.folder}/stdout.log")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
