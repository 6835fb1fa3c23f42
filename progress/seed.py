"""Seeding: the researched first statuses of ``data/progress.csv`` written once into the store, by ``seed``.

    seed_from_csv(store, refs=refs)      # idempotent: a row already seeded is never written twice
    ensure_seeded(store, refs)           # only on the first run (an empty store)
    seed_note(note, "en", feature_id=…, as_of=…, status=…, reported_by=…)   # a seed row's note in a language

The file's ``note`` is Vietnamese, ``note_en`` its English: the store keeps the Vietnamese note (its schema is
unchanged, nothing stored is rewritten); the English one is read from the file, by the row's feature, date and
status, when a seed row is shown in English (walk 16, finding 15).
"""
from __future__ import annotations

import csv
import functools
import io
import os
from datetime import date
from pathlib import Path
from typing import Any, Mapping

import sqlalchemy as sa

from core.errors import DataError
from core.features import FeatureRef

from .db import REPO
from .models import reports
from .problems import Problem, problem
from .rules import SEED_USER, ReportIn, nfc, utc_now
from .store import ProgressStore, as_float, report_row
from .validation import check_report

DEFAULT_SEED_CSV = REPO / "data" / "progress.csv"
_PG_LOCK_SEED = 7_302_030_002


def seed_from_csv(store: ProgressStore, path: str | Path | None = None,
                  refs: Mapping[str, FeatureRef] | None = None) -> int:
    """Seed the first known statuses from ``data/progress.csv`` (or ``$PLANMAP_SEED_CSV``).

    Idempotent by natural key: a row already seeded (same feature, date, status, percent,
    note, source, by ``seed``) is never written twice, so seeding again changes nothing; new
    rows added to the file later are appended. Rows without a date whose status is unknown
    carry no information and are skipped. Any invalid row → DataError, nothing written.
    Returns the number of rows written.
    """
    path = Path(path or os.environ.get("PLANMAP_SEED_CSV") or DEFAULT_SEED_CSV)
    if not path.exists():
        return 0
    items = parse_seed(path.read_bytes(), refs)
    with store.transaction("seed") as conn:
        if store.dialect == "postgresql":  # two first runs at once write the seed once
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_SEED})
        existing = {
            _seed_key(r.feature_id, r.as_of, r.status, r.progress_pct, r.note, r.source)
            for r in conn.execute(
                sa.select(reports.c.feature_id, reports.c.as_of, reports.c.status, reports.c.progress_pct,
                          reports.c.note, reports.c.source).where(reports.c.reported_by == SEED_USER)
            )
        }
        now = utc_now()
        rows = []
        for item in items:
            key = _seed_key(item.feature_id, item.as_of, item.status, item.progress_pct, item.note, item.source)
            if key in existing:
                continue
            existing.add(key)
            rows.append(report_row(item, SEED_USER, now))
        store.insert_rows(conn, rows)
    return len(rows)


def ensure_seeded(store: ProgressStore, refs: Mapping[str, FeatureRef] | None, path: str | Path | None = None) -> int:
    """Seed only when the store has no report at all (first run)."""
    return seed_from_csv(store, path, refs) if store.is_empty() else 0


def _seed_key(fid: str, as_of: date | None, status: str, pct: Any, note: Any, source: Any) -> tuple:
    """What makes two seed rows the same fact (so seeding twice writes nothing)."""
    pct = as_float(pct)
    return (fid, as_of, status, None if pct is None else round(pct, 4), nfc(note), nfc(source) or None)


def parse_seed(data: bytes, refs: Mapping[str, FeatureRef] | None) -> list[ReportIn]:
    """Validated reports from the seed CSV (columns feature_id,status,progress_pct,as_of,note,source)."""
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    required = {"feature_id", "status", "progress_pct", "as_of"}
    header = {nfc(h) for h in (reader.fieldnames or [])}
    missing = sorted(required - header)
    if missing:
        raise DataError(
            f"Tệp tiến độ ban đầu thiếu cột: {', '.join(missing)}.",
            f"The seed progress file lacks columns: {', '.join(missing)}.",
        )
    items: list[ReportIn] = []
    problems: list[Problem] = []
    for line, raw in enumerate(reader, start=2):
        raw = {nfc(k): v for k, v in raw.items() if k is not None}
        if not any(nfc(v) for v in raw.values()):
            continue
        item = ReportIn(
            feature_id=raw.get("feature_id") or "",
            status=raw.get("status") or "",
            progress_pct=raw.get("progress_pct") or None,
            as_of=raw.get("as_of") or None,
            note=raw.get("note") or "",
            source=raw.get("source") or None,
            unit=raw.get("unit") or None,
            evidence_url=raw.get("evidence_url") or None,
            capital_allocated_bn=raw.get("capital_allocated_bn") or None,
            capital_disbursed_bn=raw.get("capital_disbursed_bn") or None,
        )
        row_problems = check_report(item, refs if refs is not None else _AnyRef(), None, row=line, check_scope=False)
        if not row_problems and item.as_of is None:
            if item.status == "unknown":
                continue  # "not found" carries no dated fact: the feature simply has no report
            row_problems.append(problem(
                "Thiếu ngày (as_of) cho tình trạng đã biết.", "The date (as_of) is missing for a known status.",
                "as_of", line))
        problems.extend(row_problems)
        items.append(item)
    if problems:
        shown = problems[:20]
        more = f" (+{len(problems) - 20})" if len(problems) > 20 else ""
        raise DataError(
            "Tệp tiến độ ban đầu có lỗi: " + "; ".join(p.message("vi") for p in shown) + more,
            "The seed progress file has errors: " + "; ".join(p.message("en") for p in shown) + more,
        )
    return items


class _AnyRef(dict):
    """Refs stand-in accepting every id (seeding without the layer registry)."""

    def get(self, key, default=None):  # noqa: ANN001
        return FeatureRef(key, "", key) if key else default


def seed_csv(data_dir: str | Path | None = None) -> Path:
    """The seed file the app reads: ``$PLANMAP_SEED_CSV``, else ``progress.csv`` of the data directory."""
    env = os.environ.get("PLANMAP_SEED_CSV")
    if env:
        return Path(env)
    return Path(data_dir) / "progress.csv" if data_dir is not None else DEFAULT_SEED_CSV


def english_notes(path: str | Path | None = None) -> dict[tuple[str, str, str], str]:
    """The seed file's English notes by (feature id, ISO date, status); empty when the file has none."""
    path = Path(path) if path is not None else seed_csv()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _english_notes(str(path), stamp)


@functools.lru_cache(maxsize=8)
def _english_notes(path: str, stamp: int) -> dict[tuple[str, str, str], str]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[tuple[str, str, str], str] = {}
    for raw in csv.DictReader(io.StringIO(text)):
        raw = {nfc(k): v for k, v in raw.items() if k is not None}
        english = nfc(raw.get("note_en"))
        if english:
            out[(nfc(raw.get("feature_id")), nfc(raw.get("as_of")), nfc(raw.get("status")))] = english
    return out


# Raw English remarks an older seed wrote inside its Vietnamese notes: a store seeded then keeps them (reports are
# never rewritten), so they are taken out where the note is shown, never shown to a Vietnamese reader.
LEGACY_REMARKS = {" (not found)": "", " (unsure)": "", " (weakly sourced)": "", "n.d., ": "",
                  "ngày đầu tháng dùng thay, ngày thật unsure": "dùng ngày đầu tháng, ngày thật chưa rõ"}


def _iso(day: Any) -> str:
    return day.isoformat()[:10] if hasattr(day, "isoformat") else nfc(day)[:10]


def seed_note(note: Any, lang: str, *, feature_id: Any, as_of: Any, status: Any, reported_by: Any,
              path: str | Path | None = None) -> str:
    """A report's note as shown in ``lang``: a person's note as written; a seed row's in English from the seed
    file's ``note_en`` when there is one, else its Vietnamese note without the old raw English remarks."""
    text = "" if note is None or (isinstance(note, float) and note != note) else str(note)
    if reported_by != SEED_USER:
        return text
    if lang == "en":
        english = english_notes(path).get((nfc(feature_id), _iso(as_of), nfc(status)))
        if english:
            return english
    for remark, replacement in LEGACY_REMARKS.items():
        text = text.replace(remark, replacement)
    return text
