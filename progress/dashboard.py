"""The dashboard's maths: every feature with its state, who is overdue, counts by status and district.

Pure functions of tables (the store's state, the features' references): no database, no streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

import pandas as pd

from core.bilingual import Text
from core.features import FeatureRef
from core.vocab import STATUSES, status_label

from .rules import FINISHED_STATUSES, SEED_USER, in_cycle

SEED_LABEL = Text("Dữ liệu ban đầu (tổng hợp từ nguồn công khai)", "First status (compiled from public sources)")
# The date of a seed row is its source's date (or, where no source was found, the day the sources were checked):
# the compiler's check, never "the latest report", which read as if a unit had reported then (walk 16, finding 5).
SEED_CHECK = Text("Kiểm tra nguồn (dữ liệu ban đầu)", "Source check (first data)")


def is_seed(name: object) -> bool:
    """Whether a report is one of the researched first statuses of data/progress.csv, not a unit's report."""
    return name == SEED_USER


def real_reports(history: pd.DataFrame) -> pd.DataFrame:
    """The reports people made (the seed's rows left out): what "latest report" dates and report counts count."""
    if "reported_by" not in history.columns:
        return history
    return history[history["reported_by"] != SEED_USER]


def reporter_label(name: object, lang: str = "vi") -> str:
    """Who made a report, in words: the seed's rows are researched first statuses, not a person's report."""
    if name == SEED_USER:
        return SEED_LABEL.get(lang)
    return "" if name is None or (isinstance(name, float) and name != name) else str(name)


@dataclass(frozen=True)
class OverdueItem:
    """A feature that has no report in the current cycle (see :func:`progress.rules.report_cycle`)."""

    feature_id: str
    name: str
    layer: str
    district: str
    unit: str
    status: str
    last_as_of: date | None


def build_dashboard(
    refs: Mapping[str, FeatureRef],
    state: pd.DataFrame,
    day: date,
    lang: str = "vi",
    unit_reports: Mapping[str, date] | None = None,
) -> pd.DataFrame:
    """Every feature of ``refs`` with its ``state`` (a table like ``ProgressStore.state_as_of``) on ``day``.

    Features without a report are ``unknown``; ``unit`` falls back to the feature's district(s);
    ``overdue`` marks an unfinished feature without a unit's report (``unit_reports``: feature →
    latest as_of by a person) in the reporting cycle of ``day``.
    """
    base = pd.DataFrame(
        [
            {"feature_id": ref.id, "name": ref.name, "layer": ref.layer, "district": ref.districts_text()}
            for ref in refs.values()
        ],
        columns=["feature_id", "name", "layer", "district"],
    )
    df = base.merge(state, on="feature_id", how="left")
    df["status"] = df["status"].fillna("unknown")
    labels = {code: status_label(code, lang) for code in df["status"].unique()}
    df["status_label"] = df["status"].map(labels)
    df["unit"] = df["unit"].where(df["unit"].notna() & (df["unit"] != ""), df["district"])
    df["note"] = df["note"].fillna("")
    finished = df["status"].isin(FINISHED_STATUSES)
    if unit_reports is None:  # without the store's answer, every report counts
        unit_reports = {fid: d for fid, d in zip(df["feature_id"], df["as_of"]) if isinstance(d, date)}
    df["last_unit_report"] = df["feature_id"].map(lambda f: unit_reports.get(f))
    reported = df["last_unit_report"].map(lambda d: in_cycle(d, day) if isinstance(d, date) else False).astype(bool)
    df["overdue"] = ~finished & ~reported
    df["report_id"] = df["report_id"].astype("Int64")
    columns = [
        "feature_id", "name", "layer", "district", "status", "status_label", "progress_pct", "unit", "as_of",
        "reported_at", "reported_by", "note", "evidence_url", "capital_allocated_bn", "capital_disbursed_bn",
        "disbursement_pct", "report_id", "last_unit_report", "overdue",
    ]
    return df[columns].reset_index(drop=True)


def overdue_items(table: pd.DataFrame) -> list[OverdueItem]:
    """Features owing a report, from a dashboard table: unfinished (not completed/operating) and without
    a report by a person (not the seed) whose as_of falls in the cycle (previous 5 Dec, next 5 Dec] of
    the table's day — see ``progress.rules.report_cycle``. ``last_as_of`` is their latest such report."""
    out = []
    for row in table[table["overdue"]].itertuples(index=False):
        out.append(OverdueItem(
            feature_id=row.feature_id, name=row.name, layer=row.layer, district=row.district,
            unit=row.unit if isinstance(row.unit, str) else "", status=row.status,
            last_as_of=row.last_unit_report if isinstance(row.last_unit_report, date) else None,
        ))
    return out


def overdue_units(table: pd.DataFrame) -> pd.DataFrame:
    """Units owing reports: unit, number of overdue features, their names."""
    late = table[table["overdue"]]
    if late.empty:
        return pd.DataFrame(columns=["unit", "overdue_count", "features"])
    grouped = late.groupby(late["unit"].fillna("—").replace("", "—"), sort=True)
    out = grouped.agg(overdue_count=("feature_id", "size"), features=("name", lambda s: "; ".join(s)))
    return out.reset_index().sort_values(["overdue_count", "unit"], ascending=[False, True]).reset_index(drop=True)


def counts_by_status(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Number of features per status (every status code of the vocabulary, in its order)."""
    counts = table["status"].value_counts()
    return pd.DataFrame(
        [{"status": code, "status_label": term.label(lang), "count": int(counts.get(code, 0))} for code, term in STATUSES.items()]
    )


NO_DISTRICT = "—"  # the row of features no source places in a district (the program's unnamed class V towns)


def counts_by_district(table: pd.DataFrame) -> pd.DataFrame:
    """Features per district and status (a feature spanning districts counts in each; one in none, under
    NO_DISTRICT)."""
    df = table[["feature_id", "district", "status"]].copy()
    df["district"] = df["district"].fillna("").map(
        lambda s: [d.strip() for d in s.split(",") if d.strip()] or [NO_DISTRICT])
    df = df.explode("district")
    return df.pivot_table(index="district", columns="status", values="feature_id", aggfunc="count", fill_value=0)
