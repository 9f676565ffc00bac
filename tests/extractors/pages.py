"""Build :class:`PageText` from hand-written lines (fake but consistent boxes).

A line starting with ``[x] `` or ``[ ] `` gets a tick box (ticked / empty) just
left of its first word, as the IPRA form prints its work-block items; a line
starting with ``... `` is indented like such a label (a wrapped item).
"""

from __future__ import annotations

from collections.abc import Sequence

from mseflow.reading.page import Checkbox, Line, PageSource, PageText, Word

CHAR_W = 6.0
LINE_H = 20.0
LEFT = 40.0
BOX = 9.0


def words_at(text: str, x: float, y: float, confidence: float = 1.0) -> tuple[Word, ...]:
    """The words of ``text`` from ``x`` on the line at ``y``, :data:`CHAR_W` per character."""
    out = []
    for token in text.split():
        width = CHAR_W * len(token)
        out.append(Word(token, (x, y, x + width, y + 12), confidence))
        x += width + CHAR_W
    return tuple(out)


def make_page(
    lines: Sequence[str],
    number: int = 1,
    source: PageSource = "text_layer",
    confidence: float = 1.0,
) -> PageText:
    """One page with ``lines`` top to bottom."""
    page = PageText(number=number, source=source, width=595, height=842)
    for i, text in enumerate(lines):
        y = 40 + i * LINE_H
        x = LEFT
        if text.startswith(("[x] ", "[ ] ")):
            page.checkboxes.append(Checkbox((x, y + 1, x + BOX, y + 1 + BOX), text[1] == "x"))
            text, x = text[4:], x + BOX + 6
        elif text.startswith("... "):
            text, x = text[4:], x + BOX + 6
        words = words_at(text, x, y, confidence)
        if words:
            page.lines.append(Line(words))
    return page


def make_unsure_page(
    lines: Sequence[str], source: PageSource, unsure: dict[str, float]
) -> PageText:
    """``lines`` top to bottom; a word named in ``unsure`` gets that OCR confidence."""
    page = make_page(lines, source=source)
    page.lines = []
    for i, text in enumerate(lines):
        words = words_at(text, LEFT, 40 + i * LINE_H)
        page.lines.append(
            Line(tuple(Word(w.text, w.bbox, unsure.get(w.text, w.confidence)) for w in words))
        )
    return page


def make_pages(*pages: Sequence[str], source: PageSource = "text_layer") -> list[PageText]:
    """Several pages numbered from 1."""
    return [make_page(lines, i + 1, source) for i, lines in enumerate(pages)]


def render_tiff(*pages: Sequence[str], font_size: int = 34) -> bytes:
    """The same line syntax drawn on 300-DPI A4 pages, as one multi-page TIFF (for OCR)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", font_size)
    images = []
    for lines in pages:
        image = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(image)
        for i, text in enumerate(lines):
            x, y = 150, 150 + i * 70
            if text.startswith(("[x] ", "[ ] ")):
                draw.rectangle((x, y + 4, x + 38, y + 42), outline=0, width=4)
                if text[1] == "x":
                    draw.line((x + 6, y + 10, x + 32, y + 36), fill=0, width=4)
                    draw.line((x + 6, y + 36, x + 32, y + 10), fill=0, width=4)
            if text.startswith(("[x] ", "[ ] ", "... ")):
                text, x = text[4:], x + 60
            draw.text((x, y), text, font=font, fill=0)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:])
    return buffer.getvalue()
