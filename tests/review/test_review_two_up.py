"""A field read on one page of a two-up sheet is shown on that page (round 11, helper
`review2up`).

A sheet holding two pages side by side is read as two pages, each in its own pixels
(:mod:`mseflow.reading.two_up`); the review station drew their boxes on the image of the
whole sheet, so a box of the right-hand page landed on the left one. Each such evidence now
carries its side's ``sheet_crop`` and the record page shows that side's image. Sheets are
drawn in the test (tests/reading/test_two_up_round11.py), run through ``mseflow process`` and
shown by the real app; the box, taken back into the sheet's pixels through the side's crop and
the size of the image it is drawn on, must lie where the test printed the words.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from PIL import Image

from mseflow.contract import Record
from mseflow.records.sqlite import record_id
from mseflow.review.app import create_app

from ..reading.test_two_up_round11 import CERTIFICATE, IPRA, page, side_by_side
from .conftest import LOOPBACK, Workspace, process, review_config
from .test_review_browser import _free_port, browser  # noqa: F401 (the chromium fixture)

NAME_LINE = {"mse_certificate": CERTIFICATE.index("Выдана Петрова Анна Сергеевна"),
             "ipra": IPRA.index("2. Фамилия, имя, отчество: Соколов Игорь Петрович")}  # fmt: skip
"""Line (of the page's lines) holding each document's full name."""


def _blank(dpi: int) -> Image.Image:
    return Image.new("L", page([], dpi).size, 255)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _pdf(image: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=dpi)
    return out.getvalue()


Sheet = Callable[[], tuple[bytes, str]]
SHEETS: list[tuple[str, Sheet, dict[str, str]]] = [
    (
        "PNG: certificate beside an IPRA",
        lambda: (_png(side_by_side(page(CERTIFICATE, 300), page(IPRA, 300))), "png"),
        {"mse_certificate": "left", "ipra": "right"},
    ),
    (
        "PNG: blank left side, IPRA on the right",
        lambda: (_png(side_by_side(_blank(300), page(IPRA, 300))), "png"),
        {"ipra": "right"},
    ),
    (
        "scanned PDF at 200 DPI: certificate beside an IPRA",
        lambda: (_pdf(side_by_side(page(CERTIFICATE, 200), page(IPRA, 200)), 200), "pdf"),
        {"mse_certificate": "left", "ipra": "right"},
    ),
]


@pytest.fixture(scope="module", params=SHEETS, ids=[row[0] for row in SHEETS])
def two_up(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Workspace, dict[str, str]]:
    _, sheet, halves = request.param
    data, suffix = sheet()
    root = tmp_path_factory.mktemp("two-up")
    (root / "in").mkdir()
    (root / "in" / f"sheet.{suffix}").write_bytes(data)
    (root / "in" / "portrait.png").write_bytes(_png(page(CERTIFICATE, 300)))
    process(root / "in", root / "out")
    return Workspace(root / "in", root / "out"), halves


def _records(out: Path) -> list[dict[str, Any]]:
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_right_page_box_lands_on_the_right_half(two_up: tuple[Workspace, dict[str, str]]) -> None:
    workspace, halves = two_up
    sheet = [r for r in _records(workspace.out) if Path(r["source_path"]).stem == "sheet"]
    records = {r["doc_type"]: r for r in sheet}
    assert len(records) == len(sheet)
    assert sorted(records) == sorted(halves)
    with TestClient(create_app(review_config(workspace)), base_url=LOOPBACK) as client:
        for doc_type, half in halves.items():
            record = records[doc_type]
            evidence = record["evidence"]["full_name"]
            crop, bbox = evidence["sheet_crop"], evidence["bbox"]
            sheet_width = crop[2] if half == "right" else 2 * crop[2]
            assert (crop[0] == 0) == (half == "left")
            rid = record_id(Record.model_validate(record))
            assert rid.endswith("~r") == (half == "right")
            html = client.get(f"/records/{rid}").text
            assert f"/api/records/{rid}/pages/1-1.png" in html
            assert re.search(r'data-field="full_name"\s+data-page="1-1"', html)
            geometry = client.get(f"/api/records/{rid}/pages/1-1.json").json()
            shown = Image.open(io.BytesIO(client.get(f"/api/records/{rid}/pages/1-1.png").content))
            crop_w, crop_h = crop[2] - crop[0], crop[3] - crop[1]
            assert shown.width / shown.height == pytest.approx(crop_w / crop_h, rel=0.01)
            # the box in the sheet's pixels: the side's crop, scaled from the drawn image
            x0 = crop[0] + bbox[0] * crop_w / geometry["width"]
            x1 = crop[0] + bbox[2] * crop_w / geometry["width"]
            y_mid = (bbox[1] + bbox[3]) / 2 * crop_h / geometry["height"]
            if half == "right":
                assert sheet_width / 2 < x0 < x1 <= sheet_width
            else:
                assert 0 <= x0 < x1 < sheet_width / 2
            # printed at 0.8 in from the top, 0.22 in a line (page() of the reading tests)
            line_mid = (0.8 + 0.22 * NAME_LINE[doc_type] + 0.07) / (297 / 25.4)
            assert y_mid / crop_h == pytest.approx(line_mid, abs=0.01)


def test_one_page_sheet_has_no_sheet_crop(two_up: tuple[Workspace, dict[str, str]]) -> None:
    workspace, _ = two_up
    [record] = [r for r in _records(workspace.out) if r["source_path"].endswith("portrait.png")]
    assert record["full_name"] == "Петрова Анна Сергеевна"
    assert "sheet_crop" not in json.dumps(record)
    with TestClient(create_app(review_config(workspace)), base_url=LOOPBACK) as client:
        rid = record_id(Record.model_validate(record))
        assert client.get(f"/api/records/{rid}/pages/1-1.png").status_code == 404
        assert f"/api/records/{rid}/pages/1.png" in client.get(f"/records/{rid}").text


@pytest.mark.browser
@pytest.mark.slow
def test_browser_draws_the_right_page_box_on_its_image(
    two_up: tuple[Workspace, dict[str, str]],
    browser: Any,  # noqa: F811 (the chromium fixture of test_review_browser)
) -> None:
    """The record page's script fetches the side's geometry (``/pages/1-1.json``) and draws
    the box where the evidence says, on the side's image."""
    workspace, _ = two_up
    [record] = [r for r in _records(workspace.out) if r["doc_type"] == "ipra"]
    bbox, rid = record["evidence"]["full_name"]["bbox"], record_id(Record.model_validate(record))
    with served(workspace) as base:
        page = browser.new_page()
        page.goto(f"{base}/records/{rid}")
        page.wait_for_selector(".boxes[data-ready='1']")
        geometry = page.evaluate(f"fetch('/api/records/{rid}/pages/1-1.json').then(r => r.json())")
        sheet = page.locator(".sheet").bounding_box()
        box = page.locator('.box[data-field="full_name"]').bounding_box()
        page.close()
    assert (box["x"] - sheet["x"]) / sheet["width"] == pytest.approx(
        bbox[0] / geometry["width"], abs=0.005
    )
    assert (box["y"] - sheet["y"]) / sheet["height"] == pytest.approx(
        bbox[1] / geometry["height"], abs=0.005
    )


@contextmanager
def served(workspace: Workspace) -> Iterator[str]:
    """The app under uvicorn on a free loopback port (as in test_review_browser)."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(review_config(workspace)), host="127.0.0.1", port=port,
        access_log=False, log_level="warning",
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
