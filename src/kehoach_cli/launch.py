"""Entry point of the `kehoach` command, and the parts of the CLI that need no CLI framework.

Why: typer (with pydantic, which it uses to convert parameters) and rich take about a third of a
second of CPU to import, more than restoring several pages of text. The plain forms of
`kehoach restore` (FILE or -, optionally --json, no other option) are recognised here and run the same
function as the typer command (`run_restore`); every other command line, including --help and every
error in the arguments, goes to the typer app in cli.py unchanged.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from pathlib import Path
from typing import Protocol

from .errors import ExitCode, KehoachError, Terminated, one_line, raise_on_termination


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
        tokens = [{"start": t.start, "end": t.end, "original": t.original, "restored": t.restored,
                   "confidence": round(t.confidence, 4)} for t in result.tokens]
        output = json.dumps({"text": result.text, "tokens": tokens}, ensure_ascii=False) + "\n"
    else:
        output = result.text
    try:
        write_output(output, None)
    except KehoachError as exc:  # stdout cannot be written (a full disk behind a redirection)
        fail(settings, "<stdout>", exc)
        return ExitCode.DOCUMENT_FAILED
    return ExitCode.OK


def plain_restore(args: list[str]) -> tuple[str, bool] | None:
    """(file, --json) when `args` are `restore [FILE|-] [--json]` in any order; else None (typer parses)."""
    if not args or args[0] != "restore":
        return None
    rest = [a for a in args[1:] if a != "--json"]
    if len(args) - 1 - len(rest) > 1 or len(rest) > 1 or (rest and rest[0].startswith("-") and rest[0] != "-"):
        return None
    return (rest[0] if rest else "-"), len(rest) < len(args) - 1


class _QuietFlush:
    """Standard stream whose flush ignores a closed pipe (as the CLI framework does at exit)."""

    def __init__(self, wrapped) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str):
        return getattr(self.wrapped, attr)


def main() -> None:
    raise_on_termination()
    try:
        _main()
    except Terminated as exc:  # cleaned up on the way out; a batch handles it itself, with a summary
        sys.exit(exc.exit_code)


def _main() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    plain = plain_restore(sys.argv[1:])
    if plain is None:
        from .cli import app

        app()
        return
    try:
        code = run_restore(*plain, settings=_Plain())
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except OSError as exc:  # the reader of stdout went away (`kehoach restore big.txt | head`)
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout, sys.stderr = _QuietFlush(sys.stdout), _QuietFlush(sys.stderr)
        code = ExitCode.DOCUMENT_FAILED
    sys.exit(int(code))


class _Plain:
    """Settings of a plain `kehoach restore` (no --debug, no --quiet)."""

    debug = False
    quiet = False
