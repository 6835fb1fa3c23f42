"""Sections of shared features: a railway, Ring Road V or the specialised zone crosses several
districts, and each district reports its own section.

A feature with more than one district has one section per district (named by the district).
A report names its ``section``, or none when it speaks for the whole feature (the seed's
researched statuses, an administrator). Pure: no database, no streamlit.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.features import FeatureRef
from core.vocab import STATUSES

# From least to most advanced: the overall state of a shared feature is that of its slowest section.
PROGRESS_ORDER: tuple[str, ...] = (
    "unknown", "suspended", "delayed", "not_started", "preparing", "in_progress", "completed", "operating",
)


def sections_of(ref: FeatureRef) -> tuple[str, ...]:
    """The feature's district sections, in the data's order; () for a feature in one district."""
    names = tuple(dict.fromkeys(d for d in ref.districts if d))
    return names if len(names) > 1 else ()


def covers_whole(ref: FeatureRef, scope: Iterable[str], is_admin: bool = False) -> bool:
    """True when a scope speaks for every section: administrator, '*', the feature's id, or all its districts."""
    scope = set(scope)
    return is_admin or "*" in scope or ref.id in scope or set(sections_of(ref)) <= scope


def sections_in_scope(ref: FeatureRef, scope: Iterable[str], is_admin: bool = False) -> tuple[str, ...]:
    """The sections a scope may report on (all of them when it covers the whole feature)."""
    scope = set(scope)
    if covers_whole(ref, scope, is_admin):
        return sections_of(ref)
    return tuple(s for s in sections_of(ref) if s in scope)


def section_problem(ref: FeatureRef, section: str | None, scope: Iterable[str],
                    is_admin: bool = False) -> tuple[str, str] | None:
    """Why a report on ``section`` of ``ref`` may not be written by this scope, as (vi, en), or None."""
    sections = sections_of(ref)
    if section and section not in sections:
        where = ", ".join(sections) or "—"
        return (f"«{ref.name}» không có đoạn «{section}» (các đoạn: {where}).",
                f"“{ref.name}” has no section “{section}” (sections: {where}).")
    if not sections or covers_whole(ref, scope, is_admin):
        return None
    mine = sections_in_scope(ref, scope, is_admin)
    if not section:
        return (f"«{ref.name}» đi qua nhiều huyện: hãy chọn đoạn mình báo cáo ({', '.join(mine)}).",
                f"“{ref.name}” crosses several districts: choose the section you report on ({', '.join(mine)}).")
    if section not in mine:
        return (f"Đoạn «{section}» của «{ref.name}» nằm ngoài phạm vi báo cáo của bạn ({', '.join(mine)}).",
                f"Section “{section}” of “{ref.name}” is outside your reporting scope ({', '.join(mine)}).")
    return None


@dataclass(frozen=True)
class SectionState:
    """The latest report of one section (or None when it has none)."""

    section: str
    status: str
    progress_pct: float | None
    as_of: date | None
    note: str
    evidence_url: str | None
    reported_by: str | None
    whole: bool  # the latest word is a report on the whole feature, not on this section


@dataclass(frozen=True)
class Overall:
    """The state of a shared feature derived from its sections, with how it was derived."""

    status: str
    progress_pct: float | None
    reported_sections: int
    total_sections: int


def latest_by_section(ref: FeatureRef, history: pd.DataFrame) -> list[SectionState]:
    """Each section's latest report; a whole-feature report stands for every section until a newer section report.

    ``history`` is the store's history of the feature (oldest first, with a ``section`` column).
    """
    out = []
    for name in sections_of(ref):
        own = history[history["section"].isna() | (history["section"] == name)] if "section" in history else history
        if own.empty:
            out.append(SectionState(name, "unknown", None, None, "", None, None, False))
            continue
        last = own.iloc[-1]
        pct = last["progress_pct"]
        out.append(SectionState(
            name, str(last["status"]), None if pd.isna(pct) else float(pct), last["as_of"],
            str(last["note"] or ""), last["evidence_url"] if isinstance(last["evidence_url"], str) else None,
            last["reported_by"], not isinstance(last.get("section"), str)))
    return out


def overall(states: list[SectionState]) -> Overall:
    """Status of the slowest section (PROGRESS_ORDER); progress the mean of the sections that give a figure."""
    def rank(code: str) -> int:
        return PROGRESS_ORDER.index(code) if code in PROGRESS_ORDER else 0

    reported = [s for s in states if s.as_of is not None]
    status = min((s.status for s in states), key=rank, default="unknown")
    figures = [s.progress_pct for s in states if s.progress_pct is not None]
    pct = round(sum(figures) / len(figures), 1) if len(figures) == len(states) and figures else None
    return Overall(status if status in STATUSES else "unknown", pct, len(reported), len(states))


def section_refs(refs: Mapping[str, FeatureRef]) -> dict[str, tuple[str, ...]]:
    """Feature id → its sections, for the features that have sections."""
    return {fid: s for fid, ref in refs.items() if (s := sections_of(ref))}
