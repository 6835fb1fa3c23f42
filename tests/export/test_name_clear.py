"""A line's name, turned along its line, is refused where its box meets a symbol (a disc, or a square by its corner)
or crosses another line, and kept where it clears them by the white space; where it has to cross, what it crosses is
measured, lines and length, so the placer picks the least (export.name_clear)."""
from __future__ import annotations

import numpy as np

from export.name_clear import CLEAR_PT, OUTLINE_PT, crossings, keeps_clear, line_segments

NONE = np.zeros((0, 4))


def _clear(cx, cy, angle, *, symbols=NONE, round_=(), segments=np.zeros((0, 5))):
    """Whether a 60 × 8 pt name centred at (cx, cy), turned ``angle``, keeps clear."""
    return bool(keeps_clear(np.array([cx], float), np.array([cy], float), np.array([angle], float), 60.0, 8.0,
                            symbols=np.asarray(symbols, float).reshape(-1, 4), round_=np.asarray(round_, bool),
                            segments=segments)[0])


def test_a_name_over_a_symbol_or_just_touching_it_is_refused():
    disc = [(-3, 5, 3, 11)]                        # a 6 pt circle centred 8 pt above the name's centre line
    assert not _clear(0, 0, 0, symbols=disc, round_=[True])
    # level, its top 4 pt above its centre, 1 pt under the circle's foot: the outline and the white space need more
    reach = OUTLINE_PT + CLEAR_PT - 1.0
    assert _clear(0, -reach - 0.2, 0, symbols=disc, round_=[True])
    assert not _clear(0, -reach + 0.2, 0, symbols=disc, round_=[True])


def test_a_turned_name_meets_a_square_by_its_corner_but_clears_a_disc_in_the_same_box():
    # turned 30°, centred at the origin: the box (0, 8)-(6, 14)'s lower left corner lies within the name's reach,
    # the disc inside the same box does not
    square = [(-3, 8, 3, 14)]
    assert not _clear(0, 0, 30, symbols=square, round_=[False])
    assert _clear(0, 0, 30, symbols=square, round_=[True])


def test_a_name_across_another_line_is_refused_and_one_beside_it_is_kept():
    line = line_segments([np.array([[-100.0, 12.0], [100.0, 12.0]])], half_width=1.5)
    assert not _clear(0, 0, 30, segments=line)             # turned across it
    assert _clear(0, 12 - 4 - 1.5 - CLEAR_PT - 0.2, 0, segments=line)   # level, under it, the white space kept
    assert not _clear(0, 12 - 4 - 1.5 - CLEAR_PT + 0.2, 0, segments=line)
    # a line that ends short of the name does not cross it
    short = line_segments([np.array([[40.0, 0.0], [80.0, 0.0]])], half_width=1.5)
    assert _clear(0, 0, 0, segments=short)


def test_a_name_across_lines_counts_the_lines_and_the_length_of_them_under_it():
    across = line_segments([np.array([[0.0, -50.0], [0.0, 50.0]])], half_width=1.0)       # straight across the name
    along = line_segments([np.array([[-100.0, 0.0], [100.0, 0.0]])], half_width=1.0)      # under it, end to end
    segments = np.concatenate([across, along])
    owner = np.array([0] * len(across) + [1] * len(along))
    count, length = crossings(np.array([0.0, 100.0]), np.zeros(2), np.zeros(2), 60.0, 8.0,
                              segments=across, owner=owner[:len(across)])
    assert list(count) == [1, 0]     # the second name is off to its side
    grow = 1.0 + CLEAR_PT      # each line as wide as drawn, and the white space
    assert np.isclose(length[0], 8.0 + 2 * grow) and length[1] == 0.0
    count, length = crossings(np.array([0.0]), np.array([0.0]), np.zeros(1), 60.0, 8.0, segments=segments, owner=owner)
    assert count[0] == 2 and np.isclose(length[0], (8.0 + 2 * grow) + (60.0 + 2 * grow))


def test_a_page_of_names_symbols_and_lines_is_answered_as_the_exact_geometry_answers_it():
    # the placer tests only the pairs that come near (export.name_clear): over a page of names, symbols and lines,
    # most near one another, every answer is still the exact one, as shapely finds it pair by pair
    from shapely import affinity
    from shapely.geometry import LineString, Point, box

    rng = np.random.default_rng(7)
    n, width, height = 150, 60.0, 8.0
    cx, cy, angle = rng.uniform(0, 300, n), rng.uniform(0, 200, n), rng.uniform(-90, 90, n)
    centres = rng.uniform(0, 300, (40, 2)) * [1.0, 2 / 3]
    side = rng.uniform(3, 10, 40)[:, None]
    symbols, round_ = np.hstack([centres - side / 2, centres + side / 2]), rng.random(40) < 0.5
    starts = rng.uniform(0, 300, (20, 2)) * [1.0, 2 / 3]
    segments = np.column_stack([starts, starts + rng.uniform(-40, 40, (20, 2)), rng.uniform(0.3, 2, 20)])
    got = keeps_clear(cx, cy, angle, width, height, symbols=symbols, round_=round_, segments=np.zeros((0, 5)))
    got_lines = keeps_clear(cx, cy, angle, width, height, symbols=NONE, round_=round_[:0], segments=segments)

    def turned(k, grow=0.0):
        return affinity.rotate(box(cx[k] - width / 2 - grow, cy[k] - height / 2 - grow, cx[k] + width / 2 + grow,
                                   cy[k] + height / 2 + grow), angle[k], origin=(cx[k], cy[k]))

    reach = (symbols[:, 2] - symbols[:, 0]) / 2 + OUTLINE_PT + CLEAR_PT
    for k in range(n):
        name = turned(k)
        meets = [name.distance(Point(*centres[s])) < reach[s] if round_[s]
                 else name.intersects(box(*(centres[s] - reach[s]), *(centres[s] + reach[s]))) for s in range(40)]
        assert got[k] == (not any(meets))
        crossed = [turned(k, seg[4] + CLEAR_PT).intersects(LineString([seg[:2], seg[2:4]])) for seg in segments]
        assert got_lines[k] == (not any(crossed))
    assert 0 < got.sum() < n and 0 < got_lines.sum() < n   # the page has both kinds of answer
