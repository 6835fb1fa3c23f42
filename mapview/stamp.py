"""A stamp on the map itself saying the date it shows, when that is not today.

Looking back in time is easy to forget once the sidebar is folded (on a phone, always): a map of
June 2025 must not pass for today's, on screen or in a screenshot someone forwards.
"""
from __future__ import annotations

from html import escape

from jinja2 import Template

from mapview.raw_render import RawMacroElement


class DateStamp(RawMacroElement):
    """A Leaflet control at the top right holding one escaped line of text; it never takes clicks."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map){
            var stamp = L.control({position: 'topright'});
            stamp.onAdd = function(){
                var div = L.DomUtil.create('div', 'pm-date-stamp');
                div.innerHTML = {{ this.html | tojson }};
                return div;
            };
            stamp.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        {% macro header(this, kwargs) %}
        <style>
          .pm-date-stamp { background: #fff3e0; color: #bf360c; border: 2px solid #e65100; border-radius: 4px;
                           padding: 3px 8px; font: 600 13px/1.3 sans-serif; pointer-events: none;
                           max-width: min(60vw, 420px); }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "DateStamp"
        self.html = escape(text)
