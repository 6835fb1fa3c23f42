"""The 24 urban areas of 2030 (§III.4): size by class; colour by class or by status."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.vocab import URBAN_CLASS_RADIUS, URBAN_CLASSES
from layers.base import LayerSpec, LegendEntry, Style, StyleContext, status_colour

_OUTLINE = "#263238"


def style_of(props: Mapping[str, Any], ctx: StyleContext) -> Style:
    cls = props.get("urban_class") or "V"
    fill = URBAN_CLASSES[cls].colour if ctx.colour_mode == "class" else status_colour(props, ctx)
    return Style(colour=_OUTLINE, fill_colour=fill, radius=URBAN_CLASS_RADIUS[cls], weight=1.5)


def legend(ctx: StyleContext) -> list[LegendEntry]:
    """Class by size (and by colour unless the map colours by status; then see the status legend)."""
    return [
        LegendEntry(term.label(ctx.lang),
                    Style(_OUTLINE, term.colour if ctx.colour_mode == "class" else "#ffffff",
                          radius=URBAN_CLASS_RADIUS[code], weight=1.5))
        for code, term in URBAN_CLASSES.items()
    ]


LAYER = LayerSpec(
    id="urban_areas",
    title_vi="Đô thị đến năm 2030",
    title_en="Urban areas to 2030",
    files=("urban_areas.geojson",),
    css_class="pm-urban-area",
    required=("id", "name", "urban_class", "plan_kind", "source", "location_precision"),
    tooltip_fields=("name", "urban_class_label", "status_label"),
    detail_fields=("name", "name_in_program", "urban_class_label", "district", "plan_kind_label",
                   "unit_2025", "status_label", "progress_pct", "source", "location_precision_label"),
    style_of=style_of,
    legend=legend,
    order=10,
)
