"""Draw the schematic courses of three lines of the plan (geo/routes.py) into data/railways.geojson and
data/ring_road_v.geojson.

* ``rail-hanoi-haiphong`` — the existing Hà Nội – Hải Phòng railway: through its four stations in the province
  (data/railway_stations.geojson, in order), Cẩm Giàng → TP Hải Dương → Kim Thành, ends at the border towards
  Như Quỳnh (Hưng Yên) and Hải Phòng station;
* ``rail-laocai-hanoi-haiphong`` — the new standard-gauge line: through its three stations, Cẩm Giàng → Bình Giang
  → Gia Lộc → Tứ Kỳ → Thanh Hà, border to border;
* ``rr5-hai-duong`` — Ring Road V: through the seven units its source names, from the Luộc river (Thái Bình) to
  Chí Linh's northern border (Bắc Giang).

The specialised economic zone's illustrative area (industrial_zones.geojson) is clipped to the province: it ran
out past the border at its southern tip.

Every course stays "indicative route": no surveyed alignment was available. The waypoints written are where the
course meets the province border, its stations and the district borders it crosses. Lengths are measured in
EPSG:9209 (geo/measure.py). Run again, it changes nothing (tests/data/test_routes.py checks it):

    .venv/bin/python scripts/build_schematics.py [DATA_DIR]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import shapely  # noqa: E402
from shapely.geometry import Point, mapping, shape  # noqa: E402
from shapely.geometry.polygon import orient  # noqa: E402

from core.vocab import MEASURE_CRS, WGS84  # noqa: E402
from geo.base_geography import load_districts, province_outline  # noqa: E402
from geo.crs import reproject  # noqa: E402
from geo.measure import length_km  # noqa: E402
from geo.routes import CLEARANCE_M, Beyond, LineSpec, route, to_lonlat  # noqa: E402

DATA = ROOT / "data"
BOUNDARY_SOURCE = "https://github.com/daohoangson/dvhcvn"   # data/base: the district borders used
POINT_FILES = ("urban_areas.geojson", "industrial_zones.geojson", "railway_stations.geojson")
RING_SOURCE = "https://www.tuoitrethudo.vn/duong-vanh-dai-5-vung-thu-do-di-qua-7-huyen-tp-hai-duong-276934.html"

NHU_QUYNH = Beyond(105.98486, 20.98167, "thị trấn Như Quỳnh (Văn Lâm, Hưng Yên), phía Hà Nội — GeoNames 1572018",
                   "https://www.geonames.org/1572018")
HAI_PHONG = Beyond(106.6875, 20.85611, "ga Hải Phòng (Wikipedia tiếng Anh «Hai Phong station»)",
                   "https://en.wikipedia.org/wiki/Hai_Phong_railway_station")

# Where a print map can write "Hải Dương" (TP Hải Dương's name, export/name_spots.py) in the small district, east
# of the station, clear of the city's disc and the other symbols (EPSG:9209 metres, the name's box and the lines'
# half width). The two lines that cross the city pass beside it (tests/export/test_print_labels.py).
HAI_DUONG_NAME = ((585950.0, 2315350.0, 590800.0, 2317050.0),)

SPECS = (
    LineSpec("rail-hanoi-haiphong", ("Cẩm Giàng", "Hải Dương", "Kim Thành"), NHU_QUYNH, HAI_PHONG,
             stations=("st-cam-giang", "st-cao-xa", "st-hai-duong", "st-phu-thai"), keep_clear=HAI_DUONG_NAME),
    LineSpec("rail-laocai-hanoi-haiphong", ("Cẩm Giàng", "Bình Giang", "Gia Lộc", "Tứ Kỳ", "Thanh Hà"),
             NHU_QUYNH, HAI_PHONG, stations=("st-binh-giang", "st-hai-duong-nam", "st-tu-ky")),
    # The only order in which one course crosses each of the seven units once (Thanh Hà borders neither Nam Sách
    # nor Gia Lộc): Ninh Giang → Gia Lộc → Tứ Kỳ → Thanh Hà → TP Hải Dương → Nam Sách → Chí Linh.
    LineSpec("rr5-hai-duong", ("Ninh Giang", "Gia Lộc", "Tứ Kỳ", "Thanh Hà", "Hải Dương", "Nam Sách", "Chí Linh"),
             Beyond(106.4, 20.71667, "sang Thái Bình qua sông Luộc: tọa độ huyện Ninh Giang trên Wikipedia (làm tròn "
                    "đến phút, rơi ngay phía nam sông Luộc)", "https://vi.wikipedia.org/wiki/Ninh_Gi%E1%BA%A3ng,_H%E1%BA%A3i_D%C6%B0%C6%A1ng"),
             Beyond(106.39, 21.6, "về phía bắc, sang Bắc Giang (chỉ lấy hướng, không phải một địa điểm)", RING_SOURCE),
             # a ring road passes round the city, not through it: at least 3,5 km from the centre of TP Hải Dương,
             # and across the city's land as briefly as its borders allow (each metre there counts four times)
             keep_out=(("ua-tp-hai-duong", 3500.0),), dear=(("Hải Dương", 4.0),),
             keep_clear=HAI_DUONG_NAME),
)

NOTE = ("Sơ đồ, không phải tuyến đo đạc: chưa có tọa độ tuyến được công bố. Tuyến do máy "
        "vẽ: đường ngắn nhất đi lần lượt qua {districts} (ranh giới huyện: gis.chinhphu.vn "
        "qua daohoangson/dvhcvn), {stations}không đi vào huyện khác, cách mọi điểm khác của kế hoạch ít nhất "
        "{clearance} m; hai đầu dừng ở ranh giới tỉnh, nơi tuyến đi tiếp sang {beyond}. Các điểm mốc là chỗ tuyến "
        "gặp ranh giới tỉnh, ranh giới huyện{and_stations}. (Schematic, not surveyed: routed through the districts "
        "its sources name{en_stations}, clear of other markers, ending at the province border.)")


def markers(data: Path) -> dict[str, Point]:
    """Every point marker of the plan, by id, in EPSG:9209."""
    out = {}
    for name in POINT_FILES:
        for f in json.loads((data / name).read_text(encoding="utf-8"))["features"]:
            if f["geometry"] and f["geometry"]["type"] == "Point":
                out[f["properties"]["id"]] = shape(f["geometry"])
    series = reproject(gpd.GeoSeries(list(out.values()), index=list(out), crs=WGS84), MEASURE_CRS)
    return dict(series.items())


def _ll(point: Point) -> tuple[float, float]:
    p = to_lonlat(point)
    return round(p.x, 6), round(p.y, 6)


def build(data: Path = DATA) -> dict[str, dict]:
    """The collections of railways.geojson and ring_road_v.geojson with the three courses redrawn."""
    districts_frame = load_districts()
    geoms = reproject(districts_frame.geometry, MEASURE_CRS)
    districts = dict(zip(districts_frame["name"], geoms))
    points = markers(data)
    names = {f["properties"]["id"]: f["properties"]["name"]
             for name in POINT_FILES for f in json.loads((data / name).read_text(encoding="utf-8"))["features"]}
    station_sources = {f["properties"]["id"]: f["properties"]["location_source"] for f in
                       json.loads((data / "railway_stations.geojson").read_text(encoding="utf-8"))["features"]}
    out = {name: json.loads((data / name).read_text(encoding="utf-8"))
           for name in ("railways.geojson", "ring_road_v.geojson", "industrial_zones.geojson")}
    clip_zones(out["industrial_zones.geojson"])
    features = {f["properties"]["id"]: f for c in out.values() for f in c["features"]}
    for spec in SPECS:
        r = route(spec, districts, points, points)
        line = to_lonlat(r.line)
        coords = [[round(x, 6), round(y, 6)] for x, y in line.coords]
        dedup = [c for k, c in enumerate(coords) if k == 0 or c != coords[k - 1]]
        waypoints = [dict(what=f"Ranh giới tỉnh — tuyến đi tiếp sang {spec.start_toward.what}",
                          source=spec.start_toward.source, at=r.start)]
        waypoints += [dict(what=f"{names[sid]} (ga của tuyến)", source=station_sources[sid].split("; ")[0], at=p)
                      for sid, p in r.stations]
        waypoints += [dict(what=f"Ranh giới {a} | {b}", source=BOUNDARY_SOURCE, at=p) for a, b, p in r.crossings]
        waypoints.append(dict(what=f"Ranh giới tỉnh — tuyến đi tiếp sang {spec.end_toward.what}",
                              source=spec.end_toward.source, at=r.end))
        waypoints.sort(key=lambda w: r.line.project(w["at"]))
        listed = []
        for k, w in enumerate(waypoints, start=1):
            lon, lat = _ll(w["at"])
            listed.append({"order": k, "lon": lon, "lat": lat, "what": w["what"], "source": w["source"]})
        dedup[0], dedup[-1] = [listed[0]["lon"], listed[0]["lat"]], [listed[-1]["lon"], listed[-1]["lat"]]
        feature = features[spec.id]
        feature["geometry"] = {"type": "LineString", "coordinates": dedup}
        props = feature["properties"]
        stations = ", ".join(names[s] for s in spec.stations)
        props.update(
            indicative=True,
            location_precision="indicative route",
            waypoints=listed,
            location_source="; ".join(dict.fromkeys([BOUNDARY_SOURCE] + [w["source"] for w in listed])),
            location_note=NOTE.format(
                districts=" → ".join(spec.districts),
                stations=f"qua các ga {stations} theo thứ tự, " if spec.stations else "",
                clearance=int(CLEARANCE_M),
                beyond=f"{spec.start_toward.what} và {spec.end_toward.what}",
                and_stations=" và các ga" if spec.stations else "",
                en_stations=" and through its stations in order" if spec.stations else ""),
            drawn_length_km=round(float(length_km(gpd.GeoSeries([shape(feature["geometry"])], crs=WGS84)).iloc[0]), 1),
        )
    return out


def clip_zones(collection: dict) -> None:
    """Illustrative areas end at the province border (a drawn area past it claims land of the neighbour)."""
    province = province_outline()
    for f in collection["features"]:
        if f["geometry"] is None or f["geometry"]["type"] != "Polygon":
            continue
        area = shape(f["geometry"])
        if province.buffer(1e-6).contains(area):
            clipped = area   # already inside (rounding aside): only wound as below, so a rerun changes nothing
        else:
            clipped = shapely.set_precision(area.intersection(province), 1e-6)
            if clipped.geom_type != "Polygon":   # keep the main part, never a sliver
                clipped = max(getattr(clipped, "geoms", [clipped]), key=lambda g: g.area)
        clipped = orient(clipped, 1.0)   # exterior counter-clockwise (RFC 7946)
        f["geometry"] = mapping(clipped)
        f["geometry"]["coordinates"] = [[[round(x, 6), round(y, 6)] for x, y in ring]
                                        for ring in f["geometry"]["coordinates"]]


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else DATA
    for name, collection in build(data).items():
        (data / name).write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for f in collection["features"]:
            p = f["properties"]
            if f["geometry"] and f["geometry"]["type"] == "LineString":
                print(f"{name}: {p['id']} {p.get('drawn_length_km')} km, {len(f['geometry']['coordinates'])} vertices")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
