"""A click on a place reaches the page at once, not when streamlit-folium's report of it comes.

streamlit-folium (0.27.4) sends every report of the map 250 ms after the last event (a debounce), so a click
on a place waited that long before the page was even told (bench/redraw.py --change select). Right after the
click's own handling, in which streamlit-folium records the clicked feature, this posts the report it would
post and records it as posted: its own report, when it comes, finds nothing new and is not sent again. Only when
the page asks for nothing but the feature clicked or drawn and the drawings (what ui/map_page.py asks for), in
streamlit-folium's order, so that the two reports are the same text; otherwise the click waits as before.
"""
from __future__ import annotations

import json

from mapview.compact_js import compact_js

# What streamlit-folium's report holds that its click and draw handlers keep, in the order it writes them.
_KEPT = ("all_drawings", "last_active_drawing")

CLICK_REPORT_JS = compact_js("""
(function(){
  if (window.__pmClickReport) { return; }
  window.__pmClickReport = true;
  var kept = %s;
  function report() {
    var d = window.__GLOBAL_DATA__, asked = d && d.returned_objects;
    if (!asked || asked.some(function(k){ return kept.indexOf(k) < 0; })) { return; }
    var value = {};
    kept.forEach(function(k){ if (asked.indexOf(k) >= 0) { value[k] = d[k]; } });
    if (JSON.stringify(value) === JSON.stringify(d.previous_data)) { return; }
    d.previous_data = value;
    window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue", value: value,
                               dataType: "json"}, "*");
  }
  // Capturing: before Leaflet's own handlers; the report a task later, once they have all run.
  window.map.getContainer().addEventListener("click", function(){ setTimeout(report, 0); }, true);
})();
""" % json.dumps(list(_KEPT)))
