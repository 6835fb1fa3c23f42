"""PDF operands written faster: the same bytes as matplotlib's ``pdfRepr`` for the numbers of a page.

matplotlib writes every operand of a PDF content stream through ``pdfRepr``, which asks each value
``hasattr(obj, 'pdfRepr')`` and then walks a chain of ``isinstance`` tests; the operands of a map
page are nearly all floats (colours, line widths, matrices, positions) and operators. Within
:func:`export.draw.rendering`, :func:`pdf_repr` formats those directly — the same ``%.10f`` with
trailing zeros cut, the same ``%d``, an operator's own bytes — and hands every other value to
matplotlib's ``pdfRepr``.
"""
from __future__ import annotations

import math
from contextlib import AbstractContextManager

import numpy as np
from matplotlib.backends import backend_pdf

from export.patching import patched

_ORIGINAL = backend_pdf.pdfRepr
_Op = backend_pdf.Op
_FLOATS = (float, np.float64)


def pdf_repr(obj) -> bytes:
    """``backend_pdf.pdfRepr(obj)``, the same bytes, without its dispatch for floats, ints and operators."""
    kind = type(obj)
    if kind is float or kind is np.float64:
        if not math.isfinite(obj):
            raise ValueError("Can only output finite numbers in PDF")
        return (b"%.10f" % obj).rstrip(b"0").rstrip(b".")
    if kind is int:
        return b"%d" % obj
    if kind is _Op:
        return obj.value
    return _ORIGINAL(obj)


def installed() -> AbstractContextManager[None]:
    """Faster operands for the duration of one render (callers hold the render lock)."""
    return patched(backend_pdf, "pdfRepr", pdf_repr)
