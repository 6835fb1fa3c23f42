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
