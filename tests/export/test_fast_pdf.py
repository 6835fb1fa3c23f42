"""PDF operands formatted by export.fast_pdf are matplotlib's bytes, value for value."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends import backend_pdf

from export.fast_pdf import pdf_repr

ORIGINAL = backend_pdf.pdfRepr


@pytest.mark.parametrize("value", [0.0, -0.0, 1.0, -1.5, 0.1, 1 / 3, 841.9224, 1e-11, -1e-11, 123456789.123456789,
                                   np.float64(0.9568627451), np.float64(-2.5), np.float32(0.25), 0, 7, -3, True, False,
                                   np.int64(5), backend_pdf.Op.gsave, backend_pdf.Op.concat_matrix,
                                   backend_pdf.Name("F1"), [1.5, 2, backend_pdf.Name("x")], {"W": [0.5, 1]}, None,
                                   b"(text)", "Dương"])
def test_an_operand_is_written_as_matplotlib_writes_it(value):
    assert pdf_repr(value) == ORIGINAL(value)


@pytest.mark.parametrize("value", [float("inf"), float("nan"), np.float64("-inf")])
def test_a_number_pdf_cannot_hold_is_refused_as_matplotlib_refuses_it(value):
    with pytest.raises(ValueError):
        ORIGINAL(value)
    with pytest.raises(ValueError):
        pdf_repr(value)
