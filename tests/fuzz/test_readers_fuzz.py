"""Every reader, fed malformed files (tests/fuzz/harness.py): only the project's errors, each input
under 5 s, nothing left behind, the store unchanged by every refused import. 9 readers × 130 inputs."""
from __future__ import annotations

import pytest

from tests.fuzz import harness

EXAMPLES = 130  # 1,170 inputs per run; about a minute on two shared cores
PROPERTIES = harness.properties(EXAMPLES)


@pytest.mark.parametrize("reader", list(PROPERTIES))
def test_reader_survives_malformed_input(reader):
    PROPERTIES[reader]()
    timing = harness.TIMINGS[reader]
    assert timing.count >= EXAMPLES  # every generated input really reached the reader
