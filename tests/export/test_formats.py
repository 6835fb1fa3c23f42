"""Formats as records (export/formats.py): what each says is what the request, file name and renderer do,
and a new format is one more record."""
from __future__ import annotations

from datetime import date

import pytest

from core.bilingual import Text
from export import FORMATS, ExportError, ExportRequest, file_name, run_export
from export.formats import Format, MAP_STEM

TODAY = date(2026, 11, 27)


def test_every_format_record_is_complete_and_read_by_the_request():
    for name, record in FORMATS.items():
        assert record.name == name and record.label.vi and record.label.en
        request = ExportRequest(format=name, as_of=TODAY).validate(TODAY)
        assert (request.family, request.extension, request.mime) == (record.family, record.extension, record.mime)
        assert file_name(request).endswith("." + record.extension)
        assert callable(getattr(__import__(record.renderer.split(":")[0], fromlist=["_"]),
                                record.renderer.split(":")[1]))
    assert list(FORMATS)[0] == "pdf"          # the export page's default


def test_a_new_format_is_one_record(monkeypatch, frames):
    """A record with a renderer of its own: the request accepts it, the file is named and rendered by it."""
    record = Format("txt", "data", "txt", "text/plain", Text("Văn bản", "Text"), MAP_STEM,
                    "tests.export.test_formats:render_names")
    monkeypatch.setitem(FORMATS, "txt", record)
    result = run_export(ExportRequest(format="txt", as_of=TODAY), frames, today=TODAY)
    assert result.mime == "text/plain" and result.filename == "ban-do-quy-hoach-hai-duong-2026-11-27.txt"
    assert "Chí Linh" in result.data.decode("utf-8").splitlines()
    monkeypatch.delitem(FORMATS, "txt")
    with pytest.raises(ExportError, match="txt"):
        ExportRequest(format="txt").validate()


def render_names(scene) -> bytes:
    return "\n".join(scene.rows()["name"]).encode("utf-8")
