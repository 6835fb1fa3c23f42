"""Malformed inputs for every reader, and the checks each must pass (used by the tests and bench/reliability.py).

Each property starts from a small valid file of its format and breaks it the ways attackers and
damaged disks do: bytes flipped, cut or spliced; archive members renamed, recompressed, declared
with a foreign zip version; sheet and KML XML given hostile rows, cells, dimensions and entities;
CSV given ragged rows, quotes, NULs and long headers. For every input:

* the reader returns a result or raises one of the project's errors (with vi and en text), nothing else;
* it finishes within ``MAX_SECONDS`` (a safety bound, measured, not a speed test);
* nothing is left behind: the overlay reader's temporary folder is empty afterwards, and a refused
  report import leaves the store exactly as it was (commit of a refused preview is refused too).

Runs are derandomised with no example database, so CI sees the same inputs every time.
"""
from __future__ import annotations

import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ImportRejected, PlanMapError
from geo.overlay_io import LIMITS, Overlay, read_overlay

MAX_SECONDS = 5.0
TODAY = date(2026, 11, 27)


@dataclass
class Timing:
    name: str
    count: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_label: str = ""

    def add(self, took: float, label: str) -> None:
        self.count += 1
        self.seconds += took
        if took > self.slowest:
            self.slowest, self.slowest_label = took, label


TIMINGS: dict[str, Timing] = {}


def _timed(name: str, label: str, run: Callable[[], object]) -> object:
    start = time.perf_counter()
    try:
        return run()
    finally:
        took = time.perf_counter() - start
        TIMINGS.setdefault(name, Timing(name)).add(took, label)
        assert took < MAX_SECONDS, f"{name}: {label} took {took:.1f} s"


# ------------------------------------------------------------------ seeds (small valid files)
KML = ("""<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>"""
       + "".join(f"<Placemark><name>Mốc {i}</name><Point><coordinates>106.3{i},20.9{i},0</coordinates></Point>"
                 f"</Placemark>" for i in range(3)) + "</Document></kml>").encode()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _vector_seeds() -> dict[str, bytes]:
    import geopandas as gpd
    import shapely

    gdf = gpd.GeoDataFrame({"ten": ["Khu A", "Khu B"], "so": [1, 2]},
                           geometry=[shapely.Point(106.31, 20.93), shapely.Point(106.39, 21.13)], crs="EPSG:4326")
    with tempfile.TemporaryDirectory() as tmp:
        gdf.to_file(Path(tmp) / "a.gpkg", driver="GPKG")
        gdf.to_file(Path(tmp) / "parcels.shp")
        shp = {f"parcels{ext}": (Path(tmp) / f"parcels{ext}").read_bytes() for ext in (".shp", ".shx", ".dbf", ".prj")}
        return {"gpkg": (Path(tmp) / "a.gpkg").read_bytes(), "shapefile": _zip(shp)}


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


OVERLAY_ROWS = [["Tên", "lon", "lat"], ["Mốc 1", 106.31, 20.93], ["Mốc 2", 106.39, 21.13]]
IMPORT_ROWS = [["feature_id", "status", "progress_pct", "as_of", "note"],
               ["urban-ke-sat", "in_progress", 45, "30/11/2025", "ghi chú"],
               ["iz-binh-giang", "preparing", "12,5", "2026-01-15", ""]]


def _csv(rows: list[list]) -> bytes:
    return "\n".join(",".join(str(c) for c in row) for row in rows).encode()


# ------------------------------------------------------------------ mutations
SNIPPETS = [
    b"\x00", b"\xff\xfe", b'"', b",", b";", b"\t", b"\n", b"\r", b"<", b">", b"&", b"]]>", b"1e400", b"NaN", b"-0",
    b'<row r="1048576">', b'<row r="99999999999999">', b'<c r="XFD1048576"><v>1</v></c>', b'<c r="XFE1"><v>1</v></c>',
    b'<dimension ref="A1:XFD1048576"/>', b'<c r="A2" t="s"><v>999999</v></c>', b'<c r="B2" t="d"><v>x</v></c>',
    b'<c r="C2" t="e"><v>#REF!</v></c>', b'<c t="n"><v>1e309</v></c>', b"<!DOCTYPE k [<!ENTITY a 'aaaaaaaa'>]>&a;",
    b"<coordinates>1e400,nan,inf</coordinates>", b"<Polygon><outerBoundaryIs></outerBoundaryIs></Polygon>",
    b"<MultiGeometry>", b"</Document>", b"a," * 50, "Kinh độ".encode(), b"lon,lat,lon,lat", b"PK\x03\x04",
]


def _apply(seed: bytes, ops: list[tuple[str, int, int, bytes]]) -> bytes:
    data = bytearray(seed)
    for op, pos, length, chunk in ops:
        pos = pos % (len(data) + 1)
        if op == "flip" and data:
            for i in range(pos, min(pos + length, len(data))):
                data[i] ^= 0xFF
        elif op == "cut":
            del data[pos:pos + length * 8]
        elif op == "insert":
            data[pos:pos] = chunk
        elif op == "dup":
            data[pos:pos] = data[pos:pos + length * 16]
        elif op == "truncate":
            del data[pos:]
    return bytes(data)


chunks = st.one_of(st.sampled_from(SNIPPETS), st.binary(min_size=1, max_size=12))
edits = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "insert", "dup", "truncate"]),
                           st.integers(0, 1 << 20), st.integers(1, 6), chunks), min_size=1, max_size=4)


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    return edits.map(lambda ops: _apply(seed, ops))


def _hostile_zip(members: dict[str, bytes], trick: str) -> bytes:
    """An archive broken at the zip level, members intact."""
    if trick == "stored":
        return _zip(members, zipfile.ZIP_STORED)
    if trick == "bzip2":
        return _zip(members, zipfile.ZIP_BZIP2)
    if trick == "lzma":
        return _zip(members, zipfile.ZIP_LZMA)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo({"slip": "../" + name, "abs": "/tmp/" + name, "nul": name + "\x00x"}.get(trick, name))
            info.compress_type = zipfile.ZIP_DEFLATED
            if trick == "symlink":
                info.external_attr = 0o120777 << 16
            zf.writestr(info, data)
        if trick == "many":
            for i in range(1200):
                zf.writestr(f"pad/{i}.txt", b"")
    data = bytearray(buf.getvalue())
    if trick == "version":  # "version needed to extract" 9.9: zipfile raises NotImplementedError
        at = data.rfind(b"PK\x01\x02")
        while at >= 0:
            data[at + 6:at + 8] = (99).to_bytes(2, "little")
            at = data.rfind(b"PK\x01\x02", 0, at)
    if trick == "method":  # an unknown compression method, in the local and the central header
        at = data.find(b"PK\x03\x04")
        data[at + 8:at + 10] = (77).to_bytes(2, "little")
        at = data.find(b"PK\x01\x02")
        data[at + 10:at + 12] = (77).to_bytes(2, "little")
    return bytes(data)


ZIP_TRICKS = ["stored", "bzip2", "lzma", "slip", "abs", "nul", "symlink", "many", "version", "method", "plain"]


def archive_inputs(seed: bytes, inner: str | None) -> st.SearchStrategy[bytes]:
    """Mutated raw bytes, a member mutated then re-zipped, or a zip-level trick."""
    members = _members(seed)
    targets = [inner] if inner else sorted(members)

    def rezip(choice: tuple[str, list]) -> bytes:
        name, ops = choice
        return _zip({**members, name: _apply(members[name], ops)})

    return st.one_of(
        mutated(seed),
        st.tuples(st.sampled_from(targets), edits).map(rezip),
        st.sampled_from(ZIP_TRICKS).map(lambda trick: _hostile_zip(members, trick)),
    )


cell = st.one_of(st.none(), st.text(max_size=6), st.integers(-10**20, 10**20),
                 st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["", "106,3", "20.9", "1e400", "=1/0"]))
table_rows = st.lists(st.lists(cell, max_size=6), max_size=6)


def table_text(header: list[str]) -> st.SearchStrategy[bytes]:
    def build(args) -> bytes:
        head, rows, sep, quote = args
        lines = [sep.join(head)] + [sep.join(("\"" + str(c) + "\"") if quote else str(c) for c in r) for r in rows]
        return "\n".join(lines).encode("utf-8")

    heads = st.one_of(st.just(header), st.lists(st.sampled_from(header + ["", "a", "lon", "lat"]), max_size=8))
    return st.tuples(heads, table_rows, st.sampled_from([",", ";", "\t", "|"]), st.booleans()).map(build)


def xlsx_sheet_inputs(rows: list[list]) -> st.SearchStrategy[bytes]:
    """Valid workbooks with hostile XML spliced into the first sheet, or hostile cells written by openpyxl."""
    seed = _xlsx(rows)
    members = _members(seed)
    sheet = "xl/worksheets/sheet1.xml"

    def splice(args) -> bytes:
        snippet, where = args
        xml = members[sheet]
        at = {"sheetData": xml.find(b"<sheetData>") + len(b"<sheetData>"), "end": xml.rfind(b"</sheetData>"),
              "dimension": xml.find(b"<dimension")}[where]
        return _zip({**members, sheet: xml[:max(at, 0)] + snippet + xml[max(at, 0):]})

    far_cells = st.lists(st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384), cell), max_size=4)

    def with_cells(extra) -> bytes:
        from openpyxl import Workbook

        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        for r, c, v in extra:
            try:
                wb.active.cell(row=r, column=c, value=v)
            except Exception:  # noqa: BLE001 - a value openpyxl itself will not write: skip that cell
                pass
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    return st.one_of(
        st.tuples(st.sampled_from(SNIPPETS), st.sampled_from(["sheetData", "end", "dimension"])).map(splice),
        far_cells.map(with_cells),
        archive_inputs(seed, sheet),
    )


# ------------------------------------------------------------------ checks
class _TempWatch:
    """Route tempfile into a private folder, to see that a reader leaves nothing behind."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="fuzz-readers-"))

    def __enter__(self) -> Path:
        self._old, tempfile.tempdir = tempfile.tempdir, str(self.root)
        return self.root

    def __exit__(self, *exc) -> None:
        tempfile.tempdir = self._old


def check_overlay(name: str, data: bytes, filename: str, declared: str | None = "EPSG:4326") -> None:
    with _TempWatch() as root:
        try:
            result = _timed(name, f"{len(data)} bytes", lambda: read_overlay(data, filename, declared, LIMITS))
        except PlanMapError as exc:
            assert exc.vi.strip() and exc.en.strip()
            assert "Traceback" not in exc.vi + exc.en and str(root) not in exc.vi + exc.en
        else:
            assert isinstance(result, Overlay) and len(result.gdf) > 0
        assert not any(root.iterdir()), "the reader left files behind"
    root.rmdir()


class ImportBench:
    """A migrated SQLite store with one reporter, for the report-import properties."""

    def __init__(self) -> None:
        from progress import ProgressStore, auth
        from tests.progress.fake_refs import REFS

        self.dir = Path(tempfile.mkdtemp(prefix="fuzz-import-"))
        self.store = ProgressStore(f"sqlite:///{self.dir / 'planmap.sqlite'}")
        self.store.migrate()
        self.user = auth.create_user(self.store, "bao-cao-bg", "mat-khau-rat-dai-2", "reporter", "Bình Giang")
        self.refs = dict(REFS)

    def snapshot(self) -> tuple:
        """Every stored report row (the store is small: a few accepted fuzz files at most)."""
        import sqlalchemy as sa

        with self.store.engine.connect() as conn:
            return tuple(conn.execute(sa.text("SELECT * FROM reports ORDER BY id")).all())


_IMPORT: list[ImportBench] = []


def import_bench() -> ImportBench:
    if not _IMPORT:
        _IMPORT.append(ImportBench())
    return _IMPORT[0]


def check_import(name: str, data: bytes, filename: str) -> None:
    from progress import importer

    bench = import_bench()
    before = bench.snapshot()
    pv = _timed(name, f"{len(data)} bytes",
                lambda: importer.preview(data, filename, bench.user, bench.refs, today=TODAY))
    for problem in pv.problems:
        assert problem.vi.strip() and problem.en.strip()
    if pv.ok:
        return  # a well-formed file may be written; that is not a refusal
    try:
        importer.commit(bench.store, pv)
    except ImportRejected:
        pass
    else:
        raise AssertionError("a refused preview was committed")
    assert bench.snapshot() == before, "a refused import changed the store"


# ------------------------------------------------------------------ properties
def properties(examples: int) -> dict[str, Callable[[], None]]:
    """One hypothesis property per reader, ``examples`` inputs each."""
    cfg = settings(max_examples=examples, deadline=None, derandomize=True, database=None, print_blob=False,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.filter_too_much, HealthCheck.large_base_example])
    seeds = _vector_seeds()
    kmz = _zip({"doc.kml": KML})
    props: dict[str, Callable[[], None]] = {}

    def prop(name: str, strategy: st.SearchStrategy, check: Callable[[str, bytes], None]) -> None:
        @cfg
        @given(data=strategy)
        def run(data: bytes) -> None:
            check(name, data)

        props[name] = run

    prop("overlay_geojson", mutated(b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                                    b'{"ten": "A"}, "geometry": {"type": "Point", "coordinates": [106.3, 20.9]}}]}'),
         lambda n, d: check_overlay(n, d, "x.geojson"))
    prop("overlay_kml", mutated(KML), lambda n, d: check_overlay(n, d, "x.kml"))
    prop("overlay_kmz", archive_inputs(kmz, "doc.kml"), lambda n, d: check_overlay(n, d, "x.kmz"))
    prop("overlay_shapefile_zip", archive_inputs(seeds["shapefile"], None), lambda n, d: check_overlay(n, d, "x.zip"))
    prop("overlay_gpkg", mutated(seeds["gpkg"]), lambda n, d: check_overlay(n, d, "x.gpkg"))
    prop("overlay_csv", st.one_of(table_text(["Tên", "lon", "lat"]), mutated(_csv(OVERLAY_ROWS))),
         lambda n, d: check_overlay(n, d, "x.csv"))
    prop("overlay_xlsx", xlsx_sheet_inputs(OVERLAY_ROWS), lambda n, d: check_overlay(n, d, "x.xlsx"))
    prop("import_csv", st.one_of(table_text(IMPORT_ROWS[0]), mutated(_csv(IMPORT_ROWS))),
         lambda n, d: check_import(n, d, "bao-cao.csv"))
    prop("import_xlsx", xlsx_sheet_inputs(IMPORT_ROWS), lambda n, d: check_import(n, d, "bao-cao.xlsx"))
    return props


def run_all(examples: int) -> list[Timing]:
    """Run every property (for the bench); their timings, in order."""
    TIMINGS.clear()
    for run in properties(examples).values():
        run()
    return list(TIMINGS.values())
