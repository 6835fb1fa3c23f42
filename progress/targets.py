"""The program's 2030 targets (§II.2) and whether each is on track — pure maths, no database, no streamlit.

A target says a value and a *direction*: ``above`` (more than), ``at_least``, ``below`` (less than), ``about``
(within a tolerance) or ``done`` (a milestone: 1 = done). Values reported per year are judged so:

* the latest value already meets the target → ``met``;
* a *rate per year* (a percentage per year, ``%/năm``, e.g. "GRDP growth above 9 %/year on average") is judged by the
  mean of the years reported: it is the average the program promises;
* any other value needs two years at least: the least-squares trend is extended to the target year and the
  projection judged; with one year only the answer is ``unknown`` (one point has no trend);
* a milestone not reached is ``unknown`` before its year (nothing to extrapolate) and ``off_track`` after it;
* no value at all → ``unknown``. Nothing is ever guessed.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

REPO = Path(__file__).resolve().parents[1]
TARGETS_CSV = REPO / "data" / "plan_in_force" / "targets.csv"
DIRECTIONS = ("above", "at_least", "below", "about", "done")
# "khoảng" (about): within 10 % of the target, never less than 0.5 point — the program gives no tolerance.
ABOUT_RELATIVE = 0.10
ABOUT_MIN = 0.5
VERDICTS = ("met", "on_track", "off_track", "unknown")
UNITS_EN = {"%/năm": "%/year", "triệu đồng/người/năm": "million VND/person/year", "điểm %/năm": "points/year",
            "giường/vạn dân": "beds/10,000 people", "bác sĩ/vạn dân": "doctors/10,000 people",
            "hoàn thành (1 = có)": "done (1 = yes)"}


@dataclass(frozen=True)
class Target:
    """One indicator of §II.2, as ``data/plan_in_force/targets.csv`` quotes it."""

    id: str
    indicator_vi: str
    indicator_en: str
    target: float
    unit: str
    direction: str
    year: int
    quote_vi: str
    source: str
    spatial_link: str = ""

    def name(self, lang: str = "vi") -> str:
        return self.indicator_en if lang == "en" else self.indicator_vi

    def unit_text(self, lang: str = "vi") -> str:
        return UNITS_EN.get(self.unit, self.unit) if lang == "en" else self.unit

    @property
    def is_rate(self) -> bool:
        """A per-year rate ("%/năm", "điểm %/năm"): the program promises its average over the years."""
        return "%" in self.unit and self.unit.strip().endswith("/năm")

    @property
    def is_milestone(self) -> bool:
        return self.direction == "done"


def load_targets(path: str | Path | None = None) -> dict[str, Target]:
    """Every target of the CSV, by id, in file order."""
    with open(path or TARGETS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["id"]: Target(
            id=r["id"], indicator_vi=r["indicator_vi"], indicator_en=r["indicator_en"], target=float(r["target"]),
            unit=r["unit"], direction=r["direction"], year=int(r["year"]), quote_vi=r["quote_vi"], source=r["source"],
            spatial_link=r.get("spatial_link") or "",
        )
        for r in rows
    }


def satisfies(value: float, target: Target) -> bool:
    """Whether ``value`` meets ``target`` by its direction."""
    goal = target.target
    if target.direction == "above":
        return value > goal
    if target.direction == "at_least":
        return value >= goal
    if target.direction == "below":
        return value < goal
    if target.direction == "about":
        return abs(value - goal) <= max(abs(goal) * ABOUT_RELATIVE, ABOUT_MIN)
    if target.direction == "done":
        return value >= 1
    raise ValueError(f"unknown direction {target.direction!r}")


def slope(points: Sequence[tuple[int, float]]) -> float | None:
    """Least-squares change per year of (year, value) points; None with fewer than two distinct years."""
    years = {y for y, _ in points}
    if len(years) < 2:
        return None
    n = len(points)
    mean_x = sum(y for y, _ in points) / n
    mean_y = sum(v for _, v in points) / n
    sxx = sum((y - mean_x) ** 2 for y, _ in points)
    sxy = sum((y - mean_x) * (v - mean_y) for y, v in points)
    return sxy / sxx


@dataclass(frozen=True)
class Assessment:
    """Where one target stands: its latest value, trend and verdict (one of ``VERDICTS``) with the reason."""

    target: Target
    verdict: str
    reason: str  # no_value | latest_meets | average | projection | one_point | milestone_pending | deadline_passed
    latest_year: int | None = None
    latest_value: float | None = None
    trend: float | None = None  # change per year (least squares), None with fewer than two years
    judged_value: float | None = None  # the average (rates) or the projection to the target year

    @property
    def on_track(self) -> bool | None:
        """True (met or on track), False (off track) or None (unknown)."""
        return None if self.verdict == "unknown" else self.verdict != "off_track"


def assess(target: Target, values: Iterable[tuple[int, float]], *, this_year: int) -> Assessment:
    """Judge ``target`` from its values per year (one per year: the caller passes each year's latest report)."""
    points = sorted({int(y): float(v) for y, v in values}.items())
    if not points:
        return Assessment(target, "unknown", "no_value")
    last_year, last_value = points[-1]
    trend = slope(points)
    base = dict(latest_year=last_year, latest_value=last_value, trend=trend)
    if target.is_rate:
        mean = sum(v for _, v in points) / len(points)
        verdict = "on_track" if satisfies(mean, target) else "off_track"
        return Assessment(target, verdict, "average", judged_value=mean, **base)
    if satisfies(last_value, target):
        return Assessment(target, "met", "latest_meets", **base)
    if this_year > target.year:
        return Assessment(target, "off_track", "deadline_passed", **base)
    if target.is_milestone:
        return Assessment(target, "unknown", "milestone_pending", **base)
    if trend is None:
        return Assessment(target, "unknown", "one_point", **base)
    projected = last_value + trend * (target.year - last_year)
    verdict = "on_track" if satisfies(projected, target) else "off_track"
    return Assessment(target, verdict, "projection", judged_value=projected, **base)


_SIGNS = {"above": ">", "at_least": "≥", "below": "<", "about": "≈"}


def number_text(value: float, lang: str = "vi") -> str:
    """A number as the reader writes it: 4,8 in Vietnamese (decimal comma), 4.8 in English."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") if lang != "en" else text


def target_text(target: Target, lang: str = "vi") -> str:
    """The target in words a reader knows: "> 9 %/năm", "≈ 4,8 %", "hoàn thành" / "done"."""
    if target.is_milestone:
        return "hoàn thành" if lang != "en" else "done"
    return f"{_SIGNS[target.direction]} {number_text(target.target, lang)} {target.unit_text(lang)}"


# --------------------------------------------------------------------------- in words (page, slide, report)
VERDICT_LABELS = {
    "met": ("Đã đạt", "Met"),
    "on_track": ("Đúng hướng", "On track"),
    "off_track": ("Chệch hướng", "Off track"),
    "unknown": ("Chưa rõ", "Unknown"),
}
VERDICT_COLOURS = {"met": "#2e7d32", "on_track": "#43a047", "off_track": "#e53935", "unknown": "#90a4ae"}


def verdict_label(verdict: str, lang: str = "vi") -> str:
    vi, en = VERDICT_LABELS[verdict]
    return en if lang == "en" else vi


def reason_text(a: Assessment, lang: str = "vi") -> str:
    """Why the verdict is what it is, in a sentence a civil servant can check."""
    en = lang == "en"
    unit = a.target.unit_text(lang)
    judged = number_text(a.judged_value, lang) if a.judged_value is not None else ""
    texts = {
        "no_value": ("No figure reported or found in public sources." if en
                     else "Chưa có số liệu báo cáo hoặc trong nguồn công khai."),
        "latest_meets": "The latest figure meets the target." if en else "Số liệu mới nhất đã đạt mục tiêu.",
        "average": (f"Average of the years reported: {judged} {unit}." if en
                    else f"Bình quân các năm đã có số liệu: {judged} {unit}."),
        "projection": (f"Trend extended to {a.target.year}: {judged} {unit}." if en
                       else f"Theo xu hướng đến năm {a.target.year}: {judged} {unit}."),
        "one_point": ("One year of figures only: no trend yet." if en
                      else "Mới có số liệu một năm: chưa thấy xu hướng."),
        "milestone_pending": "Not done yet." if en else "Chưa hoàn thành.",
        "deadline_passed": (f"Not met by {a.target.year}." if en else f"Không đạt vào năm {a.target.year}."),
    }
    return texts[a.reason]


def trend_text(a: Assessment, lang: str = "vi") -> str:
    """↑ +0,7/năm, ↓ −1,2/năm, → 0/năm, or — without two years."""
    if a.trend is None:
        return "—"
    arrow = "↑" if a.trend > 1e-9 else "↓" if a.trend < -1e-9 else "→"
    sign = "+" if a.trend > 1e-9 else "−" if a.trend < -1e-9 else ""
    return f"{arrow} {sign}{number_text(abs(a.trend), lang)}/{'year' if lang == 'en' else 'năm'}"


def value_text(value: float | None, target: Target, lang: str = "vi", estimate: bool = False) -> str:
    if value is None:
        return "—"
    if target.is_milestone:
        done = value >= 1
        return ("done" if done else "not yet") if lang == "en" else ("đã xong" if done else "chưa")
    text = f"{number_text(value, lang)} {target.unit_text(lang)}"
    return text + ((" (estimate)" if lang == "en" else " (ước)") if estimate else "")
