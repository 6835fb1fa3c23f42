"""Users, passwords (argon2id), throttled sign-ins and expiring sessions — all kept in the store.

* No default user or password ships: the first admin is made with
  ``python -m progress users add NAME --role admin --scope "*"``.
* Every sign-in try is counted and judged in the database before its password is checked
  (``progress.throttle``): at most 5 wrong passwords are verified per account and client per lock
  window, whatever the concurrency, and an unknown visitor cannot lock out a known client.
  Unknown name, wrong password and throttled try all get the same answer.
* A session token is random (``secrets.token_urlsafe``); only its SHA-256 is stored.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Callable, Iterable, Mapping

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import AuthError, DataError
from core.features import FeatureRef

from . import throttle
from .db import Database
from .models import reports, sessions, users
from .rules import nfc, utc_now
from .targets import load_targets
from .users import (
    MAX_USER_NAME,
    SCOPE_ALL,
    User,
    check_role,
    check_user_name,
    normalise_scope,
    scope_vocabulary,
)

LOCK_MINUTES = throttle.LOCK_MINUTES
MAX_FAILURES = throttle.PAIR_LIMIT
SESSION_TTL = timedelta(hours=8)
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 hashes anything, but a megabyte "password" is only an attack on the CPU

_hasher = PasswordHasher()  # argon2id, library defaults (RFC 9106 low-memory profile)
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))  # equal work for unknown names
# One answer for an unknown name, a wrong password and a throttled try: nothing tells which names exist.
_BAD_LOGIN = AuthError(
    f"Sai tên đăng nhập hoặc mật khẩu, hoặc đã thử sai quá nhiều lần — khi đó hãy đợi {LOCK_MINUTES} phút "
    "rồi thử lại, hoặc nhờ quản trị viên mở khóa.",
    f"Wrong user name or password, or too many failed tries — then wait {LOCK_MINUTES} minutes and try again, "
    "or ask an administrator to unlock the account.",
)

Verifier = Callable[[str, str], bool]


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches the argon2 ``password_hash`` (the slow step throttling protects)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _user(row) -> User:
    return User(name=row.name, role=row.role, scope=frozenset(json.loads(row.scope)), id=row.id)


def _check_password(password: str | None) -> str:
    if password is None or len(password) < MIN_PASSWORD:
        raise DataError(
            f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.",
            f"A password needs at least {MIN_PASSWORD} characters.",
        )
    if len(password) > MAX_PASSWORD:
        raise DataError(
            f"Mật khẩu dài quá {MAX_PASSWORD} ký tự.", f"A password may have at most {MAX_PASSWORD} characters.")
    return password


def _check_scope(role: str, scope: Iterable[str] | str, refs: Mapping[str, FeatureRef] | None) -> list[str]:
    """The scope in official spelling; a reporter needs one (an admin's is everything)."""
    # a scope names districts or features of the plan, or indicators of its 2030 targets (a statistics office)
    scopes = normalise_scope(scope, [*scope_vocabulary(refs), *load_targets()])
    if role == "admin":
        return [SCOPE_ALL]
    if role == "reporter" and not scopes:
        raise DataError(
            "Người báo cáo cần phạm vi (huyện/đơn vị), ví dụ --scope \"Bình Giang\".",
            "A reporter needs a scope (districts/units), e.g. --scope \"Bình Giang\".",
        )
    return scopes


def _no_such_user(name: str) -> DataError:
    return DataError(f"Không có người dùng «{name}».", f"No user “{name}”.")


def create_user(
    store: Database,
    name: str,
    password: str,
    role: str = "reporter",
    scope: Iterable[str] | str = (),
    *,
    refs: Mapping[str, FeatureRef] | None = None,
) -> User:
    """Add a user; the password is kept only as an argon2id hash; the scope is matched to the plan."""
    name = check_user_name(name)
    check_role(role)
    _check_password(password)
    scopes = _check_scope(role, scope, refs)
    row = {
        "name": name, "role": role, "scope": json.dumps(scopes, ensure_ascii=False),
        "password_hash": _hasher.hash(password), "created_at": utc_now(),
    }
    with store.write_engine.begin() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first() is not None:
            raise DataError(f"Đã có người dùng «{name}».", f"User “{name}” already exists.")
        if conn.execute(sa.select(reports.c.id).where(reports.c.reported_by == name).limit(1)).first() is not None:
            # A removed user's reports keep their name: a newcomer must not inherit them.
            raise DataError(
                f"Tên «{name}» đã đứng tên các báo cáo cũ (của một tài khoản đã xóa); hãy chọn tên khác.",
                f"The name “{name}” signs earlier reports (of a removed account); choose another name.",
            )
        uid = conn.execute(users.insert().returning(users.c.id), row).scalar_one()
    return User(name=name, role=role, scope=frozenset(scopes), id=int(uid))


def get_user(store: Database, name: str) -> User | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == nfc(name))).first()
    return _user(row) if row else None


def list_users(store: Database, *, now: datetime | None = None) -> list[dict]:
    """Every user with role, scope and, when unknown clients are locked out, until when."""
    now = now or utc_now()
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(users).order_by(users.c.name)).all()
        return [
            {"name": r.name, "role": r.role, "scope": ", ".join(json.loads(r.scope)),
             "locked_until": throttle.account_lock(conn, r.name, now), "created_at": r.created_at}
            for r in rows
        ]


def _existing(conn: sa.Connection, name: str):
    row = conn.execute(sa.select(users).where(users.c.name == nfc(name))).first()
    if row is None:
        raise _no_such_user(nfc(name))
    return row


def _keep_an_admin(conn: sa.Connection, row) -> None:
    """Refuse to remove or demote the last administrator (nobody could manage users any more)."""
    if row.role != "admin":
        return
    others = conn.execute(
        sa.select(sa.func.count()).select_from(users).where(users.c.role == "admin", users.c.id != row.id)
    ).scalar_one()
    if not others:
        raise DataError(
            f"«{row.name}» là quản trị viên cuối cùng; hãy tạo quản trị viên khác trước.",
            f"“{row.name}” is the last administrator; create another administrator first.",
        )


def set_role(store: Database, name: str, role: str, scope: Iterable[str] | str | None = None, *,
             refs: Mapping[str, FeatureRef] | None = None) -> User:
    """Change a user's role (and scope, when given; a reporter keeps its scope otherwise)."""
    check_role(role)
    with store.write_engine.begin() as conn:
        row = _existing(conn, name)
        if role != "admin":
            _keep_an_admin(conn, row)
        current = [s for s in json.loads(row.scope) if s != SCOPE_ALL] if row.role == "admin" else json.loads(row.scope)
        scopes = _check_scope(role, current if scope is None else scope, refs)
        conn.execute(users.update().where(users.c.id == row.id).values(
            role=role, scope=json.dumps(scopes, ensure_ascii=False)))
    return User(name=row.name, role=role, scope=frozenset(scopes), id=row.id)


def set_scope(store: Database, name: str, scope: Iterable[str] | str, *, refs: Mapping[str, FeatureRef] | None = None) -> User:
    """Change a user's scope, matched to the plan like at creation."""
    with store.write_engine.begin() as conn:
        row = _existing(conn, name)
        scopes = _check_scope(row.role, scope, refs)
        conn.execute(users.update().where(users.c.id == row.id).values(scope=json.dumps(scopes, ensure_ascii=False)))
    return User(name=row.name, role=row.role, scope=frozenset(scopes), id=row.id)


def set_password(store: Database, name: str, password: str) -> None:
    """A new password: every session of the user ends, its sign-in counters and known clients are forgotten."""
    _check_password(password)
    digest = _hasher.hash(password)
    with store.write_engine.begin() as conn:
        row = _existing(conn, name)
        conn.execute(users.update().where(users.c.id == row.id).values(password_hash=digest))
        conn.execute(sessions.delete().where(sessions.c.user_id == row.id))
        throttle.forget(conn, row.name, keep_trust=False)


def remove_user(store: Database, name: str) -> None:
    """Remove an account and its sessions; its reports stay, signed with its name (history is never rewritten)."""
    with store.write_engine.begin() as conn:
        row = _existing(conn, name)
        _keep_an_admin(conn, row)
        conn.execute(sessions.delete().where(sessions.c.user_id == row.id))
        conn.execute(users.delete().where(users.c.id == row.id))
        throttle.forget(conn, row.name, keep_trust=False)


def unlock(store: Database, name: str) -> None:
    """Lift every sign-in lock of ``name`` now (the clients it signed in from stay known)."""
    with store.write_engine.begin() as conn:
        row = _existing(conn, name)
        throttle.forget(conn, row.name)


def authenticate(
    store: Database,
    name: str,
    password: str,
    *,
    client: str | None = None,
    now: datetime | None = None,
    verify: Verifier = verify_password,
) -> User:
    """The user if ``password`` is right; AuthError otherwise — one message for every failure.

    ``client`` identifies where the try comes from (the browser's IP address); ``verify`` is the
    password check (injectable so tests can count how many passwords are really verified).
    """
    now = now or utc_now()
    name = nfc(name)[: MAX_USER_NAME + 1]  # longer names exist nowhere; keep keys short
    client = nfc(client)[:100]
    password = password or ""
    with store.write_engine.begin() as conn:
        taken = throttle.claim(conn, name, client, now)
    if not taken.allowed or len(password) > MAX_PASSWORD:
        raise _BAD_LOGIN
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == name)).first()
    if not verify(row.password_hash if row is not None else _DUMMY_HASH, password) or row is None:
        raise _BAD_LOGIN
    rehashed = _hasher.hash(password) if _hasher.check_needs_rehash(row.password_hash) else None  # outside the lock
    with store.write_engine.begin() as conn:
        throttle.succeeded(conn, name, client, taken, now)
        if rehashed is not None:
            conn.execute(users.update().where(users.c.id == row.id).values(password_hash=rehashed))
    return _user(row)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Database, user: User, ttl: timedelta | None = None, *, now: datetime | None = None) -> str:
    """A new session token for ``user`` valid for ``ttl`` (default 8 hours)."""
    now = now or utc_now()
    token = secrets.token_urlsafe(32)
    uid = user.id if user.id is not None else get_user(store, user.name).id
    with store.write_engine.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.expires_at < now))  # housekeeping
        conn.execute(sessions.insert(), {
            "token_hash": _digest(token), "user_id": uid, "created_at": now, "expires_at": now + (ttl or SESSION_TTL),
        })
    return token


def user_for_session(store: Database, token: str | None, *, now: datetime | None = None) -> User:
    """The user of a live session; AuthError when the token is unknown, ended or expired."""
    now = now or utc_now()
    if not token:
        raise AuthError("Chưa đăng nhập.", "Not signed in.")
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(sessions.c.expires_at, users).join(users, users.c.id == sessions.c.user_id)
            .where(sessions.c.token_hash == _digest(token))
        ).first()
    if row is None:
        raise AuthError("Phiên đăng nhập không hợp lệ; hãy đăng nhập lại.", "Unknown session; please sign in again.")
    if row.expires_at <= now:
        raise AuthError("Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.", "Your session has expired; please sign in again.")
    return _user(row)


def end_session(store: Database, token: str | None) -> None:
    if not token:
        return
    with store.write_engine.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.token_hash == _digest(token)))
