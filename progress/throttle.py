"""Sign-in throttling: every try is counted and judged in the database BEFORE its password is checked.

Why: reading a lock, checking the (slow) password and only then counting let 30 parallel tries all
be checked (issue 11 §1). Here a try first *claims* a slot in one short write transaction, serialised
across processes (SQLite ``BEGIN IMMEDIATE``; PostgreSQL a transaction advisory lock); only a claimed
try is verified, and a right password gives its slot back. So ``failures`` is always "wrong passwords
verified + tries being verified", and a key is locked as soon as it reaches its limit.

Counters, after OWASP ASVS 4.0 §2.2.1 (soft lockouts, ever-increasing delays, per-IP limits):

* **pair** (account × client): ``PAIR_LIMIT`` wrong passwords, then this client is locked out of
  this account;
* **account**: ``ACCOUNT_LIMIT`` wrong passwords from *unknown* clients lock the account for unknown
  clients — a client the account signed in from within ``TRUST_DAYS`` keeps only its pair budget,
  so an anonymous visitor cannot keep an administrator out (``python -m progress users unlock``
  frees an account at once);
* **client**: ``CLIENT_LIMIT`` wrong passwords on any names (unknown names too) lock an unknown
  client out of every account (password spraying).

A lock lasts ``LOCK_MINUTES`` × 2^(locks before it), at most ``MAX_LOCK``; a counter restarts
``WINDOW`` after its first failure if it did not lock. Unknown names are counted like real ones,
so "locked" reveals nothing about which names exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from .models import sign_in_throttle as table

PAIR_LIMIT = 5
ACCOUNT_LIMIT = 5
CLIENT_LIMIT = 30
LOCK_MINUTES = 15
WINDOW = timedelta(minutes=LOCK_MINUTES)
MAX_LOCK = timedelta(hours=24)
STRIKE_MEMORY = timedelta(hours=24)  # a day without failures forgets earlier locks
TRUST_DAYS = 90
_PG_LOCK_THROTTLE = 7_302_030_003
_SEP = "\x1f"


@dataclass(frozen=True)
class Claim:
    """The outcome of :func:`claim`: whether the password may be checked, and the counters it took."""

    allowed: bool
    keys: tuple[str, ...] = ()


def pair_key(name: str, client: str) -> str:
    return f"p{_SEP}{name}{_SEP}{client}"


def account_key(name: str) -> str:
    return f"a{_SEP}{name}"


def client_key(client: str) -> str:
    return f"c{_SEP}{client}"


def _serialise(conn: sa.Connection) -> None:
    """One sign-in decision at a time (SQLite's BEGIN IMMEDIATE already is)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_THROTTLE})


def _lock_length(strikes: int) -> timedelta:
    return min(WINDOW * (2 ** min(strikes, 16)), MAX_LOCK)


def _locked(row: dict, now: datetime) -> bool:
    return row["locked_until"] is not None and row["locked_until"] > now


def _rolled(row: dict | None, key: str, now: datetime) -> dict:
    """The counter as it stands at ``now``: expired locks and windows cleared."""
    row = dict(row) if row else {
        "key": key, "failures": 0, "first_failure_at": None, "last_failure_at": None,
        "locked_until": None, "strikes": 0, "last_success_at": None,
    }
    if row["locked_until"] is not None and row["locked_until"] <= now:
        row.update(failures=0, first_failure_at=None, locked_until=None)
    elif row["locked_until"] is None and row["first_failure_at"] is not None and now - row["first_failure_at"] >= WINDOW:
        row.update(failures=0, first_failure_at=None)
    if row["last_failure_at"] is not None and now - row["last_failure_at"] >= STRIKE_MEMORY and not _locked(row, now):
        row["strikes"] = 0
    return row


def _read(conn: sa.Connection, keys: list[str], now: datetime) -> tuple[dict[str, dict], set[str]]:
    """The counters of ``keys`` as they stand at ``now``, and which of them already have a row."""
    found = {r["key"]: r for r in conn.execute(sa.select(table).where(table.c.key.in_(keys))).mappings()}
    return {key: _rolled(found.get(key), key, now) for key in keys}, set(found)


def _write(conn: sa.Connection, rows: dict[str, dict], existing: set[str]) -> None:
    for key, row in rows.items():
        if key in existing:
            conn.execute(table.update().where(table.c.key == key).values(**{k: v for k, v in row.items() if k != "key"}))
        else:
            conn.execute(table.insert().values(**row))


def _trusted(pair: dict, now: datetime) -> bool:
    return pair["last_success_at"] is not None and now - pair["last_success_at"] < timedelta(days=TRUST_DAYS)


def claim(conn: sa.Connection, name: str, client: str, now: datetime) -> Claim:
    """Count one try of ``name`` from ``client`` (inside the caller's write transaction), or refuse it."""
    _serialise(conn)
    _forget_stale(conn, now)
    pair, account, spray = pair_key(name, client), account_key(name), client_key(client)
    keys = [pair, account, spray]
    rows, existing = _read(conn, keys, now)
    trusted = _trusted(rows[pair], now)
    counted = [pair] if trusted else [pair, account, spray]
    if any(_locked(rows[key], now) for key in counted):
        return Claim(False)
    limits = {pair: PAIR_LIMIT, account: ACCOUNT_LIMIT, spray: CLIENT_LIMIT}
    for key in counted:
        row = rows[key]
        row["failures"] += 1
        row["first_failure_at"] = row["first_failure_at"] or now
        row["last_failure_at"] = now
        if row["failures"] >= limits[key]:
            row["locked_until"] = now + _lock_length(row["strikes"])
            row["strikes"] += 1
    _write(conn, rows, existing)
    return Claim(True, tuple(counted))


def succeeded(conn: sa.Connection, name: str, client: str, taken: Claim, now: datetime) -> None:
    """A right password: give back the slots ``taken`` and trust this client for this account."""
    _serialise(conn)
    pair = pair_key(name, client)
    keys = sorted(set(taken.keys) | {pair})
    rows, existing = _read(conn, keys, now)
    limits = {pair: PAIR_LIMIT, account_key(name): ACCOUNT_LIMIT, client_key(client): CLIENT_LIMIT}
    for key in taken.keys:
        row = rows[key]
        row["failures"] = max(row["failures"] - 1, 0)
        if _locked(row, now) and row["failures"] < limits[key]:  # the lock was this try's own count
            row["locked_until"] = None
            row["strikes"] = max(row["strikes"] - 1, 0)
    rows[pair].update(last_success_at=now, strikes=0)
    _write(conn, rows, existing)


def account_lock(conn: sa.Connection, name: str, now: datetime) -> datetime | None:
    """Until when unknown clients are locked out of ``name`` (None: not locked)."""
    row = conn.execute(sa.select(table).where(table.c.key == account_key(name))).mappings().first()
    return row["locked_until"] if row and _locked(dict(row), now) else None


def forget(conn: sa.Connection, name: str, *, keep_trust: bool = True) -> int:
    """Clear every counter of ``name`` (the account and each of its clients): the admin's ``unlock``.

    With ``keep_trust`` the clients it signed in from stay known; without (new password, removed
    account) they are forgotten too. Returns the rows changed.
    """
    _serialise(conn)
    prefix = pair_key(name, "")
    pairs = table.c.key.startswith(prefix, autoescape=True)
    changed = conn.execute(table.delete().where(table.c.key == account_key(name))).rowcount
    if keep_trust:
        changed += conn.execute(table.update().where(pairs).values(
            failures=0, first_failure_at=None, locked_until=None, strikes=0)).rowcount
    else:
        changed += conn.execute(table.delete().where(pairs)).rowcount
    return changed


def _forget_stale(conn: sa.Connection, now: datetime) -> None:
    """Drop counters that hold nothing any more (random names must not grow the table forever)."""
    conn.execute(table.delete().where(
        table.c.last_failure_at < now - STRIKE_MEMORY,
        sa.or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
        sa.or_(table.c.last_success_at.is_(None), table.c.last_success_at < now - timedelta(days=TRUST_DAYS)),
    ))
