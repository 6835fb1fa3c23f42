"""Permanent place names on the map, quiet and out of the mouse's way.

Each name is a Leaflet marker with a text-only icon in a pane under the plan's layers: it never
hides a feature or catches its hover or click. Names come from data files, so they are set
with ``textContent`` (never as HTML). ``min_zoom`` hides a crowded set of names until the map
is zoomed in far enough to read them; ``beside`` writes a name to the right of its point, not over it;
``clear_of_symbols`` moves a name off the plan's symbols, inside its own area (``mapview.label_clearance``).
"""
from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Template

from mapview.compact_js import compact_js
from mapview.label_clearance import CLEAR_PX, CLEARANCE_JS, EDGE_PX, REACH_SIDE, REACH_UP, SHRINK
from mapview.label_frame import FRAME_PX
from mapview.raw_render import RawMacroElement

LABEL_PANE = "pm-base-labels"
LABEL_PANE_Z = 380  # Leaflet's overlay pane (the plan's layers) is at 400
LABEL_DECIMALS = 4


class MapLabels(RawMacroElement):
    """Names at points, as ``(name, lat, lng)``; each label's element carries ``css_class``.

    ``text_style`` is CSS of ours (colour, font), never data.
    """

    _template = Template(compact_js(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-{{ this.pane }}-pane, .leaflet-{{ this.pane }}-pane * { pointer-events: none !important; }
          .pm-label { white-space: nowrap; width: auto !important; height: auto !important; }
          .pm-label span { display: inline-block; transform: translate(-50%, -50%); text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
          .pm-label.pm-label-beside span { transform: translate(6px, -50%); }
          .pm-hide-{{ this.css_class }} .{{ this.css_class }} { display: none; }
          .{{ this.css_class }} { {{ this.text_style }} }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
            var paneName = {{ this.pane | tojson }}, cls = {{ this.css_class | tojson }}, minZoom = {{ this.min_zoom | tojson }};
            if (!map.getPane(paneName)) { map.createPane(paneName).style.zIndex = {{ this.pane_z }}; }
            var set = [], areas = {{ ('map.' ~ this.areas_of) if this.areas_of else 'null' }};
            {{ this.labels | tojson }}.forEach(function(d, i){
                var span = document.createElement('span');
                span.textContent = d[0];
                var m = L.marker([d[1], d[2]], {pane: paneName, interactive: false, keyboard: false,
                    icon: L.divIcon({className: 'pm-label ' + cls + {{ (' pm-label-beside' if this.beside else '') | tojson }}, html: span, iconSize: null})}).addTo(map);
                set.push({m: m, span: span, area: areas ? areas[i] : null});
            });
            {% if this.clear_of_symbols %}({{ this.clearance_js }})(map, set, {{ this.clearance | tojson }});{% endif %}
            if (minZoom !== null) {
                var toggle = function(){ L.DomUtil[map.getZoom() < minZoom ? 'addClass' : 'removeClass'](map.getContainer(), 'pm-hide-' + cls); };
                toggle();
                map.on('zoomend', toggle);
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    ))

    def __init__(self, labels: Iterable[tuple[str, float, float]], css_class: str, min_zoom: float | None = None,
                 beside: bool = False, text_style: str = "color: #607d8b; font: 11px/1.1 sans-serif;",
                 pane: str = LABEL_PANE, clear_of_symbols: bool = False, areas_of: str | None = None) -> None:
        """``areas_of``: the map's property (set by an earlier element) holding each label's area as GeoJSON, in order."""
        super().__init__()
        self._name = "MapLabels"
        self.labels = [[str(name), round(lat, LABEL_DECIMALS), round(lng, LABEL_DECIMALS)] for name, lat, lng in labels]
        self.css_class, self.min_zoom, self.beside, self.text_style = css_class, min_zoom, beside, text_style
        self.pane, self.pane_z = pane, LABEL_PANE_Z
        self.clear_of_symbols, self.areas_of, self.clearance_js = clear_of_symbols, areas_of, CLEARANCE_JS
        self.clearance = {"clear": CLEAR_PX, "edge": EDGE_PX, "up": REACH_UP, "side": REACH_SIDE,
                          "shrink": SHRINK, "frame": FRAME_PX}
