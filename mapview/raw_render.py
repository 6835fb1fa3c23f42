"""Put rendered map code into the page as text, never back through Jinja.

branca's ``MacroElement.render`` wraps each rendered macro in ``Element(text)``, which
compiles that text as a Jinja template. For a GeoJSON layer the text carries the data,
so (1) every byte of it is lexed again on the server (half the script's time for the
plan's four layers, ~0.6 s per 10 MB of overlay), and (2) any ``{{ … }}`` inside a
name or attribute is *evaluated* on the server: ``{{ 7*7 }}`` becomes ``49``, and
worse expressions reach Python's ``os`` module. Elements rendered here keep their
text literal. Their script goes out without its template's indentation (a tenth of a rendered map page, 155,8 → 141,1 KB):
a line's leading blanks carry no meaning in JavaScript, and the data inside is JSON, whose strings hold no newline.
"""
from __future__ import annotations

import folium
from branca.element import Element, MacroElement


class RawText(Element):
    """Already-rendered HTML or script, added to the page as is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def unindented(script: str) -> str:
    """``script`` with each line's leading blanks removed."""
    return "\n".join(line.lstrip() for line in script.split("\n"))


class RawMacroElement(MacroElement):
    """MacroElement whose header/html/script macros reach the page as ``RawText``.

    Mix it in *after* a folium class (``class Layer(folium.GeoJson, RawMacroElement)``):
    folium's own ``render`` steps (style mapping, add-to-map) still run, and only the
    last step, branca's, is replaced.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                text = macro(self, kwargs)
                target.add_child(RawText(unindented(text) if part == "script" else text), name=self.get_name())
        for child in list(self._children.values()):
            child.render(**kwargs)


class RawGeoJson(folium.GeoJson, RawMacroElement):
    """folium's GeoJson layer, its data kept out of Jinja."""
