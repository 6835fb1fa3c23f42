"""A light reference to one planned feature, shared by the store, exports and UI."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FeatureRef:
    """What other packages need to know about a feature without loading geometry."""

    id: str
    layer: str
    name: str
    district: str | None = None
    districts: tuple[str, ...] = field(default_factory=tuple)

    def in_scope(self, scope: set[str] | frozenset[str]) -> bool:
        """True when any of the feature's districts (or its id) is in ``scope``; '*' is everything."""
        if "*" in scope or self.id in scope:
            return True
        names = set(self.districts) | ({self.district} if self.district else set())
        return bool(names & set(scope))

    def districts_text(self) -> str:
        """The feature's districts as one line ("Bình Giang, Thanh Miện"), each named once."""
        names = list(self.districts) or ([self.district] if self.district else [])
        return ", ".join(dict.fromkeys(n for n in names if n))
