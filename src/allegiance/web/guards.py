"""What stands in front of every route: allowed hosts, same-origin writes, a total body cap, CSRF tokens.

* **Allowed hosts** (DNS rebinding): a request whose ``Host`` header names another
  host than the ones the server answers for (127.0.0.1, localhost and ::1 by default,
  plus the bound address and any ``serve --allowed-host``) is refused with 400, before
  any route reads the store.
* **Same-origin writes** (CSRF): a state-changing request (any method but GET, HEAD,
  OPTIONS) that a browser marks as coming from another site (``Sec-Fetch-Site``) or
  whose ``Origin`` is not an allowed host is refused with 403. The form also carries a
  signed, expiring token (:class:`CsrfTokens`) that the route checks; another site can
  neither read it (same-origin policy) nor rebind to get it (host check).
* **Body cap**: a request body is counted as it arrives, chunked or not, and refused
  with 413 as soon as it passes the cap (a declared ``Content-Length`` over the cap is
  refused before a byte is read), so nothing larger is buffered or spooled.

Examples
--------
>>> host_name("127.0.0.1:8000"), host_name("[::1]:80"), host_name("LocalHost."), host_name("")
('127.0.0.1', '::1', 'localhost', '')
>>> tokens = CsrfTokens(b"k" * 32)
>>> tokens.valid(tokens.issue()), tokens.valid("1.forged"), tokens.valid("")
(True, False, False)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Callable, Iterable
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["DEFAULT_ALLOWED_HOSTS", "CsrfTokens", "RequestGuard", "host_name"]

#: The hosts a local server answers for unless told otherwise.
DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost", "::1")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def host_name(value: str) -> str:
    """The host of a ``Host`` header or netloc, lower case, without port, brackets or final dot.

    Examples
    --------
    >>> host_name("Example.org:443"), host_name("[2001:db8::1]")
    ('example.org', '2001:db8::1')
    """
    v = value.strip().lower()
    if v.startswith("["):
        end = v.find("]")
        return v[1:end] if end > 0 else ""
    if v.count(":") == 1:
        v = v.split(":", 1)[0]
    return v.rstrip(".")


class CsrfTokens:
    """Signed, expiring form tokens: ``<issued>.<HMAC-SHA256(secret, issued)>``.

    Stateless (no session, no cookie): a token proves the form was served by this
    process within ``max_age`` seconds. A new process has a new secret, so a form
    left open across a restart must be reloaded.

    Parameters
    ----------
    secret : bytes, optional
        The key (random per process by default).
    max_age : float
        Seconds a token stays valid.
    clock : callable
        Seconds since the epoch (for tests).

    Examples
    --------
    >>> now = [1000.0]
    >>> tokens = CsrfTokens(b"s" * 32, max_age=60, clock=lambda: now[0])
    >>> token = tokens.issue()
    >>> now[0] += 61
    >>> tokens.valid(token)
    False
    """

    def __init__(self, secret: bytes | None = None, *, max_age: float = 12 * 3600,
                 clock: Callable[[], float] = time.time):
        self._secret = secret or secrets.token_bytes(32)
        self._max_age = float(max_age)
        self._clock = clock

    def _signature(self, issued: str) -> str:
        return hmac.new(self._secret, issued.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        """A fresh token for one form."""
        issued = str(int(self._clock()))
        return f"{issued}.{self._signature(issued)}"

    def valid(self, token: str | None) -> bool:
        """True for a token this object issued that has not expired."""
        issued, _, signature = (token or "").partition(".")
        if not issued.isdigit() or len(issued) > 12 or not signature.isascii():
            return False
        if not hmac.compare_digest(signature, self._signature(issued)):
            return False
        return 0 <= self._clock() - int(issued) <= self._max_age


class _BodyTooLarge(HTTPException):
    """Raised from ``receive`` when the body passes the cap (an HTTPException, so routes re-raise it)."""


class RequestGuard:
    """ASGI middleware: host check, cross-site write refusal and the total body cap.

    Parameters
    ----------
    app : ASGI app
        The app to guard.
    allowed_hosts : iterable of str
        Host names (no port) the server answers for; ``*`` answers for any host.
    max_body_bytes : int
        Largest request body, counted as it arrives.

    Examples
    --------
    >>> guard = RequestGuard(None, allowed_hosts=["Example.org"], max_body_bytes=10)
    >>> guard.refusal("GET", {"host": "example.org:8000"}) is None
    True
    >>> guard.refusal("GET", {"host": "evil.example"})[0]
    400
    >>> guard.refusal("POST", {"host": "example.org", "origin": "https://evil.example"})[0]
    403
    >>> guard.refusal("POST", {"host": "example.org", "content-length": "11"})[0]
    413
    """

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str], max_body_bytes: int):
        self.app = app
        self.allowed_hosts = frozenset(host_name(h) for h in allowed_hosts if host_name(h))
        self.max_body_bytes = int(max_body_bytes)

    def _allowed(self, host: str) -> bool:
        return "*" in self.allowed_hosts or host_name(host) in self.allowed_hosts

    def refusal(self, method: str, headers: dict[str, str]) -> tuple[int, str] | None:
        """The status and message refusing this request, or None to let it through."""
        if not self._allowed(headers.get("host", "")):
            names = ", ".join(sorted(self.allowed_hosts))
            return 400, (f"this server answers only for {names}; open it by one of these names, or start "
                         "`allegiance serve` with --allowed-host NAME")
        if method.upper() not in _SAFE_METHODS and self._cross_site(headers):
            return 403, "a page from another site cannot change the store; use the form served here"
        length = headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > self.max_body_bytes:
            return 413, f"request too large (limit {self.max_body_bytes} bytes)"
        return None

    def _cross_site(self, headers: dict[str, str]) -> bool:
        """True when the browser says the request comes from another site.

        ``Sec-Fetch-Site`` decides when present (modern browsers). ``Origin: null`` decides
        nothing: a browser sends it for its own same-origin form under ``Referrer-Policy:
        no-referrer`` (which these pages set); the form's token covers that case.
        """
        site = headers.get("sec-fetch-site", "").strip().lower()
        if site:
            return site not in ("same-origin", "none")
        origin = headers.get("origin", "").strip()
        return bool(origin) and origin != "null" and not self._allowed(urlsplit(origin).netloc)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refused = self.refusal(scope["method"], headers)
        if refused is not None:
            await JSONResponse({"detail": refused[1]}, status_code=refused[0])(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _BodyTooLarge(413, f"request too large (limit {self.max_body_bytes} bytes)")
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except _BodyTooLarge as exc:
            if started:
                raise
            await JSONResponse({"detail": exc.detail}, status_code=413)(scope, receive, send)
