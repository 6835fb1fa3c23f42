"""Today's date where the users are: Vietnam (UTC+7, no daylight saving), whatever the server's zone."""
from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")
# An ISO date that stands for "today" everywhere (tests and rehearsals of a reporting deadline).
TODAY_ENV = "PLANMAP_TODAY"


def pinned_today() -> date | None:
    """The date ``$PLANMAP_TODAY`` pins, if any (a malformed value is ignored, never a crash)."""
    value = os.environ.get(TODAY_ENV, "").strip()
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def today_vn(now: datetime | None = None) -> date:
    """Today's date in Vietnam: a report filed at 01:00 on the 28th there is dated the 28th."""
    if now is None:
        pinned = pinned_today()
        if pinned is not None:
            return pinned
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(VN_TZ).date()
