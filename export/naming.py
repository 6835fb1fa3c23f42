"""File names of exports: ASCII, by content, options that change the picture, and date."""
from __future__ import annotations

from core.plan import current_plan
from core.text import slug
from export.request import ExportRequest
from layers.registry import LAYER_IDS, get_layer


def file_stem(request: ExportRequest, layer_titles: list[str] | None = None) -> str:
    """An ASCII file name by content and date, e.g. ``ban-do-quy-hoach-hai-duong-2026-11-27``.

    File names are ASCII on purpose (they survive e-mail, Zalo, zip on Windows and URLs
    unchanged); every text *inside* the file keeps its Vietnamese diacritics.
    """
    vi = request.lang != "en"
    if request.title:
        stem = slug(request.title)
    else:
        place = current_plan().file_slug  # "hai-duong"
        stem = {
            "snapshot": f"ban-do-quy-hoach-{place}" if vi else f"{place}-planning-map",
            "atlas": f"tap-ban-do-tien-do-{place}" if vi else f"{place}-progress-atlas",
            "slides": f"trinh-chieu-quy-hoach-{place}" if vi else f"{place}-planning-slides",
            "html": f"ban-do-tuong-tac-{place}" if vi else f"{place}-interactive-map",
            "data": f"du-lieu-quy-hoach-{place}" if vi else f"{place}-planning-data",
        }[request.family]
        if set(request.view.layers) != set(LAYER_IDS) and len(request.view.layers) <= 2:
            stem += "-" + "-".join(slug(get_layer(x).title(request.lang)) for x in request.view.layers)
    stem = (stem or "ban-do")[:80].strip("-")
    return "-".join([stem, *picture_options(request), request.day.isoformat()])


def picture_options(request: ExportRequest) -> list[str]:
    """File-name parts for the options that change the picture: extent, colours, paper and orientation.

    Two exports that look different never share a name (an A3 does not overwrite the A4)."""
    vi = request.lang != "en"
    parts = []
    if request.extent_label:
        parts.append(slug(request.extent_label)[:40].strip("-"))
    elif request.extent is not None:
        parts.append("khung-nhin" if vi else "view")
    if request.family in ("snapshot", "atlas", "slides", "html") and request.colour_mode == "status":
        parts.append("theo-tinh-trang" if vi else "by-status")
    if request.family in ("snapshot", "atlas"):
        parts.append(request.paper.lower())
        parts.append({"landscape": "ngang", "portrait": "doc"}[request.orientation] if vi else request.orientation)
    return [p for p in parts if p]


def file_name(request: ExportRequest) -> str:
    return f"{file_stem(request)}.{request.extension}"
