"""Read PDF pages that carry a text layer, with pdfplumber.

Boxes are in PDF points, origin top-left (pdfplumber's ``top``/``bottom``).
Tick boxes are found among the vector rectangles: a small square is a box, and
it is ticked when vector lines or curves are drawn inside it (env-notes trap 14).
"""

from __future__ import annotations

from typing import Any

from mseflow.reading.lines import group_words_into_lines
from mseflow.reading.page import Checkbox, PageText, Word

BOX_MIN_PT = 5.0
BOX_MAX_PT = 16.0


def count_letters(text: str) -> int:
    """Count alphabetic characters (what makes a text layer worth reading).

    >>> count_letters("Справка № 12")
    7
    """
    return sum(ch.isalpha() for ch in text)


def read_text_layer_page(page: Any, number: int) -> PageText:
    """Turn one ``pdfplumber`` page into a :class:`PageText` of source ``text_layer``."""
    words = [
        Word(w["text"], (float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]
    return PageText(
        number=number,
        source="text_layer",
        width=float(page.width),
        height=float(page.height),
        lines=group_words_into_lines(words),
        checkboxes=find_vector_checkboxes(page),
    )


def find_vector_checkboxes(page: Any) -> list[Checkbox]:
    """Return the square tick boxes drawn as vector rectangles on ``page``."""
    marks = [_centre(obj) for obj in [*page.lines, *page.curves]]
    boxes: list[Checkbox] = []
    for rect in page.rects:
        width, height = float(rect["width"]), float(rect["height"])
        if not (BOX_MIN_PT <= width <= BOX_MAX_PT and abs(width - height) <= 0.2 * width):
            continue
        bbox = (float(rect["x0"]), float(rect["top"]), float(rect["x1"]), float(rect["bottom"]))
        ticked = any(_inside(point, bbox) for point in marks) or filled_dark(rect)
        boxes.append(Checkbox(bbox=bbox, checked=ticked))
    return boxes


def filled_dark(rect: dict[str, Any]) -> bool:
    """A box filled with a dark colour (a ■ mark drawn as a filled square) is ticked.

    >>> filled_dark({"fill": True, "non_stroking_color": (0.0, 0.0, 0.0)})
    True
    >>> filled_dark({"fill": True, "non_stroking_color": (1.0, 1.0, 1.0)})
    False
    """
    if not rect.get("fill"):
        return False
    color = rect.get("non_stroking_color")
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    numbers = [float(v) for v in values if isinstance(v, (int, float))]
    if not numbers:
        return False
    if len(numbers) == 4:  # CMYK: dark when K (or the sum of inks) is high
        return numbers[3] >= 0.6 or sum(numbers[:3]) >= 2.4
    return sum(numbers) / len(numbers) <= 0.4


def _centre(obj: dict[str, Any]) -> tuple[float, float]:
    return (
        (float(obj["x0"]) + float(obj["x1"])) / 2,
        (float(obj["top"]) + float(obj["bottom"])) / 2,
    )


def _inside(point: tuple[float, float], bbox: tuple[float, float, float, float]) -> bool:
    x, y = point
    return bbox[0] < x < bbox[2] and bbox[1] < y < bbox[3]
