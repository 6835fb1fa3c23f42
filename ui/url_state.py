"""The map page's widgets ⇄ the map view: the Streamlit glue of the view links.

The view and its URL encoding live in ``mapview.view_link`` (shared with the exports' links);
here: which widget holds which part of it, and the session key that keeps it across pages.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from core.vocab import STATUSES, URBAN_CLASSES
from layers.base import COLOUR_MODES  # noqa: F401  (the map page's colour choices)
from layers.query import ViewFilter
from layers.registry import LAYER_IDS
from mapview.view_link import MapView, parse, to_params  # noqa: F401  (the pages read the view from here)

# Plain session state holding the view the map last showed (or the export page last read): unlike
# widget state, which Streamlit forgets once another page has run, it survives page changes.
LAST_VIEW_KEY = "_map_view"


def _chosen(values: tuple[str, ...], every: tuple[str, ...]) -> list[str]:
    """A filter's pills: none selected means all, so "all" is shown as no pill selected."""
    return [] if set(values) >= set(every) else list(values)


def to_widget_state(view: MapView, today: date) -> dict[str, object]:
    """The map page's widget values for ``view``: the inverse of :func:`from_widget_state`
    (without ``selected``, which is plain state, not a widget)."""
    f = view.filter
    values: dict[str, object] = {f"layer_{i}": i in f.layers for i in LAYER_IDS}
    values.update(classes=_chosen(f.classes, tuple(URBAN_CLASSES)), statuses=_chosen(f.statuses, tuple(STATUSES)),
                  query=f.query,
                  colour_mode=view.colour_mode, as_of=view.as_of or today, basemap=view.basemap,
                  boundaries=view.boundaries, communes_2025=view.communes_2025)
    return values


WIDGET_KEYS = tuple(to_widget_state(MapView(), date.min))


def from_widget_state(state: Mapping, lang: str, today: date, base: MapView | None = None) -> MapView:
    """The view held by the map page's widgets (keys ``layer_<id>``, ``classes``, ``statuses``,
    ``query``, ``colour_mode``, ``as_of``, ``basemap``, ``boundaries``, ``communes_2025``, ``selected``);
    missing keys keep ``base``.
    An empty class or status choice means every one (a person who has chosen nothing has not
    asked to hide anything).

    The map page builds its view from it, and the export page reads the same state, so an
    export is of exactly what the map shows.
    """
    base = base or MapView(lang=lang)
    f = base.filter
    as_of = state.get("as_of", base.as_of)
    classes = tuple(c for c in URBAN_CLASSES if c in (state.get("classes", f.classes) or ()))
    statuses = tuple(s for s in STATUSES if s in (state.get("statuses", f.statuses) or ()))
    return base.with_(
        lang=lang,
        filter=ViewFilter(  # no pill selected: every class (status) is shown
            layers=tuple(i for i in LAYER_IDS if state.get(f"layer_{i}", i in f.layers)),
            classes=classes or tuple(URBAN_CLASSES),
            statuses=statuses or tuple(STATUSES),
            query=str(state.get("query", f.query) or "").strip(),
        ),
        selected=state.get("selected", base.selected),
        colour_mode=state.get("colour_mode", base.colour_mode),
        as_of=None if as_of in (None, today) else as_of,
        basemap=bool(state.get("basemap", base.basemap)),
        boundaries=bool(state.get("boundaries", base.boundaries)),
        communes_2025=bool(state.get("communes_2025", base.communes_2025)),
    )
