"""The app itself on another plan, chosen by ``PLANMAP_PLAN_DIR`` alone: its title, toggles, filters and map."""
from __future__ import annotations

import pytest

from tests.app.helpers import css_classes, drawn_ids, md_tables, page_heading, run_app
from tests.plan.conftest import HO_XANH


@pytest.fixture
def app_on_ho_xanh(monkeypatch, isolated_db):
    import streamlit as st

    from layers.registry import configure

    monkeypatch.delenv("PLANMAP_DATA_DIR", raising=False)
    monkeypatch.setenv("PLANMAP_PLAN_DIR", str(HO_XANH))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    monkeypatch.undo()
    st.cache_data.clear()
    st.cache_resource.clear()
    configure(None)  # every module back on the default plan before the next test imports anything


def test_the_app_shows_the_plan_named_by_the_environment(app_on_ho_xanh):
    at = run_app()
    assert page_heading(at) == "Bản đồ kế hoạch huyện Hồ Xanh"
    assert {c.label for c in at.sidebar.checkbox} >= {"Giếng nước", "Kênh tưới"}
    assert not any("Đô thị" in c.label for c in at.sidebar.checkbox)
    classes = css_classes(at)
    assert {"pm-well", "pm-canal"} <= classes
    assert not classes & {"pm-urban-area", "pm-industrial-zone", "pm-ring-road", "pm-railway", "pm-railway-station"}
    assert drawn_ids(at) == {"well-cay-da", "well-bai-soi", "canal-chinh", "canal-nhanh"}
    per_class = md_tables(at)["Cỡ giếng"]
    assert (per_class["Giếng lớn"], per_class["Giếng nhỏ"]) == ("1", "1")


def test_the_plan_class_filter_filters_the_plan_layer(app_on_ho_xanh):
    at = run_app()
    at.button_group(key="classes").set_value(["small"]).run()
    assert not at.exception
    assert drawn_ids(at) == {"well-bai-soi", "canal-chinh", "canal-nhanh"}
    at.query_params["lang"] = "en"
    at = run_app({"lang": "en"})
    assert page_heading(at) == "Hồ Xanh district plan map"
