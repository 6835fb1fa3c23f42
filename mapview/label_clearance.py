"""Names that give way to the plan's symbols on the web map, as the print map's do (export/labels.py).

A district's name sits at a point inside it, and the plan's towns are often there too: on the first
view ten of the twelve names lay under a town's disc. After every layout of the points
(``mapview.spread`` fires ``pm:spread``; a zoom or a layer swap makes one), each name moves to the
nearest spot on a small grid round its own point whose box is clear of every circle marker, of the
plan's lines where it can be, and of the names set before it, with its middle half inside its own
district (a name never sits in the neighbour it would mislabel; at the first zoom most districts are
narrower than their names, so its ends may cross the line). With no free spot within reach it tries
again 0.85× smaller (as the print map's names do); a district with no room at all (the city at the first zoom,
crowded with its places: "Hải Dương" read "Hả…ương" under the class-I disc) has its name beside it, clear, with
some of its middle row in its district; only then does it stay home, under the symbols.
Every spot lies whole inside the map as seen and clear of its controls (``mapview.label_frame``: at
zoom 12 in the west names were cut at the edge, "Hả…", "Na…", or lay under the scale); a name whose
point is out of view looks for room from the nearest point in view, and a name with no such spot in
its district is hidden. So it runs again when a move ends, the window is resized or the legend folds.
Works in layer pixels, so it holds at every zoom and window size.

It runs after the first paint and after every zoom, on the browser's one thread, so it is kept cheap:
only the symbols, names and lines within a name's reach are looked at, the obstacles are marked on
the name's grid of spots at once instead of tested spot by spot, and its district is read row by row
(measured on the first view, 1500×1000, loaded machine: ~20 ms a layout before, 2–5 ms after; the
first one, before the browser has compiled it, 55–115 ms before, 22–32 ms after).
"""
from __future__ import annotations

from mapview.after_paint import AFTER_PAINT_JS
from mapview.compact_js import compact_js
from mapview.label_frame import CONTROL_BOXES_JS, ON_FRAME_CHANGE_JS

CLEAR_PX = 2   # gap kept between a name's box and a symbol's outline
EDGE_PX = 3    # a circle marker's outline reaches past its radius (mapview.spread.EDGE_PX)
REACH_UP = 6   # a name moves at most this many of its heights up or down ...
REACH_SIDE = 1.5  # ... and this many of its widths sideways
SHRINK = 0.85  # with no free spot at its size, a name tries this much smaller (the print map's, export.name_spots.NAME_SHRINK)

# The plan's drawn lines (railways, Ring Road V: polylines of a feature, not areas) as segments
# [ax, ay, bx, by, half width + ``clear``], in the pixels ``project`` (a LatLng -> L.Point) gives. ``within``
# ([x0, y0, x1, y1] or null) keeps only the segments whose box meets it: the rest can touch no name.
LINE_SEGMENTS_JS = compact_js("""function(map, project, clear, within){
    var out = [];
    map.eachLayer(function(l){
        if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l.feature && map.hasLayer(l)) {
            var pad = (l.options.weight || 1) / 2 + clear;
            (function flat(part){  // the vertices of a line, or (a multi-part line) a list of them
                if (!part.length) { return; }
                if (!(part[0] instanceof L.LatLng)) { part.forEach(flat); return; }
                var a = project(part[0]);
                for (var i = 1; i < part.length; i++) {
                    var b = project(part[i]);
                    if (!within || (Math.min(a.x, b.x) - pad <= within[2] && Math.max(a.x, b.x) + pad >= within[0]
                                    && Math.min(a.y, b.y) - pad <= within[3] && Math.max(a.y, b.y) + pad >= within[1])) {
                        out.push([a.x, a.y, b.x, b.y, pad]);
                    }
                    a = b;
                }
            })(l.getLatLngs());
        }
    });
    return out;
}""")

# Whether a segment [ax, ay, bx, by, pad] comes within pad of the box [x0, y0, x1, y1]: clipped to the
# widened box, parameter by parameter (Liang–Barsky), as numbers (it runs for every spot tried).
SEGMENT_TOUCHES_JS = compact_js("""function(l, x0, y0, x1, y1){
    var t0 = 0, t1 = 1, dx = l[2] - l[0], dy = l[3] - l[1];
    var p = [-dx, dx, -dy, dy], q = [l[0] - (x0 - l[4]), (x1 + l[4]) - l[0], l[1] - (y0 - l[4]), (y1 + l[4]) - l[1]];
    for (var k = 0; k < 4; k++) {
        if (p[k] === 0) { if (q[k] < 0) { return false; } continue; }
        var r = q[k] / p[k];
        if (p[k] < 0) { if (r > t1) { return false; } if (r > t0) { t0 = r; } }
        else { if (r < t0) { return false; } if (r < t1) { t1 = r; } }
    }
    return true;
}""")

# Placement of one MapLabels set: ``labels`` is [{m: L.Marker, span: its text element, area: GeoJSON or null}].
CLEARANCE_JS = compact_js("""
function(map, labels, opts){
    var sizes = null, queued = null, lineSegments = %(segments)s, touches = %(touches)s, controlBoxes = %(controls)s;
    // A name's district along one row of spots: the longitudes where the row's latitude crosses the
    // district's edges (every ring, holes too: even-odd, the same answer as outer-minus-holes for a valid
    // polygon). A point of the row is inside where an odd number of them lie east of it. Each row is
    // worked out once per name and zoom, not once per spot tried: an outline has hundreds of vertices.
    function crossings(area, lat){
        var out = [], polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
        polys.forEach(function(rings){ rings.forEach(function(ring){
            for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
                var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
                if ((yi > lat) !== (yj > lat)) { out.push((xj - xi) * (lat - yi) / (yj - yi) + xi); }
            }
        }); });
        return out;
    }
    function areaTest(area){  // inside(x, y) in layer pixels, for one name's district (no district: anywhere)
        if (!area) { return function(){ return true; }; }
        var rows = {}, west = map.layerPointToLatLng(L.point(0, 0)).lng;
        var perPx = (map.layerPointToLatLng(L.point(1024, 0)).lng - west) / 1024;  // longitude is linear in x
        return function(x, y){
            var row = rows[y] || (rows[y] = crossings(area, map.layerPointToLatLng(L.point(x, y)).lat));
            var lng = west + x * perPx, east = 0;
            for (var i = 0; i < row.length; i++) { if (lng < row[i]) { east++; } }
            return east %% 2 === 1;
        };
    }
    function discs(){  // [x, y, radius kept clear] of every circle marker, in layer pixels
        var out = [];
        map.eachLayer(function(l){
            if (l instanceof L.CircleMarker && l.feature && map.hasLayer(l)) {
                var p = map.latLngToLayerPoint(l.getLatLng());
                out.push([p.x, p.y, l.getRadius() + opts.edge + opts.clear]);
            }
        });
        return out;
    }
    function segments(){  // [from, to, half width kept clear] of the plan's lines, in layer pixels
        return lineSegments(map, function(ll){ return map.latLngToLayerPoint(ll); }, opts.clear);
    }
    var allSpots = [], widest = -1;  // offsets [i, j] in steps, nearest first (a name's are those with |i| <= its cols)
    function spotsWithin(cols, rows){
        if (cols > widest) {  // made once for the widest name: the others take a filter of it, in the same order
            allSpots = [];
            for (var i = -cols; i <= cols; i++) {
                for (var j = -rows; j <= rows; j++) { allSpots.push([i, j, Math.hypot(i, 1.5 * j)]); }
            }
            allSpots.sort(function(a, b){ return a[2] - b[2]; });
            widest = cols;
        }
        return cols === widest ? allSpots : allSpots.filter(function(o){ return Math.abs(o[0]) <= cols; });
    }
    function near(items, reach, box){  // what can touch a box somewhere within ``reach``: the rest is never tested
        return items.filter(function(it){ var b = box(it);
            return b[0] <= reach[2] && b[2] >= reach[0] && b[1] <= reach[3] && b[3] >= reach[1]; });
    }
    function discBox(c){ return [c[0] - c[2], c[1] - c[2], c[0] + c[2], c[1] + c[2]]; }
    function segmentBox(l){
        return [Math.min(l[0], l[2]) - l[4], Math.min(l[1], l[3]) - l[4], Math.max(l[0], l[2]) + l[4], Math.max(l[1], l[3]) + l[4]];
    }
    function takenBox(o){ return [o[0] - opts.clear, o[1] - opts.clear, o[2] + opts.clear, o[3] + opts.clear]; }
    // The spots of a name's grid (2 cols + 1 by 2 rows + 1, ``step`` apart round ``home``) where a box of half
    // size hw × hh would touch a disc or a name set before: marked obstacle by obstacle over the columns and
    // rows each can reach, not tested spot by spot (a name with no room tries thousands of spots).
    function blockedSpots(home, step, cols, rows, hw, hh, discsNear, takenNear){
        var height = 2 * rows + 1, blocked = new Uint8Array((2 * cols + 1) * height);
        function mark(i, cy, reachY){  // column i: every row whose y lies within reachY of cy
            for (var j = Math.max(-rows, Math.floor((cy - reachY - home.y) / step)); j <= rows; j++) {
                var dy = Math.abs(home.y + j * step - cy);
                if (dy < reachY) { blocked[(i + cols) * height + j + rows] = 1; } else if (home.y + j * step > cy) { return; }
            }
        }
        for (var i = -cols; i <= cols; i++) {
            var x = home.x + i * step;
            discsNear.forEach(function(c){  // touches where the box's nearest point is within the radius
                var gapX = Math.max(0, Math.abs(x - c[0]) - hw);
                if (gapX < c[2]) { mark(i, c[1], hh + Math.sqrt(c[2] * c[2] - gapX * gapX)); }
            });
            takenNear.forEach(function(o){  // overlaps, with the gap kept between names
                if (x - hw < o[2] + opts.clear && x + hw > o[0] - opts.clear) { mark(i, (o[1] + o[3]) / 2, (o[3] - o[1]) / 2 + opts.clear + hh); }
            });
        }
        return function(o){ return blocked[(o[0] + cols) * height + o[1] + rows] === 1; };
    }
    function crossesLine(x0, y0, x1, y1, linesNear){
        for (var i = 0; i < linesNear.length; i++) { if (touches(linesNear[i], x0, y0, x1, y1)) { return true; } }
        return false;
    }
    function place(){
        queued = null;
        if (!sizes) {  // one read of every name's size (they do not change with the zoom)
            sizes = labels.map(function(d){ return [d.span.offsetWidth, d.span.offsetHeight]; });
        }
        // The map as seen, in layer pixels: a name lies inside it, clear of the controls (filed as names set before).
        var origin = map.containerPointToLayerPoint([0, 0]), size = map.getSize(), e = opts.frame;
        var view = [origin.x + e, origin.y + e, origin.x + size.x - e, origin.y + size.y - e];
        var symbols = discs(), lines = segments(), taken = controlBoxes(map, 0).map(function(b){
            return [b[0] + origin.x, b[1] + origin.y, b[2] + origin.x, b[3] + origin.y]; });
        function seen(x, y, hw, hh){ return x - hw >= view[0] && x + hw <= view[2] && y - hh >= view[1] && y + hh <= view[3]; }
        function clearOfControls(b){
            return taken.every(function(o){ return b[2] <= o[0] - opts.clear || b[0] >= o[2] + opts.clear || b[3] <= o[1] - opts.clear || b[1] >= o[3] + opts.clear; });
        }
        labels.forEach(function(d, k){
            var w = sizes[k][0], h = sizes[k][1], at = null, size = 1;
            if (!w || !h) { return; }  // hidden (a name set shown only from some zoom)
            var own = map.latLngToLayerPoint(d.m.getLatLng()), step = h / 3;
            // A point outside the view looks for room from the nearest point within it (its district may reach in).
            var home = L.point(Math.max(view[0] + w / 2, Math.min(own.x, view[2] - w / 2)), Math.max(view[1] + h / 2, Math.min(own.y, view[3] - h / 2)));
            var cols = Math.ceil(opts.side * w / step), rows = opts.up * 3, spots = spotsWithin(cols, rows);
            var reach = [home.x - cols * step - w / 2, home.y - rows * step - h / 2, home.x + cols * step + w / 2, home.y + rows * step + h / 2];
            var discsNear = near(symbols, reach, discBox), takenNear = near(taken, reach, takenBox);
            var linesNear = near(lines, reach, segmentBox), inside = areaTest(d.area);
            // Clear of the lines too if it can be, else of the symbols alone (a name may cross a road, not hide a
            // town); then the same at a smaller size, as the print map does (export/labels.py, NAME_SHRINK). A
            // district with no such room (the city at the first zoom, crowded with its places) has its name beside
            // it instead of under a place's disc: clear, with some of its middle row in its district, nearest first.
            [[1, true], [opts.shrink, true], [1, false], [opts.shrink, false]].some(function(stage){
                var scale = stage[0], within = stage[1], hw = w * scale / 2, hh = h * scale / 2;
                var blocked = blockedSpots(home, step, cols, rows, hw, hh, discsNear, takenNear);
                function ours(x, y){  // its middle half in its district, or (beside it) some of its middle row
                    if (within) { return inside(x, y) && inside(x - hw / 2, y) && inside(x + hw / 2, y); }
                    return inside(x, y) || inside(x - hw / 2, y) || inside(x + hw / 2, y) || inside(x - hw, y) || inside(x + hw, y);
                }
                function free(o, avoid){
                    if (blocked(o)) { return false; }
                    var x = home.x + o[0] * step, y = home.y + o[1] * step;
                    return seen(x, y, hw, hh) && !crossesLine(x - hw, y - hh, x + hw, y + hh, avoid) && ours(x, y);
                }
                at = spots.find(function(o){ return free(o, linesNear); })
                    || (linesNear.length ? spots.find(function(o){ return free(o, []); }) : null) || null;
                size = at ? scale : 1;
                return at !== null;
            });
            // No free spot: home, under the symbols, if the whole name is seen there clear of the controls, else hidden.
            var dx = at ? home.x - own.x + at[0] * step : 0, dy = at ? home.y - own.y + at[1] * step : 0;
            var box = [own.x + dx - size * w / 2, own.y + dy - size * h / 2, own.x + dx + size * w / 2, own.y + dy + size * h / 2];
            var shown = at !== null || (seen(own.x, own.y, w / 2, h / 2) && clearOfControls(box));
            if (shown) { taken.push(box); }
            d.span.style.transform = 'translate(' + (dx - w / 2) + 'px, ' + (dy - h / 2) + 'px)' + (size < 1 ? ' scale(' + size + ')' : '');
            d.span.style.visibility = shown ? '' : 'hidden';
            d.span.setAttribute('data-pm-moved', dx || dy ? '1' : '0');
        });
        map.fire('pm:names');  // names of lower rank that give way to these place themselves again (mapview.place_labels)
    }
    var painted = false;  // the first picture does not wait for this: it forces a layout to read the sizes
    function schedule(){ if (painted && !queued) { queued = setTimeout(place, 0); } }  // after every zoomend handler
    map.on('pm:spread', schedule);
    (%(frame_change)s)(map, schedule);
    %(after_paint)s(function(){ painted = true; place(); });
}
""" % {"after_paint": AFTER_PAINT_JS, "segments": LINE_SEGMENTS_JS, "touches": SEGMENT_TOUCHES_JS,
   "controls": CONTROL_BOXES_JS, "frame_change": ON_FRAME_CHANGE_JS})
