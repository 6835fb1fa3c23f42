"""Names that give way to the plan's symbols on the web map, as the print map's do (export/labels.py).

A district's name sits at a point inside it, and the plan's towns are often there too: on the first
view ten of the twelve names lay under a town's disc. After every layout of the points
(``mapview.spread`` fires ``pm:spread``; a zoom or a layer swap makes one), each name moves to the
nearest spot on a small grid round its own point whose box is clear of every circle marker, of the
plan's lines where it can be, and of the names set before it, with its middle half inside its own
district (a name never sits in the neighbour it would mislabel; at the first zoom most districts are
narrower than their names, so its ends may cross the line). With no free spot within reach it tries
again 0.85× smaller (as the print map's names do), then stays home, under the symbols, as before.
Works in layer pixels, so it holds at every zoom and window size.
"""
from __future__ import annotations

from mapview.after_paint import AFTER_PAINT_JS

CLEAR_PX = 2   # gap kept between a name's box and a symbol's outline
EDGE_PX = 3    # a circle marker's outline reaches past its radius (mapview.spread.EDGE_PX)
REACH_UP = 6   # a name moves at most this many of its heights up or down ...
REACH_SIDE = 1.5  # ... and this many of its widths sideways
SHRINK = 0.85  # with no free spot at its size, a name tries this much smaller (the print map's, export.name_spots.NAME_SHRINK)

# Placement of one MapLabels set: ``labels`` is [{m: L.Marker, span: its text element, area: GeoJSON or null}].
CLEARANCE_JS = """
function(map, labels, opts){
    var sizes = null, queued = null;
    function inRing(x, y, ring){
        var inside = false;
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
            if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
        }
        return inside;
    }
    function inArea(area, p){
        if (!area) { return true; }
        var ll = map.layerPointToLatLng(p), polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
        return polys.some(function(rings){
            return inRing(ll.lng, ll.lat, rings[0]) && !rings.slice(1).some(function(hole){ return inRing(ll.lng, ll.lat, hole); });
        });
    }
    function discs(){
        var out = [];
        map.eachLayer(function(l){
            if (l instanceof L.CircleMarker && l.feature && map.hasLayer(l)) {
                var p = map.latLngToLayerPoint(l.getLatLng());
                out.push([p.x, p.y, l.getRadius() + opts.edge + opts.clear]);
            }
        });
        return out;
    }
    function segments(){  // the plan's lines, in layer pixels
        var out = [];
        map.eachLayer(function(l){
            if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l.feature && map.hasLayer(l)) {
                var pad = (l.options.weight || 1) / 2 + opts.clear;
                [].concat(l.getLatLngs()).forEach(function flat(part){
                    if (!part.length) { return; }
                    if (!(part[0] instanceof L.LatLng)) { part.forEach(flat); return; }
                    for (var i = 1; i < part.length; i++) {
                        out.push([map.latLngToLayerPoint(part[i - 1]), map.latLngToLayerPoint(part[i]), pad]);
                    }
                });
            }
        });
        return out;
    }
    function hitsLine(b, s){
        return L.LineUtil.clipSegment(s[0], s[1], L.bounds([b[0] - s[2], b[1] - s[2]], [b[2] + s[2], b[3] + s[2]])) !== false;
    }
    function hitsDisc(b, d){
        var nx = Math.max(b[0], Math.min(d[0], b[2])), ny = Math.max(b[1], Math.min(d[1], b[3]));
        var dx = d[0] - nx, dy = d[1] - ny;
        return dx * dx + dy * dy < d[2] * d[2];
    }
    function hitsBox(b, o){
        return b[0] < o[2] + opts.clear && b[2] > o[0] - opts.clear && b[1] < o[3] + opts.clear && b[3] > o[1] - opts.clear;
    }
    function place(){
        queued = null;
        if (!sizes) {  // one read of every name's size (they do not change with the zoom)
            sizes = labels.map(function(d){ return [d.span.offsetWidth, d.span.offsetHeight]; });
        }
        var symbols = discs(), lines = segments(), taken = [];
        function free(d, box, x, y, w, withLines){
            return !symbols.some(function(c){ return hitsDisc(box, c); }) && !taken.some(function(o){ return hitsBox(box, o); })
                && !(withLines && lines.some(function(l){ return hitsLine(box, l); }))
                && inArea(d.area, L.point(x, y)) && inArea(d.area, L.point(x - w / 4, y)) && inArea(d.area, L.point(x + w / 4, y));
        }
        labels.forEach(function(d, k){
            var w = sizes[k][0], h = sizes[k][1], at = null;
            if (!w || !h) { return; }  // hidden (a name set shown only from some zoom)
            var home = map.latLngToLayerPoint(d.m.getLatLng()), step = h / 3, spots = [];
            for (var i = -Math.ceil(opts.side * w / step); i <= Math.ceil(opts.side * w / step); i++) {
                for (var j = -opts.up * 3; j <= opts.up * 3; j++) { spots.push([i * step, j * step]); }
            }
            spots.sort(function(a, b){ return Math.hypot(a[0], 1.5 * a[1]) - Math.hypot(b[0], 1.5 * b[1]); });
            // Clear of the lines too if it can be, else of the symbols alone (a name may cross a road, not hide a
            // town); then the same at a smaller size, as the print map does (export/labels.py, NAME_SHRINK).
            var size = 1;
            [[1, true], [1, false], [opts.shrink, true], [opts.shrink, false]].some(function(tryout){
                var sw = w * tryout[0], sh = h * tryout[0];
                at = spots.find(function(o){
                    var x = home.x + o[0], y = home.y + o[1];
                    return free(d, [x - sw / 2, y - sh / 2, x + sw / 2, y + sh / 2], x, y, sw, tryout[1]);
                }) || null;
                size = at ? tryout[0] : 1;
                return at !== null;
            });
            var dx = at ? at[0] : 0, dy = at ? at[1] : 0;
            if (at) { taken.push([home.x + dx - size * w / 2, home.y + dy - size * h / 2, home.x + dx + size * w / 2, home.y + dy + size * h / 2]); }
            d.span.style.transform = 'translate(' + (dx - w / 2) + 'px, ' + (dy - h / 2) + 'px)' + (size < 1 ? ' scale(' + size + ')' : '');
            d.span.setAttribute('data-pm-moved', dx || dy ? '1' : '0');
        });
    }
    var painted = false;  // the first picture does not wait for this: it forces a layout to read the sizes
    function schedule(){ if (painted && !queued) { queued = setTimeout(place, 0); } }  // after every zoomend handler
    map.on('zoomend pm:spread', schedule);
    %(after_paint)s(function(){ painted = true; place(); });
}
""" % {"after_paint": AFTER_PAINT_JS}
