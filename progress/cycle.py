"""The reporting cycle as a to-do: for each place (or section of a shared place), reported, not yet, or overdue.

The program asks every unit for a report by 5 December (``core.vocab.REPORT_DEADLINE_MONTH_DAY``).
The cycle being collected is the one whose deadline is nearest: up to 5 December, the cycle ending
that day (days left ≥ 0); from 6 to 31 December, still the cycle that just ended — its missing
reports are *overdue*, and a late report (dated after the deadline) still settles it. From 1 January
the next cycle is collected. Seed rows (researched first statuses) never count as a unit's report;
finished places (completed, operating) owe none. Pure: no streamlit.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd
import sqlalchemy as sa

from core.features import FeatureRef
from core.vocab import CYCLE_STATES

from .models import reports
from .rules import FINISHED_STATUSES, SEED_USER, report_cycle
from .sections import sections_in_scope, sections_of
from .store import ProgressStore
from .users import User

TODO_COLUMNS = ["feature_id", "section", "name", "layer", "district", "status", "last_report", "state"]


@dataclass(frozen=True)
class DueCycle:
    """The cycle being collected on ``today``: reports dated in (start, end] belong to it."""

    start: date
    end: date  # the deadline
    today: date

    @property
    def days_left(self) -> int:
        """Days until the deadline (0 on the day itself, negative once it has passed)."""
        return (self.end - self.today).days

    @property
    def passed(self) -> bool:
        return self.today > self.end

    def counts(self, as_of: date | None) -> bool:
        """True when a unit's report dated ``as_of`` settles this cycle (late reports included)."""
        return as_of is not None and as_of > self.start


def due_cycle(today: date) -> DueCycle:
    """The cycle being collected on ``today`` (see the module docstring)."""
    start, end = report_cycle(today)
    if today.month == end.month == 12 and end.year == today.year + 1:  # 6–31 Dec: the cycle just ended
        start, end = report_cycle(start)
    return DueCycle(start, end, today)


def unit_reports(engine: sa.Engine, day: date) -> dict[tuple[str, str | None], date]:
    """(feature id, section) → the latest ``as_of`` on or before ``day`` of a report by a person.

    A report without a section speaks for the whole feature (key section None).
    """
    query = (
        sa.select(reports.c.feature_id, reports.c.section, sa.func.max(reports.c.as_of))
        .where(reports.c.as_of <= day, reports.c.reported_by != SEED_USER)
        .group_by(reports.c.feature_id, reports.c.section)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return {(fid, section): (d if isinstance(d, date) else date.fromisoformat(str(d)[:10])) for fid, section, d in rows}


def last_unit_report(reported: Mapping[tuple[str, str | None], date], feature_id: str,
                     section: str | None) -> date | None:
    """The newest unit report for a section: its own, or one on the whole feature."""
    dates = [d for d in (reported.get((feature_id, None)), reported.get((feature_id, section)) if section else None) if d]
    if section is None:  # the whole feature: any section's report is news of it
        dates += [d for (fid, _), d in reported.items() if fid == feature_id]
    return max(dates, default=None)


def state_of(status: str | None, last: date | None, cycle: DueCycle) -> str:
    """One of ``CYCLE_STATES``: finished, reported, overdue or not_yet."""
    if status in FINISHED_STATUSES:
        return "finished"
    if cycle.counts(last):
        return "reported"
    return "overdue" if cycle.passed else "not_yet"


def todo(refs: Iterable[FeatureRef], statuses: Mapping[str, str], reported: Mapping[tuple[str, str | None], date],
         cycle: DueCycle, user: User | None = None) -> pd.DataFrame:
    """One row per place — per section for shared places — with its cycle state (``TODO_COLUMNS``).

    With ``user``, only what that person may report on (and, of a shared place, only their sections);
    without, every place and section (the dashboard's view of every unit).
    """
    rows = []
    for ref in refs:
        if user is not None and not user.may_report_on(ref):
            continue
        sections = sections_in_scope(ref, user.scope, user.is_admin) if user is not None else sections_of(ref)
        status = statuses.get(ref.id, "unknown")
        for section in sections or (None,):
            last = last_unit_report(reported, ref.id, section)
            rows.append({
                "feature_id": ref.id, "section": section, "name": ref.name, "layer": ref.layer,
                "district": section or ref.districts_text(), "status": status, "last_report": last,
                "state": state_of(status, last, cycle),
            })
    order = {code: i for i, code in enumerate(CYCLE_STATES)}
    frame = pd.DataFrame(rows, columns=TODO_COLUMNS)
    if frame.empty:
        return frame
    frame["_order"] = frame["state"].map(order)
    return frame.sort_values(["_order", "district", "name"]).drop(columns="_order").reset_index(drop=True)


def feature_states(table: pd.DataFrame) -> dict[str, str]:
    """Per feature, the state of its least settled section (overdue before not yet before reported)."""
    order = {code: i for i, code in enumerate(CYCLE_STATES)}
    out: dict[str, str] = {}
    for fid, state in zip(table["feature_id"], table["state"]):
        if fid not in out or order[state] < order[out[fid]]:
            out[fid] = state
    return out


def state_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many rows of a to-do are in each state (every state present, in the vocabulary's order)."""
    counts = table["state"].value_counts() if len(table) else {}
    return {code: int(counts.get(code, 0)) for code in CYCLE_STATES}


def store_todo(store: ProgressStore, refs: Mapping[str, FeatureRef], today: date,
               user: User | None = None) -> tuple[DueCycle, pd.DataFrame]:
    """The cycle being collected and its to-do, read from the store (two queries)."""
    cycle = due_cycle(today)
    state = store.state_as_of(today)
    statuses = dict(zip(state["feature_id"], state["status"]))
    return cycle, todo(refs.values(), statuses, unit_reports(store.engine, today), cycle, user)
