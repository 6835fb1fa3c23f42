"""File names of exports: ASCII, by content, options that change the picture, and date."""
from __future__ import annotations

from core.plan import current_plan
from core.text import slug
from export.request import ExportRequest
from layers.registry import LAYER_IDS, get_layer


def file_stem(request: ExportRequest) -> str:
    """An ASCII file name by content and date, e.g. ``ban-do-quy-hoach-hai-duong-2026-11-27``.

    File names are ASCII on purpose (they survive e-mail, Zalo, zip on Windows and URLs
    unchanged); every text *inside* the file keeps its Vietnamese diacritics.
    """
    if request.title:
        stem = slug(request.title)
    else:
        stem = request.record.stem.get(request.lang).format(place=current_plan().file_slug)  # "hai-duong"
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
    if request.record.pictured and request.colour_mode == "status":
        parts.append("theo-tinh-trang" if vi else "by-status")
    if request.record.paged:
        parts.append(request.paper.lower())
        parts.append({"landscape": "ngang", "portrait": "doc"}[request.orientation] if vi else request.orientation)
    return [p for p in parts if p]


def file_name(request: ExportRequest) -> str:
    return f"{file_stem(request)}.{request.extension}"
