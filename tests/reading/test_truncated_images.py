"""A cut scan is refused whatever another library set: WeasyPrint (the family 7 generator's
renderer) sets Pillow's process-wide ``ImageFile.LOAD_TRUNCATED_IMAGES`` on import, which
would make a truncated TIFF page decode half-blank instead of becoming ``unreadable``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import ImageFile

from mseflow.errors import UnreadableInputError
from mseflow.reading.files import page_image, plan_pages
from mseflow.settings import ReadingSettings

from ..flows.documents import tiff_with_a_broken_second_page


@pytest.fixture
def lenient_pillow() -> Iterator[None]:
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    yield
    ImageFile.LOAD_TRUNCATED_IMAGES = before


def test_a_truncated_page_is_refused_even_when_pillow_was_told_to_be_lenient(
    lenient_pillow: None,
) -> None:
    settings = ReadingSettings()
    data = tiff_with_a_broken_second_page()
    plan = plan_pages(data, settings)
    assert page_image(data, plan, 0, settings).size[0] > 0
    with pytest.raises(UnreadableInputError, match="cannot decode"):
        page_image(data, plan, 1, settings)


def test_the_family7_renderer_leaves_pillow_as_it_found_it(tmp_path) -> None:
    from mseflow.fixtures.family7 import writer

    writer._pdf(["<p>Справка</p>"])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
