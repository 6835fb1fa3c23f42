"""A map legend drawn from the layers' legend entries (data), with every label escaped."""
from __future__ import annotations

from html import escape

from branca.element import MacroElement
from jinja2 import Template

from layers.base import LegendEntry
from mapview.after_paint import AFTER_PAINT_JS
from mapview.raw_render import RawMacroElement


LEGEND_MAX_RADIUS = 9  # px: the key shows sizes in order without letting one circle take a line of its own


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
    r = max(3, min(s.radius or 6, LEGEND_MAX_RADIUS))
    size = 2 * r + 4
    dash = f' stroke-dasharray="{escape(s.dash)}"' if s.dash else ""  # the dashed ring of an approximate position
    return (f'<svg width="{max(size, 28)}" height="{size}"><circle cx="{max(size, 28) / 2}" cy="{size / 2}" r="{r}" '
            f'fill="{escape(s.fill_colour or s.colour)}" fill-opacity="{s.fill_opacity}" stroke="{escape(s.colour)}" '
            f'stroke-width="{s.weight}"{dash}/></svg>')


def legend_html(sections: list[tuple[str, list[LegendEntry]]], title: str) -> str:
    """The legend folds twice: as a whole (its title) and per section; only the first section — the
    key to the colours the map uses — starts open, the others show their heading (what is drawn)."""
    rows = [f'<details open><summary class="pm-legend-title">{escape(title)}</summary><div class="pm-legend-body">']
    first = True
    for heading, entries in sections:
        if not entries:
            continue
        rows.append(f'<details class="pm-legend-section"{" open" if first else ""}>'
                    f'<summary class="pm-legend-heading">{escape(heading)}</summary>')
        rows += [f'<div class="pm-legend-row">{swatch_html(e)}<span>{escape(e.label)}</span></div>' for e in entries]
        rows.append("</details>")
        first = False
    rows.append("</div></details>")
    return "".join(rows)


# The legend may cover at most this share of the map (width share x height share = 0.198 < 1/5).
MAX_WIDTH_SHARE, MAX_HEIGHT_SHARE = 0.45, 0.44
SMALL_MAP_PX = 480  # on narrower maps (a phone's) the legend opens folded


class MapLegend(RawMacroElement):
    """A Leaflet control in the bottom-left corner (over Hưng Yên, outside the province) holding pre-escaped legend HTML.

    It serves the map rather than covering it: at most a fifth of the map (sections flow into columns
    before anything is cut), folded on a phone's narrow map, and transparent to clicks — only its title (the
    fold toggle) takes them, so a zone under the legend stays clickable. When the user opens it and
    it still cannot fit, it scrolls (and then takes the wheel). Its labels include the user's file
    names and attribute values: kept out of Jinja (mapview.raw_render).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map){
            const legend = L.control({position: 'bottomleft'});
            legend.onAdd = function(){
                const div = L.DomUtil.create('div', 'pm-legend');
                div.innerHTML = {{ this.html | tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(map);
            const box = legend.getContainer();
            const details = box.querySelector('details');
            box.querySelectorAll('details').forEach(function(d){ d.addEventListener('toggle', function(){ fit(); }); });
            const body = box.querySelector('.pm-legend-body');
            let maxW = 0, maxH = 0;
            function constrain(){  // the legend's room: a share of the map (Leaflet knows its size: no layout)
                const size = map.getSize();
                maxW = Math.floor(size.x * {{ this.max_width }}) - 12;
                maxH = Math.floor(size.y * {{ this.max_height }}) - 24;
                box.classList.remove('pm-legend-scroll');
                Object.assign(body.style, {columnCount: '', width: '', maxWidth: maxW + 'px', maxHeight: maxH + 'px'});
            }
            function arrange(){  // one column if it fits, else two, else scroll: never silently cut
                if (!details.open) { return; }
                const oneColumn = Math.min(body.scrollWidth, maxW);
                if (body.scrollHeight > maxH + 1 && 2 * oneColumn + 10 <= maxW) {
                    Object.assign(body.style, {columnCount: '2', width: (2 * oneColumn + 10) + 'px'});
                }
                box.classList.toggle('pm-legend-scroll', body.scrollHeight > body.clientHeight + 1
                                                        || body.scrollWidth > body.clientWidth + 1);
            }
            function fit(){ constrain(); arrange(); }
            if (window.innerWidth < {{ this.small_px }}) { details.open = false; }  // the frame's width
            map.on('resize', fit);
            constrain();
            // Measuring the columns lays out the whole frame: once the map is painted, it costs the legend alone.
            {{ this.after_paint }}(arrange);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        {% macro header(this, kwargs) %}
        <style>
          .pm-legend { background: rgba(255,255,255,0.9); padding: 4px 6px; font: 11px/1.25 sans-serif;
                       border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); pointer-events: none; }
          .pm-legend-title, .pm-legend-heading { cursor: pointer; pointer-events: auto; }
          .pm-legend-title { font-weight: 700; }
          .pm-legend-body { column-gap: 10px; overflow: hidden; }
          .pm-legend-scroll .pm-legend-body { overflow: auto; pointer-events: auto; }
          .pm-legend-section { break-inside: avoid; }
          .pm-legend-heading { font-weight: 600; margin-top: 2px; }
          .pm-legend-row { display: flex; align-items: center; gap: 4px; max-width: 240px; }
          .pm-legend-row svg { flex: none; }
          .pm-tooltip th { padding-right: 6px; text-align: left; }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "MapLegend"
        self.html = html
        self.max_width, self.max_height, self.small_px = MAX_WIDTH_SHARE, MAX_HEIGHT_SHARE, SMALL_MAP_PX
        self.after_paint = AFTER_PAINT_JS



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
