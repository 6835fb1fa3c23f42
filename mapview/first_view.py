"""The map's first view: a kept or linked view when there is one, else the province, without animation.

folium's ``fit_bounds`` is an *animated* ``fitBounds``: Leaflet starts its zoom animation on the next
animation frame, after every script of the map has run, so it ended after ``mapview.keep_view`` had
restored a link's view and put the province back over it (a link ``?c=…&z=12`` opened at zoom 9.5).
Here the first view is set once, at once, before any layer is drawn (a view set later moves and
redraws every path): the link's (else the page's last) view when ``keep`` and there is one, else
the box fitted.

``free_area``: the controls float over the map (zoom and drawing toolbars top left, the legend
bottom left, the scale bottom right, a past date's stamp top right), and a fit that ignores them
put the province in the right half of the map, a third of its width (walk 16, finding 17). Once
the controls are built (they come after the first paint: mapview.after_paint) the box is fitted
again, without animation, into the largest part of the map they leave free: each corner's controls
are kept clear of by cutting the map from one side or the other, whichever lets the box be
largest. A resize (a window, a phone turned) fits it again to the new size. This stops for good as soon as
the user (or the app) moves the map; a tap that moves nothing does not stop it.
"""
from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from mapview.compact_js import compact_js
from mapview.keep_view import SAVED_VIEW_JS
from mapview.legend import SMALL_MAP_PX

MARGIN_PX = 8  # between the fitted box and the map's edge or a control


class FirstView(MacroElement):
    """Set the map's first view: ``bounds`` ([[south, west], [north, east]]) fitted, unless a view is kept."""

    _template = Template(compact_js(
        """
        {% macro script(this, kwargs) %}
        (function(map){
            var bounds = L.latLngBounds({{ this.bounds | tojson }}), opts = {{ this.options | tojson }};
            var saved = {{ ('(' ~ this.saved_view_js ~ ')()') if this.keep else 'null' }};
            if (saved) {
                map._pmKeptView = true;  // mapview.fill_frame and the refit below leave it alone
                map.setView([saved.lat, saved.lng], saved.zoom, {reset: true});  // exact (a pan moves by whole pixels)
                return;
            }
            // A phone's legend opens folded: the toolbars' column is what the first fit keeps clear of.
            var topLeft = window.innerWidth < opts.narrowPx ? opts.narrowTopLeft : opts.topLeft;
            map.fitBounds(bounds, {paddingTopLeft: topLeft, paddingBottomRight: opts.bottomRight,
                                   maxZoom: opts.maxZoom, animate: false});
            {% if this.free_area %}
            var last = null, lastPad = null, done = false, touched = false, fitting = false, lastSize = null;
            function here() { var c = map.getCenter(); return [c.lat, c.lng, map.getZoom()]; }
            function same(a, b) { return a && b && a.every(function(v, i){ return Math.abs(v - b[i]) < 1e-9; }); }
            function stop() { done = true; }
            function mark() { last = here(); lastSize = map.getSize(); }
            mark();
            function corners() {  // each corner's controls as one box, in the map's pixels
                var box = map.getContainer().getBoundingClientRect(), out = [];
                map.getContainer().querySelectorAll('.leaflet-control-container > div').forEach(function(corner){
                    var r = null;
                    [].forEach.call(corner.children, function(c){
                        var b = c.getBoundingClientRect();
                        if (!b.width || !b.height || getComputedStyle(c).visibility === 'hidden') { return; }
                        r = r ? {l: Math.min(r.l, b.left), t: Math.min(r.t, b.top), r: Math.max(r.r, b.right), b: Math.max(r.b, b.bottom)}
                              : {l: b.left, t: b.top, r: b.right, b: b.bottom};
                    });
                    if (r) { out.push({l: r.l - box.left, t: r.t - box.top, r: r.r - box.left, b: r.b - box.top}); }
                });
                return out;
            }
            function freeArea() {  // the paddings that leave the most room for the box, each control kept clear of
                var size = map.getSize(), boxes = corners(), m = {{ this.margin }}, best = null;
                var n = Math.pow(4, boxes.length);
                for (var k = 0; k < n; k++) {
                    var p = [m, m, m, m], code = k;  // left, top, right, bottom
                    boxes.forEach(function(b){
                        var side = code % 4; code = Math.floor(code / 4);
                        var cut = [b.r, b.b, size.x - b.l, size.y - b.t][side] + m;
                        p[side] = Math.max(p[side], cut);
                    });
                    if (size.x - p[0] - p[2] < size.x / 3 || size.y - p[1] - p[3] < size.y / 3) { continue; }
                    var zoom = map.getBoundsZoom(bounds, false, L.point(p[0] + p[2], p[1] + p[3]));
                    var room = (size.x - p[0] - p[2]) * (size.y - p[1] - p[3]);
                    if (!best || zoom > best.zoom + 1e-9 || (Math.abs(zoom - best.zoom) < 1e-9 && room > best.room)) {
                        best = {zoom: zoom, room: room, p: p};
                    }
                }
                return best;
            }
            function clear(b) {  // the box on screen inside the map and off every control, at the best zoom but a step
                var nw = map.latLngToContainerPoint(bounds.getNorthWest()), se = map.latLngToContainerPoint(bounds.getSouthEast());
                var size = map.getSize();
                if (nw.x < 0 || nw.y < 0 || se.x > size.x || se.y > size.y || map.getZoom() < b.zoom - 0.25 - 1e-9) { return false; }
                return corners().every(function(c){ return c.r <= nw.x || c.l >= se.x || c.b <= nw.y || c.t >= se.y; });
            }
            function refit() {
                if (done || map._pmKeptView) { return; }
                if (last && !same(here(), last)) { stop(); return; }  // moved since our last fit: the user's view now
                var best = freeArea();
                if (!best) { return; }
                var size = map.getSize(), key = best.p.concat([size.x, size.y]);
                if (same(key, lastPad)) { return; }  // the same room as last time: nothing to do
                lastPad = key;
                if (clear(best)) { return; }  // the picture already shows it so: it does not jump
                fitting = true;
                map.fitBounds(bounds, {paddingTopLeft: [best.p[0], best.p[1]], paddingBottomRight: [best.p[2], best.p[3]],
                                       maxZoom: opts.maxZoom, animate: false});
                fitting = false;
                mark();
            }
            // A view the user chose is kept: any move of the map at the size it was fitted at (a drag, a pinch, the
            // zoom buttons, a wheel, the keys, the app going to a place) ends the refits for good. A tap that moves
            // nothing (a place's details, the legend) does not: the view is still the fitted one (walk 16: turning
            // a phone after reading a place kept a view fitted to the other orientation).
            map.on('moveend', function(){
                var size = map.getSize();
                if (!fitting && !done && lastSize && size.equals(lastSize) && !same(here(), last)) { stop(); }
            });
            map.getContainer().addEventListener('pointerdown', function(){ touched = true; }, true);
            map.getContainer().addEventListener('wheel', stop, true);
            map.getContainer().addEventListener('keydown', stop, true);
            // A new frame size (a window resized, a phone turned) may move the centre (mapview.fill_frame puts it
            // back): not a move of the user's; an untouched view is fitted again to the new size.
            map.on('resize', function(){ setTimeout(function(){ if (!done) { mark(); } refit(); }, 0); });
            // Controls come after the first paint, the legend with the plan's layers: refit as each arrives.
            var corner = map.getContainer().querySelector('.leaflet-control-container');
            if (window.MutationObserver && corner) {
                var pending = false, watch = new MutationObserver(function(){
                    if (done) { watch.disconnect(); return; }
                    if (touched) { return; }  // the user's own unfolding of the legend: the province stays put
                    if (!pending) { pending = true; setTimeout(function(){ pending = false; refit(); }, 0); }
                });
                watch.observe(corner, {childList: true, subtree: true, attributes: true, attributeFilter: ['open', 'class', 'style']});
            }
            window.requestAnimationFrame(function(){ setTimeout(refit, 0); });
            {% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    ))

    def __init__(self, bounds: list[list[float]], padding_top_left: tuple[int, int] = (10, 10),
                 padding_bottom_right: tuple[int, int] = (10, 10), max_zoom: int = 14, keep: bool = False,
                 free_area: bool = False, narrow_top_left: tuple[int, int] | None = None) -> None:
        """``keep``: a view in the page's link (or kept by the page) wins over the fit (mapview.keep_view);
        ``free_area``: refit ``bounds`` into the part of the map its controls leave free, once they are built;
        ``narrow_top_left``: the first fit's top left padding on a phone's narrow map (the legend folded)."""
        super().__init__()
        self._name = "FirstView"
        self.bounds = bounds
        self.options = {"topLeft": list(padding_top_left), "bottomRight": list(padding_bottom_right), "maxZoom": max_zoom,
                        "narrowTopLeft": list(narrow_top_left or padding_top_left), "narrowPx": SMALL_MAP_PX}
        self.keep, self.free_area, self.margin = keep, free_area, MARGIN_PX
        self.saved_view_js = SAVED_VIEW_JS
