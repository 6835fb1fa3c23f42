"""Styles as data: a layer's ``[layers.style]`` and ``[[layers.legend]]`` tables of plan.toml, drawn.

A colour is a hex value or a word: ``status`` (the colour of the feature's status — or of its reporting-cycle state
when the map colours by the reporting cycle), ``class`` (the colour of its class when the map's colour mode is one of
the style's ``class_modes``, by default only "class", else its status colour), ``plan_match`` (whether the provincial
plan lists the feature too: layers/plan_comparison.py) or ``term:<vocabulary>`` (the colour of the feature's term of
that vocabulary of the plan). A rule's ``modes`` table replaces its colours in some colour modes
(``modes = { wastewater = { fill = "term:wastewater" } }``). A radius is pixels, ``class`` (the class's radius)
or ``{ proportional_to = "area_ha" }`` (a circle whose area follows that field: layers/symbols.py).
The first rule whose ``when`` holds styles a feature; a rule without ``when`` catches the rest.
A legend entry may be limited to some colour modes (``modes = [...]``) or hidden in some (``except_modes``); it may
list the plan comparison's words (``plan_match = true``) or a vocabulary's terms in their colours
(``each_term = "<vocabulary>"``, each label after ``label_prefix``).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.bilingual import Text
from core.errors import DataError
from core.plan import Pair, check_keys, pair
from core.terms import Term
from layers.base import NEUTRAL_COLOUR, LegendEntry, Style, StyleContext, flag, status_colour
from layers.plan_comparison import PLAN_MATCH, match_colour
from layers.symbols import area_radius, size_legend

STATUS, CLASS, PLAN_MATCH_PAINT, TERM = "status", "class", "plan_match", "term:"
SHAPES = ("circle", "line", "area")
COLOUR_MODES = ("class", "status", "plan", "wastewater", "reporting")
_LOOK_KEYS = ("colour", "fill", "radius", "weight", "dash", "opacity", "fill_opacity")
_RULE_KEYS = _LOOK_KEYS + ("when", "dash_if", "css_class", "modes")
_LEGEND_KEYS = _LOOK_KEYS + ("label", "each_class", "size_key", "shape", "modes", "except_modes", "plan_match",
                             "each_term", "label_prefix")


@dataclass(frozen=True)
class Look:
    """Colours, size and line of one rule or legend entry, possibly naming ``status``/``class`` instead of a value."""

    colour: str
    fill: str | None = None
    radius: int | str = 0          # pixels, CLASS, or the name of the field a proportional symbol follows
    proportional: bool = False     # radius names a field (area-true circle)
    weight: float = 2.0
    dash: str | None = None
    opacity: float = 0.95
    fill_opacity: float = 0.85

    def uses(self, word: str) -> bool:
        return word in (self.colour, self.fill)


@dataclass(frozen=True)
class Rule:
    look: Look
    when: tuple[str, str, Any] | None = None      # (field, "equals" | "present", value)
    dash_if: tuple[str, bool] | None = None       # (yes/no field, value when missing): dash only when it is yes
    css_class: str | None = None
    modes: Mapping[str, Mapping[str, str]] | None = None   # colour mode -> colours replacing the look's

    def paints(self, mode: str) -> tuple[str, str | None]:
        """The colour and fill words (or values) of this rule in colour mode ``mode``."""
        over = (self.modes or {}).get(mode, {})
        return over.get("colour", self.look.colour), over.get("fill", self.look.fill)

    def holds(self, props: Mapping[str, Any]) -> bool:
        if self.when is None:
            return True
        field, test, value = self.when
        found = props.get(field)
        if test == "present":
            return _present(found) == value
        return found == value


@dataclass(frozen=True)
class LegendRule:
    look: Look
    label: Pair | None = None
    each_class: bool = False
    size_key: Pair | None = None   # the proportional symbols' size key, naming what they are ("KCN")
    shape: str = "circle"
    modes: tuple[str, ...] | None = None      # shown only in these colour modes
    except_modes: tuple[str, ...] = ()        # hidden in these
    plan_match: bool = False                  # the plan comparison's words (layers/plan_comparison.py)
    each_term: str | None = None              # one entry per term of this vocabulary, in its colour
    label_prefix: Pair | None = None

    def shown_in(self, mode: str) -> bool:
        return (self.modes is None or mode in self.modes) and mode not in self.except_modes


@dataclass(frozen=True)
class LayerStyle:
    """Everything needed to style one layer's features and legend, as ``LayerSpec`` callables."""

    rules: tuple[Rule, ...]
    legend_rules: tuple[LegendRule, ...]
    classes: Mapping[str, Term]
    radii: Mapping[str, int]
    class_field: str | None = None
    default_class: str | None = None
    class_modes: tuple[str, ...] = ("class",)             # colour modes in which ``class`` paints the class colour
    vocabularies: Mapping[str, tuple[str, Mapping[str, Term]]] | None = None  # name -> (field, terms), for term:

    def rule_for(self, props: Mapping[str, Any]) -> Rule:
        return next(rule for rule in self.rules if rule.holds(props))

    def style_of(self, props: Mapping[str, Any], ctx: StyleContext) -> Style:
        rule = self.rule_for(props)
        look, cls = rule.look, self._class_of(props)
        colour, fill = rule.paints(ctx.colour_mode)
        dash = look.dash
        if dash and rule.dash_if is not None and not flag(props, rule.dash_if[0], default=rule.dash_if[1]):
            dash = None
        return Style(colour=self._paint(colour, props, cls, ctx),
                     fill_colour=self._paint(fill, props, cls, ctx) if fill else None,
                     radius=self._radius(look, props, cls), weight=look.weight, dash=dash,
                     opacity=look.opacity, fill_opacity=look.fill_opacity)

    def own_modes(self) -> tuple[str, ...]:
        """The colour modes this layer's rules or legend treat apart (``modes``), in COLOUR_MODES order."""
        named = {m for r in self.rules for m in (r.modes or {})} | {m for r in self.legend_rules for m in r.modes or ()}
        return tuple(m for m in COLOUR_MODES if m in named)

    def css_class_of(self, props: Mapping[str, Any], default: str) -> str:
        return self.rule_for(props).css_class or default

    def shows_status(self, props: Mapping[str, Any], ctx: StyleContext) -> bool:
        paints = self.rule_for(props).paints(ctx.colour_mode)
        if ctx.neutral():
            return False  # class mode of a printed map: status paints are neutral (see _paint)
        return STATUS in paints or (CLASS in paints and ctx.colour_mode not in self.class_modes)

    def legend(self, ctx: StyleContext) -> list[LegendEntry]:
        """The legend's entries; a class-coloured entry is white when the map colours by status (see its key)."""
        entries = []
        for item in self.legend_rules:
            look = item.look
            if not item.shown_in(ctx.colour_mode):
                continue
            if item.plan_match:
                not_drawn = NOT_DRAWN.get(ctx.lang)
                entries += [LegendEntry(term.label(ctx.lang) + (not_drawn if code == "plan_only" else ""),
                                        Style(look.colour, "#ffffff" if code == "plan_only" else term.colour,
                                              radius=int(look.radius), weight=look.weight), item.shape)  # type: ignore[arg-type]
                            for code, term in PLAN_MATCH.items()]
                continue
            if item.each_term:
                prefix = _in(item.label_prefix, ctx.lang)
                _, terms = (self.vocabularies or {})[item.each_term]
                entries += [LegendEntry(prefix + term.label(ctx.lang),
                                        Style(look.colour, term.colour, radius=int(look.radius), weight=look.weight,
                                              opacity=look.opacity, fill_opacity=look.fill_opacity),
                                        item.shape)  # type: ignore[arg-type]
                            for term in terms.values()]
                continue
            if item.size_key:
                statused = any(STATUS in r.paints(ctx.colour_mode) for r in self.rules if r.look.proportional)
                entries += size_legend(look.colour, _in(item.size_key, ctx.lang), ctx.lang,
                                       fill=NEUTRAL_COLOUR if ctx.neutral() and statused else "#ffffff")
                continue
            codes = list(self.classes) if item.each_class else [None]
            for code in codes:
                label = self.classes[code].label(ctx.lang) if code else _in(item.label, ctx.lang)
                fill = look.fill
                if fill == CLASS:
                    fill = self.classes[code].colour if code and ctx.colour_mode in self.class_modes else "#ffffff"
                entries.append(LegendEntry(label, Style(
                    look.colour, fill, radius=self.radii.get(code, 0) if look.radius == CLASS else int(look.radius),
                    weight=look.weight, dash=look.dash, opacity=look.opacity, fill_opacity=look.fill_opacity),
                    item.shape))  # type: ignore[arg-type]
        return entries

    def _radius(self, look: Look, props: Mapping[str, Any], cls: str | None) -> int:
        if look.proportional:
            return area_radius(props.get(str(look.radius)))
        return self.radii[cls] if look.radius == CLASS else int(look.radius)

    def _class_of(self, props: Mapping[str, Any]) -> str | None:
        value = props.get(self.class_field) if self.class_field else None
        return value if isinstance(value, str) and value in self.classes else self.default_class

    def _paint(self, paint: str, props: Mapping[str, Any], cls: str | None, ctx: StyleContext) -> str:
        if ctx.neutral() and (paint == STATUS or (paint == CLASS and not cls)):
            return NEUTRAL_COLOUR  # a printed map in class mode: colour tells class only
        if paint == STATUS or (paint == CLASS and ctx.colour_mode not in self.class_modes):
            return status_colour(props, ctx)
        if paint == CLASS:
            return self.classes[cls].colour if cls else status_colour(props, ctx)
        if paint == PLAN_MATCH_PAINT:
            return match_colour(props)
        if paint.startswith(TERM):
            field, terms = (self.vocabularies or {})[paint[len(TERM):]]
            value = props.get(field)
            code = value if isinstance(value, str) and value in terms else "unknown"
            term = terms.get(code) or next(iter(terms.values()))
            return term.colour
        return paint


NOT_DRAWN = Text(" — không vẽ: nguồn không có vị trí", " — not drawn: no source gives a position")


def _in(text: Pair | None, lang: str) -> str:
    return "" if text is None else text.get(lang)


def _present(value: Any) -> bool:
    """A value the data actually holds: not missing, not NaN (a column absent from some features), not ""."""
    return value is not None and value != "" and not (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- reading the tables
def layer_style(table: Mapping[str, Any], path: Path, layer_id: str, classes: Mapping[str, Term],
                radii: Mapping[str, int],
                vocabularies: Mapping[str, tuple[str, Mapping[str, Term]]] | None = None) -> LayerStyle:
    """The ``style`` and ``legend`` of one ``[[layers]]`` table, checked against the plan's class vocabulary."""
    where = Text(f"Tệp {path}, lớp '{layer_id}'", f"File {path}, layer '{layer_id}'")
    style = table.get("style", {})
    check_keys(style, ("rules", "class_field", "default_class", "class_modes"), ("rules",),
               (where[0] + " [style]", where[1] + " [style]"))
    vocabularies = vocabularies or {}
    rules = tuple(_rule(r, where, vocabularies) for r in style["rules"])
    if not rules or rules[-1].when is not None:
        raise DataError(f"{where[0]}: quy tắc kiểu cuối cùng không được có 'when' (nó vẽ mọi đối tượng còn lại).",
                        f"{where[1]}: the last style rule must have no 'when' (it draws every other feature).")
    legend = tuple(_legend_rule(r, where, vocabularies) for r in table.get("legend", []))
    class_modes = tuple(_modes(style.get("class_modes", ["class"]), where, "class_modes"))
    uses_class = any(r.look.uses(CLASS) or r.look.radius == CLASS for r in rules) or any(
        r.each_class or r.look.uses(CLASS) or r.look.radius == CLASS for r in legend)
    if uses_class and not (classes and style.get("class_field")):
        raise DataError(f"{where[0]}: kiểu dùng 'class' nhưng thiếu 'class_field' hoặc [plan] class_vocabulary.",
                        f"{where[1]}: the style uses 'class' but 'class_field' or [plan] class_vocabulary is missing.")
    default = style.get("default_class")
    if default is not None and default not in classes:
        raise DataError(f"{where[0]}: 'default_class' = '{default}' không có trong bộ từ loại.",
                        f"{where[1]}: 'default_class' = '{default}' is not in the class vocabulary.")
    if any(r.look.radius == CLASS for r in rules) and set(classes) - set(radii):
        raise DataError(f"{where[0]}: kiểu dùng bán kính theo loại nhưng bộ từ loại thiếu 'radius'.",
                        f"{where[1]}: the style sizes by class but the class vocabulary lacks 'radius'.")
    return LayerStyle(rules, legend, classes, radii, style.get("class_field"), default, class_modes, vocabularies)


def _modes(value: Any, where: Pair, key: str) -> list[str]:
    if not isinstance(value, list) or any(m not in COLOUR_MODES for m in value):
        raise DataError(f"{where[0]}: '{key}' phải là danh sách chế độ màu trong {', '.join(COLOUR_MODES)}.",
                        f"{where[1]}: '{key}' must be a list of colour modes among {', '.join(COLOUR_MODES)}.")
    return value


def _check_paint(value: Any, where: Pair, key: str, vocabularies: Mapping[str, Any]) -> None:
    if value is None:
        return
    ok = isinstance(value, str) and (value in (STATUS, CLASS, PLAN_MATCH_PAINT) or value.startswith("#")
                                     or (value.startswith(TERM) and value[len(TERM):] in vocabularies))
    if not ok:
        raise DataError(f"{where[0]}: '{key}' = {value!r} phải là mã màu #rrggbb, \"status\", \"class\", "
                        f"\"plan_match\" hoặc \"term:<bộ từ>\".",
                        f"{where[1]}: '{key}' = {value!r} must be a #rrggbb colour, \"status\", \"class\", "
                        f"\"plan_match\" or \"term:<vocabulary>\".")


def _look(table: Mapping[str, Any], where: Pair, vocabularies: Mapping[str, Any]) -> Look:
    if "colour" not in table:
        raise DataError(f"{where[0]}: mỗi quy tắc kiểu cần 'colour'.", f"{where[1]}: every style rule needs 'colour'.")
    for key in ("colour", "fill"):
        _check_paint(table.get(key), where, key, vocabularies)
    radius = table.get("radius", 0)
    proportional = isinstance(radius, Mapping)
    if proportional:
        check_keys(radius, ("proportional_to",), ("proportional_to",), where)
        radius = radius["proportional_to"]
    elif not (radius == CLASS or (isinstance(radius, int) and radius >= 0)):
        raise DataError(f"{where[0]}: 'radius' phải là số điểm ảnh, \"class\" hoặc {{ proportional_to = \"…\" }}.",
                        f"{where[1]}: 'radius' must be pixels, \"class\" or {{ proportional_to = \"…\" }}.")
    values = {k: table[k] for k in _LOOK_KEYS if k in table and k != "radius"}
    return Look(radius=radius, proportional=proportional, **values)


def _rule(table: Mapping[str, Any], where: Pair, vocabularies: Mapping[str, Any]) -> Rule:
    check_keys(table, _RULE_KEYS, ("colour",), where)
    when = table.get("when")
    condition = None
    if when is not None:
        check_keys(when, ("field", "equals", "present"), ("field",), where)
        test = "present" if "present" in when else "equals"
        condition = (when["field"], test, when.get(test))
    dash_if = table.get("dash_if")
    if dash_if is not None:
        check_keys(dash_if, ("field", "missing"), ("field",), where)
        dash_if = (dash_if["field"], bool(dash_if.get("missing", False)))
    modes = table.get("modes")
    if modes is not None:
        _modes(list(modes), where, "modes")
        for over in modes.values():
            check_keys(over, ("colour", "fill"), (), where)
            for key, value in over.items():
                _check_paint(value, where, key, vocabularies)
    return Rule(_look(table, where, vocabularies), condition, dash_if, table.get("css_class"), modes)


def _legend_rule(table: Mapping[str, Any], where: Pair, vocabularies: Mapping[str, Any]) -> LegendRule:
    check_keys(table, _LEGEND_KEYS, ("colour",), where)
    shape = table.get("shape", "circle")
    if shape not in SHAPES:
        raise DataError(f"{where[0]}: 'shape' = '{shape}' phải là một trong {', '.join(SHAPES)}.",
                        f"{where[1]}: 'shape' = '{shape}' must be one of {', '.join(SHAPES)}.")
    each = bool(table.get("each_class", False))
    each_term = table.get("each_term")
    if each_term is not None and each_term not in vocabularies:
        raise DataError(f"{where[0]}: 'each_term' = '{each_term}' không phải bộ từ của kế hoạch.",
                        f"{where[1]}: 'each_term' = '{each_term}' is not a vocabulary of the plan.")
    listing = each or each_term is not None or bool(table.get("plan_match", False))
    if not listing and "label" not in table and "size_key" not in table:
        raise DataError(f"{where[0]}: mục chú giải cần 'label' (hoặc each_class = true, size_key).",
                        f"{where[1]}: a legend entry needs a 'label' (or each_class = true, size_key).")
    label = pair(table["label"], where, "label") if "label" in table else None
    size_key = pair(table["size_key"], where, "size_key") if "size_key" in table else None
    look = _look(table, where, vocabularies)
    if look.proportional:
        raise DataError(f"{where[0]}: chú giải của ký hiệu tỷ lệ dùng 'size_key', không dùng 'proportional_to'.",
                        f"{where[1]}: the legend of proportional symbols uses 'size_key', not 'proportional_to'.")
    modes = tuple(_modes(table["modes"], where, "modes")) if "modes" in table else None
    except_modes = tuple(_modes(table.get("except_modes", []), where, "except_modes"))
    prefix = pair(table["label_prefix"], where, "label_prefix") if "label_prefix" in table else None
    return LegendRule(look, label, each, size_key, shape, modes, except_modes, bool(table.get("plan_match", False)),
                      each_term, prefix)
