"""What an overlay read returns (the layer and its report) and the limits it is read under."""
from __future__ import annotations

from dataclasses import dataclass, field

from core import archive, tables
from core.bilingual import Text
from core.errors import ImportRejected
from core.text import vn_int
from geo import crs as crsmod


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024          # the uploaded file
    max_unzipped_bytes: int = 250 * 1024 * 1024     # all members of an archive together
    max_ratio: float = 100.0                        # uncompressed / compressed, per archive
    max_members: int = 1000                         # entries in an archive
    max_features: int = 100_000                     # features (or CSV/XLSX rows)
    max_columns: int = 1000                         # CSV/XLSX columns (GeoPackage allows 2,000, DBF 255)

    @property
    def archive(self) -> archive.ArchiveLimits:
        return archive.ArchiveLimits(self.max_unzipped_bytes, self.max_ratio, self.max_members)

    @property
    def table(self) -> tables.TableLimits:
        return tables.TableLimits(max_rows=self.max_features, max_columns=self.max_columns, archive=self.archive)

    def describe(self, lang: str = "vi") -> str:
        mb = lambda n: f"{n / 1024 / 1024:.0f} MB"  # noqa: E731
        if lang == "en":
            return (f"at most {mb(self.max_file_bytes)} per file, {self.max_features:,} features, "
                    f"archives up to {mb(self.max_unzipped_bytes)} unpacked")
        return (f"tối đa {mb(self.max_file_bytes)} mỗi tệp, {vn_int(self.max_features)} đối tượng"
                + f", tệp nén giải nén tối đa {mb(self.max_unzipped_bytes)}")


LIMITS = Limits()

FAMILY_LABELS = {"point": ("điểm", "points"), "line": ("đường", "lines"), "polygon": ("vùng", "polygons"),
                 "collection": ("tập hợp hình (GeometryCollection)", "geometry collections")}
ORIGINS = {
    "file": Text("ghi trong tệp", "stated in the file"),
    "declared": Text("do người dùng chọn", "chosen by the user"),
    "standard": Text("mặc định của định dạng", "the format's standard"),
}
SUMMARY = Text("Đã đọc {filename} ({fmt}): {count} {family}, hệ tọa độ {crs} ({origin}), đã chuyển sang WGS 84.",
               "Read {filename} ({fmt}): {count} {family}, coordinate system {crs} ({origin}), converted to WGS 84.")
REPAIRED = Text(" Đã sửa {n} hình học không hợp lệ.", " {n} invalid geometries repaired.")
DROPPED = Text(" Bỏ qua {n} đối tượng không có hình học.", " {n} features without geometry skipped.")


def reject(vi: str, en: str, problems: list | None = None) -> ImportRejected:
    """A refusal of the whole file; its one problem is the message itself unless ``problems`` lists them."""
    return ImportRejected(vi, en, problems=problems or [Text(vi, en)])


def count_text(n: int, lang: str) -> str:
    """A count as the reader writes numbers: 12.345 in Vietnamese, 12,345 in English."""
    return f"{int(n):,}" if lang == "en" else vn_int(n)


@dataclass
class ImportReport:
    filename: str
    format: str
    format_label: tuple[str, str]
    source_crs: str
    crs_origin: str  # "file" | "declared" | "standard" (KML, GeoJSON without crs member)
    feature_count: int
    geometry_family: str
    repaired: int = 0
    dropped_empty: int = 0
    inside_share: float = 1.0
    suggested_crs: str | None = None
    warnings: list[Text] = field(default_factory=list)

    def summary(self, lang: str = "vi") -> str:
        family = Text(*FAMILY_LABELS.get(self.geometry_family, (self.geometry_family,) * 2))
        text = SUMMARY.get(lang).format(
            filename=self.filename, fmt=Text(*self.format_label).get(lang),
            count=count_text(self.feature_count, lang), family=family.get(lang),
            crs=crsmod.choice_label(self.source_crs, lang), origin=ORIGINS[self.crs_origin].get(lang))
        if self.repaired:
            text += REPAIRED.get(lang).format(n=count_text(self.repaired, lang))
        if self.dropped_empty:
            text += DROPPED.get(lang).format(n=count_text(self.dropped_empty, lang))
        return text

    def lines(self, lang: str = "vi") -> list[str]:
        return [self.summary(lang)] + [w.get(lang) for w in self.warnings]


@dataclass
class Overlay:
    name: str
    gdf: object  # geopandas.GeoDataFrame in EPSG:4326
    report: ImportReport
    digest: str

    @property
    def family(self) -> str:
        return self.report.geometry_family

    @property
    def bounds(self) -> list[list[float]]:
        """[[south, west], [north, east]] for folium's fit_bounds."""
        minx, miny, maxx, maxy = (float(v) for v in self.gdf.total_bounds)
        return [[miny, minx], [maxy, maxx]]

    @property
    def attribute_columns(self) -> list[str]:
        return [c for c in self.gdf.columns if c != self.gdf.geometry.name]
