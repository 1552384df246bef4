"""Entry point of the `kehoach` command: the plain `kehoach restore` here, everything else to cli.py.

Why: typer (with pydantic, which it uses to convert parameters) and rich take longer to import
than restoring several pages of text. The plain forms of
`kehoach restore` (FILE or -, optionally --json, no other option) are recognised here and run the same
function as the typer command (`plain.run_restore`); every other command line, including --help and every
error in the arguments, goes to the typer app in cli.py unchanged.
"""

from __future__ import annotations

import errno
import sys

from .errors import ExitCode, Terminated, raise_on_termination
from .plain import run_restore


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
