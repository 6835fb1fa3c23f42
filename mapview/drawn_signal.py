"""The map tells the page, once, that it has drawn.

The map page's first run sends the map alone (ui/first_screen.py): while the map's frame
loads, the browser has no sidebar widgets to build on the same thread. Once the plan's layers
are painted, this posts the component value Streamlit reruns on, and that run brings the
sidebar, the details and the summary. It travels with the map's dynamic layers (the same text
every run, so it never swaps them) and posts once per frame, however often they are re-evaluated.
"""
from mapview.after_paint import after_paint

_POST_DRAWN = """
    var data = window.__GLOBAL_DATA__ || {};
    var value = Object.assign({}, data.previous_data || {}, {pm_drawn: true});
    window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                              value: value, dataType: "json"}, "*");
"""

# Once per frame, after the layers' first paint (mapview.after_paint, which also covers a frame that never paints).
DRAWN_SIGNAL_JS = f"""
(function(){{
  if (window.__pmDrawnSent) {{ return; }}
  window.__pmDrawnSent = true;
  {after_paint(_POST_DRAWN)}
}})();
"""
