"""Interactive HTML: one self-contained file (Leaflet and styles inlined) that opens with no internet.

It is the app's own map (``mapview.build``): same layers, styles, legend and tooltips, stacked
places spread apart with leader lines (mapview.spread), and a click opens the place's details as
the app's details panel gives them (export.details: status, progress, source, precision, places
at the same spot, report history). Every data value reaches the page as JSON and is put into the
popup with ``textContent``, never as HTML. The first view is fitted below the title panel, which
folds away with a click. Tiles are optional decoration and off unless asked for;
offline, every layer still shows.
"""
from __future__ import annotations

import html
import re

from jinja2 import Template

from export.details import history_headers, place_details
from export.scene import Scene
from export.sources import full_sources, short_line
from export.words import w as source_word
from mapview.assets import inline_local_assets
from mapview.build import LEGEND_ROOM_PX, MapOptions, build_map, stable_ids
from mapview.raw_render import RawMacroElement, RawText

_HEADER = """
<details open class="pm-export-title" style="position:fixed;top:8px;left:54px;z-index:1000;
 background:rgba(255,255,255,.94);padding:6px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);
 font:13px/1.35 sans-serif;max-width:min(60vw,720px);max-height:70vh;overflow:auto">
 <summary style="cursor:pointer;font-weight:700;font-size:15px;color:#1a237e" title="{toggle}">{title}</summary>
 {lines}
 <details class="pm-export-sources" style="margin-top:4px"><summary style="cursor:pointer;color:#1565c0">{full_title}</summary>
 <ol style="margin:4px 0 0 18px;padding:0;color:#37474f">{sources}</ol></details>
</details>
"""
TOGGLE = ("Bấm để thu gọn hoặc mở phần tiêu đề", "Click to fold or unfold the title panel")
WORDS = {"history": ("Lịch sử báo cáo", "Report history"), "no_history": ("Chưa có báo cáo nào đến ngày này.",
                                                                          "No report up to this date."),
         "same_spot": ("Cùng vị trí (bấm để xem):", "At the same spot (click to see):"),
         "open_in_app": ("Mở trong ứng dụng", "Open in the app")}
POPUP_CSS = """<style>
.pm-details{font:13px/1.4 sans-serif;color:#212121;max-height:min(60vh,calc(100vh - 220px));overflow:auto}
.pm-details-name{font-weight:700;font-size:15px;color:#1a237e}
.pm-details-layer{color:#546e7a;margin-bottom:4px}
.pm-details-notice{background:#fff3e0;color:#e65100;padding:2px 6px;margin:2px 0;border-radius:3px}
.pm-details table{border-collapse:collapse;margin:4px 0;width:100%}
.pm-details th,.pm-details td{text-align:left;vertical-align:top;padding:1px 6px 1px 0}
.pm-details-facts th{color:#37474f;white-space:nowrap}
.pm-details-history th{border-bottom:1px solid #90a4ae;color:#37474f}
.pm-details-history td{border-bottom:1px solid #eceff1;font-size:12px}
.pm-details h4{margin:6px 0 2px;font-size:13px;color:#1a237e}
.pm-details-same button{display:block;margin:2px 0;padding:1px 6px;cursor:pointer;text-align:left;
 border:1px solid #90a4ae;border-radius:3px;background:#f5f5f5;font:inherit}
</style>"""


class ClearOfTitle(RawMacroElement):
    """The first view fitted below the title panel, so the open panel hides no place; on a screen too
    small for both, the panel starts folded instead (its summary line stays, a click unfolds it)."""

    _template = Template(
        r"""
        {% macro script(this, kwargs) %}
        (function(map){
            function refit(){
                var panel = document.querySelector('.pm-export-title');
                if (!panel) { return; }
                var box = map.getContainer().getBoundingClientRect(), r = panel.getBoundingClientRect();
                var top = r.bottom - box.top + 8;
                if (top > box.height / 2) { panel.open = false; return; }
                map.fitBounds({{ this.bounds | tojson }}, {paddingTopLeft: [{{ this.left }}, top],
                              paddingBottomRight: [10, 10], maxZoom: 14, animate: false});
            }
            // the map's own fit (mapview.build) may still be zooming, animated: refit once it has ended,
            // or its end would undo this one
            var fitted = map.getBoundsZoom({{ this.bounds | tojson }}, false,
                                           L.point({{ this.left }} + 10, {{ this.top }} + 10));
            var target = Math.min(fitted, 14);
            if (Math.abs(map.getZoom() - target) < 1e-6) { refit(); }
            else { map.once('zoomend', function(){ if (Math.abs(map.getZoom() - target) < 1e-6) { refit(); } }); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, extent: tuple[float, float, float, float]) -> None:
        super().__init__()
        self._name = "ClearOfTitle"
        minx, miny, maxx, maxy = extent
        self.bounds, (self.left, self.top) = [[miny, minx], [maxy, maxx]], LEGEND_ROOM_PX


class PlaceDetails(RawMacroElement):
    """A click on a place opens its details; their text is put in with ``textContent`` (never parsed as HTML)."""

    _template = Template(
        r"""
        {% macro script(this, kwargs) %}
        (function(map){
            var details = {{ this.details | tojson }}, words = {{ this.words | tojson }};
            var byId = {};
            function el(tag, cls, text){
                var e = document.createElement(tag);
                if (cls) { e.className = cls; }
                if (text !== undefined && text !== null) { e.textContent = String(text); }
                return e;
            }
            function linked(cell, text){  // web addresses become links; everything stays text
                String(text).split(/(https?:\/\/[^\s<>"'()]+)/).forEach(function(part, i){
                    if (i % 2) {
                        var a = el('a', null, part); a.href = part; a.target = '_blank'; a.rel = 'noopener noreferrer';
                        cell.appendChild(a);
                    } else if (part) { cell.appendChild(document.createTextNode(part)); }
                });
                return cell;
            }
            function build(id){
                var d = details[id], box = el('div', 'pm-details');
                box.setAttribute('data-id', id);
                box.appendChild(el('div', 'pm-details-name', d.name));
                box.appendChild(el('div', 'pm-details-layer', d.layer));
                d.notices.forEach(function(n){ box.appendChild(el('div', 'pm-details-notice', n)); });
                var facts = el('table', 'pm-details-facts');
                d.facts.forEach(function(f){
                    var tr = el('tr'); tr.appendChild(el('th', null, f[0])); tr.appendChild(linked(el('td'), f[1]));
                    facts.appendChild(tr);
                });
                box.appendChild(facts);
                if (d.link) {
                    var a = el('a', 'pm-details-link', words.open_in_app); a.href = d.link; a.target = '_blank';
                    a.rel = 'noopener noreferrer'; box.appendChild(a);
                }
                var same = d.same_spot.filter(function(s){ return byId[s[0]]; });
                if (same.length) {
                    var list = el('div', 'pm-details-same'); list.appendChild(el('div', null, words.same_spot));
                    same.forEach(function(s){
                        var b = el('button', null, s[1]); b.type = 'button';
                        b.addEventListener('click', function(){ map.closePopup(); openOf(s[0]); });
                        list.appendChild(b);
                    });
                    box.appendChild(list);
                }
                box.appendChild(el('h4', null, words.history));
                if (!d.history.length) { box.appendChild(el('div', 'pm-details-none', words.no_history)); }
                else {
                    var table = el('table', 'pm-details-history'), head = el('tr');
                    words.headers.forEach(function(h){ head.appendChild(el('th', null, h)); });
                    table.appendChild(head);
                    d.history.forEach(function(row){
                        var tr = el('tr'); row.forEach(function(c){ tr.appendChild(el('td', null, c)); }); table.appendChild(tr);
                    });
                    box.appendChild(table);
                }
                return box;
            }
            function clearOfTitle(l){  // the map pans the popup clear of the title panel (drawn above the map)
                var panel = document.querySelector('.pm-export-title'), popup = l.getPopup && l.getPopup();
                if (!panel || !popup) { return; }
                var r = panel.getBoundingClientRect(), box = map.getContainer().getBoundingClientRect();
                popup.options.autoPanPaddingTopLeft = L.point(20, Math.max(20, r.bottom - box.top + 12));
            }
            function openOf(id){
                var l = byId[id];
                if (l) { clearOfTitle(l); l.openPopup(l.getLatLng ? l.getLatLng() : undefined); }
            }
            map.eachLayer(function(l){
                var id = l.feature && l.feature.properties && l.feature.properties.id;
                if (id && details[id] && !byId[id]) {
                    byId[id] = l;
                    l.on('click', function(){ clearOfTitle(l); });  // before the popup's own click handler
                    l.bindPopup(function(){ return build(id); },
                                {maxWidth: 440, minWidth: 260, className: 'pm-details-popup', autoPanPadding: [20, 20]});
                }
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, details: dict, words: dict) -> None:
        super().__init__()
        self._name = "PlaceDetails"
        self.details, self.words = details, words


def render_html(scene: Scene) -> bytes:
    """The interactive map as a single UTF-8 HTML file, in the export's language (``<html lang>``)."""
    req = scene.request
    options = MapOptions(lang=req.lang, colour_mode=req.colour_mode, basemap=req.basemap)
    m = build_map(scene.frames, options, fit_to=scene.extent(), overlays=scene.overlays)
    lines = "".join(f'<div style="color:#37474f">{html.escape(line)}</div>'
                    for line in scene.subtitle_lines() + [short_line(scene, "full_list_below") + " · "
                                                          + scene.made_line()])
    sources = "".join(f"<li>{html.escape(s)}</li>" for s in full_sources(scene))
    header = _HEADER.format(title=html.escape(scene.title()), lines=lines, sources=sources,
                            full_title=html.escape(source_word("full_title", req.lang)),
                            toggle=html.escape(TOGGLE[req.lang == "en"]))
    # RawText, not folium.Element: branca would compile the user's title as a Jinja template.
    m.get_root().html.add_child(RawText(header))
    m.get_root().header.add_child(RawText(POPUP_CSS))
    words = {k: v[req.lang == "en"] for k, v in WORDS.items()} | {"headers": history_headers(req.lang)}
    PlaceDetails(place_details(scene), words).add_to(m)  # after the layers: it binds their popups
    ClearOfTitle(scene.extent()).add_to(m)  # after the map's own fit: it refits below the title
    stable_ids(m)
    m.get_root().title = html.escape(scene.title())  # branca does not escape the title
    page = inline_local_assets(m.get_root().render())
    page = re.sub(r"<html>", f'<html lang="{"en" if req.lang == "en" else "vi"}">', page, count=1)
    return page.encode("utf-8")
