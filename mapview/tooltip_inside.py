"""Hover boxes stay whole inside the map.

Leaflet opens a tooltip to the right of the mouse when it is left of the map's centre, else to
its left, whatever the tooltip's width: on a narrow map a place just right of the centre opened
its box past the map's left edge, under the drawing toolbar, its name cut ("g nghiệp Tân Trường",
walk 16, finding 11). Here each tooltip's side is chosen by the room the point has on the screen
(as Leaflet would when both sides have room; else the side that has it; else above or below the
place, not over it), a box wider than the map (a phone's) is made as wide as the map with its lines
wrapped, and the box is then moved back inside the map's container and off the controls that float
over it (the toolbars, the legend: a tooltip opens under them).
"""
from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from mapview.compact_js import compact_js

EDGE_PX = 4  # between a tooltip and the map's edge


class TooltipInside(MacroElement):
    """Every tooltip of the map's page opens on the side with room and stays inside the map."""

    _template = Template(compact_js(
        """
        {% macro script(this, kwargs) %}
        (function(proto){
            if (proto._pmInside) { return; }
            proto._pmInside = true;
            var place = proto._setPosition, edge = {{ this.edge }};
            function controls(map) {  // the controls' boxes in the map's pixels: they float over its tooltips
                var box = map.getContainer().getBoundingClientRect();
                return [].map.call(map.getContainer().querySelectorAll('.leaflet-control-container .leaflet-control'), function(c){
                    var r = c.getBoundingClientRect();
                    return {l: r.left - box.left, t: r.top - box.top, r: r.right - box.left, b: r.bottom - box.top, w: r.width};
                }).filter(function(c){ return c.w > 0; });
            }
            function room(map, boxes, top, bottom) {  // the map's width left between the controls beside these heights
                var size = map.getSize(), l = edge, r = size.x - edge;
                boxes.forEach(function(c){
                    if (c.b <= top || c.t >= bottom) { return; }
                    if (c.l + c.r < size.x) { l = Math.max(l, c.r + edge); } else { r = Math.min(r, c.l - edge); }
                });
                return [l, r];
            }
            proto._setPosition = function(pos){
                var map = this._map, el = this._container;
                if (!map || !el || this.options.direction !== 'auto') { return place.call(this, pos); }
                var size = map.getSize(), p = map.layerPointToContainerPoint(pos), boxes = controls(map), gap = 6 + edge;
                el.style.width = ''; el.style.whiteSpace = ''; el.style.boxSizing = '';
                var w = el.offsetWidth, h = el.offsetHeight, lr = room(map, boxes, p.y - h / 2, p.y + h / 2);
                var all = room(map, boxes, -Infinity, Infinity);  // beside every control, at any height
                if (w > lr[1] - lr[0]) {  // wider than the map (a phone's, a long name): as wide as it can be, its lines wrapped
                    el.style.width = Math.max(all[1] - all[0], 120) + 'px'; el.style.whiteSpace = 'normal'; el.style.boxSizing = 'border-box';
                    w = el.offsetWidth; h = el.offsetHeight; lr = room(map, boxes, p.y - h / 2, p.y + h / 2);
                }
                var right = lr[1] - p.x >= w + gap, left = p.x - lr[0] >= w + gap;
                var side = right && left ? (p.x < size.x / 2 ? 'right' : 'left') : right ? 'right' : left ? 'left'
                         : (p.y - h - gap >= edge ? 'top' : 'bottom');  // no room beside: above or below, off the place
                this.options.direction = side;
                try { place.call(this, pos); } finally { this.options.direction = 'auto'; }
                var box = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect(), dx = 0, dy = 0;
                var t = r.top - box.top, b = r.bottom - box.top, l = r.left - box.left, rr = r.right - box.left;
                if (b > size.y - edge) { dy = size.y - edge - b; }
                if (t + dy < edge) { dy = edge - t; }
                lr = room(map, boxes, t + dy, b + dy);
                if (rr > lr[1]) { dx = lr[1] - rr; }
                if (l + dx < lr[0]) { dx = lr[0] - l; }
                if (dx || dy) { L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add(L.point(dx, dy))); }
            };
        })(L.Tooltip.prototype);
        {% endmacro %}
        """
    ))

    def __init__(self) -> None:
        super().__init__()
        self._name = "TooltipInside"
        self.edge = EDGE_PX
