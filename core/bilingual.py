"""The one bilingual text type: every string, error and problem the product shows is a ``Text``.

Vietnamese is the default reader, English one click away; both are required, so a missing
translation fails where the text is written, not on the page of an English reader.
"""
from __future__ import annotations

from typing import NamedTuple

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"


class Text(NamedTuple):
    """A message in Vietnamese and English (a tuple, so ``("…", "…")`` tables read as Text)."""

    vi: str
    en: str

    def get(self, lang: str = DEFAULT_LANG) -> str:
        """The words in ``lang``; any language other than English reads Vietnamese."""
        return self.en if lang == "en" else self.vi

    def format(self, **values: object) -> "Text":
        """Both languages with ``{name}`` fields filled (values are text, never templates)."""
        return Text(self.vi.format(**values), self.en.format(**values))

    @classmethod
    def of(cls, pair: "Text | tuple[str, str]") -> "Text":
        """A Text from a (vi, en) pair, refusing a pair with a language missing."""
        vi, en = pair
        if not (isinstance(vi, str) and isinstance(en, str) and vi and en):
            raise ValueError(f"a Text needs both Vietnamese and English words: {pair!r}")
        return cls(vi, en)


class HasText:
    """Mixin of what carries a ``text: Text`` (errors, problems): its two languages read as ``.vi`` / ``.en``."""

    text: Text

    @property
    def vi(self) -> str:
        return self.text.vi

    @property
    def en(self) -> str:
        return self.text.en
