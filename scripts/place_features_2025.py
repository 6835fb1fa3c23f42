"""Put every place of data/*.geojson where its sources put it, and name its 2025 unit.

The decisions are the table ``PLACES`` below (one row per feature, each with the source that names its
commune); the positions they lead to are computed, so the data, the notes and the figures cannot drift:

* ``seat``   — a place whose sources name one commune, for which no published coordinate was found:
  the seat of the 2025 unit the commune went into (``data/admin_2025``, ~100 m, but 1–3 km from the
  old commune's centre);
* ``centre`` — an industrial zone whose sources name several communes: the centre of those communes,
  each at its Wikipedia coordinate where one is published (``WIKI``), else at its 2025 successor's seat;
* ``neighbour`` — the successor's seat lies outside the place's own 2023 district: the seat of the 2025 unit of
  the neighbouring commune a source names (precision "commune centre, approximate", as for other neighbours);
* ``keep``   — already at a sourced coordinate of its own commune or town (Wikipedia, GeoNames);
* ``placeholder`` — no source names the commune (kept, the reason written in the note).

``unit_2025`` (the 2025 unit's Vietnamese name, several joined by ", ") comes from the successor mapping of
resolution 1669/NQ-UBTVQH15 for every feature. Places that share a position say so (``CO_LOCATED``).
Run again, it changes nothing (tests check it):

    .venv/bin/python scripts/place_features_2025.py [DATA_DIR]
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
from shapely.geometry import shape  # noqa: E402

from core.text import fold  # noqa: E402
from geo.measure import length_km  # noqa: E402
from geo.admin_2025 import Successor, load_communes_2025, successors_of, units_of_district  # noqa: E402

DATA = ROOT / "data"
FILES = ("urban_areas.geojson", "industrial_zones.geojson", "railway_stations.geojson",
         "railways.geojson", "ring_road_v.geojson")
SEAT_SOURCE = "https://sapnhap.bando.com.vn/"
SEAT = "seat of the 2025 successor unit"
CENTRE = "centre of the communes named by sources"
PLACEHOLDER = "district centre placeholder"
RESOLUTION = "NQ 1669/NQ-UBTVQH15"

# Published coordinates of communes (Wikipedia infoboxes), (lon, lat, URL) — the ones the data already cites.
WIKI: dict[tuple[str, str], tuple[float, float, str]] = {
    ("Lai Cách", "Cẩm Giàng"): (106.25667, 20.93528, "https://vi.wikipedia.org/wiki/Lai_C%C3%A1ch"),
    ("Yết Kiêu", "Gia Lộc"): (106.27111, 20.87472, "https://vi.wikipedia.org/wiki/Y%E1%BA%BFt_Ki%C3%AAu_(x%C3%A3)"),
    ("Thái Học", "Bình Giang"): (106.19889, 20.86389,
                                 "https://vi.wikipedia.org/wiki/Th%C3%A1i_H%E1%BB%8Dc,_B%C3%ACnh_Giang"),
    ("Ngọc Kỳ", "Tứ Kỳ"): (106.34806, 20.84833, "https://vi.wikipedia.org/wiki/Ng%E1%BB%8Dc_K%E1%BB%B3"),
}

VIETNAMBIZ_DAI_AN = "https://vietnambiz.vn/hai-duong-duyet-nhiem-vu-quy-hoach-kcn-dai-an-mo-rong-20231219163241449.htm"
VIETNAMMOI_2021 = "https://vietnammoi.vn/dieu-chinh-quy-hoach-hai-kcn-tai-tinh-hai-duong-20210206095547273.htm"
TUOITRE_3_KCN = "https://tuoitrethudo.vn/hai-duong-sap-co-3-khu-cong-nghiep-moi-rong-hang-tram-ha-273094.html"
# No trustworthy page names this zone's second commune (data/SOURCES.md, «Còn nguồn yếu»): said in words, and the
# position's own source is then the seats' list (a weak page is never cited as a source).
TAN_TRUONG_NAMED = "tên KCN nêu xã Tân Trường; Cẩm Đông — nguồn yếu (weakly sourced)"
BHD_TAN_TRUONG_MR = "https://baohaiduong.vn/en/hdnd-tinh-hai-duong-se-quyet-nghi-ve-quy-hoach-3-khu-cong-nghiep-o-cam-giang-gia-loc-va-tu-ky-389910.html"


@dataclass(frozen=True)
class Place:
    """Where a feature is and what says so."""

    how: str                                   # "seat" | "centre" | "neighbour" | "keep" | "placeholder"
    communes: tuple[tuple[str, str], ...] = ()  # (commune, 2023 district) it lies in / its sources name
    named_by: str = ""                         # URL (or words) of the source that names the commune(s)
    why: str = ""                              # extra sentence for the note (vi, then en)
    whole_district: str = ""                   # a city/town that was a district: all its 2025 units
    neighbour: tuple[str, str] = ("", "")      # for "neighbour": the adjacent commune whose 2025 seat is used
    units_named: tuple[str, ...] = ()          # 2025 units a source names directly (then no mapping is needed)
    note: str = ""                             # for "keep": the location_note, where a source now says more


def _c(*names: str, district: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, district) for name in names)


NAME_OF_ZONE = "tên chính thức của KCN nêu tên xã (the zone's official name names the commune)"
PLACES: dict[str, Place] = {
    # urban areas
    "ua-tp-hai-duong": Place("keep", whole_district="thành phố Hải Dương"),
    "ua-tp-chi-linh": Place("keep", whole_district="thành phố Chí Linh"),
    "ua-kinh-mon": Place("keep", whole_district="thị xã Kinh Môn"),
    "ua-binh-giang": Place("keep", _c("Kẻ Sặt", district="Bình Giang")),
    "ua-tt-lai-cach": Place("keep", _c("Lai Cách", district="Cẩm Giàng")),
    "ua-tt-gia-loc": Place("keep", _c("Gia Lộc", district="Gia Lộc")),
    "ua-tt-nam-sach": Place("keep", _c("Nam Sách", district="Nam Sách")),
    "ua-tt-phu-thai": Place("keep", _c("Phú Thái", district="Kim Thành")),
    "ua-tt-thanh-mien": Place("keep", _c("Thanh Miện", district="Thanh Miện")),
    "ua-tt-ninh-giang": Place("keep", _c("Ninh Giang", district="Ninh Giang")),
    "ua-luong-dien": Place("seat", _c("Lương Điền", district="Cẩm Giàng"), "chương trình §III.4 (the program)"),
    "ua-dong-cam": Place("seat", _c("Đồng Cẩm", district="Kim Thành"), "chương trình §III.4 (the program)"),
    "ua-minh-tan-nam-sach": Place("seat", _c("Minh Tân", district="Nam Sách"), "chương trình §III.4 (the program)"),
    "ua-tu-cuong": Place("seat", _c("Tứ Cường", district="Thanh Miện"), "chương trình §III.4 (the program)"),
    "ua-quang-minh": Place("keep", _c("Quang Minh", district="Gia Lộc")),
    "ua-cong-hoa-kim-thanh": Place(
        "seat", _c("Cộng Hòa", district="Kim Thành"), "chương trình §III.4 (the program)",
        "Xã Cộng Hòa (mã 10756) mang tên Lai Khê từ 01/01/2025. (Cộng Hòa, GSO 10756, was renamed Lai Khê in 2025-01.)"),
    "ua-tt-cam-giang": Place("keep", _c("Cẩm Giang", district="Cẩm Giàng")),
    "ua-tt-tu-ky": Place("keep", _c("Tứ Kỳ", district="Tứ Kỳ")),
    "ua-tt-thanh-ha": Place("keep", _c("Thanh Hà", district="Thanh Hà")),
    "ua-do-thi-hung-dao": Place("keep", _c("Hưng Đạo", district="Tứ Kỳ")),
    "ua-thanh-quang": Place(
        "seat", _c("Thanh Quang", district="Nam Sách"), "haiduongtv.com.vn 08/11/2023",
        "Thanh Quang nhập với Quốc Tuấn thành xã Quốc Tuấn (01/01/2025). (Merged into Quốc Tuấn in 2025-01.)"),
    "ua-doan-tung": Place("keep", _c("Đoàn Tùng", district="Thanh Miện")),
    "ua-loai-v-chua-xac-dinh-1": Place("keep"),
    "ua-loai-v-chua-xac-dinh-2": Place("keep"),
    # industrial zones
    "iz-dai-an": Place(
        "seat", _c("Tứ Minh", district="Hải Dương"), VIETNAMBIZ_DAI_AN,
        "Nguồn: KCN Đại An mở rộng (phường Tứ Minh…) giáp KCN Đại An ở phía đông; địa chỉ «Km51 QL5, Tứ Minh». "
        "(Its extension in Tứ Minh borders it on the east.)"),
    "iz-dai-an-mo-rong": Place(
        "centre", _c("Tứ Minh", district="Hải Dương") + _c("Cẩm Đoài", "Cẩm Đông", "Lai Cách", district="Cẩm Giàng"),
        VIETNAMBIZ_DAI_AN),
    "iz-phuc-dien": Place(
        "seat", _c("Phúc Điền", district="Cẩm Giàng"), NAME_OF_ZONE,
        "Xã Phúc Điền (2019, từ Cẩm Phúc và Cẩm Điền) — suy từ tên KCN, không có nguồn nêu địa điểm. "
        "(Commune inferred from the zone's name.)"),
    "iz-tan-truong": Place(
        "centre", _c("Tân Trường", "Cẩm Đông", district="Cẩm Giàng"),
        TAN_TRUONG_NAMED),
    "iz-cam-dien-luong-dien": Place("centre", _c("Cẩm Điền", "Lương Điền", district="Cẩm Giàng"), NAME_OF_ZONE),
    "iz-lai-cach": Place(
        "keep", _c("Lai Cách", district="Cẩm Giàng"),
        note="Đặt tại trung tâm thị trấn Lai Cách (Wikipedia): KCN ở «Km 49, quốc lộ 5, thị trấn Lai Cách», "
             "cả khu thuộc địa phận thị trấn — nguồn yếu (weakly sourced): chỉ có trang của doanh nghiệp. "
             "(In Lai Cách township, National Road 5 km 49; weakly sourced.)"),
    "iz-cong-hoa": Place("keep", _c("Cộng Hòa", district="Chí Linh")),
    "iz-phuc-dien-mo-rong": Place("seat", _c("Tân Hồng", district="Bình Giang"), "«Tân Hồng/Phúc Điền»"),
    "iz-lai-vu": Place(
        "seat", _c("Lai Vu", district="Kim Thành"), NAME_OF_ZONE,
        "Xã Lai Vu nhập vào xã Lai Khê (01/01/2025). (Lai Vu was merged into Lai Khê in 2025-01.)"),
    "iz-phu-thai": Place("keep", _c("Phú Thái", district="Kim Thành")),
    "iz-viet-hoa-kenmark": Place(
        "neighbour", _c("Việt Hòa", district="Hải Dương"), NAME_OF_ZONE,
        "Trụ sở phường Việt Hòa 2025 nằm ngoài TP Hải Dương cũ (~1,9 km, trong huyện Cẩm Giàng cũ), nên dùng trụ sở "
        "đơn vị kế thừa phường Cẩm Thượng, phường giáp phía đông Việt Hòa (Báo Hải Dương 16/12/2020, "
        "http://m.baohaiduong.vn/kinh-te---tieu-dung/dieu-chinh-quy-hoach-phan-khu-phuong-viet-hoa-154421) — gần "
        "đúng, sai số vài km. (Việt Hòa's 2025 seat lies outside the former city; the seat of its eastern "
        "neighbour's successor is used: approximate, a few km.)",
        neighbour=("Cẩm Thượng", "Hải Dương")),
    "iz-binh-giang": Place(
        "centre", _c("Thái Học", "Nhân Quyền", "Bình Minh", "Thái Hòa", "Bình Xuyên", district="Bình Giang"),
        VIETNAMMOI_2021),
    "iz-thanh-mien-i": Place("centre", _c("Đoàn Kết", "Lê Hồng", "Hồng Quang", district="Thanh Miện"), TUOITRE_3_KCN),
    "iz-gia-loc-iii": Place("centre", _c("Thống Nhất", "Yết Kiêu", district="Gia Lộc"), TUOITRE_3_KCN),
    "iz-hung-dao": Place("centre", _c("Hưng Đạo", "Ngọc Kỳ", "Tái Sơn", "Tân Kỳ", district="Tứ Kỳ"), TUOITRE_3_KCN),
    "iz-hoang-dieu": Place("keep", _c("Hoàng Diệu", district="Gia Lộc")),
    "iz-tan-truong-mo-rong": Place("centre", _c("Tân Trường", "Định Sơn", district="Cẩm Giàng"),
                                   BHD_TAN_TRUONG_MR),
    "iz-quoc-tuan-an-binh": Place("centre", _c("Quốc Tuấn", "An Bình", district="Nam Sách"),
                                  "https://vietnamnet.vn/vn/kinh-doanh/dau-tu/nhung-khu-cong-nghiep-o-hai-duong-714352.html"),
    "iz-thanh-ha": Place("centre", _c("Thanh Hồng", "Thanh Cường", district="Thanh Hà"), VIETNAMMOI_2021),
    "iz-sez-binh-giang-thanh-mien": Place(
        "keep",
        _c("Tân Hồng", "Bình Minh", "Thái Học", "Nhân Quyền", "Cổ Bì", "Thái Dương", "Thái Hòa", "Bình Xuyên",
           district="Bình Giang")
        + _c("Thanh Tùng", "Phạm Kha", "Đoàn Tùng", "Hồng Quang", "Ngô Quyền", "Tân Trào", "Đoàn Kết", "Lê Hồng",
             "Lam Sơn", "thị trấn Thanh Miện", district="Thanh Miện")),
    # railway stations
    "st-cam-giang": Place("keep", _c("Cẩm Giang", district="Cẩm Giàng")),
    "st-cao-xa": Place("seat", _c("Cao An", district="Cẩm Giàng"),
                       "https://baohaiduong.vn/day-nhanh-tien-do-som-khoi-hanh-chuyen-tau-lien-van-quoc-te-dau-tien-"
                       "xuat-phat-tu-ga-cao-xa-374189.html",
                       "Ga Cao Xá ở xã Cao An (reatimes, Báo Hải Dương: đường kết nối ga qua xã Cao An). "
                       "(The station is in Cao An commune.)"),
    "st-hai-duong": Place("placeholder", why="Không nguồn nào nêu phường của nhà ga. (No source names the ward.)"),
    "st-phu-thai": Place("keep", _c("Phú Thái", district="Kim Thành")),
    "st-binh-giang": Place("placeholder", why="Vị trí ga chưa công bố theo xã; nguồn chỉ nói ga ở sau KCN Phúc Điền mở "
                                              "rộng. (No source names the commune of the planned station.)"),
    "st-hai-duong-nam": Place("keep", units_named=("Xã Gia Lộc", "Xã Yết Kiêu"),
                              named_by="https://dantri.com.vn/thoi-su/vi-tri-dat-ga-dau-tien-tren-tuyen-duong-sat-lao-"
                                       "cai-ha-noi-hai-phong-20260122110442199.htm"),
    "st-tu-ky": Place("placeholder", why="Vị trí ga chưa công bố theo xã. (No source names the commune of the planned "
                                         "station.)"),
    # lines: the communes their descriptions name (the lines cross more units; there are no 2025 boundaries)
    "rr5-hai-duong": Place("keep", (("Đồng Tâm", "Ninh Giang"), ("Minh Đức", "Tứ Kỳ"), ("Hoàng Diệu", "Gia Lộc"),
                                    ("Ngọc Kỳ", "Tứ Kỳ"), ("Hồng Lạc", "Thanh Hà"), ("Nam Sách", "Nam Sách"),
                                    ("Sao Đỏ", "Chí Linh"), ("Cộng Hòa", "Chí Linh"))),
    "rail-hanoi-haiphong": Place("keep", (("Cẩm Giang", "Cẩm Giàng"), ("Lai Cách", "Cẩm Giàng"), ("Cao An", "Cẩm Giàng"),
                                          ("Phạm Ngũ Lão", "Hải Dương"), ("Phú Thái", "Kim Thành"))),
    "rail-laocai-hanoi-haiphong": Place("keep", (("Cẩm Điền", "Cẩm Giàng"), ("Lương Điền", "Cẩm Giàng"),
                                                 ("Tân Hồng", "Bình Giang"), ("Thái Học", "Bình Giang"), ("Cổ Bì", "Bình Giang"),
                                                 ("Yết Kiêu", "Gia Lộc"), ("Ngọc Kỳ", "Tứ Kỳ"))),
    "rail-yenvien-halong-cailan": Place("keep", (("Hưng Đạo", "Chí Linh"), ("Sao Đỏ", "Chí Linh"))),
}

# Places that share a position, and why (vi, en). Each group is declared once; the data lists the others.
CO_LOCATED: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("ua-tt-lai-cach", "iz-lai-cach"),
     "KCN nằm trọn trong thị trấn Lai Cách (Km 49 QL5); không nguồn nào cho tọa độ riêng của KCN.",
     "The zone lies wholly in Lai Cách township (National Road 5 km 49); no source gives it a coordinate of its own."),
    (("ua-tt-phu-thai", "iz-phu-thai", "st-phu-thai"),
     "KCN và ga Phú Thái (khu phố Ga) nằm trong thị trấn Phú Thái; không nguồn nào cho vị trí riêng của chúng.",
     "The zone and the station lie in Phú Thái township; no source gives either its own position."),
    (("ua-tt-cam-giang", "st-cam-giang"),
     "Ga Cẩm Giàng nằm trong thị trấn Cẩm Giang (Wikipedia); không có tọa độ riêng của nhà ga.",
     "Cẩm Giàng station lies in Cẩm Giang township (Wikipedia); the station has no coordinate of its own."),
    (("ua-tp-hai-duong", "st-hai-duong"),
     "Ga Hải Dương ở trong thành phố; không nguồn nào nêu phường của ga, nên ga đặt tạm ở trung tâm thành phố.",
     "Hải Dương station is in the city; no source names its ward, so it stands in for now at the city centre."),
    (("ua-tt-tu-ky", "st-tu-ky"),
     "Ga Tứ Kỳ (dự kiến) chưa có vị trí theo xã; đặt tạm tại thị trấn Tứ Kỳ, huyện lỵ.",
     "The planned Tứ Kỳ station has no commune yet; it stands in for now at Tứ Kỳ township, the district seat."),
    (("ua-cong-hoa-kim-thanh", "iz-lai-vu"),
     "Xã Cộng Hòa và xã Lai Vu cùng nhập vào xã Lai Khê (01/01/2025); vị trí có nguồn duy nhất của cả hai là trụ sở "
     "xã Lai Khê (2025); vị trí thật khác nhau 1–3 km.",
     "Cộng Hòa and Lai Vu were both merged into Lai Khê (2025-01); the only sourced position for either is the "
     "seat of Lai Khê (2025); their real positions differ by 1–3 km."),
    (("iz-phuc-dien", "iz-tan-truong"),
     "Các xã của hai KCN (Phúc Điền; Tân Trường, Cẩm Đông) cùng thuộc xã Mao Điền (2025); vị trí có nguồn duy nhất "
     "là trụ sở xã đó; hai KCN nằm cạnh nhau dọc QL5 nhưng không trùng nhau.",
     "The communes of both zones (Phúc Điền; Tân Trường, Cẩm Đông) went into Mao Điền (2025); the only sourced "
     "position is its seat; the two zones lie side by side along National Road 5, not on one spot."),
)


# Waypoints of lines that a source now places: (line id, waypoint order) → (feature whose position it takes, words).
# Such a waypoint's source is that of the feature's position (the seats of the 2025 units); the route's description
# itself is weakly sourced (data/SOURCES.md).
# Routed lines (railways, Ring Road V) are drawn by scripts/build_schematics.py, no longer from places' positions.
WAYPOINTS_AT_PLACES: dict[tuple[str, int], tuple[str, str]] = {}


def _seats() -> dict[str, tuple[float, float]]:
    return {f["properties"]["code"]: tuple(f["geometry"]["coordinates"]) for f in load_communes_2025()}


def _successors(commune: tuple[str, str], fid: str) -> list[Successor]:
    found = successors_of(*commune)
    if not found:
        raise SystemExit(f"{fid}: no 2025 successor for {commune}")
    return found


def _units(fid: str, place: Place) -> tuple[list[tuple[str, str]], str, str]:
    """([(code, name)…], confidence, note) of the 2025 unit(s) of a feature."""
    if place.units_named:
        codes = {name: code for code, name in ((f["properties"]["code"], f["properties"]["name"])
                                               for f in load_communes_2025())}
        units = [(codes[name], name) for name in place.units_named]
        return units, "sure", f"Nguồn nêu trực tiếp đơn vị 2025: {place.named_by}. (The source names the 2025 units.)"
    if place.whole_district:
        units = units_of_district(place.whole_district)
        return units, "sure", (f"Toàn bộ {place.whole_district} (2019–2025) thành {len(units)} đơn vị theo {RESOLUTION}. "
                               f"(The whole former city/town became {len(units)} units.)")
    units, notes, confidence = [], [], "sure"
    for commune in place.communes:
        found = _successors(commune, fid)
        main = found[0]
        if (main.new_code, main.new_name) not in units:
            units.append((main.new_code, main.new_name))
        via = "" if _same(main.via, commune[0]) else f" (qua {main.via} từ 01/01/2025)"
        if main.relation == "whole":
            notes.append(f"{commune[0]}{via} → {main.new_name}")
        else:
            others = ", ".join(s.new_name for s in found[1:])
            notes.append(f"{commune[0]}{via} → {main.new_name} (phần chính; một phần sang {others})")
            confidence = _weaker(confidence, "unsure" if via else "likely")
    line = fid.startswith(("rr5-", "rail-"))
    if line:
        confidence = "unsure"
    note = "; ".join(notes) + f" — theo {RESOLUTION}."
    if line:
        note += (" Chỉ gồm đơn vị của các xã có tên trong mô tả hướng tuyến (các điểm mốc trước khi tuyến được vẽ lại "
                 "theo huyện); tuyến sơ đồ còn qua đơn vị khác (không có ranh giới 2025 để giao cắt). "
                 "(Units of the communes the course's description names only.)")
    return units, confidence, note


def _same(a: str, b: str) -> bool:
    return fold(a).endswith(fold(b).replace("thi tran ", ""))


def _weaker(a: str, b: str) -> str:
    order = ("sure", "likely", "unsure")
    return order[max(order.index(a), order.index(b))]


Position = tuple[tuple[float, float], str, str, str]  # (lon, lat), precision, location_source, location_note


def _seat_position(fid: str, place: Place, seats) -> Position:
    (commune, district), = place.communes
    main = _successors((commune, district), fid)[0]
    note = (f"Xã/phường {commune} ({district}) — nguồn nêu: {place.named_by}. Không tìm thấy tọa độ công bố của "
            f"xã; đặt tại trụ sở {main.new_name} (đơn vị 2025 kế thừa, sapnhap.bando.com.vn, ~100 m), có thể cách "
            f"trung tâm xã cũ 1–3 km. (Seat of the 2025 successor unit; may lie 1–3 km from the old commune's "
            f"centre.)")
    return seats[main.new_code], SEAT, SEAT_SOURCE, (note + (" " + place.why if place.why else ""))


def _neighbour_position(fid: str, place: Place, seats) -> Position:
    (commune, district), = place.communes
    main = _successors(place.neighbour, fid)[0]
    note = (f"Phường/xã {commune} ({district}) — nguồn nêu: {place.named_by}. Không tìm thấy tọa độ công bố; đặt "
            f"tại trụ sở {main.new_name} (2025), đơn vị kế thừa {place.neighbour[0]}. {place.why}")
    return seats[main.new_code], "commune centre, approximate", SEAT_SOURCE, note


def _centre_position(fid: str, place: Place, seats) -> Position:
    parts, points = [], []
    for commune, district in place.communes:
        if (commune, district) in WIKI:
            lon, lat, url = WIKI[(commune, district)]
            parts.append(f"{commune}: Wikipedia {url}")
        else:
            main = _successors((commune, district), fid)[0]
            lon, lat = seats[main.new_code]
            parts.append(f"{commune}: trụ sở {main.new_name} 2025")
        points.append((lon, lat))
    centre = (round(sum(p[0] for p in points) / len(points), 5), round(sum(p[1] for p in points) / len(points), 5))
    note = (f"Trung tâm (trung bình) các xã nguồn nêu cho KCN — {', '.join(c for c, _ in place.communes)} "
            f"(nguồn: {place.named_by}); vị trí từng xã: {'; '.join(parts)}. Không phải ranh giới KCN. "
            f"(Centre of the communes the sources name; each commune at its Wikipedia coordinate, else at its 2025 "
            f"successor's seat.)")
    source = place.named_by if place.named_by.startswith("http") else SEAT_SOURCE
    return centre, CENTRE, source, note


POSITIONS = {"seat": _seat_position, "neighbour": _neighbour_position, "centre": _centre_position}


def apply(collection: dict, seats) -> None:
    groups = {fid: (members, vi, en) for members, vi, en in CO_LOCATED for fid in members}
    for feature in collection["features"]:
        props = feature["properties"]
        fid = props["id"]
        place = PLACES[fid]
        if place.how in POSITIONS:
            (lon, lat), precision, source, note = POSITIONS[place.how](fid, place, seats)
            feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
            props.update(location_precision=precision, location_source=source, location_note=note)
        elif place.note:
            props["location_note"] = place.note
        elif place.how == "placeholder" and place.why and place.why not in props["location_note"]:
            props["location_note"] = f"{props['location_note']} {place.why}"
        if "communes" in props and place.communes and place.how != "keep":
            props["communes"] = [c for c, _ in place.communes]
        if place.communes or place.whole_district or place.units_named:
            units, confidence, note = _units(fid, place)
            props.update(unit_2025=", ".join(name for _, name in units), unit_2025_confidence=confidence,
                         unit_2025_codes=[code for code, _ in units], unit_2025_note=note)
        else:
            why = ("Chưa xác định được đô thị nên không có đơn vị 2025. (Not identified: no 2025 unit.)"
                   if feature["geometry"] is None else
                   "Không nguồn nào nêu xã/phường của đối tượng, nên không xác định được đơn vị 2025. "
                   "(No source names its commune, so its 2025 unit is unknown.)")
            props.update(unit_2025=None, unit_2025_confidence=None, unit_2025_codes=[], unit_2025_note=why)
        for key in ("co_located_with", "co_location_reason", "co_location_reason_en"):
            props.pop(key, None)
        if fid in groups:
            members, vi, en = groups[fid]
            props.update(co_located_with=[m for m in members if m != fid], co_location_reason=vi,
                         co_location_reason_en=en)


def move_waypoints(collections: dict[str, dict]) -> None:
    """Waypoints named in ``WAYPOINTS_AT_PLACES`` take the (already placed) position of that place."""
    points = {f["properties"]["id"]: f["geometry"]["coordinates"] for c in collections.values()
              for f in c["features"] if f["geometry"] and f["geometry"]["type"] == "Point"}
    for collection in collections.values():
        for feature in collection["features"]:
            props = feature["properties"]
            moved = {order: spec for (line, order), spec in WAYPOINTS_AT_PLACES.items() if line == props["id"]}
            if not moved:
                continue
            for waypoint in props["waypoints"]:
                if waypoint["order"] in moved:
                    place, what = moved[waypoint["order"]]
                    waypoint.update(lon=points[place][0], lat=points[place][1], what=what, source=SEAT_SOURCE)
            feature["geometry"]["coordinates"] = [[w["lon"], w["lat"]] for w in props["waypoints"]]
            props["location_source"] = "; ".join(dict.fromkeys(w["source"] for w in props["waypoints"]))
            line = gpd.GeoSeries([shape(feature["geometry"])], crs="EPSG:4326")
            props["drawn_length_km"] = round(float(length_km(line).iloc[0]), 1)


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else DATA
    seats = _seats()
    collections = {name: json.loads((data / name).read_text(encoding="utf-8")) for name in FILES}
    known = set()
    for collection in collections.values():
        known |= {f["properties"]["id"] for f in collection["features"]}
        apply(collection, seats)
    move_waypoints(collections)
    for name, collection in collections.items():
        (data / name).write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if set(PLACES) != known:
        raise SystemExit(f"PLACES and the data disagree: {sorted(set(PLACES) ^ known)}")
    print(f"placed {len(known)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
