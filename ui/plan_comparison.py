"""Under the map, when it is coloured against the provincial plan: the table of differences, downloadable."""
from __future__ import annotations

import geopandas as gpd
import streamlit as st

from core.clock import today_vn
from core.i18n import t
from layers.plan_comparison import PLAN_MATCH, comparison_table, counts, for_people, read_plan
from layers.registry import configured_data_dir, layer_for_mode
from progress import export_csv, export_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render(frames: dict[str, gpd.GeoDataFrame], lang: str) -> None:
    """The program's urban areas against the provincial plan's: counts, the table, CSV and XLSX."""
    st.subheader(t("plan_comparison_title", lang))
    spec = layer_for_mode("plan")  # the layer coloured against the provincial plan
    if spec is None or spec.id not in frames:
        return
    table = comparison_table(frames[spec.id], read_plan(configured_data_dir()), lang)
    found = counts(table)
    st.caption(t("plan_comparison_note", lang).format(
        counts="; ".join(f"{PLAN_MATCH[code].label(lang)}: {n}" for code, n in found.items())))
    people = for_people(table, lang)
    st.dataframe(people, hide_index=True, width="stretch", key="plan_comparison_table",
                 column_config={people.columns[-1]: st.column_config.LinkColumn(people.columns[-1])})
    stamp = today_vn().isoformat()
    left, right = st.columns(2)
    left.download_button(t("download_csv", lang), export_csv(people), file_name=f"so-sanh-quy-hoach-tinh-{stamp}.csv",
                         mime="text/csv", key="plan_comparison_csv", on_click="ignore")
    right.download_button(t("download_xlsx", lang), export_xlsx(people, t("plan_comparison_sheet", lang)),
                          file_name=f"so-sanh-quy-hoach-tinh-{stamp}.xlsx", mime=XLSX_MIME,
                          key="plan_comparison_xlsx", on_click="ignore")
