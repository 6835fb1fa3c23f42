"""Map code sent as written, less what only its reader needs: indentation and comments.

Every map the app shows carries this code to the browser (through streamlit-folium, JSON-escaped),
and a template's indentation and comments were a fifth of it. Lines are stripped, comment lines
dropped, and a comment at a line's end is dropped when it holds no quote (so never from a string).
"""
from __future__ import annotations

import re

_TRAILING_COMMENT = re.compile(r"\s+//\s[^'\"`]*$")


def compact_js(source: str) -> str:
    """``source`` (a template's text, JS with Jinja in it) without indentation, blank lines and comments."""
    lines = []
    for line in source.splitlines():
        line = _TRAILING_COMMENT.sub("", line.strip())
        if line and not line.startswith("//"):
            lines.append(line)
    return "\n".join(lines)
