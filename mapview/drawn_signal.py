"""The map tells the page, once, that it has drawn.

The map page's first run sends the map alone (ui/first_screen.py): while the map's frame
loads, the browser has no sidebar widgets to build on the same thread. Once the plan's layers
are painted, this posts the component value Streamlit reruns on, and that run brings the
sidebar, the details and the summary. It travels with the map's dynamic layers (the same text
every run, so it never swaps them) and posts once per frame, however often they are re-evaluated.
"""

DRAWN_SIGNAL_JS = """
(function(){
  if (window.__pmDrawnSent) { return; }
  window.__pmDrawnSent = true;
  window.requestAnimationFrame(function(){ setTimeout(function(){  // after the layers' first paint
    var data = window.__GLOBAL_DATA__ || {};
    var value = Object.assign({}, data.previous_data || {}, {pm_drawn: true});
    window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                               value: value, dataType: "json"}, "*");
  }, 0); });
})();
"""
