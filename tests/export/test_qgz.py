"""The QGIS project export, opened by the real QGIS (Debian's python3-qgis, headless).

What a planner sees on opening the .qgz: every layer there and valid, named as on the map, in the
map's draw order above the district boundaries, each place in the colour the map gives it (by class,
or by status), the project in the CRS they chose, the first view on the export's extent.
"""
from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from core.vocab import STATUSES, precision_grade
from export.qgz import render_qgz
from layers.registry import get_layer
from layers.symbols import honest_style

HERE = Path(__file__).parent
SYSTEM_PYTHON = "/usr/bin/python3"


def _qgis_available() -> bool:
    return Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


needs_qgis = pytest.mark.skipif(not _qgis_available(),
                                reason="/usr/bin/python3 cannot import qgis.core (Debian's python3-qgis)")


def open_in_qgis(path: Path, picture: Path | None = None, view: tuple[float, ...] | None = None) -> dict:
    out = subprocess.run([SYSTEM_PYTHON, str(HERE / "tools" / "qgis_project.py"), str(path),
                          *([str(picture)] if picture else []), *([",".join(map(str, view))] if view else [])],
                         capture_output=True, text=True, timeout=240,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(path.parent)})
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _rgb(value: str | None) -> str | None:
    if not value:
        return None
    return ",".join(value.split(",")[:3])


def _hex_rgb(colour: str) -> str:
    h = colour.lstrip("#")
    return ",".join(str(int(h[i:i + 2], 16)) for i in (0, 2, 4))


def map_colours(scene) -> dict[str, tuple[str, str]]:
    """feature id → (geometry kind, the RGB the web map draws it with: fill of a point, the line, an area's edge)."""
    out = {}
    for layer_id in scene.frames:
        spec = get_layer(layer_id)
        for fid, row in scene.placed(layer_id).iterrows():
            props = row.to_dict()
            style = honest_style(spec.style_of(props, scene.ctx), props)
            kind = row.geometry.geom_type
            if "Point" in kind:
                out[str(fid)] = ("points", _hex_rgb(style.fill_colour or style.colour))
            elif "Line" in kind:
                out[str(fid)] = ("lines", _hex_rgb(style.colour))
            else:
                out[str(fid)] = ("areas", _hex_rgb(style.colour))
    return out


def test_the_project_and_its_data_travel_in_one_file(scene_of, tmp_path):
    data = render_qgz(scene_of(format="qgz"))
    archive = zipfile.ZipFile(__import__("io").BytesIO(data))
    names = archive.namelist()
    assert len([n for n in names if n.endswith(".qgs")]) == 1 and len([n for n in names if n.endswith(".gpkg")]) == 1
    project = ET.fromstring(archive.read(next(n for n in names if n.endswith(".qgs"))))
    sources = [el.text for el in project.iter("datasource")]
    gpkg = next(n for n in names if n.endswith(".gpkg"))
    assert sources and all(s.startswith(f"attachment:{gpkg}|layername=") for s in sources)  # nothing outside
    assert project.findtext("title") == "Bản đồ quy hoạch Hải Dương 2030"


@needs_qgis
def test_qgis_opens_every_layer_styled_as_on_the_map(frames, history, tmp_path):
    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from tests.export.conftest import TODAY
    placeholder = dict(frames)
    urban = frames["urban_areas"].copy()
    urban.loc["ua-luong-dien", "location_precision"] = "district centre placeholder"   # drawn as a dashed ring
    placeholder["urban_areas"] = urban
    scene = build_scene(placeholder, ExportRequest(format="qgz", as_of=TODAY).validate(TODAY),
                        latest_per_feature(history, TODAY), history, made_on=TODAY)
    path = tmp_path / "plan.qgz"
    path.write_bytes(render_qgz(scene))
    project = open_in_qgis(path, tmp_path / "qgis.png")
    assert project["read"], project["error"]
    assert project["title"] == "Bản đồ quy hoạch Hải Dương 2030"
    assert project["crs"] == "EPSG:4326"
    assert project["extent"] == pytest.approx(list(scene.extent()), abs=1e-6)
    layers = project["layers"]
    names = [layer["name"] for layer in layers]
    assert names == ["Đô thị đến năm 2030", "Đường sắt (điểm)", "Khu công nghiệp (điểm)", "Đường sắt (tuyến)",
                     "Đường vành đai 5 vùng Thủ đô", "Khu công nghiệp (vùng)", "Ranh giới huyện (2019–2025)"]
    for layer in layers:
        assert layer["valid"] and layer["count"] >= 1, layer["name"]
    base = layers[-1]
    assert base["count"] == 12 and base["labels"] and base["label_field"] == "name"   # the districts, named
    plan = layers[:-1]
    for layer in plan:   # each place by its rule's symbol (points spread apart as on the print map, by offsets)
        assert (layer["renderer"], layer["embedded"]) == ("RuleRenderer", None), layer["name"]
    # urban areas named, as on paper, and every other place too (zones, stations), as the printed maps name them:
    # by QGIS's labelling, each name beside its symbol where it is drawn
    for layer in plan:
        if layer["geometry"] == 0:
            assert layer["labels"] and layer["label_field"] == "name", layer
    expected = map_colours(scene)
    seen = {}
    for layer in plan:
        for fid, props in layer["features"].items():
            if fid in expected:
                kind, _ = expected[fid]
                seen[fid] = _rgb(props["color"] if kind == "points" else
                                 props["line_color"] if kind == "lines" else props["outline_color"])
    assert seen == {fid: rgb for fid, (_, rgb) in expected.items()}
    assert len(seen) >= 9 and len(set(seen.values())) >= 4   # several classes, each its own colour
    # a place at an approximate position is drawn as on the map: a dashed ring, not a solid dot
    approximate = set()
    for layer_id in scene.frames:
        spec = get_layer(layer_id)
        for fid, row in scene.placed(layer_id).iterrows():
            style = spec.style_of(row.to_dict(), scene.ctx)
            if honest_style(style, row.to_dict()) != style:
                approximate.add(str(fid))
    dashed = {fid for layer in plan if layer["geometry"] == 0   # points (an indicative area is dashed too)
              for fid, props in layer["features"].items() if props["outline_style"] in ("dash", "dot")}
    assert approximate == dashed == {"ua-luong-dien", "ua-dong-cam"}
    # dotted: the placeholders, as on the map; dashed: the other approximate positions
    dotted = {fid for layer in plan if layer["geometry"] == 0
              for fid, props in layer["features"].items() if props["outline_style"] == "dot"}
    assert dotted == {str(fid) for layer_id in scene.frames for fid, row in scene.placed(layer_id).iterrows()
                      if precision_grade(row.get("location_precision")) == "placeholder"}


def _centre_of(pixels, rgb: str) -> tuple[float, float, int]:
    """(x, y, count) of the pixels drawn exactly in ``rgb`` (a symbol's fill, inside its antialiased edge)."""
    import numpy as np
    ys, xs = np.nonzero((pixels == np.array([int(c) for c in rgb.split(",")])).all(axis=2))
    return (float(xs.mean()) if len(xs) else -1.0, float(ys.mean()) if len(ys) else -1.0, len(xs))


@needs_qgis
def test_places_sharing_a_point_are_drawn_apart_in_qgis(frames, history, tmp_path):
    """Two towns and an industrial zone at one point (as Phú Thái's town, zone and station are in the plan):
    QGIS draws each in its own colour at its own place round that point, none hidden under another."""
    import numpy as np
    from PIL import Image

    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from tests.export.conftest import TODAY
    here = frames["urban_areas"].geometry["ua-hai-duong"]
    urban, zones = frames["urban_areas"].copy(), frames["industrial_zones"].copy()
    urban.loc["ua-chi-linh", "geometry"] = here      # same layer: QGIS's point displacement spreads them
    zones.loc["iz-dai-an", "geometry"] = here        # another layer: set on a ring with a leader line
    shared = {**frames, "urban_areas": urban, "industrial_zones": zones}
    box = (here.x - 0.01, here.y - 0.01, here.x + 0.01, here.y + 0.01)
    scene = build_scene(shared, ExportRequest(format="qgz", as_of=TODAY, extent=box).validate(TODAY),
                        latest_per_feature(history, TODAY), history, made_on=TODAY)
    path, picture = tmp_path / "plan.qgz", tmp_path / "qgis.png"
    path.write_bytes(render_qgz(scene))
    project = open_in_qgis(path, picture)
    assert project["read"] and project["picture"], project["error"]
    pixels = np.asarray(Image.open(picture).convert("RGB")).astype(int)
    colours = map_colours(scene)
    stacked = ["ua-hai-duong", "ua-chi-linh", "iz-dai-an"]
    assert len({colours[fid][1] for fid in stacked}) == 3   # each place told apart by its colour
    centres = {fid: _centre_of(pixels, colours[fid][1]) for fid in stacked}
    for fid, (_, _, count) in centres.items():
        assert count >= 40, (fid, count)                     # each one seen, not hidden under another
    for a in stacked:
        for b in stacked:
            if a < b:
                gap = np.hypot(centres[a][0] - centres[b][0], centres[a][1] - centres[b][1])
                assert gap >= 10, (a, b, gap)                # drawn apart, not centred on one point


def _labels_only_of_points(data: bytes, keep: bool) -> bytes:
    """The ``.qgz`` with the district names off and, unless ``keep``, the places' names off too (their renderer's
    and their layers' own), so two renders differ by the places' names alone."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.endswith(".qgs"):
                head, xml = body.decode().split("\n", 1)
                root = ET.fromstring(xml)
                for layer in root.iter("maplayer"):
                    if layer.findtext("id").startswith("base_districts") or not keep:
                        layer.set("labelsEnabled", "0")
                        for renderer in layer.iter("renderer-v2"):
                            renderer.set("labelAttributeName", "") if renderer.get("type") == "pointDisplacement" \
                                else None
                body = (head + "\n" + ET.tostring(root, encoding="unicode")).encode()
            out.writestr(item, body)
    return buf.getvalue()


@needs_qgis
def test_names_of_places_sharing_a_point_follow_their_symbols_in_qgis(frames, history, tmp_path):
    """Two towns in one displacement ring, and a zone of another layer set beside them: QGIS wrote both towns'
    names at the ring's centre and the zone's not at all. Each name is now drawn beyond its own symbol, on the
    ring's outer side; none at its centre. The names' pixels are those a render without them lacks."""
    import numpy as np
    from PIL import Image

    from export import ExportRequest, build_scene
    from progress.latest import latest_per_feature
    from tests.export.conftest import TODAY
    here = frames["urban_areas"].geometry["ua-hai-duong"]
    urban, zones = frames["urban_areas"].copy(), frames["industrial_zones"].copy()
    urban.loc["ua-chi-linh", "geometry"] = here      # same layer: one displacement ring
    zones.loc["iz-dai-an", "geometry"] = here        # another layer: set beside the ring, with a leader line
    shared = {**frames, "urban_areas": urban, "industrial_zones": zones}
    box = (here.x - 0.01, here.y - 0.01, here.x + 0.01, here.y + 0.01)
    scene = build_scene(shared, ExportRequest(format="qgz", as_of=TODAY, extent=box).validate(TODAY),
                        latest_per_feature(history, TODAY), history, made_on=TODAY)
    data = render_qgz(scene)
    pictures = {}
    for keep in (True, False):
        path, picture = tmp_path / f"plan-{keep}.qgz", tmp_path / f"qgis-{keep}.png"
        path.write_bytes(_labels_only_of_points(data, keep))
        project = open_in_qgis(path, picture)
        assert project["read"] and project["picture"], project["error"]
        pictures[keep] = np.asarray(Image.open(picture).convert("RGB")).astype(int)
    names = np.abs(pictures[True] - pictures[False]).max(axis=2) > 60     # the places' names, nothing else
    ys, xs = np.nonzero(names)
    colours = map_colours(scene)
    at = {fid: np.array(_centre_of(pictures[True], colours[fid][1])[:2]) for fid in ("ua-hai-duong", "ua-chi-linh",
                                                                                        "iz-dai-an")}
    centre = (at["ua-hai-duong"] + at["ua-chi-linh"]) / 2
    ring = np.hypot(*(at["ua-hai-duong"] - centre))
    assert ring >= 10                                                      # the towns drawn apart
    offs = np.column_stack([xs, ys]) - centre
    assert (np.hypot(offs[:, 0], offs[:, 1]) < ring * 0.8).sum() <= 3    # no name at the ring's centre
    for fid, c in at.items():
        out = (c - centre) / np.hypot(*(c - centre))
        near = np.hypot(xs - c[0], ys - c[1]) < 70
        beyond = offs @ out > np.hypot(*(c - centre))                      # past the symbol, away from the centre
        assert (near & beyond).sum() >= 25, (fid, int((near & beyond).sum()))


@needs_qgis
def test_status_colours_and_vn2000_as_chosen(scene_of, tmp_path):
    scene = scene_of(format="qgz", colour_mode="status", ticks="metres", lang="en")
    path = tmp_path / "plan.qgz"
    path.write_bytes(render_qgz(scene))
    project = open_in_qgis(path)
    assert project["read"], project["error"]
    assert project["crs"] == project["extent_crs"] == "EPSG:9209"
    xmin, ymin, xmax, ymax = project["extent"]
    assert 400_000 < xmin < xmax < 700_000 and 2_200_000 < ymin < ymax < 2_400_000   # metres, Hải Dương
    urban = next(layer for layer in project["layers"] if layer["name"] == get_layer("urban_areas").title("en"))
    placed = scene.placed("urban_areas")
    assert len(placed) >= 4
    for fid, row in placed.iterrows():
        assert _rgb(urban["features"][fid]["color"]) == _hex_rgb(STATUSES[row["status"]].colour), fid
    assert project["layers"][-1]["name"] == "District boundaries (2019–2025)"


def test_qgz_from_the_command_line_into_a_new_folder(monkeypatch, tmp_path):
    """`--out out/` that does not exist yet: the folder is made and the project lands inside, named by content."""
    from tests.export.conftest import MINI
    from export.cli import main
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(MINI))
    monkeypatch.setenv("PLANMAP_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert main(["--format", "qgz", "--out", str(tmp_path / "out") + "/", "--as-of", "2026-11-27"]) == 0
    (made,) = (tmp_path / "out").iterdir()
    assert made.name == "du-lieu-quy-hoach-hai-duong-2026-11-27.qgz"
    assert zipfile.is_zipfile(made)


@needs_qgis
@pytest.mark.parametrize("colour_mode", ["class", "status"])
def test_the_geopackage_alone_opens_in_qgis_with_the_maps_colours(scene_of, tmp_path, colour_mode):
    """Its ``layer_styles`` table: every table QGIS opens draws each place in the map's colour."""
    from export.data import render_data
    scene = scene_of(format="gpkg", colour_mode=colour_mode)
    path = tmp_path / "plan.gpkg"
    path.write_bytes(render_data(scene))
    opened = open_in_qgis(path)
    expected = map_colours(scene)
    seen = {}
    for layer in opened["layers"]:
        assert layer["valid"], layer["name"]
        points = layer["geometry"] == 0   # spread apart as on the print map (offsets), by the map's rules
        assert (layer["renderer"], layer["embedded"]) == ("RuleRenderer", None), layer["name"]
        if points:   # each place named by QGIS's labelling, beside its symbol where it is drawn
            assert layer["labels"] and not layer["renderer_label"], layer
        for fid, props in layer["features"].items():
            if fid in expected:
                kind, _ = expected[fid]
                seen[fid] = _rgb(props["color"] if kind == "points" else
                                 props["line_color"] if kind == "lines" else props["outline_color"])
    assert seen == {fid: rgb for fid, (_, rgb) in expected.items()}


def test_the_export_page_makes_a_vn2000_project_with_its_title(monkeypatch, tmp_path):
    """On the Xuất bản đồ page: choose QGIS project, metres and a title → a .qgz in VN-2000 with that title."""
    from streamlit.testing.v1 import AppTest
    from tests.export.conftest import MINI
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(MINI))
    monkeypatch.setenv("PLANMAP_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    app = AppTest.from_string("from ui.export_panel import render\nrender()\n", default_timeout=120)
    app.run()
    app.selectbox(key="export_format").set_value("qgz").run()
    app.radio(key="export_ticks").set_value("metres")
    app.text_input(key="export_title").input("Giao ban <quý IV>")
    app.button(key="export_make").click().run()
    assert not app.exception
    result = app.session_state["_export_result"]
    assert result["filename"].endswith(".qgz")
    archive = zipfile.ZipFile(__import__("io").BytesIO(result["data"]))
    project = ET.fromstring(archive.read(next(n for n in archive.namelist() if n.endswith(".qgs"))))
    assert project.findtext("title") == "Giao ban <quý IV>"
    assert project.findtext("projectCrs/spatialrefsys/authid") == "EPSG:9209"


def _real_scene():
    from datetime import date

    import pandas as pd

    from export import ExportRequest, build_scene
    from layers.registry import load_all
    from progress.latest import latest_per_feature
    from tests.export.conftest import REAL
    reports = pd.read_csv(REAL / "progress.csv", dtype={"feature_id": str})
    day = date(2026, 11, 27)
    return build_scene(load_all(REAL), ExportRequest(format="qgz", as_of=day).validate(day),
                       latest_per_feature(reports, day), reports)


def _overlap(a, b, pad: float = 0.0) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > pad and min(a[3], b[3]) - max(a[1], b[1]) > pad


CENTRE = (106.17, 20.89, 106.33, 20.98)   # Cẩm Giàng and Hải Dương's west: Lai Cách, Đại An, Tân Trường


@needs_qgis
@pytest.mark.skipif(not (Path(__file__).parents[2] / "data" / "urban_areas.geojson").exists(), reason="no data/")
@pytest.mark.parametrize("view", [None, CENTRE], ids=["province", "zoomed-in"])
def test_the_province_in_qgis_has_readable_names_beside_their_own_symbols(tmp_path, view):
    """The real plan at province scale, as QGIS first shows it, and zoomed in on the dense centre: its names (Lai
    Cách, Đại An, Tân Trường) were written by the point displacement renderer over each other, with no halo and
    no collision test. Now QGIS's labelling sets them (halo, priorities): no two names meet, each lies nearer its
    own symbol where it is drawn than any other symbol (or is tied to it by a callout line, where the print map
    draws a leader), the district names sit on no place symbol and cross no line. Zoomed in, the names the
    province left out for room are there, each just beside its own symbol."""
    from export.qgis_spots import print_spots
    from export.symbols import marker_size
    scene = _real_scene()
    path = tmp_path / "plan.qgz"
    path.write_bytes(render_qgz(scene))
    project = open_in_qgis(path, tmp_path / "qgis.png", view)
    assert project["read"] and project["picture"], project["error"]
    for layer in project["layers"]:   # the places' names in a white halo, as on the print map
        if layer["geometry"] == 0:
            assert layer["label_halo"][:2] == [True, "#ffffff"] and layer["label_halo"][2] >= 0.5, layer["name"]
    placed = [lab for lab in project["placed_labels"] if not lab["unplaced"]]
    districts = [lab for lab in placed if lab["layer"].startswith("Ranh giới")]
    names = [lab for lab in placed if not lab["layer"].startswith("Ranh giới")]
    if view is None:
        assert len(names) >= 30 and len(districts) >= 8
        assert {"Thị trấn Lai Cách", "Thành phố Hải Dương", "Ga Cao Xá"} <= {lab["text"] for lab in names}
    else:
        assert {"Thị trấn Lai Cách", "Khu công nghiệp Lai Cách", "Khu công nghiệp Đại An", "Khu công nghiệp Đại An mở rộng",
                "Khu công nghiệp Tân Trường", "Khu công nghiệp Tân Trường mở rộng"} <= {lab["text"] for lab in names}
    assert len({lab["text"] for lab in names}) == len(names)                    # no name twice
    for i, a in enumerate(placed):                                                # no two names meet
        for b in placed[i + 1:]:
            assert not _overlap(a["box"], b["box"], 0.5), (a["text"], b["text"])
    # every symbol where QGIS draws it: its true position plus the print map's shift (mm on screen)
    mm = project["dpi"] / 25.4
    spots = print_spots(scene)
    fid_of, symbols = {}, {}
    for layer_id in scene.frames:
        spec = get_layer(layer_id)
        for fid, row in scene.placed(layer_id).iterrows():
            if str(fid) in project["points"]:
                x, y = project["points"][str(fid)]
                sx, sy = spots[str(fid)].shift if str(fid) in spots else (0.0, 0.0)
                half = marker_size(spec.style_of(row.to_dict(), scene.ctx)) * 25.4 / 72 / 2 * mm
                symbols[str(fid)] = (x + sx * mm, y + sy * mm, half)
                fid_of[str(row["name"])] = str(fid)

    def gap(box, symbol) -> float:
        cx, cy, r = symbol
        return max(0.0, float(np.hypot(cx - np.clip(cx, box[0], box[2]), cy - np.clip(cy, box[1], box[3]))) - r)
    import numpy as np
    checked = 0
    for lab in names:
        own = fid_of[lab["text"]]
        if own not in symbols:
            continue
        mine = gap(lab["box"], symbols[own])
        nearest = min(gap(lab["box"], s) for fid, s in symbols.items() if fid != own)
        if view:   # zoomed in: just beside its own symbol (its gap to it, as set)
            assert mine <= 1.5 * mm, (lab["text"], mine)
        elif not spots.get(own) or not spots[own].leader:
            assert mine < nearest + 1.0, (lab["text"], mine, nearest)
        assert nearest > 0.0 or mine == 0.0, lab["text"]                          # over no other symbol
        checked += 1
    assert checked >= (30 if view is None else 10)
    for lab in districts:                                                         # district names on no symbol
        over = [fid for fid, s in symbols.items() if gap(lab["box"], s) <= 0.0]
        assert not over, (lab["text"], over)
    # nor across a line (the rail, Ring Road V): no pixel of a line's colour inside a district name's box
    from PIL import Image
    pixels = np.asarray(Image.open(tmp_path / "qgis.png").convert("RGB")).astype(int)
    lines = {rgb for kind, rgb in map_colours(scene).values() if kind == "lines"}
    crossed = []
    for lab in districts:
        x0, y0, x1, y1 = (int(round(v)) for v in lab["box"])
        inside = pixels[max(y0, 0):y1, max(x0, 0):x1].reshape(-1, 3)
        for rgb in lines:   # the line's colour as drawn: at its opacity over the white ground (0.8 to 1)
            colour = np.array([int(c) for c in rgb.split(",")])
            drawn = [colour * a + 255 * (1 - a) for a in np.linspace(0.8, 1.0, 9)]
            hits = int(sum((np.abs(inside - d).max(axis=1) <= 4).sum() for d in drawn))
            if hits > 12:   # a name across the rail had 28-57 such pixels; the zone polygon's dashed edge, drawn in
                crossed.append((lab["text"], rgb, hits))   # the same colour, may graze a box's corner (10)
    assert lines and not crossed, crossed


@needs_qgis
@pytest.mark.skipif(not (Path(__file__).parents[2] / "data" / "railways.geojson").exists(), reason="no data/")
def test_each_railway_keeps_its_own_dash_pattern_in_qgis(tmp_path):
    """On a class-coloured map every line is one neutral colour and each railway has its own dash pattern (dashes,
    dash-dot, dots: data/plan.toml); QGIS drew every dashed line with its one preset dash, the three railways alike.
    Read back from QGIS: each railway's line symbol has the map's pattern, in mm, as its custom dash."""
    from export.symbols import PX_TO_PT
    scene = _real_scene()
    path = tmp_path / "plan.qgz"
    path.write_bytes(render_qgz(scene))
    project = open_in_qgis(path)
    assert project["read"], project["error"]
    rails = next(layer for layer in project["layers"] if layer["name"] == "Đường sắt (tuyến)")
    spec = get_layer("railways")
    lines = scene.placed("railways")
    lines = lines[lines.geometry.geom_type.str.contains("Line")]
    assert len(lines) == 3
    patterns = {}
    for fid, row in lines.iterrows():
        props = rails["features"][fid]
        dash = spec.style_of(row.to_dict(), scene.ctx).dash
        assert props["use_custom_dash"] == "1", fid
        drawn = [float(v) for v in props["customdash"].split(";")]
        assert drawn == pytest.approx([float(v) * PX_TO_PT * 25.4 / 72 for v in dash.split()], abs=1e-3), fid
        patterns[fid] = tuple(drawn)
    assert len(set(patterns.values())) == 3
