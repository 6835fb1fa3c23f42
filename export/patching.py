"""One attribute of matplotlib swapped for ours for the length of a render, then put back as it was.

The fast paths (fast_pdf, fast_leaders, fast_halos) each replace one method or function while a render
holds the render lock (export.draw.rendering); outside a render matplotlib is untouched.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def patched(owner: Any, name: str, value: Any) -> Iterator[None]:
    """``owner.name`` is ``value`` inside the block; afterwards it is what it was, or inherited again."""
    own = vars(owner)
    had, before = name in own, own.get(name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        if had:
            setattr(owner, name, before)
        else:
            delattr(owner, name)
