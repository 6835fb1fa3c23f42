"""One entry point for every format: request + layers + status → bytes with a file name."""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd

from export.request import ExportRequest
from export.naming import file_name
from export.scene import Scene
from export.scene_build import build_scene

Progress = Callable[[float, str], None]
_DEFAULT = object()


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    filename: str
    mime: str
    seconds: float
    features: int


def render(scene: Scene, progress: Progress | None = None, fetcher=_DEFAULT) -> bytes:
    """The bytes of ``scene`` in the request's format (its record's renderer, export.formats)."""
    extra = {} if fetcher is _DEFAULT else {"fetcher": fetcher}
    return scene.request.record.render(scene, progress, **extra)


def run_export(request: ExportRequest, base_frames: Mapping[str, gpd.GeoDataFrame],
               state: pd.DataFrame | None = None, history: pd.DataFrame | None = None, *,
               progress: Progress | None = None, fetcher=_DEFAULT, today: date | None = None) -> ExportResult:
    """Validate ``request``, build its scene and render it. Raises ExportError for a bad request."""
    request.validate(today)
    start = time.perf_counter()
    scene = build_scene(base_frames, request, state, history, made_on=today)
    data = render(scene, progress, fetcher)
    return ExportResult(data, file_name(request), request.mime, time.perf_counter() - start,
                        sum(len(f) for f in scene.frames.values())
                        + sum(len(overlay.gdf) for overlay, _ in scene.overlays))
