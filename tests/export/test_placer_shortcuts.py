"""The placers' shortcuts give what the full path gives, to the last bit (so the same spot wins and the page is the
same): the axes' matrix taken once (export.label_boxes.page_points), the grid measured only against the spots
that have a leader (export.labels._off_grid), and a page's legend checked as soon as its number key is known,
before the numbers are placed (export.labels.place_labels ``numbers_known``)."""
from __future__ import annotations

import numpy as np

from export.figure import new_figure
from export.label_boxes import page_points
from export.labels import DRAWN_WIDTH, FRAME_PAD, Label, _inside_shift, _off_grid, along_grid, place_labels


def _map_axes(dpi: int = 300):
    fig = new_figure((11.69, 8.27), dpi=dpi)
    ax = fig.add_axes((0.06, 0.12, 0.66, 0.7))
    ax.set_xlim(540123.25, 621456.5)
    ax.set_ylim(2281234.75, 2341789.125)
    ax.set_aspect("equal")
    return fig, ax


def test_page_points_are_the_axes_transform_to_the_last_bit():
    _, ax = _map_axes()
    rng = np.random.default_rng(3)
    xy = rng.uniform((540000, 2280000), (622000, 2342000), (5000, 2))
    to_pt = 72.0 / ax.figure.dpi
    points = page_points(ax)
    assert np.array_equal(points(xy), ax.transData.transform(xy) * to_pt)
    for x, y in xy[:50]:
        assert tuple(points((x, y))) == tuple(ax.transData.transform((x, y)) * to_pt)
    # taken once: axes moved after it was taken are not followed (a placer takes it for its own run only)
    ax.set_xlim(500000.0, 650000.0)
    assert not np.array_equal(points(xy), ax.transData.transform(xy) * to_pt)
    assert np.array_equal(page_points(ax)(xy), ax.transData.transform(xy) * to_pt)


def test_page_points_of_a_non_linear_axes_use_the_whole_transform():
    _, ax = _map_axes()
    ax.set_yscale("log")
    xy = np.array([[560000.0, 2300000.0], [600000.0, 2330000.0]])
    to_pt = 72.0 / ax.figure.dpi
    assert np.array_equal(page_points(ax)(xy), ax.transData.transform(xy) * to_pt)
    assert not np.array_equal(page_points(ax)(xy), ax.transData.get_affine().transform(xy) * to_pt)


def _off_grid_every_spot(px, py, tried, w_pt, h_pt, radius, grid, frame):
    """_off_grid as it was: every spot measured against the grid, those with a leader then moved."""
    ends = np.array([(px + dx + w_pt / 2, py + dy + h_pt / 2) for dx, dy, _ in tried])
    leads = np.array([k >= 8 or slid > radius for k, (_, _, slid) in enumerate(tried)])
    out = list(tried)
    for k in np.flatnonzero(leads & along_grid(px, py, ends, grid)):
        dx, dy, slid = tried[k]
        d = ends[k] - (px, py)
        n = np.array([-d[1], d[0]]) / max(float(np.hypot(*d)), 1e-9) * w_pt / 3
        for sign in (1.0, -1.0):
            nx, ny = dx + n[0] * sign, dy + n[1] * sign
            sx = _inside_shift(px + nx, px + nx + w_pt * DRAWN_WIDTH, frame[0] + FRAME_PAD, frame[2] - FRAME_PAD)
            sy = _inside_shift(py + ny, py + ny + h_pt, frame[1] + FRAME_PAD, frame[3] - FRAME_PAD)
            end = np.array([[px + nx + sx + w_pt / 2, py + ny + sy + h_pt / 2]])
            if not along_grid(px, py, end, grid)[0]:
                out[k] = (nx + sx, ny + sy, slid + abs(sx) + abs(sy))
                break
    return out


def test_spots_moved_off_the_grid_are_those_measuring_every_spot_moves():
    rng = np.random.default_rng(11)
    frame = (0.0, 0.0, 600.0, 400.0)
    # a graticule: meridians and parallels, each in short segments, as the page's are
    grid = np.concatenate([np.column_stack([np.full(20, x), np.arange(20) * 20.0, np.full(20, x), np.arange(1, 21) * 20.0])
                           for x in (100.0, 250.0, 400.0)]
                          + [np.column_stack([np.arange(30) * 20.0, np.full(30, y), np.arange(1, 31) * 20.0, np.full(30, y)])
                             for y in (120.0, 300.0)])
    moved = 0
    for _ in range(300):
        px, py = rng.uniform(80, 420), rng.uniform(100, 320)
        if rng.random() < 0.5:   # on a grid line: its leaders run along it
            px = float(rng.choice([100.0, 250.0, 400.0])) + rng.uniform(-1, 1)
        tried = [(float(dx), float(dy), float(slid)) for dx, dy, slid in
                 zip(rng.uniform(-40, 40, 30), rng.uniform(-40, 40, 30), rng.choice([0.0, 0.0, 5.0, 30.0], 30))]
        w_pt, h_pt, radius = rng.uniform(10, 60), rng.uniform(5, 9), rng.uniform(1, 8)
        got = _off_grid(px, py, tried, w_pt, h_pt, radius, grid, frame)
        assert got == _off_grid_every_spot(px, py, tried, w_pt, h_pt, radius, grid, frame)
        moved += got != tried
    assert moved > 20   # the grid moved spots: the comparison is of moves, not of nothing


def test_the_number_key_is_known_before_the_numbers_are_placed_and_is_the_key_returned():
    _, ax = _map_axes(dpi=100)
    rng = np.random.default_rng(5)
    # a crowd of places on few square points: most find no room and are numbered
    xs, ys = rng.uniform(570000, 572000, 40), rng.uniform(2310000, 2311500, 40)
    labels = [Label(float(x), float(y), f"Khu đô thị số {i}", 3.0, 1) for i, (x, y) in enumerate(zip(xs, ys))]
    symbols = np.zeros((0, 4))
    known: list = []

    def numbers_known(numbered):
        known.append((list(numbered), len(ax.texts)))

    texts_before = len(ax.texts)
    placed = place_labels(ax, labels, 6.5, symbols=symbols, lines=np.zeros((0, 4)), number_missing=True,
                          numbers_known=numbers_known)
    assert len(known) == 1
    numbered, texts_then = known[0]
    assert numbered and numbered == placed.numbered
    assert [n for n, _ in numbered] == list(range(1, len(numbered) + 1))
    assert len(ax.texts) - texts_then == len(numbered)   # the numbers were drawn after the key was known
    assert texts_then - texts_before == len(labels) - len(numbered)   # every other place got its name


def test_a_hook_that_stops_the_page_stops_it_before_any_number_is_drawn():
    _, ax = _map_axes(dpi=100)
    labels = [Label(571000.0 + i * 10, 2310500.0, f"Cụm công nghiệp {i}", 3.0, 1) for i in range(30)]

    class Stop(Exception):
        pass

    def stop(numbered):
        assert numbered
        raise Stop
    try:
        place_labels(ax, labels, 6.5, symbols=np.zeros((0, 4)), lines=np.zeros((0, 4)), number_missing=True,
                     numbers_known=stop)
    except Stop:
        pass
    else:
        raise AssertionError("the hook was not called")
    assert not any(t.get_text().isdigit() for t in ax.texts)


def test_a_leader_along_the_grid_is_found_as_measuring_it_against_every_grid_segment_finds_it():
    # along_grid measures each leader's points only against the grid segments near its own box: the answers are
    # those of every point against every segment (a graticule in short segments, leaders along it and across it)
    rng = np.random.default_rng(4)
    grid = np.concatenate([np.column_stack([np.full(20, x), np.arange(20) * 20.0, np.full(20, x), np.arange(1, 21) * 20.0])
                           for x in (100.0, 250.0)]
                          + [np.column_stack([np.arange(30) * 20.0, np.full(30, 120.0), np.arange(1, 31) * 20.0,
                                              np.full(30, 120.0)])])
    found = 0
    for _ in range(200):
        px, py = (100.0 + rng.normal(0, 2), rng.uniform(0, 400)) if rng.random() < 0.5 else tuple(rng.uniform(0, 400, 2))
        ends = np.column_stack([px + rng.normal(0, 3, 12) * rng.choice([1, 20], 12), py + rng.uniform(-80, 80, 12)])
        pts = (px, py) + (ends[:, None, :] - (px, py)) * np.linspace(0.2, 1.0, 5)[None, :, None]
        a, ab = grid[:, :2], grid[:, 2:] - grid[:, :2]
        rel = pts[:, :, None, :] - a
        u = np.clip((rel * ab).sum(-1) / (ab * ab).sum(-1), 0.0, 1.0)
        close = (np.hypot(*(rel - u[..., None] * ab).transpose(3, 0, 1, 2)).min(axis=2) <= 3.0).sum(axis=1)
        expected = (close >= 3) & (np.hypot(ends[:, 0] - px, ends[:, 1] - py) > 6.0)
        assert np.array_equal(along_grid(px, py, ends, grid, near=3.0), expected)
        found += int(expected.sum())
    assert found > 50   # leaders along the grid were among them
