"""Leader lines stay in the map frame (walk 16, finding 12): a displaced symbol's leader to a place outside the
frame is cut at the frame and never runs through the legend or the title block — checked on the page's pixels."""
from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from export import ExportRequest, build_scene
from export.draw import rendering
from export.figure import png_bytes
from export.extent import district_extent
from export.snapshot import snapshot_figure
from progress.latest import latest_per_feature
from tests.export.conftest import REAL

pytestmark = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present yet")


def _leader_run(rgb: np.ndarray, pts: np.ndarray) -> float:
    """Share of the pixels at ``pts`` (x, y from the top) that are dark grey-blue, the leader's colour."""
    h, w, _ = rgb.shape
    hits = 0
    for x, y in pts:
        xs, ys = slice(max(0, int(x) - 1), min(w, int(x) + 2)), slice(max(0, int(y) - 1), min(h, int(y) + 2))
        patch = rgb[ys, xs].reshape(-1, 3).astype(int)
        hits += bool(((np.abs(patch - (0x45, 0x5a, 0x64)).sum(axis=1) < 90)).any())
    return hits / max(1, len(pts))


@pytest.mark.parametrize("district", ["Cẩm Giàng"])   # Hải Dương's stack, just past its frame (walk 16)
def test_leaders_end_at_the_map_frame(district):
    from layers.registry import load_all
    frames, reports = load_all(REAL), pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    extent, label = district_extent(district)
    scene = build_scene(frames, ExportRequest(format="png", as_of=date.today(), dpi=150, extent=extent,
                                              extent_label=label).validate(),
                        latest_per_feature(reports, date.today()), reports)
    import export.snapshot as snap
    seen = {}
    original = snap.draw_map

    def spy(*a, **kw):   # what the page's map drew: its axes and its marks
        seen["drawn"] = d = original(*a, **kw)
        seen["ax"] = a[0]
        return d
    snap.draw_map = spy
    try:
        with rendering():
            fig = snapshot_figure(scene, None)
            rgb = np.asarray(Image.open(io.BytesIO(png_bytes(fig))).convert("RGB"))
    finally:
        snap.draw_map = original
    ax, drawn = seen["ax"], seen["drawn"]
    k = 72.0 / fig.dpi
    (fx0, fy0), (fx1, fy1) = ax.transAxes.transform([(0, 0), (1, 1)])
    height = rgb.shape[0]
    outside = 0
    for m in drawn.marks:
        if not m.displaced:
            continue
        kpu = (ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]) * k   # points per metre
        a = ax.transData.transform((m.x, m.y))
        b = ax.transData.transform((m.x + m.dx_pt / kpu, m.y + m.dy_pt / kpu))
        t = np.linspace(0, 1, 60)
        seg = a[None, :] + (b - a)[None, :] * t[:, None]
        out = seg[(seg[:, 0] < fx0 - 3) | (seg[:, 0] > fx1 + 3) | (seg[:, 1] < fy0 - 3) | (seg[:, 1] > fy1 + 3)]
        if len(out) < 5:
            continue
        outside += 1
        pts = np.column_stack([out[:, 0], height - out[:, 1]])
        assert _leader_run(rgb, pts) < 0.5, (district, m.name)
    assert outside, "no leader reaches past this district's frame: the test shows nothing"
