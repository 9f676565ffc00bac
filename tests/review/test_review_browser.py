"""The review station in a real browser: Debian's chromium driven by Playwright.

Playwright's Python package drives ``/usr/bin/chromium`` through
``executable_path`` (scripts/setup.sh installs it from Debian; no browser
download). The server is the real app under uvicorn on a free loopback port.
One walk-through: open the queue, open the worst record, see the scan with its
evidence boxes, correct a field (the check is recomputed live), accept with
Enter; then the reviews table, a re-run of ``mseflow process`` and ``hris-feed``.

``MSEFLOW_REVIEW_SCREENSHOTS=docs`` also writes the two screenshots of docs/.
"""

from __future__ import annotations

import csv
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from mseflow.review.app import create_app

from .conftest import Workspace, process, review_config

pytestmark = [pytest.mark.browser, pytest.mark.flows, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--no-first-run",
]
REVIEWER = "Петрова А. И."


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian chromium (setup.sh installs it; missing is a failure, not a skip)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("no /usr/bin/chromium: run scripts/setup.sh (Debian package 'chromium')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(workspace: Workspace) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(review_config(workspace)), host="127.0.0.1", port=port,
        access_log=False, log_level="warning",
    )  # fmt: skip
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not served.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API for the hris-feed flow (once for this module)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def _screenshot(page: object, name: str) -> None:
    folder = os.environ.get("MSEFLOW_REVIEW_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=False)  # type: ignore[attr-defined]


def _open_worst_record(page: object, server: str) -> str:
    page.goto(server + "/")  # type: ignore[attr-defined]
    first = page.locator("#queue tbody tr").first  # type: ignore[attr-defined]
    assert "Срок не соответствует группе" in first.inner_text()
    assert "Ошибка в документе" in first.inner_text()
    _screenshot(page, "review-queue.png")
    record_id = first.get_attribute("data-record-id")
    first.locator("a.open").click()
    page.wait_for_url(f"**/records/{record_id}")  # type: ignore[attr-defined]
    return str(record_id)


def _see_scan_with_boxes(page: object) -> None:
    page.wait_for_selector(".boxes[data-ready='1']")  # type: ignore[attr-defined]
    width = page.eval_on_selector(".sheet img", "img => img.naturalWidth")  # type: ignore[attr-defined]
    assert width > 1000  # the page image really loaded (150 DPI A4 is 1240 px)
    boxes = page.locator(".box")  # type: ignore[attr-defined]
    assert boxes.count() >= 8
    sheet = page.locator(".sheet").bounding_box()  # type: ignore[attr-defined]
    group_box = page.locator('.box[data-field="disability_group"]').bounding_box()  # type: ignore[attr-defined]
    assert sheet["x"] <= group_box["x"] < sheet["x"] + sheet["width"]
    assert sheet["y"] <= group_box["y"] < sheet["y"] + sheet["height"]


def _correct_and_accept(page: object) -> None:
    page.fill("#reviewer-name", REVIEWER)  # type: ignore[attr-defined]
    page.dispatch_event("#reviewer-name", "change")  # type: ignore[attr-defined]
    page.click('.field[data-field="disability_group"] label')  # type: ignore[attr-defined]
    box = page.locator('.box[data-field="disability_group"]')  # type: ignore[attr-defined]
    assert "on" in (box.get_attribute("class") or "").split()
    page.focus("#f-full_name")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.name") == "birth_date"  # type: ignore[attr-defined]
    assert "Срок не соответствует группе" in page.inner_text("#check-body")  # type: ignore[attr-defined]
    page.fill("#f-disability_group", "I")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "!document.querySelector('#check-body').innerText.includes('Срок не соответствует группе')"
    )
    assert "В порядке" in page.inner_text("#check-body")  # type: ignore[attr-defined]
    page.evaluate("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    _screenshot(page, "review-record.png")
    page.focus("#f-disability_group")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#saved:not([hidden])")  # type: ignore[attr-defined]
    assert "Исправлено" in page.inner_text("#saved")  # type: ignore[attr-defined]


def _review_rows(database: Path, record_id: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT field, old_value, new_value, decision, reviewer FROM reviews "
            "WHERE record_id = ? AND (field IS NULL OR old_value != new_value) ORDER BY review_id",
            (record_id,),
        ).fetchall()


def test_correct_accept_rerun_and_export(
    browser: object, server: str, workspace: Workspace, prefect_harness: None, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})  # type: ignore[attr-defined]
    record_id = _open_worst_record(page, server)
    _see_scan_with_boxes(page)
    _correct_and_accept(page)
    page.close()

    assert _review_rows(workspace.database, record_id) == [
        (None, None, None, "correct", REVIEWER),
        ("disability_group", "3", "1", "correct", REVIEWER),
    ]

    process(workspace.inputs, workspace.out, redo=True)  # extraction runs again
    with sqlite3.connect(workspace.database) as conn:
        stored = conn.execute(
            "SELECT source_path, json_extract(record, '$.disability_group'), status, "
            "json_extract(record, '$.review.status') FROM records WHERE record_id = ?",
            (record_id,),
        ).fetchone()
    assert stored[0].startswith(str(workspace.inputs))  # re-processed from the files
    assert stored[1:] == (1, "valid", "corrected")

    from mseflow.flows.hris import hris_feed

    summary = hris_feed(workspace.out, tmp_path / "hris")
    assert summary.csv_path is not None
    with summary.csv_path.open(encoding="utf-8", newline="") as handle:
        exported = {row["record_id"]: row for row in csv.DictReader(handle)}
    assert exported[record_id]["disability_group"] == "1"
    assert exported[record_id]["status"] == "valid"
