"""Sessions, the token, CSRF and the access log of the review station.

- Every browser gets a session cookie (HttpOnly, SameSite=Strict) holding only a
  random id; the server keeps the session: its CSRF token and, with the token on,
  the reviewer's name from the login form.
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

import hmac
import logging
import secrets
import threading
import time
from collections import OrderedDict
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
MAX_SESSIONS = 2000


@dataclass
class Session:
    """What the server keeps for one browser."""

    sid: str
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    reviewer: str | None = None
    authenticated: bool = False


class Sessions:
    """In-memory sessions (a restart logs everyone out), the oldest dropped past a bound."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sid: str | None) -> Session | None:
        """The session with this id, if the server knows it."""
        if not sid:
            return None
        with self._lock:
            return self._items.get(sid)

    def new(self) -> Session:
        """A fresh session."""
        session = Session(sid=secrets.token_urlsafe(32))
        with self._lock:
            self._items[session.sid] = session
            while len(self._items) > MAX_SESSIONS:
                self._items.popitem(last=False)
        return session

    def drop(self, sid: str) -> None:
        """Forget a session (logout, or a fresh one after login)."""
        with self._lock:
            self._items.pop(sid, None)


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
            set_session_cookie(response, current)
        access_log.info(
            "%s %s %d %.0fms",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - start) * 1000,
        )
        return response

    app.middleware("http")(middleware)  # type: ignore[attr-defined]


def set_session_cookie(response: Response, session: Session) -> None:
    """The session cookie: HttpOnly, SameSite=Strict, the whole site."""
    response.set_cookie(SESSION_COOKIE, session.sid, httponly=True, samesite="strict", path="/")
