"""A page whose legend cannot hold what its map drew (the province's number key, on A4) is laid out again with more
room for the legend (export.snapshot: found as soon as the labels are set): the page as printed lists every entry,
in the wider legend, and its number key is the one its map's numbers were drawn for."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from export import ExportRequest, build_scene
from export.draw import rendering
from export.snapshot import snapshot_figure
from export.symbols import NumberEntry
from progress.latest import latest_per_feature
from tests.export.conftest import REAL

pytestmark = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present yet")


@pytest.mark.parametrize("orientation, lang", [("landscape", "vi"), ("portrait", "vi"), ("landscape", "en")])
def test_an_overfull_legend_is_laid_out_again_with_every_entry(orientation, lang):
    from layers.registry import load_all
    frames = load_all(REAL)
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    scene = build_scene(frames, ExportRequest(format="pdf", paper="A4", orientation=orientation, lang=lang,
                                              as_of=date.today()).validate(),
                        latest_per_feature(reports, date.today()), reports)
    with rendering():
        fig = snapshot_figure(scene, None)
    layout = scene.legend_layout
    assert layout.unplaced == 0
    if orientation == "landscape":   # the legend column is wider than the 2.75 in of a page's first layout
        _, _, width, _ = fig.axes[-1].get_position().bounds
        assert width * fig.get_figwidth() > 2.75 + 0.5
    keys = [item.entry for item in layout.items if isinstance(item.entry, NumberEntry)]
    assert keys, "the province's A4 page numbers some places"
    numbered = scene.map_drawn.labels.numbered
    assert keys[0].label.count("\u00a0") == len(numbered)   # the key drawn is the key of the map drawn


def _scene(**kw):
    from layers.registry import load_all
    frames = load_all(REAL)
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    request = ExportRequest(format="pdf", paper="A4", as_of=date.today(), **kw).validate()
    return build_scene(frames, request, latest_per_feature(reports, date.today()), reports)


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_the_province_page_gets_its_legend_room_from_the_first_layout(orientation, monkeypatch):
    """The room the number key takes is guessed before the map is drawn (export.key_room): the province's A4 page
    is drawn once, not drawn, found overfull and drawn again."""
    from export import snapshot
    scene = _scene(orientation=orientation)
    calls = []
    real = snapshot.snapshot_figure

    def counted(*args, **kwargs):
        calls.append(kwargs.get("legend_extra", args[2] if len(args) > 2 else 0.0))
        return real(*args, **kwargs)
    monkeypatch.setattr(snapshot, "snapshot_figure", counted)
    with rendering():
        snapshot.snapshot_figure(scene, None)
    assert len(calls) == 1
    assert scene.legend_layout.unplaced == 0 and scene.map_drawn.labels.numbered


def test_a_district_page_keeps_its_one_column_legend():
    """A map with room for its names numbers few or none: the guess does not take width from its map."""
    from export.extent import district_extent
    box, label = district_extent("Kinh Môn")
    scene = _scene(orientation="landscape", extent=box, extent_label=label)
    with rendering():
        fig = snapshot_figure(scene, None)
    _, _, width, _ = fig.axes[-1].get_position().bounds
    assert width * fig.get_figwidth() == pytest.approx(2.75 * (fig.get_figwidth() * fig.get_figheight()
                                                                 / (8.27 * 11.69)) ** 0.25, abs=0.01)
    assert scene.legend_layout.unplaced == 0
