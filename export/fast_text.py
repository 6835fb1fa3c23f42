"""Text in matplotlib's PDF and PNG output at a fraction of the cost: the same file content, less repeated work.

matplotlib 3.11 measures a string by laying it out with libraqm, then lays it out again to draw it,
loading every glyph's outline (which PDF text never uses) each time, and on every new renderer (each
page); at the end it subsets each font with its OpenType layout tables, which fontTools decodes in full
and PDF viewers never read. Text is most of the cost of every printed export (map labels, legend,
facts, sources pages), so within :func:`export.draw.rendering` we:

- measure each (font files, size, string) once per process (:func:`measure`);
- lay out each Text (its lines, box and alignment) once per process for the same string, font,
  alignment, rotation, dpi and renderer (:func:`_text_layout`): the atlas sets the same ticks,
  headings and labels on every page, each a new ``Text`` that matplotlib lays out afresh;
- draw PDF text from the cached layout, without loading outlines (:func:`_draw_text`);
- reuse the outline of a string drawn as a path (the labels' white halos, in every format);
- (export.fast_halos writes each PDF halo once per file, as a form XObject);
- measure and lay out each string once per (font files, size, dpi) for Agg too (PNG pages and slide
  pictures): ``RendererAgg`` runs libraqm twice per string per render, the same strings every export;
- rasterise each glyph once per position within its pixel (:func:`_agg_glyphs`): the same pixels;
- embed font subsets without GSUB/GPOS/GDEF/kern/MATH (:func:`export.font_subset.lean_subset`).

Every cache is keyed on everything its result depends on (resolved font files, size, string,
features, language) and bounded; the layout of a string in a font file never changes, so nothing
stale can be served. Mathtext and the 14 core fonts take matplotlib's own path unchanged.
"""
from __future__ import annotations

import itertools
import math
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import matplotlib as mpl
import numpy as np
from matplotlib import font_manager, textpath
from matplotlib import text as mtext
from matplotlib.backends import _backend_pdf_ps, backend_agg, backend_pdf
from matplotlib.ft2font import LoadFlags

from export.fast_ink import ink_measure
from export.font_subset import lean_subset

CACHE_SIZE = 20000

_ORIGINAL = {
    "draw_text": backend_pdf.RendererPdf.draw_text,
    "metrics": _backend_pdf_ps.RendererPDFPSBase.get_text_width_height_descent,
    "subset": _backend_pdf_ps.get_glyphs_subset,
    "text_path": textpath.TextToPath.get_text_path,
    "agg_draw_text": backend_agg.RendererAgg.draw_text,
    "agg_metrics": backend_agg.RendererAgg.get_text_width_height_descent,
    "agg_glyphs": backend_agg.RendererAgg._draw_text_glyphs_and_boxes,
    "text_layout": mtext.Text._get_layout,
}


_FILES: dict | None = None  # font files by font properties, during one render (its rcParams are fixed)


def font_files(prop) -> tuple:
    """The font files matplotlib resolves ``prop`` to (first the face, then its fallbacks).

    Within a render, once per distinct font properties: matplotlib's own lookup reads eleven rcParams
    and the environment for each family of each string, on every page."""
    if _FILES is None:
        return tuple(font_manager.fontManager._find_fonts_by_props(prop))
    key = _prop_key(prop)
    found = _FILES.get(key)
    if found is None:
        found = _FILES[key] = tuple(font_manager.fontManager._find_fonts_by_props(prop))
    return found


def _prop_key(prop) -> tuple:
    return tuple(tuple(v) if isinstance(v, list) else v for v in vars(prop).values())


def _sized_font(files: tuple, size: float):
    font = font_manager.get_font(list(files))
    font.clear()
    font.set_size(size, 72)
    return font


@lru_cache(maxsize=CACHE_SIZE)
def measure(s: str, files: tuple, size: float) -> tuple[float, float, float]:
    """(width, height, descent) in points of ``s``, exactly as matplotlib's PDF renderer measures it."""
    font = _sized_font(files, size)
    font.set_text(s, 0.0, flags=LoadFlags.NO_HINTING)
    w, h = font.get_width_height()
    return w / 64, h / 64, font.get_descent() / 64


@lru_cache(maxsize=CACHE_SIZE)
def layout(s: str, files: tuple, size: float, features, language) -> tuple:
    """The glyphs of ``s`` as (font, char, glyph index, x, y, kern before) — what matplotlib's
    ``_text_helpers.layout`` yields, without loading each outline."""
    font = _sized_font(files, size)
    return tuple((item.ft_object, item.char, item.glyph_index, item.x, item.y, item.prev_kern)
                 for item in font._layout(s, LoadFlags.NO_HINTING, features=features, language=language))


@lru_cache(maxsize=CACHE_SIZE)
def _glyph_plan(items: tuple) -> tuple[tuple, tuple, tuple]:
    """(each glyph's (font, char, glyph index), the distinct ones in order of first use, each glyph's font) of
    a layout: what a file's glyph tracker is told, once per glyph, and where its subset may switch."""
    glyphs = tuple((ft_object, char, glyph_index) for ft_object, char, glyph_index, *_ in items)
    return glyphs, tuple(dict.fromkeys(glyphs)), tuple(g[0] for g in glyphs)


_LAYOUTS: dict[tuple, tuple] = {}
_RC_KEY: tuple = ()  # the rcParams text is measured with, during one render


def _text_layout(self, renderer):
    """``Text._get_layout`` from a per-process cache: the result depends only on the string, the font
    properties, the line spacing, rotation and alignments, the figure's dpi, the renderer's kind and dpi,
    and the rcParams of text measurement, which the key holds. Wrapped, TeX and math text are laid out
    by matplotlib each time."""
    text = self._text
    if self._wrap or self.get_usetex() or (self._parse_math and "$" in text):
        return _ORIGINAL["text_layout"](self, renderer)
    inner = getattr(renderer, "_renderer", renderer)  # MixedModeRenderer: its vector or raster renderer
    ink = (getattr(self, "ink_only", False) and isinstance(inner, backend_pdf.RendererPdf) and "\n" not in text
           and self.get_rotation() == 0 and self._horizontalalignment == "left")
    key = (ink, text, _prop_key(self._fontproperties), self._linespacing, self.get_rotation(), self._rotation_mode,
           self._horizontalalignment, self._verticalalignment, self._multialignment, self._parse_math,
           self.get_figure(root=True).dpi, type(inner), getattr(inner, "dpi", None), _RC_KEY)
    try:
        found = _LAYOUTS.get(key)
    except TypeError:  # an unhashable property: not cached
        return _ORIGINAL["text_layout"](self, renderer)
    if found is None:
        found = _ink_only_layout(self, renderer) if ink else _ORIGINAL["text_layout"](self, renderer)
        if len(_LAYOUTS) >= CACHE_SIZE:
            _LAYOUTS.clear()
        _LAYOUTS[key] = found = (found[0].frozen(), tuple(found[1]), found[2])
    return found[0], list(found[1]), found[2]


_INK_ONLY = False  # within the layout of a Text whose width nothing reads (export.fast_ink)


def _ink_only_layout(self, renderer):
    """``Text._get_layout`` of a line marked ``ink_only`` (a left-aligned, unrotated line whose box nothing
    reads: the sources pages' lines): its height and descent from the layout it is drawn with."""
    global _INK_ONLY
    _INK_ONLY = True
    try:
        return _ORIGINAL["text_layout"](self, renderer)
    finally:
        _INK_ONLY = False


def _metrics(self, s, prop, ismath):
    if ismath or mpl.rcParams[self._use_afm_rc_name]:
        return _ORIGINAL["metrics"](self, s, prop, ismath)
    files, size = font_files(prop), prop.get_size_in_points()
    if _INK_ONLY:
        try:
            return ink_measure(layout(s, files, size, None, None), size, lambda: _sized_font(files, size))
        except TypeError:
            pass
    return measure(s, files, size)


def _draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """``RendererPdf.draw_text`` for TrueType text (Type 42), from the cached layout.

    The same operators as matplotlib's: one BT/ET per string, a font switch per subset, kerning as TJ
    adjustments, a link annotation when the text has a URL."""
    if ismath or mpl.rcParams["pdf.use14corefonts"]:
        return _ORIGINAL["draw_text"](self, gc, x, y, s, prop, angle, ismath, mtext)
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    fontsize = prop.get_size_in_points()
    files = font_files(prop)
    try:
        items = layout(s, files, fontsize, features, language)
    except TypeError:  # unhashable features/language: matplotlib's own path
        return _ORIGINAL["draw_text"](self, gc, x, y, s, prop, angle, ismath, mtext)
    self.check_gc(gc, gc._rgb)
    file = self.file
    a = math.radians(angle)
    file.output(backend_pdf.Op.gsave)
    file.output(math.cos(a), math.sin(a), -math.sin(a), math.cos(a), x, y, backend_pdf.Op.concat_matrix)
    bodies = file.__dict__.setdefault("_fast_text_bodies", {})  # this file's text objects, by string
    key = (s, files, fontsize, features, language)
    body = bodies.get(key)
    if body is None:
        body = bodies[key] = _text_body(self, items, fontsize, key)
    file.write(body)
    if gc.get_url() is not None:
        width, height, _ = measure(s, files, fontsize)
        self.file._annotations[-1][1].append(backend_pdf._get_link_annotation(gc, x, y, width, height, angle))


_BODIES: dict[tuple, bytes] = {}  # text objects by string, glyph codes and font names (any file)


def _text_body(self, items: tuple, fontsize: float, key: tuple) -> bytes:
    """The bytes from BT to the closing grestore of one string (``key``: its layout's key), as matplotlib's
    ``output`` calls write them.

    They depend only on the string's layout, the codes this file gives its glyphs and the names it
    gives its font subsets: the glyphs are registered with the file's tracker in matplotlib's order
    (the subsets it embeds are the same), then the bytes come from a per-process cache keyed on those
    codes and names — a label, tick or legend entry drawn again, on the next atlas page or in the next
    export, is not formatted again."""
    fonttype = mpl.rcParams["pdf.fonttype"]
    file = self.file
    tracker = file._character_tracker
    seen = file.__dict__.setdefault("_fast_text_glyphs", {})  # this file's track_glyph answers
    names = file.__dict__.setdefault("_fast_font_names", {})  # this file's subset names
    glyphs, first_use, glyph_fonts = _glyph_plan(items)
    for glyph in first_use:  # the tracker hears of each glyph once, in the order the string first uses it
        if glyph not in seen:
            seen[glyph] = tracker.track_glyph(*glyph)
    codes = [seen[glyph] for glyph in glyphs]
    fonts: list = []
    for font, _run in itertools.groupby(zip(glyph_fonts, [code[0] for code in codes])):  # (font, subset) runs
        name = names.get(font)
        if name is None:
            ft_object, subset = font
            name = names[font] = file.fontName(font_manager.FontPath(ft_object.fname, ft_object.face_index), subset)
        fonts.append(name)
    full = (key, fonttype, tuple(codes), tuple(fonts))
    body = _BODIES.get(full)
    if body is None:
        body = _format_body(self, items, fontsize, fonttype, codes, fonts)
        if len(_BODIES) >= CACHE_SIZE:
            _BODIES.clear()
        _BODIES[full] = body
    return body


def _format_body(self, items: tuple, fontsize: float, fonttype: int, codes: list, fonts: list) -> bytes:
    """The text object of one string from its glyphs' (subset, code) and its subsets' names, in order."""
    Op = backend_pdf.Op
    parts: list[bytes] = []

    def out(*data) -> None:
        parts.append(backend_pdf._fill([backend_pdf.pdfRepr(v) for v in data]))
        parts.append(b"\n")

    def flush(chunk: list) -> None:
        if chunk:
            if fonttype == 42:
                parts.append(_kerned_glyphs(chunk, fontsize))
            else:
                out([(-1000 * next(group) / fontsize) if tp is float else self._encode_glyphs(group, fonttype)
                     for tp, group in itertools.groupby(chunk, type)], Op.showkern)
            chunk.clear()

    chunk: list = []
    names = iter(fonts)
    prev_font = None
    prev_start_x = 0
    out(Op.begin_text)
    for (ft_object, _char, _glyph_index, gx, gy, kern), (subset, charcode) in zip(items, codes):
        if (ft_object, subset) != prev_font:
            flush(chunk)
            out(next(names), fontsize, Op.selectfont)
            out(gx - prev_start_x, 0, Op.textpos)  # RendererPdf._setup_textpos at angle 0
            prev_font = (ft_object, subset)
            prev_start_x = gx
        if gy:
            flush(chunk)
            out(gy, Op.textrise)
        if kern:
            chunk.append(float(kern))
        chunk.append(charcode)
        if gy:
            flush(chunk)
            out(0, Op.textrise)
    flush(chunk)
    out(Op.end_text)
    out(Op.grestore)
    return b"".join(parts)


def _kerned_glyphs(chunk: list, fontsize: float) -> bytes:
    """``out([kerns and glyph strings], Op.showkern)`` for TrueType (Type 42) glyphs, the same bytes:
    a kern (a float) is written as ``pdfRepr`` writes it, each run of 2-byte glyph codes as one escaped
    string, the array folded at 75 characters by ``_fill`` — without ``pdfRepr``'s dispatch per item."""
    items: list[bytes] = [b"["]
    codes: list[int] = []
    for value in chunk:
        if type(value) is float:
            if codes:
                items.append(_glyph_string(codes))
                codes = []
            kern = -1000 * value / fontsize
            if not math.isfinite(kern):
                raise ValueError("Can only output finite numbers in PDF")
            items.append((b"%.10f" % kern).rstrip(b"0").rstrip(b"."))
        else:
            codes.append(value)
    if codes:
        items.append(_glyph_string(codes))
    items.append(b"]")
    return backend_pdf._fill([backend_pdf._fill(items), backend_pdf.Op.showkern.value]) + b"\n"


def _glyph_string(codes: list[int]) -> bytes:
    raw = struct.pack(f">{len(codes)}H", *codes)  # _encode_glyphs for Type 42: each code in 2 bytes, big-endian
    return b"(" + raw.decode("latin-1").translate(backend_pdf._str_escapes).encode("latin-1") + b")"


@lru_cache(maxsize=CACHE_SIZE)
def agg_measure(s: str, files: tuple, size: float, dpi: float, flags, hinting_factor) -> tuple[float, float, float]:
    """(width, height, descent) in pixels of ``s`` at ``dpi``, exactly as ``RendererAgg`` measures it."""
    font = font_manager.get_font(list(files), hinting_factor)
    font.clear()
    font.set_size(size, dpi)
    font.set_text(s, 0.0, flags=flags)
    w, h = font.get_width_height()
    return w / 64, h / 64, font.get_descent() / 64


@lru_cache(maxsize=CACHE_SIZE)
def agg_layout(s: str, files: tuple, size: float, dpi: float, flags, hinting_factor, features, language) -> tuple:
    """The glyphs of ``s`` at ``dpi`` as (font, glyph index, x, y) pixels — ``RendererAgg.draw_text``'s layout."""
    font = font_manager.get_font(list(files), hinting_factor)
    font.clear()
    font.set_size(size, dpi)
    return tuple((item.ft_object, item.glyph_index, item.x, item.y)
                 for item in font._layout(s, flags=flags, features=features, language=language))


def _agg_metrics(self, s, prop, ismath):
    if ismath:
        return _ORIGINAL["agg_metrics"](self, s, prop, ismath)
    return agg_measure(s, font_files(prop), prop.get_size_in_points(), self.dpi, backend_agg.get_hinting_flag(),
                       mpl.rcParams["text.hinting_factor"])


def _agg_draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """``RendererAgg.draw_text`` from the cached layout of the string (the same glyphs at the same places)."""
    if ismath:
        return _ORIGINAL["agg_draw_text"](self, gc, x, y, s, prop, angle, ismath, mtext)
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    size = prop.get_size_in_points()
    try:
        items = agg_layout(s, font_files(prop), size, self.dpi, backend_agg.get_hinting_flag(),
                           mpl.rcParams["text.hinting_factor"], features, language)
    except TypeError:  # unhashable features/language: matplotlib's own path
        return _ORIGINAL["agg_draw_text"](self, gc, x, y, s, prop, angle, ismath, mtext)
    self._draw_text_glyphs_and_boxes(gc, x, y, angle, ((ft, size, gi, 0, 1, gx, gy) for ft, gi, gx, gy in items), [])


_GLYPHS: dict[tuple, tuple[np.ndarray, int, int]] = {}


def _agg_glyphs(self, gc, x, y, angle, glyphs, boxes):
    """``RendererAgg._draw_text_glyphs_and_boxes`` with each glyph's bitmap rendered once per (font, size,
    dpi, glyph, transform, position within its pixel): moving a glyph by whole pixels moves FreeType's
    bitmap by whole pixels, so a string drawn again at any pixel-aligned offset (every label, legend
    entry and tick of every export) copies the same bitmaps. The pixels are identical."""
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    load_flags = backend_agg.get_hinting_flag()
    antialiased = gc.get_antialiased()
    mode = backend_agg.RenderMode.NORMAL if antialiased else backend_agg.RenderMode.MONO
    height = int(self.height)
    for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])
                  @ [[extend, extend * slant], [0, 1]]).round().astype(int)
        px = round(0x40 * (x + dx * cos - dy * sin))
        py = round(0x40 * (self.height - y + dx * sin + dy * cos))  # FreeType's y is upwards
        key = (font, size, self.dpi, glyph_index, matrix.tobytes(), px % 64, py % 64, load_flags, antialiased)
        found = _GLYPHS.get(key)
        if found is None:
            font.set_size(size, self.dpi)
            font._set_transform(matrix, [px % 64, py % 64])
            bitmap = font._render_glyph(glyph_index, load_flags, mode)
            buffer = np.array(bitmap.buffer)
            if not antialiased:
                buffer *= 0xff
            if len(_GLYPHS) >= CACHE_SIZE:
                _GLYPHS.clear()
            found = _GLYPHS[key] = (buffer, bitmap.left, bitmap.top)
        buffer, left, top = found
        self._renderer.draw_text_image(buffer, left + px // 64, height - (top + py // 64) + buffer.shape[0], 0, gc)
    if boxes:
        _ORIGINAL["agg_glyphs"](self, gc, x, y, angle, (), boxes)


_OUTLINES: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def _text_path(self, prop, s, ismath=False, *, features=None, language=None):
    """``TextToPath.get_text_path`` from a per-string cache: the outline of a halo (labels, north
    arrow) is the same on every page and in every format."""
    key = None if ismath else (s, font_files(prop), features, language, self.FONT_SCALE, self.DPI)
    try:
        found = _OUTLINES.get(key) if key is not None else None
    except TypeError:  # unhashable features/language: not cached
        key = found = None
    if found is None:
        verts, codes = _ORIGINAL["text_path"](self, prop, s, ismath, features=features, language=language)
        if key is None:
            return verts, codes
        if len(_OUTLINES) >= CACHE_SIZE // 4:
            _OUTLINES.clear()
        points = np.stack(verts).astype(float) if len(verts) else np.empty((0, 2))
        found = _OUTLINES[key] = (points, np.asarray(codes, dtype=np.uint8))
    return found[0].copy(), found[1].copy()


@contextmanager
def installed() -> Iterator[None]:
    """The faster text path for the duration of one render (callers hold the render lock)."""
    global _FILES, _RC_KEY
    outer, outer_rc = _FILES, _RC_KEY
    _FILES = {} if outer is None else outer
    _RC_KEY = tuple(mpl.rcParams[k] for k in ("text.hinting", "text.hinting_factor", "text.kerning_factor",
                                               "pdf.use14corefonts", "ps.useafm", "pdf.fonttype",
                                               "svg.fonttype", "text.antialiased"))
    mtext.Text._get_layout = _text_layout
    backend_pdf.RendererPdf.draw_text = _draw_text
    _backend_pdf_ps.RendererPDFPSBase.get_text_width_height_descent = _metrics
    _backend_pdf_ps.get_glyphs_subset = lean_subset
    textpath.TextToPath.get_text_path = _text_path
    backend_agg.RendererAgg.draw_text = _agg_draw_text
    backend_agg.RendererAgg.get_text_width_height_descent = _agg_metrics
    backend_agg.RendererAgg._draw_text_glyphs_and_boxes = _agg_glyphs
    try:
        yield
    finally:
        _FILES, _RC_KEY = outer, outer_rc
        mtext.Text._get_layout = _ORIGINAL["text_layout"]
        backend_pdf.RendererPdf.draw_text = _ORIGINAL["draw_text"]
        _backend_pdf_ps.RendererPDFPSBase.get_text_width_height_descent = _ORIGINAL["metrics"]
        _backend_pdf_ps.get_glyphs_subset = _ORIGINAL["subset"]
        textpath.TextToPath.get_text_path = _ORIGINAL["text_path"]
        backend_agg.RendererAgg.draw_text = _ORIGINAL["agg_draw_text"]
        backend_agg.RendererAgg.get_text_width_height_descent = _ORIGINAL["agg_metrics"]
        backend_agg.RendererAgg._draw_text_glyphs_and_boxes = _ORIGINAL["agg_glyphs"]
