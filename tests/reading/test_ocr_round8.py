"""Round 8, reading damaged scans: sandwich PDFs whose text layer spells words with
look-alike letters of another script, and damaged scans read through the real engine.

Pages are generated here: a 300-DPI page image drawn with PIL (DejaVu Sans) and, for a
sandwich PDF, ReportLab's invisible text (render mode 3) over it, written the way a
scanner's OCR writes it (Latin «o», «c», «e» inside Russian words, «3» for «З»).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading.files import read_bytes
from mseflow.reading.layer_check import implausible, judge_text, mend_word
from mseflow.settings import ReadingSettings

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 DPI
PT_PER_PX = 72 / 300

LINES = [
    "СПРАВКА",
    "Серия МСЭ-2023 № 0437281",
    "Фамилия, имя, отчество: Воронцова Зоя Всеволодовна",
    "Дата рождения: 14.03.1979",
    "Группа инвалидности: вторая",
    "Причина инвалидности: общее заболевание",
    "Инвалидность установлена на срок до 01.04.2027",
    "Дата выдачи: 28.03.2026",
    "Руководитель бюро подпись",
    "Заключение о нуждаемости по состоянию здоровья",
    "в отдельных видах транспорта не требуется",
    "Настоящая справка выдана для представления",
    "по месту работы и в органы социальной защиты",
]


def page_image(lines: list[str], size: int = 40) -> Image.Image:
    """The lines printed on a white 300-DPI A4 page; returns the image."""
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (PAGE_W, PAGE_H), 255)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(lines):
        draw.text((200, 250 + i * 90), text, font=font, fill=0)
    return image


def sandwich_pdf(image: Image.Image, layer_lines: list[str], size: int = 40) -> bytes:
    """A PDF page showing ``image``, with ``layer_lines`` as invisible text over its lines."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuRound8", FONT))
    buffer = io.BytesIO()
    width, height = PAGE_W * PT_PER_PX, PAGE_H * PT_PER_PX
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width, height)
    for i, text in enumerate(layer_lines):
        layer = pdf.beginText(200 * PT_PER_PX, height - (250 + i * 90 + size) * PT_PER_PX)
        layer.setTextRenderMode(3)  # invisible: what a scanner's OCR layer uses
        layer.setFont("DejaVuRound8", size * PT_PER_PX)
        layer.textLine(text)
        pdf.drawText(layer)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


SWAPS = str.maketrans({"о": "o", "с": "c", "е": "e", "а": "a", "р": "p", "З": "3"})


def scanner_layer(lines: list[str], every: int) -> list[str]:
    """The lines as a scanner's OCR writes them: every ``every``-th word with
    its look-alike letters swapped to Latin (and «З» to «3»)."""
    out, count = [], 0
    for line in lines:
        words = []
        for word in line.split():
            count += 1
            words.append(word.translate(SWAPS) if count % every == 0 else word)
        out.append(" ".join(words))
    return out


def test_mend_word_puts_look_alikes_in_the_word_s_script() -> None:
    assert mend_word("Всeволодoвна") == "Всеволодовна"
    assert mend_word("3оя") == "Зоя"
    assert mend_word("ЗАКЛЮЧЕНИE") == "ЗАКЛЮЧЕНИЕ"
    assert mend_word("cпpавка") == "справка"  # a tie goes to Cyrillic
    assert implausible(mend_word("Voronцova"))  # «ц» has no Latin twin: still mixed
    # numbers, ordinals, series and Latin words stay as printed
    assert mend_word("0437281") == "0437281"
    assert mend_word("МСЭ-2023") == "МСЭ-2023"
    assert mend_word("2-я") == "2-я"
    assert mend_word("30.03.2026г.") == "30.03.2026г."
    assert mend_word("office") == "office"


def test_a_clean_layer_is_trusted_and_a_spoilt_one_is_not() -> None:
    clean = judge_text("\n".join(LINES * 2))
    assert clean.trustworthy and clean.mended == 0 and clean.implausible == 0
    spoilt = judge_text("\n".join(scanner_layer(LINES, every=1) * 2))
    assert spoilt.mended > 0.25 * spoilt.words
    assert not spoilt.trustworthy
    foreign = judge_text("\n".join(line.replace("и", "u").replace("л", "n") for line in LINES * 2))
    assert foreign.implausible > 0 and not foreign.trustworthy


def test_sandwich_layer_with_a_few_look_alikes_is_read_mended() -> None:
    image = page_image(LINES)
    data = sandwich_pdf(image, scanner_layer(LINES, every=5))
    [page] = read_bytes(data, ReadingSettings())
    assert page.source == "text_layer"
    text = page.text
    assert "Воронцова Зоя Всеволодовна" in text
    assert "Серия МСЭ-2023 № 0437281" in text
    assert "Дата рождения: 14.03.1979" in text
    assert not any("a" <= ch.lower() <= "z" for ch in text)


def test_sandwich_layer_beyond_mending_loses_to_the_scan() -> None:
    """A layer spelling most words wrong is refused: the page's scan is read by OCR."""
    pytest.importorskip("tesserocr")
    image = page_image(LINES)
    data = sandwich_pdf(image, scanner_layer(LINES, every=1))
    [page] = read_bytes(data, ReadingSettings())
    assert page.source == "ocr"
    text = page.text
    assert "Воронцова" in text
    assert "0437281" in text
    assert "14.03.1979" in text


def test_layer_without_a_scan_is_kept_even_when_spoilt() -> None:
    """A typed PDF (no scan under the text) has nothing better to read: mended, kept."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuRound8", FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595, 842))
    for i, text in enumerate(scanner_layer(LINES, every=1)):
        pdf.setFont("DejaVuRound8", 11)
        pdf.drawString(50, 800 - 20 * i, text)
    pdf.showPage()
    pdf.save()
    [page] = read_bytes(buffer.getvalue(), ReadingSettings())
    assert page.source == "text_layer"
    assert "Воронцова Зоя Всеволодовна" in page.text
    assert np.mean([w.confidence for line in page.lines for w in line.words]) == 1.0


# --- damaged scans through the real engine -------------------------------------------------

FORM_LINES = [
    ("Серия МСЭ-2023 № 0437281", False),
    ("Фамилия, имя, отчество: Воронцова Зоя Всеволодовна", True),
    ("Дата рождения: 14.03.1979", True),
    ("Группа инвалидности: вторая", True),
    ("Дата выдачи: 28.03.2026", True),
    ("Адрес: г. Рудногорск, ул. Продольная, д. 19", True),
]


def form_page(dpi: int, underline: bool = True) -> Image.Image:
    """The form's lines at ``dpi`` (A4), each value after its label on an underline that its
    descenders («д», «р», «у») run through, as a filled-in blank prints."""
    scale = dpi / 300
    font = ImageFont.truetype(FONT, round(40 * scale))
    image = Image.new("L", (round(PAGE_W * scale), round(PAGE_H * scale)), 255)
    draw = ImageDraw.Draw(image)
    for i, (text, ruled) in enumerate(FORM_LINES):
        x, y = round(200 * scale), round((300 + i * 110) * scale)
        draw.text((x, y), text, font=font, fill=0)
        if ruled and underline:
            label, _, value = text.partition(": ")
            start = x + draw.textlength(label + ": ", font=font)
            baseline = y + font.getmetrics()[0] + round(2 * scale)
            draw.line(
                (start, baseline, image.width - x, baseline), fill=0, width=max(2, round(3 * scale))
            )
    return image


@pytest.mark.parametrize("dpi", [200, 150])
def test_underlined_form_at_low_resolution_reads_its_values(dpi: int) -> None:
    """Values on underlines (erased before OCR) on a 200- and a 150-DPI scan."""
    pytest.importorskip("tesserocr")
    buffer = io.BytesIO()
    form_page(dpi).save(buffer, format="PNG")
    [page] = read_bytes(buffer.getvalue(), ReadingSettings())
    text = page.text
    assert "Воронцова Зоя" in text
    assert "14.03.1979" in text
    assert "28.03.2026" in text
    assert "0437281" in text


def photocopy(image: Image.Image, seed: int = 8) -> Image.Image:
    """``image`` as a worn photocopy: grey paper, faded toner, toner specks, turned a
    quarter (a sheet fed sideways), at 150 DPI."""
    rng = np.random.default_rng(seed)
    small = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    pixels = np.asarray(small).astype(np.float64)
    pixels = 200 - (255 - pixels) * 0.55  # paper 200, ink ~60
    pixels += rng.normal(0, 9, pixels.shape)
    specks = rng.random(pixels.shape) < 0.004
    pixels[specks] = 40
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return out.rotate(90, expand=True)


def test_worn_sideways_photocopy_reads_its_values() -> None:
    pytest.importorskip("tesserocr")
    buffer = io.BytesIO()
    photocopy(form_page(300, underline=False)).save(buffer, format="PNG")
    [page] = read_bytes(buffer.getvalue(), ReadingSettings())
    assert page.rotation in (90, 270)
    text = page.text
    assert "Воронцова Зоя Всеволодовна" in text
    assert "14.03.1979" in text
    assert "0437281" in text


def fax_tiff(image: Image.Image, standard: bool) -> bytes:
    """``image`` sent as a fax: bilevel, CCITT G3, 204 DPI across and 98 (standard mode) or
    196 (fine mode) lines per inch down."""
    width = round(image.width * 204 / 300)
    height = round(image.height * (98 if standard else 196) / 300)
    small = image.resize((width, height), Image.Resampling.LANCZOS)
    bilevel = small.point(lambda v: 255 if v > 150 else 0).convert("1")
    buffer = io.BytesIO()
    bilevel.save(buffer, format="TIFF", compression="group3", dpi=(204, 98 if standard else 196))
    return buffer.getvalue()


@pytest.mark.parametrize("standard", [True, False])
def test_fax_pages_read_their_values(standard: bool) -> None:
    """A fax in standard mode (204×98 DPI: every letter half its height) and in fine mode."""
    pytest.importorskip("tesserocr")
    data = fax_tiff(form_page(300, underline=False), standard)
    [page] = read_bytes(data, ReadingSettings())
    text = page.text
    assert "0437281" in text
    assert "14.03.1979" in text
    assert "Воронцова" in text


def test_despeckle_touches_only_speckled_pages_and_only_their_dots() -> None:
    import cv2

    from mseflow.reading.preprocess import despeckle_gray, ink_mask

    clean = np.asarray(form_page(300))
    same, removed = despeckle_gray(clean)
    assert removed == 0 and same is clean
    worn = np.asarray(photocopy(form_page(300, underline=False)).rotate(-90, expand=True))
    worn = cv2.resize(worn, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)  # read at 300 DPI
    cleaned, removed = despeckle_gray(worn)
    assert removed > 1000

    # every letter-sized component survives: the full stops of «14.03.1979» among them
    def letters(gray: np.ndarray) -> int:
        _, _, stats, _ = cv2.connectedComponentsWithStats(ink_mask(gray), connectivity=8)
        return int(np.count_nonzero(stats[1:, cv2.CC_STAT_AREA] >= 20))

    assert letters(cleaned) >= letters(worn) - 5
