"""AppTest helpers: run the real app.py and read what the map component was given."""
from __future__ import annotations

import html
import json
import re

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


def run_app(query: dict[str, str] | None = None, timeout: int = 90, first_screen_only: bool = False) -> AppTest:
    """The app as a browser shows it once the map has drawn: the session's first run sends the map
    alone (ui/first_screen.py) and the map's report starts the second; ``first_screen_only`` stops
    after the first."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    if not first_screen_only:
        at.run()
        assert not at.exception, at.exception
    return at


def page_heading(at: AppTest) -> str:
    """The page's heading as the reader sees it: the map page draws it as plain HTML (ui/plain_text.py)."""
    for block in at.html:
        found = re.search(r"<h1>(.*?)</h1>", block.value, re.S)
        if found:
            return html.unescape(found.group(1))
    return at.title[0].value


def captions(container) -> list[str]:
    """The captions a reader sees in ``container`` (``at`` or ``at.sidebar``), Streamlit's and our plain ones."""
    plain = [html.unescape(m) for block in container.html
             for m in re.findall(r'<p class="pm-caption">(.*?)</p>', block.value, re.S)]
    return [c.value for c in container.caption] + plain


def map_args(at: AppTest) -> dict:
    """The arguments of the st_folium component: its 'script' is the Leaflet code of the map."""
    components = at.get("component_instance")
    assert components, "the map component was not rendered"
    return json.loads(components[0].proto.json_args)


def map_code(at: AppTest) -> str:
    """All the map's Leaflet code: its frame's script and the layers swapped in without remounting it
    (the plan's layers and legend, see ui/map_component.py)."""
    args = map_args(at)
    return args["script"] + "\n" + (args.get("feature_group") or "")


def drawn_ids(at: AppTest) -> set[str]:
    """Feature ids present in the map's GeoJSON data."""
    return set(re.findall(r'"id": "([a-z0-9-]+)", "properties"', map_code(at)))


def css_classes(at: AppTest) -> set[str]:
    """Every class the map's layers carry (a point not at an exact position carries its precision's class too)."""
    return {c for names in re.findall(r'"className": "(pm-[a-z -]+)"', map_code(at)) for c in names.split()}


def feature_props(at: AppTest, feature_id: str) -> dict:
    """The properties the map carries for one feature (what its tooltip shows)."""
    match = re.search(r'"id": "%s", "properties": (\{[^{}]*\})' % re.escape(feature_id), map_code(at))
    assert match, f"{feature_id} is not on the map"
    return json.loads(match.group(1))


def facts(at: AppTest) -> dict[str, str]:
    """Every "**Label:** value" line the page shows, as {label: value as written in Markdown}."""
    out: dict[str, str] = {}
    for block in at.markdown:
        for line in block.value.split("  \n"):
            match = re.match(r"\*\*(.+?):\*\* (.*)", line)
            if match:
                out[match.group(1).replace("\\", "")] = match.group(2).replace("\\", "")
    return out


def md_tables(at: AppTest) -> dict[str, dict[str, str]]:
    """Every two-column Markdown table the page shows, as {first header: {label: value}} (unescaped)."""
    tables: dict[str, dict[str, str]] = {}
    for block in at.markdown:
        lines = [line for line in block.value.splitlines() if line.startswith("|")]
        if len(lines) < 2:
            continue
        cells = [[c.strip().replace("\\", "") for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]
        tables[cells[0][0]] = {row[0]: row[1] for row in cells[2:]}
    return tables
