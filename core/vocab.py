"""Words, colours and codes of the plan, as data tables (one place to change them).

Status codes follow the program's reporting vocabulary (SPATIAL_ITEMS.md §6);
``operating`` is for things that already exist, ``unknown`` for items whose
status no source establishes (the map says so instead of guessing).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    vi: str
    en: str
    colour: str = "#777777"

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


STATUSES: dict[str, Term] = {
    t.code: t
    for t in (
        Term("not_started", "Chưa triển khai", "Not started", "#616161"),
        Term("preparing", "Chuẩn bị đầu tư", "Preparing investment", "#1e88e5"),
        Term("in_progress", "Đang triển khai / thi công", "In progress / under construction", "#fb8c00"),
        Term("completed", "Hoàn thành", "Completed", "#2e7d32"),
        Term("delayed", "Chậm tiến độ", "Behind schedule", "#e53935"),
        Term("suspended", "Tạm dừng", "Suspended", "#6d4c41"),
        Term("operating", "Đang hoạt động", "Operating", "#00897b"),
        Term("unknown", "Chưa rõ (chưa có nguồn)", "Unknown (no source)", "#90a4ae"),
    )
}

# Urban classes as the 2023 program set them for 2030 (not the 2026 four-class system).
URBAN_CLASSES: dict[str, Term] = {
    t.code: t
    for t in (
        Term("I", "Đô thị loại I", "Class I urban area", "#b71c1c"),
        Term("II", "Đô thị loại II", "Class II urban area", "#e65100"),
        Term("III", "Đô thị loại III", "Class III urban area", "#f9a825"),
        Term("IV", "Đô thị loại IV", "Class IV urban area", "#1565c0"),
        Term("V", "Đô thị loại V", "Class V urban area", "#6a1b9a"),
    )
}
# Marker radius in pixels by class: bigger class, bigger marker.
URBAN_CLASS_RADIUS: dict[str, int] = {"I": 15, "II": 12, "III": 10, "IV": 8, "V": 6}

PLAN_KINDS: dict[str, Term] = {
    t.code: t
    for t in (
        Term("existing", "Đô thị hiện có", "Existing urban area"),
        Term("expanded", "Mở rộng", "Expanded"),
        Term("upgraded", "Nâng cấp", "Upgraded"),
        Term("upgraded_from_commune", "Nâng cấp từ xã", "Upgraded from a commune"),
        Term("not_identified", "Chưa xác định được", "Not identified in available sources"),
    )
}

WASTEWATER: dict[str, Term] = {
    t.code: t
    for t in (
        Term("yes", "Có", "Yes"),
        Term("no", "Không", "No"),
        Term("unknown", "Chưa rõ", "Unknown"),
    )
}

# The 12 district-level units of 2023, as named in the reference boundaries.
DISTRICTS_2023: tuple[str, ...] = (
    "Hải Dương", "Chí Linh", "Kinh Môn", "Nam Sách", "Kim Thành", "Thanh Hà",
    "Cẩm Giàng", "Bình Giang", "Gia Lộc", "Tứ Kỳ", "Ninh Giang", "Thanh Miện",
)

# Projected CRS for lengths and areas: VN-2000 / TM-3 zone 105°30′, Hải Dương's own.
MEASURE_CRS = "EPSG:9209"
WGS84 = "EPSG:4326"

# Province extent with a margin (lon/lat): data outside it is rejected as misplaced.
PROVINCE_BOUNDS = (106.0, 20.5, 106.75, 21.3)  # min lon, min lat, max lon, max lat
# Lines may run "just beyond" the province (railways to neighbours): a wider box.
REGION_BOUNDS = (105.6, 20.3, 107.2, 21.6)

# Annual reporting deadline of the program (§IV): 5 December.
REPORT_DEADLINE_MONTH_DAY = (12, 5)

# Where a place stands in the reporting cycle (progress.cycle): the map's "reporting this cycle" colours.
CYCLE_STATES: dict[str, Term] = {
    t.code: t
    for t in (
        Term("overdue", "Quá hạn báo cáo", "Report overdue", "#c62828"),
        Term("not_yet", "Chưa báo cáo kỳ này", "Not yet reported this cycle", "#f9a825"),
        Term("reported", "Đã báo cáo kỳ này", "Reported this cycle", "#2e7d32"),
        Term("finished", "Đã xong — không phải báo cáo", "Finished — no report due", "#90a4ae"),
    )
}


def status_label(code: str | None, lang: str = "vi") -> str:
    term = STATUSES.get(code or "unknown", STATUSES["unknown"])
    return term.label(lang)

ZONE_KINDS: dict[str, Term] = {
    t.code: t
    for t in (
        Term("operating", "KCN đang hoạt động", "Operating industrial zone"),
        Term("planned", "KCN quy hoạch", "Planned industrial zone"),
        Term("specialised_economic_zone", "Khu kinh tế chuyên biệt", "Specialised economic zone"),
    )
}


def term_label(table: dict[str, Term], code: str | None, lang: str = "vi") -> str | None:
    """Label of ``code`` in ``table``; None for a missing code, the code itself if unknown."""
    if code is None or code == "":
        return None
    term = table.get(code)
    return term.label(lang) if term else str(code)

# How a feature's position was obtained (the data's `location_precision`), in words users read.
LOCATION_PRECISION: dict[str, Term] = {
    t.code: t
    for t in (
        Term("city/town centre (Wikipedia coordinate)", "Trung tâm thành phố/thị trấn (tọa độ Wikipedia)",
             "City/town centre (Wikipedia coordinate)"),
        Term("town centre (GeoNames coordinate)", "Trung tâm thị trấn (tọa độ GeoNames)",
             "Town centre (GeoNames coordinate)"),
        Term("commune centre, approximate (Wikipedia coordinate)", "Trung tâm xã, gần đúng (tọa độ Wikipedia)",
             "Commune centre, approximate (Wikipedia coordinate)"),
        Term("commune centre, approximate", "Trung tâm xã, gần đúng", "Commune centre, approximate"),
        Term("seat of the 2025 unit", "Trụ sở đơn vị hành chính 2025 (sai số khoảng 100 m)",
             "Seat of the 2025 administrative unit (about 100 m)"),
        Term("seat of the 2025 successor unit",
             "Trụ sở đơn vị hành chính mới 2025 (cách trung tâm xã cũ 1–3 km)",
             "Seat of the 2025 successor unit (1–3 km from the former commune's centre)"),
        Term("centre of the communes named by sources", "Trung tâm các xã có khu công nghiệp (theo nguồn)",
             "Centre of the communes the sources name for the zone"),
        Term("district centre placeholder", "Tạm đặt tại trung tâm huyện — chưa có vị trí thật",
             "Placeholder at the district centre — real position unknown"),
        Term("indicative route", "Hướng tuyến minh họa (sơ đồ, không phải đo đạc)",
             "Indicative route (schematic, not surveyed)"),
        Term("indicative area", "Vùng minh họa (không phải ranh giới đo đạc)", "Indicative area (not a surveyed boundary)"),
        Term("not placed", "Chưa xác định vị trí", "Not placed"),
    )
}

# Whether the provincial plan (QĐ 1639/QĐ-TTg) lists a program area — "unknown" where its list is cut off in every source.
IN_PROVINCIAL_PLAN: dict[str, Term] = {
    t.code: t
    for t in (
        Term("yes", "Có trong quy hoạch tỉnh", "In the provincial plan"),
        Term("no", "Không có trong quy hoạch tỉnh", "Not in the provincial plan"),
        Term("unknown", "Chưa rõ (danh sách của quy hoạch tỉnh bị cắt trong nguồn)",
             "Unknown (the provincial plan's list is cut off in the sources)"),
    )
}

# Positions that say nothing more precise than the district: drawn as a hollow dashed ring with the legend
# entry "Vị trí gần đúng / Approximate position", so a placeholder never looks like a sourced position.
APPROXIMATE_PRECISIONS: frozenset[str] = frozenset({"district centre placeholder"})


def is_approximate(location_precision: str | None) -> bool:
    """True where the feature's position is a placeholder, not where a source put it."""
    return location_precision in APPROXIMATE_PRECISIONS
