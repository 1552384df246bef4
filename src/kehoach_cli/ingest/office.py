"""Word 97 (.doc), RTF and OpenDocument (.odt) files: converted to .docx by LibreOffice, then read by
the Word path (`word.read_docx`), tables and all.

LibreOffice runs headless (Debian: libreoffice-writer-nogui) with a profile of its own in a private
temporary folder, so that it neither uses nor locks the user's profile and conversions run side by
side; the result is written into that folder. It runs in a process group of its own, killed whole
when the conversion overruns its time limit.

LibreOffice opens anything as plain text rather than fail, so each file is checked for its format's
signature first: garbage named .doc is refused, where LibreOffice would "convert" it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from ..errors import InputError
from .pages import PageText

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
CONVERT_SECONDS = 120.0  # LibreOffice's start and the conversion, before the process group is killed
LABELS = {"doc": "a Word 97 .doc", "rtf": "an RTF", "odt": "an OpenDocument .odt"}
OfficeKind = Literal["doc", "rtf", "odt"]
SUFFIX_KINDS: dict[str, OfficeKind] = {".doc": "doc", ".rtf": "rtf", ".odt": "odt"}
# A Word 97 file is an OLE compound file holding a stream named "WordDocument" (Excel's and
# PowerPoint's OLE files hold others).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
RTF_SIGNATURE = b"{\\rtf"
# An OpenDocument file is a zip whose first entry, stored uncompressed, is its media type.
ODT_SIGNATURE = b"mimetypeapplication/vnd.oasis.opendocument.text"
ZIP_SIGNATURE = b"PK\x03\x04"


def office_kind(suffix: str, data: bytes) -> OfficeKind | None:
    """ "doc", "rtf" or "odt" for a file of that format, by its signature whatever its name, or by
    its suffix (`read_office` then says it is not what its name says); None for other files."""
    if data.startswith(OLE_SIGNATURE) and WORD_STREAM in data:
        return "doc"
    if data.startswith(RTF_SIGNATURE):
        return "rtf"
    if data.startswith(ZIP_SIGNATURE) and data[30 : 30 + len(ODT_SIGNATURE)] == ODT_SIGNATURE:
        return "odt"
    return SUFFIX_KINDS.get(suffix)


def read_office(path: Path, data: bytes, kind: str, timeout: float = CONVERT_SECONDS) -> list[PageText]:
    """The document's page as the Word path reads its .docx conversion."""
    from .word import read_docx

    if office_kind("", data) != kind:
        raise InputError(str(path), _not_of_kind(data, kind))
    docx = convert_to_docx(path, data, kind, timeout)
    return read_docx(path, docx)


def _not_of_kind(data: bytes, kind: str) -> str:
    if kind == "doc" and data.startswith(OLE_SIGNATURE):
        return "is damaged, truncated or not a Word document (an OLE file without a WordDocument stream)"
    signature = {
        "doc": "no OLE signature",
        "rtf": "it does not begin with {\\rtf",
        "odt": "no OpenDocument text media type at its start",
    }[kind]
    return f"is not {LABELS[kind]} file ({signature})"


def convert_to_docx(path: Path, data: bytes, kind: str, timeout: float = CONVERT_SECONDS) -> bytes:
    """The file converted to .docx by LibreOffice, or InputError saying why it cannot be."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(
            str(path),
            f"is {LABELS[kind]} file, which needs LibreOffice to be read: it is not "
            f"installed (Debian: apt-get install {DEBIAN_PACKAGE})",
        )
    with tempfile.TemporaryDirectory(prefix="kehoach-office-") as folder:
        # The bytes under a plain name: the input's own name may lack the suffix LibreOffice goes by.
        source = Path(folder) / f"input.{kind}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(Path(folder) / "out"),
            str(source),
        ]
        _run_in_own_group(path, command, folder, timeout)
        result = Path(folder) / "out" / "input.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise InputError(str(path), f"is damaged or truncated: LibreOffice cannot convert it ({LABELS[kind]} file)")
        return result.read_bytes()


def _run_in_own_group(path: Path, command: list[str], folder: str, timeout: float) -> None:
    """Run LibreOffice in a new process group; on overrunning `timeout`, or on Ctrl-C, kill the
    group (LibreOffice's launcher starts the office process as its child) before reaping it."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=folder,
            start_new_session=True,
        )
    except OSError as exc:
        raise InputError(
            str(path),
            f"LibreOffice cannot be started ({exc.strerror or exc}; Debian: "
            f"apt-get install --reinstall {DEBIAN_PACKAGE})",
        ) from exc
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise InputError(str(path), f"LibreOffice took longer than {timeout:g} s to convert it; stopped") from None
    except BaseException:
        _kill_group(process)
        raise


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the group while its leader is unreaped (its id cannot be anyone else's yet), then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
