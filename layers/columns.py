"""Setting several columns of a small frame at once, as ``frame[name] = value`` in turn sets them.

Each ``frame[name] = series`` on a frame of a few dozen rows rebuilds its column index and block list (~0.1 ms,
most of it pandas' bookkeeping, not the data): the status and the labels of a layer are a dozen columns, set on
every layer at every export and every view of the app. :func:`with_columns` adds the new ones in one concat.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def with_columns(frame: pd.DataFrame, columns: Mapping[str, pd.Series]) -> pd.DataFrame:
    """A copy of ``frame`` with ``columns`` (Series on its index), as ``out = frame.copy(); out[name] = series``
    for each in order gives it: a column ``frame`` has is replaced where it stands, the others are appended in
    order, each with its Series' dtype and values. The frame's class (a GeoDataFrame stays one, its geometry
    and CRS kept) and attrs are kept."""
    replaced = {name: values for name, values in columns.items() if name in frame.columns}
    new = {name: values for name, values in columns.items() if name not in frame.columns}
    out = frame
    if replaced or not new:
        out = frame.copy()
        for name, values in replaced.items():
            out[name] = values
    if not new:
        return out
    added = pd.concat([out, pd.DataFrame(new, index=out.index)], axis=1)  # a new frame: ``frame`` is not changed
    added.attrs = dict(out.attrs)
    return added
