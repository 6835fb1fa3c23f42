"""Label halos in a PDF written once per file: a form XObject per distinct outline, referenced by every page.

A label's white halo is its outline stroked as a path (so pdftotext reads the label once, from its text).
matplotlib writes that path anew wherever the label is drawn; an atlas shows the same labels on dozens
of pages. Within :func:`export.draw.rendering`, each distinct halo (string, font, size, angle, paint)
is written once, as matplotlib's ``draw_markers`` writes a marker, and each use is a ``Do`` of it.
An outline's path operators and box depend only on the string, its font files, size and angle, so they are
formatted once per process (:func:`_outline_ops`), not once per file: every export sets the same labels. So is
the compressed body of its XObject (:func:`write_markers`): the same operators, written in the same pieces to a
new zlib stream of the same level, give the same bytes.
"""
from __future__ import annotations

from contextlib import AbstractContextManager, ExitStack

import matplotlib

from matplotlib import patheffects
from matplotlib.backends import backend_pdf
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Bbox

from export.fast_text import font_files
from export.patching import patched

_ORIGINAL_EFFECT_TEXT = patheffects.PathEffectRenderer._draw_text_as_path  # RendererBase's, inherited


class _Outline(Path):
    """A glyph outline whose extents are its control points' box: it holds the curves (each lies in the hull
    of its control points), which is all a form XObject's BBox must do, without ``Path.get_extents``
    solving every Bézier segment in Python (milliseconds per label)."""

    def get_extents(self, transform=None, **kwargs):
        points = self.vertices if self.codes is None else self.vertices[self.codes != Path.CLOSEPOLY]
        if transform is not None:
            points = transform.transform(points)
        return Bbox([points.min(axis=0), points.max(axis=0)]) if len(points) else Bbox.null()


def halo_as_xobject(self, gc, x, y, s, prop, angle, ismath, mtext=None):
    """``PathEffectRenderer._draw_text_as_path`` for a string stroked into a PDF (a label's halo): each
    distinct outline (string, font, size, angle, paint) is written once per file as a form XObject — as
    matplotlib's ``draw_markers`` writes a marker — and each halo is a ``Do`` of it at its place.

    The same graphics state as ``RendererBase._draw_text_as_path`` then ``Stroke.draw_path`` then
    ``RendererPdf.draw_path`` set (colour, width, clip), the same outline and paint operator, so the
    same pixels; a file that shows a label on twenty pages holds its outline once, not twenty times."""
    inner = self._renderer
    inner = getattr(inner, "_renderer", inner)  # print_pdf's MixedModeRenderer draws with its RendererPdf
    effects = self._path_effects
    if (ismath or not isinstance(inner, backend_pdf.RendererPdf) or not effects
            or not all(type(e) is patheffects.Stroke and not any(e._offset) for e in effects)):
        return _ORIGINAL_EFFECT_TEXT(self, gc, x, y, s, prop, angle, ismath, mtext)
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    fontsize = inner.points_to_pixels(prop.get_size_in_points())
    files = font_files(prop)
    colour = gc.get_rgb()
    gc.set_linewidth(0.0)
    file = inner.file
    names = file.__dict__.setdefault("_fast_halo_names", {})  # this file's halo XObjects, by outline and paint
    Op = backend_pdf.Op
    for effect in effects:
        gc0 = inner.new_gc()
        gc0.copy_properties(gc)
        gc0 = effect._update_gc(gc0, effect._gc)
        inner.check_gc(gc0, colour)
        fill, stroke = bool(gc0.fill(colour)), bool(gc0.stroke())
        key = (s, files, fontsize, angle, features, language, fill, stroke, gc0.get_joinstyle(), gc0.get_capstyle(),
               inner.gc._linewidth)
        try:
            name = names.get(key)
        except TypeError:  # unhashable features/language: matplotlib's own path
            gc0.restore()
            return _ORIGINAL_EFFECT_TEXT(self, gc, x, y, s, prop, angle, ismath, mtext)
        if name is None:
            ops, extents = _outline_ops(inner._text2path, prop, s, files, fontsize, angle, features, language)
            name = names[key] = _marker(file, ops, extents, fill, stroke, inner.gc._linewidth, gc0.get_joinstyle(),
                                        gc0.get_capstyle())
        file.output(Op.gsave, 1, 0, 0, 1, x, y, Op.concat_matrix, name, Op.use_xobject, Op.grestore)
        gc0.restore()


_OPS: dict[tuple, tuple[bytes, tuple[float, float, float, float]]] = {}
_OPS_SIZE = 4096


def _outline_ops(text2path, prop, s: str, files: tuple, fontsize: float, angle: float, features, language
                 ) -> tuple[bytes, tuple[float, float, float, float]]:
    """(PDF path operators, box) of the outline of ``s`` at ``fontsize`` points and ``angle``: what
    ``markerObject`` computes of it (``pathOperations`` unsimplified, ``get_extents``), once per process.

    Keyed as the outline is (export.fast_text's ``_text_path``: the string, the font files ``prop`` resolves
    to, features, language, the outline's own scale), plus size and angle; ``prop`` itself is not in the key
    (a Text may change its own later)."""
    key = (s, files, features, language, text2path.FONT_SCALE, text2path.DPI, fontsize, angle)
    found = _OPS.get(key)
    if found is None:
        verts, codes = text2path.get_text_path(prop, s, features=features, language=language)
        outline = _Outline(verts, codes)
        scale = Affine2D().scale(fontsize / text2path.FONT_SCALE).rotate_deg(angle)
        (ops,) = backend_pdf.PdfFile.pathOperations(outline, scale, simplify=False)
        if len(_OPS) >= _OPS_SIZE:
            _OPS.clear()
        found = _OPS[key] = (ops.pdfRepr(), tuple(outline.get_extents(scale).extents))
    return found


def _marker(file, ops: bytes, extents, fill: bool, stroke: bool, lw: float, joinstyle, capstyle):
    """``file.markerObject`` for an outline whose operators and box are known: a new form XObject of the file
    (each halo key of a file makes one, as each ``markerObject`` call with a new path did), its name."""
    name = backend_pdf.Name("M%d" % len(file.markers))
    ob = file.reserveObject("marker %d" % len(file.markers))
    file.markers[((backend_pdf.Verbatim(ops),), bool(fill), bool(stroke), joinstyle, capstyle)] = [
        name, ob, Bbox.from_extents(*extents), lw]
    return name


_BODIES: dict[tuple, bytes] = {}
_BODIES_SIZE = 1024   # a few kilobytes each (the keys share _OPS's operator bytes)


def write_markers(self) -> None:
    """``PdfFile.writeMarkers``: each marker's form XObject, as matplotlib writes it; its compressed body (the
    same operators in the same pieces: its join, its cap, its path, its paint) is compressed once per process
    and then copied, not compressed again for every file (a map page's halo outlines are a few hundred
    kilobytes). Keyed on the operators' own bytes, so a body is only ever reused for the same content."""
    Op, GC = backend_pdf.Op, backend_pdf.GraphicsContextPdf
    level = matplotlib.rcParams["pdf.compression"]
    for (pathops, fill, stroke, joinstyle, capstyle), (_name, ob, bbox, lw) in self.markers.items():
        bbox = bbox.padded(lw * 5)  # as writeMarkers pads it (half a mitred line outside the control points)
        self.beginStream(ob.id, None, {"Type": backend_pdf.Name("XObject"), "Subtype": backend_pdf.Name("Form"),
                                       "BBox": list(bbox.extents)})
        stream = self.currentstream
        cached = len(pathops) == 1 and type(pathops[0]) is backend_pdf.Verbatim and stream.compressobj is not None
        # (a halo's outline, or a marker's path: markerObject keeps either as one Verbatim of its operators)
        key = (pathops[0].pdfRepr(), bool(fill), bool(stroke), joinstyle, capstyle, level) if cached else None
        body = _BODIES.get(key) if cached else None
        if body is not None:
            stream.file.write(body)   # the stream's own buffer (its length known: the header is written at its end)
            stream.compressobj = None
        else:
            self.output(GC.joinstyles[joinstyle], Op.setlinejoin)
            self.output(GC.capstyles[capstyle], Op.setlinecap)
            self.output(*pathops)
            self.output(Op.paint_path(fill, stroke))
            if cached:
                stream._flush()
                if len(_BODIES) >= _BODIES_SIZE:
                    _BODIES.clear()
                _BODIES[key] = stream.file.getvalue()
        self.endStream()


def installed() -> AbstractContextManager[None]:
    """Halos as shared XObjects for the duration of one render (callers hold the render lock)."""
    stack = ExitStack()
    stack.enter_context(patched(patheffects.PathEffectRenderer, "_draw_text_as_path", halo_as_xobject))
    stack.enter_context(patched(backend_pdf.PdfFile, "writeMarkers", write_markers))
    return stack
