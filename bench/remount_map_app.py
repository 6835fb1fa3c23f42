"""Baseline for bench/redraw.py: the plan's map as the app drew it before issue 15 — st_folium of the whole map.

Same layers, same builder, same colour switch as the app; every change gives st_folium a new
map script, so the browser remounts the map frame.
"""
import shutil
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from layers.registry import apply_status, decorate, load_all
from mapview.assets import ensure_static_assets
from mapview.build import MapOptions, build_map

HERE = Path(__file__).resolve().parent


@st.cache_resource
def _frames():
    # Streamlit serves this script's static folder: give it the app's vendored map tools too.
    shutil.copytree(HERE.parent / "static" / "vendor", HERE / "static" / "vendor", dirs_exist_ok=True)
    ensure_static_assets(HERE / "static" / "vendor")
    return {k: decorate(apply_status(v, None)) for k, v in load_all().items()}


colour = st.sidebar.radio("Tô màu đô thị theo", ["class", "status"], horizontal=True,
                          format_func={"class": "Loại đô thị", "status": "Tình trạng"}.get)
fmap = build_map(_frames(), MapOptions(colour_mode=colour), tools=True, keep_view=True)
st_folium(fmap, key="plan_map", height=640, use_container_width=True,
          returned_objects=["last_active_drawing", "all_drawings"])
