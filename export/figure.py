"""Pages as files: a figure made without pyplot, and its PNG as the exports write it."""
from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from export.png_write import png_of


def png_bytes(fig: Figure, metadata: dict[str, str] | None = None) -> bytes:
    """``fig`` as PNG at its own dpi, as ``savefig(format="png")`` draws it; an opaque page is written as RGB.

    matplotlib always writes RGBA; a page on a white ground has no transparency to keep, and the deflate
    passes over a quarter fewer bytes (the picture's pixels are the same). Written by export.png_write, in
    under half the time Pillow takes to filter and deflate the same pixels."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    pixels = rgba[..., :3] if rgba[..., 3].min() == 255 else rgba
    text = {"Software": f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/", **(metadata or {})}
    return png_of(pixels, fig.dpi, text)


def new_figure(size_in: tuple[float, float], dpi: int = 100) -> Figure:
    """A figure that needs no GUI and no pyplot state (safe in threads and servers)."""
    fig = Figure(figsize=size_in, dpi=dpi)
    fig.patch.set_facecolor("white")
    return fig


def page_scale(size_in: tuple[float, float]) -> float:
    """Type scale relative to A4: A3 sets larger type (√√2 ≈ 1.19, not √2), so its extra paper shows
    more of the map and more labels instead of an A4 blown up."""
    return ((size_in[0] * size_in[1]) / (8.27 * 11.69)) ** 0.25
