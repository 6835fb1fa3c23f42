"""One small error hierarchy; every error carries a message a user can act on, in vi and en."""
from __future__ import annotations

from core.bilingual import HasText, Text


class PlanMapError(HasText, Exception):
    """Base of every error the product shows to a user.

    Made from both languages, ``PlanMapError(vi, en)`` or ``PlanMapError(Text(vi, en))``: a message
    without its English twin is refused where it is written (ValueError), not shown half-translated.
    """

    def __init__(self, vi: str | Text, en: str | None = None) -> None:
        self.text = vi if isinstance(vi, Text) and en is None else Text.of((vi, en))
        super().__init__(self.text.vi)

    def message(self, lang: str = "vi") -> str:
        return self.text.get(lang)

    def __reduce__(self):  # pickles (caches, worker processes) rebuild it from both languages
        return (self.__class__, (self.text,), self.__dict__)


class DataError(PlanMapError):
    """A data file or record is malformed or inconsistent."""


class CRSError(PlanMapError):
    """A coordinate reference system is missing, unknown or wrong for the data."""


class ImportRejected(PlanMapError):
    """A user import was refused as a whole; ``problems`` lists each reason."""

    def __init__(self, vi: str | Text, en: str | None = None, problems: list | None = None) -> None:
        super().__init__(vi, en)
        self.problems = list(problems or [])


class PermissionDenied(PlanMapError):
    """The signed-in user may not do this (role or scope)."""


class AuthError(PlanMapError):
    """Sign-in failed, was rate-limited, or the session expired."""


class StoreError(PlanMapError):
    """The store cannot do this now (disk full, read-only database, missing privilege); nothing was written."""
