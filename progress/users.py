"""Who may report where: the signed-in :class:`User`, user names, roles and reporting scopes.

A scope names districts (in official spelling), feature or indicator ids, or ``*``; it is matched
forgivingly when typed and stored exactly, so it never silently names nothing.
"""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from core.errors import DataError
from core.features import FeatureRef
from core.text import fold as fold_text
from core.vocab import DISTRICTS_2023

from .problems import shown
from .rules import SEED_USER, nfc

ROLES = ("viewer", "reporter", "admin")
RESERVED_NAMES = frozenset({SEED_USER})
SCOPE_ALL = "*"
MAX_USER_NAME = 100


@dataclass
class User:
    """A signed-in person: what they may do (role) and where (scope of districts/units/ids, or '*')."""

    name: str
    role: str
    scope: frozenset[str] = field(default_factory=frozenset)
    id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_report(self) -> bool:
        return self.role in ("reporter", "admin")

    def may_report_on(self, ref: FeatureRef) -> bool:
        if not self.can_report:
            return False
        return self.is_admin or ref.in_scope(set(self.scope))

    def scope_text(self) -> str:
        return ", ".join(sorted(self.scope))



def check_user_name(name: Any) -> str:
    """The user name in NFC, or DataError (length, spaces, control characters, reserved names)."""
    text = nfc(name)
    if not text or len(text) > MAX_USER_NAME or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in text):
        raise DataError(
            f"Tên đăng nhập phải có 1–{MAX_USER_NAME} ký tự, không có khoảng trắng.",
            f"A user name needs 1–{MAX_USER_NAME} characters without spaces.",
        )
    if text.casefold() in RESERVED_NAMES:
        raise DataError(
            f"Tên «{text}» được dành cho hệ thống (dữ liệu ban đầu); hãy chọn tên khác.",
            f"The name “{text}” is reserved by the system (the first statuses); choose another name.",
        )
    return text


def check_role(role: Any) -> str:
    if role not in ROLES:
        raise DataError(
            f"Vai trò «{shown(nfc(role))}» không hợp lệ; chọn viewer, reporter hoặc admin.",
            f"Role “{shown(nfc(role))}” is not valid; use viewer, reporter or admin.",
        )
    return role


def scope_vocabulary(refs: Mapping[str, FeatureRef] | None = None) -> list[str]:
    """Every name a scope may hold, in official spelling: the plan's districts, plus the districts
    and ids of ``refs`` (what :meth:`FeatureRef.in_scope` matches)."""
    names = dict.fromkeys(DISTRICTS_2023)
    for ref in (refs or {}).values():
        for district in (*ref.districts, ref.district):
            if district:
                names.setdefault(nfc(district))
        names.setdefault(ref.id)
    return list(names)


def normalise_scope(scope: Iterable[str] | str, vocabulary: Iterable[str]) -> list[str]:
    """The scope as stored: each item matched to ``vocabulary`` with accents, case and spacing
    forgiven ("binh giang", "BÌNH  GIANG" → "Bình Giang"); ``*`` only alone. DataError otherwise,
    suggesting the nearest name ("Did you mean Bình Giang?").

    Why: a scope that names nothing lets its user report on nothing, silently.
    """
    items = [nfc(s) for s in (scope.split(",") if isinstance(scope, str) else scope)]
    items = [s for s in items if s]
    if SCOPE_ALL in items:
        if len(set(items)) > 1:
            raise DataError(
                "Phạm vi «*» (mọi nơi) phải đứng một mình, không kèm tên khác.",
                "The scope “*” (everywhere) must stand alone, without other names.",
            )
        return [SCOPE_ALL]
    by_key: dict[str, str] = {}
    for name in vocabulary:
        by_key.setdefault(fold_text(name), name)
    out: list[str] = []
    for item in items:
        official = by_key.get(fold_text(item))
        if official is None:
            raise _unknown_scope(item, by_key)
        if official not in out:
            out.append(official)
    return sorted(out)


def _unknown_scope(item: str, by_key: Mapping[str, str]) -> DataError:
    near = difflib.get_close_matches(fold_text(item), list(by_key), n=1, cutoff=0.6)
    districts = ", ".join(DISTRICTS_2023)
    if near:
        hint_vi, hint_en = f" Có phải «{by_key[near[0]]}»?", f" Did you mean “{by_key[near[0]]}”?"
    else:
        hint_vi, hint_en = f" Các huyện: {districts}.", f" Districts: {districts}."
    return DataError(
        f"Phạm vi «{shown(item)}» không khớp huyện hay đối tượng nào của quy hoạch.{hint_vi}",
        f"Scope “{shown(item)}” matches no district or feature of the plan.{hint_en}",
    )
