"""Symbol rules shared by every layer and every map: what a point's look says about its position and size.

One meaning per visual channel: colour stays the class or status; a dashed hollow ring says
"this position is only a placeholder"; the size of an industrial zone's circle says its area.
The web map and the printed exports read the same rules, so a symbol means the same everywhere.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from core.bilingual import Text
from core.i18n import format_number
from core.vocab import is_approximate
from layers.base import LegendEntry, Style

APPROXIMATE_DASH = "3 2"
APPROXIMATE_WEIGHT = 2
# Proportional symbols: the circle's *area* grows with the zone's area (r = k·√ha), so a zone
# twice as big looks twice as big; 150 ha → r ≈ 7 px, 400 ha → r ≈ 12 px.
RADIUS_PER_SQRT_HA = 0.6
MIN_PROPORTIONAL_RADIUS = 5
UNKNOWN_AREA_RADIUS = 4   # smaller than any known zone: it claims no size
SIZE_LEGEND_HA = (100, 200, 400)
_NEUTRAL = "#607d8b"


def approximate_style(style: Style) -> Style:
    """The dashed, nearly hollow ring of a point whose position is a placeholder: the dark dashed
    outline says "approximate", the pale fill keeps the class or status colour and a surface to
    hover and click."""
    return Style(colour=style.colour, fill_colour=style.fill_colour or style.colour, radius=style.radius,
                 weight=APPROXIMATE_WEIGHT, dash=APPROXIMATE_DASH, opacity=1.0, fill_opacity=0.3)


def honest_style(style: Style, props: Mapping[str, Any]) -> Style:
    """``style`` as drawn: points at an approximate position become a dashed hollow ring."""
    if style.radius and is_approximate(props.get("location_precision")):
        return approximate_style(style)
    return style


APPROXIMATE = Text("Vị trí gần đúng (tạm đặt, chưa có vị trí thật)", "Approximate position (placeholder)")
AREA_UNKNOWN = Text("diện tích chưa rõ", "area unknown")


def approximate_legend(lang: str) -> LegendEntry:
    return LegendEntry(APPROXIMATE.get(lang), approximate_style(Style("#263238", _NEUTRAL, radius=6)))


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
