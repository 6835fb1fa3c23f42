"""The map fills its frame, whatever height the page gives the frame.

streamlit-folium fixes the map's height in pixels inside its frame; the page (ui.page_style)
sizes the frame to the window instead (the whole height on a projector, ~60 % on a phone). This
makes the map follow the frame, so the scale bar and the legend at its bottom stay in view.
"""
from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from mapview.compact_js import compact_js


class FillFrame(MacroElement):
    """The map's height is its frame's (100vh inside the frame); Leaflet re-measures on resize."""

    _template = Template(compact_js(
        """
        {% macro header(this, kwargs) %}
        <style>html, body { height: 100%; } #map_div, #map_div2 { height: 100vh !important; }</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
            // Leaflet re-measures the frame; the map's centre stays exactly where it was (a linked view stays put:
            // Leaflet's own pan rounds to whole pixels); mapview.first_view refits a fitted first view to the new size.
            var fit = function(){
                var centre = map.getCenter(), zoom = map.getZoom();
                map.invalidateSize({pan: false});
                // reset: a pan of the same zoom moves by whole pixels, off the link's centre by up to half of one
                if (!map.getCenter().equals(centre, 1e-9)) { map.setView(centre, zoom, {reset: true}); }
            };
            // Leaflet's own resize handler pans by whole pixels, a frame later: this one replaces it.
            L.DomEvent.off(window, 'resize', map._onResize, map);
            window.addEventListener('resize', fit);
            setTimeout(fit, 60);  // once the frame has its final size
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    ))

    def __init__(self) -> None:
        super().__init__()
        self._name = "FillFrame"
