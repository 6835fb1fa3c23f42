"""Keep the user's pan and zoom when the map is rebuilt, and put them in the page's link.

A map rebuilt in a new frame would jump back to the whole province: an official studying one
commune would lose their place. The view is written to the page's address as ``c=lat,lon&z=zoom``
(``history.replaceState``: no rerun of the app while panning, nothing sent to the server), so a
copied link, a reload and a rebuilt map open where the user was looking; the app's page (the
frame's parent) also keeps it, for a map rebuilt under an address that lost it. A link's centre
and zoom win; a bare link starts from the plan's extent. Nothing is read from sessionStorage (as
it was): its first read in a new frame waits on the browser process, before the map's first paint
(2–27 ms measured on a loaded machine). The view is put into the address of every page of the
app, not only the map's: panning never reruns the app, so the export page learns the view the
user is looking at from its own address (ui.export_panel.map_centre_zoom), never from the map's
last run. Zooms the app asks for (a search result, a new overlay) are applied by
streamlit-folium after this and win. ``ui.url_state`` keeps ``c``/``z``.
"""
from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from mapview.compact_js import compact_js


# The link's view, else the one this page's map last had (KeepView's toLink), else null: a JS function of
# nothing, run by mapview.first_view when the map is created.
SAVED_VIEW_JS = compact_js("""function(){
    function valid(v) { return v && isFinite(v.lat) && isFinite(v.lng) && isFinite(v.zoom); }
    var kept = null, v = null;
    try { kept = window.parent.__pmMapView; kept = kept && valid(kept.view) ? kept.view : null; } catch (e) { }
    try {  // the app's page, around this frame (same origin)
        var q = new URLSearchParams(window.parent.location.search);
        var c = (q.get('c') || '').split(',').map(Number);
        v = {lat: c[0], lng: c[1], zoom: q.get('z') ? Number(q.get('z')) : NaN};
        v = c.length === 2 && valid(v) ? v : null;
    } catch (e) { }
    // The page's own view is the link's unrounded (5 decimals there): it wins when it is the same place.
    if (v && kept && Math.abs(kept.lat - v.lat) <= 1e-5 && Math.abs(kept.lng - v.lng) <= 1e-5
        && Math.abs(kept.zoom - v.zoom) <= 0.01) { return kept; }
    return v || kept;
}""")


class KeepView(MacroElement):
    """Remember the view after every move, in the page and its link (mapview.first_view restores it)."""

    _template = Template(compact_js(
        """
        {% macro script(this, kwargs) %}
        (function(map){
            function withView(url, v) {
                url.searchParams.set('c', v.lat.toFixed(5) + ',' + v.lng.toFixed(5));
                url.searchParams.set('z', String(Math.round(v.zoom * 100) / 100));
                return url;
            }
            function toLink(v) {
                try {
                    var w = window.parent;
                    w.__pmMapView = {view: v};
                    if (!w.__pmHistoryPatched) {
                        // The app rewrites the address after each rerun and page change from what it last
                        // knew: the view the user has panned to since is put back into every address of
                        // the app (the export page frames its file with it).
                        w.__pmHistoryPatched = true;
                        ['replaceState', 'pushState'].forEach(function(name){
                            var original = w.history[name].bind(w.history);
                            w.history[name] = function(state, title, address){
                                try {
                                    var kept = w.__pmMapView, url = new URL(address == null ? w.location.href : address, w.location.href);
                                    if (kept && url.origin === w.location.origin) { address = withView(url, kept.view).toString(); }
                                } catch (e) { }
                                return original(state, title, address);
                            };
                        });
                    }
                    w.history.replaceState(w.history.state, '', w.location.href);
                } catch (e) { }
            }
            // The first view (the kept one, else the fit) is set by mapview.first_view, before any layer.
            map.on('moveend', function(){
                var c = map.getCenter();
                toLink({lat: c.lat, lng: c.lng, zoom: map.getZoom()});
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    ))

    def __init__(self) -> None:
        super().__init__()
        self._name = "KeepView"
