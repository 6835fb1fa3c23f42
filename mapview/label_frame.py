"""What every name on the web map keeps clear of besides the plan: the map's edge and its controls.

The district names (``mapview.label_clearance``) and the place names (``mapview.place_labels``) both
read the controls as drawn (the draw and measure toolbars, the legend folded or not, the scale) and
keep inside the map's frame; they read them here, once, the same way, and watch the same changes
(a zoom, a move, a resize, the legend folded or unfolded) to place themselves again.
"""
from __future__ import annotations

from mapview.compact_js import compact_js

FRAME_PX = 2  # a name keeps this far inside the map's edge

# The boxes [x0, y0, x1, y1] of the map's shown controls in the map's container pixels, widened by ``pad``
# (a control folded away or not drawn has no size and is left out).
CONTROL_BOXES_JS = compact_js("""function(map, pad){
    var frame = map.getContainer().getBoundingClientRect(), out = [];
    map.getContainer().querySelectorAll('.leaflet-control-container .leaflet-control').forEach(function(c){
        var r = c.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && getComputedStyle(c).visibility !== 'hidden') {
            out.push([r.left - frame.left - pad, r.top - frame.top - pad, r.right - frame.left + pad, r.bottom - frame.top + pad]);
        }
    });
    return out;
}""")

# Calls ``f`` whenever what a name can see of the map changes: a zoom or move ends, the map is resized, a
# fold of the legend (a <details> toggle, which does not bubble: caught on the way down) changes its box, or
# a control comes or goes in a corner (the draw and measure toolbars arrive after the first paint, when
# the names have placed themselves already: they lay under the toolbar until the next move).
ON_FRAME_CHANGE_JS = compact_js("""function(map, f){
    map.on('zoomend moveend resize', f);
    map.getContainer().addEventListener('toggle', f, true);
    if (window.MutationObserver) {
        var corners = new MutationObserver(function(){ f(); });
        map.getContainer().querySelectorAll('.leaflet-control-container > div').forEach(function(c){
            corners.observe(c, {childList: true});
        });
    }
}""")
