"""Users, argon2 hashes, throttled sign-ins (counted in the database before the password check), sessions."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from core.errors import AuthError, DataError
from progress import ProgressStore, User, auth
from progress.auth import LOCK_MINUTES, MAX_FAILURES, verify_password
from progress.throttle import CLIENT_LIMIT

PASSWORD = "mat-khau-rat-dai-1"


def test_passwords_are_stored_only_as_argon2_hashes(store):
    auth.create_user(store, "nguyen-van-a", PASSWORD, "reporter", "Bình Giang, Gia Lộc")
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash, scope FROM users").one()
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    user = auth.authenticate(store, "nguyen-van-a", PASSWORD)
    assert user.role == "reporter" and user.scope == frozenset({"Bình Giang", "Gia Lộc"})


def test_no_user_exists_until_one_is_created(store):
    assert auth.list_users(store) == []
    with pytest.raises(AuthError, match="Sai tên đăng nhập hoặc mật khẩu"):
        auth.authenticate(store, "admin", "admin")


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
        auth.create_user(store, name, password, role, scope)


def test_duplicate_user_is_refused(store):
    auth.create_user(store, "trung", PASSWORD, "viewer", "*")
    with pytest.raises(DataError, match="Đã có người dùng"):
        auth.create_user(store, "trung", PASSWORD, "viewer", "*")


class CountingVerifier:
    """The real password check, counting how many wrong passwords it was asked to verify (thread-safe)."""

    def __init__(self) -> None:
        self.calls = self.wrong = 0
        self._lock = threading.Lock()

    def __call__(self, password_hash: str, password: str) -> bool:
        ok = verify_password(password_hash, password)
        with self._lock:
            self.calls += 1
            self.wrong += not ok
        return ok


T0 = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)


def refused(store, name, password, **kw) -> AuthError:
    with pytest.raises(AuthError) as info:
        auth.authenticate(store, name, password, **kw)
    return info.value


def test_failed_sign_ins_lock_the_account_for_a_while(store):
    auth.create_user(store, "bi-khoa", PASSWORD, "reporter", "Gia Lộc")
    verify = CountingVerifier()
    for i in range(MAX_FAILURES):
        refused(store, "bi-khoa", f"sai-{i}", now=T0, client="10.0.0.9", verify=verify)
    assert verify.wrong == MAX_FAILURES
    # Even the right password is refused while locked — without being checked — in another store
    # object (the lock is in the database).
    other = ProgressStore(store.url)
    refused(other, "bi-khoa", PASSWORD, now=T0 + timedelta(minutes=LOCK_MINUTES - 1), client="10.0.0.9", verify=verify)
    assert verify.calls == MAX_FAILURES
    assert auth.authenticate(other, "bi-khoa", PASSWORD, now=T0 + timedelta(minutes=LOCK_MINUTES + 1), client="10.0.0.9").name == "bi-khoa"
    other.dispose()


def test_unknown_wrong_and_throttled_get_the_same_answer(store):
    auth.create_user(store, "co-that", PASSWORD, "reporter", "Gia Lộc")
    unknown = refused(store, "khong-ai", PASSWORD, now=T0)
    wrong = refused(store, "co-that", "sai-mat-khau", now=T0)
    for i in range(MAX_FAILURES):
        refused(store, "co-that", f"sai-{i}", now=T0)
    throttled = refused(store, "co-that", PASSWORD, now=T0)
    for i in range(MAX_FAILURES):  # an unknown name is throttled just like a real one
        refused(store, "khong-ai", f"sai-{i}", now=T0)
    unknown_throttled = refused(store, "khong-ai", PASSWORD, now=T0)
    answers = {(e.vi, e.en) for e in (unknown, wrong, throttled, unknown_throttled)}
    assert len(answers) == 1
    vi, en = answers.pop()
    assert "Sai tên đăng nhập hoặc mật khẩu" in vi and "Wrong user name or password" in en
    assert "co-that" not in vi + en and "khóa" in vi  # names nothing, but says what to do


def test_an_unknown_name_costs_one_real_password_check(store):
    verify = CountingVerifier()
    refused(store, "khong-ai", PASSWORD, verify=verify)
    assert verify.calls == 1  # against a dummy hash: the same time as for a real name


def _race(store, name, attempts, clients, verify):
    """Run every (password, client) attempt at once (a barrier releases the threads together)."""
    barrier = threading.Barrier(len(attempts))
    results = [None] * len(attempts)

    def attempt(i, password, client):
        barrier.wait(timeout=60)
        try:
            results[i] = auth.authenticate(store, name, password, client=client, verify=verify)
        except AuthError as exc:
            results[i] = exc

    threads = [threading.Thread(target=attempt, args=(i, pw, clients[i])) for i, pw in enumerate(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.parametrize("spread", ["one client", "thirty clients"])
def test_thirty_parallel_sign_ins_verify_at_most_five_wrong_passwords(store, spread):
    auth.create_user(store, "nan-nhan", PASSWORD, "reporter", "Gia Lộc")
    attempts = [f"doan-mo-{i:02d}" for i in range(29)] + [PASSWORD]  # the last one is right
    clients = ["198.51.100.7"] * 30 if spread == "one client" else [f"198.51.100.{i}" for i in range(30)]
    verify = CountingVerifier()
    results = _race(store, "nan-nhan", attempts, clients, verify)
    assert verify.wrong <= MAX_FAILURES
    assert sum(isinstance(r, AuthError) for r in results) >= 29
    if not any(isinstance(r, User) for r in results):  # the right one came too late: it is locked out too
        refused(store, "nan-nhan", PASSWORD, client=clients[-1], verify=verify)
        assert verify.wrong <= MAX_FAILURES


def test_an_anonymous_visitor_cannot_lock_the_admin_out(store):
    auth.create_user(store, "quan-tri-vien", PASSWORD, "admin", "*")
    office, attacker, laptop = "10.20.30.40", "203.0.113.66", "10.20.30.99"
    assert auth.authenticate(store, "quan-tri-vien", PASSWORD, client=office, now=T0).is_admin
    verify = CountingVerifier()
    for i in range(3 * MAX_FAILURES):
        refused(store, "quan-tri-vien", f"doan-{i}", client=attacker, now=T0 + timedelta(seconds=i), verify=verify)
    assert verify.wrong == MAX_FAILURES  # the attacker got 5 guesses, not 15
    # The admin, from the office the account signed in from before, is not locked out.
    assert auth.authenticate(store, "quan-tri-vien", PASSWORD, client=office, now=T0 + timedelta(minutes=1)).is_admin
    # From a client never seen before, the account is locked (that is what an attacker is) …
    refused(store, "quan-tri-vien", PASSWORD, client=laptop, now=T0 + timedelta(minutes=2))
    assert auth.list_users(store, now=T0 + timedelta(minutes=2))[0]["locked_until"] is not None
    # … until another administrator (or the CLI: users unlock) lifts the lock.
    auth.unlock(store, "quan-tri-vien")
    assert auth.list_users(store, now=T0 + timedelta(minutes=2))[0]["locked_until"] is None
    assert auth.authenticate(store, "quan-tri-vien", PASSWORD, client=laptop, now=T0 + timedelta(minutes=3)).is_admin


def test_each_new_lock_lasts_twice_as_long(store):
    auth.create_user(store, "cham-dan", PASSWORD, "reporter", "Gia Lộc")
    for i in range(MAX_FAILURES):
        refused(store, "cham-dan", f"sai-{i}", now=T0)
    second = T0 + timedelta(minutes=LOCK_MINUTES + 1)  # first lock over: 5 more wrong ones lock it again
    for i in range(MAX_FAILURES):
        refused(store, "cham-dan", f"lai-sai-{i}", now=second)
    refused(store, "cham-dan", PASSWORD, now=second + timedelta(minutes=2 * LOCK_MINUTES - 1))
    assert auth.authenticate(store, "cham-dan", PASSWORD, now=second + timedelta(minutes=2 * LOCK_MINUTES + 1)).name == "cham-dan"


def test_slow_mistakes_do_not_lock_and_a_right_password_gives_its_slot_back(store):
    auth.create_user(store, "hay-quen", PASSWORD, "reporter", "Gia Lộc")
    for i in range(MAX_FAILURES - 1):
        refused(store, "hay-quen", f"sai-{i}", now=T0)
    later = T0 + timedelta(minutes=LOCK_MINUTES)  # the window of those four is over
    for i in range(MAX_FAILURES - 1):
        refused(store, "hay-quen", f"sai-{i}", now=later)
    for _ in range(3):  # a right password counts as no failure
        assert auth.authenticate(store, "hay-quen", PASSWORD, now=later).name == "hay-quen"
    refused(store, "hay-quen", "sai-lan-nua", now=later)  # the 5th wrong one of this window locks
    refused(store, "hay-quen", PASSWORD, now=later)


def test_one_client_spraying_many_names_is_stopped(store):
    auth.create_user(store, "nguoi-that", PASSWORD, "reporter", "Gia Lộc")
    sprayer = "192.0.2.50"
    for i in range(CLIENT_LIMIT):
        refused(store, f"ten-{i}", "mat-khau-pho-bien", client=sprayer, now=T0)
    verify = CountingVerifier()
    refused(store, "nguoi-that", PASSWORD, client=sprayer, now=T0, verify=verify)
    assert verify.calls == 0  # refused before any password check
    assert auth.authenticate(store, "nguoi-that", PASSWORD, client="192.0.2.51", now=T0).name == "nguoi-that"


def test_sessions_expire_and_end(store):
    user = auth.create_user(store, "phien", PASSWORD, "reporter", "Gia Lộc")
    t0 = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
    token = auth.start_session(store, user, timedelta(hours=1), now=t0)
    assert auth.user_for_session(store, token, now=t0 + timedelta(minutes=59)).name == "phien"
    with pytest.raises(AuthError, match="hết hạn"):
        auth.user_for_session(store, token, now=t0 + timedelta(hours=1, seconds=1))
    live = auth.start_session(store, user)
    assert auth.user_for_session(store, live).name == "phien"
    with store.engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(sa.text("SELECT token_hash FROM sessions"))]
    assert live not in hashes  # only a digest of the token is stored
    auth.end_session(store, live)
    with pytest.raises(AuthError, match="không hợp lệ"):
        auth.user_for_session(store, live)
    with pytest.raises(AuthError, match="Chưa đăng nhập"):
        auth.user_for_session(store, None)


@pytest.mark.parametrize("typed", ["binh giang", "BÌNH GIANG", "Bình  Giang", " bình giang ", "Bình Giang"])
def test_scopes_forgive_accents_case_and_spacing_and_store_the_official_spelling(store, typed):
    user = auth.create_user(store, "bg", PASSWORD, "reporter", typed)
    assert user.scope == frozenset({"Bình Giang"})
    assert auth.authenticate(store, "bg", PASSWORD).scope == frozenset({"Bình Giang"})


@pytest.mark.parametrize(
    ("scope", "vi", "en"),
    [
        ("Nowhere", "«Nowhere» không khớp huyện hay đối tượng nào", "Districts: Hải Dương, Chí Linh"),
        ("Binh Gaing", "Có phải «Bình Giang»?", "Did you mean “Bình Giang”?"),
        ("Bình Giang,*", "phải đứng một mình", "must stand alone"),
        ("urban-ke-sat", "không khớp", "matches no district or feature"),  # an id needs the plan's features
    ],
)
def test_scopes_that_name_nothing_are_refused_with_a_hint(store, scope, vi, en):
    with pytest.raises(DataError) as info:
        auth.create_user(store, "bg", PASSWORD, "reporter", scope)
    assert vi in info.value.vi and en in info.value.en
    assert auth.list_users(store) == []


def test_a_scope_may_name_a_feature_of_the_plan(store, refs):
    user = auth.create_user(store, "ke-sat", PASSWORD, "reporter", "URBAN-KE-SAT, gia lộc", refs=refs)
    assert user.scope == frozenset({"urban-ke-sat", "Gia Lộc"})
    assert user.may_report_on(refs["urban-ke-sat"]) and not user.may_report_on(refs["iz-binh-giang"])


@pytest.mark.parametrize("name", ["seed", "SEED", "Seed"])
def test_the_seed_name_is_reserved(store, name):
    with pytest.raises(DataError, match="dành cho hệ thống") as info:
        auth.create_user(store, name, PASSWORD, "viewer", "*")
    assert "reserved" in info.value.en
