"""Where every 2030 target stands, from the indicator values in the store — one table for the page, slide and report."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

import pandas as pd

from .indicators import latest_per_year
from .rules import today_vn
from .targets import (VERDICTS, Assessment, Target, assess, reason_text, target_text, trend_text, value_text,
                      verdict_label)

SUMMARY_COLUMNS = ["indicator_id", "indicator", "target", "latest", "year", "trend", "verdict", "verdict_label",
                   "reason", "source", "spatial_link"]
HEADERS = {
    "vi": {"indicator": "Chỉ tiêu", "target": "Mục tiêu 2030", "latest": "Số liệu mới nhất", "year": "Năm",
           "trend": "Xu hướng", "verdict_label": "Đánh giá", "reason": "Căn cứ đánh giá", "source": "Nguồn số liệu"},
    "en": {"indicator": "Indicator", "target": "2030 target", "latest": "Latest figure", "year": "Year",
           "trend": "Trend", "verdict_label": "Assessment", "reason": "Basis", "source": "Source of the figure"},
}


@dataclass(frozen=True)
class TargetState:
    """One target with its judged standing and where its latest figure comes from."""

    assessment: Assessment
    estimate: bool = False
    source: str | None = None
    as_of: date | None = None

    @property
    def target(self) -> Target:
        return self.assessment.target


def target_states(targets: Mapping[str, Target], values: pd.DataFrame, as_of: date | None = None) -> list[TargetState]:
    """Every target (file order) judged from the values reported on or before ``as_of`` (default today)."""
    day = as_of or today_vn()
    by_target: dict[str, list] = {}
    if len(values):  # one pass over plain tuples: a pandas filter per target costs more than the whole page
        for row in latest_per_year(values, day).itertuples(index=False):  # sorted by indicator, then year
            by_target.setdefault(row.indicator_id, []).append(row)
    states = []
    for tid, target in targets.items():
        rows = by_target.get(tid, [])
        result = assess(target, [(r.year, r.value) for r in rows], this_year=day.year)
        if rows:
            last = rows[-1]
            states.append(TargetState(result, bool(last.estimate), last.source or last.evidence_url or None, last.as_of))
        else:
            states.append(TargetState(result))
    return states


def summary_table(states: list[TargetState], lang: str = "vi") -> pd.DataFrame:
    """One row per target: codes (``indicator_id``, ``verdict``, ``spatial_link``) and the texts people read."""
    rows = []
    for s in states:
        a = s.assessment
        rows.append({
            "indicator_id": a.target.id, "indicator": a.target.name(lang), "target": target_text(a.target, lang),
            "latest": value_text(a.latest_value, a.target, lang, s.estimate), "year": a.latest_year,
            "trend": trend_text(a, lang), "verdict": a.verdict, "verdict_label": verdict_label(a.verdict, lang),
            "reason": reason_text(a, lang), "source": s.source or "", "spatial_link": a.target.spatial_link,
        })
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    out["year"] = out["year"].astype("Int64")
    return out


def for_people(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The summary without codes, headed in ``lang`` (screens and spreadsheets); "—" for a year not known."""
    names = HEADERS["en" if lang == "en" else "vi"]
    out = table[list(names)].rename(columns=names)
    out[names["year"]] = [str(y) if pd.notna(y) else "—" for y in table["year"]]
    return out


def verdict_counts(states: list[TargetState]) -> dict[str, int]:
    found = [s.assessment.verdict for s in states]
    return {v: found.count(v) for v in VERDICTS}
