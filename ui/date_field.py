"""The "as of" date fields (map, dashboard, export): a date on or before today, refused in our words.

Streamlit checks ``max_value``/``min_value`` in the browser and answers a typed 05/12/2026 with its own
English "Error: Date set outside allowed range…" under a Vietnamese label, while the page keeps the old date.
These fields therefore give Streamlit bounds nobody types past (FIELD_MIN … FIELD_MAX) and bring a date
outside the data's range back to it themselves, saying so beside the field in the reader's language.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from core.bilingual import Text
from core.i18n import date_field_format, format_date
from core.clock import today_vn

FIELD_MIN = date(1900, 1, 1)  # the widget's own bounds: wide enough that its English refusal never shows
FIELD_MAX = date(2100, 12, 31)
FUTURE = Text("Ngày {day} ở tương lai (hôm nay là {today}): đang hiện tình trạng đến hôm nay.",
              "{day} is in the future (today is {today}): showing the state as of today.")
TOO_EARLY = Text("Không có số liệu trước ngày {earliest}: đang hiện tình trạng ngày {earliest}.",
                 "There are no figures before {earliest}: showing the state on {earliest}.")


def _refused_key(key: str) -> str:
    return f"_{key}_refused"


def _bring_back(key: str, earliest: date) -> None:
    """on_change: a date past today becomes today, one before ``earliest`` becomes ``earliest``; the
    refused date is kept for the message (a callback may set its own widget's value)."""
    ss = st.session_state
    chosen, today = ss.get(key), today_vn()
    ss.pop(_refused_key(key), None)  # the message stays until the field changes again
    if not isinstance(chosen, date):
        return
    if chosen > today:
        ss[key], ss[_refused_key(key)] = today, ("future", chosen)
    elif chosen < earliest:
        ss[key], ss[_refused_key(key)] = earliest, ("early", chosen)


def clamp(day: date, earliest: date) -> date:
    """``day`` within [earliest, today]: what a link or a stored view may ask for."""
    return min(max(day, earliest), today_vn())


def as_of_input(label: str, key: str, lang: str, default: date | None = None, earliest: date = FIELD_MIN,
                container=None, **kwargs) -> date:
    """A keyed date field for an "as of" date, between ``earliest`` and today; returns the date in force.

    ``default`` (today when None) is the field's first value; afterwards the field keeps its own.
    """
    box = container if container is not None else st
    ss = st.session_state
    if not isinstance(ss.get(key), date):  # a new field (or one Streamlit forgot on another page)
        ss[key] = clamp(default or today_vn(), earliest)
        ss.pop(_refused_key(key), None)
    box.date_input(label, key=key, min_value=FIELD_MIN, max_value=FIELD_MAX, format=date_field_format(lang),
                   on_change=_bring_back, args=(key, earliest), **kwargs)
    refused = ss.get(_refused_key(key))  # kept across reruns: the map reruns as soon as it reports its view
    if refused is not None:
        kind, day = refused
        text = FUTURE.format(day=format_date(day, lang), today=format_date(today_vn(), lang)) if kind == "future" \
            else TOO_EARLY.format(earliest=format_date(earliest, lang))
        box.warning(text.get(lang), icon=":material/event_busy:")
    return ss[key]
