"""Text helpers that keep Vietnamese usable: search that ignores diacritics, safe file names."""
from __future__ import annotations

import re
import unicodedata
import urllib.parse

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case ``text`` and drop diacritics ("Lương Điền" → "luong dien") for matching only."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().casefold()


def fold_key(text: str | None, separators: str = "", joiner: str = " ") -> str:
    """``fold(text)`` with each run of spaces or of ``separators`` made one ``joiner``: a key for words
    typed by hand ("Kinh độ (°)" → "kinh do (°)"; with separators "()" and joiner "" → "kinhdo°")."""
    runs = re.compile(r"[\s" + re.escape(separators) + r"]+") if separators else _SPACES
    return runs.sub(joiner, fold(text)).strip(joiner or None)


def vn_int(n: int) -> str:
    """12345 → "12.345": a whole number with the Vietnamese thousands separator."""
    return f"{int(n):,}".replace(",", ".")


# How officials shorten the kinds of place in names, reports and search boxes ("KCN Phúc Điền",
# "TP Hải Dương"): a search for one finds the other, whichever way the name or the query is written.
ABBREVIATIONS = {
    "kcn": "khu cong nghiep", "ccn": "cum cong nghiep", "kkt": "khu kinh te",
    "tp": "thanh pho", "tx": "thi xa", "tt": "thi tran",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")\b\.?")


def spelled_out(text: str | None) -> str:
    """``fold(text)`` with the abbreviations of kinds of place written in full ("KCN Đại An" → "khu cong nghiep dai an")."""
    return _SPACES.sub(" ", _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(1)] + " ", fold(text))).strip()


def matches(query: str, *candidates: str | None) -> bool:
    """True when every word of ``query`` appears in one of ``candidates`` (diacritics, case and the
    abbreviations "KCN", "TP", … ignored)."""
    words = spelled_out(query).split()
    if not words:
        return False
    return any(all(word in spelled_out(c) for word in words) for c in candidates if c)


def slug(text: str) -> str:
    """An ASCII slug for URLs and ids ("Bản đồ quy hoạch" → "ban-do-quy-hoach")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def shown(value: object, empty: str = "—") -> str:
    """``value`` as a reader sees it: ``empty`` for a missing value (None, NaN, NaT, pandas NA, ""),
    never the machine words "nan", "None" or "NaT"."""
    if isinstance(value, str):
        return value.strip() or empty  # a person's text is theirs, even "None"
    if value is None or str(value) in ("NaT", "<NA>", "nan", "NaN"):  # how NaN, NaT and pandas NA print
        return empty
    return str(value)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: object) -> str:
    """Escape Markdown so data shown by a Markdown renderer stays literal text (no links, images)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def md_table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table whose cells show their text literally (escaped, one line each).

    Streamlit draws Markdown with code the page already has, where a data-frame widget
    would make the browser fetch ~1.9 MB of grid code before the map could appear.
    """
    def cell(value: object) -> str:
        return md_escape(_SPACES.sub(" ", "" if value is None else str(value)).strip())

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# An address runs to a space or a ";" (a comma inside it, as in Wikipedia's "Phú_Thái,_Kim_Thành", belongs to it), and
# does not end in the punctuation of the sentence round it.
_URL = re.compile(r"https?://[^\s;<>\"']*[^\s;,.<>\"')]")


_UNSEEN = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def url_shown(url: str) -> str:
    """A web address as its reader writes it: percent-escapes decoded ("Kim_Th%C3%A0nh" → "Kim_Thành"). An
    escape that is not UTF-8, or that decodes to a space, a line break or an invisible or direction-changing
    character, stays as written: the text shown never hides or disguises where the link goes."""
    try:
        decoded = urllib.parse.unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url
    return url if _UNSEEN.search(decoded) else decoded


def md_linkify(text: object) -> str:
    """Markdown for ``text`` shown literally, except that http(s) addresses become links.

    Only http and https are linked (never ``javascript:`` or ``data:``); the link text is
    the address as a reader writes it (``url_shown``), escaped, and the target is the address itself
    with its Markdown-sensitive characters percent-encoded.
    """
    text = "" if text is None else str(text)
    out, last = [], 0
    for match in _URL.finditer(text):
        url = match.group(0)
        out.append(md_escape(text[last:match.start()]))
        target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        out.append(f"[{md_escape(url_shown(url))}]({target})")
        last = match.end()
    out.append(md_escape(text[last:]))
    return "".join(out)


# The data marks a fact without a trustworthy page "nguồn yếu (weakly sourced): chưa tìm được nguồn chính thức", for the
# file's readers in both languages; shown to people, each language says it in its own words (walk 16, finding 2).
_WEAK = re.compile(r"nguồn yếu \(weakly sourced\)(:\s*chưa tìm được nguồn chính thức)?", re.IGNORECASE)
_WEAK_WORDS = {"vi": ("nguồn yếu", "nguồn yếu: chưa có văn bản chính thức"),
               "en": ("weakly sourced", "weakly sourced: no official document yet")}


def source_shown(text: object, lang: str = "vi") -> str:
    """A source as the data states it, its weak-source mark in the reader's language only."""
    words = _WEAK_WORDS["en" if lang == "en" else "vi"]
    def said(m: re.Match) -> str:
        shown_words = words[bool(m.group(1))]
        return shown_words[0].upper() + shown_words[1:] if m.group(0)[0].isupper() else shown_words

    return _WEAK.sub(said, "" if text is None else str(text))
