"""Must hold: every problem a user reads has both languages, and dates read as the rest of the app writes them."""
from __future__ import annotations

from datetime import date

import pytest

from core.bilingual import Text
from core.errors import DataError, PermissionDenied
from progress.problems import Problem, raise_problems
from progress.validation import check_report

from .conftest import report
from .fake_refs import REFS


def test_a_problem_without_english_is_refused_where_it_is_written():
    with pytest.raises(ValueError):
        Problem(Text("Thiếu ngày.", ""))
    with pytest.raises(ValueError):
        Problem(("Thiếu ngày.", None))


def test_a_problem_names_its_row_in_each_language_and_permission_wins():
    data = Problem(Text("Thiếu ngày.", "The date is missing."), "as_of", 3)
    perm = Problem(Text("Ngoài phạm vi.", "Out of scope."), "feature_id", 4, "permission")
    assert (data.message("vi"), data.message("en")) == ("Dòng 3: Thiếu ngày.", "Row 3: The date is missing.")
    with pytest.raises(PermissionDenied) as err:
        raise_problems([data, perm])
    assert (err.value.vi, err.value.en) == ("Dòng 4: Ngoài phạm vi.", "Row 4: Out of scope.")
    with pytest.raises(DataError):
        raise_problems([data])


def test_dates_in_problems_use_the_app_date_format():
    problems = check_report(report(as_of=date(2026, 12, 24)), REFS, None, today=date(2026, 11, 27), check_scope=False)
    (future,) = [p for p in problems if p.column == "as_of"]
    assert "24/12/2026" in future.vi and "27/11/2026" in future.vi
    assert "2026-12-24" in future.en and "2026-11-27" in future.en
