"""HTTP to SPARQL servers: one request, with credentials and a time limit given by the caller.

The command line takes them from `KG_ENDPOINT_USER` and `KG_ENDPOINT_PASSWORD` (never
command-line options, which shell history and `ps` would show) and `KG_ENDPOINT_TIMEOUT`;
they answer Basic or Digest challenges, as the server asks.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request

from graph.errors import KGError, UsageError

USER_VAR = "KG_ENDPOINT_USER"
PASSWORD_VAR = "KG_ENDPOINT_PASSWORD"
TIMEOUT_VAR = "KG_ENDPOINT_TIMEOUT"
DEFAULT_TIMEOUT = 300.0


class EndpointError(KGError):
    """The server refused or failed a request, or could not be reached."""


def check_url(url: str) -> str:
    """Refuse URLs that are not http(s) or that carry credentials (they belong in the environment)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url}: not an http:// or https:// URL of a SPARQL server")
    if parts.username or parts.password:
        raise UsageError(f"{parts.hostname}: put credentials in ${USER_VAR} and ${PASSWORD_VAR}, not in the URL")
    return url


def _opener(url: str, credentials: tuple[str, str] | None = None) -> urllib.request.OpenerDirector:
    user, password = credentials or (None, None)
    if not user:
        return urllib.request.build_opener()
    parts = urllib.parse.urlsplit(url)
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password or "")  # type: ignore[arg-type]
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)
    )


_HEADER = re.compile(
    r"(?i)\b(proxy-)?(authorization|authenticate|cookie|set-cookie|www-authenticate)\b[\"']?\s*[:=]\s*"
    r"(\"[^\"]*\"?|'[^']*'?|(?:basic|digest|bearer)\s+[^\s,;<]*(?:[^<]*?(?=<|$))?|[^\s,;<]*)"
)


def redact(text: str, credentials: tuple[str, str] | None = None) -> str:
    """A server's error text without request or response headers that carry credentials (some
    servers echo the request in their error page) and without the credentials themselves."""
    text = _HEADER.sub(lambda m: f"{m.group(2)}: [hidden]", text)
    user, password = credentials or ("", "")
    if user:
        secrets = [base64.b64encode(f"{user}:{password}".encode()).decode(), password]
        for secret in filter(None, secrets):
            text = text.replace(secret, "[hidden]")
    return text


def request(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    credentials: tuple[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[str, bytes]:
    """Send one request (answering a Basic or Digest challenge with `credentials`, waiting at
    most `timeout` seconds); return the response's content type and body, or raise EndpointError."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    where = urllib.parse.urlsplit(url)._replace(query="").geturl()
    try:
        with _opener(url, credentials).open(req, timeout=timeout) as response:
            return response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        detail = redact(" ".join(exc.read(2000).decode("utf-8", "replace").split()), credentials)[:300]
        raise EndpointError(f"{where}: HTTP {exc.code} {exc.reason}: {detail or 'no details'}") from None
    except urllib.error.URLError as exc:
        raise EndpointError(f"{where}: cannot reach the server: {exc.reason}") from None
    except ValueError as exc:  # urllib: an authentication scheme it does not speak
        raise EndpointError(f"{where}: {exc}") from None
    except TimeoutError:
        raise EndpointError(f"{where}: no answer within {timeout:g} s (set ${TIMEOUT_VAR})") from None
    except OSError as exc:
        raise EndpointError(f"{where}: {exc.strerror or exc}") from None
