"""The map view as URL query parameters — the one encoder of the app's links and of every export's links.

Pure functions: ``parse`` turns query parameters into a ``MapView``, ``to_params`` turns it back,
dropping defaults to keep links short; ``app_link`` is the full address. Unknown or malformed values
fall back to defaults rather than failing. ``ui.url_state`` ties it to the page's widgets; the exports'
QR codes and "open in the app" links use ``app_link``, so they open exactly what the page would.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from core.i18n import DEFAULT_LANG, LANGS
from core.vocab import STATUSES, URBAN_CLASSES
from layers.base import COLOUR_MODES
from layers.query import ViewFilter
from layers.registry import LAYER_IDS


@dataclass(frozen=True)
class MapView:
    """What a link opens: layers, filters, selection, colours, date, backgrounds and where the map looks."""

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
    if set(f.classes) != set(d.classes):
        out["cls"] = ",".join(f.classes)
    if set(f.statuses) != set(d.statuses):
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


def app_link(base_url: str, view: MapView) -> str:
    """The app's address (no trailing slash) with ``view`` as its query: ``https://…/?layers=…&asof=…``."""
    params = to_params(view)
    return f"{base_url}/" + (f"?{urlencode(params)}" if params else "")
