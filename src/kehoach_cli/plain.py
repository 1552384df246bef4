"""The parts of the command line that need no CLI framework: the one-line error, the atomic output,
and `kehoach restore` itself, shared by the typer commands (cli.py) and the fast entry point (launch.py).

Why apart: launch.py must run `kehoach restore` without importing typer, and cli.py must not import
the entry point that imports it.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Protocol

from .errors import ExitCode, KehoachError, one_line


class _Settings(Protocol):
    debug: bool


def fail(settings: _Settings, where: str, exc: Exception) -> None:
    """One line on stderr; a traceback only with --debug."""
    from rich.console import Console

    if settings.debug:
        traceback.print_exception(exc, file=sys.stderr)
    message = str(exc) if isinstance(exc, KehoachError) else f"{where}: unexpected error: {type(exc).__name__}: {exc}"
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"kehoach: error: {one_line(message)}", markup=False)


def write_output(content: str | bytes, output: Path | None) -> None:
    """Print to stdout, or replace `output` atomically so a reader never sees half a file.

    A failed write (disk full, a folder in the way) is a KehoachError naming the output; a reader
    that stopped reading (`| head`) is not an error: the rest of the output is dropped."""
    from .atomic import write_output_file

    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if output is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_output_file(output, data)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
    except OSError as exc:
        raise KehoachError(f"{output or '<stdout>'}: cannot be written ({exc.strerror or exc})") from exc


def run_restore(file: str, as_json: bool, settings: _Settings) -> int:
    """`kehoach restore`: repair the text of `file` (- for standard input) to stdout; the exit code."""
    import json

    from .restore import restore_text

    name = "<stdin>" if file == "-" else file
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        cause = "is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else f"cannot be read ({exc.strerror})"
        fail(settings, name, KehoachError(f"{name}: {cause}"))
        return ExitCode.DOCUMENT_FAILED
    if not text:
        return ExitCode.OK
    try:
        result = restore_text(text)
    except Exception as exc:
        fail(settings, name, exc)
        return ExitCode.DOCUMENT_FAILED
    if as_json:
        tokens = [
            {
                "start": t.start,
                "end": t.end,
                "original": t.original,
                "restored": t.restored,
                "confidence": round(t.confidence, 4),
            }
            for t in result.tokens
        ]
        output = json.dumps({"text": result.text, "tokens": tokens}, ensure_ascii=False) + "\n"
    else:
        output = result.text
    try:
        write_output(output, None)
    except KehoachError as exc:  # stdout cannot be written (a full disk behind a redirection)
        fail(settings, "<stdout>", exc)
        return ExitCode.DOCUMENT_FAILED
    return ExitCode.OK
