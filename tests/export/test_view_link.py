"""One encoder for every link to the app: what an export's QR code and links open is what the app reads."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlsplit

from export import ExportRequest
from layers.query import ViewFilter
from mapview.view_link import parse

BASE = "https://quyhoach.example.vn"


def _opened(link: str):
    """The view the app shows for ``link`` (its query parameters read as the map page reads them)."""
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == BASE and parts.path == "/"
    return parse(dict(parse_qsl(parts.query)))


def test_the_exported_view_link_opens_the_exported_view(scene_of):
    view = ViewFilter(layers=("urban_areas", "railways"), classes=("I", "V"), statuses=("in_progress",), query="Chí")
    scene = scene_of(view=view, lang="en", colour_mode="status", as_of=date(2026, 1, 8), public_base_url=BASE)
    opened = _opened(scene.view_link())
    assert opened.filter == view and opened.lang == "en" and opened.colour_mode == "status"
    assert opened.as_of == date(2026, 1, 8) and opened.selected is None


def test_a_place_link_opens_that_place_in_the_exports_language():
    for lang in ("vi", "en"):
        opened = _opened(ExportRequest(lang=lang, public_base_url=BASE).link_for("ua-luong-dien"))
        assert opened.selected == "ua-luong-dien" and opened.lang == lang
