"""A map legend drawn from the layers' legend entries (data), with every label escaped."""
from __future__ import annotations

from html import escape

from branca.element import MacroElement
from jinja2 import Template

from layers.base import LegendEntry
from mapview.raw_render import RawMacroElement


def swatch_html(entry: LegendEntry) -> str:
    """A small inline SVG that looks like the feature on the map."""
    s = entry.style
    if entry.shape == "line":
        dash = f' stroke-dasharray="{escape(s.dash)}"' if s.dash else ""
        return (f'<svg width="28" height="12"><line x1="1" y1="6" x2="27" y2="6" stroke="{escape(s.colour)}" '
                f'stroke-width="{min(s.weight, 5)}"{dash}/></svg>')
    if entry.shape == "area":
        dash = f' stroke-dasharray="{escape(s.dash)}"' if s.dash else ""
        return (f'<svg width="28" height="16"><rect x="2" y="2" width="24" height="12" fill="{escape(s.fill_colour or s.colour)}" '
                f'fill-opacity="{s.fill_opacity}" stroke="{escape(s.colour)}" stroke-width="2"{dash}/></svg>')
    r = max(3, min(s.radius or 6, 14))
    size = 2 * r + 4
    dash = f' stroke-dasharray="{escape(s.dash)}"' if s.dash else ""  # the dashed ring of an approximate position
    return (f'<svg width="{max(size, 28)}" height="{size}"><circle cx="{max(size, 28) / 2}" cy="{size / 2}" r="{r}" '
            f'fill="{escape(s.fill_colour or s.colour)}" fill-opacity="{s.fill_opacity}" stroke="{escape(s.colour)}" '
            f'stroke-width="{s.weight}"{dash}/></svg>')


def legend_html(sections: list[tuple[str, list[LegendEntry]]], title: str) -> str:
    rows = [f'<details open><summary class="pm-legend-title">{escape(title)}</summary>']
    for heading, entries in sections:
        if not entries:
            continue
        rows.append(f'<div class="pm-legend-heading">{escape(heading)}</div>')
        rows += [f'<div class="pm-legend-row">{swatch_html(e)}<span>{escape(e.label)}</span></div>' for e in entries]
    rows.append("</details>")
    return "".join(rows)


class MapLegend(RawMacroElement):
    """A Leaflet control in the bottom-left corner (over Hưng Yên, outside the province) holding pre-escaped legend HTML.

    Its labels include the user's file names and attribute values: kept out of Jinja (mapview.raw_render).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(){
            const legend = L.control({position: 'bottomleft'});
            legend.onAdd = function(){
                const div = L.DomUtil.create('div', 'pm-legend');
                div.innerHTML = {{ this.html | tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        {% macro header(this, kwargs) %}
        <style>
          .pm-legend { background: rgba(255,255,255,0.92); padding: 6px 8px; font: 11px/1.3 sans-serif;
                       border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-height: 40vh; max-width: 230px; overflow-y: auto; }
          .pm-legend-title { font-weight: 700; margin-bottom: 2px; cursor: pointer; }
          .pm-legend-heading { font-weight: 600; margin-top: 4px; }
          .pm-legend-row { display: flex; align-items: center; gap: 6px; }
          .pm-tooltip th { padding-right: 6px; text-align: left; }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "MapLegend"
        self.html = html



class MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only (folium's also shows miles)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, metric: true, position: 'bottomright'}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"
