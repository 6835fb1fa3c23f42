"""resolve_crs: which CRS a layer's coordinates are in, decided from its inputs alone (no file read)."""
from __future__ import annotations

import numpy as np
import pytest

from core.errors import CRSError
from geo import crs as crsmod
from geo.overlay_io import CRSInputs, resolve_crs

DEGREES = (106.3, 20.9, 106.4, 21.0)
E, N = crsmod.from_wgs84((np.array([106.33]), np.array([20.94])), "EPSG:9209")
METRES = (float(E[0]), float(N[0]), float(E[0]) + 100, float(N[0]) + 100)


def _inputs(file_crs, origin="file", declared=None, bounds=DEGREES, fmt="gpkg"):
    sample = (np.array([bounds[0]]), np.array([bounds[1]]))
    return CRSInputs("f", fmt, file_crs, origin, declared, bounds, sample)


@pytest.mark.parametrize("inputs,source,origin,warned", [
    (_inputs("EPSG:9209", bounds=METRES), "EPSG:9209", "file", 0),                          # the file says
    (_inputs("EPSG:9209", declared="EPSG:9210", bounds=METRES), "EPSG:9209", "file", 1),    # …and wins, with a word
    (_inputs(None, declared="EPSG:9209", bounds=METRES, fmt="csv"), "EPSG:9209", "declared", 0),
    (_inputs("?Local grid", declared="EPSG:9209", bounds=METRES), "EPSG:9209", "declared", 1),
    (_inputs("EPSG:4326", origin="standard", fmt="kml"), "EPSG:4326", "standard", 0),
    (_inputs("EPSG:4326", origin="standard", declared="EPSG:9209", bounds=METRES, fmt="geojson"),
     "EPSG:9209", "declared", 0),                                                           # metres without crs member
])
def test_the_choice_and_where_it_came_from(inputs, source, origin, warned):
    chosen = resolve_crs(inputs)
    assert (chosen.source, chosen.origin, len(chosen.warnings)) == (source, origin, warned)
    assert all(w.vi and w.en and w.vi != w.en for w in chosen.warnings)


@pytest.mark.parametrize("inputs,words", [
    (_inputs(None, fmt="csv"), "does not guess"),                                           # never guessed
    (_inputs("?Local grid"), "not recognised"),
    (_inputs("EPSG:4326", origin="standard", bounds=METRES, fmt="geojson"), "not longitude/latitude"),
    (_inputs(None, declared="EPSG:4326", bounds=METRES, fmt="csv"), "EPSG:9209 would place them"),
])
def test_what_cannot_be_told_is_asked_in_both_languages(inputs, words):
    with pytest.raises(CRSError) as err:
        resolve_crs(inputs)
    assert words in err.value.en and err.value.vi != err.value.en
