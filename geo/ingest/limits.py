"""The fixed limits of what one file may hold, checked before the work that they bound.

The dashboard is public and an upload comes from anyone, so every read is bounded twice: by
these limits, which a file's own bytes are checked against before anything expensive starts
(each refusal names the limit, so that a coordinator knows how to split the file), and by the
box of ``geo.ingest.box`` (a child process with a memory and a time limit) for whatever the limits
cannot foresee. README.md and docs/data-format.md list the same figures.

Two sets: ``LIMITS`` for whatever a visitor uploads (and ``python -m geo validate``, which says whether an
upload would load), and ``OWN_LIMITS`` for the deployment's own files (the paths in ``HROMADA_NEEDS`` ...,
``HROMADA_INDICATORS``, ``HROMADA_OBLASTS``/``HROMADA_RAIONS``). Those are put there by the operator, not by
anyone, and a national registry is larger than any upload (1,000,000 needs: a 113 MB CSV, loaded and
checked in some 11 s at a peak of 1.35 GB: scripts/bench_scaling.py); they are still bounded, so that a wrong path
(a disk image, a log) is refused with a message instead of taking the server down. Which set a file is
read under is the ``Source``'s own (``geo.ingest.reading.Source.limits``).
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """What one file may hold. The defaults are documented; tests make smaller ones."""

    file_bytes: int = 50 * 2**20  # the upload limit (server.maxUploadSize in .streamlit/config.toml)
    unzipped_bytes: int = 200 * MB  # a zip or xlsx, all members together, as they unpack
    member_bytes: int = 200 * MB  # one member of a zip or xlsx
    zip_ratio: int = 100  # unpacked size / packed size of a member larger than ratio_from_bytes
    ratio_from_bytes: int = 1 * MB  # small members compress well legitimately (XML of a few rows)
    zip_members: int = 1_000
    rows: int = 1_000_000  # data rows of a table (or features of a GeoJSON, GeoPackage, Shapefile)
    columns: int = 500
    cells: int = 20_000_000  # rows x columns: what a table costs to hold in memory
    line_chars: int = 2_000_000  # one line of a CSV
    cell_chars: int = 1_000_000  # one cell (a long WKT boundary fits; Excel itself holds 32,767)
    sheets: int = 100  # sheets of a workbook
    shape_vertices: int = 100_000  # one community's boundary
    file_vertices: int = 5_000_000  # all the shapes of one file
    geojson_depth: int = 64  # nesting of a GeoJSON (a polygon is 4 deep, a collection of them 6)


LIMITS = Limits()  # a visitor's upload
# The deployment's own files: ten times the rows, cells and vertices, and a file of up to 1 GiB (a 1,000,000-need
# CSV is 113 MB). What bounds one row, cell, shape or archive stays as for uploads: a national file has more
# of them, not larger ones.
OWN_LIMITS = Limits(file_bytes=2**30, rows=10_000_000, cells=200_000_000, file_vertices=50_000_000)


def megabytes(size: int) -> str:
    """A size as the messages say it: ``52.4`` (MB, decimal, one decimal place)."""
    return f"{size / MB:.1f}"
