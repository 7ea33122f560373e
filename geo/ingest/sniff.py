"""What a file's bytes are, whatever its name says: the first check before anything reads it.

A name is a claim made by whoever saved (or forged) the file. The loaders read a file only as
the format its name claims, and only when these tests say its bytes are that format.
"""

from __future__ import annotations

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a member, or an empty archive
SQLITE_MAGIC = b"SQLite format 3\x00"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# First bytes of formats that people save under a table's name by mistake (or on purpose).
_SIGNATURES = (
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office 97-2003 (.xls, .doc)"),
    (SQLITE_MAGIC, "SQLite"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!", "RAR"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def is_sqlite(data: bytes) -> bool:
    return data.startswith(SQLITE_MAGIC)


def is_binary(data: bytes) -> bool:
    """Not text: a zip (a workbook), a known binary signature, or NUL bytes in a file without a UTF-16 mark."""
    if data.startswith(UTF16_BOMS):
        return False
    return is_zip(data) or any(data.startswith(magic) for magic, _name in _SIGNATURES) or b"\x00" in data[:4096]


def describe(data: bytes) -> str:
    """A short name for what the bytes look like, for a message ("XML", "PDF", "a zip archive")."""
    head = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if is_zip(head):
        return "ZIP"
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    text = head[:512].lstrip()
    if text.startswith(b"<"):
        return "XML / HTML"
    if text.startswith((b"{", b"[")):
        return "JSON"
    if b"\x00" in head[:4096]:
        return "binary"
    return "text"
