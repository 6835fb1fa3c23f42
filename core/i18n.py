"""Interface words and display formats: every table of strings is a ``Strings`` of ``Text``, read by
one rule (a missing key reads as itself: visible, never a crash), and every date, number and percent a
reader sees is written here, the Vietnamese way (01/06/2025, 1.234,5) or the English one (2025-06-01, 1,234.5).

The app's shared words are ``STRINGS`` (read with ``t``); a page keeps its own words next to it::

    TEXT = Strings({"title": ("Báo cáo tiến độ", "Progress reporting"), ...})
    TEXT.t("title", lang)        # one word
    w = TEXT.words(lang)         # or a page's words in one language: w["title"]
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import date

from core.bilingual import DEFAULT_LANG, LANGS, Text
from core.plan import current_plan

__all__ = ["DEFAULT_LANG", "LANGS", "STRINGS", "Strings", "Text", "Words", "chart_date_format",
           "date_field_format", "format_date", "format_number", "format_percent", "t"]

NONE_SHOWN = "—"  # what a reader sees where there is no date or number


class Strings(Mapping[str, Text]):
    """A table of ``Text`` by key, both languages checked when the table is built (at import)."""

    def __init__(self, entries: Mapping[str, "Text | tuple[str, str]"]) -> None:
        self._entries = {key: Text.of(pair) for key, pair in entries.items()}

    def __getitem__(self, key: str) -> Text:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def text(self, key: str) -> Text:
        """The entry ``key``; the key itself in both languages when the table has none."""
        return self._entries.get(key) or Text(key, key)

    def t(self, key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
        """The words of ``key`` in ``lang`` (``{name}`` fields filled from ``values``); the key if missing."""
        words = self.text(key).get(lang)
        return words.format(**values) if values else words

    def words(self, lang: str = DEFAULT_LANG) -> "Words":
        """This table in one language, read as ``w["key"]`` (the same rule as ``t``)."""
        return Words(self, lang)


class Words:
    """One table's words in one language: ``w["key"]`` is ``table.t("key", lang)``."""

    __slots__ = ("table", "lang")

    def __init__(self, table: Strings, lang: str) -> None:
        self.table, self.lang = table, lang

    def __getitem__(self, key: str) -> str:
        return self.table.t(key, self.lang)

# Keys whose words the plan gives (core/plan.py Plan.text); the others cost no look at the plan.
PLAN_TEXTS = frozenset({"app_title", "program_name", "urban_class"})

STRINGS = Strings({
    "layers": ("Lớp bản đồ", "Map layers"),
    "urban_class": ("Phân loại", "Class"),  # the plan names its own classes ([vocabularies.X] title)
    "status": ("Tình trạng", "Status"),
    "progress": ("Tiến độ", "Progress"),
    "district": ("Huyện (2023)", "District (2023)"),
    "unit_2025": ("Đơn vị sau sắp xếp 2025", "Unit since the 2025 reorganisation"),
    "in_provincial_plan_label": ("Quy hoạch tỉnh (QĐ 1639/QĐ-TTg)", "Provincial plan (QĐ 1639/QĐ-TTg)"),
    "class_provincial_plan": ("Loại đô thị theo quy hoạch tỉnh", "Urban class in the provincial plan"),
    "class_2026_label": ("Loại đô thị từ 01/01/2026", "Urban class since 1 Jan 2026"),
    "class_2026_derived": ("{cls} (suy ra theo NQ 111/2025/UBTVQH15, Điều 15)",
                           "{cls} (derived under NQ 111/2025/UBTVQH15, art. 15)"),
    "recognition_decision": ("Quyết định công nhận loại", "Class recognised by"),
    "source": ("Nguồn", "Source"),
    "location_precision": ("Độ chính xác vị trí", "Location precision"),
    "length": ("Chiều dài", "Length"),
    "area": ("Diện tích", "Area"),
    "name": ("Tên", "Name"),
    "layer": ("Lớp", "Layer"),
    "search": ("Tìm theo tên", "Search by name"),
    "search_help": ("Không cần gõ dấu, ví dụ: luong dien", "Diacritics optional, e.g. luong dien"),
    "search_hint": ("Ví dụ: luong dien", "e.g. luong dien"),
    "no_match": ("Không tìm thấy địa điểm nào", "No place found"),
    "colour_by": ("Tô màu theo", "Colour by"),
    "reporting_cycle": ("Báo cáo kỳ này", "Reporting this cycle"),
    "filter_all": ("Tất cả", "All"),
    "result_line": ("Bản đồ đang hiện {all} đối tượng, trong đó {urban} đô thị.",
                    "The map shows {all} features, {urban} of them urban areas."),
    "filters_loading": ("Bộ lọc đang tải, ngay sau bản đồ…", "The filters are loading, right after the map…"),
    "class_filter_program": ("Đây là {n} loại của Chương trình năm 2023.", "These are the 2023 program's {n} classes."),
    "class_filter_2026": ("Từ 01/01/2026 đô thị còn 4 loại (NQ 111/2025/UBTVQH15): loại từ 2026 của mỗi nơi được "
                          "suy ra trong phần thông tin chi tiết.",
                          "Since 01/01/2026 there are four classes (Res. 111/2025/UBTVQH15): each place's 2026 class "
                          "is derived in its details."),
    "switch_language": ("Chuyển sang tiếng Anh (English)", "Switch to Vietnamese (Tiếng Việt)"),
    "filter_all_help": ("Bỏ chọn: hiện mọi loại. Không chọn gì nghĩa là tất cả.",
                        "Clear the choice: show every one. Nothing selected means all."),
    "past_stamp": ("Bản đồ tình trạng tại ngày {date} — không phải hôm nay", "Map of the status on {date} — not today"),
    "legend": ("Chú giải", "Legend"),
    "summary": ("Tổng hợp", "Summary"),
    "visible_features": ("Các đối tượng đang hiển thị", "Features shown"),
    "total": ("Tổng", "Total"),
    "feature_id": ("Mã đối tượng", "Feature ID"),
    "summary_note": ("Tình trạng tính đến ngày {date}. Bảng loại đô thị đếm {urban} đô thị đang hiển thị; "
                     "bảng tình trạng đếm {all} đối tượng của mọi lớp đang hiển thị.",
                     "Status as of {date}. The class table counts the {urban} urban areas shown; "
                     "the status table counts all {all} features of every layer shown."),
    "show_feature_table": ("Hiện bảng các đối tượng đang hiển thị", "Show the table of features shown"),
    "as_of_help": ("Bản đồ tô tình trạng của mỗi địa điểm theo báo cáo đến hết ngày này.",
                   "The map colours each place by its status as reported up to this date."),
    "details": ("Thông tin chi tiết", "Details"),
    "click_hint": ("Bấm vào một đối tượng trên bản đồ để xem chi tiết.", "Click a feature on the map to see its details."),
    "not_placed": ("Chưa xác định vị trí", "Not placed"),
    "not_identified": ("Chưa xác định được trong các nguồn hiện có", "Not identified in available sources"),
    "indicative": ("Hướng tuyến dự kiến (minh họa, không phải số liệu đo đạc)", "Indicative route (schematic, not surveyed)"),
    "indicative_area": ("Phạm vi dự kiến (minh họa, không phải ranh giới đo đạc)",
                        "Indicative extent (illustrative, not a surveyed boundary)"),
    "language": ("Ngôn ngữ", "Language"),
    "count": ("Số lượng", "Count"),
    "as_of": ("Tính đến ngày", "As of"),
    "all": ("Tất cả", "All"),
    "percent": ("Phần trăm", "Percent"),
    "note": ("Ghi chú", "Note"),
    "unknown": ("Chưa rõ", "Unknown"),
    "km": ("km", "km"),
    "ha": ("ha", "ha"),
    "basemap": ("Nền bản đồ OpenStreetMap (cần Internet)", "OpenStreetMap background (needs internet)"),
    "basemap_help": ("Tắt sẵn: mạng nội bộ thường không tải được nền. Nếu không tải được, bản đồ báo ở góc trên bên phải.",
                     "Off by default: intranets often cannot reach it. If it cannot load, the map says so in its top-right corner."),
    "basemap_failed": ("Không tải được nền OpenStreetMap (không có Internet?). Các lớp bản đồ vẫn hiển thị đầy đủ.",
                       "The OpenStreetMap background could not be loaded (no internet?). All map layers are still shown."),
    "reference_layers": ("Bản đồ nền", "Reference layers"),
    "boundaries": ("Ranh giới hành chính (2019–2025)", "Administrative boundaries (2019–2025)"),
    "communes_2025": ("Xã, phường từ 01/07/2025", "Communes and wards since 1 July 2025"),
    "communes_2025_help": ("Đơn vị cấp xã mới (thuộc TP Hải Phòng), chấm tại trụ sở (độ chính xác ≈ 100 m); rê chuột để xem đơn vị cũ hợp thành.",
                           "The new commune-level units (in Hải Phòng city), dotted at their seats (≈ 100 m); hover to see the former units they were formed from."),
    "communes_2025_missing": ("Chưa có dữ liệu xã, phường 2025 (data/admin_2025/communes_2025.geojson).",
                              "The 2025 communes dataset is not installed yet (data/admin_2025/communes_2025.geojson)."),
    "communes_2025_legend": ("Trụ sở xã, phường từ 01/07/2025", "Seat of a commune or ward since 1 July 2025"),
    "formed_from": ("Hình thành từ", "Formed from"),
    "formed_from_partly": ("Và một phần của", "And part of"),
    "map_symbols": ("Ký hiệu", "Symbols"),
    "map_page": ("Bản đồ", "Map"),
    "dashboard_page": ("Tiến độ", "Progress"),
    "report_page": ("Báo cáo", "Report"),
    "export_page": ("Xuất bản đồ", "Export"),
    "overlay_page": ("Dữ liệu riêng", "Your data"),
    "page_error": ("Trang gặp lỗi ngoài dự kiến nên chưa hiển thị hết; dữ liệu đã lưu không bị ảnh hưởng. "
                   "Hãy tải lại trang; nếu lỗi còn, báo quản trị viên mã sự cố {code}.",
                   "This page hit an unexpected error and could not be shown in full; stored data is not affected. "
                   "Reload the page; if it happens again, give the administrator incident code {code}."),
    "wastewater": ("Xử lý nước thải tập trung", "Central wastewater treatment"),
    "plan_kind": ("Hình thức", "Plan kind"),
    "name_in_program": ("Tên trong Chương trình", "Name in the program"),
    "zone_kind": ("Loại khu", "Zone kind"),
    "length_km": ("Chiều dài đo trên sơ đồ", "Length measured on the schematic"),
    "reported_length_km": ("Chiều dài theo nguồn", "Reported length"),
    "area_ha": ("Diện tích theo nguồn", "Area (reported)"),
    "gauge": ("Khổ đường", "Gauge"),
    "districts": ("Đi qua (huyện 2023)", "Runs through (2023 districts)"),
    # Issue 13: the plan in force (colour modes, the comparison table, the targets page).
    "colour_class": ("Loại đô thị", "Urban class"),
    "colour_status": ("Tình trạng", "Status"),
    "colour_plan": ("So với quy hoạch tỉnh", "Against the provincial plan"),
    "colour_wastewater": ("Nước thải KCN", "Zone wastewater"),
    "colour_reporting": ("Báo cáo kỳ này", "Reporting this cycle"),
    "plan_comparison_title": ("Chương trình và quy hoạch tỉnh (QĐ 1639/QĐ-TTg): khác biệt",
                              "Program and provincial plan (QĐ 1639/QĐ-TTg): differences"),
    "plan_comparison_note": ("Mỗi đô thị của một trong hai danh sách là một dòng. {counts}. «Chưa rõ»: danh sách đô thị "
                             "mới của quy hoạch tỉnh bị cắt trong mọi nguồn tìm được, nên không đối chiếu được.",
                             "Each urban area of either list is one row. {counts}. “Unknown”: the provincial plan's list "
                             "of new urban areas is cut off in every source found, so these cannot be compared."),
    "plan_comparison_sheet": ("So sánh quy hoạch", "Plan comparison"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải XLSX", "Download XLSX"),
    "targets_page": ("Chỉ tiêu 2030", "2030 targets"),
    # Walk 16, finding 14: every stack was called a placeholder, even a town at its own coordinate.
    "same_spot": ("Cùng vị trí ({n} địa điểm) — bấm để xem:", "At the same spot ({n} places) — click to see:"),
    "same_spot_placeholder": ("Vị trí của địa điểm này là vị trí tạm đặt (chưa có tọa độ riêng).",
                              "This place's position is a placeholder (it has no coordinate of its own yet)."),
})


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The interface string ``key`` in ``lang`` (``{name}`` fields filled from ``values``); the key itself
    if missing (visible, never a crash). The program's title and name come from its plan.toml."""
    text = current_plan().text(key) if key in PLAN_TEXTS else None
    if not text:
        return STRINGS.t(key, lang, **values)
    words = text.get(lang)
    return words.format(**values) if values else words


def format_date(d: date | None, lang: str = DEFAULT_LANG) -> str:
    """A date as the reader expects it: 01/06/2025 in Vietnamese, 2025-06-01 in English
    (an English reader would take 01/06/2025 for 6 January). "—" when there is none."""
    if d is None or not isinstance(d, date):
        return NONE_SHOWN
    return d.isoformat()[:10] if lang == "en" else d.strftime("%d/%m/%Y")


def date_field_format(lang: str = DEFAULT_LANG) -> str:
    """The same rule as format_date, for Streamlit's date fields and date columns."""
    return "YYYY-MM-DD" if lang == "en" else "DD/MM/YYYY"


def chart_date_format(lang: str = DEFAULT_LANG) -> str:
    """The same rule as format_date, for a chart's dates (Vega-Lite / d3 time format)."""
    return "%Y-%m-%d" if lang == "en" else "%d/%m/%Y"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # NaN, pandas' NA (float() refuses it) — nothing to show
    except (TypeError, ValueError):
        return True


def format_number(value: float | int | None, lang: str = DEFAULT_LANG, decimals: int = 0, trim: bool = False) -> str:
    """A number as the reader writes it: 12.345,6 in Vietnamese (thousands dot, decimal comma), 12,345.6
    in English; ``decimals`` places, trailing zeros dropped when ``trim``. "—" when there is none."""
    if _missing(value):
        return NONE_SHOWN
    text = f"{float(value):,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # -0.0 rounds to 0: no sign on nothing
    return text if lang == "en" else text.translate(_VI_DIGITS)


_VI_DIGITS = str.maketrans(",.", ".,")


def format_percent(value: float | int | None, lang: str = DEFAULT_LANG, decimals: int = 2, trim: bool = True) -> str:
    """A percentage (``value`` already in per cent): 35%, 12,5% in Vietnamese, 12.5% in English; "—" when none.
    By default as reported, to two places without trailing zeros: a reported 40.5 must not read "40%"."""
    number = format_number(value, lang, decimals, trim)
    return number if number == NONE_SHOWN else number + "%"
