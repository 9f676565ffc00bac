"""Real Tesseract reads a clean 300-DPI generated certificate almost exactly (CER < 3 %)."""

from __future__ import annotations

import os
import re

import pytesseract
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from mseflow.fixtures.generate import DEFAULT_REFERENCE_DATE, FileSpec, draw_pdf, plan_file
from mseflow.fixtures.raster import render_pages
from mseflow.fixtures.spelling import Style

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip()


@pytest.mark.parametrize(("seed", "font"), [(0, "DejaVuSans"), (1, "DejaVuSerif")])
def test_tesseract_reads_clean_certificate(seed: int, font: str) -> None:
    _, plans, styles = plan_file(
        FileSpec(0, "certificate", "text_layer"), seed, DEFAULT_REFERENCE_DATE
    )
    style = Style(font, styles[0].layout, "numeric", "digit_group", "digit")
    pdf_bytes, pen, _ = draw_pdf(plans, [style])
    image = Image.fromarray(render_pages(pdf_bytes, 300)[0])
    assert abs(image.width - 2480) <= 1  # 300 DPI A4
    drawn = _normalise("\n".join(pen.pages[0].lines))
    read = _normalise(pytesseract.image_to_string(image, lang="rus"))
    cer = Levenshtein.distance(drawn, read) / len(drawn)
    assert cer < 0.03, (cer, read)
    assert plans[0].facts.case.person.full_name in read
