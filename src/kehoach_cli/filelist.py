"""`kehoach batch --files-from FILE|-`: the documents of a batch given as a list of paths (one a line,
or NUL-separated with -0, as `find -print0` writes them) instead of a folder to search.

Each output mirrors its document's path relative to the listed files' common folder, as a folder's
outputs mirror the paths under that folder; the same files are refused for the same reasons
(symbolic links, folders, devices, unsupported types, files inside the output folder).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from .batch import Failure, Input, unsupported_type
from .errors import KehoachError, printable_name


def read_file_list(source: str, nul: bool) -> list[Path]:
    """The paths listed in `source` (- for standard input), in their order, empty entries left out.

    Names are bytes on Linux: they are decoded as the file system does (os.fsdecode), so a name
    that is not UTF-8 is still found."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise KehoachError(f"{source}: the list of files cannot be read ({exc.strerror or exc})") from exc
    return [Path(os.fsdecode(entry)) for entry in data.split(b"\0" if nul else b"\n") if entry]


def listed_inputs(paths: list[Path], out_dir: Path) -> tuple[list[Input], list[Failure]]:
    """The listed files to convert, keyed by their path relative to their common folder, in path
    order, and those refused. A file listed twice (under any spelling) is converted once."""
    if not paths:
        return [], []
    absolute = [Path(os.path.abspath(path)) for path in paths]  # not resolved: links are not followed
    root = Path(os.path.commonpath([str(path.parent) for path in absolute]))
    out_real = out_dir.resolve()
    inputs: dict[str, Input] = {}
    rejected: dict[str, Failure] = {}
    for given, full in zip(paths, absolute):
        rel = printable_name(full.relative_to(root).as_posix())
        if rel in inputs or rel in rejected:
            continue
        if reason := _refusal(full, out_real):
            rejected[rel] = Failure(rel, reason)
        else:  # as listed; "-" would be read as standard input
            inputs[rel] = Input(rel, full if str(given) == "-" else given)
    return sorted(inputs.values(), key=lambda i: i.rel), sorted(rejected.values(), key=lambda f: f.rel)


def _refusal(path: Path, out_real: Path) -> str | None:
    """Why a listed path is not converted, or None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return "no such file" if exc.errno == errno.ENOENT else f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISLNK(mode):
        return "is a symbolic link: not followed"
    if stat.S_ISDIR(mode):
        return "is a directory (list the files in it, or give the folder to kehoach batch)"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if path.resolve().is_relative_to(out_real):
        return "is inside the output folder: not read as input"
    return unsupported_type(path.name)
