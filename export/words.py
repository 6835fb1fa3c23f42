"""The words of the exports and how values are written in them: one table, one lookup, no project imports but core.

Every export module (scene, drawing, furniture, sources, slides, atlas, data files) reads its words here,
so a word is translated once and a date or a percentage reads the same in every file — and in the app:
dates go through ``core.i18n.format_date`` (one format per language everywhere), percentages through
``core.i18n.format_percent`` (called directly: a reported 40.5 reads 40,5% / 40.5%, as in the app).
"""
from __future__ import annotations

import unicodedata
from datetime import date

import pandas as pd

from core.bilingual import Text
from core.i18n import format_date, t

WORDS: dict[str, Text] = {key: Text.of(pair) for key, pair in {
    # scene: title block, tables, atlas pages
    "layers_shown": ("Lớp", "Layers"),
    "made_on": ("Lập ngày", "Made on"),
    # title block: which data, and what its positions are worth (export.data_version, Scene.data_line)
    "data_version": ("Dữ liệu: bản {version}", "Data: version {version}"),
    "data_updated": ("Dữ liệu cập nhật {updated}", "Data updated {updated}"),
    # the newest progress report the export counts (Scene.reports_line; the as-of date is on the line above).
    # Short: the title block's line keeps its length and does not wrap into the map on A4 portrait.
    "reports_until": ("báo cáo mới nhất {newest}", "latest report {newest}"),
    "no_reports_until": ("chưa có báo cáo", "no report yet"),
    "indicative": ("Vị trí mang tính minh hoạ, không phải ranh giới pháp lý",
                   "Positions are indicative, not a legal boundary"),
    # the places of the filter that the map cannot show (Scene.unplaced_line)
    "not_on_map": ("Không có trên bản đồ ({n}, chưa nguồn nào cho vị trí): {names}",
                   "Not on the map ({n}, no source gives a position): {names}"),
    "not_on_map_many": ("Không có trên bản đồ: {n} địa điểm chưa nguồn nào cho vị trí — danh sách trong tệp dữ liệu "
                        "(cột vị trí trống)",
                        "Not on the map: {n} places no source gives a position for — listed in the data files "
                        "(empty position)"),
    "sources": ("Nguồn dữ liệu", "Data sources"),
    "progress_store": ("tiến độ: báo cáo của các đơn vị", "progress: reports of the responsible units"),
    "basemap_credit": ("nền: © những người đóng góp OpenStreetMap", "basemap: © OpenStreetMap contributors"),
    "classes": ("Loại đô thị", "Urban classes"),
    "statuses": ("Tình trạng", "Statuses"),
    "unit": ("Đơn vị phụ trách", "Responsible unit"),
    "reported_by": ("Người báo cáo", "Reported by"),
    "history": ("Lịch sử báo cáo", "Report history"),
    "no_history": ("Chưa có báo cáo nào đến ngày này.", "No report up to this date."),
    "earlier_reports": ("… {n} báo cáo trước đó", "… {n} earlier reports"),
    "more_reports": ("… và {n} báo cáo khác (đủ trong tệp dữ liệu và trang Tiến độ)",
                     "… and {n} more reports (all in the data files and on the Progress page)"),
    "history_elsewhere": ("Lịch sử báo cáo: {n} báo cáo, đủ trong tệp dữ liệu và trang Tiến độ",
                          "Report history: {n} reports, all in the data files and on the Progress page"),
    "open_in_app": ("Mở trong ứng dụng", "Open in the app"),
    "atlas_title": ("Tập bản đồ tiến độ", "Progress atlas"),
    "progress_table": ("Tiến độ", "Progress"),
    "page": ("Trang", "Page"),
    "pages_count": ("trang", "pages"),
    "not_placed_map": ("Chưa xác định vị trí trên bản đồ", "Not placed on the map"),
    "north": ("B", "N"),
    "grid_degrees": ("Kinh độ, vĩ độ (WGS 84)", "Longitude, latitude (WGS 84)"),
    "grid_metres": ("VN-2000 / TM-3 105°30′ (EPSG:9209), mét", "VN-2000 / TM-3 105°30′ (EPSG:9209), metres"),
    "projection": ("Phép chiếu: VN-2000 / TM-3 105°30′ (EPSG:9209)", "Projection: VN-2000 / TM-3 105°30′ (EPSG:9209)"),
    "whole_province": ("Toàn tỉnh", "Whole province"),
    "filtered": ("Lọc", "Filter"),
    "search_for": ("Tìm", "Search"),
    "location_count": ("địa điểm", "locations"),
    "date": ("Ngày", "Date"),
    "extent": ("Phạm vi", "Extent"),
    "not_placed_why": ("Chưa có nguồn nào cho biết vị trí: trang này chỉ có thông tin, không có điểm trên bản đồ.",
                       "No source gives its position: this page has its facts, not a point on the map."),
    "same_spot": ("Cùng vị trí với", "At the same spot as"),
    "cover": ("Bìa và bản đồ tổng quan", "Cover and overview map"),
    "index": ("Mục lục địa điểm", "Index of places"),
    "overview": ("Bản đồ tổng quan", "Overview map"),
    # the 2030 targets' slide and atlas page (export.targets)
    "targets_title": ("Chỉ tiêu đến năm 2030 của Chương trình (§II.2)", "The program's 2030 targets (§II.2)"),
    "target_indicator": ("Chỉ tiêu", "Indicator"),
    "target_2030": ("Mục tiêu 2030", "2030 target"),
    "target_latest": ("Số liệu mới nhất", "Latest figure"),
    "target_year": ("Năm", "Year"),
    "target_assessment": ("Đánh giá", "Assessment"),
    "targets_from_store": ("Số liệu: kho báo cáo (báo cáo của các đơn vị và số liệu công khai ban đầu).",
                           "Figures: the report store (units' reports and the public first figures)."),
    "targets_from_seed": ("Số liệu: chỉ số liệu công khai ban đầu (data/plan_in_force/indicator_values.csv) — "
                          "không mở được kho báo cáo.",
                          "Figures: the public first figures only (data/plan_in_force/indicator_values.csv) — "
                          "no report store."),
    "targets_method": ("Đánh giá theo hướng của chỉ tiêu: tốc độ %/năm theo bình quân các năm; chỉ tiêu khác theo "
                       "xu hướng đến 2030 (cần ≥ 2 năm số liệu). «Chưa rõ»: chưa có số liệu — không ước đoán. "
                       "Nguồn từng số liệu: trang Chỉ tiêu 2030.",
                       "Judged by each target's direction: %/year rates by the mean of the years; others by the trend "
                       "to 2030 (needs ≥ 2 years). “Unknown”: no figure — never guessed. Each figure's source: the "
                       "2030 targets page."),
    # the extents an export can show (export.extent)
    "extent_view": ("Khung nhìn trên bản đồ", "The map's current view"),
    "extent_filter": ("Các đối tượng đang lọc", "The filtered features"),
    "extent_province": ("Toàn tỉnh", "Whole province"),
    "extent_district": ("Một huyện, thị xã, thành phố", "One district"),
    "extent_selected": ("Địa điểm đang chọn", "The selected place"),
    # scale bar (export.furniture)
    "scale": ("Tỷ lệ", "Scale"),
    "printed_at": ("khi in khổ {paper}", "printed on {paper}"),
    # point symbols (export.symbols)
    "displaced": ("Nhiều địa điểm cùng một vị trí: tách ra, đường dẫn chỉ vị trí thật",
                  "Places at one position: moved apart, a leader line points to the true position"),
    "symbols": ("Ký hiệu", "Symbols"),
    "number_key": ("Chú dẫn số", "Key to numbers"),
    "legend_more": ("(tiếp)", "(cont.)"),   # a legend section's heading again, atop the column it runs on into
    "class_note": ("Loại theo Chương trình 2023 (5 loại); loại từ 2026 (4 loại): xem phần chi tiết",
                   "Classes of the 2023 program (5); the 2026 class (4 classes): see the details"),
    # geometry kinds of GeoPackage layers (export.gpkg)
    "kind_points": ("điểm", "points"),
    "kind_lines": ("tuyến", "lines"),
    "kind_areas": ("vùng", "areas"),
    # the user's own layers (export.overlays)
    "user_data": ("Dữ liệu người dùng", "User data"),
    # the sources block (export.sources)
    "websites": ("trang tin", "websites"),
    "full_list_pdf": ("danh mục đầy đủ, có đường dẫn: trang 2", "full list with links: page 2"),
    "full_list_elsewhere": ("danh mục đầy đủ, có đường dẫn: bản PDF và tệp dữ liệu",
                            "full list with links: the PDF and the data files"),
    "full_list_below": ("danh mục đầy đủ, có đường dẫn: bấm vào dòng dưới", "full list with links: open the line below"),
    "full_list_notes": ("danh mục đầy đủ: ghi chú của trang và trang cuối", "full list: slide notes and last slide"),
    "full_title": ("Nguồn dữ liệu — danh mục đầy đủ", "Data sources — full list"),
}.items()}


def w(key: str, lang: str) -> str:
    """The export word ``key`` in ``lang``; an interface string (``core.i18n.t``) when exports have none."""
    text = WORDS.get(key)
    return t(key, lang) if text is None else text.get(lang)


def nfc(text) -> str:
    """Text as composed Unicode (one code point per Vietnamese letter: extractable, searchable)."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def fmt_date(d, lang: str) -> str:
    """A date (or a pandas timestamp) as the app writes it (``core.i18n.format_date``); "—" when missing."""
    if d is None or d is pd.NaT or not isinstance(d, date):
        return format_date(None, lang)
    return format_date(d.date() if isinstance(d, pd.Timestamp) else d, lang)


def text_of(value) -> str:
    """A cell as text: lists joined with commas, missing values empty, always NFC."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(nfc(v) for v in value if v)
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return nfc(value)
