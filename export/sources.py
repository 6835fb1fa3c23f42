"""The sources block of every export: short on the map, complete (with every URL) where there is room.

A page footer names each document and each website once ("laodong.vn, vietnamnet.vn, …"), so
nothing is cut off unseen; the full list — every source as the data states it, URLs included —
goes on the PDF's second page, in the slides' notes and appendix, and in the data files.
"""
from __future__ import annotations

import re

import pandas as pd

from core.i18n import t
from core.text import source_shown
from export.overlays import sources_text
from export.scene import Scene, has_place
from export.words import fmt_date, nfc, w

_URL = re.compile(r"https?://(?:www\.|m\.|tab\.)?([^/\s;,)]+)", re.IGNORECASE)

def data_sources(scene: Scene) -> list[tuple[str, list[str]]]:
    """Every distinct source of the features shown (on a map of a chosen extent, those it draws and those placed on
    no map), as the data states it (its weak-source mark in the export's language), with the names of the features
    citing it, in order of first use."""
    by_source: dict[str, list[str]] = {}
    for layer_id, frame in scene.frames.items():
        if "source" not in frame.columns:
            continue
        if scene.request.extent is not None:  # a district's map: the places it draws, and those on no map
            frame = pd.concat([scene.in_view(layer_id), frame[~has_place(frame)]])
        names = frame["name"] if "name" in frame.columns else pd.Series([""] * len(frame), index=frame.index)
        for source, name in zip(frame["source"], names):
            if not isinstance(source, str):
                continue
            s = source_shown(nfc(source).strip(), scene.lang)
            if s:
                cited = by_source.setdefault(s, [])
                name = nfc(name).strip() if isinstance(name, str) else ""
                if name and name not in cited:
                    cited.append(name)
    return list(by_source.items())


def full_sources(scene: Scene) -> list[str]:
    """Every distinct source of the features shown, each named by the features it belongs to ("Khu công nghiệp Đại
    An mở rộng — … 416 ha (02/2021): https://…": a numbered item alone did not say which zone), then the user's
    and the store's."""
    out = [f"{', '.join(names)} — {s}" if names else s for s, names in data_sources(scene)]
    user = sources_text(scene.overlays, scene.lang)
    if user:
        out.append(user)
    out.append(progress_line(scene))
    return out


def _cited(scene: Scene) -> list[str]:
    """The sources of the data and the user's files, without the features' names (what the short lines parse)."""
    user = sources_text(scene.overlays, scene.lang)
    return [s for s, _ in data_sources(scene)] + ([user] if user else [])


def progress_line(scene: Scene) -> str:
    return w("progress_store", scene.lang) + f" ({t('as_of', scene.lang).lower()} {fmt_date(scene.request.day, scene.lang)})"


def documents_and_sites(sources: list[str]) -> tuple[list[str], list[str]]:
    """(documents named, website domains cited), each once, in order of first use."""
    docs: list[str] = []
    sites: list[str] = []
    for s in sources:
        head = re.split(r",\s*§|\s+—\s+|:\s*https?://", s, maxsplit=1)[0].strip()
        if head and not _URL.match(head) and head not in docs and len(head) <= 90:
            docs.append(head)
        for domain in _URL.findall(s):
            domain = domain.lower().rstrip(".")
            if domain not in sites:
                sites.append(domain)
    return docs, sites


def short_line(scene: Scene, where_full: str) -> str:
    """The sources in one line that names every document and website once; ``where_full`` says where
    the complete list is (an ``export.words`` key)."""
    lang = scene.lang
    docs, sites = documents_and_sites(_cited(scene))
    parts = list(docs)
    if sites:
        parts.append(f"{w('websites', lang)}: {', '.join(sites)}")
    parts.append(progress_line(scene))
    return f"{w('sources', lang)}: " + "; ".join(parts) + f" ({w(where_full, lang)})"


def brief_line(scene: Scene, where_full: str) -> str:
    """The shortest honest sources line: the documents, how many websites, and where the full list is."""
    lang = scene.lang
    user = sources_text(scene.overlays, lang)
    docs, sites = documents_and_sites([s for s in _cited(scene) if s != user])
    parts = list(docs[:2]) + ([f"{len(sites)} {w('websites', lang)}"] if sites else [])
    more = len(docs) - 2
    if more > 0:
        parts.append(f"+{more}")
    if user:  # the user's own files are always named
        parts.append(user)
    return f"{w('sources', lang)}: " + "; ".join(parts) + f" ({w(where_full, lang)})"
