"""Words, colours and codes of the plan, as data tables (one place to change them).

Status codes follow the program's reporting vocabulary (SPATIAL_ITEMS.md §6);
``operating`` is for things that already exist, ``unknown`` for items whose
status no source establishes (the map says so instead of guessing).
"""
from __future__ import annotations

from core.plan import current_plan, on_configure, rebind
from core.terms import Term

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

# Projected CRS for lengths and areas: VN-2000 / TM-3 zone 105°30′, Hải Dương's own.
MEASURE_CRS = "EPSG:9209"
WGS84 = "EPSG:4326"

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

# Positions that say nothing more precise than the district: drawn as a hollow dashed ring with the legend
# entry "Vị trí gần đúng / Approximate position", so a placeholder never looks like a sourced position.
APPROXIMATE_PRECISIONS: frozenset[str] = frozenset({"district centre placeholder"})


def is_approximate(location_precision: str | None) -> bool:
    """True where the feature's position is a placeholder, not where a source put it."""
    return location_precision in APPROXIMATE_PRECISIONS


# The precision grade every map draws (layers/symbols.py: web and paper read the same rule):
# "exact" — a source's own coordinate of the place (or the seat of its 2025 unit, about 100 m): solid outline;
# "approximate" — a commune's or successor unit's centre, a schematic route or area: dashed outline;
# "placeholder" — no position of its own (the district centre; not placed): dotted outline, nearly hollow.
EXACT_PRECISIONS: frozenset[str] = frozenset({
    "city/town centre (Wikipedia coordinate)", "town centre (GeoNames coordinate)", "seat of the 2025 unit"})
PLACEHOLDER_PRECISIONS: frozenset[str] = APPROXIMATE_PRECISIONS | {"not placed"}
PRECISION_GRADES: tuple[str, ...] = ("exact", "approximate", "placeholder")


def precision_grade(location_precision: str | None) -> str:
    """"exact", "approximate" or "placeholder": how far the drawn position can be trusted.

    Only the vocabulary's own approximate codes (LOCATION_PRECISION) are "approximate"; a code outside it, or
    none, is drawn as given ("exact") — the data tests keep every real feature inside the vocabulary."""
    if location_precision in PLACEHOLDER_PRECISIONS:
        return "placeholder"
    if location_precision in LOCATION_PRECISION and location_precision not in EXACT_PRECISIONS:
        return "approximate"
    return "exact"


# ---------------------------------------------------------------- the program's own words and places
# They come from its plan.toml (core/plan.py); these names stay for the code and tests that read them.
def _program_values(plan) -> dict:
    classes = plan.class_vocabulary
    return {
        "URBAN_CLASSES": plan.terms(classes),            # the class filter's vocabulary (urban classes here)
        "URBAN_CLASS_RADIUS": plan.radii(classes),       # marker radius in pixels by class
        "PLAN_KINDS": plan.terms("plan_kind"),
        "ZONE_KINDS": plan.terms("zone_kind"),
        "WASTEWATER": plan.terms("wastewater"),
        "IN_PROVINCIAL_PLAN": plan.terms("in_provincial_plan"),
        "DISTRICTS_2023": plan.districts,
        "PROVINCE_BOUNDS": plan.province_bounds,         # min lon, min lat, max lon, max lat
        "REGION_BOUNDS": plan.region_bounds,
        "REPORT_DEADLINE_MONTH_DAY": plan.report_deadline,
    }


_values = _program_values(current_plan())
URBAN_CLASSES: dict[str, Term] = _values["URBAN_CLASSES"]
URBAN_CLASS_RADIUS: dict[str, int] = _values["URBAN_CLASS_RADIUS"]
PLAN_KINDS: dict[str, Term] = _values["PLAN_KINDS"]
ZONE_KINDS: dict[str, Term] = _values["ZONE_KINDS"]
WASTEWATER: dict[str, Term] = _values["WASTEWATER"]
IN_PROVINCIAL_PLAN: dict[str, Term] = _values["IN_PROVINCIAL_PLAN"]
DISTRICTS_2023: tuple[str, ...] = _values["DISTRICTS_2023"]
PROVINCE_BOUNDS: tuple[float, float, float, float] = _values["PROVINCE_BOUNDS"]
REGION_BOUNDS: tuple[float, float, float, float] = _values["REGION_BOUNDS"]
REPORT_DEADLINE_MONTH_DAY: tuple[int, int] = _values["REPORT_DEADLINE_MONTH_DAY"]
on_configure(lambda plan: rebind(__name__, _program_values(plan)))
