"""A render frees its own pages: the cyclic garbage of a printed export is collected when the render ends,
young, and the collector is left as the caller had it."""
from __future__ import annotations

import gc

import pytest

from export.draw import rendering, young_garbage
from export.snapshot import render_snapshot


def test_a_pdf_export_leaves_no_garbage_for_a_full_collection(scene_of):
    scene = scene_of(format="pdf")
    render_snapshot(scene)  # caches warm
    gc.collect()
    before = len(gc.get_objects())
    data = render_snapshot(scene)
    assert data.startswith(b"%PDF")
    assert gc.isenabled()
    left = gc.collect()  # what a full collection would still have to find: the pages were freed already
    assert left < 500, left
    assert len(gc.get_objects()) < before + 2000


def test_the_collector_is_paused_during_a_render_and_back_after_it_even_on_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with rendering():
            assert not gc.isenabled()
            with young_garbage():  # a render in a render leaves the pause to the outer one
                assert not gc.isenabled()
            assert not gc.isenabled()
            raise RuntimeError("page failed")
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_keeps_it_paused():
    gc.disable()
    try:
        with rendering():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
