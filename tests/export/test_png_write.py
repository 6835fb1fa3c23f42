"""The PNG a page is written as opens in Pillow and libpng readers with the canvas's pixels, its dpi and its text."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from export.png_write import png_of


@pytest.mark.parametrize("channels, mode", [(3, "RGB"), (4, "RGBA")])
def test_pixels_dpi_and_vietnamese_text_read_back(channels, mode):
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(37, 53, channels), dtype=np.uint8)
    data = png_of(pixels, 300.0, {"Title": "Bản đồ quy hoạch Hải Dương 2030", "Software": "planmap"})
    Image.open(io.BytesIO(data)).verify()   # every chunk's CRC
    image = Image.open(io.BytesIO(data))
    assert image.mode == mode
    assert np.array_equal(np.asarray(image), pixels)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.05)
    assert image.info["Title"] == "Bản đồ quy hoạch Hải Dương 2030"
    assert image.info["Software"] == "planmap"


def test_a_view_of_the_canvas_is_written_as_its_pixels():
    """The page's RGB is a strided view of the canvas's RGBA: written as the picture, not as its memory."""
    rgba = np.zeros((4, 5, 4), dtype=np.uint8)
    rgba[..., 0], rgba[..., 1], rgba[..., 2], rgba[..., 3] = 10, 20, 30, 255
    image = Image.open(io.BytesIO(png_of(rgba[..., :3], 72.0, {})))
    assert np.asarray(image).tolist() == [[[10, 20, 30]] * 5] * 4
