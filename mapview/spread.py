"""No hidden stacks: points that hide each other at the current zoom are pushed apart, with leader lines.

QGIS's "point displacement", in the browser, done as a small collision relaxation: after every
zoom, markers whose centres lie under another marker are pushed apart, pair by pair, just far
enough for each to show its own centre (and most of its disc); places that share one position
start from a ring around it just wide enough for their discs, so they open like a flower. Every moved marker is joined to
its true position by a thin leader line ending in a dot. The push is local: a crowded first view
nudges neighbours instead of gathering the province into one ring. Zooming in far enough puts
markers back home; identical positions stay spread at every zoom, so every feature can be hovered
and clicked at every zoom. The markers keep their own tooltip and click (streamlit-folium reads
the id from the feature's properties, not its position). Leader lines lie under the markers and
never catch the mouse.

It is on the way to the map's first picture, so it is kept light there: all the leader lines are one
SVG path and all the home dots another (one layer each per moved point made the first paint's DOM
grow by ~40 nodes), ids are ordered without localeCompare (its first call loads the collation
tables), and plan points that arrive later (the app's dynamic layers) are laid out in a microtask,
before the browser paints, not in a timer after it (the map was painted stacked, then spread).
"""
from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Template

from core.bilingual import Text
from layers.base import LegendEntry, Style
from mapview.raw_render import RawMacroElement

LEADER_COLOUR = "#455a64"
EDGE_PX = 3           # a marker's outline reaches past its radius
SHOW_FRACTION = 0.8   # how much of the smaller disc stays visible beside the bigger one
SEED_RING_PX = 12     # places sharing one position start on a ring at least this wide (leader lines show)
MAX_ROUNDS = 400      # relaxation rounds; a few dozen are enough for the plan's ~50 points
HOME_DOT_PX = 2       # the dot at a moved point's true position
SELECTED_PROPERTY = "pm_selected"  # on the selection ring (mapview.build.selection_highlight): whose ring it is


SPREAD = Text("Điểm trùng vị trí: dàn ra, nối về vị trí thật",
              "Points sharing a position: spread out, linked to the true position")


def spread_legend(lang: str) -> LegendEntry:
    return LegendEntry(SPREAD.get(lang), Style(LEADER_COLOUR, weight=1), "line")


class SpreadStacks(RawMacroElement):
    """Spread the circle markers carrying one of ``classes`` that hide each other (see module doc)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map){
            var classes = {{ this.classes | tojson }}, EDGE = {{ this.edge }}, SHOW = {{ this.show }};
            var SEED = {{ this.seed }}, ROUNDS = {{ this.rounds }};
            var LEADER = {{ this.leader_style | tojson }}, HOME = {{ this.home_style | tojson }};
            var leaders = null, homes = null;  {# every leader line one path, every home dot another #}
            var markers = [], byId = {};
            {# Ids compared code unit by code unit: localeCompare's first call loads the collation tables (tens of ms). #}
            function idOrder(a, b){
                var x = String(a.feature.id), y = String(b.feature.id);
                return x < y ? -1 : x > y ? 1 : 0;
            }
            function isPlanPoint(l){
                var cls = (l.options && l.options.className || '').split(' ')[0];
                return l instanceof L.CircleMarker && l.feature && classes.indexOf(cls) >= 0;
            }
            {# The plan's layers may arrive after this script and be swapped on a restyle (ui/map_component.py #}
            {# sends them as a dynamic feature group): collect the markers anew before every layout. #}
            function collect(){
                markers = [];
                map.eachLayer(function(l){
                    if (isPlanPoint(l)) {
                        if (!l._pmHome) { l._pmHome = l.getLatLng(); }
                        markers.push(l);
                    }
                });
                markers.sort(idOrder);
                byId = {};
                markers.forEach(function(m){ byId[m.feature.id] = m; });
            }
            {# How far apart two centres must be: the bigger disc, plus most of the smaller one, plus outlines. #}
            function apart(a, b){ return Math.max(a.r, b.r) + SHOW * Math.min(a.r, b.r) + EDGE; }
            {# Plain numbers, no L.Point per step: the relaxation runs thousands of pair checks per layout. #}
            function seed(pts){  {# places on one position start on a small ring around it, in id order #}
                var same = {};
                pts.forEach(function(pt){ var k = Math.round(pt.px) + ',' + Math.round(pt.py); (same[k] = same[k] || []).push(pt); });
                Object.keys(same).forEach(function(k){
                    var g = same[k];
                    var n = g.length, ring = SEED;
                    if (n < 2) { return; }
                    g.forEach(function(pt, i){  {# neighbours on the ring just clear of each other #}
                        ring = Math.max(ring, (pt.r + g[(i + 1) % n].r + EDGE) / (2 * Math.sin(Math.PI / n)));
                    });
                    g.forEach(function(pt, i){
                        var a = -Math.PI / 2 + 2 * Math.PI * i / n;
                        pt.x = pt.px + Math.cos(a) * ring;
                        pt.y = pt.py + Math.sin(a) * ring;
                    });
                });
            }
            function relax(pts){
                for (var round = 0; round < ROUNDS; round++) {
                    var moved = false;
                    for (var i = 0; i < pts.length; i++) {
                        for (var j = i + 1; j < pts.length; j++) {
                            var a = pts[i], b = pts[j], need = apart(a, b);
                            var dx = b.x - a.x, dy = b.y - a.y, dist = Math.sqrt(dx * dx + dy * dy);
                            if (dist >= need) { continue; }
                            var ux = dist > 1e-6 ? dx / dist : Math.cos(i + j), uy = dist > 1e-6 ? dy / dist : Math.sin(i + j);
                            var push = (need - dist) / 2 + 0.01;
                            a.x -= ux * push; a.y -= uy * push;
                            b.x += ux * push; b.y += uy * push;
                            moved = true;
                        }
                    }
                    if (!moved) { return; }
                }
            }
            function layout(){
                collect();
                var z = map.getZoom();
                var pts = markers.map(function(m){
                    var p = map.project(m._pmHome, z);
                    return {m: m, px: p.x, py: p.y, x: p.x, y: p.y, r: m.getRadius()};
                });
                seed(pts);
                relax(pts);
                var lines = [], dots = [];
                pts.forEach(function(pt){
                    var dx = pt.x - pt.px, dy = pt.y - pt.py;
                    if (Math.sqrt(dx * dx + dy * dy) < 1) {  {# at home: moved only if it was away #}
                        if (!pt.m.getLatLng().equals(pt.m._pmHome)) { pt.m.setLatLng(pt.m._pmHome); }
                        return;
                    }
                    var at = map.unproject(L.point(pt.x, pt.y), z);
                    lines.push([pt.m._pmHome, at]);
                    dots.push([pt.m._pmHome, pt.m._pmHome]);  {# a round cap on a line of no length: a dot #}
                    pt.m.setLatLng(at);
                });
                draw(lines, dots);
                map.eachLayer(follow);
                map.fire('pm:spread');  {# names that keep clear of the symbols follow (mapview.label_clearance) #}
            }
            {# Two SVG paths however many points moved (one layer per line and per dot grew the first paint's DOM),
               under every other path of the plan's pane; they never catch the mouse. Jinja comments: not sent. #}
            function draw(lines, dots){
                if (!lines.length) {
                    if (leaders) { map.removeLayer(leaders); map.removeLayer(homes); leaders = homes = null; }
                    return;
                }
                if (leaders) { leaders.setLatLngs(lines); homes.setLatLngs(dots); }
                else { leaders = L.polyline(lines, LEADER).addTo(map); homes = L.polyline(dots, HOME).addTo(map); }
                homes.bringToBack(); leaders.bringToBack();
            }
            function follow(l){  {# the selection ring goes where its point is drawn #}
                var id = l.feature && l.feature.properties && l.feature.properties[{{ this.selected_property | tojson }}];
                if (id && byId[id] && l.setLatLng) { l.setLatLng(byId[id].getLatLng()); }
            }
            {# New plan points: laid out once the script adding them is done, before the browser paints (a
               microtask; a timer ran after the first paint, so the map was drawn twice, stacked and then spread). #}
            var pending = false;
            map.on('layeradd', function(e){
                follow(e.layer);
                if (isPlanPoint(e.layer) && !e.layer._pmHome && !pending) {
                    pending = true;
                    Promise.resolve().then(function(){ pending = false; layout(); });
                }
            });
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
        self.edge, self.show, self.seed, self.rounds = EDGE_PX, SHOW_FRACTION, SEED_RING_PX, MAX_ROUNDS
        self.selected_property = SELECTED_PROPERTY
        common = {"interactive": False, "color": LEADER_COLOUR}
        self.leader_style = {**common, "weight": 1, "opacity": 0.9, "className": "pm-leader"}
        # A dot of radius HOME_DOT_PX: the round cap of a line of no length, as wide as the dot.
        self.home_style = {**common, "weight": 2 * HOME_DOT_PX, "opacity": 0.9, "lineCap": "round",
                           "className": "pm-leader-home"}
