"""No hidden stacks: points that hide each other at the current zoom are spread out with leader lines.

QGIS's "point displacement", in the browser: after every zoom, the plan's point markers whose
centres fall inside another marker are grouped; each group is laid out on a ring around its
centre, each marker joined to its true position by a thin leader line that ends in a small dot;
a ring that would land on another point takes that point in, until nothing hides anything.
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
EDGE_PX = 3           # a marker's outline reaches past its radius


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
            var classes = {{ this.classes | tojson }}, GAP = {{ this.gap }}, MIN_RING = {{ this.min_ring }}, EDGE = {{ this.edge }};
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
            // a centre under the other marker (its outline included)
            function hides(a, b, pa, pb){ return pa.distanceTo(pb) < Math.max(a.r, b.r) + EDGE; }
            function layout(){
                var z = map.getZoom();
                var pts = markers.map(function(m){ var p = map.project(m._pmHome, z); return {m: m, p: p, at: p, r: m.getRadius()}; });
                var parent = pts.map(function(_, i){ return i; });
                function root(i){ while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; }
                function merge(i, j){ var a = root(i), b = root(j); if (a === b) { return false; } parent[a] = b; return true; }
                for (var i = 0; i < pts.length; i++) {
                    for (var j = i + 1; j < pts.length; j++) { if (hides(pts[i], pts[j], pts[i].p, pts[j].p)) { merge(i, j); } }
                }
                var groups;
                // Lay out each group on a ring; a ring that lands on another point or ring joins it, and again.
                for (var round = 0; round <= pts.length; round++) {
                    var byRoot = {};
                    pts.forEach(function(pt, i){ (byRoot[root(i)] = byRoot[root(i)] || []).push(pt); });
                    groups = Object.keys(byRoot).map(function(k){ return byRoot[k]; });
                    groups.forEach(ring);
                    var merged = false;
                    for (var a = 0; a < pts.length; a++) {
                        for (var b = a + 1; b < pts.length; b++) {
                            if (root(a) !== root(b) && hides(pts[a], pts[b], pts[a].at, pts[b].at)) { merged = merge(a, b) || merged; }
                        }
                    }
                    if (!merged) { break; }
                }
                leaders.clearLayers();
                groups.forEach(function(g){
                    g.forEach(function(pt){
                        var at = g.length > 1 ? map.unproject(pt.at, z) : pt.m._pmHome;
                        if (g.length > 1) {
                            L.polyline([pt.m._pmHome, at], {{ this.leader_style | tojson }}).addTo(leaders);
                            L.circleMarker(pt.m._pmHome, {{ this.home_style | tojson }}).addTo(leaders);
                        }
                        pt.m.setLatLng(at);
                    });
                });
                leaders.eachLayer(function(l){ l.bringToBack(); });
            }
            function ring(g){  // positions (pixels) on a circle around the group's centre; a lone point stays home
                if (g.length === 1) { g[0].at = g[0].p; return; }
                var c = g.reduce(function(s, pt){ return s.add(pt.p); }, L.point(0, 0)).divideBy(g.length);
                var n = g.length, step = 2 * Math.PI / n, radius = MIN_RING;
                g.forEach(function(pt, i){  // neighbours on the ring must not touch, nor a marker cover the centre
                    var next = g[(i + 1) % n];
                    radius = Math.max(radius, pt.r + 4, (pt.r + next.r + GAP) / (2 * Math.sin(Math.PI / n)));
                });
                g.forEach(function(pt, i){
                    var a = -Math.PI / 2 + i * step;
                    pt.at = c.add(L.point(Math.cos(a) * radius, Math.sin(a) * radius));
                });
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
        self.gap, self.min_ring, self.edge = GAP_PX, MIN_RING_PX, EDGE_PX
        common = {"interactive": False, "color": LEADER_COLOUR}
        self.leader_style = {**common, "weight": 1, "opacity": 0.9, "className": "pm-leader"}
        self.home_style = {**common, "radius": 2, "weight": 0, "fill": True, "fillColor": LEADER_COLOUR,
                           "fillOpacity": 0.9, "className": "pm-leader-home"}
