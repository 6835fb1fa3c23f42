"""Ring Road V of the Capital Region through the province — an indicative (schematic) route."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layers.base import LayerSpec, LegendEntry, Style, StyleContext, flag, status_colour

INDICATIVE_DASH = "10 7"


def style_of(props: Mapping[str, Any], ctx: StyleContext) -> Style:
    return Style(colour=status_colour(props, ctx), weight=5, dash=INDICATIVE_DASH if flag(props, "indicative", default=True) else None)


def legend(ctx: StyleContext) -> list[LegendEntry]:
    label = ("Vành đai 5 — hướng tuyến dự kiến (sơ đồ)" if ctx.lang == "vi"
             else "Ring Road V — indicative route (schematic)")
    return [LegendEntry(label, Style("#455a64", weight=5, dash=INDICATIVE_DASH), "line")]


LAYER = LayerSpec(
    id="ring_road_v",
    title_vi="Đường vành đai 5 vùng Thủ đô",
    title_en="Ring Road V (Capital Region)",
    files=("ring_road_v.geojson",),
    css_class="pm-ring-road",
    required=("id", "name", "indicative", "source", "location_precision"),
    tooltip_fields=("name", "status_label"),
    detail_fields=("name", "districts_label", "unit_2025", "length_km", "reported_length_km", "status_label",
                   "progress_pct", "source", "location_precision_label"),
    style_of=style_of,
    legend=legend,
    order=30,
)
