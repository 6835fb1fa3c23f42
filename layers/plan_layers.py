"""The plan's ``[[layers]]`` tables turned into ``LayerSpec`` objects (what the map, store and exports iterate).

Nothing here knows a layer by name: every difference between layers is a key of its table (docs/plan-format.md).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from core.bilingual import Text
from core.errors import DataError
from core.plan import PLAN_FILE, Plan, PlanTuple, check_keys, pair, strings
from layers.base import LayerSpec
from layers.style_rules import layer_style

LAYER_KEYS = ("id", "title", "files", "optional_files", "tables", "css_class", "order", "draw_on_top", "label_field",
              "class_field", "required", "tooltip_fields", "detail_fields", "style", "legend", "marker")
MARKERS = ("o", "s", "D", "^", "v", "p", "h")
REQUIRED_KEYS = ("id", "title", "files", "css_class", "required", "tooltip_fields", "detail_fields", "style")


def layer_specs(plan: Plan) -> tuple[LayerSpec, ...]:
    """Every layer of ``plan`` in draw order; a duplicate id or a missing data file stops with its name."""
    path = plan.folder / PLAN_FILE
    specs: list[LayerSpec] = []
    for table in plan.layers:
        spec = _spec(table, plan)
        if any(s.id == spec.id for s in specs):
            raise DataError(f"Tệp {path}: mã lớp '{spec.id}' bị trùng.", f"File {path}: layer id '{spec.id}' appears twice.")
        specs.append(spec)
    return PlanTuple(sorted(specs, key=lambda s: s.order))  # type: ignore[return-value]


def _spec(table: Mapping[str, Any], plan: Plan) -> LayerSpec:
    path = plan.folder / PLAN_FILE
    layer_id = table.get("id") if isinstance(table.get("id"), str) else "?"
    where = Text(f"Tệp {path}, lớp '{layer_id}'", f"File {path}, layer '{layer_id}'")
    check_keys(table, LAYER_KEYS, REQUIRED_KEYS, where)
    files = strings(table["files"], where, "files")
    optional = strings(table.get("optional_files", []), where, "optional_files")
    for name in files:
        if name not in optional and not (plan.folder / name).is_file():
            raise DataError(f"{where[0]}: không có tệp dữ liệu '{name}' trong {plan.folder}.",
                            f"{where[1]}: data file '{name}' not found in {plan.folder}.")
    if set(optional) - set(files):
        raise DataError(f"{where[0]}: 'optional_files' chỉ được nêu các tệp có trong 'files'.",
                        f"{where[1]}: 'optional_files' may only name files listed in 'files'.")
    style = layer_style(table, path, layer_id, plan.terms(plan.class_vocabulary), plan.radii(plan.class_vocabulary),
                        {name: (v.field, v.terms) for name, v in plan.vocabularies.items()})
    title = pair(table["title"], where, "title")
    marker = table.get("marker", "o")
    if marker not in MARKERS:
        raise DataError(f"{where[0]}: 'marker' = {marker!r} phải là một trong {', '.join(MARKERS)}.",
                        f"{where[1]}: 'marker' = {marker!r} must be one of {', '.join(MARKERS)}.")
    css_class = str(table["css_class"])
    return LayerSpec(
        id=layer_id, title_vi=title[0], title_en=title[1], files=tuple(files), css_class=css_class,
        required=tuple(strings(table["required"], where, "required")),
        tooltip_fields=tuple(strings(table["tooltip_fields"], where, "tooltip_fields")),
        detail_fields=tuple(strings(table["detail_fields"], where, "detail_fields")),
        style_of=style.style_of, legend=style.legend,
        css_class_of=functools.partial(_css_class_of, style, css_class),
        tables=tuple(strings(table.get("tables", []), where, "tables")),
        order=int(table.get("order", 0)), optional_files=tuple(optional),
        draw_on_top=bool(table.get("draw_on_top", False)), label_field=table.get("label_field"),
        class_field=table.get("class_field"), class_label_field=_label_column(plan, table.get("class_field")),
        status_shown=style.shows_status, marker=marker, colour_modes=style.own_modes())


def _label_column(plan: Plan, field: str | None) -> str | None:
    """The column ``decorate`` fills with the words of ``field``'s codes."""
    return next((v.label_column for v in plan.vocabularies.values() if field and v.field == field), None)


def _css_class_of(style, default: str, props: Mapping[str, Any]) -> str:
    return style.css_class_of(props, default)
