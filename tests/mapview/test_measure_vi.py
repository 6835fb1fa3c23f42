"""The measure tool's Vietnamese table covers every text of the plugin, and is added where the plugin reads it."""
import re

import pytest

from mapview import measure_vi
from mapview.assets import VENDOR_DIR

MEASURE_JS = (VENDOR_DIR / "leaflet-measure" / "leaflet-measure.min.js").read_bytes()


def _english_table() -> dict[str, str]:
    """The plugin's own English table (i18n/en), read from its code."""
    body = re.search(rb'measure:"Measure",measureDistancesAndAreas:[^}]*thousandsSep:","', MEASURE_JS).group(0)
    return dict(re.findall(r'(\w+):"([^"]*)"', body.decode()))


def test_every_text_the_plugin_has_in_english_has_vietnamese():
    english = _english_table()
    assert len(english) == 28
    assert set(measure_vi.TEXT_VI) == set(english)
    untranslated = {k for k, v in english.items() if measure_vi.TEXT_VI[k] == v and k not in ("feet",)}
    assert not untranslated


def test_the_vietnamese_table_goes_into_the_plugins_locales_once():
    js = measure_vi.with_vietnamese(MEASURE_JS).decode()
    assert js.count('locales:{vi:{"measure": "Đo",') == 1
    assert 'en:a("./i18n/en")' in js and len(js.encode()) > len(MEASURE_JS)


def test_a_plugin_whose_table_moved_is_refused_not_left_english():
    with pytest.raises(ValueError, match="measure_vi"):
        measure_vi.with_vietnamese(MEASURE_JS.replace(b'locales:{ca:', b'locales:{xx:'))
