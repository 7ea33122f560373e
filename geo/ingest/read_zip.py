"""Zip archives (workbooks and zipped Shapefiles), opened only when their declared sizes keep to the limits."""

from __future__ import annotations

import io
import zipfile

from geo.ingest.limits import Limits, megabytes
from geo.ingest.raw_table import Unreadable


def open_zip(data: bytes, limits: Limits, not_it: str) -> zipfile.ZipFile:
    """The archive, once its declared sizes are within the limits (reading never goes beyond them).

    Python's zipfile stops every member at its declared size and checks its CRC, so a member
    that claims to be small cannot unpack into more: the declared sizes are what it can cost.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise Unreadable(not_it) from exc
    if len(infos) > limits.zip_members:
        raise Unreadable("archive_members", count=f"{len(infos):,}", limit=f"{limits.zip_members:,}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise Unreadable("archive_encrypted", value=info.filename[:80])
        total += info.file_size
        if info.file_size > limits.member_bytes or total > limits.unzipped_bytes:
            raise Unreadable(
                "archive_too_large", value=info.filename[:80], size=megabytes(total), limit=megabytes(limits.unzipped_bytes)
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_from_bytes and ratio > limits.zip_ratio:
            raise Unreadable("archive_ratio", value=info.filename[:80], ratio=f"{ratio:,.0f}", limit=limits.zip_ratio)
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, not_it: str) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise Unreadable(not_it) from exc
