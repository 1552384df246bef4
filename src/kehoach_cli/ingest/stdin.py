"""A document read from standard input (`kehoach extract -`), and the kind of a document known only
by its bytes (standard input, a file without a suffix).

Every reader works from the document's bytes, so standard input is read into memory, as a file is,
under the same limits (file-mb, and pages for a PDF, which a file has checked before it is read).
The one library that needs a file, LibreOffice for .doc, .rtf and .odt, is given one in its own
private folder by `office.convert_to_docx` whatever the input was: no temporary file is made here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import limits
from ..errors import InputError
from .office import ODT_SIGNATURE, OLE_SIGNATURE, RTF_SIGNATURE, ZIP_SIGNATURE

STDIN = "-"
# A .docx names its parts in the zip's local headers, in plain bytes: "[Content_Types].xml" comes
# first as Word writes it, and "word/document.xml" is the body. Either tells a Word file from
# another zip even when the archive is cut short (its central directory, at the end, is then lost).
DOCX_PART_NAMES = (b"[Content_Types].xml", b"word/document.xml")
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"II*\x00": ".tif", b"MM\x00*": ".tif"}


def read_stdin(password: str | None = None) -> bytes:
    """Standard input's bytes, or InputError naming "-" for the same causes as a file's.

    A terminal is refused: the command would wait for a document typed by hand."""
    if sys.stdin is None or sys.stdin.isatty():
        raise InputError(STDIN, "standard input is a terminal: pipe or redirect a document into it")
    allowed = limits.current().file_mb * limits.MB
    try:
        data = sys.stdin.buffer.read(allowed + 1)
    except OSError as exc:
        raise InputError(STDIN, f"cannot be read ({exc.strerror or exc})") from exc
    limits.check(STDIN, len(data), "file_mb", "is too large to read", " MB", limits.MB)
    if not data:
        raise InputError(STDIN, "is empty (0 bytes)")
    if data.startswith(b"%PDF"):
        limits.check_pages(Path(STDIN), password, data)
    return data


def sniffed_suffix(data: bytes) -> str:
    """The suffix a file of these bytes would be named with: "" for text (or anything not known by
    its first bytes, which the text reader then refuses with the encodings it tried)."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(OLE_SIGNATURE):
        return ".doc"  # read_office tells a damaged Word file from an Excel or PowerPoint one
    if data.startswith(RTF_SIGNATURE):
        return ".rtf"
    if data.startswith(ZIP_SIGNATURE):
        if data[30 : 30 + len(ODT_SIGNATURE)] == ODT_SIGNATURE:
            return ".odt"
        return ".docx" if any(name in data for name in DOCX_PART_NAMES) else ".zip"
    for signature, suffix in IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return ""
