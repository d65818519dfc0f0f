"""Getting a feed's bytes: https only, conditional, bounded in time and size. Standard library.

A source's address is typed by an organiser: nothing here follows it anywhere but to https on
the same host, nor reads more than the size limit, nor waits longer than the timeout. Nor does it
reach into the machine's own networks (SSRF): each host is resolved once, every address it
resolves to must be public, and the connection goes to that very address, so a DNS answer that
changes between the check and the connection (rebinding) changes nothing.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
LOCAL_HOSTS = ("127.0.0.1", "localhost")
PRIVATE = "The address leads to a private, local or reserved network address: it is not followed."
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def private_address(address: str) -> bool:
    """Whether `address` (an IP) is not on the public internet: private, loopback, link-local,
    multicast, reserved, unspecified, shared (CGNAT), documentation…; an IPv6 address that
    carries an IPv4 one (mapped, NAT64, 6to4, Teredo) is judged by the IPv4 one too."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64:
            return private_address(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None and private_address(str(inner)):
            return True
    return (
        not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local
        or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )  # fmt: skip


def literal_private_host(host: str) -> bool:
    """Whether `host` is an IP literal (or `localhost`) that `private_address` refuses."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return private_address(host)
    except ValueError:  # a name, not an address: judged when it is resolved
        return False


class FetchError(Exception):
    """The feed could not be had; `reason` says why, `status` the HTTP status if one came."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Fetched:
    """What the server answered: 200 with the body, or 304 (body None) when it has not changed."""

    status: int
    body: bytes | None
    etag: str | None
    last_modified: str | None


def https_url(url: str) -> str:
    """`webcal://` and `webcals://` as the https address they stand for; others unchanged."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("webcal", "webcals"):
        return urlunsplit(("https", *parts[1:]))
    return url.strip()


@dataclass(frozen=True)
class Fetcher:
    """Fetches feeds: `fetcher(url, etag=…, last_modified=…)` -> Fetched, or raises FetchError.

    `allow_http_localhost` lets plain http reach 127.0.0.1 and localhost: for the tests' local
    server only (IMPORTS_ALLOW_HTTP_LOCALHOST), never in production. `allow_private` lets it
    reach private and local addresses (EVENTAPP_IMPORTS_ALLOW_PRIVATE; off by default).
    """

    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    allow_http_localhost: bool = False
    allow_private: bool = False
    user_agent: str = "EntenteCordIAle-Events (calendar import)"

    def __call__(self, url: str, *, etag: str | None = None, last_modified: str | None = None):
        url = https_url(url)
        self.check_url(url)
        headers = {"User-Agent": self.user_agent, "Accept": "text/calendar, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # a proxy would be the one checked, not the host
            _HTTPHandler(self.connect), _HTTPSHandler(self.connect),
            _Redirects(self, urlsplit(url).hostname),
        )  # fmt: skip
        deadline = time.monotonic() + self.timeout
        try:
            with opener.open(
                urllib.request.Request(url, headers=headers), timeout=self.timeout
            ) as r:
                body = self._read(r, deadline)
                return Fetched(
                    r.status, body, r.headers.get("ETag"), r.headers.get("Last-Modified")
                )
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return Fetched(304, None, error.headers.get("ETag") or etag,
                               error.headers.get("Last-Modified") or last_modified)  # fmt: skip
            raise FetchError(
                f"The server answered {error.code} {error.reason}.", error.code
            ) from None
        except FetchError:
            raise
        except TimeoutError as error:
            raise FetchError(f"No answer within {self.timeout:g} seconds.") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, FetchError):
                raise error.reason from error
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise FetchError(f"No answer within {self.timeout:g} seconds.") from error
            raise FetchError(f"The server could not be reached: {error.reason}.") from error
        except (OSError, ValueError) as error:  # a reset connection, a malformed answer
            raise FetchError(f"The feed could not be read: {error}.") from error

    def check_url(self, url: str) -> None:
        """Refuse what is not https (or, when allowed, http to this machine)."""
        parts = urlsplit(url)
        if not parts.hostname:
            raise FetchError("The address has no host.")
        if parts.scheme == "https":
            return
        if parts.scheme == "http" and self.allow_http_localhost and parts.hostname in LOCAL_HOSTS:
            return
        raise FetchError("Only https addresses are followed (webcal:// is read as https://).")

    def connect(self, address: tuple, timeout=None, source_address=None) -> socket.socket:
        """Resolve the host once, refuse it if any of its addresses is not public, and connect
        to the addresses resolved (never to the name again)."""
        host, port = address
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if not self.allow_private and any(private_address(info[4][0]) for info in found):
            raise FetchError(PRIVATE)
        failure: OSError = OSError(f"{host} has no address")
        for family, kind, proto, _name, sockaddr in found:
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                failure = error
        raise failure

    def _read(self, response, deadline: float) -> bytes:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(self._too_big(), response.status)
        chunks, total = [], 0
        while chunk := response.read(CHUNK):
            total += len(chunk)
            if total > self.max_bytes:
                raise FetchError(self._too_big(), response.status)
            if time.monotonic() > deadline:
                raise FetchError(f"The feed took longer than {self.timeout:g} seconds to come.")
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_big(self) -> str:
        return f"The feed is larger than {self.max_bytes / 1024 / 1024:g} MB."


class _HTTPConnection(http.client.HTTPConnection):
    """A connection that opens its socket with the fetcher's guarded `connect`."""

    def __init__(self, *args, connect, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = connect


class _HTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is still checked against the host's name."""

    def __init__(self, *args, connect, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = connect


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connect) -> None:
        super().__init__()
        self.guarded = connect

    def http_open(self, req):
        return self.do_open(functools.partial(_HTTPConnection, connect=self.guarded), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connect) -> None:
        super().__init__()
        self.guarded = connect

    def https_open(self, req):
        connection = functools.partial(_HTTPSConnection, connect=self.guarded)
        return self.do_open(connection, req, context=self._context)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, each to an address the fetcher accepts, on the
    same host (a redirect elsewhere is refused: the source's address should be changed)."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, fetcher: Fetcher, host: str | None) -> None:
        self.fetcher, self.host = fetcher, host

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        try:
            self.fetcher.check_url(newurl)
        except FetchError as error:
            raise FetchError(f"Redirected to {newurl}: {error.reason}", code) from None
        if urlsplit(newurl).hostname != self.host:
            raise FetchError(f"Redirected to another host ({newurl}): not followed.", code)
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        if len(getattr(req, "redirect_dict", {})) >= self.max_redirections:
            raise FetchError(f"More than {MAX_REDIRECTS} redirects.", code)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302
