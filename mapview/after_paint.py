"""What the map's first picture does not need waits until that picture is on screen.

The map's frame runs its whole script and then the plan's layers in one go on the browser's one
thread, and nothing is painted until all of it has run (bench/time_to_map.py: the app's frame
worked ~3× as long as a bare streamlit-folium page's before its first paint). The measure and
draw toolbars, the legend's column layout, the district names' placement and the place names of a
first view below their zoom (hidden there: ~50 label markers, ~25 ms of the frame's work) are not
needed to see the map: they run in the next task after the first paint, a frame later.
"""
from __future__ import annotations

import json

from jinja2 import Template

# One task after the next paint; a frame that paints nothing (hidden) still runs it 400 ms on.
AFTER_PAINT_JS = (
    "(function(run){ var done = false; function once(){ if (!done) { done = true; run(); } }"
    " window.requestAnimationFrame(function(){ setTimeout(once, 0); }); setTimeout(once, 400); })"
)


# Each script once per frame, however many blocks wait for it; blocks waiting for one script run in page order.
_LOAD_ONCE_JS = (
    "(function(src){ var loaded = window.__pmScripts = window.__pmScripts || {};"
    " return loaded[src] = loaded[src] || new Promise(function(ok, fail){"
    " var s = document.createElement('script'); s.src = src; s.onload = ok; s.onerror = fail;"
    " document.head.appendChild(s); }); })"
)


def after_paint(js: str, script_url: str | None = None) -> str:
    """``js`` wrapped to run once the map's first frame is painted (and ``script_url`` is loaded)."""
    if script_url is None:
        return f"{AFTER_PAINT_JS}(function(){{\n{js}\n}});"
    return (f"{AFTER_PAINT_JS}(function(){{ {_LOAD_ONCE_JS}({json.dumps(script_url)}).then(function(){{\n{js}\n}}); }});")


def painted_first(cls: type, script_url: str | None = None) -> type:
    """A subclass of the folium element class ``cls`` whose script runs after the map's first paint
    (and once ``script_url``, the code it needs, is loaded).

    Its header and html parts stay as ``cls`` renders them; its script's ``var`` names become local.
    """
    base = cls._template.module

    class PaintedFirst(cls):
        _template = Template(
            "{% macro header(this, kwargs) %}{{ this._base_part('header', kwargs) }}{% endmacro %}"
            "{% macro html(this, kwargs) %}{{ this._base_part('html', kwargs) }}{% endmacro %}"
            "{% macro script(this, kwargs) %}{{ this._after_paint_script(kwargs) }}{% endmacro %}"
        )

        def _base_part(self, part: str, kwargs) -> str:
            macro = getattr(base, part, None)
            return macro(self, kwargs) if macro is not None else ""

        def _after_paint_script(self, kwargs) -> str:
            return after_paint(base.script(self, kwargs), script_url)

    PaintedFirst.__name__ = PaintedFirst.__qualname__ = f"{cls.__name__}PaintedFirst"
    return PaintedFirst
