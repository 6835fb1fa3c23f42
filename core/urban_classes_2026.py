"""The urban class a place of the 2023 program has under the four-class system in force since 1 January 2026.

Nghị quyết 111/2025/UBTVQH15 (24/12/2025), Điều 15 (transition): Hải Phòng, Huế, Đà Nẵng and Cần Thơ stay class I;
every other class-I area and all class-II and class-III areas become class II; class-IV and class-V areas, thị xã and
thị trấn not yet classified become class III. The class is *derived* by that rule from the class the program sets for
2030 — no decision has classified these places under the new law — and is always shown as derived.
Source: https://tintuc.thuvienphapluat.com/ho-tro-phap-luat/chinh-sach-moi/101616/uy-ban-thuong-vu-quoc-hoi-huong-dan-phan-loai-do-thi-tu-nam-2026
"""
from __future__ import annotations

RESOLUTION = "Nghị quyết 111/2025/UBTVQH15, Điều 15"
SOURCE_URL = ("https://tintuc.thuvienphapluat.com/ho-tro-phap-luat/chinh-sach-moi/101616/"
              "uy-ban-thuong-vu-quoc-hoi-huong-dan-phan-loai-do-thi-tu-nam-2026")
CITIES_STAYING_CLASS_I = frozenset({"Hải Phòng", "Huế", "Đà Nẵng", "Cần Thơ"})
CLASSES_2026 = ("special", "I", "II", "III")
_TRANSITION = {"I": "II", "II": "II", "III": "II", "IV": "III", "V": "III"}


def class_2026(program_class: str | None, city: str | None = None) -> str | None:
    """The class under NQ 111/2025 for a place the program puts in ``program_class`` (None if it sets none)."""
    if program_class is None:
        return None
    if program_class == "I" and city in CITIES_STAYING_CLASS_I:
        return "I"
    try:
        return _TRANSITION[program_class]
    except KeyError:
        raise ValueError(f"unknown urban class {program_class!r}") from None
