"""The program's 24 urban areas against the provincial plan's 28 (QĐ 1639/QĐ-TTg): in both, only in one, or unknown.

Two sources meet here: each program area's ``in_provincial_plan`` (``plan_in_force/legal_basis.csv``, joined on the
urban-areas layer) and the plan's own list (``plan_in_force/provincial_plan_1639_urban.csv``). Where the stored
summaries of the plan are cut off, the answer is ``unknown`` — never guessed as "only in one of them".
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.bilingual import Text
from core.vocab import URBAN_CLASSES, Term, term_label

PLAN_CSV = "plan_in_force/provincial_plan_1639_urban.csv"

PLAN_MATCH: dict[str, Term] = {
    t.code: t
    for t in (
        Term("both", "Có trong cả Chương trình và quy hoạch tỉnh", "In both the program and the provincial plan",
             "#2e7d32"),
        Term("program_only", "Chỉ có trong Chương trình", "Only in the program", "#ef6c00"),
        Term("plan_only", "Chỉ có trong quy hoạch tỉnh", "Only in the provincial plan", "#6a1b9a"),
        Term("unknown", "Chưa rõ (danh sách của quy hoạch tỉnh bị cắt trong nguồn)",
             "Unknown (the provincial plan's list is cut off in the sources)", "#b0bec5"),
    )
}
_FROM_LEGAL_BASIS = {"yes": "both", "no": "program_only"}
_COLUMNS = ["match", "match_label", "name_program", "name_plan", "class_program", "class_plan", "class_2026",
            "difference", "district", "feature_id", "plan_id", "source"]
_HEADERS = (  # one per column of _COLUMNS
    Text("Mã so sánh", "Comparison code"), Text("So sánh", "Comparison"),
    Text("Tên trong Chương trình", "Name in the program"), Text("Tên trong quy hoạch tỉnh", "Name in the provincial plan"),
    Text("Loại (Chương trình)", "Class (program)"), Text("Loại (quy hoạch tỉnh)", "Class (provincial plan)"),
    Text("Loại từ 2026 (suy ra)", "Class since 2026 (derived)"), Text("Khác biệt", "Difference"),
    Text("Huyện (2023)", "District (2023)"), Text("Mã đô thị", "Feature ID"), Text("Mã trong quy hoạch", "Plan row"),
    Text("Nguồn", "Source"),
)
CANNOT_COMPARE = Text("Không đối chiếu được", "Cannot be compared")
CLASS_DIFFERS = Text("Loại khác: {program} (Chương trình) / {plan} (quy hoạch tỉnh)",
                     "Class differs: {program} (program) / {plan} (provincial plan)")
SAME_CLASS = Text("Cùng loại", "Same class")


def match_of(in_provincial_plan: object) -> str:
    """A program area's comparison code from its ``in_provincial_plan`` (yes / no / unknown or missing)."""
    return _FROM_LEGAL_BASIS.get(in_provincial_plan if isinstance(in_provincial_plan, str) else "", "unknown")


def match_colour(props) -> str:
    return PLAN_MATCH[match_of(props.get("in_provincial_plan"))].colour


def read_plan(data_dir: Path) -> pd.DataFrame:
    """The provincial plan's urban list (empty when a data folder has none)."""
    path = Path(data_dir) / PLAN_CSV
    if not path.exists():
        return pd.DataFrame(columns=["plan_id", "name", "class_provincial_plan", "district", "match",
                                     "program_feature_id", "source"])
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _class(code: object, lang: str) -> str:
    return term_label(URBAN_CLASSES, code if isinstance(code, str) and code else None, lang) or ""


def _difference(program: object, plan: object, match: str, lang: str) -> str:
    if match == "unknown":
        return CANNOT_COMPARE.get(lang)
    if match != "both":
        return PLAN_MATCH[match].label(lang)
    if isinstance(program, str) and isinstance(plan, str) and program and plan and program != plan:
        return CLASS_DIFFERS.get(lang).format(program=program, plan=plan)
    return SAME_CLASS.get(lang)


def comparison_table(urban: pd.DataFrame, plan: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """One row per urban area of either list: the comparison, both names and classes, the difference, the source.

    ``urban`` is the urban-areas layer (legal basis joined, ``class_2026`` derived); ``plan`` is :func:`read_plan`.
    Program areas come first (in layer order), then the plan's areas no program area matches.
    """
    plan_by_id = plan.set_index("plan_id") if len(plan) else plan
    rows = []
    for fid, area in urban.iterrows():
        match = match_of(area.get("in_provincial_plan"))
        plan_row = area.get("provincial_plan_row")
        planned = plan_by_id.loc[plan_row] if isinstance(plan_row, str) and plan_row in plan_by_id.index else None
        rows.append({
            "match": match, "name_program": area["name"],
            "name_plan": planned["name"] if planned is not None else "",
            "class_program": area.get("urban_class"),
            "class_plan": planned["class_provincial_plan"] if planned is not None else area.get("class_provincial_plan"),
            "class_2026": area.get("class_2026"), "district": area.get("district") or "",
            "feature_id": str(fid), "plan_id": plan_row if isinstance(plan_row, str) else "",
            "source": planned["source"] if planned is not None else (area.get("recognition_source") or ""),
        })
    matched = {r["plan_id"] for r in rows if r["plan_id"]}
    for _, planned in plan[~plan["plan_id"].isin(matched)].iterrows():
        match = "plan_only" if planned["match"] == "plan_only" else "unknown"
        rows.append({
            "match": match, "name_program": "", "name_plan": planned["name"], "class_program": None,
            "class_plan": planned["class_provincial_plan"], "class_2026": None, "district": planned["district"],
            "feature_id": "", "plan_id": planned["plan_id"], "source": planned["source"],
        })
    out = pd.DataFrame(rows, columns=[c for c in _COLUMNS if c not in ("match_label", "difference")])
    out["difference"] = [_difference(p, q, m, lang) for p, q, m in zip(out["class_program"], out["class_plan"],
                                                                        out["match"])]
    out["match_label"] = out["match"].map(lambda m: PLAN_MATCH[m].label(lang))
    for column in ("class_program", "class_plan", "class_2026"):
        out[column] = out[column].map(lambda c: _class(c, lang))
    return out[_COLUMNS].reset_index(drop=True)


def counts(table: pd.DataFrame) -> dict[str, int]:
    """How many areas fall in each comparison (every code, zero included)."""
    found = table["match"].value_counts()
    return {code: int(found.get(code, 0)) for code in PLAN_MATCH}


def for_people(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The table with headers in ``lang`` and without the comparison code (for screens and spreadsheets)."""
    out = table.copy()
    out.columns = [header.get(lang) for header in _HEADERS]
    return out.drop(columns=out.columns[0])
