from layers.query import ViewFilter, apply_view, counts, search
from layers.registry import apply_status, decorate, load_all


def _frames(mini_data):
    return {k: decorate(apply_status(v, None)) for k, v in load_all(mini_data).items()}


def test_search_ignores_diacritics_and_finds_program_spelling(mini_data):
    frames = _frames(mini_data)
    assert search(frames, "luong dien") == [("urban_areas", "ua-luong-dien", "Lương Điền")]
    assert search(frames, "LƯƠNG ĐIỀN")[0][1] == "ua-luong-dien"
    # The program writes "Đông Cẩm"; the official name is "Đồng Cẩm": both find it.
    assert search(frames, "Đông Cẩm")[0][1] == "ua-dong-cam"
    assert search(frames, "khong co dau nay") == []


def test_class_filter_applies_to_urban_areas_only(mini_data):
    frames = _frames(mini_data)
    shown = apply_view(frames, ViewFilter(classes=("I",)))
    assert list(shown["urban_areas"].index) == ["ua-hai-duong"]
    assert len(shown["railways"]) == len(frames["railways"])


def test_hidden_layers_and_status_filter(mini_data):
    frames = _frames(mini_data)
    shown = apply_view(frames, ViewFilter(layers=("railways",)))
    assert len(shown["urban_areas"]) == 0 and len(shown["railways"]) == 2
    none_known = apply_view(frames, ViewFilter(statuses=("completed",)))
    assert sum(len(f) for f in none_known.values()) == 0


def test_counts_cover_every_class_and_status_even_when_zero(mini_data):
    per_class, per_status = counts(_frames(mini_data), "en")
    assert dict(zip(per_class["code"], per_class["count"])) == {"I": 1, "II": 1, "III": 0, "IV": 1, "V": 3}
    assert per_status.set_index("code").loc["unknown", "count"] == 11
    assert per_status.set_index("code").loc["completed", "label"] == "Completed"


def test_colocated_lists_other_points_on_the_same_spot(mini_data):
    from layers.query import colocated

    frames = _frames(mini_data)
    # The fixture's station sits 250 m from the city centre: near, but not the same spot.
    assert colocated(frames, "ua-hai-duong") == []
    assert colocated(frames, "ua-hai-duong", within_deg=0.003) == [("railways", "st-hai-duong", "Ga Hải Dương")]
    assert colocated(frames, "rr5-hai-duong") == []  # lines have no "same spot"


def test_search_by_2025_unit_finds_the_places_now_in_it(real_data):
    frames = _frames(real_data)
    hits = search(frames, "xã Cẩm Giàng")
    ids = [fid for _, fid, _ in hits]
    assert "ua-luong-dien" in ids  # Lương Điền went wholly into xã Cẩm Giàng (2025)
    # Spelled as typed first: "Cẩm Giàng" and "Cẩm Giang" are two units that fold alike.
    exact = {fid for fid in ids if "Xã Cẩm Giàng" in (frames[_layer(hits, fid)].loc[fid, "unit_2025"] or "")}
    assert set(ids[: len(exact)]) == exact
    assert search(frames, "xa cam giang") and "ua-luong-dien" in [fid for _, fid, _ in search(frames, "xa cam giang")]
    assert [fid for _, fid, _ in search(frames, "Lai Khê")] == ["iz-lai-vu", "ua-cong-hoa-kim-thanh"]


def _layer(hits, fid):
    return next(layer for layer, hit, _ in hits if hit == fid)


def test_a_layer_s_filters_keep_the_rows_series_isin_keeps(mini_data):
    """The class and status masks (sets over a few dozen values) are pandas' own: a missing status counts as
    'unknown', a missing class as none; a view that keeps every row gives the whole layer."""
    import pandas as pd
    from pandas.testing import assert_frame_equal

    from layers.query import filter_layer

    frame = apply_status(load_all(mini_data)["urban_areas"], None)
    frame.loc[frame.index[0], "status"] = None
    frame.loc[frame.index[1], "urban_class"] = None
    for view in (ViewFilter(), ViewFilter(classes=("II", "III")), ViewFilter(statuses=("unknown",)),
                 ViewFilter(statuses=("in_progress",)), ViewFilter(classes=())):
        keep = pd.Series(True, index=frame.index) & frame["urban_class"].isin(view.classes) \
            & frame["status"].fillna("unknown").isin(view.statuses)
        assert_frame_equal(filter_layer(frame, "urban_areas", view), frame[keep], check_exact=True)
    whole = apply_status(load_all(mini_data)["urban_areas"], None)
    kept = filter_layer(whole, "urban_areas", ViewFilter())
    assert kept is not whole
    assert_frame_equal(kept, whole, check_exact=True)


def test_search_knows_the_abbreviations_officials_type(real_data):
    """"KCN" is how every report writes "khu công nghiệp" (and TP, TT, KKT): "kcn" found nothing."""
    frames = _frames(real_data)
    zones = {fid for fid, name in zip(frames["industrial_zones"].index, frames["industrial_zones"]["name"])
             if name.startswith("Khu công nghiệp")}
    assert zones and zones <= {fid for _, fid, _ in search(frames, "kcn", limit=100)}
    assert [name for _, _, name in search(frames, "KCN Phuc Dien")] == [
        "Khu công nghiệp Phúc Điền", "Khu công nghiệp Phúc Điền mở rộng"]
    assert [fid for _, fid, _ in search(frames, "TP. Hải Dương")] == ["ua-tp-hai-duong"]
    assert "ua-tt-gia-loc" in [fid for _, fid, _ in search(frames, "tt gia loc")]
    assert [fid for _, fid, _ in search(frames, "KKT Binh Giang")] == ["iz-sez-binh-giang-thanh-mien"]
