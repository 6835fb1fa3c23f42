"""The map split in two: a frame that stays mounted, and the plan's layers and legend redrawn inside it.

A filter or colour change alters only the plan's layers and the legend. If they are part of the
map's script, streamlit-folium sees a new map and remounts its frame (a blank map, Leaflet
started again, the whole page's worth of layers parsed anew). Moved out of the frame's script,
they travel as streamlit-folium's dynamic ``feature_group``, which the mounted frame swaps in
place. Pure folium: the Streamlit side is ``ui/map_component.py``.
"""
from __future__ import annotations

from collections.abc import Iterable

from branca.element import Element
from folium import Map

from mapview.build import PlanLayer
from mapview.legend import MapLegend

# What changes with the view: the plan's layers and the legend that describes them.
DYNAMIC_TYPES: tuple[type, ...] = (PlanLayer, MapLegend)


def detach_dynamic(m: Map, types: tuple[type, ...] = DYNAMIC_TYPES) -> list[Element]:
    """Take the map's children of ``types`` out of ``m`` (in drawing order) and return them."""
    moved = [name for name, child in m._children.items() if isinstance(child, types)]
    return [m._children.pop(name) for name in moved]  # keyed by the name each had when added


def layer_owning_controls(scripts: Iterable[str], map_var: str = "map_div") -> str:
    """JS that runs ``scripts`` (which add Leaflet controls to ``map_var``) inside a Leaflet layer that owns
    those controls, registered with streamlit-folium's dynamic layers.

    streamlit-folium removes the previous dynamic layers with ``map.removeLayer``; a control is no layer,
    so an old legend would stay beside the new one. Owned by a layer, it is removed with it.
    """
    body = "\n".join(scripts)
    return f"""
(function(){{
    var Owner = L.Layer.extend({{
        onAdd: function({map_var}) {{
            var owned = this._controls = [], addTo = L.Control.prototype.addTo;
            L.Control.prototype.addTo = function(target) {{ owned.push(this); return addTo.call(this, target); }};
            try {{
{body}
            }} finally {{ L.Control.prototype.addTo = addTo; }}
        }},
        onRemove: function() {{ this._controls.forEach(function(c) {{ c.remove(); }}); this._controls = []; }}
    }});
    var owner = new Owner();
    {map_var}.addLayer(owner);
    window.feature_group = window.feature_group || [];
    window.feature_group.push(owner);
}})();
"""


# The user's own layers are in the frame, drawn before the plan's layers arrive: raise them again so the
# plan's markers never cover what the user brought (mapview.overlay gives their paths the class pm-overlay).
OVERLAYS_ON_TOP = """
map_div.eachLayer(function(l){
    var cls = (l.options && l.options.className) || "";
    if (cls.indexOf("pm-overlay") >= 0 && l.bringToFront) { l.bringToFront(); }
});
"""
