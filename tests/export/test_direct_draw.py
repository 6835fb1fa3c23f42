"""The map's areas, lines and symbols written straight to the renderer (export.direct_draw) are the page that
matplotlib's own artists draw: the same PDF and SVG bytes, the same PNG pixels.

Each page is drawn twice from one scene: as exports draw it (every layer group writing its items itself), and
with every group's artists made (``Polygon``, ``Line2D``, ``Circle``, ``RegularPolygon``, as the map was drawn
before) and drawn by matplotlib. The stacked scene has everything the direct path writes: area rings, solid and
dashed lines, circles, squares and diamonds, dashed pale symbols of approximate positions, leader lines and the
dots at true positions.
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from export import ExportRequest, build_scene
from export.direct_draw import DirectGroup
from export.draw import rendering
from export.figure import png_bytes
from export.snapshot import snapshot_figure
from progress.latest import latest_per_feature

from tests.export.conftest import TODAY

STACK = ["ua-chi-linh", "ua-luong-dien", "ua-dong-cam"]


@pytest.fixture
def stacked(frames, history):
    """The mini data with three urban areas moved onto the city's point, as placeholders (dashed, displaced)."""
    moved = {k: f.copy() for k, f in frames.items()}
    ua = moved["urban_areas"]
    for fid in STACK:
        ua.loc[fid, "geometry"] = ua.loc["ua-hai-duong", "geometry"]
        ua.loc[fid, "location_precision"] = "district centre placeholder"

    def make(**kw):
        kw.setdefault("as_of", TODAY)
        request = ExportRequest(**kw).validate(TODAY)
        return build_scene(moved, request, latest_per_feature(history, TODAY), history, made_on=TODAY)
    return make


def _groups(fig) -> list[DirectGroup]:
    return [a for ax in fig.axes for a in ax.get_children() if isinstance(a, DirectGroup)]


def _saved(fig, fmt: str) -> bytes:
    if fmt == "png":
        return png_bytes(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=fig.dpi, metadata={"Date": None} if fmt == "svg" else {"CreationDate": None})
    return buf.getvalue()


def _both(scene, fmt: str) -> tuple[bytes, bytes, list[DirectGroup]]:
    """(the page drawn directly, the page drawn by the groups' matplotlib artists, the direct groups)."""
    with rendering():
        direct_fig = snapshot_figure(scene, None)
        groups = _groups(direct_fig)
        direct = _saved(direct_fig, fmt)
        assert all(g._made is None for g in groups)  # drawn without making a single artist
        artists_fig = snapshot_figure(scene, None)
        for group in _groups(artists_fig):
            group.get_children()
        assert all(g._made is not None for g in _groups(artists_fig))
        return direct, _saved(artists_fig, fmt), groups


def _kinds(groups: list[DirectGroup]) -> set[str]:
    """What the groups hold: each artist's class, "-dot" for a marker, "-dashed" for a dashed outline or line."""
    kinds = set()
    for artist in (a for g in groups for a in g.get_children()):
        if getattr(artist, "get_marker", lambda: "None")() not in ("None", None, ""):
            kinds.add(type(artist).__name__ + "-dot")
            continue
        dashed = artist.get_linestyle() not in ("-", "solid")
        kinds.add(type(artist).__name__ + ("-dashed" if dashed else ""))
    return kinds


@pytest.mark.parametrize("fmt", ["pdf", "svg"])
@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_vector_pages_are_the_same_bytes(stacked, fmt, paper):
    direct, artists, groups = _both(stacked(format=fmt, paper=paper, dpi=300), fmt)
    kinds = _kinds(groups)
    # what the page holds: areas, lines, the three symbol shapes, placeholders dashed, leaders and their dots
    assert {"Polygon", "Line2D", "Circle", "RegularPolygon", "Circle-dashed", "Line2D-dashed", "Line2D-dot"} <= kinds, kinds
    assert {g.get_gid() for g in groups} >= {"urban_areas-points", "industrial_zones-points", "railways-lines",
                                             "industrial_zones-areas"}
    assert direct == artists


def test_png_pixels_are_the_same(stacked):
    direct, artists, _ = _both(stacked(format="png", dpi=150), "png")
    a = np.asarray(Image.open(io.BytesIO(direct)))
    b = np.asarray(Image.open(io.BytesIO(artists)))
    assert a.shape == b.shape
    assert int((a != b).any(axis=-1).sum()) == 0


def test_faint_context_layers_of_a_slide_too(stacked, monkeypatch):
    """A slide draws the other layers faint (alpha 0.25) under the chosen one: the same pixels as well."""
    from export import slides

    pictures = []
    for make_artists in (False, True):
        def saved(fig, *args, make_artists=make_artists, **kwargs):
            groups = _groups(fig)
            assert groups
            for group in groups if make_artists else ():
                group.get_children()
            assert all((g._made is not None) == make_artists for g in groups)
            return png_bytes(fig, *args, **kwargs)
        monkeypatch.setattr(slides, "png_bytes", saved)
        picture, _ = slides.map_picture(stacked(format="pptx", dpi=150), ["urban_areas"], None)
        pictures.append(np.asarray(Image.open(io.BytesIO(picture))))
    assert pictures[0].shape == pictures[1].shape
    assert int((pictures[0] != pictures[1]).any(axis=-1).sum()) == 0
