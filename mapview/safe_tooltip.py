"""Tooltips that put data into the page as text, never as HTML.

folium's GeoJsonTooltip joins property values into an HTML string and assigns
it to ``innerHTML``: a name like ``<img onerror=…>`` would run. Ours builds the
table with ``textContent``.
"""
from __future__ import annotations

from mapview.raw_render import RawMacroElement
from jinja2 import Template


class SafeGeoJsonTooltip(RawMacroElement):
    """A GeoJson tooltip of ``fields`` (labelled by ``aliases``), rendered as plain text."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip(function(layer){
            const div = L.DomUtil.create('div', 'pm-tooltip');
            const table = L.DomUtil.create('table', '', div);
            const fields = {{ this.fields | tojson }};
            const aliases = {{ this.aliases | tojson }};
            fields.forEach(function(field, i){
                const value = layer.feature.properties[field];
                if (value === null || value === undefined || value === '') { return; }
                const tr = L.DomUtil.create('tr', '', table);
                if (aliases[i]) { L.DomUtil.create('th', '', tr).textContent = aliases[i]; }
                L.DomUtil.create('td', '', tr).textContent = String(value);
            });
            return div;
        }, {{ this.options | tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, fields: list[str], aliases: list[str] | None = None, sticky: bool = True) -> None:
        super().__init__()
        self._name = "SafeGeoJsonTooltip"
        self.fields = list(fields)
        self.aliases = list(aliases) if aliases else [""] * len(self.fields)
        self.options = {"sticky": sticky}
