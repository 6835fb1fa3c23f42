"""The optional OpenStreetMap background: credited only once it shows, reported when it cannot load.

On a government intranet the tiles never come. Leaflet would still print "© OpenStreetMap" for
a background nobody sees, and the user would not know why the map is plain. Here the credit is
added on the first tile that loads, and the first failure before any tile has loaded shows a
small notice in the map's top-right corner (beside the zoom and layer tools).
"""
from __future__ import annotations

from jinja2 import Template

from core.i18n import t
from mapview.raw_render import RawMacroElement

TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'


class OptionalTiles(RawMacroElement):
    """OpenStreetMap tiles with an honest credit and an offline notice (``pm-tiles-notice``)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .pm-tiles-notice { background: #fff8e1; color: #5d4037; border: 1px solid #ffcc80; border-radius: 4px;
                             padding: 4px 8px; font: 12px/1.3 sans-serif; max-width: 260px; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
            var tiles = L.tileLayer({{ this.url | tojson }}, {maxZoom: 19, attribution: ''});
            var loaded = false, notice = null;
            tiles.on('tileload', function(){
                if (loaded) { return; }
                loaded = true;
                if (map.attributionControl) { map.attributionControl.addAttribution({{ this.attribution | tojson }}); }
                if (notice) { notice.remove(); notice = null; }
            });
            tiles.on('tileerror', function(){
                if (loaded || notice) { return; }
                notice = L.control({position: 'topright'});
                notice.onAdd = function(){
                    var div = L.DomUtil.create('div', 'pm-tiles-notice');
                    div.setAttribute('role', 'status');
                    div.textContent = {{ this.message | tojson }};
                    return div;
                };
                notice.addTo(map);
            });
            tiles.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str = "vi", url: str = TILES_URL) -> None:
        super().__init__()
        self._name = "OptionalTiles"
        self.url = url
        self.attribution = TILES_ATTRIBUTION
        self.message = t("basemap_failed", lang)
