"""Container health checks: ``python -m mseflow.flows.health prefect|http URL``.

``prefect URL`` is healthy when the API answers ``/api/health`` *and* the UI's
page is served at ``URL/`` (a server whose UI bundle could not be written answers
the API but serves no UI). ``http URL`` is healthy when ``URL`` answers at all
without a server error (the review station asks for its token with 401).
Exit status 0 when healthy, 1 otherwise, with one line saying why.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

TIMEOUT_S = 5.0
UI_MARKERS: tuple[bytes, ...] = (b"<html", b"<title>prefect")
"""What the UI page (v1 or v2, the root redirects to the default one) holds, lower-cased."""


def _get(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            return response.status, response.read(65536)
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def prefect_problem(base_url: str) -> str | None:
    """Why the Prefect server at ``base_url`` is not healthy, or ``None``."""
    base = base_url.rstrip("/")
    status, _ = _get(f"{base}/api/health")
    if status != 200:
        return f"/api/health answered {status}"
    status, body = _get(f"{base}/")
    if status != 200:
        return f"the UI page answered {status}"
    if not all(marker in body.lower() for marker in (m.lower() for m in UI_MARKERS)):
        return "the UI page is not the Prefect UI (is PREFECT_UI_STATIC_DIRECTORY writable?)"
    return None


def http_problem(url: str) -> str | None:
    """Why ``url`` is not healthy (no answer or a 5xx), or ``None``."""
    status, _ = _get(url)
    return f"{url} answered {status}" if status >= 500 else None


def main(argv: list[str]) -> int:
    """Run one check; print the problem and return 1, or return 0."""
    if len(argv) != 2 or argv[0] not in {"prefect", "http"}:
        print("usage: python -m mseflow.flows.health prefect|http URL", file=sys.stderr)  # noqa: T201
        return 2
    check = prefect_problem if argv[0] == "prefect" else http_problem
    try:
        problem = check(argv[1])
    except OSError as exc:
        problem = f"no answer: {exc}"
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
