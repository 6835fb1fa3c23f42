"""The map view as URL query parameters, so a link opens the same view.

Pure functions (no streamlit): ``parse`` turns query parameters into a
``MapView``, ``to_params`` turns it back, dropping defaults to keep links short.
Unknown or malformed values fall back to defaults rather than failing.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from core.i18n import DEFAULT_LANG, LANGS
from core.vocab import STATUSES, URBAN_CLASSES
from layers.base import COLOUR_MODES
from layers.query import ViewFilter
from layers.registry import LAYER_IDS

# Plain session state holding the view the map last showed (or the export page last read): unlike
# widget state, which Streamlit forgets once another page has run, it survives page changes.
LAST_VIEW_KEY = "_map_view"


@dataclass(frozen=True)
class MapView:
    lang: str = DEFAULT_LANG
    filter: ViewFilter = field(default_factory=ViewFilter)
    selected: str | None = None
    colour_mode: str = "class"
    as_of: date | None = None  # None = today
    basemap: bool = False        # OpenStreetMap background: off unless asked for (it needs internet)
    boundaries: bool = True      # the districts of 2019–2025
    communes_2025: bool = False  # the 2025 communes reference layer
    # Where the map looks: (lat, lon, zoom), kept in the link as c=lat,lon and z=zoom (mapview.keep_view writes them).
    map_at: tuple[float, float, float] | None = None

    def with_(self, **changes) -> "MapView":
        return replace(self, **changes)


def _list(value: str | None, allowed: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    if value == "":
        return ()
    items = [v for v in value.split(",") if v in allowed]
    return tuple(v for v in allowed if v in items)


def _map_at(centre: str | None, zoom: str | None) -> tuple[float, float, float] | None:
    """The link's centre and zoom, when both are sane numbers (anything else: the plan's extent)."""
    try:
        lat, lon = (float(v) for v in (centre or "").split(","))
        z = float(zoom or "")
    except ValueError:
        return None
    if -90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= z <= 19:
        return round(lat, 5), round(lon, 5), round(z, 2)
    return None


def parse(params: Mapping[str, str]) -> MapView:
    lang = params.get("lang", DEFAULT_LANG)
    as_of = None
    if params.get("asof"):
        try:
            as_of = date.fromisoformat(params["asof"])
        except ValueError:
            as_of = None
    view_filter = ViewFilter(
        layers=_list(params.get("layers"), LAYER_IDS, LAYER_IDS),
        classes=_list(params.get("cls"), tuple(URBAN_CLASSES), tuple(URBAN_CLASSES)),
        statuses=_list(params.get("st"), tuple(STATUSES), tuple(STATUSES)),
        query=params.get("q", "")[:100],
    )
    colour = params.get("colour", "class")
    return MapView(
        lang=lang if lang in LANGS else DEFAULT_LANG,
        filter=view_filter,
        selected=params.get("sel") or None,
        colour_mode=colour if colour in COLOUR_MODES else "class",
        as_of=as_of,
        basemap=params.get("base") == "1",
        boundaries=params.get("bnd") != "0",
        communes_2025=params.get("c25") == "1",
        map_at=_map_at(params.get("c"), params.get("z")),
    )


def to_params(view: MapView) -> dict[str, str]:
    default = MapView()
    out: dict[str, str] = {}
    if view.lang != default.lang:
        out["lang"] = view.lang
    f, d = view.filter, default.filter
    if f.layers != d.layers:
        out["layers"] = ",".join(f.layers)
    if f.classes != d.classes:
        out["cls"] = ",".join(f.classes)
    if f.statuses != d.statuses:
        out["st"] = ",".join(f.statuses)
    if f.query:
        out["q"] = f.query
    if view.selected:
        out["sel"] = view.selected
    if view.colour_mode != default.colour_mode:
        out["colour"] = view.colour_mode
    if view.as_of is not None:
        out["asof"] = view.as_of.isoformat()
    if view.basemap:
        out["base"] = "1"
    if not view.boundaries:
        out["bnd"] = "0"
    if view.communes_2025:
        out["c25"] = "1"
    if view.map_at is not None:
        lat, lon, zoom = view.map_at
        out["c"], out["z"] = f"{lat:.5f},{lon:.5f}", f"{zoom:g}"
    return out


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
