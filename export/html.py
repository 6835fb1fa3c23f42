"""Interactive HTML: one self-contained file (Leaflet and styles inlined) that opens with no internet.

It is the app's own map (``mapview.build``): same layers, styles, legend and tooltips, with
every data value put into the page as text, never as HTML. Tiles are optional decoration
and off unless asked for; offline, every layer still shows.
"""
from __future__ import annotations

import html

from export.scene import Scene
from export.sources import short_line
from mapview.assets import inline_local_assets
from mapview.build import MapOptions, build_map
from mapview.raw_render import RawText

_HEADER = """
<div class="pm-export-title" style="position:fixed;top:8px;left:54px;z-index:1000;background:rgba(255,255,255,.92);
 padding:6px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px/1.35 sans-serif;max-width:60vw">
 <div style="font-weight:700;font-size:15px;color:#1a237e">{title}</div>{lines}</div>
"""


def render_html(scene: Scene) -> bytes:
    """The interactive map as a single UTF-8 HTML file."""
    req = scene.request
    options = MapOptions(lang=req.lang, colour_mode=req.colour_mode, basemap=req.basemap)
    m = build_map(scene.frames, options, fit_to=scene.extent(), overlays=scene.overlays)
    lines = "".join(f'<div style="color:#37474f">{html.escape(line)}</div>'
                    for line in scene.subtitle_lines() + [short_line(scene, "full_list_elsewhere") + " · "
                                                          + scene.made_line()])
    # RawText, not folium.Element: branca would compile the user's title as a Jinja template.
    m.get_root().html.add_child(RawText(_HEADER.format(title=html.escape(scene.title()), lines=lines)))
    m.get_root().title = html.escape(scene.title())  # branca does not escape the title
    page = inline_local_assets(m.get_root().render())
    return page.encode("utf-8")
