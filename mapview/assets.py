"""Map assets served from installed packages, never from a public CDN.

folium points Leaflet, jQuery and Bootstrap at CDNs; offline, the map then never
draws. Leaflet alone is enough to draw ours, so a map made here loads only
Leaflet (from the XStatic-Leaflet package) plus any plugin we vendor under
``static/vendor/``. In the app these are served by Streamlit's static serving
at ``/app/static/vendor/...``; for a standalone HTML file they are inlined.
"""
from __future__ import annotations

import base64
import filecmp
import functools
import mimetypes
import re
import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xleaflet

from mapview import measure_vi

APP_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = APP_DIR / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
STATIC_URL = "/app/static/vendor"

LEAFLET_VERSION = xleaflet.VERSION  # 1.9.3, the Leaflet that folium 0.20 is written for
_LEAFLET_SRC = Path(xleaflet.BASE_DIR)
_LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                  "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")


# The measure and draw plugins as one file, loaded after the map's first paint (mapview.after_paint):
# the map itself needs Leaflet alone, and one file is one round trip.
TOOLS_BUNDLE = "bundle/measure-draw.js"
_TOOLS_BUNDLE_PARTS = ("leaflet-measure/leaflet-measure.min.js", "leaflet-draw/leaflet.draw.js")


def ensure_static_assets(vendor_dir: Path = VENDOR_DIR) -> Path:
    """Copy Leaflet from its installed package into the static folder and build the tools bundle
    (once; cheap when current)."""
    target = vendor_dir / "leaflet"
    for rel in _LEAFLET_FILES:
        src, dst = _LEAFLET_SRC / rel, target / rel
        if not dst.exists() or not filecmp.cmp(src, dst, shallow=True):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    if all((vendor_dir / part).exists() for part in _TOOLS_BUNDLE_PARTS):  # plugins are vendored in the repo
        _write_if_changed(vendor_dir / TOOLS_BUNDLE, _bundle(vendor_dir))
    return target


def _bundle(vendor_dir: Path) -> bytes:
    """The tools' code in one file, the measure tool with Vietnamese added (mapview.measure_vi)."""
    def code(part: str) -> bytes:
        js = (vendor_dir / part).read_bytes()
        return measure_vi.with_vietnamese(js) if part.startswith("leaflet-measure/") else js

    parts = [f"/* {part} — licence in its folder under static/vendor/ */\n".encode() + code(part)
             for part in _TOOLS_BUNDLE_PARTS]
    return b"\n;\n".join(parts)


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # atomic: a page loading meanwhile never gets half a file


def leaflet_js() -> list[tuple[str, str]]:
    return [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]


def tools_js_url() -> str:
    """leaflet-measure and Leaflet.draw in one script (see TOOLS_BUNDLE)."""
    return f"{STATIC_URL}/{TOOLS_BUNDLE}"


def leaflet_css() -> list[tuple[str, str]]:
    return [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]


def make_offline_map(**kwargs) -> folium.Map:
    """A folium Map that loads Leaflet from our static folder and nothing from a CDN.

    Tiles are left to the caller (``tiles=None`` by default): they are optional decoration.
    """
    kwargs.setdefault("tiles", None)
    m = folium.Map(**kwargs)
    m.default_js = leaflet_js()
    m.default_css = leaflet_css()
    return m


def local_path_for(url: str) -> Path | None:
    """The file behind one of our static URLs, or None if the URL is not ours."""
    if not url.startswith(STATIC_URL + "/"):
        return None
    rel = url[len(STATIC_URL) + 1:]
    path = (VENDOR_DIR / rel).resolve()
    if VENDOR_DIR.resolve() not in path.parents:
        return None
    if rel.startswith(("leaflet/", "bundle/")) and not path.exists():
        ensure_static_assets()
    return path if path.exists() else None


_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


def inline_stylesheets(urls: list[str]) -> tuple[str, list[str]]:
    """Our stylesheets among ``urls`` as one ``<style>`` block, and the URLs left to load.

    A map's frame fetched its stylesheets only once Leaflet's code had loaded, and restyled the map
    when they came, just before its first paint (bench/time_to_map.py: the frame worked ~20 ms less
    with them inline). Images they name stay URLs, made absolute: they are served beside the sheet.
    """
    ours = [(url, local_path_for(url)) for url in urls]
    text = "\n".join(_served_sheet(url) for url, path in ours if path)
    return (f"<style>{text}</style>" if text else ""), [url for url, path in ours if path is None]


@functools.lru_cache(maxsize=32)
def _served_sheet(url: str) -> str:
    """The sheet at ``url`` with its relative references pointed at where they are served (read once:
    the static files do not change while the app runs)."""
    folder = url.rsplit("/", 1)[0] + "/"
    css = _map_refs(local_path_for(url).read_text(encoding="utf-8"), lambda ref: folder + ref)
    return css.replace("</style", "<\\/style")


def _map_refs(css: str, new_ref) -> str:
    """``css`` with each relative ``url(...)`` replaced by ``new_ref(ref)`` (unchanged where that gives None)."""
    def repl(match: re.Match) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "/", "#")) or "://" in ref:
            return match.group(0)
        replaced = new_ref(ref)
        return match.group(0) if replaced is None else f"url({match.group(1)}{replaced}{match.group(1)})"

    return _CSS_URL.sub(repl, css)


def _inline_css(css: str, base: Path) -> str:
    """Inline images referenced by a stylesheet as data URIs so the file needs nothing else."""
    def data_uri(ref: str) -> str | None:
        img = (base / ref).resolve()
        if not img.exists():
            return None
        mime = mimetypes.guess_type(img.name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(img.read_bytes()).decode('ascii')}"

    return _map_refs(css, data_uri)


def inline_local_assets(html: str) -> str:
    """Replace every <script src>/<link href> that points at our static folder by its content.

    Used for the standalone HTML export: the file then opens anywhere with no internet.
    """
    def script(match: re.Match) -> str:
        path = local_path_for(match.group(1))
        if path is None:
            return match.group(0)
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def link(match: re.Match) -> str:
        path = local_path_for(match.group(1))
        if path is None:
            return match.group(0)
        return f"<style>{_inline_css(path.read_text(encoding='utf-8'), path.parent)}</style>"

    html = re.sub(r'<script[^>]*\bsrc="([^"]+)"[^>]*>\s*</script>', script, html)
    html = re.sub(r'<link[^>]*\bhref="([^"]+)"[^>]*/?>', link, html)
    return html
