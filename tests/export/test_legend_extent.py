"""The legend of a map of part of the province lists only what that part shows (issue 10: "legend that matches the
map exactly"): a district's map does not explain class-I symbols it does not draw."""
from __future__ import annotations

from layers.query import ViewFilter


def _urban_labels(scene) -> list[str]:
    sections = dict(scene.legend_sections())
    title = next(k for k in sections if "Đô thị" in k or "Urban" in k)
    return [e.label for e in sections[title]]


def test_a_zoomed_extent_lists_only_the_classes_it_draws(scene_of, frames):
    whole = scene_of(format="pdf", view=ViewFilter(layers=("urban_areas",)))
    urban = whole.placed("urban_areas")
    assert urban["urban_class"].nunique() > 1  # the fixture has several classes to tell apart
    one = urban.iloc[0]
    x, y = one.geometry.x, one.geometry.y
    others = urban[urban["urban_class"] != one["urban_class"]]
    pad = 0.004
    assert not others.intersects(__import__("shapely").box(x - pad, y - pad, x + pad, y + pad)).any()
    zoomed = scene_of(format="pdf", view=ViewFilter(layers=("urban_areas",)), extent=(x - pad, y - pad, x + pad, y + pad))

    shown, everything = _urban_labels(zoomed), _urban_labels(whole)
    assert len(shown) == 1 < len(everything)
    assert shown[0] in everything
