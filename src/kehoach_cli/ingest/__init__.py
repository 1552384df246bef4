"""Ingest stage: turn an input file into pages of text with words, boxes and ruled tables.

Entry point: `ingest_file(path)` -> IngestedDocument. Each page records where its
text came from (the PDF's own text layer, OCR, or a text file), because later stages trust
those sources differently. Word 97, RTF and OpenDocument files are converted to .docx by
LibreOffice (`office`) and read as Word files.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from ..errors import InputError
from .office import SUFFIX_KINDS as OFFICE_SUFFIXES
from .office import office_kind
from .pages import IngestedDocument, PageText, Table, Word
from .pdf import read_pdf
from .stdin import STDIN, read_stdin, sniffed_suffix
from .text import read_text_file

__all__ = ["SUPPORTED_SUFFIXES", "IngestedDocument", "PageText", "Table", "Word", "ingest_file"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES | {".docx"} | set(OFFICE_SUFFIXES)


def ingest_file(path: Path, password: str | None = None) -> IngestedDocument:
    """Read `path` into pages; image-only PDF pages come back empty, for `ocr_pages` to fill.

    `password` opens an encrypted PDF; the document's `data` is then the decrypted copy.
    """
    data = _read_bytes(path, password)
    sha256 = hashlib.sha256(data).hexdigest()
    # Standard input, or a file without a suffix, is read as what its first bytes say it is.
    suffix = path.suffix.lower() or sniffed_suffix(data)
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF"):
        pdf = read_pdf(str(path), data, password)
        return IngestedDocument(str(path), sha256, "pdf", pdf.pages, pdf.data, pdf.warnings)
    # Word and image readers load python-docx and Pillow: only for the files that need them.
    if kind := office_kind(suffix, data):
        from .office import read_office

        return IngestedDocument(str(path), sha256, kind, read_office(path, data, kind), data)
    if suffix == ".docx":
        from .word import read_docx

        return IngestedDocument(str(path), sha256, "docx", read_docx(path, data), data)
    if suffix in IMAGE_SUFFIXES:
        from .image import read_image

        return IngestedDocument(str(path), sha256, "image", read_image(path, data), data)
    if suffix in TEXT_SUFFIXES or not suffix:
        return IngestedDocument(str(path), sha256, "text", read_text_file(path, data), data)
    raise InputError(
        str(path), f"unsupported file type '{suffix}' (expected .pdf, .docx, .doc, .rtf, .odt, .txt or an image)"
    )


def _read_bytes(path: Path, password: str | None = None) -> bytes:
    """The file's bytes, or InputError saying why there are none to read.

    `-` is standard input (`stdin.read_stdin`; `password` counts a PDF's pages there). A character
    device or a FIFO is refused (`extract /dev/zero` read until memory ran out); so is a file over the
    file-mb limit, which is read no further than that. In a batch (limits.follow_links off) a symbolic
    link is not followed even when it was swapped in after the folder was listed. A symbolic link loop
    looks like a missing file to `Path.exists`: it is told apart, so the user looks for the loop and
    not for the file."""
    from .. import limits

    allowed = limits.current().file_mb * limits.MB
    if str(path) == STDIN:
        return read_stdin(password)
    else:
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (0 if limits.current().follow_links else os.O_NOFOLLOW)
        try:
            fd = os.open(path, flags | os.O_NONBLOCK)  # a FIFO opens without a writer, to be refused
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                raise InputError(str(path), "symbolic link loop" if _is_link_loop(path) else "no such file") from exc
            if exc.errno == errno.ELOOP:
                raise InputError(
                    str(path), "symbolic link loop" if _is_link_loop(path) else "is a symbolic link: not followed"
                ) from exc
            raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            if stat.S_ISDIR(mode):
                raise InputError(str(path), "is a directory (use 'kehoach batch' for folders)")
            kind = (
                "a character device"
                if stat.S_ISCHR(mode)
                else "a FIFO"
                if stat.S_ISFIFO(mode)
                else "not a regular file"
            )
            raise InputError(str(path), f"is {kind}: not read (give - to read standard input)")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            try:
                data = handle.read(allowed + 1)
            except OSError as exc:
                raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    limits.check(str(path), len(data), "file_mb", "is too large to read", " MB", limits.MB)
    if not data:
        raise InputError(str(path), "is empty (0 bytes)")
    return data


def _is_link_loop(path: Path) -> bool:
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False
