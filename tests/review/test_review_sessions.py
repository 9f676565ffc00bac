"""Signed session cookies: a restart keeps officers logged in; forged, old and logged-out
cookies are refused; CSRF still guards every state-changing request."""

from __future__ import annotations

import base64
import json
import time

from fastapi.testclient import TestClient

from mseflow.review.app import create_app
from mseflow.review.security import SESSION_COOKIE, SESSION_MAX_AGE_S, Session, Sessions

from .conftest import Workspace, csrf_of, review_config

TOKEN = "t0ken-for-tests-only-0123456789"
BASE = "http://review.example:8765"


def _login(client: TestClient, name: str = "Петрова") -> None:
    form = client.get("/login").text
    csrf = form.split('name="csrf_token" value="')[1].split('"')[0]
    ok = client.post(
        "/login", data={"csrf_token": csrf, "name": name, "token": TOKEN}, follow_redirects=False
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/"


def _station(workspace: Workspace, token: str = TOKEN) -> TestClient:
    return TestClient(create_app(review_config(workspace, token=token, host="0.0.0.0")), BASE)


def _group_mismatch(client: TestClient) -> str:
    items = client.get("/api/queue", params={"reason": "group_term_mismatch"}).json()["items"]
    return items[0]["record_id"]


def test_a_restart_keeps_the_login_and_the_reviewer(workspace: Workspace) -> None:
    with _station(workspace) as before:
        _login(before)
        cookie = before.cookies[SESSION_COOKIE]
        csrf = csrf_of(before)
    with _station(workspace) as after:  # a new app: the station was restarted
        after.cookies.set(SESSION_COOKIE, cookie)
        assert after.get("/api/queue").status_code == 200
        assert csrf_of(after) == csrf
        rid = _group_mismatch(after)
        refused = after.post(f"/api/records/{rid}/review", json={"decision": "accept"})
        assert refused.status_code == 403  # CSRF is still required
        done = after.post(
            f"/api/records/{rid}/review",
            json={"decision": "accept", "reviewer": "Кто-то другой"},
            headers=csrf,
        ).json()
        assert done["review"]["by"] == "Петрова"  # from the signed session, not the body
    with _station(workspace, token="another-t0ken-0123456789") as rotated:
        rotated.cookies.set(SESSION_COOKIE, cookie)
        assert rotated.get("/api/queue").status_code == 401  # a new token logs everyone out


def test_forged_cookies_are_refused(workspace: Workspace) -> None:
    with _station(workspace) as client:
        _login(client)
        body, signature = client.cookies[SESSION_COOKIE].split(".")
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        assert data["reviewer"] == "Петрова" and data["auth"] is True
        data["reviewer"] = "Иванова"
        forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
        client.cookies.set(SESSION_COOKIE, f"{forged}.{signature}")
        assert client.get("/api/queue").status_code == 401
        client.cookies.set(SESSION_COOKIE, "not-a-cookie")
        assert client.get("/api/queue").status_code == 401


def test_logout_ends_the_session_and_old_sessions_expire(workspace: Workspace) -> None:
    with _station(workspace) as client:
        _login(client)
        cookie = client.cookies[SESSION_COOKIE]
        form = client.get("/").text
        csrf = form.split('name="csrf_token" value="')[1].split('"')[0]
        out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        assert out.status_code == 303
        assert client.get("/api/queue").status_code == 401
        client.cookies.set(SESSION_COOKIE, cookie)  # a copy of the logged-out cookie
        assert client.get("/api/queue").status_code == 401
    sessions = Sessions(TOKEN)
    fresh = Session(reviewer="Петрова", authenticated=True)
    got = sessions.get(sessions.cookie(fresh))
    assert got is not None
    assert (got.sid, got.csrf, got.reviewer, got.authenticated) == (
        fresh.sid, fresh.csrf, "Петрова", True,
    )  # fmt: skip
    old = Session(reviewer="Петрова", authenticated=True, issued=time.time() - SESSION_MAX_AGE_S)
    assert sessions.get(sessions.cookie(old)) is None
    assert Sessions(None).get(Sessions(None).cookie(fresh)) is None  # no token: per-start key
