"""The OCR engine kept loaded (tesserocr) and its fallback (the tesseract binary), for real."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from mseflow.errors import OcrTimeoutError
from mseflow.pipeline import process_bytes_safely
from mseflow.reading import engine as engine_module
from mseflow.reading import read_bytes
from mseflow.reading.engine import CliEngine, TesserocrEngine, describe_engine, get_engine
from mseflow.reading.files import plan_pages, read_pages
from mseflow.reading.page import OCR_TIMEOUT
from mseflow.reading.preprocess import to_gray
from mseflow.settings import ReadingSettings, Settings

from .drawing import LINES, draw_page, image_bytes

tesserocr = pytest.importorskip("tesserocr")


@pytest.fixture(scope="module")
def page_image():
    return draw_page()


@pytest.fixture
def cli_engine(monkeypatch: pytest.MonkeyPatch):
    """Reading through the tesseract binary, as when tesserocr is not installed."""
    monkeypatch.setenv(engine_module.ENGINE_ENV, "cli")
    engine_module.engine_kind.cache_clear()
    engine_module._local.__dict__.pop("engines", None)
    yield
    engine_module.engine_kind.cache_clear()
    engine_module._local.__dict__.pop("engines", None)


def test_both_engines_read_the_same_words_and_boxes(page_image) -> None:
    gray = to_gray(np.asarray(page_image))
    kept = TesserocrEngine("rus").read(gray, 3, 60.0)
    piped = CliEngine("rus").read(gray, 3, 60.0)
    assert [w.text for w in kept.words] == [w.text for w in piped.words]
    assert " ".join(w.text for w in kept.words[:5]) == LINES[0]
    for a, b in zip(kept.words, piped.words, strict=True):
        assert max(abs(x - y) for x, y in zip(a.bbox, b.bbox, strict=True)) <= 1
        assert abs(a.confidence - b.confidence) <= 0.02
    assert kept.mean_confidence > 0.85


def test_the_engine_is_loaded_once_per_thread() -> None:
    first = get_engine("rus")
    assert get_engine("rus") is first
    assert isinstance(first, TesserocrEngine)
    other: list[object] = []
    worker = threading.Thread(target=lambda: other.append(get_engine("rus")))
    worker.start()
    worker.join()
    assert other[0] is not first  # a TessBaseAPI is not shared between threads


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_orientation_is_found_on_turned_pages(page_image, rotate: int) -> None:
    turned = page_image.rotate(-rotate, expand=True)  # clockwise
    (page,) = read_bytes(image_bytes(turned, "PNG"), ReadingSettings())
    assert page.rotation == (360 - rotate) % 360
    assert page.text.splitlines()[0] == LINES[0]


@pytest.mark.parametrize("engine", ["tesserocr", "cli"])
def test_ocr_leaves_no_files_in_the_temp_folder(
    page_image, engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request
) -> None:
    if engine == "cli":
        request.getfixturevalue("cli_engine")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    (page,) = read_bytes(image_bytes(page_image.rotate(180), "PNG"), ReadingSettings())
    assert type(get_engine("rus")).__name__ == (
        "CliEngine" if engine == "cli" else "TesserocrEngine"
    )
    assert "2431238" in page.text
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("engine", ["tesserocr", "cli"])
def test_an_ocr_timeout_is_a_page_problem_and_a_record_issue(
    page_image, engine: str, request
) -> None:
    if engine == "cli":
        request.getfixturevalue("cli_engine")
    settings = ReadingSettings(ocr_timeout_s=0.001)
    data = image_bytes(page_image, "PNG")
    (page,) = read_pages(data, plan_pages(data, settings), settings)
    assert page.problems == [OCR_TIMEOUT] and page.lines == []
    with pytest.raises(OcrTimeoutError, match="page\\(s\\) 1"):
        read_bytes(data, settings)
    (record,) = process_bytes_safely(data, "x.png", "0" * 64, Settings(reading=settings))
    assert record.doc_type == "unreadable"
    assert [issue.code for issue in record.validation.issues] == [OCR_TIMEOUT]


def test_one_page_timing_out_puts_a_warning_on_its_document(page_image) -> None:
    from mseflow.pipeline import with_page_problems
    from mseflow.reading.page import PageText

    settings = Settings()
    data = image_bytes(page_image, "PNG")
    (read,) = read_bytes(data, settings.reading)
    late = PageText(number=2, source="ocr", width=10, height=10, problems=[OCR_TIMEOUT])
    (record,) = process_bytes_safely(data, "x.png", "0" * 64, settings)
    (marked,) = with_page_problems([record.model_copy(update={"pages": [1, 2]})], [read, late])
    issue = marked.validation.issues[-1]
    assert (issue.code, issue.severity) == (OCR_TIMEOUT, "warning")
    assert "page 2" in issue.message


def test_version_names_the_engine() -> None:
    line = describe_engine()
    assert line.startswith(f"OCR engine: tesserocr {tesserocr.__version__}, Tesseract 5.")
    assert line.endswith(f"models in {engine_module.tessdata_path().rstrip('/')}")


def test_models_folder_holds_the_languages_read() -> None:
    folder = Path(engine_module.tessdata_path())
    assert (folder / "rus.traineddata").is_file()
    assert (folder / "osd.traineddata").is_file()
    assert {"rus", "osd"} <= engine_module.available_languages()


@pytest.fixture
def own_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A models folder of one's own (``TESSDATA_PREFIX``), holding Russian only."""
    system = Path(engine_module.tessdata_path())
    (tmp_path / "rus.traineddata").symlink_to(system / "rus.traineddata")
    monkeypatch.setenv(engine_module.TESSDATA_ENV, str(tmp_path))
    engine_module.tessdata_path.cache_clear()
    engine_module.available_languages.cache_clear()
    yield tmp_path
    monkeypatch.delenv(engine_module.TESSDATA_ENV)
    engine_module.tessdata_path.cache_clear()
    engine_module.available_languages.cache_clear()


def test_tessdata_prefix_chooses_the_models_folder(own_models: Path, page_image) -> None:
    assert engine_module.tessdata_path() == str(own_models)
    assert engine_module.available_languages() == frozenset({"rus"})
    words = TesserocrEngine("rus").read(to_gray(np.asarray(page_image)), 3, 60.0).words
    assert " ".join(w.text for w in words[:5]) == LINES[0]
    assert describe_engine().endswith(f"models in {own_models}")
