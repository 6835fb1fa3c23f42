"""Every export format as one record: what it is, how its file is named, which options apply, what renders it.

The request (validation, MIME type, extension), the file names, the command line, ``export.run`` and the
export page all read this table, so adding a format is adding a record (and its renderer module).
Renderers are named, not imported: each pulls in a heavy library (matplotlib, python-pptx, openpyxl,
folium) that only the format asked for should cost.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from core.bilingual import Text

# File stems by content ("{place}": the plan's ASCII place name, e.g. "hai-duong").
MAP_STEM = Text("ban-do-quy-hoach-{place}", "{place}-planning-map")
ATLAS_STEM = Text("tap-ban-do-tien-do-{place}", "{place}-progress-atlas")
SLIDES_STEM = Text("trinh-chieu-quy-hoach-{place}", "{place}-planning-slides")
HTML_STEM = Text("ban-do-tuong-tac-{place}", "{place}-interactive-map")
DATA_STEM = Text("du-lieu-quy-hoach-{place}", "{place}-planning-data")


@dataclass(frozen=True)
class Format:
    """One export format.

    ``renderer`` is ``"module:function"``; the function takes the scene, then what ``takes`` lists
    (``"format"``: the format's name, ``"progress"``: a progress callback) and, with ``fetcher`` true,
    a ``fetcher=`` keyword for basemap tiles. ``paged``: paper and orientation apply (and appear in the
    file name); ``drawn``: drawn by matplotlib (resolution, coordinate ticks); ``pictured``: a map picture
    (extent, basemap, title; its colour mode appears in the file name); ``framed``: not a picture, but
    it has an extent, a title and a choice of degrees or metres (a QGIS project's first view and CRS).
    """

    name: str
    family: str
    extension: str
    mime: str
    label: Text
    stem: Text
    renderer: str
    takes: tuple[str, ...] = ()
    fetcher: bool = False
    paged: bool = False
    drawn: bool = False
    pictured: bool = False
    framed: bool = False
    orientation: str = "landscape"      # the page's orientation unless asked otherwise

    def render(self, scene, progress: Callable[[float, str], None] | None = None, **extra) -> bytes:
        """The bytes of ``scene`` in this format (``extra``: ``fetcher=`` for basemap tiles, when it has one)."""
        module, function = self.renderer.split(":")
        render = getattr(importlib.import_module(module), function)
        args = [{"format": self.name, "progress": progress}[what] for what in self.takes]
        return render(scene, *args, **(extra if self.fetcher else {}))


_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# In the order the export page offers them (the first is its default).
_RECORDS = (
    Format("pdf", "snapshot", "pdf", "application/pdf", Text("Bản đồ PDF (in ấn)", "Map as PDF (print)"), MAP_STEM,
           "export.snapshot:render_snapshot", ("format",), fetcher=True, paged=True, drawn=True, pictured=True),
    Format("png", "snapshot", "png", "image/png", Text("Ảnh PNG", "PNG image"), MAP_STEM,
           "export.snapshot:render_snapshot", ("format",), fetcher=True, paged=True, drawn=True, pictured=True),
    Format("svg", "snapshot", "svg", "image/svg+xml", Text("Ảnh vector SVG", "SVG vector image"), MAP_STEM,
           "export.snapshot:render_snapshot", ("format",), fetcher=True, paged=True, drawn=True, pictured=True),
    Format("atlas", "atlas", "pdf", "application/pdf",
           Text("Tập bản đồ tiến độ (PDF, mỗi địa điểm một trang)", "Progress atlas (PDF, one page per place)"),
           ATLAS_STEM, "export.atlas:render_atlas", ("progress",), paged=True, drawn=True, pictured=True,
           orientation="portrait"),
    Format("pptx", "slides", "pptx", _PPTX,
           Text("Trình chiếu PowerPoint 16:9 (PPTX)", "PowerPoint slides 16:9 (PPTX)"), SLIDES_STEM,
           "export.slides:render_slides", ("progress",), fetcher=True, drawn=True, pictured=True),
    Format("html", "html", "html", "text/html",
           Text("Bản đồ tương tác (HTML, dùng không cần mạng)", "Interactive map (HTML, works offline)"), HTML_STEM,
           "export.html:render_html", pictured=True),
    Format("xlsx", "data", "xlsx", _XLSX, Text("Bảng Excel (XLSX)", "Excel table (XLSX)"), DATA_STEM,
           "export.data:render_xlsx"),
    Format("csv", "data", "csv", "text/csv", Text("Bảng CSV (UTF-8, mở bằng Excel)", "CSV table (UTF-8, opens in Excel)"),
           DATA_STEM, "export.data:render_csv"),
    Format("geojson", "data", "geojson", "application/geo+json", Text("GeoJSON", "GeoJSON"), DATA_STEM,
           "export.data:render_geojson"),
    Format("gpkg", "data", "gpkg", "application/geopackage+sqlite3",
           Text("GeoPackage (QGIS, ArcGIS)", "GeoPackage (QGIS, ArcGIS)"), DATA_STEM,
           "export.gpkg:render_gpkg"),
    Format("qgz", "data", "qgz", "application/zip",
           Text("Dự án QGIS (QGZ, kèm dữ liệu và kiểu hiển thị)", "QGIS project (QGZ, with its data and styles)"),
           DATA_STEM, "export.qgz:render_qgz", framed=True),
    # New formats go here, one record each, with their renderer module.
)

FORMATS: dict[str, Format] = {record.name: record for record in _RECORDS}


def has_extent(record: Format) -> bool:
    """Whether the user chooses what part of the province the file covers, and its title."""
    return record.pictured or record.framed


def has_crs_choice(record: Format) -> bool:
    """Whether the user chooses degrees or metres (coordinate ticks, or a project's CRS)."""
    return record.drawn or record.framed
