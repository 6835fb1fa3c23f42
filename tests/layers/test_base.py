import numpy as np

from layers.base import flag


def test_flag_reads_python_and_numpy_booleans_and_defaults_on_missing_or_nan():
    assert flag({"placed": np.True_}, "placed") is True
    assert flag({"placed": np.False_}, "placed", default=True) is False
    assert flag({"indicative": True}, "indicative") is True
    assert flag({"indicative": float("nan")}, "indicative") is False
    assert flag({}, "indicative", default=True) is True


def test_an_indicative_area_reads_as_an_extent_not_a_route():
    """The specialised zone's details said "Hướng tuyến dự kiến" (walk 16, finding 7): an area has an extent."""
    from core.i18n import t
    from layers.base import indicative_notice

    assert indicative_notice({"indicative": True, "geometry_kind": "indicative_area"}) == "indicative_area"
    assert indicative_notice({"indicative": True}) == "indicative"
    assert indicative_notice({"indicative": False, "geometry_kind": "indicative_area"}) is None
    assert t("indicative_area", "vi").startswith("Phạm vi dự kiến (minh họa")
    assert "Hướng tuyến" not in t("indicative_area", "vi")
