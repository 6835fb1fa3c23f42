"""What a layer is: described once, as data, and iterated by the map, legend, exports and dashboard."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from core.bilingual import Text
from core.vocab import CYCLE_STATES, STATUSES

ColourMode = Literal["class", "status", "plan", "wastewater", "reporting"]
# How the map colours its features: urban class, status, program vs provincial plan (urban areas),
# central wastewater treatment (industrial zones), the reporting cycle (reported / not yet / overdue).
# One list for the map and its links; a printed map shows a moment, not "this cycle", so print leaves that one out.
COLOUR_MODES: tuple[str, ...] = ("class", "status", "plan", "wastewater", "reporting")
PRINT_COLOUR_MODES: tuple[str, ...] = tuple(m for m in COLOUR_MODES if m != "reporting")


@dataclass(frozen=True)
class Style:
    """One constant style; features that share it are drawn as one Leaflet layer (fast)."""

    colour: str
    fill_colour: str | None = None
    radius: int = 0            # > 0 → point drawn as a circle marker of this radius (px)
    weight: float = 2.0
    dash: str | None = None    # Leaflet dashArray, e.g. "8 6" for indicative routes
    opacity: float = 0.95
    fill_opacity: float = 0.85

    def leaflet(self) -> dict[str, Any]:
        style: dict[str, Any] = {"color": self.colour, "weight": self.weight, "opacity": self.opacity}
        if self.fill_colour:
            style.update(fillColor=self.fill_colour, fillOpacity=self.fill_opacity, fill=True)
        else:
            style["fill"] = False
        if self.dash:
            style["dashArray"] = self.dash
        return style


@dataclass(frozen=True)
class LegendEntry:
    label: str
    style: Style
    shape: Literal["circle", "line", "area"] = "circle"


# The one colour of features that have no class when a printed map colours by class (zones, lines, stations):
# colour then means class alone, never class for some features and status for others (issue 10).
NEUTRAL_COLOUR = "#546e7a"


@dataclass(frozen=True)
class StyleContext:
    colour_mode: ColourMode = "class"
    lang: str = "vi"
    # Printed maps: one meaning per colour. In class mode, what would be painted by status is painted
    # NEUTRAL_COLOUR (the web map keeps status colours there, its popups say the status).
    one_meaning: bool = False

    def neutral(self) -> bool:
        """Whether a status paint is drawn in the neutral colour (class mode of a printed map)."""
        return self.one_meaning and self.colour_mode == "class"


@dataclass(frozen=True)
class LayerSpec:
    """A map layer: its data files, titles, CSS class, fields and styling rules."""

    id: str
    title_vi: str
    title_en: str
    files: tuple[str, ...]
    css_class: str
    required: tuple[str, ...]
    tooltip_fields: tuple[str, ...]
    detail_fields: tuple[str, ...]
    style_of: Callable[[Mapping[str, Any], StyleContext], Style]
    legend: Callable[[StyleContext], list[LegendEntry]]
    css_class_of: Callable[[Mapping[str, Any]], str] | None = None
    # CSV files (relative to the data folder) keyed by ``feature_id`` whose columns join the layer's features:
    # facts of another provenance (e.g. the legal basis of each urban area) keep a file and sources of their own.
    tables: tuple[str, ...] = ()
    order: int = 0
    optional_files: tuple[str, ...] = ()   # files of ``files`` a data folder may lack
    draw_on_top: bool = False              # drawn after every other layer (the biggest places stay clickable)
    label_field: str | None = None         # printed maps write this field beside each point
    class_field: str | None = None         # the map's class filter applies to this field
    class_label_field: str | None = None   # the words of that class (decorate's column)
    # Whether a feature's colour on the map shows its status (False: it shows its class, or is fixed).
    status_shown: Callable[[Mapping[str, Any], StyleContext], bool] | None = None
    marker: str = "o"                      # shape of its point symbols on paper (matplotlib marker: o, s, D, ^)
    # Colour modes in which this layer shows something of its own ("plan": the provincial-plan comparison,
    # "wastewater": central treatment) — where the app finds the layer a mode's table or target is about.
    colour_modes: tuple[str, ...] = ()

    def title(self, lang: str = "vi") -> str:
        return Text(self.title_vi, self.title_en).get(lang)

    def class_for(self, props: Mapping[str, Any]) -> str:
        return self.css_class_of(props) if self.css_class_of else self.css_class

    def shows_status(self, props: Mapping[str, Any], ctx: StyleContext) -> bool:
        return self.status_shown(props, ctx) if self.status_shown else True


def status_colour(props: Mapping[str, Any], ctx: StyleContext | None = None) -> str:
    """The colour of a feature's status — or, when the map colours by the reporting cycle, of its
    ``cycle_state`` (reported / not yet / overdue; grey where the state is not known)."""
    if ctx is not None and ctx.colour_mode == "reporting":
        term = CYCLE_STATES.get(props.get("cycle_state") or "")
        return term.colour if term else STATUSES["unknown"].colour
    return STATUSES.get(props.get("status") or "unknown", STATUSES["unknown"]).colour


def status_legend(ctx: StyleContext, present: set[str] | None = None) -> list[LegendEntry]:
    """One entry per status word (per cycle state when colouring by the reporting cycle): the colour
    every layer uses for it. With ``present``, only the codes the map shows."""
    table = CYCLE_STATES if ctx.colour_mode == "reporting" else STATUSES
    return [LegendEntry(term.label(ctx.lang), Style("#37474f", term.colour, radius=6, weight=1))
            for code, term in table.items() if present is None or code in present]


def indicative_notice(props: Mapping[str, Any]) -> str | None:
    """The i18n key of the notice over an indicative feature's details: an area's extent, else a line's course
    (the specialised zone read "Hướng tuyến dự kiến", a route's words); None where the position is not indicative."""
    if not flag(props, "indicative"):
        return None
    return "indicative_area" if props.get("geometry_kind") == "indicative_area" else "indicative"


def flag(props: Mapping[str, Any], key: str, default: bool = False) -> bool:
    """A yes/no property; missing or NaN (a column absent from some features) gives ``default``."""
    value = props.get(key)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return default
