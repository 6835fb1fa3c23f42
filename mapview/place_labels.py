"""The plan's places named on the map once it is zoomed in (walk 16, finding 10).

From ``MIN_ZOOM`` on, every plan point (urban area, industrial zone, station) carries its short
name beside its disc, as the printed maps do: "Đô thị Hưng Đạo" reads "Hưng Đạo", "Khu công nghiệp
Tân Trường" "KCN Tân Trường" (the symbol and the legend say what kind of place it is). The names are
the ones the points already carry for their tooltips: nothing more is sent but the few words below.
Each name is set with ``textContent`` (never as HTML), in the labels' pane under the plan's layers
(``mapview.labels``): it never hides a place or takes its hover or click. Where places crowd (the
city's industrial zones), the biggest places keep their names and a name that would lie over
another name or another place's disc is left out until the map is zoomed in further. A name follows its point
when the point is spread out of a stack (``mapview.spread``) and goes with it when a filter hides it.
"""
from __future__ import annotations

from jinja2 import Template

from mapview.after_paint import AFTER_PAINT_JS
from mapview.compact_js import compact_js
from mapview.label_clearance import CLEAR_PX, EDGE_PX, LINE_SEGMENTS_JS, SEGMENT_TOUCHES_JS
from mapview.label_frame import CONTROL_BOXES_JS, FRAME_PX, ON_FRAME_CHANGE_JS
from mapview.labels import LABEL_PANE, LABEL_PANE_Z
from mapview.raw_render import RawMacroElement
from mapview.selection_ring import RING_CLASS
from mapview.spread import SELECTED_PROPERTY

MIN_ZOOM = 11
GAP_PX = 3      # between a name and its own disc (and CLEAR_PX round everything else it keeps clear of)
SPREAD_REACH_PX = 8  # a place this near the selection's ring (spread beside the selected one) names itself over it
NAME_GAP_PX = 6  # between two names: a word's space, so that two names never read as one ("KCN Tân Trường Cẩm Giàng")
CELL_PX = 64    # the bucket index's cells: a name's spot is tested against what its cells hold, not everything
ABOVE = ".pm-district-label span"  # names that rank above the places' (placed first: mapview.label_clearance)
# The start of a name that its place's symbol already says, and what is left of it (the first that fits).
SHORTER = {
    "vi": [["Khu công nghiệp ", "KCN "], ["Cụm công nghiệp ", "CCN "], ["Thành phố ", ""], ["Thị xã ", ""],
           ["Thị trấn ", ""], ["Đô thị ", ""], ["Xã ", ""]],
    "en": [["Khu công nghiệp ", "IZ "], ["Cụm công nghiệp ", "IC "], ["Thành phố ", ""], ["Thị xã ", ""],
           ["Thị trấn ", ""], ["Đô thị ", ""], ["Xã ", ""]],
}


class PlaceLabels(RawMacroElement):
    """Short names beside the plan's points of ``classes`` (their layers' first CSS class), from ``min_zoom``."""

    _template = Template(compact_js(
        """
        {% macro header(this, kwargs) %}
        <style>
          .pm-place-label { white-space: nowrap; width: auto !important; height: auto !important; pointer-events: none !important; }
          .pm-place-label span { display: inline-block; position: absolute; left: 0; top: 0; visibility: hidden; color: #263238; font: 600 11px/1.1 sans-serif;
                                 text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
          .pm-hide-places .pm-place-label { display: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
            var pane = {{ this.pane | tojson }}, classes = {{ this.classes | tojson }}, shorter = {{ this.shorter | tojson }};
            if (!map.getPane(pane)) { map.createPane(pane).style.zIndex = {{ this.pane_z }}; }
            function shortName(name) {
                name = String(name).replace(/\\s*\\([^)]*\\)\\s*$/, '');  // "Ga Hải Dương Nam (ga Gia Lộc)": its first name
                for (var i = 0; i < shorter.length; i++) {
                    if (name.indexOf(shorter[i][0]) === 0 && name.length > shorter[i][0].length) {
                        return shorter[i][1] + name.slice(shorter[i][0].length);
                    }
                }
                return name;
            }
            function isRing(l) { return String(l.options.className || '').split(' ')[0] === {{ this.ring | tojson }}; }
            function isPlace(l) {
                return l instanceof L.CircleMarker && l.feature && l.feature.properties && l.feature.properties.name
                    && classes.indexOf(String(l.options.className || '').split(' ')[0]) >= 0;
            }
            var placed = [], pending = false, sizes = {}, lineSegments = {{ this.segments_js }}, touches = {{ this.touches_js }};
            var controlBoxes = {{ this.controls_js }}, onFrameChange = {{ this.frame_change_js }};
            var SPOTS = [[1, 0], [1, -1], [1, 1], [-1, 0], [-1, -1], [-1, 1], [0, -1], [0, 1]];  // E, NE, SE, W, NW, SW, N, S
            function rank(d) { return classes.indexOf(String(d.point.options.className || '').split(' ')[0]); }
            function byRank(a, b) {  // the first class (urban areas) first, biggest first, then by id: the same every time
                return rank(a) - rank(b) || b.point.getRadius() - a.point.getRadius()
                    || (String(a.point.feature.id) < String(b.point.feature.id) ? -1 : 1);
            }
            // A bucket index of what a name must keep clear of, in the map's pixels: each item is filed under the
            // cells its box covers, and a name's spot is tested only against the items of the cells it covers.
            function grid(size) {
                var cell = {{ this.cell }}, cols = Math.ceil(size.x / cell) + 1, rows = Math.ceil(size.y / cell) + 1;
                var cells = new Array(cols * rows), seen = 0;
                function span(b, f) {
                    var i0 = Math.max(0, Math.floor(b[0] / cell)), i1 = Math.min(cols - 1, Math.floor(b[2] / cell));
                    var j0 = Math.max(0, Math.floor(b[1] / cell)), j1 = Math.min(rows - 1, Math.floor(b[3] / cell));
                    for (var i = i0; i <= i1; i++) { for (var j = j0; j <= j1; j++) { f(j * cols + i); } }
                }
                return {
                    add: function(item) { span(item.box, function(k){ (cells[k] || (cells[k] = [])).push(item); }); },
                    hits: function(b, owner) {  // whether anything but the own disc of owner meets the box
                        var stamp = ++seen, hit = false;
                        span(b, function(k){
                            if (hit || !cells[k]) { return; }
                            for (var n = 0; n < cells[k].length && !hit; n++) {
                                var it = cells[k][n];
                                if (it.seen === stamp || it.owner === owner || (it.lets && it.lets(owner))) { continue; }
                                it.seen = stamp;
                                hit = it.hit(b);
                            }
                        });
                        return hit;
                    }
                };
            }
            function boxItem(b, pad) {
                var box = [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad];
                return {box: box, hit: function(o){ return o[0] < box[2] && box[0] < o[2] && o[1] < box[3] && box[1] < o[3]; }};
            }
            function discItem(x, y, r, owner) {
                return {box: [x - r, y - r, x + r, y + r], owner: owner, hit: function(o){
                    var dx = Math.max(o[0] - x, 0, x - o[2]), dy = Math.max(o[1] - y, 0, y - o[3]);
                    return dx * dx + dy * dy < r * r;
                }};
            }
            function lineItem(l) {
                return {box: [Math.min(l[0], l[2]) - l[4], Math.min(l[1], l[3]) - l[4], Math.max(l[0], l[2]) + l[4], Math.max(l[1], l[3]) + l[4]],
                        hit: function(o){ return touches(l, o[0], o[1], o[2], o[3]); }};
            }
            function shown(e) { var r = e.getBoundingClientRect(); return r.width > 0 && getComputedStyle(e).visibility !== 'hidden' ? r : null; }
            function declutter() {  // as a cartographer does: each name at the first free spot round its disc, or hidden
                pending = false;
                toggle();  // the names shown for the zoom now: a zoom still animating has not ended (its zoomend)
                if (map.getZoom() < {{ this.min_zoom }}) { return; }
                var size = map.getSize(), frame = map.getContainer().getBoundingClientRect(), index = grid(size);
                var gap = {{ this.gap }}, clear = {{ this.clear }}, apart = {{ this.name_gap }};
                function local(r, pad) { return boxItem([r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top], pad); }
                // Reads first (one layout): the controls, the names of higher rank (districts), every size not known yet.
                controlBoxes(map, 0).forEach(function(b){ index.add(boxItem(b, clear)); });
                document.querySelectorAll({{ this.above | tojson }}).forEach(function(e){
                    var r = shown(e); if (r) { index.add(local(r, apart)); }
                });
                var live = placed.filter(function(d){ return d.label._icon && map.hasLayer(d.point); });
                // A size read as 0 (not laid out yet) is read again next time, not kept.
                live.forEach(function(d){ if (!(sizes[d.key] && sizes[d.key][0])) { sizes[d.key] = [d.span.offsetWidth, d.span.offsetHeight]; } });
                var ringed = {};  // the selected place's id: its ring's outer radius (its name goes round the ring)
                map.eachLayer(function(l){  // every place's disc, and the selection's ring (drawn over the names)
                    if (l instanceof L.CircleMarker && l.feature && l.feature.properties && (l.feature.properties.name || isRing(l))) {
                        var p = map.latLngToContainerPoint(l.getLatLng()), ring = isRing(l);
                        if (ring) { ringed[l.feature.properties[{{ this.selected | tojson }}]] = l.getRadius() + {{ this.edge }} + clear; }
                        var item = discItem(p.x, p.y, l.getRadius() + {{ this.edge }} + clear, ring ? null : l);
                        if (ring) {  // the places on it or in it (spread beside the selected one) name themselves as before
                            var id = l.feature.properties[{{ this.selected | tojson }}], reach = l.getRadius() + {{ this.edge }} + {{ this.spread_reach }};
                            item.lets = function(o){ if (o.feature.properties.id === id) { return false; }
                                var q = map.latLngToContainerPoint(o.getLatLng()); return Math.hypot(q.x - p.x, q.y - p.y) < reach; };
                        }
                        index.add(item);
                    }
                });
                lineSegments(map, function(ll){ return map.latLngToContainerPoint(ll); }, clear, [0, 0, size.x, size.y])
                    .forEach(function(l){ index.add(lineItem(l)); });
                var edge = {{ this.margin }};
                live.sort(byRank).forEach(function(d){
                    var w = sizes[d.key][0], h = sizes[d.key][1], r = Math.max(d.point.getRadius(), ringed[d.point.feature.properties.id] || 0);
                    var c = map.latLngToContainerPoint(d.point.getLatLng()), at = null;
                    for (var k = 0; k < SPOTS.length && !at && w > 0; k++) {
                        var sx = SPOTS[k][0], sy = SPOTS[k][1], along = sx && sy ? 0.7 * r : r;  // a corner spot hugs the disc
                        var x = sx > 0 ? c.x + along + gap : sx < 0 ? c.x - along - gap - w : c.x - w / 2;
                        var y = sy > 0 ? c.y + along + (sx ? 0 : gap) : sy < 0 ? c.y - along - (sx ? 0 : gap) - h : c.y - h / 2;
                        var b = [x, y, x + w, y + h];
                        if (b[0] >= edge && b[1] >= edge && b[2] <= size.x - edge && b[3] <= size.y - edge && !index.hits(b, d.point)) { at = b; }
                    }
                    d.at = at ? [at[0] - c.x, at[1] - c.y] : null;
                    if (at) { index.add(boxItem(at, apart)); }
                });
                live.forEach(function(d){  // then the writes
                    if (d.at) { d.span.style.transform = 'translate(' + d.at[0] + 'px, ' + d.at[1] + 'px)'; }
                    d.span.style.visibility = d.at ? 'visible' : 'hidden';
                });
            }
            function toggle() { L.DomUtil[map.getZoom() < {{ this.min_zoom }} ? 'addClass' : 'removeClass'](map.getContainer(), 'pm-hide-places'); }
            function later() { if (!pending) { pending = true; window.requestAnimationFrame(function(){ setTimeout(declutter, 0); }); } }
            onFrameChange(map, later);
            map.on('pm:names', later);  // the district names have moved
            map.on('layerremove', function(e){ if (isRing(e.layer)) { later(); } });  // the ring moved to another place
            // Below min_zoom the names are hidden: made after the paint, not on its way (mapview.after_paint), for
            // the first view and for each redraw of the plan's layers (a filter change adds them all again).
            var waiting = null;
            function afterPaint(l) {
                if (!waiting) { waiting = []; {{ this.after_paint }}(function(){ var added = waiting; waiting = null; added.forEach(name); }); }
                if (l) { waiting.push(l); }
            }
            if (map.getZoom() < {{ this.min_zoom }}) { afterPaint(null); }
            map.on('layeradd', function(e){
                if (isRing(e.layer)) { later(); return; }
                if (waiting || (map.getZoom() < {{ this.min_zoom }} && isPlace(e.layer))) { afterPaint(e.layer); } else { name(e.layer); }
            });
            function name(l){
                if (!isPlace(l) || l._pmPlaceLabel || !map.hasLayer(l)) { return; }
                var span = document.createElement('span');
                span.textContent = shortName(l.feature.properties.name);
                var label = l._pmPlaceLabel = L.marker(l.getLatLng(), {pane: pane, interactive: false, keyboard: false,
                    icon: L.divIcon({className: 'pm-place-label', html: span, iconSize: null})}).addTo(map);
                var entry = {point: l, label: label, span: span, key: span.textContent};
                placed.push(entry);
                l.on('move', function(m){ label.setLatLng(m.latlng); later(); });
                l.once('remove', function(){
                    map.removeLayer(label); l._pmPlaceLabel = null; placed.splice(placed.indexOf(entry), 1);
                });
                later();
            }
            toggle();
            map.on('zoomend', toggle);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    ))

    def __init__(self, classes: list[str], lang: str = "vi", min_zoom: float = MIN_ZOOM) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.classes, self.min_zoom = list(classes), min_zoom
        self.shorter = SHORTER["en" if lang == "en" else "vi"]
        self.pane, self.pane_z = LABEL_PANE, LABEL_PANE_Z
        self.after_paint = AFTER_PAINT_JS
        self.gap, self.clear, self.edge, self.margin = GAP_PX, CLEAR_PX, EDGE_PX, FRAME_PX
        self.cell, self.above, self.name_gap, self.ring, self.selected = CELL_PX, ABOVE, NAME_GAP_PX, RING_CLASS, SELECTED_PROPERTY
        self.spread_reach = SPREAD_REACH_PX
        self.segments_js, self.touches_js = LINE_SEGMENTS_JS, SEGMENT_TOUCHES_JS
        self.controls_js, self.frame_change_js = CONTROL_BOXES_JS, ON_FRAME_CHANGE_JS
