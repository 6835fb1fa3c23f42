"""Which report is in force: the one rule "latest report per feature", for the store and for plain tables.

A feature's state on a day is its report with the greatest (as_of, reported_at, id) among those
dated on or before that day: the newest date wins, then the report written last (a correction
entered later for the same date), then the higher id (rows of one import share their time).
The store applies :data:`LATEST_ORDER` in SQL (``ProgressStore.state_as_of``); exports and
indicator values apply :func:`latest` to a table they hold. Pure: no database, no streamlit.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

# The ordering, most significant first; the greatest wins. Columns as the store's tables name them.
LATEST_ORDER: tuple[str, ...] = ("as_of", "reported_at", "report_id")
STATE_MIN_COLUMNS = ["feature_id", "status", "progress_pct", "as_of", "unit", "note"]


def latest(reports: pd.DataFrame, keys: Sequence[str], as_of: date | None = None) -> pd.DataFrame:
    """One row per ``keys`` group: its report in force on ``as_of`` (every date when None).

    Ordered by :data:`LATEST_ORDER` (columns missing from ``reports`` are skipped; the row's
    position breaks any tie left), so the input's row order never decides between dated reports.
    The result is sorted by ``keys`` with a fresh index; ``as_of`` holds dates.
    """
    if reports.empty:
        return reports.copy().reset_index(drop=True)
    df = reports.copy()
    df["as_of"] = pd.to_datetime(df["as_of"]).dt.date
    if as_of is not None:
        df = df[df["as_of"] <= as_of]
    if df.empty:
        return df.reset_index(drop=True)
    order = [c for c in LATEST_ORDER if c in df.columns]
    df = df.reset_index(drop=True).reset_index(names="_position")
    df = df.sort_values(order + ["_position"], kind="stable")
    picked = df.groupby(list(keys), sort=False).tail(1).drop(columns="_position")
    return picked.sort_values(list(keys), kind="stable").reset_index(drop=True)


def latest_per_feature(reports: pd.DataFrame | None, as_of: date) -> pd.DataFrame:
    """Each feature's report in force on ``as_of`` — what ``ProgressStore.state_as_of`` returns, from a table."""
    if reports is None or reports.empty:
        columns = list(reports.columns) if reports is not None and len(reports.columns) else STATE_MIN_COLUMNS
        return pd.DataFrame(columns=columns)
    return latest(reports, ("feature_id",), as_of)
