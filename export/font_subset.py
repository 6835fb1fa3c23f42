"""Font subsets for PDF embedding without the tables a PDF never reads, cut from a small base once per process.

matplotlib subsets every font of every PDF with fontTools, which decodes the OpenType layout tables
(GSUB, GPOS, …) in full although a PDF positions each glyph itself, and costs some 15 ms a subset in
Python whatever its size (an A4 PDF embeds four). :func:`lean_subset` cuts each font once per process to
the scripts our maps write in (with fontTools), then takes every file's subset from that cut by copying
glyph records (:func:`_cut_subset`): the same glyphs in the same order, with the same outlines,
hinting programs and advances, so every page rasterises to the same pixels. export.fast_text installs
it for the duration of a render.
"""
from __future__ import annotations

import io
import math
import struct
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from matplotlib.backends import _backend_pdf_ps

from export import font_cache

# Tables that matter to text shaping only: a PDF positions every glyph itself (ISO 32000 §9.9 lists
# the TrueType tables a viewer reads: glyf, head, hhea, hmtx, loca, maxp, cvt, prep, fpgm, cmap).
LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF", "kern", "MATH", "JSTF", "BASE"]
# The scripts a map of Vietnam writes in (Latin with its Vietnamese letters and marks, punctuation,
# arrows, symbols): each font is cut down to these once per process, and every export subsets that
# small font — a tenth of the glyphs fontTools would otherwise decode in full, twice per font per file.
BASE_RANGES = ((0x20, 0x24F), (0x250, 0x2FF), (0x300, 0x36F), (0x370, 0x3FF), (0x1E00, 0x1EFF),
               (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x21FF), (0x2200, 0x22FF), (0x2300, 0x23FF),
               (0x2500, 0x25FF), (0x2600, 0x27BF), (0xFB00, 0xFB06))


def _subset_options(face_index: int):
    options = ft_subset.Options(glyph_names=True, recommended_glyphs=True)
    options.drop_tables += ["FFTM", "PfEd", "BDF", "meta", "MERG", "TSIV", "Zapf", "bdat", "bloc", "cidg", "fdsc",
                            "feat", "fmtx", "fond", "just", "kerx", "ltag", "morx", "trak", "xref", *LAYOUT_TABLES]
    options.font_number = face_index
    return options


def _subset(source, face_index: int, gids) -> tuple:
    """(subset font, original → subset glyph index) — matplotlib's ``get_glyphs_subset`` options, with the
    OpenType layout tables removed before subsetting, so fontTools never decodes them."""
    options = _subset_options(face_index)
    font = ft_subset.load_font(source, options)
    for tag in LAYOUT_TABLES:
        if tag in font:
            del font[tag]
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(gids=gids)
    subsetter.subset(font)
    return font, subsetter.glyph_index_map


@lru_cache(maxsize=32)
def _base_font(path: str, face_index: int) -> tuple[bytes, dict]:
    """The font cut down to :data:`BASE_RANGES` (bytes, original → base glyph index), once per process (and
    kept on disk for the next one: export.font_cache)."""
    recipe = repr((BASE_RANGES, LAYOUT_TABLES, vars(_subset_options(face_index)))).encode()
    return font_cache.cached_cut(path, face_index, recipe, lambda: _make_base(path, face_index))


def _make_base(path: str, face_index: int) -> tuple[bytes, dict]:
    font = ft_subset.load_font(path, _subset_options(face_index))
    cmap = font.getBestCmap() or {}
    names = [name for cp, name in cmap.items() if any(lo <= cp <= hi for lo, hi in BASE_RANGES)]
    gids = {0, *font.getGlyphIDMany(names)}
    font.close()
    base, index_map = _subset(path, face_index, gids)
    buf = io.BytesIO()
    base.save(buf)
    base.close()
    return buf.getvalue(), index_map


def lean_subset(fontfile, glyphs):
    """matplotlib's ``get_glyphs_subset``, from the font's cached base cut when it holds every glyph asked
    for (the same glyphs in the same order, with the same outlines and metrics), else from the font file."""
    glyphs = set(glyphs)
    data, to_base = _base_font(str(fontfile), fontfile.face_index)
    if all(g in to_base for g in glyphs):
        cut = _parsed_cut(str(fontfile), fontfile.face_index)
        if cut is not None:
            subset, base_map = _cut_subset(cut, {to_base[g] for g in glyphs})
            font = _Built(subset)
        else:
            font, base_map = _subset(io.BytesIO(data), 0, {to_base[g] for g in glyphs})
        index_map = {g: base_map[to_base[g]] for g in glyphs}
    else:
        font, index_map = _subset(fontfile, fontfile.face_index, glyphs)
    return _backend_pdf_ps.SubsetResults(font, index_map)._as_cm()


# Tables a subset copies from the cut unchanged (they hold no glyph index); glyf, loca, hmtx, hhea, maxp,
# head, post and cmap are rebuilt for the subset's glyphs. A cut with any other table is subset by fontTools.
_COPIED = frozenset({"OS/2", "cvt ", "fpgm", "gasp", "name", "prep"})
_REBUILT = frozenset({"glyf", "loca", "hmtx", "hhea", "maxp", "head", "post", "cmap"})


@dataclass(frozen=True)
class _Cut:
    """A base cut's tables as bytes, its glyph records, advances and side bearings, composite glyphs'
    components (offset of each component's index in the record, its glyph) and character map."""

    tables: dict[str, bytes]
    glyphs: tuple[bytes, ...]
    metrics: tuple[tuple[int, int], ...]
    components: dict[int, tuple[tuple[int, int], ...]]
    cmap: tuple[tuple[int, int], ...]  # (code point, glyph), BMP only, ascending


@lru_cache(maxsize=32)
def _parsed_cut(path: str, face_index: int) -> _Cut | None:
    """The base cut of the font, read once per process (None: a table we do not rebuild, e.g. CFF)."""
    data, _ = _base_font(path, face_index)
    tables = {}
    for i in range(struct.unpack_from(">H", data, 4)[0]):
        tag, _sum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag.decode("latin-1")] = data[offset:offset + length]
    if not _REBUILT <= set(tables) or not set(tables) <= _COPIED | _REBUILT:
        return None
    n = struct.unpack_from(">H", tables["maxp"], 4)[0]
    if struct.unpack_from(">h", tables["head"], 50)[0]:
        loca = struct.unpack_from(f">{n + 1}I", tables["loca"])
    else:
        loca = tuple(2 * o for o in struct.unpack_from(f">{n + 1}H", tables["loca"]))
    glyf = tables["glyf"]
    glyphs = tuple(glyf[loca[i]:loca[i + 1]] for i in range(n))
    long_metrics = struct.unpack_from(">H", tables["hhea"], 34)[0]
    hmtx = tables["hmtx"]
    metrics = [struct.unpack_from(">Hh", hmtx, 4 * i) for i in range(long_metrics)]
    metrics += [(metrics[-1][0], struct.unpack_from(">h", hmtx, 4 * long_metrics + 2 * (i - long_metrics))[0])
                for i in range(long_metrics, n)]
    components = {g: found for g, record in enumerate(glyphs) if (found := _components(record))}
    font = TTFont(io.BytesIO(data), lazy=True)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    cmap = tuple(sorted((cp, order[name]) for cp, name in (font.getBestCmap() or {}).items() if cp <= 0xFFFF))
    font.close()
    return _Cut(tables, glyphs, tuple(metrics), components, cmap)


class _Built(TTFont):
    """A subset built by :func:`_cut_subset`, read lazily; ``save`` writes the bytes it was read from (nothing
    modifies it: matplotlib saves it to embed it), not a table-by-table copy of them."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
        self._data = data

    def save(self, file, reorderTables=True) -> None:
        if not hasattr(file, "write"):
            with open(file, "wb") as out:
                out.write(self._data)
        else:
            file.write(self._data)


def _components(record: bytes) -> tuple[tuple[int, int], ...]:
    """(offset of the glyph index, glyph index) of each component of a composite glyph record (none for a
    simple glyph): the TrueType ``glyf`` composite format (flags, glyph index, arguments, transform)."""
    if len(record) < 10 or struct.unpack_from(">h", record, 0)[0] >= 0:
        return ()
    out, pos = [], 10
    while True:
        flags, glyph = struct.unpack_from(">HH", record, pos)
        out.append((pos + 2, glyph))
        pos += 4 + (4 if flags & 0x0001 else 2)          # ARG_1_AND_2_ARE_WORDS
        pos += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0  # the transform
        if not flags & 0x0020:                            # MORE_COMPONENTS
            return tuple(out)


def _cut_subset(cut: _Cut, gids: set[int]) -> tuple[bytes, dict[int, int]]:
    """The font of ``gids`` (cut glyph indices) and (cut → subset glyph index), as fontTools' subsetter
    numbers them: glyphs 0–3 (``recommended_glyphs``), those asked for and their components, in the cut's
    order. Glyph records, advances and side bearings are the cut's; composites point at the new indices."""
    keep = {g for g in (0, 1, 2, 3) if g < len(cut.glyphs)} | set(gids)
    todo = list(keep)
    while todo:
        for _offset, part in cut.components.get(todo.pop(), ()):
            if part not in keep:
                keep.add(part)
                todo.append(part)
    order = sorted(keep)
    new = {g: i for i, g in enumerate(order)}
    records, loca, offset = [], [], 0
    for g in order:
        record = cut.glyphs[g]
        if g in cut.components:
            record = bytearray(record)
            for at, part in cut.components[g]:
                struct.pack_into(">H", record, at, new[part])
            record = bytes(record)
        record += b"\0" * (-len(record) % 4)
        loca.append(offset)
        records.append(record)
        offset += len(record)
    loca.append(offset)
    n = len(order)
    t = cut.tables
    tables = {tag: t[tag] for tag in _COPIED if tag in t}
    tables["glyf"] = b"".join(records)
    tables["loca"] = struct.pack(f">{n + 1}I", *loca)
    tables["hmtx"] = b"".join(struct.pack(">Hh", *cut.metrics[g]) for g in order)
    tables["hhea"] = t["hhea"][:34] + struct.pack(">H", n) + t["hhea"][36:]
    tables["maxp"] = t["maxp"][:4] + struct.pack(">H", n) + t["maxp"][6:]
    tables["head"] = t["head"][:8] + b"\0\0\0\0" + t["head"][12:50] + struct.pack(">h", 1) + t["head"][52:]
    tables["post"] = struct.pack(">I", 0x00030000) + t["post"][4:32]  # format 3: no glyph names (a PDF reads none)
    tables["cmap"] = _cmap([(cp, new[g]) for cp, g in cut.cmap if g in gids])  # as fontTools: the glyphs asked for
    return _sfnt(tables), new


def _cmap(pairs: list[tuple[int, int]]) -> bytes:
    """A ``cmap`` with one format 4 subtable (code point → glyph), for Unicode (0, 3) and Windows (3, 1)."""
    segments: list[list[int]] = []  # start, end, delta
    for cp, glyph in pairs:
        delta = (glyph - cp) % 0x10000
        if segments and segments[-1][1] == cp - 1 and segments[-1][2] == delta:
            segments[-1][1] = cp
        else:
            segments.append([cp, cp, delta])
    segments.append([0xFFFF, 0xFFFF, 1])
    count = len(segments)
    search = 2 * 2 ** int(math.log2(count))
    table = struct.pack(">7H", 4, 16 + 8 * count, 0, 2 * count, search, int(math.log2(search // 2)), 2 * count - search)
    table += struct.pack(f">{count}H", *(s[1] for s in segments)) + b"\0\0"
    table += struct.pack(f">{count}H", *(s[0] for s in segments))
    table += struct.pack(f">{count}H", *(s[2] for s in segments)) + b"\0\0" * count
    return struct.pack(">HHHHIHHI", 0, 2, 0, 3, 20, 3, 1, 20) + table


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return int(np.frombuffer(padded, dtype=">u4").sum(dtype=np.uint64)) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """A TrueType file of ``tables``: the directory sorted by tag, each table 4-byte aligned, with its
    checksum, and head's checkSumAdjustment set (OpenType's "Font file" rules)."""
    tags = sorted(tables)
    count = len(tags)
    selector = int(math.log2(count))
    directory = [struct.pack(">IHHHH", 0x00010000, count, 16 * 2 ** selector, selector, 16 * count - 16 * 2 ** selector)]
    body: list[bytes] = []
    offset = 12 + 16 * count
    head_at = 0
    for tag in tags:
        data = tables[tag]
        if tag == "head":
            head_at = offset
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset, len(data)))
        body.append(data + b"\0" * (-len(data) % 4))
        offset += len(body[-1])
    font = bytearray(b"".join(directory + body))
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) % 0x100000000)
    return bytes(font)
