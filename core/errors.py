"""One small error hierarchy; every error carries a message a user can act on, in vi and en."""
from __future__ import annotations


class PlanMapError(Exception):
    """Base of every error the product shows to a user.

    ``vi`` is the message shown by default; ``en`` its English twin.
    """

    def __init__(self, vi: str, en: str | None = None) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en or vi

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class DataError(PlanMapError):
    """A data file or record is malformed or inconsistent."""


class CRSError(PlanMapError):
    """A coordinate reference system is missing, unknown or wrong for the data."""


class ImportRejected(PlanMapError):
    """A user import was refused as a whole; ``problems`` lists each reason."""

    def __init__(self, vi: str, en: str | None = None, problems: list | None = None) -> None:
        super().__init__(vi, en)
        self.problems = list(problems or [])


class PermissionDenied(PlanMapError):
    """The signed-in user may not do this (role or scope)."""


class AuthError(PlanMapError):
    """Sign-in failed, was rate-limited, or the session expired."""


class StoreError(PlanMapError):
    """The store cannot do this now (disk full, read-only database, missing privilege); nothing was written."""
