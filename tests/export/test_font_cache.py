"""The fonts' base cuts read back from disk (export.font_cache) are the cuts fontTools makes, byte for byte."""
from __future__ import annotations

from matplotlib import font_manager

from export import font_cache, font_subset


def _cut(path):
    return font_subset._base_font.__wrapped__(path, 0)   # not the process's copy: through the disk


def test_a_cut_read_from_disk_is_the_cut_made_and_a_torn_file_is_cut_again(tmp_path, monkeypatch):
    monkeypatch.setattr(font_cache, "cache_dir", lambda: tmp_path)
    path = font_manager.findfont("DejaVu Sans")
    made = font_subset._make_base(path, 0)
    first = _cut(path)
    files = list(tmp_path.glob("*.cut"))
    assert len(files) == 1 and first == made
    assert _cut(path) == made                        # read back
    files[0].write_bytes(files[0].read_bytes()[:-100])   # torn
    assert _cut(path) == made and files[0].stat().st_size > 1000   # cut again, written whole
    bold = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight="bold"))
    assert _cut(bold) == font_subset._make_base(bold, 0) != made   # another font file: its own cut
    assert len(list(tmp_path.glob("*.cut"))) == 2


def test_no_cut_is_kept_when_the_cache_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANMAP_FONT_CACHE", "0")
    monkeypatch.setattr(font_cache.matplotlib, "get_cachedir", lambda: str(tmp_path))
    path = font_manager.findfont("DejaVu Sans")
    assert _cut(path) == font_subset._make_base(path, 0)
    assert not list(tmp_path.rglob("*.cut"))
