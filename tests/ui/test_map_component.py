"""The map sent as a frame that stays mounted plus the plan's layers swapped inside it (ui/map_component.py)."""
from __future__ import annotations

import re

import pytest
import streamlit_folium as sf

from layers.query import ViewFilter, apply_view
from layers.registry import apply_status, decorate, load_all
from mapview.build import MapOptions, build_map
from mapview.dynamic import detach_dynamic
from mapview.raw_render import unindented
from ui.map_component import render_map

KEY = "plan_map"
RETURNS = ("last_active_drawing", "all_drawings")


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    from tests.conftest import MINI_DATA

    return {k: decorate(apply_status(v, None)) for k, v in load_all(MINI_DATA).items()}


def _map(frames, **options):
    return build_map(frames, MapOptions(**options), tools=True, keep_view=True)


def _ids(js: str) -> set[str]:
    return set(re.findall(r'"id": "([a-z0-9-]+)", "properties"', js))


def _sent_by_st_folium(frames, monkeypatch) -> dict:
    """What ``st_folium`` itself gives its component for the same map (its plan's layers detached)."""
    sent = {}
    monkeypatch.setattr(sf, "_component_func", lambda **kwargs: sent.update(kwargs))
    plain = _map(frames)
    detach_dynamic(plain)
    sf.st_folium(plain, key=KEY, height=640, use_container_width=True, returned_objects=list(RETURNS))
    return sent


def test_frame_is_what_st_folium_sends_for_the_same_map(frames, monkeypatch):
    sent = _sent_by_st_folium(frames, monkeypatch)
    rendered = render_map(_map(frames), KEY, RETURNS)
    ours = dict(rendered.frame)
    # ours goes out without the templates' indentation (a tenth of the map's code), otherwise the same
    script = unindented(sent.pop("script"))
    assert ours.pop("script") == script and rendered.identity == sf.generate_js_hash(script, KEY, False)
    ours.pop("header"), sent.pop("header")  # ours also has the legend's and tooltips' CSS (tested below)
    for name in ("key", "zoom", "center", "feature_group", "on_change"):
        sent.pop(name)
    assert ours.pop("css_links") == [] and sent.pop("css_links")  # ours are inline (the next test)
    assert ours == sent


def test_the_map_code_goes_out_without_its_templates_indentation(frames):
    rendered = render_map(_map(frames), KEY, RETURNS)
    for code in (rendered.frame["script"], rendered.layers_js):
        lines = code.split("\n")
        assert len(lines) > 50 and not [line for line in lines if line[:1].isspace()]


def test_the_stylesheets_st_folium_would_link_travel_inside_the_frame(frames, monkeypatch):
    """Each stylesheet st_folium links is in the frame's header instead, its images pointed at where they are served."""
    sent = _sent_by_st_folium(frames, monkeypatch)
    header = render_map(_map(frames), KEY, RETURNS).frame["header"]
    from mapview.assets import local_path_for

    assert len(sent["css_links"]) == 3
    for url in sent["css_links"]:
        first_rule = local_path_for(url).read_text(encoding="utf-8").split("{", 1)[0].strip().splitlines()[-1]
        assert first_rule in header, url
    assert "url(/app/static/vendor/leaflet/images/layers.png)" in header
    assert "url(images/" not in header and "<link" not in header


def test_frame_header_keeps_the_legend_style(frames):
    assert ".pm-legend" in render_map(_map(frames), KEY, RETURNS).frame["header"]


def test_plan_layers_and_legend_travel_outside_the_frame(frames):
    rendered = render_map(_map(frames), KEY, RETURNS)
    placed = {str(fid) for frame in frames.values() for fid in frame.index[frame.geometry.notna()]}
    assert _ids(rendered.layers_js) == placed
    assert not _ids(rendered.frame["script"])
    assert "pm-legend" in rendered.layers_js and "pm-legend" not in rendered.frame["script"]


def test_restyling_or_filtering_keeps_the_mounted_map_but_a_language_change_does_not(frames):
    base = render_map(_map(frames), KEY, RETURNS)
    by_status = render_map(_map(frames, colour_mode="status"), KEY, RETURNS)
    only_class_i = render_map(_map(apply_view(frames, ViewFilter(classes=("I",)))), KEY, RETURNS)
    english = render_map(_map(frames, lang="en"), KEY, RETURNS)
    assert base.identity == by_status.identity == only_class_i.identity
    assert len({base.layers_js, by_status.layers_js, only_class_i.layers_js}) == 3
    assert _ids(only_class_i.layers_js) < _ids(base.layers_js)
    assert english.identity != base.identity
