"""Symbol rules shared by every layer and every map: what a point's look says about its position and size.

One meaning per visual channel: colour stays the class or status; the outline says how exact the position is
(solid: exact, dashed: approximate, dotted and nearly hollow: placeholder); the size of an industrial zone's circle says its area.
The web map and the printed exports read the same rules, so a symbol means the same everywhere.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from core.bilingual import Text
from core.i18n import format_number
from core.vocab import precision_grade
from layers.base import LegendEntry, Style

# The outline of a point says its precision grade (core.vocab.precision_grade), on the web and on paper alike:
# solid — exact; dashed — approximate; dotted and nearly hollow — placeholder. Patterns are SVG dash arrays in
# pixels with round line ends (Leaflet's), so the dotted one is dots of the line's width.
PRECISION_DASH = {"approximate": "5 5", "placeholder": "0.1 4"}
PRECISION_FILL_OPACITY = {"approximate": 0.55, "placeholder": 0.2}
PRECISION_OUTLINE = "#263238"   # dark on every fill (a station's white outline would vanish on paper)
APPROXIMATE_WEIGHT = 2
APPROXIMATE_DASH = PRECISION_DASH["placeholder"]
# Proportional symbols: the circle's *area* grows with the zone's area (r = k·√ha), so a zone
# twice as big looks twice as big; 150 ha → r ≈ 7 px, 400 ha → r ≈ 12 px.
RADIUS_PER_SQRT_HA = 0.6
MIN_PROPORTIONAL_RADIUS = 5
UNKNOWN_AREA_RADIUS = 4   # smaller than any known zone: it claims no size
SIZE_LEGEND_HA = (100, 200, 400)
_NEUTRAL = "#607d8b"


def precision_style(style: Style, grade: str) -> Style:
    """``style`` of a point drawn at precision ``grade``: unchanged when exact; else the dark dashed (approximate)
    or dotted (placeholder) outline, the fill kept in the class or status colour, paler the less is known."""
    if grade not in PRECISION_DASH:
        return style
    return Style(colour=PRECISION_OUTLINE, fill_colour=style.fill_colour or style.colour, radius=style.radius,
                 weight=APPROXIMATE_WEIGHT, dash=PRECISION_DASH[grade], opacity=1.0,
                 fill_opacity=PRECISION_FILL_OPACITY[grade])


def approximate_style(style: Style) -> Style:
    """The dotted, nearly hollow outline of a point whose position is a placeholder."""
    return precision_style(style, "placeholder")


def point_grade(style: Style, props: Mapping[str, Any]) -> str:
    """The precision grade a feature drawn in ``style`` shows: only points (a radius) show one."""
    return precision_grade(props.get("location_precision")) if style.radius else "exact"


def honest_style(style: Style, props: Mapping[str, Any]) -> Style:
    """``style`` as drawn: points not at an exact position get the outline of their precision grade."""
    return precision_style(style, point_grade(style, props))


PRECISION_LABELS = {
    "approximate": Text("Vị trí gần đúng (viền nét đứt: trung tâm xã/đơn vị)",
                        "Approximate position (dashed outline: commune/unit centre)"),
    "placeholder": Text("Vị trí tạm đặt (viền chấm: chưa có vị trí thật)",
                        "Placeholder position (dotted outline: real position unknown)"),
}
APPROXIMATE = PRECISION_LABELS["placeholder"]
AREA_UNKNOWN = Text("diện tích chưa rõ", "area unknown")
LEGEND_FILL = "#78909c"


def precision_legend(grade: str, lang: str) -> LegendEntry:
    """The legend entry of a precision grade: a neutral symbol with that grade's outline, as the map draws it."""
    return LegendEntry(PRECISION_LABELS[grade].get(lang), precision_style(Style(PRECISION_OUTLINE, LEGEND_FILL, radius=6),
                                                                          grade))


def precision_legends(grades, lang: str) -> list[LegendEntry]:
    """One entry per non-exact grade in ``grades``, in the order approximate, placeholder."""
    return [precision_legend(g, lang) for g in PRECISION_DASH if g in set(grades)]


def approximate_legend(lang: str) -> LegendEntry:
    return precision_legend("placeholder", lang)


def area_radius(area_ha: Any) -> int:
    """Pixel radius of a zone of ``area_ha`` hectares (area-true); UNKNOWN_AREA_RADIUS when unknown."""
    try:
        ha = float(area_ha)
    except (TypeError, ValueError):
        return UNKNOWN_AREA_RADIUS
    if not math.isfinite(ha) or ha <= 0:
        return UNKNOWN_AREA_RADIUS
    return max(MIN_PROPORTIONAL_RADIUS, round(RADIUS_PER_SQRT_HA * math.sqrt(ha)))


def size_legend(outline: str, noun: str, lang: str, fill: str = "#ffffff") -> list[LegendEntry]:
    """The size key of the proportional symbols (``noun`` names what they are), and the dot of an unknown area;
    ``fill``: white (colour is told elsewhere), or the one colour the symbols are drawn in."""
    unknown = AREA_UNKNOWN.get(lang)
    return ([LegendEntry(f"{noun} {format_number(ha, lang)} ha", Style(outline, fill, radius=area_radius(ha), weight=1.5))
             for ha in SIZE_LEGEND_HA]
            + [LegendEntry(f"{noun}, {unknown}", Style(outline, fill, radius=UNKNOWN_AREA_RADIUS, weight=1.5))])
