"""Users, argon2 hashes, failed sign-in limits (kept in the database), expiring sessions."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from core.errors import AuthError, DataError
from progress import ProgressStore
from progress.auth import LOCK_MINUTES, MAX_FAILURES

PASSWORD = "mat-khau-rat-dai-1"


def test_passwords_are_stored_only_as_argon2_hashes(store):
    store.create_user("nguyen-van-a", PASSWORD, "reporter", "Bình Giang, Gia Lộc")
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash, scope FROM users").one()
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    user = store.authenticate("nguyen-van-a", PASSWORD)
    assert user.role == "reporter" and user.scope == frozenset({"Bình Giang", "Gia Lộc"})


def test_no_user_exists_until_one_is_created(store):
    assert store.list_users() == []
    with pytest.raises(AuthError, match="Sai tên đăng nhập hoặc mật khẩu"):
        store.authenticate("admin", "admin")


@pytest.mark.parametrize(
    ("name", "password", "role", "scope", "vi"),
    [
        ("a b", PASSWORD, "reporter", "Bình Giang", "không có khoảng trắng"),
        ("ngan", "ngan", "reporter", "Bình Giang", "ít nhất 10 ký tự"),
        ("vai-tro", PASSWORD, "boss", "*", "Vai trò «boss» không hợp lệ"),
        ("khong-pham-vi", PASSWORD, "reporter", "", "cần phạm vi"),
    ],
)
def test_bad_users_are_refused(store, name, password, role, scope, vi):
    with pytest.raises(DataError, match=vi):
        store.create_user(name, password, role, scope)


def test_duplicate_user_is_refused(store):
    store.create_user("trung", PASSWORD, "viewer", "*")
    with pytest.raises(DataError, match="Đã có người dùng"):
        store.create_user("trung", PASSWORD, "viewer", "*")


def test_failed_sign_ins_lock_the_account_for_a_while(store):
    store.create_user("bi-khoa", PASSWORD, "reporter", "Gia Lộc")
    t0 = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
    for i in range(MAX_FAILURES - 1):
        with pytest.raises(AuthError, match="Sai tên đăng nhập"):
            store.authenticate("bi-khoa", f"sai-{i}", now=t0)
    with pytest.raises(AuthError, match="tạm khóa") as info:
        store.authenticate("bi-khoa", "sai-cuoi", now=t0)
    assert "locked" in info.value.en
    # Even the right password is refused while locked, in another store object (the lock is in the DB).
    other = ProgressStore(store.url)
    with pytest.raises(AuthError, match="tạm khóa"):
        other.authenticate("bi-khoa", PASSWORD, now=t0 + timedelta(minutes=LOCK_MINUTES - 1))
    assert other.authenticate("bi-khoa", PASSWORD, now=t0 + timedelta(minutes=LOCK_MINUTES + 1)).name == "bi-khoa"
    other.dispose()


def test_a_success_resets_the_failure_count(store):
    store.create_user("quen", PASSWORD, "reporter", "Gia Lộc")
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthError):
            store.authenticate("quen", "sai-mat-khau")
    store.authenticate("quen", PASSWORD)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthError, match="Sai tên"):
            store.authenticate("quen", "sai-mat-khau")


def test_sessions_expire_and_end(store):
    user = store.create_user("phien", PASSWORD, "reporter", "Gia Lộc")
    t0 = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
    token = store.start_session(user, timedelta(hours=1), now=t0)
    assert store.user_for_session(token, now=t0 + timedelta(minutes=59)).name == "phien"
    with pytest.raises(AuthError, match="hết hạn"):
        store.user_for_session(token, now=t0 + timedelta(hours=1, seconds=1))
    live = store.start_session(user)
    assert store.user_for_session(live).name == "phien"
    with store.engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(sa.text("SELECT token_hash FROM sessions"))]
    assert live not in hashes  # only a digest of the token is stored
    store.end_session(live)
    with pytest.raises(AuthError, match="không hợp lệ"):
        store.user_for_session(live)
    with pytest.raises(AuthError, match="Chưa đăng nhập"):
        store.user_for_session(None)
