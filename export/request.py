"""What to export: one small, validated request (the view, the page, the words on it).

Every field survives a round trip through the CLI and the export panel; ``validate``
turns a bad value into an :class:`ExportError` a user can act on, in Vietnamese and English.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from core.clock import today_vn
from core.errors import PlanMapError
from core.i18n import LANGS, format_date
from core.vocab import STATUSES, URBAN_CLASSES
from export.formats import FORMATS, Format
from export.overlays import key_of, normalise
from layers.base import PRINT_COLOUR_MODES as COLOUR_MODES  # "reporting this cycle" is a screen view of today
from layers.query import ViewFilter
from layers.registry import LAYER_IDS
from mapview.view_link import MapView, app_link

# Paper sizes (ISO 216) in inches, portrait (width, height): A4 210 × 297 mm, A3 297 × 420 mm.
PAPERS: dict[str, tuple[float, float]] = {"A4": (210 / 25.4, 297 / 25.4), "A3": (297 / 25.4, 420 / 25.4)}
ORIENTATIONS = ("landscape", "portrait")
DPI_RANGE = (150, 300)
TICKS = ("degrees", "metres")

class ExportError(PlanMapError):
    """An export request that cannot be fulfilled as asked (bad option, unknown layer, …)."""


def public_base_url() -> str | None:
    """The app's public address (``PLANMAP_PUBLIC_URL``) without a trailing slash, or None."""
    url = (os.environ.get("PLANMAP_PUBLIC_URL") or "").strip().rstrip("/")
    return url or None


@dataclass(frozen=True)
class ExportRequest:
    """One export: the view (layers, filters, as-of date, language, colours) and the page."""

    format: str = "png"
    view: ViewFilter = field(default_factory=ViewFilter)
    as_of: date | None = None           # None = today
    lang: str = "vi"
    colour_mode: str = "class"
    extent: tuple[float, float, float, float] | None = None  # lon/lat bbox; None = visible features
    extent_label: str | None = None     # what the extent is, in words ("Huyện Bình Giang"): subtitle, file name
    paper: str = "A4"
    orientation: str = "landscape"
    dpi: int = 200
    title: str | None = None
    subtitle: str | None = None
    ticks: str = "degrees"              # coordinate ticks: degrees (WGS 84) or metres (VN-2000)
    basemap: bool = False               # OSM tiles when reachable; never needed
    features: tuple[str, ...] | None = None   # atlas: only these feature ids (None = all shown)
    public_base_url: str | None = field(default_factory=public_base_url)
    # The user's own layers, as on the map page: ((geo.overlay_io.Overlay, layers.overlay_style.OverlayStyle), …).
    # Compared through ``overlay_key`` (file digest, name, style): GeoDataFrames have no plain equality.
    overlays: tuple = field(default=(), compare=False, repr=False)
    overlay_key: tuple = field(init=False, default=(), repr=False)

    def __post_init__(self) -> None:
        pairs = normalise(self.overlays)
        object.__setattr__(self, "overlays", pairs)
        object.__setattr__(self, "overlay_key", key_of(pairs))

    def with_(self, **changes: Any) -> "ExportRequest":
        return replace(self, **changes)

    @property
    def record(self) -> Format:
        """What the format is (export.formats): family, extension, MIME type, options, renderer."""
        return FORMATS[self.format]

    @property
    def family(self) -> str:
        return self.record.family

    @property
    def extension(self) -> str:
        return self.record.extension

    @property
    def mime(self) -> str:
        return self.record.mime

    @property
    def day(self) -> date:
        return self.as_of or today_vn()

    def page_inches(self) -> tuple[float, float]:
        w, h = PAPERS[self.paper]
        return (h, w) if self.orientation == "landscape" else (w, h)

    def page_pixels(self) -> tuple[int, int]:
        w, h = self.page_inches()
        return round(w * self.dpi), round(h * self.dpi)

    def validate(self, today: date | None = None) -> "ExportRequest":
        """Return self when every option is usable, else raise ExportError (vi + en)."""
        today = today or today_vn()
        if self.format not in FORMATS:
            raise ExportError(
                f"Định dạng '{self.format}' không được hỗ trợ. Chọn một trong: {', '.join(FORMATS)}.",
                f"Format '{self.format}' is not supported. Choose one of: {', '.join(FORMATS)}.")
        if self.paper not in PAPERS:
            raise ExportError(f"Khổ giấy '{self.paper}' không hợp lệ; chọn A4 hoặc A3.",
                              f"Paper '{self.paper}' is not valid; choose A4 or A3.")
        if self.orientation not in ORIENTATIONS:
            raise ExportError(f"Hướng giấy '{self.orientation}' không hợp lệ; chọn ngang (landscape) hoặc dọc (portrait).",
                              f"Orientation '{self.orientation}' is not valid; choose landscape or portrait.")
        lo, hi = DPI_RANGE
        if not isinstance(self.dpi, int) or isinstance(self.dpi, bool) or not lo <= self.dpi <= hi:
            raise ExportError(f"Độ phân giải {self.dpi} dpi nằm ngoài khoảng cho phép {lo}–{hi} dpi.",
                              f"Resolution {self.dpi} dpi is outside the allowed range {lo}–{hi} dpi.")
        if self.lang not in LANGS:
            raise ExportError(f"Ngôn ngữ '{self.lang}' không được hỗ trợ (vi, en).",
                              f"Language '{self.lang}' is not supported (vi, en).")
        if self.colour_mode not in COLOUR_MODES:
            raise ExportError(f"Cách tô màu '{self.colour_mode}' không hợp lệ ({', '.join(COLOUR_MODES)}).",
                              f"Colour mode '{self.colour_mode}' is not valid ({', '.join(COLOUR_MODES)}).")
        if self.ticks not in TICKS:
            raise ExportError(f"Lưới tọa độ '{self.ticks}' không hợp lệ (degrees, metres).",
                              f"Coordinate ticks '{self.ticks}' are not valid (degrees, metres).")
        unknown = [x for x in self.view.layers if x not in LAYER_IDS]
        if unknown:
            raise ExportError(
                f"Không có lớp bản đồ: {', '.join(unknown)}. Các lớp có: {', '.join(LAYER_IDS)}.",
                f"No such map layer: {', '.join(unknown)}. Available layers: {', '.join(LAYER_IDS)}.")
        if not self.view.layers:
            raise ExportError("Chưa chọn lớp bản đồ nào để xuất.", "No map layer selected to export.")
        bad = [c for c in self.view.classes if c not in URBAN_CLASSES]
        bad += [s for s in self.view.statuses if s not in STATUSES]
        if bad:
            raise ExportError(f"Giá trị lọc không hợp lệ: {', '.join(bad)}.", f"Invalid filter values: {', '.join(bad)}.")
        if self.as_of is not None and self.as_of > today:
            d = self.as_of
            raise ExportError(
                f"Ngày {format_date(d, 'vi')} ở tương lai: chỉ xuất được tình trạng đến hôm nay "
                f"({format_date(today, 'vi')}).",
                f"{format_date(d, 'en')} is in the future: the status can only be exported up to today "
                f"({format_date(today, 'en')}).")
        if self.extent is not None:
            minx, miny, maxx, maxy = self.extent
            if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
                raise ExportError("Phạm vi bản đồ không hợp lệ (kinh độ/vĩ độ nhỏ nhất phải nhỏ hơn lớn nhất).",
                                  "Invalid map extent (minimum longitude/latitude must be below the maximum).")
        for overlay, _style in self.overlays:
            gdf = getattr(overlay, "gdf", None)
            if gdf is None or not hasattr(gdf, "geometry") or not getattr(overlay, "name", None):
                raise ExportError("Dữ liệu riêng kèm theo không hợp lệ (cần một lớp đã nhập).",
                                  "The attached user data is not valid (an imported layer is expected).")
        if self.public_base_url and not self.public_base_url.startswith(("http://", "https://")):
            raise ExportError("Địa chỉ công khai của ứng dụng phải bắt đầu bằng http:// hoặc https://.",
                              "The app's public address must start with http:// or https://.")
        return self

    def link_for(self, feature_id: str) -> str | None:
        """The app link that opens ``feature_id`` (None when no public address is configured)."""
        if not self.public_base_url:
            return None
        return app_link(self.public_base_url, MapView(lang=self.lang, selected=feature_id))
