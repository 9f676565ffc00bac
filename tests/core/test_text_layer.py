"""pypdfium2's character boxes give the same words, lines and tick boxes as pdfplumber."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from mseflow.fixtures import generate
from mseflow.reading.text_layer import read_text_layer_page

from .drawing import FONT, LINES, text_layer_pdf

SAMPLES = Path(__file__).parents[2] / "fixtures" / "sample" / "documents"


def _both(data: bytes):
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for index, page in enumerate(plumber.pages):
            yield read_text_layer_page(page, index + 1), read_text_layer_page(page, index + 1, data)


def _assert_same(data: bytes) -> int:
    compared = 0
    for reference, fast in _both(data):
        assert [line.text for line in fast.lines] == [line.text for line in reference.lines]
        for ref_line, fast_line in zip(reference.lines, fast.lines, strict=True):
            for a, b in zip(ref_line.words, fast_line.words, strict=True):
                assert max(abs(x - y) for x, y in zip(a.bbox, b.bbox, strict=True)) < 2.0
        assert [(c.checked, [round(v, 1) for v in c.bbox]) for c in fast.checkboxes] == [
            (c.checked, [round(v, 1) for v in c.bbox]) for c in reference.checkboxes
        ]
        assert (fast.width, fast.height) == pytest.approx((reference.width, reference.height))
        compared += bool(reference.lines)
    return compared


@pytest.mark.parametrize(
    "name", ["certificate-text.pdf", "ipra-text.pdf", "other-leave-request.pdf"]
)
def test_same_reading_on_the_sample_documents(name: str) -> None:
    assert _assert_same((SAMPLES / name).read_bytes()) >= 1


def test_same_reading_on_generated_text_layer_pdfs(tmp_path: Path) -> None:
    generate(6, 41, tmp_path, kinds=["text_layer"])
    pages = sum(_assert_same(path.read_bytes()) for path in sorted(tmp_path.glob("*.pdf")))
    assert pages >= 6


def test_drawn_page_lines_and_ticks() -> None:
    data = text_layer_pdf()
    assert _assert_same(data) == 1
    ((_, fast),) = _both(data)
    assert [line.text for line in fast.lines[:4]] == LINES
    assert [cb.checked for cb in fast.checkboxes] == [True, False]


def test_chromium_pdf_keeps_its_word_breaks(tmp_path: Path) -> None:
    """Chromium positions words without space glyphs; pdfium's generated spaces split them."""
    import subprocess
    import sys

    from mseflow.fixtures.family3.render import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    html = (
        "<html><body style='font: 11pt serif'><p>Бюро медико-социальной экспертизы № 27"
        " смешанного профиля</p><p>Дата выдачи 01.02.2024 г.</p></body></html>"
    )
    target = tmp_path / "page.pdf"
    code = (  # printed in a child, as tests/fixtures_gen/test_family3.py draws its sets
        "import sys\nfrom pathlib import Path\n"
        "from mseflow.fixtures.family3.render import Printer\n"
        "with Printer() as p:\n    Path(sys.argv[2]).write_bytes(p.pdf(sys.argv[1]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, html, str(target)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = target.read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        page = read_text_layer_page(plumber.pages[0], 1, data)
    assert [line.text for line in page.lines] == [
        "Бюро медико-социальной экспертизы № 27 смешанного профиля",
        "Дата выдачи 01.02.2024 г.",
    ]


def _hyphenated_pdf() -> bytes:
    """Lines that end with a hyphen, as a bureau's name wraps («по Ямало-» / «Ненецкому …»)."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("DejaVu", 11)
    rows = ["ФКУ «ГБ МСЭ по Ямало-", "Ненецкому автономному округу» Минтруда России, филиал-",
            "бюро № 15 медико-социальной экспертизы"]  # fmt: skip
    for i, text in enumerate(rows):
        pdf.drawString(50, 780 - i * 20, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_hyphen_that_ends_a_line_is_read_as_the_hyphen() -> None:
    """pdfium reports a line-final hyphen as its marker U+0002: the reading gives «-»."""
    data = _hyphenated_pdf()
    assert _assert_same(data) == 1
    (page,) = [fast for _reference, fast in _both(data)]
    assert [line.text for line in page.lines][:2] == [
        "ФКУ «ГБ МСЭ по Ямало-",
        "Ненецкому автономному округу» Минтруда России, филиал-",
    ]
