"""Baseline for bench/time_to_map.py: the same features on a bare streamlit-folium page.

Deliberately plain: one folium.GeoJson per data file, default options, circle
markers for points. Only Leaflet is pointed at the local copy, because with no
internet folium's CDN links would keep the baseline from ever drawing.
"""
import json
import os
from pathlib import Path

import folium
from streamlit_folium import st_folium

from mapview.assets import ensure_static_assets, leaflet_css, leaflet_js

ensure_static_assets(Path(__file__).resolve().parent / "static" / "vendor")  # this script's static dir
data_dir = Path(os.environ.get("PLANMAP_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))
m = folium.Map(location=[20.94, 106.36], zoom_start=10, tiles=None)
m.default_js, m.default_css = leaflet_js(), leaflet_css()
for path in sorted(data_dir.glob("*.geojson")):
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"] if f.get("geometry")]
    folium.GeoJson(data, marker=folium.CircleMarker(radius=6), name=path.stem).add_to(m)
st_folium(m, height=640, use_container_width=True)
