"""Vietnamese for the measure tool: leaflet-measure 2.1.7 ships 19 languages, not Vietnamese.

Its texts are looked up in a private ``i18n-2`` instance built from a fixed table of locales, so there is no
way to add one from the page: the tools bundle (mapview.assets) adds ours to that table. The key list is the
plugin's English table; a newer plugin whose table reads differently fails loudly at build, not silently in
English.
"""
from __future__ import annotations

import json

LOCALE = "vi"

# Every key of leaflet-measure's own English table (i18n/en.json), in Vietnamese; units as printed in Vietnam.
TEXT_VI = {
    "measure": "Đo",
    "measureDistancesAndAreas": "Đo khoảng cách và diện tích",
    "createNewMeasurement": "Đo mới",
    "startCreating": "Bấm lên bản đồ để đặt các điểm đo",
    "finishMeasurement": "Xong",
    "lastPoint": "Điểm cuối",
    "area": "Diện tích",
    "perimeter": "Chu vi",
    "pointLocation": "Vị trí điểm",
    "areaMeasurement": "Đo diện tích",
    "linearMeasurement": "Đo chiều dài",
    "pathDistance": "Chiều dài đường đo",
    "centerOnArea": "Đưa vùng này vào giữa",
    "centerOnLine": "Đưa đường này vào giữa",
    "centerOnLocation": "Đưa điểm này vào giữa",
    "cancel": "Hủy",
    "delete": "Xóa",
    "acres": "mẫu Anh",
    "feet": "feet",
    "kilometers": "km",
    "hectares": "ha",
    "meters": "m",
    "miles": "dặm",
    "sqfeet": "feet vuông",
    "sqmeters": "m²",
    "sqmiles": "dặm vuông",
    "decPoint": ",",
    "thousandsSep": ".",
}

_LOCALES_TABLE = b'locales:{ca:a("./i18n/ca"),'


def with_vietnamese(measure_js: bytes) -> bytes:
    """leaflet-measure's code with ``vi`` in its table of locales (``localization="vi"`` then picks it)."""
    if measure_js.count(_LOCALES_TABLE) != 1:
        raise ValueError("leaflet-measure's table of locales is not where 2.1.7 has it: update mapview/measure_vi.py")
    entry = f"locales:{{{LOCALE}:{json.dumps(TEXT_VI, ensure_ascii=False)},".encode()
    return measure_js.replace(_LOCALES_TABLE, entry + _LOCALES_TABLE[len(b"locales:{"):])
