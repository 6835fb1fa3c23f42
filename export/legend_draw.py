"""The print legend drawn in its own axes: headed sections, each symbol as the map draws it.

The rows' places come from export.legend_layout (pure sizes); this module only draws them.
"""
from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle as MplRectangle
from matplotlib.transforms import Affine2D, Bbox

from export.legend_layout import MIN_SIZE_PT, SYMBOL_FILL, Layout, layout_legend
from export.symbols import LEADER_COLOUR, PX_TO_PT, SymbolEntry, dashes, marker_size, outline_dashes, symbol_patch
from layers.base import LegendEntry


def _legend_symbol(ax, entry: LegendEntry, cx: float, cy: float, width: float, size: float, trans) -> None:
    """Draw one legend symbol centred at (cx, cy) points, as the map draws it.

    Added with ``add_artist``, drawn in the same order and clipped to the same axes as with ``add_patch`` and
    ``add_line``, which first measure each artist for the axes' data limits — a symbol in figure points
    moves no limit, yet a circle's Bézier extremes were solved in Python for each."""
    s = entry.style
    if entry.shape == "line":
        ax.add_artist(Line2D([cx - width / 2, cx + width / 2], [cy, cy], color=s.colour,
                           linewidth=min(s.weight, 5) * PX_TO_PT, linestyle=dashes(s), transform=trans))
        return
    if entry.shape == "area":
        ax.add_artist(MplRectangle((cx - width / 2, cy - size * 0.4), width, size * 0.8, transform=trans,
                                  facecolor=to_rgba(s.fill_colour or s.colour, s.fill_opacity), edgecolor=s.colour,
                                  linestyle=dashes(s), linewidth=1.0))
        return
    if entry.shape == "text":   # a paragraph: no symbol
        return
    if isinstance(entry, SymbolEntry):
        marker, half, hollow, leader = entry.marker, entry.half_pt, entry.hollow_dashed, entry.leader
    else:
        marker, half, hollow, leader = "o", marker_size(s) / 2, False, False
    if leader:
        left = cx - width / 2 + 1
        ax.add_artist(Line2D([left, cx + width / 2 - 2 * half], [cy, cy], color=LEADER_COLOUR, linewidth=0.5,
                           transform=trans))
        ax.add_artist(Line2D([left], [cy], marker="o", markersize=1.8, color=LEADER_COLOUR, transform=trans))
        cx = cx + width / 2 - half - 1
    face = to_rgba(s.fill_colour or s.colour, s.fill_opacity if hollow else 1.0)
    ax.add_artist(symbol_patch(marker, (cx, cy), half, face=face, edge=s.colour,
                              linewidth=max(s.weight * PX_TO_PT, 0.5), dashed=outline_dashes(s) if hollow else False,
                              transform=trans))


def legend_points(fig, box: Bbox) -> tuple[float, float]:
    """(width, height) in points of a legend in the figure box ``box`` (figure fractions)."""
    return box.width * fig.get_figwidth() * 72, box.height * fig.get_figheight() * 72


def draw_legend(ax, sections: list[tuple[str, list[LegendEntry]]], title: str, *, fontsize: float = 7.5,
                ncol: int = 1, floor: float = MIN_SIZE_PT, more: str = "(tiếp)") -> Layout:
    """The legend in an empty axes: headed sections, each row as tall as its symbol or label, the type no smaller
    than ``floor``; a section split across columns has its heading again, marked ``more``."""
    ax.set_axis_off()
    fig = ax.figure
    box = ax.get_position()
    layout = layout_legend(sections, title, *legend_points(fig, box), fontsize, ncol, floor, more)
    # points from the axes' top-left corner, y downward → display
    trans = (Affine2D().scale(1 / 72, -1 / 72).translate(box.x0 * fig.get_figwidth(), box.y1 * fig.get_figheight())
             + fig.dpi_scale_trans)
    for item in layout.items:
        weight = "bold" if item.kind in ("title", "heading") else "normal"
        colour = "#1a237e" if item.kind == "heading" else "#212121"
        text_x = item.x + (item.symbol_w + item.size * 0.5 if item.entry is not None else 0)
        line_h = item.size * 1.22
        top = item.y + (item.height - line_h * len(item.lines)) / 2 if item.entry is not None else item.y
        for n, line in enumerate(item.lines):
            ax.text(text_x, top + n * line_h, line, transform=trans, fontsize=item.size, fontweight=weight,
                    color=colour, va="top", ha="left", parse_math=False)
        if item.entry is not None:
            _legend_symbol(ax, item.entry, item.x + item.symbol_w / 2, item.y + item.height / 2, item.symbol_w * SYMBOL_FILL,
                           item.size, trans)
    return layout
