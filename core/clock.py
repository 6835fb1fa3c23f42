"""Today's date where the users are: Vietnam (UTC+7, no daylight saving), whatever the server's zone."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")


def today_vn(now: datetime | None = None) -> date:
    """Today's date in Vietnam: a report filed at 01:00 on the 28th there is dated the 28th."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(VN_TZ).date()
