"""Users, passwords (argon2id), failed sign-in limits and expiring sessions — all kept in the store.

* No default user or password ships: the first admin is made with
  ``python -m progress users add NAME --role admin --scope "*"``.
* After ``MAX_FAILURES`` wrong passwords in a row an account is locked for ``LOCK_MINUTES``
  (kept in the database, so it holds across processes and restarts).
* A session token is random (``secrets.token_urlsafe``); only its SHA-256 is stored.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Iterable

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.errors import AuthError, DataError

from .models import sessions, users
from .rules import ROLES, VN_TZ, User, nfc, utc_now

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_TTL = timedelta(hours=8)
MIN_PASSWORD = 10

_hasher = PasswordHasher()  # argon2id, library defaults (RFC 9106 low-memory profile)
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))  # equal work for unknown names
_BAD_LOGIN = AuthError("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.")


def _scope_list(scope: Iterable[str] | str) -> list[str]:
    if isinstance(scope, str):
        scope = scope.split(",")
    items = sorted({nfc(s) for s in scope if nfc(s)})
    return ["*"] if "*" in items else items


def _user(row) -> User:
    return User(name=row.name, role=row.role, scope=frozenset(json.loads(row.scope)), id=row.id)


def create_user(store, name: str, password: str, role: str = "reporter", scope: Iterable[str] | str = ()) -> User:
    """Add a user; the password is kept only as an argon2id hash."""
    name = nfc(name)
    if not name or len(name) > 100 or any(ch.isspace() for ch in name):
        raise DataError(
            "Tên đăng nhập phải có 1–100 ký tự, không có khoảng trắng.",
            "A user name needs 1–100 characters without spaces.",
        )
    if role not in ROLES:
        raise DataError(
            f"Vai trò «{role}» không hợp lệ; chọn viewer, reporter hoặc admin.",
            f"Role “{role}” is not valid; use viewer, reporter or admin.",
        )
    if password is None or len(password) < MIN_PASSWORD:
        raise DataError(
            f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.",
            f"A password needs at least {MIN_PASSWORD} characters.",
        )
    scopes = _scope_list(scope)
    if role == "reporter" and not scopes:
        raise DataError(
            "Người báo cáo cần phạm vi (huyện/đơn vị), ví dụ --scope \"Bình Giang\".",
            "A reporter needs a scope (districts/units), e.g. --scope \"Bình Giang\".",
        )
    row = {
        "name": name, "role": role, "scope": json.dumps(scopes, ensure_ascii=False),
        "password_hash": _hasher.hash(password), "created_at": utc_now(), "failed_count": 0, "locked_until": None,
    }
    with store.write_engine.begin() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first() is not None:
            raise DataError(f"Đã có người dùng «{name}».", f"User “{name}” already exists.")
        uid = conn.execute(users.insert().returning(users.c.id), row).scalar_one()
    return User(name=name, role=role, scope=frozenset(scopes), id=int(uid))


def get_user(store, name: str) -> User | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == nfc(name))).first()
    return _user(row) if row else None


def list_users(store) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(users).order_by(users.c.name)).all()
    return [
        {"name": r.name, "role": r.role, "scope": ", ".join(json.loads(r.scope)),
         "locked_until": r.locked_until, "created_at": r.created_at}
        for r in rows
    ]


def _locked_error(until: datetime) -> AuthError:
    local = until.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
    return AuthError(
        f"Tài khoản tạm khóa do đăng nhập sai {MAX_FAILURES} lần; thử lại sau {local} (giờ Việt Nam).",
        f"Account locked after {MAX_FAILURES} failed sign-ins; try again after {local} (Vietnam time).",
    )


def authenticate(store, name: str, password: str, *, now: datetime | None = None) -> User:
    """The user if ``password`` is right; AuthError otherwise (same message for unknown names)."""
    now = now or utc_now()
    name = nfc(name)
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == name)).first()
    if row is None:
        try:
            _hasher.verify(_DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            pass
        raise _BAD_LOGIN
    if row.locked_until is not None and row.locked_until > now:
        raise _locked_error(row.locked_until)
    try:
        _hasher.verify(row.password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        with store.write_engine.begin() as conn:
            # Atomic increment: concurrent failures all count.
            failed = conn.execute(
                users.update().where(users.c.id == row.id)
                .values(failed_count=users.c.failed_count + 1).returning(users.c.failed_count)
            ).scalar_one()
            until = None
            if failed >= MAX_FAILURES:
                until = now + timedelta(minutes=LOCK_MINUTES)
                conn.execute(users.update().where(users.c.id == row.id).values(failed_count=0, locked_until=until))
        if until is not None:  # raised after the commit, so the lock is kept
            raise _locked_error(until)
        raise _BAD_LOGIN
    values = {"failed_count": 0, "locked_until": None}
    if _hasher.check_needs_rehash(row.password_hash):
        values["password_hash"] = _hasher.hash(password)
    with store.write_engine.begin() as conn:
        conn.execute(users.update().where(users.c.id == row.id).values(**values))
    return _user(row)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store, user: User, ttl: timedelta | None = None, *, now: datetime | None = None) -> str:
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


def user_for_session(store, token: str | None, *, now: datetime | None = None) -> User:
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


def end_session(store, token: str | None) -> None:
    if not token:
        return
    with store.write_engine.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.token_hash == _digest(token)))
