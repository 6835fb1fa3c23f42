"""Interactive HTML: one self-contained file (Leaflet and styles inlined) that opens with no internet.

It is the app's own map (``mapview.build``): same layers, styles, legend and tooltips, with
every data value put into the page as text, never as HTML. Tiles are optional decoration
and off unless asked for; offline, every layer still shows.
"""
from __future__ import annotations

import html
import re

from export.scene import Scene
from export.sources import full_sources, short_line
from export.words import w as source_word
from mapview.assets import inline_local_assets
from mapview.build import MapOptions, build_map
from mapview.raw_render import RawText

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
    m.get_root().title = html.escape(scene.title())  # branca does not escape the title
    page = inline_local_assets(m.get_root().render())
    page = re.sub(r"<html>", f'<html lang="{"en" if req.lang == "en" else "vi"}">', page, count=1)
    return page.encode("utf-8")
