"""The fonts' base cuts (export.font_subset) kept on disk, so a new process does not cut them again.

Cutting DejaVu Sans and its bold to the scripts our maps write in takes fontTools a second of CPU, the
largest single cost of a new process's first PDF; the cut depends only on the font file's bytes, the
fontTools version and the ranges and options it is cut with, and is the same bytes every time. It is kept
in matplotlib's cache folder (beside its font list), named by a digest of all of these: another font file,
fontTools or range gives another name, so a cut from different inputs is never read. A file that cannot
be read back as it was written (torn, edited) is cut again; a folder that cannot be written is no error.
"""
from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path

import fontTools
import matplotlib

VERSION = b"planmap-font-cut-1"   # bump when the cut's making changes in a way its inputs do not show
_MAGIC = b"PMCUT1\n"


def cache_dir() -> Path | None:
    """Where the cuts go (``PLANMAP_FONT_CACHE=0`` keeps none, e.g. to time a process that never ran before)."""
    if os.environ.get("PLANMAP_FONT_CACHE", "1") == "0":
        return None
    return Path(matplotlib.get_cachedir()) / "planmap-font-cuts"


def cached_cut(path: str, face_index: int, recipe: bytes, make: Callable[[], tuple[bytes, dict]]
               ) -> tuple[bytes, dict]:
    """``make()`` — (cut font bytes, original → cut glyph index) — read from disk when the same font file was
    cut with the same ``recipe`` (ranges and options) and fontTools before, else made and written."""
    folder = cache_dir()
    if folder is None:
        return make()
    try:
        source = Path(path).read_bytes()
    except OSError:
        return make()
    digest = hashlib.sha256(b"\0".join([VERSION, fontTools.version.encode(), str(face_index).encode(), recipe,
                                        hashlib.sha256(source).digest()])).hexdigest()[:32]
    file = folder / f"{digest}.cut"
    found = _read(file)
    if found is not None:
        return found
    made = make()
    _write(file, made)
    return made


def _read(file: Path) -> tuple[bytes, dict] | None:
    try:
        raw = file.read_bytes()
    except OSError:
        return None
    body = raw[len(_MAGIC) + 32:]
    if len(body) < 4 or not raw.startswith(_MAGIC) or raw[len(_MAGIC):len(_MAGIC) + 32] != hashlib.sha256(body).digest():
        return None
    (size,) = struct.unpack_from(">I", body)
    pairs = body[4 + size:]
    if len(body) < 4 + size or len(pairs) % 8:
        return None
    flat = struct.unpack(f">{len(pairs) // 4}I", pairs)
    return body[4:4 + size], dict(zip(flat[::2], flat[1::2]))


def _write(file: Path, made: tuple[bytes, dict]) -> None:
    data, index_map = made
    pairs = [v for item in sorted(index_map.items()) for v in item]
    body = struct.pack(">I", len(data)) + data + struct.pack(f">{len(pairs)}I", *pairs)   # no pickle: data, not code
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=file.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(_MAGIC + hashlib.sha256(body).digest() + body)
        os.replace(tmp.name, file)   # whole or not at all: another process reads the old name or the new file
    except OSError:
        pass
