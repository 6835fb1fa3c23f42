"""What the map's first picture does not need waits until that picture is on screen.

The map's frame runs its whole script and then the plan's layers in one go on the browser's one
thread, and nothing is painted until all of it has run (bench/time_to_map.py: the app's frame
worked ~3× as long as a bare streamlit-folium page's before its first paint). The measure and
draw toolbars and the legend's column layout are not needed to see the map: they run in the
next task after the first paint, a frame later.
"""
from __future__ import annotations

from jinja2 import Template

# One task after the next paint; a frame that paints nothing (hidden) still runs it 400 ms on.
AFTER_PAINT_JS = (
    "(function(run){ var done = false; function once(){ if (!done) { done = true; run(); } }"
    " window.requestAnimationFrame(function(){ setTimeout(once, 0); }); setTimeout(once, 400); })"
)


def after_paint(js: str) -> str:
    """``js`` wrapped to run once the map's first frame is painted."""
    return f"{AFTER_PAINT_JS}(function(){{\n{js}\n}});"


def painted_first(cls: type) -> type:
    """A subclass of the folium element class ``cls`` whose script runs after the map's first paint.

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
            return after_paint(base.script(self, kwargs))

    PaintedFirst.__name__ = PaintedFirst.__qualname__ = f"{cls.__name__}PaintedFirst"
    return PaintedFirst
