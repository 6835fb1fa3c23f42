"""Overlays in a real browser: the renderer's page on its own, then an upload in the running app."""
from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo import crs as crsmod
from geo.overlay_io import read_overlay
from mapview.assets import inline_local_assets, local_path_for, make_offline_map
from mapview.overlay import OverlayStyle, add_overlay
from mapview.tools import add_measure_and_draw
from tests.browser.conftest import MAP_FRAME, drag_hint_words, map_frame, uploader_words, wait_for_rerun

pytestmark = pytest.mark.browser

# Three squares of ~100 m in Hải Dương, one with a hostile attribute.
SITES = [(106.3147, 20.9373), (106.3951, 21.1313), (106.3936, 20.7314)]
EVIL = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>"


def _geojson() -> bytes:
    feats = []
    for i, (lon, lat) in enumerate(SITES):
        d = 0.001
        ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
        feats.append({"type": "Feature", "properties": {"ten": f"Khu {i}", "loai": "A" if i else "B",
                                                        "ghi_chu": EVIL if i == 0 else "ok"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return json.dumps({"type": "FeatureCollection", "features": feats}).encode()


def _vn2000_csv() -> bytes:
    x, y = crsmod.from_wgs84(([p[0] for p in SITES], [p[1] for p in SITES]), "EPSG:9209")
    rows = [f"Mốc {i},{e:.2f},{n:.2f}" for i, (e, n) in enumerate(zip(x, y))]
    return ("Tên,E,N\n" + "\n".join(rows) + "\n").encode()


def _serve_locally(page, html: str) -> None:
    """Open ``html`` at http://localhost/ with our static files behind it, as Streamlit serves them."""
    def static(route):
        path = local_path_for(urlparse(route.request.url).path)
        if path is None:
            route.abort()
        else:
            route.fulfill(path=path)

    page.route("http://localhost/app/static/**", static)
    page.route("http://localhost/map.html", lambda r: r.fulfill(body=html, content_type="text/html; charset=utf-8"))
    page.goto("http://localhost/map.html")


def test_rendered_overlay_draws_escapes_and_loads_nothing_remote(page):
    overlay = read_overlay(_geojson(), "khu.geojson")
    m = make_offline_map(location=[20.94, 106.35], zoom_start=10)
    add_overlay(m, overlay, OverlayStyle(by="loai"), "vi")
    add_measure_and_draw(m)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _serve_locally(page, inline_local_assets(m.get_root().render()))
    page.wait_for_selector("path.pm-overlay", state="attached")
    assert page.locator("path.pm-overlay").count() == 3
    page.locator(".leaflet-control-measure").wait_for()  # the toolbars come after the map's first paint
    assert page.locator(".leaflet-control-measure").count() == 1
    assert page.locator(".leaflet-draw-draw-polygon").count() == 1
    # open the popup of the feature with the hostile attribute: shown as text, never run
    opened = page.evaluate("""() => {
        let n = 0;
        for (const key of Object.keys(window).filter(k => /^overlay_layer_[0-9a-f]+$/.test(k))) {
            window[key].eachLayer(x => {
                if (String(x.feature.properties.f2 || '').includes('img')) {
                    x.fire('click', {latlng: x.getBounds().getCenter()}, true); n += 1;
                }
            });
        }
        return n; }""")
    assert opened == 1
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>" in popup.inner_text() and "<img" in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert errors == [] and page.blocked_requests == []


def _overlay_paths(page, expected: int, timeout: int = 60_000) -> int:
    """Wait until some st_folium frame holds ``expected`` overlay paths (a rerun may leave a stale frame)."""
    page.wait_for_function(
        """([sel, n]) => Array.from(document.querySelectorAll(sel)).some(f =>
               f.contentDocument && f.contentDocument.querySelectorAll('path.pm-overlay').length === n)""",
        arg=[MAP_FRAME, expected], timeout=timeout, polling=100)
    return expected


def _uploader(page):
    """The uploader, as a user reaches it: the sidebar's "Tải lên lớp dữ liệu…" button opens it."""
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text="Tải lên lớp dữ liệu")
    if not box.count():
        page.get_by_role("button", name="Tải lên lớp dữ liệu…").click()
        box.wait_for(timeout=20_000)
    return box.locator('input[type="file"]')


def _open_app_and_upload_three_areas(app, page) -> None:
    page.goto(app.url)
    map_frame(page)
    _uploader(page).set_input_files(files=[{"name": "khu.geojson", "mimeType": "application/geo+json",
                                            "buffer": _geojson()}])
    wait_for_rerun(page)
    assert _overlay_paths(page, 3) == 3


@pytest.mark.parametrize(("suffix", "words", "hint"), [("/", "Chọn tệp", "Thả các tệp vào đây"),
                                                       ("/?lang=en", "Choose files", "Drop the files here")])
def test_the_uploader_speaks_the_pages_language(app, page, suffix, words, hint):
    """Streamlit's dropzone said "Upload", "50MB per file • GEOJSON, …" and, while a file was held over it,
    "Drag and drop files here", in English on the Vietnamese page."""
    page.goto(app.url + suffix)
    map_frame(page)
    if suffix == "/":
        _uploader(page)
    else:
        page.get_by_role("button", name="Upload a layer…").click()
    box = page.locator('[data-testid="stFileUploader"]')
    box.wait_for(timeout=20_000)
    assert uploader_words(box) == words
    assert drag_hint_words(box, page) == hint
    limits = page.get_by_test_id("stPopoverBody").get_by_test_id("stCaptionContainer").inner_text()
    assert "50 MB" in limits and "50 mb" not in limits


def test_upload_geojson_in_the_app_draws_its_features(app, page):
    _open_app_and_upload_three_areas(app, page)
    assert page.get_by_text("Đã đọc khu.geojson").count() >= 1
    assert page.blocked_requests == [] or all("tile" in u for u in page.blocked_requests)


def test_a_small_new_layer_is_zoomed_to(app, page):
    """Three 100 m plots near the city centre: at the province view they would be specks under its marker."""
    page.goto(app.url)
    map_frame(page)
    plots = [{"type": "Feature", "properties": {"ten": f"Thửa {i}"},
              "geometry": {"type": "Polygon", "coordinates": [[[106.32 + i * 0.002, 20.94], [106.321 + i * 0.002, 20.94],
                                                               [106.321 + i * 0.002, 20.941], [106.32 + i * 0.002, 20.941],
                                                               [106.32 + i * 0.002, 20.94]]]}} for i in range(3)]
    data = json.dumps({"type": "FeatureCollection", "features": plots}).encode()
    _uploader(page).set_input_files(files=[{"name": "thua.geojson", "mimeType": "application/geo+json", "buffer": data}])
    wait_for_rerun(page)
    page.wait_for_function(
        """(sel) => Array.from(document.querySelectorAll(sel)).some(f => f.contentDocument &&
               Array.from(f.contentDocument.querySelectorAll('path.pm-overlay'))
                    .some(p => p.getBoundingClientRect().width > 40))""", arg=MAP_FRAME, timeout=30_000)


def test_upload_vn2000_csv_asks_for_the_crs_then_draws(app, page):
    page.goto(app.url)
    map_frame(page)
    _uploader(page).set_input_files(files=[{"name": "moc.csv", "mimeType": "text/csv", "buffer": _vn2000_csv()}])
    wait_for_rerun(page)
    page.get_by_text("không tự đoán").first.wait_for(timeout=30_000)
    select = page.locator('[data-testid="stSelectbox"]').filter(has_text="Hệ tọa độ của dữ liệu")
    option = page.get_by_role("option").filter(has_text="(EPSG:9209)")
    for _ in range(5):  # a rerun that lands just after the click closes the list: open it again
        select.click()
        try:
            option.click(timeout=3_000)
            break
        except PlaywrightTimeout:
            page.wait_for_timeout(500)
    else:
        raise AssertionError("the CRS list never stayed open")
    wait_for_rerun(page)
    assert _overlay_paths(page, 3) == 3


def test_draw_a_polygon_and_download_it_in_vn2000(app, page):
    page.goto(app.url)
    map_frame(page)
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-draw-draw-polygon").wait_for(timeout=30_000)
    page.get_by_text("Hình đã vẽ").first.wait_for(timeout=30_000)
    assert frame.locator(".leaflet-control-measure").count() == 1
    frame.locator(".leaflet-draw-draw-polygon").click()
    box = page.locator(MAP_FRAME).first.bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.4
    for dx, dy in ((0, 0), (120, 0), (120, 100), (0, 100), (0, 0)):  # last click on the first vertex closes it
        page.mouse.click(x0 + dx, y0 + dy)
        page.wait_for_timeout(400)
    wait_for_rerun(page)
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text="VN-2000, EPSG:9209")
    button.wait_for(timeout=30_000)
    with page.expect_download() as info:
        button.click()
    from core.clock import today_vn

    assert info.value.suggested_filename == f"hinh-ve-vn2000-epsg9209-{today_vn().isoformat()}.geojson"
    doc = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert doc["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::9209"
    x, y = doc["features"][0]["geometry"]["coordinates"][0][0]
    assert 400_000 < x < 700_000 and 2_200_000 < y < 2_400_000  # metres in VN-2000 / TM-3 105°30′
    assert doc["features"][0]["properties"]["area_m2"] > 0


def test_the_same_file_twice_is_one_layer_and_no_error(app, page):
    page.goto(app.url)
    map_frame(page)
    same = {"name": "khu.geojson", "mimeType": "application/geo+json", "buffer": _geojson()}
    _uploader(page).set_input_files(files=[same, dict(same, name="khu-ban-sao.geojson")])
    wait_for_rerun(page)
    page.get_by_text("đã được tải lên").first.wait_for(timeout=30_000)
    assert _overlay_paths(page, 3) == 3
    assert page.locator('[data-testid="stException"]').count() == 0


def test_an_uploaded_layer_survives_a_visit_to_another_page_until_removed(app, page):
    _open_app_and_upload_three_areas(app, page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    page.locator("h1").first.click()  # close the popover
    sidebar.get_by_role("link", name="Tiến độ", exact=True).click()
    wait_for_rerun(page)
    sidebar.get_by_role("link", name="Bản đồ", exact=True).click()
    wait_for_rerun(page)
    assert _overlay_paths(page, 3) == 3
    assert page.locator('[data-testid="stException"]').count() == 0
    sidebar.get_by_role("button", name="Gỡ lớp này").click()
    wait_for_rerun(page)
    assert _overlay_paths(page, 0) == 0
