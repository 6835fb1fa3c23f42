"""A place's details as the app's details panel gives them, as plain text for every export.

The atlas prints them on each place's page; the HTML export opens them on a click. Same facts
(layer, class, district, legal basis, status, progress, responsible unit, date, source, location
precision), the same warnings (not placed, indicative), the places at the same spot
(``layers.query.colocated``, as the app lists them) and the report history up to the export's date.
Everything is text: whoever shows it escapes it (HTML: ``textContent``; PDF: plain strings).
"""
from __future__ import annotations

import pandas as pd

from core.i18n import format_percent, t
from core.text import source_shown
from core.vocab import STATUSES
from export.scene import Scene
from export.words import fmt_date, text_of, w
from layers.base import indicative_notice
from layers.query import colocated
from layers.registry import configured_data_dir, get_layer
from progress.dashboard import SEED_CHECK, is_seed, reporter_label
from progress.seed import seed_csv, seed_note


def _row_of(scene: Scene, rec: pd.Series) -> pd.Series:
    frame = scene.frames[rec["layer"]]
    return frame.loc[rec["id"]] if rec["id"] in frame.index else frame[frame.index.astype(str) == rec["id"]].iloc[0]


def place_facts(scene: Scene, rec: pd.Series) -> list[tuple[str, str]]:
    """(label, value) of one place (a row of ``Scene.rows``), in the export's language."""
    lang = scene.lang
    spec = get_layer(rec["layer"])
    row = _row_of(scene, rec)
    facts: list[tuple[str, str]] = [(t("layer", lang), spec.title(lang))]
    if rec["urban_class_label"]:
        facts.append((t("urban_class", lang), rec["urban_class_label"]))
    if text_of(row.get("zone_kind_label")):
        facts.append((t("zone_kind", lang), text_of(row.get("zone_kind_label"))))
    if text_of(row.get("plan_kind_label")):
        facts.append((t("plan_kind", lang), text_of(row.get("plan_kind_label"))))
    facts.append((t("district", lang), rec["district"] or "—"))
    if text_of(row.get("unit_2025")):
        facts.append((t("unit_2025", lang), text_of(row.get("unit_2025"))))
    for key in ("in_provincial_plan_label", "class_provincial_plan", "class_2026_label", "recognition_decision"):
        if text_of(row.get(key)):  # the legal basis today (urban areas)
            facts.append((t(key, lang), text_of(row.get(key))))
    facts.append((t("status", lang), rec["status_label"] or STATUSES["unknown"].label(lang)))
    facts.append((t("progress", lang), format_percent(rec["progress_pct"], lang)))
    facts.append((w("unit", lang), rec["unit"] or "—"))
    as_of_label = SEED_CHECK.get(lang) if is_seed(row.get("reported_by")) else t("as_of", lang)
    facts.append((as_of_label, fmt_date(rec["status_as_of"], lang)))
    if rec["source"]:
        facts.append((t("source", lang), source_shown(rec["source"], lang)))
    if rec["location_precision"]:
        facts.append((t("location_precision", lang), rec["location_precision"]))
    return facts


def report_note(r: pd.Series, lang: str) -> str:
    """The report's note in ``lang`` (a seed row's English from the seed file); a correction says which report it corrects (history is never rewritten)."""
    note = seed_note(text_of(r.get("note")), lang, feature_id=r.get("feature_id"), as_of=r.get("as_of"),
                     status=r.get("status"), reported_by=r.get("reported_by"), path=seed_csv(configured_data_dir()))
    fix = r.get("corrects_report_id")
    if fix is not None and not pd.isna(fix):
        prefix = f"Đính chính báo cáo #{int(fix)}" if lang != "en" else f"Corrects report #{int(fix)}"
        note = f"{prefix}: {note}" if note else prefix
    return note


def history_headers(lang: str) -> list[str]:
    return [w("date", lang), t("status", lang), "%", w("unit", lang), w("reported_by", lang), t("note", lang)]


def history_cells(r: pd.Series, lang: str) -> list[str]:
    """One report as the cells of ``history_headers``."""
    return [fmt_date(r["as_of"], lang), STATUSES.get(r["status"], STATUSES["unknown"]).label(lang),
            format_percent(r["progress_pct"], lang), text_of(r["unit"]),
            reporter_label(r["reported_by"], lang) or "", report_note(r, lang)]


def notices(scene: Scene, rec: pd.Series) -> list[str]:
    """The warnings the app shows above the facts: not placed, indicative."""
    lang, row = scene.lang, _row_of(scene, rec)
    out = []
    if not rec["placed"]:
        out.append(t("not_placed", lang) + " — " + t("not_identified", lang))
    if notice := indicative_notice(row):
        out.append(t(notice, lang))
    return out


def place_details(scene: Scene) -> dict[str, dict]:
    """Every visible place's details by id: name, layer, notices, facts, same spot, history (newest first)."""
    lang = scene.lang
    out: dict[str, dict] = {}
    for _, rec in scene.rows().iterrows():
        history = scene.history_of(rec["id"])
        link = scene.request.link_for(rec["id"])
        out[rec["id"]] = {
            "name": rec["name"],
            "layer": rec["layer_title"],
            "notices": notices(scene, rec),
            "facts": [list(f) for f in place_facts(scene, rec)],
            "same_spot": [[fid, name] for _, fid, name in colocated(scene.frames, rec["id"])],
            "history": [history_cells(r, lang) for _, r in history.iloc[::-1].iterrows()],
            "link": link,
        }
    return out
