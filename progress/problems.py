"""Why a report, a row or a file cannot be accepted: one :class:`Problem` per reason, in both languages.

The form, the import, the seed and the indicator values all speak through it, so a user reads
the same kind of message wherever they typed the value.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.bilingual import HasText, Text
from core.errors import DataError, PermissionDenied, PlanMapError

KINDS = ("data", "permission", "file")


@dataclass(frozen=True)
class Problem(HasText):
    """One reason a row (or a whole file) cannot be accepted: its words and where it is."""

    text: Text
    column: str | None = None
    row: int | None = None  # spreadsheet row number (header is row 1); None for the whole file
    kind: str = "data"  # data | permission | file

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", Text.of(self.text))  # both languages, or ValueError here
        if self.kind not in KINDS:
            raise ValueError(f"unknown problem kind {self.kind!r}")

    def message(self, lang: str = "vi") -> str:
        """The words in ``lang``, prefixed with the row when there is one ("Row 3: …")."""
        words = self.text.get(lang)
        if self.row is not None:
            prefix = f"Row {self.row}" if lang == "en" else f"Dòng {self.row}"
            return f"{prefix}: {words}"
        return words

    def error(self) -> PlanMapError:
        cls = PermissionDenied if self.kind == "permission" else DataError
        return cls(self.message("vi"), self.message("en"))


def problem(vi: str, en: str, column: str | None = None, row: int | None = None, kind: str = "data") -> Problem:
    """A Problem from its two messages (the shape most checks write)."""
    return Problem(Text(vi, en), column, row, kind)


def file_problem(vi: str, en: str, kind: str = "file") -> Problem:
    """A Problem of the whole file (no row, no column)."""
    return problem(vi, en, None, None, kind)


def missing_columns(header: list[str], required: tuple[str, ...] | list[str],
                    listed: tuple[str, ...] | list[str],
                    words: Callable[[str, str], str] | None = None) -> Problem | None:
    """The problem of a header that lacks ``required`` columns (naming every one of ``listed``), or None.

    ``words(code, lang)``, when the file's headers are words people read (the report template's
    "Tình trạng", "Tiến độ (%)"), names the missing and the required columns in those words (codes
    beside them): an official who wrote their own file knows no codes, nor which columns are optional.
    """
    missing = [c for c in required if c not in header]
    if not missing:
        return None
    if words is None:
        return file_problem(
            f"Thiếu cột: {', '.join(missing)}. Dòng đầu phải có các cột {', '.join(listed)}.",
            f"Missing columns: {', '.join(missing)}. The first row must name the columns {', '.join(listed)}.")

    def named(codes, lang: str) -> str:
        return ", ".join(f"«{words(c, lang)}»" if lang == "vi" else f"“{words(c, lang)}”" for c in codes)

    return file_problem(
        f"Thiếu cột: {', '.join(missing)} (tên cột trong mẫu: {named(missing, 'vi')}). Dòng đầu phải có các cột "
        f"{named(required, 'vi')}, viết như trong mẫu báo cáo (có dấu hoặc không) hoặc bằng mã: {', '.join(required)}.",
        f"Missing columns: {', '.join(missing)} (headers in the template: {named(missing, 'en')}). The first row must "
        f"name the columns {named(required, 'en')}, as in the report template (Vietnamese or English) or by code: "
        f"{', '.join(required)}.")


def raise_problems(problems: list[Problem]) -> None:
    """Raise the error that best describes ``problems`` (permission first), all messages joined."""
    if not problems:
        return
    perm = [p for p in problems if p.kind == "permission"]
    chosen = perm or problems
    cls = PermissionDenied if perm else DataError
    raise cls("; ".join(p.message("vi") for p in chosen), "; ".join(p.message("en") for p in chosen))


def shown(text: str, limit: int = 60) -> str:
    """``text`` short enough to quote in a message (a 10 MB cell must not become a 10 MB message)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
