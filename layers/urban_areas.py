"""The 24 urban areas of 2030 (§III.4): size by class; colour by class, by status or by
whether the provincial plan lists them too (issue 13)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.vocab import URBAN_CLASS_RADIUS, URBAN_CLASSES
from layers.base import LayerSpec, LegendEntry, Style, StyleContext, status_colour
from layers.plan_comparison import PLAN_MATCH, match_colour

_OUTLINE = "#263238"


def style_of(props: Mapping[str, Any], ctx: StyleContext) -> Style:
    cls = props.get("urban_class") or "V"
    if ctx.colour_mode == "plan":
        fill = match_colour(props)
    elif ctx.colour_mode in ("class", "wastewater"):  # wastewater says nothing of towns: they keep their class
        fill = URBAN_CLASSES[cls].colour
    else:  # status, or the reporting cycle
        fill = status_colour(props, ctx)
    return Style(colour=_OUTLINE, fill_colour=fill, radius=URBAN_CLASS_RADIUS[cls], weight=1.5)


def legend(ctx: StyleContext) -> list[LegendEntry]:
    """Class by size (and by colour unless the map colours by status; then see the status legend).

    Compared with the provincial plan, the colour says in which list a place is; places only in the plan have
    no position in any source and are not drawn (the table under the map lists them)."""
    by_class = ctx.colour_mode in ("class", "wastewater")
    sizes = [
        LegendEntry(term.label(ctx.lang),
                    Style(_OUTLINE, term.colour if by_class else "#ffffff",
                          radius=URBAN_CLASS_RADIUS[code], weight=1.5))
        for code, term in URBAN_CLASSES.items()
    ]
    if ctx.colour_mode != "plan":
        return sizes
    not_drawn = " — không vẽ: nguồn không có vị trí" if ctx.lang != "en" else " — not drawn: no source gives a position"
    return [LegendEntry(term.label(ctx.lang) + (not_drawn if code == "plan_only" else ""),
                        Style(_OUTLINE, "#ffffff" if code == "plan_only" else term.colour, radius=6, weight=1.5))
            for code, term in PLAN_MATCH.items()] + sizes


LAYER = LayerSpec(
    id="urban_areas",
    title_vi="Đô thị đến năm 2030",
    title_en="Urban areas to 2030",
    files=("urban_areas.geojson",),
    css_class="pm-urban-area",
    required=("id", "name", "urban_class", "plan_kind", "source", "location_precision"),
    tooltip_fields=("name", "urban_class_label", "status_label"),
    detail_fields=("name", "name_in_program", "urban_class_label", "district", "plan_kind_label",
                   "unit_2025", "in_provincial_plan_label", "class_provincial_plan", "class_2026_label",
                   "recognition_decision", "status_label", "progress_pct", "source", "location_precision_label"),
    tables=("plan_in_force/legal_basis.csv",),
    style_of=style_of,
    legend=legend,
    order=10,
)
