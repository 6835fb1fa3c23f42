"""A coded value with its words in both languages (and a colour for the map): one row of a vocabulary."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    vi: str
    en: str
    colour: str = "#777777"

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi
