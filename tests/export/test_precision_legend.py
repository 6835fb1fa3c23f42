"""The print legend explains exactly the precision outlines the map draws (walk 16, finding 3): a grade's entry
is there when, and only when, a point of that grade is drawn, and its symbol has the map's dash pattern."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.vocab import precision_grade
from export import ExportRequest, build_scene
from export.draw import rendering
from export.extent import district_extent
from export.snapshot import snapshot_figure
from layers.symbols import PRECISION_LABELS
from progress.latest import latest_per_feature
from tests.export.conftest import REAL

pytestmark = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present yet")


@pytest.fixture(scope="module")
def real():
    from layers.registry import load_all
    return load_all(REAL), pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})


def _drawn(real, **kw):
    """(grades of the points the map draws, legend labels, map outline dash patterns, legend dash patterns)."""
    frames, reports = real
    scene = build_scene(frames, ExportRequest(format="pdf", as_of=date.today(), **kw).validate(),
                        latest_per_feature(reports, date.today()), reports)
    with rendering():
        fig = snapshot_figure(scene, None)
        texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_position")))
        map_ax = next(ax for ax in fig.axes if any((a.get_gid() or "").endswith("-points") for a in ax.get_children()))
        grades, map_dashes, legend_dashes = set(), set(), set()
        for group in map_ax.get_children():
            gid = group.get_gid() or ""
            if not gid.endswith("-points"):
                continue
            layer = gid.removesuffix("-points")
            placed = scene.placed(layer)
            inside = placed[placed.geometry.geom_type == "Point"]
            grades |= {precision_grade(p) for p in inside["location_precision"]} if len(inside) else set()
            for p in group.get_children():
                if hasattr(p, "_unscaled_dash_pattern") and p._unscaled_dash_pattern[1]:
                    map_dashes.add(tuple(round(v, 3) for v in p._unscaled_dash_pattern[1]))
        for ax in fig.axes:
            if ax is map_ax:
                continue
            for p in ax.findobj(lambda a: a.__class__.__name__ in ("Circle", "Polygon", "RegularPolygon")):
                if p._unscaled_dash_pattern[1]:
                    legend_dashes.add(tuple(round(v, 3) for v in p._unscaled_dash_pattern[1]))
    return grades, texts, map_dashes, legend_dashes


@pytest.mark.parametrize("where", [None, "Chí Linh", "Tứ Kỳ"])
def test_legend_entries_are_the_grades_the_map_draws(real, where):
    kw = {}
    if where:
        extent, label = district_extent(where)
        kw = {"extent": extent, "extent_label": label}
    grades, texts, map_dashes, legend_dashes = _drawn(real, **kw)
    for grade, label in PRECISION_LABELS.items():
        assert (label.get("vi") in texts) == (grade in grades), (where, grade)
    # the legend's precision symbols carry the very dash patterns of the map's symbols
    assert map_dashes <= legend_dashes | set(), (map_dashes, legend_dashes)
    if where is None:
        assert {"approximate", "placeholder"} <= grades   # the province: both, and both explained


def test_a_district_without_placeholders_has_no_placeholder_entry(real):
    extent, label = district_extent("Chí Linh")
    grades, texts, _, _ = _drawn(real, extent=extent, extent_label=label)
    assert "placeholder" not in grades and PRECISION_LABELS["placeholder"].get("vi") not in texts
