"""Named groups of artists: one ``<g id="…">`` per layer in SVG, so a designer can edit one layer.

matplotlib writes each artist with a ``gid`` as its own group; a map layer is many artists
(markers, labels, leader lines). :class:`ArtistGroup` draws its children inside one renderer
group, so the SVG holds ``<g id="base-geography">…</g>`` around everything of that layer, and
the whole group sits at one z-order (the base under everything).
"""
from __future__ import annotations

from matplotlib.artist import Artist, allow_rasterization


class ArtistGroup(Artist):
    """A container artist: its children are drawn in order, inside one named renderer group."""

    def __init__(self, gid: str, zorder: float) -> None:
        super().__init__()
        self.set_gid(gid)
        self.set_zorder(zorder)
        self.children: list[Artist] = []

    def add(self, artist: Artist) -> Artist:
        """Adopt ``artist`` (already given its transform and clipping); returns it."""
        self.children.append(artist)
        if self.figure is not None:
            artist.set_figure(self.figure)
        return artist

    def set_figure(self, fig) -> None:  # children follow the group into its figure
        super().set_figure(fig)
        for child in self.children:
            child.set_figure(fig)

    def get_children(self) -> list[Artist]:
        return list(self.children)

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        renderer.open_group(self.get_gid(), gid=self.get_gid())
        for child in sorted(self.children, key=lambda a: a.get_zorder()):
            child.draw(renderer)
        renderer.close_group(self.get_gid())
        self.stale = False


def group_on(ax, gid: str, zorder: float) -> ArtistGroup:
    """A new named group drawn in ``ax`` at ``zorder``."""
    group = ArtistGroup(gid, zorder)
    ax.add_artist(group)
    return group


class LazyGroup:
    """A group made on its first child: no empty ``<g>`` for a layer without such features."""

    def __init__(self, ax, gid: str, zorder: float) -> None:
        self.ax, self.gid, self.zorder = ax, gid, zorder
        self.group: ArtistGroup | None = None

    def add(self, artist: Artist) -> Artist:
        if self.group is None:
            self.group = group_on(self.ax, self.gid, self.zorder)
        return self.group.add(artist)
