"""The plan's places named on the map once it is zoomed in (walk 16, finding 10).

From ``MIN_ZOOM`` on, every plan point (urban area, industrial zone, station) carries its short
name beside its disc, as the printed maps do: "Đô thị Hưng Đạo" reads "Hưng Đạo", "Khu công nghiệp
Tân Trường" "KCN Tân Trường" (the symbol and the legend say what kind of place it is). The names are
the ones the points already carry for their tooltips: nothing more is sent but the few words below.
Each name is set with ``textContent`` (never as HTML), in the labels' pane under the plan's layers
(``mapview.labels``): it never hides a place or takes its hover or click. Where places crowd (the
city's industrial zones), the biggest places keep their names and a name that would lie over
another name or another place's disc is left out until the map is zoomed in further. A name follows its point
when the point is spread out of a stack (``mapview.spread``) and goes with it when a filter hides it.
"""
from __future__ import annotations

from jinja2 import Template

from mapview.compact_js import compact_js
from mapview.labels import LABEL_PANE, LABEL_PANE_Z
from mapview.raw_render import RawMacroElement

MIN_ZOOM = 11
# The start of a name that its place's symbol already says, and what is left of it (the first that fits).
SHORTER = {
    "vi": [["Khu công nghiệp ", "KCN "], ["Cụm công nghiệp ", "CCN "], ["Thành phố ", ""], ["Thị xã ", ""],
           ["Thị trấn ", ""], ["Đô thị ", ""], ["Xã ", ""]],
    "en": [["Khu công nghiệp ", "IZ "], ["Cụm công nghiệp ", "IC "], ["Thành phố ", ""], ["Thị xã ", ""],
           ["Thị trấn ", ""], ["Đô thị ", ""], ["Xã ", ""]],
}


class PlaceLabels(RawMacroElement):
    """Short names beside the plan's points of ``classes`` (their layers' first CSS class), from ``min_zoom``."""

    _template = Template(compact_js(
        """
        {% macro header(this, kwargs) %}
        <style>
          .pm-place-label { white-space: nowrap; width: auto !important; height: auto !important; pointer-events: none !important; }
          .pm-place-label span { display: inline-block; color: #263238; font: 600 11px/1.1 sans-serif;
                                 text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
          .pm-hide-places .pm-place-label { display: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
            var pane = {{ this.pane | tojson }}, classes = {{ this.classes | tojson }}, shorter = {{ this.shorter | tojson }};
            if (!map.getPane(pane)) { map.createPane(pane).style.zIndex = {{ this.pane_z }}; }
            function shortName(name) {
                name = String(name).replace(/\\s*\\([^)]*\\)\\s*$/, '');  // "Ga Hải Dương Nam (ga Gia Lộc)": its first name
                for (var i = 0; i < shorter.length; i++) {
                    if (name.indexOf(shorter[i][0]) === 0 && name.length > shorter[i][0].length) {
                        return shorter[i][1] + name.slice(shorter[i][0].length);
                    }
                }
                return name;
            }
            function isPlace(l) {
                return l instanceof L.CircleMarker && l.feature && l.feature.properties && l.feature.properties.name
                    && classes.indexOf(String(l.options.className || '').split(' ')[0]) >= 0;
            }
            var placed = [], pending = false;
            function overlaps(a, b) { return a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1; }
            function declutter() {  // biggest places first: a name over another name or another place's disc is left out
                pending = false;
                if (map.getZoom() < {{ this.min_zoom }}) { return; }
                var live = placed.filter(function(d){ return d.label._icon && d.point._path; });
                var discs = live.map(function(d){ return d.point._path.getBoundingClientRect(); });
                var boxes = live.map(function(d){ return d.span.getBoundingClientRect(); });  // reads only: one layout
                var kept = [];
                live.map(function(d, i){ return i; })
                    .sort(function(a, b){ return live[b].point.getRadius() - live[a].point.getRadius(); })
                    .forEach(function(i){
                        var box = boxes[i], free = box.width > 0 && !kept.some(function(k){ return overlaps(box, boxes[k]); })
                            && !discs.some(function(disc, j){ return j !== i && overlaps(box, disc); });
                        live[i].span.style.visibility = free ? '' : 'hidden';
                        if (free) { kept.push(i); }
                    });
            }
            function later() { if (!pending) { pending = true; window.requestAnimationFrame(function(){ setTimeout(declutter, 0); }); } }
            map.on('zoomend moveend', later);
            map.on('layeradd', function(e){
                var l = e.layer;
                if (!isPlace(l) || l._pmPlaceLabel) { return; }
                var span = document.createElement('span');
                span.textContent = shortName(l.feature.properties.name);
                span.style.transform = 'translate(' + (l.getRadius() + 3) + 'px, -50%)';
                var label = l._pmPlaceLabel = L.marker(l.getLatLng(), {pane: pane, interactive: false, keyboard: false,
                    icon: L.divIcon({className: 'pm-place-label', html: span, iconSize: null})}).addTo(map);
                var entry = {point: l, label: label, span: span};
                placed.push(entry);
                l.on('move', function(m){ label.setLatLng(m.latlng); later(); });
                l.once('remove', function(){
                    map.removeLayer(label); l._pmPlaceLabel = null; placed.splice(placed.indexOf(entry), 1);
                });
                later();
            });
            var toggle = function(){ L.DomUtil[map.getZoom() < {{ this.min_zoom }} ? 'addClass' : 'removeClass'](map.getContainer(), 'pm-hide-places'); };
            toggle();
            map.on('zoomend', toggle);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    ))

    def __init__(self, classes: list[str], lang: str = "vi", min_zoom: float = MIN_ZOOM) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.classes, self.min_zoom = list(classes), min_zoom
        self.shorter = SHORTER["en" if lang == "en" else "vi"]
        self.pane, self.pane_z = LABEL_PANE, LABEL_PANE_Z
