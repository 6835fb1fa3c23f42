"""Railways: the existing Hà Nội – Hải Phòng line, the new standard-gauge line and Yên Viên – Cái Lân."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layers.base import LayerSpec, LegendEntry, Style, StyleContext, flag, status_colour

INDICATIVE_DASH = "4 6"


def _is_station(props: Mapping[str, Any]) -> bool:
    line_id = props.get("line_id")
    return isinstance(line_id, str) and bool(line_id)


def style_of(props: Mapping[str, Any], ctx: StyleContext) -> Style:
    if _is_station(props):
        return Style(colour="#ffffff", fill_colour="#212121", radius=5, weight=2)
    return Style(colour=status_colour(props, ctx), weight=4, dash=INDICATIVE_DASH if flag(props, "indicative") else None)


def css_class_of(props: Mapping[str, Any]) -> str:
    return "pm-railway-station" if _is_station(props) else "pm-railway"


def legend(ctx: StyleContext) -> list[LegendEntry]:
    vi = ctx.lang != "en"
    return [
        LegendEntry("Đường sắt — nét liền: tuyến theo số liệu đo đạc" if vi else "Railway — solid: surveyed course",
                    Style("#455a64", weight=4), "line"),
        LegendEntry("Đường sắt — nét đứt: vẽ sơ đồ qua các ga/điểm mốc (màu theo tình trạng)" if vi
                    else "Railway — dashed: schematic through stations/waypoints (colour = status)",
                    Style("#455a64", weight=4, dash=INDICATIVE_DASH), "line"),
        LegendEntry("Ga đường sắt" if vi else "Railway station", Style("#ffffff", "#212121", radius=5, weight=2)),
    ]


LAYER = LayerSpec(
    id="railways",
    title_vi="Đường sắt",
    title_en="Railways",
    files=("railways.geojson", "railway_stations.geojson"),
    css_class="pm-railway",
    required=("id", "name", "source", "location_precision"),
    tooltip_fields=("name", "status_label"),
    detail_fields=("name", "program_name", "gauge", "districts_label", "unit_2025", "length_km", "status_label",
                   "progress_pct", "source", "location_precision_label"),
    style_of=style_of,
    legend=legend,
    css_class_of=css_class_of,
    order=40,
)
