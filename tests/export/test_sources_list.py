"""The full source list of every export (PDF page 2, slide notes and appendix, HTML, data files): each item names
the places it belongs to, and the weak-source mark is in the export's language only (walk 16, finding 2)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from export import ExportRequest, build_scene
from export.sources import brief_line, full_sources, short_line
from progress.latest import latest_per_feature
from tests.conftest import REAL_DATA as REAL

pytestmark = pytest.mark.skipif(not (REAL / "urban_areas.geojson").exists(), reason="data/ not present")
DAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def scenes():
    from layers.registry import load_all

    frames = load_all(REAL)
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    return {lang: build_scene(frames, ExportRequest(format="pdf", lang=lang, as_of=DAY).validate(DAY),
                              latest_per_feature(reports, DAY), reports) for lang in ("vi", "en")}


def test_every_item_names_the_places_it_belongs_to(scenes):
    scene = scenes["vi"]
    names = {str(n) for frame in scene.frames.values() for n in frame["name"]}
    items = full_sources(scene)[:-1]                                # the last is the progress store's line
    for item in items:
        cited = item.split(" — Chương trình hành động")[0]
        rest = cited
        for name in sorted(names, key=len, reverse=True):             # longest first: names hold commas too
            rest = rest.replace(name, "")
        assert cited != item and rest.replace(",", "").strip() == "", item
    zone = next(i for i in items if "416 ha (02/2021)" in i)         # which KCN? (the walk could not tell)
    assert zone.startswith("Khu công nghiệp Đại An mở rộng — ")
    shared = next(i for i in items if i.startswith("Xã Lương Điền"))  # one citation of several places: once
    assert "Xã Đồng Cẩm" in shared.split(" — ")[0]


@pytest.mark.parametrize("lang, said, not_said", [
    ("vi", "nguồn yếu: chưa có văn bản chính thức", "weakly sourced"),
    ("en", "weakly sourced: no official document yet", "nguồn yếu (weakly sourced)"),
])
def test_a_weak_fact_says_so_in_the_exports_language_only(scenes, lang, said, not_said):
    items = full_sources(scenes[lang])
    assert any(said in item for item in items)
    assert not [item for item in items if not_said in item]
    assert "chưa tìm được nguồn chính thức" not in " ".join(items)


def test_the_short_lines_still_name_documents_not_places(scenes):
    scene = scenes["vi"]
    for line in (short_line(scene, "full_list_pdf"), brief_line(scene, "full_list_pdf")):
        assert "Chương trình hành động 28/02/2023 của UBND tỉnh Hải Dương" in line
        assert "Khu công nghiệp Đại An" not in line and "Thị xã Kinh Môn" not in line


def test_a_districts_map_lists_the_sources_of_what_it_draws(scenes):
    """The Bình Giang map's list named "Thành phố Chí Linh", far outside its frame, once items named their places."""
    from layers.registry import load_all

    from export.extent import district_extent

    box, label = district_extent("Bình Giang")
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    request = ExportRequest(format="pdf", as_of=DAY, extent=box, extent_label=label).validate(DAY)
    items = " ".join(full_sources(build_scene(load_all(REAL), request, latest_per_feature(reports, DAY), reports)))
    assert "Đô thị Bình Giang" in items and "Thành phố Chí Linh" not in items
    assert "Đô thị loại V chưa xác định (1)" in items                  # on no map: every print names it
