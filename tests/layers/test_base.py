import numpy as np

from layers.base import flag


def test_flag_reads_python_and_numpy_booleans_and_defaults_on_missing_or_nan():
    assert flag({"placed": np.True_}, "placed") is True
    assert flag({"placed": np.False_}, "placed", default=True) is False
    assert flag({"indicative": True}, "indicative") is True
    assert flag({"indicative": float("nan")}, "indicative") is False
    assert flag({}, "indicative", default=True) is True
