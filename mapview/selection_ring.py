"""The ring round the selected place: drawn by the page's run with the map's layers, and by the map itself at a click.

A click on a place selects it (ui/selection.py) with a rerun of the details alone: the map is not sent again to
move its ring, which made the browser evaluate the plan's layers anew (bench/redraw.py --change select, the
"paint" part). The map draws the ring at the click itself, where the place is drawn (a spread point's ring
follows it, mapview.spread), and takes off the ring it had; the next time its layers come, they bring the
page's ring of the same place and this one goes.
"""
from __future__ import annotations

import json

from mapview.compact_js import compact_js
from mapview.spread import SELECTED_PROPERTY

RING_COLOUR = "#00e5ff"
LINE_RING = {"color": RING_COLOUR, "weight": 6, "opacity": 0.9, "fill": False, "interactive": False}
POINT_RING = {"radius": 18, "color": RING_COLOUR, "weight": 4, "fill": False}
RING_CLASS = "pm-selection"

# Evaluated with the map's layers each time they come (after the page's ring); the click handler once per frame.
CLICK_RING_JS = compact_js("""
(function(map){
  function unring() { if (window.__pmClickRing) { map.removeLayer(window.__pmClickRing); } window.__pmClickRing = null; }
  unring();
  window.__pmRingOf = null;
  if (window.__pmClickRingOn) { return; }
  window.__pmClickRingOn = true;
  var LINE = %(line)s, POINT = %(point)s, CLS = %(cls)s, FOLLOW = %(follow)s;
  function placeOf(id) {
    var found = null;
    map.eachLayer(function(l){
      if (!found && l._path && l.feature && l.feature.properties && l.feature.properties.id === id) { found = l; }
    });
    return found;
  }
  // The place clicked: streamlit-folium has recorded it (last_active_drawing) in the click's own handling.
  map.getContainer().addEventListener("click", function(){ setTimeout(function(){
    var d = window.__GLOBAL_DATA__ || {}, drawn = d.last_active_drawing;
    var id = drawn && drawn.properties && drawn.properties.id, place = id && placeOf(id);
    if (!place || place === window.__pmRingOf) { return; }
    unring();  // and the page's ring
    map.eachLayer(function(l){ if (l._path && l._path.classList.contains(CLS)) { map.removeLayer(l); } });
    var ring = place.getRadius
      ? L.circleMarker(place.getLatLng(), Object.assign({className: CLS, interactive: false}, POINT))
      : L.geoJSON(place.toGeoJSON(), Object.assign({className: CLS}, LINE));
    ring.feature = {type: "Feature", properties: {}};
    ring.feature.properties[FOLLOW] = id;
    window.__pmClickRing = ring.addTo(map);
    window.__pmRingOf = place;
  }, 0); }, true);
})(window.map);
""" % {"line": json.dumps(LINE_RING), "point": json.dumps(POINT_RING), "cls": json.dumps(RING_CLASS),
       "follow": json.dumps(SELECTED_PROPERTY)})
