"""Probes run inside a Leaflet map's page: where each plan feature is drawn and whether the mouse reaches it."""
from __future__ import annotations

# streamlit-folium names the map window.map; folium's own page names it map_<id>.
FIND_MAP = ("(window.map || Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])"
            ".find(v => v instanceof L.Map))")

# Every plan point on the map, by feature id: the centre of its marker in the frame's pixels and
# whether that pixel belongs to the marker itself (nothing drawn over it). Controls and the legend
# are hidden first: they float over the map and can be moved away from, unlike a stacked marker.
POINTS_JS = """(classes) => {
    const map = """ + FIND_MAP + """;
    document.querySelectorAll('.leaflet-control-container, .pm-legend').forEach(e => e.style.visibility = 'hidden');
    const out = {};
    map.eachLayer(l => {
        if (!(l instanceof L.CircleMarker) || !l.feature || !l._path) { return; }
        if (!classes.includes(String(l.options.className).split(' ')[0])) { return; }
        const r = l._path.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        // Leaflet empties the path of a marker outside the view ("M0 0"): it has no size then.
        const inside = r.width > 0 && x >= 0 && y >= 0 && x <= window.innerWidth && y <= window.innerHeight;
        out[l.feature.id] = {x: x, y: y, inside: inside, on_top: inside && document.elementFromPoint(x, y) === l._path};
    });
    return out;
}"""

RESTORE_CONTROLS_JS = """() => document.querySelectorAll('.leaflet-control-container, .pm-legend')
    .forEach(e => e.style.visibility = '')"""

SET_VIEW_JS = """([lat, lng, zoom]) => new Promise(done => {
    const map = """ + FIND_MAP + """;
    map.once('zoomend moveend', () => setTimeout(done, 50));
    map.setView([lat, lng], zoom, {animate: false});
})"""

# How many lines (or dots) the SVG paths of class ``cls`` in ``doc`` draw: mapview.spread draws all its leader
# lines as one path and all its home dots as another, one sub-path ('M') each. A path with nothing in view is "M0 0".
PARTS_IN_JS = """((doc, cls) => [...doc.querySelectorAll('path.' + cls)]
    .map(p => p.getAttribute('d') || '')
    .reduce((n, d) => n + (d === 'M0 0' ? 0 : (d.match(/M/g) || []).length), 0))"""
DRAWN_PARTS_JS = f"(cls) => {PARTS_IN_JS}(document, cls)"

POINT_CLASSES = ["pm-urban-area", "pm-industrial-zone", "pm-railway-station"]


def hidden_points(points: dict) -> list[str]:
    """Ids of points inside the view whose centre is covered by something else."""
    return sorted(fid for fid, p in points.items() if p["inside"] and not p["on_top"])


def on_element(js: str) -> str:
    """``js`` (a function of one argument) for ``Locator.evaluate``, which passes the element first."""
    return f"(_element, arg) => ({js})(arg)"
