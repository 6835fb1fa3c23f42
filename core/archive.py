"""Archive safety: every zip-based upload (.xlsx, .kmz, zipped Shapefile) passes these checks before it is opened.

An archive is refused as a whole when it holds too many members, unpacks beyond a size or a
compression ratio (zip bombs), or names a member outside its folder (absolute paths, ``..``,
drive letters, symbolic links, NUL bytes). Python's ``zipfile`` stops every member at the size its
header declares, so checking the declared sizes bounds what any later reader (openpyxl, GDAL
after :func:`extract`) can unpack; :func:`extract` still counts the real bytes.

Every failure is a :class:`~core.errors.PlanMapError` with a Vietnamese and an English message:
a corrupt stream (``zlib.error``), an unsupported method or zip version (``NotImplementedError``)
or a truncated file never reaches a page as a traceback.
"""
from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.bilingual import Text
from core.errors import DataError, ImportRejected

# What zipfile and its decompressors raise on damaged or unsupported archives.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError,
              ValueError, RuntimeError, KeyError, UnicodeDecodeError)
MB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    max_unzipped_bytes: int = 250 * MB   # all members together
    max_ratio: float = 100.0             # uncompressed / compressed, whole archive (checked above 1 MB)
    max_members: int = 1000


# A path with at least one folder ("/tmp/overlay-x/data.kml", "C:\\x\\y.shp"): only its last part is shown.
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s'\"/\\]*)+[/\\]([^\s'\"/\\]+)")


# What to do about a file whose content is not its format, said in both languages ("the content is
# malformed" alone leaves an official with nothing to try).
RESAVE = Text("hãy mở tệp bằng chương trình đã tạo ra nó và lưu lại",
              "open it in the program that made it and save it again")
NOT_AN_ARCHIVE = Text(
    "tệp không phải tệp nén thật (một tệp .xlsx, .kmz hay .zip là tệp nén): có thể là tệp Excel cũ (.xls) "
    "bị đổi đuôi, hoặc tải về chưa hết — hãy mở tệp bằng Excel (hoặc chương trình đã tạo ra nó) và lưu lại "
    "đúng định dạng",
    "it is not a real archive (an .xlsx, .kmz or .zip file is one): perhaps an old Excel file (.xls) renamed, "
    "or a download cut short — open it in Excel (or the program that made it) and save it in the right format")


def malformed(filename: str, detail: object, reason: Text = RESAVE) -> DataError:
    """The one message for "this file's content is not what its format says".

    ``reason`` says in both languages what is wrong or what to do; ``detail`` (a library's words, in
    English) follows, marked as a technical detail, so the Vietnamese message never rests on English
    alone. Only the cause's first line is kept; folders of the server (temporary files) are cut out.
    """
    text = str(detail or "").strip()
    detail = _PATH.sub(r"\1", text.splitlines()[0])[:300] if text else ""
    return DataError(
        f"Không đọc được tệp {filename}: nội dung không đúng định dạng — {reason.vi}."
        + (f" Chi tiết kỹ thuật (tiếng Anh): {detail}." if detail else ""),
        f"Could not read {filename}: the content is malformed — {reason.en}."
        + (f" Technical detail: {detail}." if detail else ""),
    )


def _outside(filename: str, member: str) -> ImportRejected:
    return ImportRejected(
        f"Tệp nén {filename} bị từ chối: mục «{member}» trỏ ra ngoài thư mục giải nén.",
        f"The archive {filename} was refused: entry '{member}' points outside its folder.",
    )


def _escapes(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    mode = (info.external_attr >> 16) & 0o170000
    return (name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts
            or mode == stat.S_IFLNK or "\x00" in name)


def check_members(infos: list[zipfile.ZipInfo], filename: str, limits: ArchiveLimits, compressed_size: int) -> None:
    """Refuse (ImportRejected) an archive whose directory breaks a limit; reads no member."""
    if len(infos) > limits.max_members:
        raise ImportRejected(
            f"Tệp nén {filename} có {len(infos)} mục, vượt giới hạn {limits.max_members}.",
            f"The archive {filename} holds {len(infos)} entries, over the limit of {limits.max_members}.",
        )
    total = 0
    for info in infos:
        if _escapes(info):
            raise _outside(filename, info.filename)
        total += max(info.file_size, 0)
    if total > limits.max_unzipped_bytes:
        raise ImportRejected(
            f"Tệp nén {filename} giải nén ra {total / MB:.0f} MB, vượt giới hạn {limits.max_unzipped_bytes / MB:.0f} MB.",
            f"The archive {filename} unpacks to {total / MB:.0f} MB, over the limit of "
            f"{limits.max_unzipped_bytes / MB:.0f} MB.",
        )
    ratio = total / max(compressed_size, 1)
    if total > MB and ratio > limits.max_ratio:
        raise ImportRejected(
            f"Tệp nén {filename} bị từ chối: tỉ lệ nén {ratio:.0f}:1 vượt giới hạn "
            f"{limits.max_ratio:.0f}:1 (nghi là «bom nén»).",
            f"The archive {filename} was refused: compression ratio {ratio:.0f}:1 "
            f"is over the limit of {limits.max_ratio:.0f}:1 (looks like a zip bomb).",
        )


def open_checked(data: bytes, filename: str, limits: ArchiveLimits) -> zipfile.ZipFile:
    """The archive in ``data``, opened only after its directory passed :func:`check_members` (caller closes it)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise malformed(filename, f"zip: {exc}", NOT_AN_ARCHIVE) from exc
    try:
        check_members(infos, filename, limits, len(data))
    except BaseException:
        zf.close()
        raise
    return zf


def check_archive(data: bytes, filename: str, limits: ArchiveLimits) -> None:
    """Check an archive another library will open itself (openpyxl for .xlsx)."""
    open_checked(data, filename, limits).close()


def extract(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], dest: Path, filename: str,
            limits: ArchiveLimits) -> list[Path]:
    """Extract regular files under ``dest``, counting real bytes (headers can lie)."""
    out: list[Path] = []
    written = 0
    root = dest.resolve()
    for info in infos:
        if info.is_dir():
            continue
        target = (dest / info.filename.replace("\\", "/")).resolve()
        if root not in target.parents:
            raise _outside(filename, info.filename)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with zf.open(info) as src, open(target, "wb") as dst:
                while chunk := src.read(MB):
                    written += len(chunk)
                    if written > limits.max_unzipped_bytes:
                        raise ImportRejected(
                            f"Tệp nén {filename} giải nén vượt giới hạn {limits.max_unzipped_bytes / MB:.0f} MB.",
                            f"The archive {filename} unpacks beyond the limit of {limits.max_unzipped_bytes / MB:.0f} MB.",
                        )
                    dst.write(chunk)
        except ZIP_ERRORS as exc:
            raise malformed(filename, exc) from exc
        out.append(target)
    return out
