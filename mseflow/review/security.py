"""Sessions, the token, CSRF and the access log of the review station.

- Every browser gets a session cookie (HttpOnly, SameSite=Strict) that holds the
  whole session, signed (HMAC-SHA256): its id, its CSRF token and, with the token
  on, the reviewer's name from the login form. The server keeps nothing, so a
  restart of the station does not log the officers out. The signing key is derived
  from ``MSEFLOW_REVIEW_TOKEN`` (a new token logs everyone out); a session lasts
  :data:`SESSION_MAX_AGE_S` from the login and ends with the browser. Without a
  token (this computer only) the key is random per start: there is no login to
  keep, and an open page is refreshed after a restart.
- With ``MSEFLOW_REVIEW_TOKEN`` set, a request needs ``Authorization: Bearer
  <token>`` or a logged-in session; pages redirect to the login form, the API
  answers 401.
- Every state-changing request (POST, PUT, PATCH, DELETE) carries the session's
  CSRF token in ``X-CSRF-Token`` (the pages' script does it) or is refused with
  403. Bearer requests are exempt: a browser never adds that header on its own.
  A cross-site ``Origin`` is refused too, and on loopback the ``Host`` must be a
  loopback name (no DNS rebinding).
- The access log has the method, the path without its query string (record ids
  are hashes), the status and the time; nothing a person typed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from mseflow.review.config import ReviewConfig, is_loopback

access_log = logging.getLogger("mseflow.review.access")

SESSION_COOKIE = "mseflow_review_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC_PREFIXES = ("/static/", "/login", "/favicon.ico")
FORM_PATHS = frozenset({"/login", "/logout"})
"""Plain HTML form posts: their handlers check the ``csrf_token`` form field themselves."""


SESSION_MAX_AGE_S = 12 * 3600
"""How long a session holds after it was opened (a working day); then the login form again."""
_KEY_LABEL = b"mseflow review session cookie v1"


@dataclass
class Session:
    """What one browser's cookie says (signed; the server keeps nothing)."""

    sid: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    reviewer: str | None = None
    authenticated: bool = False
    issued: float = field(default_factory=time.time)


class Sessions:
    """Sessions in signed cookies: they survive a restart of the station.

    ``token``: the key is derived from it, so every start with the same token reads
    the same cookies; None gives a random key (sessions end with the process). A
    session dropped by logout is refused until it would have expired anyway; that
    list is kept in memory (bounded by :data:`SESSION_MAX_AGE_S`).
    """

    def __init__(self, token: str | None = None, max_age_s: float = SESSION_MAX_AGE_S) -> None:
        self._key = (
            hmac.new(token.encode(), _KEY_LABEL, hashlib.sha256).digest()
            if token
            else secrets.token_bytes(32)
        )
        self.max_age_s = max_age_s
        self._dropped: dict[str, float] = {}
        self._lock = threading.Lock()

    def _sign(self, payload: bytes) -> str:
        return _b64(hmac.new(self._key, payload, hashlib.sha256).digest())

    def cookie(self, session: Session) -> str:
        """The cookie value: the session as JSON and its signature, both base64url."""
        data = {
            "sid": session.sid, "csrf": session.csrf, "reviewer": session.reviewer,
            "auth": session.authenticated, "iat": int(session.issued),
        }  # fmt: skip
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        return f"{_b64(payload)}.{self._sign(payload)}"

    def get(self, cookie: str | None) -> Session | None:
        """The session a cookie holds, if its signature is ours and it has not expired."""
        if not cookie or cookie.count(".") != 1:
            return None
        body, signature = cookie.split(".")
        try:
            payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except ValueError:
            return None
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            data = json.loads(payload)
            session = Session(
                sid=str(data["sid"]), csrf=str(data["csrf"]),
                reviewer=None if data["reviewer"] is None else str(data["reviewer"]),
                authenticated=bool(data["auth"]), issued=float(data["iat"]),
            )  # fmt: skip
        except (ValueError, KeyError, TypeError):
            return None
        age = time.time() - session.issued
        if age >= self.max_age_s or age < -60:  # expired, or from a clock far ahead
            return None
        with self._lock:
            if session.sid in self._dropped:
                return None
        return session

    def new(self) -> Session:
        """A fresh session."""
        return Session()

    def drop(self, sid: str) -> None:
        """Refuse a session from now on (logout, or the one before a login)."""
        now = time.time()
        with self._lock:
            self._dropped = {k: t for k, t in self._dropped.items() if t > now}
            self._dropped[sid] = now + self.max_age_s


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token_matches(given: str | None, token: str | None) -> bool:
    """Constant-time comparison of a presented token with the configured one."""
    return bool(given and token) and hmac.compare_digest(str(given), str(token))


def bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.casefold() == "bearer" else None


def _refusal(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return Response(message, status_code=status, media_type="text/plain; charset=utf-8")


def _host_ok(request: Request, config: ReviewConfig) -> bool:
    if config.auth_on:
        return True
    host = urlsplit(f"//{request.headers.get('host', '')}").hostname or ""
    return is_loopback(host)


def _origin_ok(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == request.headers.get("host", "")


def _csrf_ok(request: Request, session: Session) -> bool:
    return hmac.compare_digest(request.headers.get(CSRF_HEADER, ""), session.csrf)


def _is_public(path: str) -> bool:
    return any(path == p or path.startswith(p) for p in PUBLIC_PREFIXES)


def guard(request: Request, config: ReviewConfig, session: Session) -> Response | None:
    """The refusal for a request that may not go on, or None when it may."""
    if not _host_ok(request, config):
        return _refusal(request, 403, "Неверный адрес сервера (Host): откройте http://127.0.0.1")
    via_token = config.auth_on and token_matches(bearer(request), config.token)
    request.state.via_token = via_token
    path = request.url.path
    if config.auth_on and not via_token and not session.authenticated and not _is_public(path):
        if path.startswith("/api/"):
            return JSONResponse({"detail": "Нужен вход: токен или сеанс"}, status_code=401)
        return RedirectResponse("/login", status_code=303)
    if request.method in SAFE_METHODS or via_token or path in FORM_PATHS:
        return None
    if not _origin_ok(request):
        return _refusal(request, 403, "Запрос с чужого сайта отклонён")
    if not _csrf_ok(request, session):
        return _refusal(request, 403, "Нет или неверен CSRF-токен: обновите страницу")
    return None


def install(app: object, config: ReviewConfig, sessions: Sessions) -> None:
    """Add the session, access-control and access-log middleware to ``app``."""

    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        start = time.perf_counter()
        session = sessions.get(request.cookies.get(SESSION_COOKIE))
        fresh = session is None
        if session is None:
            session = sessions.new()
        request.state.session = session
        response = guard(request, config, session) or await call_next(request)
        current = request.state.session
        if fresh or current.sid != session.sid:
            set_session_cookie(response, sessions.cookie(current))
        access_log.info(
            "%s %s %d %.0fms",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - start) * 1000,
        )
        return response

    app.middleware("http")(middleware)  # type: ignore[attr-defined]


def set_session_cookie(response: Response, value: str) -> None:
    """The session cookie: HttpOnly, SameSite=Strict, the whole site, until the browser closes."""
    response.set_cookie(SESSION_COOKIE, value, httponly=True, samesite="strict", path="/")
