"""The map fills its frame, whatever height the page gives the frame.

streamlit-folium fixes the map's height in pixels inside its frame; the page (ui.page_style)
sizes the frame to the window instead (the whole height on a projector, ~60 % on a phone). This
makes the map follow the frame, so the scale bar and the legend at its bottom stay in view.
"""
from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template


class FillFrame(MacroElement):
    """The map's height is its frame's (100vh inside the frame); Leaflet re-measures on resize; a phone's
    first view is refitted to the plan once the frame has its size."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>html, body { height: 100%; } #map_div, #map_div2 { height: 100vh !important; }</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
            var fit = function(){ map.invalidateSize({pan: false}); };
            window.addEventListener('resize', fit);
            function settle() {  // once the frame has its final size and the first fit has ended
                fit();
                var b = {{ this.extent | tojson }};
                if (b && !map._pmKeptView && window.innerWidth < {{ this.narrow_px }}) {
                    // A phone folds the legend: the plan's extent needs no room kept for it.
                    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {padding: [8, 8], animate: false});
                }
            }
            setTimeout(function(){ if (map._animatingZoom) { map.once('zoomend', settle); } else { settle(); } }, 60);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, extent: tuple[float, float, float, float] | None = None, narrow_px: int = 480) -> None:
        """``extent`` (lon/lat box): on a frame narrower than ``narrow_px``, with no kept view, fit it tightly."""
        super().__init__()
        self._name = "FillFrame"
        self.extent = list(extent) if extent else None
        self.narrow_px = narrow_px
