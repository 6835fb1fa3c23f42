"""Optional basemap tiles for printed maps: fetched with a short timeout, cached, never required.

Tiles are Web Mercator; the printed map is drawn in EPSG:9209, so tiles are mosaicked and
resampled onto the map's own grid (nearest neighbour, numpy only). Any failure — offline, slow,
refused, a bad tile — yields ``None`` and the map keeps its plain background: never an error,
never a hang (one overall deadline, and the first network failure stops further fetches).

The fetcher is injectable (``draw_basemap(..., fetcher=...)``); ``fetcher=None`` means no basemap,
which is what tests use unless they pass a fake.
"""
from __future__ import annotations

import io
import math
import os
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import numpy as np

from geo import crs as crsmod

TileFetcher = Callable[[int, int, int], "bytes | None"]
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
USER_AGENT = "planmap-hai-duong/1.0 (print export)"
CACHE_DIR = Path(os.environ.get("PLANMAP_TILE_CACHE") or Path(__file__).resolve().parent.parent / "var" / "tiles")
MAX_TILES = 64


class HttpTileFetcher:
    """Fetch XYZ tiles over HTTP with a per-request timeout and an on-disk cache.

    After the first network failure it gives up for the rest of its life (offline: one short wait,
    not one per tile); ``budget_s`` bounds the total time spent on the network.
    """

    def __init__(self, url: str = TILE_URL, timeout_s: float = 2.0, budget_s: float = 6.0,
                 cache_dir: Path | None = CACHE_DIR) -> None:
        self.url, self.timeout_s, self.budget_s, self.cache_dir = url, timeout_s, budget_s, cache_dir
        self.failed = False
        self._spent = 0.0

    def __call__(self, z: int, x: int, y: int) -> bytes | None:
        cached = self.cache_dir / str(z) / str(x) / f"{y}.png" if self.cache_dir else None
        if cached is not None and cached.exists():
            return cached.read_bytes()
        if self.failed or self._spent >= self.budget_s:
            return None
        start = time.monotonic()
        try:
            req = urllib.request.Request(self.url.format(z=z, x=x, y=y), headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(req, timeout=min(self.timeout_s, self.budget_s - self._spent)) as r:
                data = r.read()
        except Exception:  # offline, DNS, timeout, HTTP error: all mean "no basemap"
            self.failed = True
            return None
        finally:
            self._spent += time.monotonic() - start
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(data)
            except OSError:
                pass
        return data


def default_fetcher() -> TileFetcher | None:
    """The fetcher used when a basemap is asked for; ``PLANMAP_OFFLINE=1`` disables it."""
    if os.environ.get("PLANMAP_OFFLINE") == "1":
        return None
    return HttpTileFetcher()


def _tile_xy(lon: float, lat: float, z: int) -> tuple[float, float]:
    n = 2 ** z
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def basemap_image(limits: tuple[float, float, float, float], width_px: int, fetcher: TileFetcher | None,
                  ) -> np.ndarray | None:
    """An RGB(A) image covering ``limits`` (EPSG:9209) at ``width_px`` wide, or None when unavailable."""
    if fetcher is None:
        return None
    try:
        from PIL import Image

        x0, x1, y0, y1 = limits
        to_ll = crsmod.measure_to_wgs84()
        lons, lats = to_ll.transform(np.array([x0, x1, x0, x1]), np.array([y0, y0, y1, y1]))
        lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
        span_m = x1 - x0
        # zoom so that a tile pixel is about the size of an output pixel
        z = int(max(5, min(16, round(math.log2(40075016.0 * math.cos(math.radians(lat_min)) * width_px / (span_m * 256))))))
        while True:
            tx0, ty0 = _tile_xy(lon_min, lat_max, z)
            tx1, ty1 = _tile_xy(lon_max, lat_min, z)
            nx, ny = int(tx1) - int(tx0) + 1, int(ty1) - int(ty0) + 1
            if nx * ny <= MAX_TILES or z <= 5:
                break
            z -= 1
        mosaic = Image.new("RGB", (nx * 256, ny * 256), "white")
        for i in range(nx):
            for j in range(ny):
                data = fetcher(z, int(tx0) + i, int(ty0) + j)
                if data is None:
                    return None
                mosaic.paste(Image.open(io.BytesIO(data)).convert("RGB"), (i * 256, j * 256))
        tiles = np.asarray(mosaic)
        height_px = max(1, round(width_px * (y1 - y0) / (x1 - x0)))
        gx, gy = np.meshgrid(np.linspace(x0, x1, width_px), np.linspace(y1, y0, height_px))
        glon, glat = to_ll.transform(gx, gy)
        px, py = _tile_xy_array(glon, glat, z)
        col = np.clip(((px - int(tx0)) * 256).astype(int), 0, tiles.shape[1] - 1)
        row = np.clip(((py - int(ty0)) * 256).astype(int), 0, tiles.shape[0] - 1)
        return tiles[row, col]
    except Exception:  # a broken tile or an odd extent never breaks the export
        return None


def _tile_xy_array(lon: np.ndarray, lat: np.ndarray, z: int) -> tuple[np.ndarray, np.ndarray]:
    n = 2 ** z
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - np.arcsinh(np.tan(np.radians(lat))) / np.pi) / 2.0 * n
    return x, y


def draw_basemap(ax, limits, width_px: int, fetcher: TileFetcher | None) -> bool:
    """Draw the basemap under the features; True when drawn, False for the plain background."""
    image = basemap_image(limits, width_px, fetcher)
    if image is None:
        return False
    x0, x1, y0, y1 = limits
    ax.imshow(image, extent=(x0, x1, y0, y1), origin="upper", zorder=0, alpha=0.75, interpolation="bilinear")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return True
