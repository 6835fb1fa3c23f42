"""Small fake feature refs for the progress tests (the real ones come from layers.registry)."""
from __future__ import annotations

from core.features import FeatureRef

REFS: dict[str, FeatureRef] = {
    r.id: r
    for r in (
        FeatureRef("urban-ke-sat", "urban_areas", "Đô thị Kẻ Sặt", "Bình Giang"),
        FeatureRef("urban-gia-loc", "urban_areas", "Thị trấn Gia Lộc", "Gia Lộc"),
        FeatureRef("urban-chi-linh", "urban_areas", "Thành phố Chí Linh", "Chí Linh"),
        FeatureRef("iz-tan-truong", "industrial_zones", "KCN Tân Trường", "Cẩm Giàng"),
        FeatureRef("iz-binh-giang", "industrial_zones", "KCN Bình Giang", "Bình Giang"),
        FeatureRef("rail-hn-hp", "railways", "Đường sắt Hà Nội – Hải Phòng", None, ("Cẩm Giàng", "Bình Giang", "Gia Lộc")),
    )
}


def feature_refs() -> dict[str, FeatureRef]:
    return dict(REFS)
