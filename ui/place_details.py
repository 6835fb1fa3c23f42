"""The details of the place selected on the map page: what the plan says of it, where it stands (the store).

Drawn by the map page's filtered part (ui/map_page.py), so that a place a filter hides closes its details in
the same run that takes it off the map.
"""
from __future__ import annotations

import numbers
from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from core.i18n import STRINGS, format_number, format_percent, t
from core.text import md_escape, source_shown
from core.vocab import is_approximate
from layers.base import flag, indicative_notice
from layers.query import colocated
from layers.registry import get_layer
from ui import progress_details
from ui.facts import show_facts
from ui.selection import select

# Detail fields whose label is another interface string.
FIELD_LABELS = {"program_name": "name_in_program", "districts_label": "districts"}


def _field_label(field: str, lang: str, row: pd.Series | None = None) -> str:
    """A detail's label: the field's own words when it has them (``in_provincial_plan_label`` is "Quy hoạch
    tỉnh…", while ``in_provincial_plan`` has none and showed as itself), else the words of the field it labels.
    A point's districts are where it is ("Huyện (2023)"), not what it runs through (a line's)."""
    if field == "districts_label" and row is not None and getattr(row.get("geometry"), "geom_type", None) == "Point":
        return t("district", lang)
    key = FIELD_LABELS.get(field) or (field if field in STRINGS else field.removesuffix("_label"))
    return t(key, lang)


def find(frames: dict[str, gpd.GeoDataFrame], feature_id: str | None) -> tuple:
    """The layer and the row of ``feature_id`` among ``frames`` ((None, None) when it is not there: hidden)."""
    if not feature_id:
        return None, None
    for layer_id, frame in frames.items():
        if feature_id in frame.index:
            return get_layer(layer_id), frame.loc[feature_id]
    return None, None


def value_text(field: str, row: pd.Series, lang: str) -> str | None:
    """A field's value as the reader writes it (numbers, units, the source's mark), or None to leave it out."""
    value = row.get(field)
    if field == "length_km":
        return f"{format_number(value, lang, 1)} km" if row.get("placed") and value else None
    if field == "area_ha":
        return t("unknown", lang) if value is None or pd.isna(value) else f"{format_number(value, lang)} ha"
    if field == "progress_pct":
        return None if value is None or pd.isna(value) else format_percent(value, lang)
    if field == "reported_length_km":  # the unit in the value, as beside it: "52,7 km"
        return None if value is None or pd.isna(value) else f"{format_number(value, lang, 2, trim=True)} km"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):  # numbers as the reader writes them
        return None if pd.isna(value) else format_number(value, lang, 2, trim=True)
    if field == "source" and isinstance(value, str):  # the weak-source mark in the reader's language only
        return source_shown(value, lang) or None
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or None
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def details(frames: dict[str, gpd.GeoDataFrame], lang: str, as_of: date | None) -> None:
    """The selected place (``selected`` in the session) among the places ``frames`` show, or how to pick one."""
    st.subheader(t("details", lang))
    spec, row = find(frames, st.session_state.get("selected"))
    if row is None:
        st.caption(t("click_hint", lang))
        return
    st.markdown(f"**{md_escape(str(row['name']))}**  \n{md_escape(spec.title(lang))}")
    if not flag(row, "placed"):
        st.warning(t("not_placed", lang) + " — " + t("not_identified", lang))
    if notice := indicative_notice(row):
        st.info(t(notice, lang))
    rows = []
    for field in spec.detail_fields:
        if field in ("name", "status_label", "progress_pct"):  # status is shown from the store below
            continue
        text = value_text(field, row, lang)
        if text:
            rows.append((_field_label(field, lang, row), text))
    show_facts(rows)
    others = colocated(frames, str(row["id"]))
    if others:
        st.caption(t("same_spot", lang, n=len(others) + 1)
                   + (" " + t("same_spot_placeholder", lang) if is_approximate(row.get("location_precision")) else ""))
        for layer_id, fid, name in others:
            st.button(f"{name} — {get_layer(layer_id).title(lang)}", key=f"same_spot_{fid}", on_click=select,
                      args=(fid,))
    progress_details.render(str(row["id"]), lang, as_of)
