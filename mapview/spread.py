"""No hidden stacks: points that hide each other at the current zoom are spread out with leader lines.

QGIS's "point displacement", in the browser: after every zoom, the plan's point markers whose
centres fall inside another marker are grouped; each group is laid out on a ring around its
centre, each marker joined to its true position by a thin leader line that ends in a small dot.
Zooming in far enough to separate them puts them back. Identical positions stay spread at every
zoom, so every feature can be hovered and clicked at every zoom. The markers keep their own
tooltip and click (streamlit-folium reads the id from the feature's properties, not its
position). Leader lines are drawn under the markers and never catch the mouse.
"""
from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Template

from layers.base import LegendEntry, Style
from mapview.raw_render import RawMacroElement

LEADER_COLOUR = "#455a64"
GAP_PX = 6            # between neighbouring markers on a ring
MIN_RING_PX = 20      # so a leader line is always long enough to see


def spread_legend(lang: str) -> LegendEntry:
    label = ("Điểm trùng vị trí: dàn ra, nối về vị trí thật" if lang == "vi"
             else "Points sharing a position: spread out, linked to the true position")
    return LegendEntry(label, Style(LEADER_COLOUR, weight=1), "line")


class SpreadStacks(RawMacroElement):
    """Spread the circle markers carrying one of ``classes`` that hide each other (see module doc)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map){
            var classes = {{ this.classes | tojson }}, GAP = {{ this.gap }}, MIN_RING = {{ this.min_ring }};
            var leaders = L.layerGroup().addTo(map);
            var markers = [];
            map.eachLayer(function(l){
                var cls = (l.options && l.options.className || '').split(' ')[0];
                if (l instanceof L.CircleMarker && l.feature && classes.indexOf(cls) >= 0) {
                    l._pmHome = l.getLatLng();
                    markers.push(l);
                }
            });
            markers.sort(function(a, b){ return String(a.feature.id).localeCompare(String(b.feature.id)); });
            function groups(z){
                var pts = markers.map(function(m){ return {m: m, p: map.project(m._pmHome, z), r: m.getRadius()}; });
                var parent = pts.map(function(_, i){ return i; });
                function root(i){ while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; }
                for (var i = 0; i < pts.length; i++) {
                    for (var j = i + 1; j < pts.length; j++) {
                        // hidden: one centre lies inside the other circle
                        if (pts[i].p.distanceTo(pts[j].p) < Math.max(pts[i].r, pts[j].r)) { parent[root(i)] = root(j); }
                    }
                }
                var out = {};
                pts.forEach(function(pt, i){ (out[root(i)] = out[root(i)] || []).push(pt); });
                return Object.keys(out).map(function(k){ return out[k]; });
            }
            function layout(){
                var z = map.getZoom();
                leaders.clearLayers();
                groups(z).forEach(function(g){
                    if (g.length === 1) { g[0].m.setLatLng(g[0].m._pmHome); return; }
                    var c = g.reduce(function(s, pt){ return s.add(pt.p); }, L.point(0, 0)).divideBy(g.length);
                    var n = g.length, step = 2 * Math.PI / n, ring = MIN_RING;
                    g.forEach(function(pt, i){  // neighbours on the ring must not touch; nor may a marker cover the centre
                        var next = g[(i + 1) % n];
                        ring = Math.max(ring, pt.r + 4, (pt.r + next.r + GAP) / (2 * Math.sin(Math.PI / n)));
                    });
                    g.forEach(function(pt, i){
                        var a = -Math.PI / 2 + i * step;
                        var at = map.unproject(c.add(L.point(Math.cos(a) * ring, Math.sin(a) * ring)), z);
                        L.polyline([pt.m._pmHome, at], {{ this.leader_style | tojson }}).addTo(leaders);
                        L.circleMarker(pt.m._pmHome, {{ this.home_style | tojson }}).addTo(leaders);
                        pt.m.setLatLng(at);
                    });
                });
                leaders.eachLayer(function(l){ l.bringToBack(); });
            }
            layout();
            map.on('zoomend', layout);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, classes: Sequence[str]) -> None:
        super().__init__()
        self._name = "SpreadStacks"
        self.classes = sorted(set(classes))
        self.gap, self.min_ring = GAP_PX, MIN_RING_PX
        common = {"interactive": False, "color": LEADER_COLOUR}
        self.leader_style = {**common, "weight": 1, "opacity": 0.9, "className": "pm-leader"}
        self.home_style = {**common, "radius": 2, "weight": 0, "fill": True, "fillColor": LEADER_COLOUR,
                           "fillOpacity": 0.9, "className": "pm-leader-home"}
