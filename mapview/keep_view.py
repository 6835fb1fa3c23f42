"""Keep the user's pan and zoom when the map is rebuilt.

Every sidebar change rebuilds the map in a new frame, which would jump back to the whole
province: an official studying one commune would lose their place at each click. The
view is kept in the browser tab's sessionStorage (no rerun of the app while panning,
nothing sent to the server); a new tab starts from the plan's extent. Zooms the app asks
for (a search result, a new overlay) are applied by streamlit-folium after this and win.
"""
from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

STORAGE_KEY = "pm-map-view"


class KeepView(MacroElement):
    """Restore the tab's last view on creation; remember it after every move."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map){
            var key = {{ this.storage_key | tojson }};
            try {
                var saved = JSON.parse(window.sessionStorage.getItem(key) || 'null');
                if (saved && isFinite(saved.lat) && isFinite(saved.lng) && isFinite(saved.zoom)) {
                    map.setView([saved.lat, saved.lng], saved.zoom, {animate: false});
                }
            } catch (e) { /* storage unavailable: start from the plan's extent */ }
            map.on('moveend', function(){
                try {
                    var c = map.getCenter();
                    window.sessionStorage.setItem(key, JSON.stringify({lat: c.lat, lng: c.lng, zoom: map.getZoom()}));
                } catch (e) { }
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, storage_key: str = STORAGE_KEY) -> None:
        super().__init__()
        self._name = "KeepView"
        self.storage_key = storage_key
