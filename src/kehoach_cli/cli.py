"""Command line: wires the stages together and prints. Data to stdout, messages to stderr."""

from __future__ import annotations

import functools
import inspect
import json
import os
import signal
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .errors import ExitCode, KehoachError, one_line
from .plain import fail as _fail
from .plain import run_restore, write_output

# The stages are imported inside the commands that need them: pdfplumber and pydantic are slow to
# import, which `kehoach restore` in a pipe should not pay.
if TYPE_CHECKING:
    from .batch import BatchSummary
    from .export import Format
    from .models import PlanDocument
    from .pipeline import ExtractOptions

app = typer.Typer(
    help="Turn Vietnamese provincial plans (Kế hoạch) into validated task records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="json (documents), jsonl or csv (task rows), xlsx (workbook), sqlite (database), html (report).",
    ),
]


class OcrMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


OcrOption = Annotated[
    OcrMode,
    typer.Option("--ocr", help="auto: OCR pages without a good Vietnamese text layer; always: every page; never."),
]
RestoreOption = Annotated[bool, typer.Option("--restore/--no-restore", help="Repair stripped or mangled diacritics.")]
JobsOption = Annotated[
    Optional[int],
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        show_default="the usable cores",
        help="Parallel worker processes (OCR pages; in a batch, documents too).",
    ),
]
DpiOption = Annotated[
    int, typer.Option("--dpi", min=50, max=1200, help="Resolution PDF pages are rendered at for OCR.")
]
OcrTimeoutOption = Annotated[
    float,
    typer.Option(
        "--ocr-timeout", min=0.1, help="Seconds tesseract may spend on one page before the page is marked failed."
    ),
]
PasswordOption = Annotated[
    Optional[str],
    typer.Option(
        "--password",
        envvar="KEHOACH_PASSWORD",
        show_envvar=True,
        help="Password to open encrypted PDFs (the variable keeps it out of `ps`; or --password-file).",
    ),
]
PasswordFileOption = Annotated[
    Optional[Path],
    typer.Option("--password-file", help="Read the password from the first line of this file.", show_default=False),
]
LimitOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--limit",
        metavar="NAME=VALUE",
        show_default=False,
        help="Raise (or lower) a limit on what one input may cost: file-mb, text-mb, line-chars, docx-mb, part-mb, "
        "pages, image-mb, seconds. Repeatable.",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")]


@dataclass(frozen=True)
class Reading:
    """How `extract`, `text` and `batch` read a document: the options the three share, with their
    defaults, declared once (`reading_options` gives them to a command)."""

    ocr: OcrOption = OcrMode.auto
    restore: RestoreOption = True
    jobs: JobsOption = None
    dpi: DpiOption = 300
    ocr_timeout: OcrTimeoutOption = 180.0
    password: PasswordOption = None
    password_file: PasswordFileOption = None
    limit: LimitOption = None


def reading_options(command: Callable[..., None]) -> Callable[..., None]:
    """`command` with the fields of Reading as its options in place of its `reading` parameter:
    typer reads a command's options from its signature, so the signature is rewritten."""
    hints = typing.get_type_hints(command, include_extras=True)
    hints.update(typing.get_type_hints(Reading, include_extras=True))
    shared = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name])
        for f in fields(Reading)
    ]
    parameters = []  # all keyword-only: typer passes them by name, and the shared ones come in between
    for parameter in inspect.signature(command).parameters.values():
        parameters += (
            shared
            if parameter.name == "reading"
            else [parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints[parameter.name])]
        )

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        reading = Reading(**{f.name: kwargs.pop(f.name) for f in fields(Reading)})
        command(**kwargs, reading=reading)

    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return run


@dataclass
class Settings:
    debug: bool = False
    quiet: bool = False

    @property
    def console(self) -> Console:
        return Console(stderr=True, quiet=self.quiet)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kehoach {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    quiet: QuietOption = False,
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    ctx.obj = Settings(debug=debug, quiet=quiet)


def _emit(settings: Settings, content: str | bytes, output: Path | None) -> None:
    """write_output, with a failed write reported as one line and exit status 1."""
    try:
        write_output(content, output)
    except KehoachError as exc:
        _fail(settings, str(output or "<stdout>"), exc)
        raise typer.Exit(ExitCode.DOCUMENT_FAILED) from exc


def _check_output(output: Path | None, inputs: list[Path]) -> None:
    """Refuse an output that is a folder or one of the inputs, before any work is done."""
    if output is None:
        return
    if output.is_dir():
        raise typer.BadParameter(f"{output} is a folder: give a file name", param_hint="--output")
    for path in inputs:
        if _same_file(output, path):
            raise typer.BadParameter(f"{output} is the input {path}: it would be overwritten", param_hint="--output")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either is missing or unreadable: not one file
        return False


def _use_limits(values: list[str] | None) -> None:
    from . import limits

    try:
        limits.use(limits.parse(values or []))
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--limit") from exc


def _password(password: str | None, password_file: Path | None) -> str | None:
    """--password (or KEHOACH_PASSWORD), else the first line of --password-file."""
    if password_file is None:
        return password
    try:
        lines = password_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(
            f"{password_file} cannot be read ({getattr(exc, 'strerror', None) or exc})", param_hint="--password-file"
        ) from exc
    return lines[0] if lines else ""


def _options(reading: Reading) -> ExtractOptions:
    """The pipeline's options from the shared ones; sets the limits, reads the password file."""
    from .pipeline import ExtractOptions

    _use_limits(reading.limit)
    return ExtractOptions(
        ocr=reading.ocr.value,
        restore=reading.restore,
        jobs=reading.jobs,
        dpi=reading.dpi,
        page_timeout=reading.ocr_timeout,
        password=_password(reading.password, reading.password_file),
    )


def _warn_if_no_ocr(settings: Settings) -> None:
    """Said once before a batch: its workers cannot print a once-per-run warning themselves."""
    from .ingest.ocr import tesseract_status

    if problem := tesseract_status():
        _warn_once(settings)(f"OCR is not available: {problem}")


def _warn_once(settings: Settings) -> Callable[[str], None]:
    """A warning printer that says each message once per run (not once per file of a batch)."""
    said: set[str] = set()

    def warn(message: str) -> None:
        if message not in said:
            said.add(message)
            Console(stderr=True, highlight=False, soft_wrap=True, quiet=settings.quiet).print(
                f"kehoach: warning: {one_line(message)}", markup=False
            )

    return warn


def _extract_all(
    paths: list[Path],
    options: ExtractOptions,
    settings: Settings,
    on_done: Callable[[Path, PlanDocument], None] | None = None,
) -> tuple[list[PlanDocument], int]:
    """Extract each path, continuing past failures; returns the documents and the failure count."""
    from .batch import with_printable_path
    from .limits import document_limits
    from .pipeline import Listeners, extract_document

    documents: list[PlanDocument] = []
    warn = _warn_once(settings)
    failures = 0
    console = settings.console
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=settings.quiet or not console.is_terminal,
    ) as progress:
        bar = progress.add_task("extracting", total=len(paths))
        for path in paths:
            progress.update(bar, description=f"extracting {one_line(path.name)}")

            def on_ocr_page(done: int, total: int, name: str = one_line(path.name)) -> None:
                progress.update(bar, description=f"extracting {name} (OCR {done}/{total} pages)")

            try:
                with document_limits(path, options.password):
                    document = extract_document(path, options, Listeners(on_ocr_page, warn))
                document = with_printable_path(document)
            except Exception as exc:  # one bad file never stops a batch
                failures += 1
                _fail(settings, str(path), exc)
            else:
                documents.append(document)
                if on_done:
                    on_done(path, document)
            progress.advance(bar)
    return documents, failures


@app.command()
@reading_options
def extract(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Plan files (.pdf, .docx, .txt, images).", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    fmt: FormatOption = "json",
    reading: Reading = Reading(),
) -> None:
    """Extract metadata and tasks. One PATH gives one JSON object; several give a JSON array."""
    from .export import BINARY_FORMATS, render

    settings: Settings = ctx.obj
    options = _options(reading)
    fmt = _check_format(fmt)
    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        raise typer.BadParameter(f"{fmt} is binary: give -o FILE.{fmt} or redirect stdout", param_hint="--format")
    _check_output(output, paths)
    # JSON Lines on stdout: each document's lines as soon as it is done, so that a consumer of the
    # pipe sees them before the last document ends. A file (-o) is still written whole, atomically.
    streamed = fmt == "jsonl" and output is None
    on_done = (lambda _path, document: _emit(settings, render([document], fmt), None)) if streamed else None
    documents, failures = _extract_all(paths, options, settings, on_done)
    if documents and not streamed:
        _emit(settings, render(documents, fmt, as_list=len(paths) > 1), output)
    if len(paths) > 1:
        settings.console.print(f"{len(documents)} extracted, {failures} failed", highlight=False)
    raise typer.Exit(ExitCode.DOCUMENT_FAILED if failures else ExitCode.OK)


@app.command()
@reading_options
def batch(
    ctx: typer.Context,
    out_dir: Annotated[
        Path, typer.Option("--out-dir", "-o", "-d", help="Folder for the outputs (created).", show_default=False)
    ],
    # FOLDER after --out-dir: optional (--files-from instead), so it cannot come before a required one.
    folder: Annotated[
        Optional[Path],
        typer.Argument(metavar="FOLDER", help="Folder of plans, searched recursively.", show_default=False),
    ] = None,
    fmt: Annotated[
        Optional[list[str]],
        typer.Option(
            "--format",
            "-f",
            help="xlsx: also tasks.xlsx. Per-document JSON, tasks.csv, tasks.jsonl, documents.csv, "
            "errors.jsonl, kehoach.sqlite and report.html are always written.",
            show_default=False,
        ),
    ] = None,
    reading: Reading = Reading(),
    force: Annotated[bool, typer.Option("--force", help="Convert again documents that are unchanged.")] = False,
    quiet: QuietOption = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first failed document.")] = False,
    dask: Annotated[
        Optional[str], typer.Option("--dask", metavar="ADDRESS", help="Run on this Dask scheduler (tcp://host:8786).")
    ] = None,
    files_from: Annotated[
        Optional[str],
        typer.Option(
            "--files-from",
            metavar="FILE|-",
            show_default=False,
            help="Convert the files listed in FILE (- for stdin), one a line, instead of a folder.",
        ),
    ] = None,
    null: Annotated[
        bool, typer.Option("-0", "--null", help="With --files-from: the list is NUL-separated (find -print0).")
    ] = False,
) -> None:
    """Convert every plan in a folder: one JSON per plan, combined task tables, progress and a summary.

    A re-run converts only the plans that changed (or, with --force, all of them)."""
    from .batch import convert_folder
    from .ingest.ocr_options import default_jobs

    settings: Settings = ctx.obj
    options = replace(_options(reading), jobs=None)  # the pool's size is the batch's, not a document's
    formats = [_check_format(f) for f in fmt or []]
    listed = _listed_files(folder, files_from, null)
    if folder is not None and not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="FOLDER")
    if (folder is not None and out_dir.resolve() == folder.resolve()) or (out_dir.exists() and not out_dir.is_dir()):
        raise typer.BadParameter(
            f"{out_dir} must be a folder other than {folder or 'the inputs'}", param_hint="--out-dir"
        )
    if reading.ocr != OcrMode.never:
        _warn_if_no_ocr(settings)
    progress = BatchProgress(quiet or settings.quiet)
    try:
        with progress:
            summary = convert_folder(
                folder,
                out_dir,
                options,
                progress,
                jobs=reading.jobs or default_jobs(),
                dask=dask,
                force=force,
                fail_fast=fail_fast,
                xlsx="xlsx" in formats,
                listed=listed,
            )
    except KehoachError as exc:
        _fail(settings, str(folder or files_from), exc)
        raise typer.Exit(ExitCode.DOCUMENT_FAILED) from exc
    except KeyboardInterrupt:
        progress.console.print("kehoach: interrupted", markup=False)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    progress.summarise(summary, out_dir)
    if summary.stopped == "interrupted":
        raise typer.Exit(ExitCode.INTERRUPTED)
    if summary.stopped in ("SIGTERM", "SIGHUP"):
        raise typer.Exit(128 + signal.Signals[summary.stopped])
    failed = summary.totals.failures or summary.totals.unwritten
    raise typer.Exit(ExitCode.DOCUMENT_FAILED if failed else ExitCode.OK)


def _listed_files(folder: Path | None, files_from: str | None, null: bool) -> list[Path] | None:
    """The paths of --files-from, or None for a FOLDER; exactly one of the two is given."""
    from .filelist import read_file_list

    if (folder is None) == (files_from is None):
        raise typer.BadParameter("give a FOLDER or --files-from FILE|-, not both nor neither", param_hint="FOLDER")
    if files_from is None:
        if null:
            raise typer.BadParameter("-0 goes with --files-from", param_hint="-0")
        return None
    try:
        return read_file_list(files_from, null)
    except KehoachError as exc:
        raise typer.BadParameter(str(exc), param_hint="--files-from") from exc


class BatchProgress:
    """The batch's progress on stderr: a live bar on a terminal, a line per document otherwise.

    Errors are printed even when quiet.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        self.bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[pages]} pages OCR'd"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
            disable=quiet or not self.console.is_terminal,
        )
        self.bar = self.bars.add_task("", total=None, pages=0)
        self.started_files: set[str] = set()
        self.reported: set[str] = set()
        self.done = self.todo = self.pages = 0

    def __enter__(self) -> BatchProgress:
        self.bars.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bars.__exit__(*exc)

    def _note(self, line: str) -> None:
        """A log line, when there is no live bar to show the same (stderr not a terminal)."""
        if not self.quiet and self.bars.disable:
            self.console.print(line, markup=False)

    def planned(self, todo: int, unchanged: int) -> None:
        self.todo = todo
        self.bars.update(self.bar, total=todo)
        self._note(f"{todo} to convert, {unchanged} unchanged")

    def started(self, rel: str) -> None:
        self.started_files.add(rel)
        self.bars.update(self.bar, description=rel)

    def pages_read(self, count: int) -> None:
        self.pages += count
        self.bars.update(self.bar, pages=self.pages)

    def finished(self, rel: str, failure: str | None) -> None:
        if failure:
            self.error(rel, failure)
        if rel in self.started_files:
            self.done += 1
            self.bars.advance(self.bar)
            self._note(f"[{self.done}/{self.todo}] {one_line(rel)}" + (" failed" if failure else ""))

    def error(self, rel: str, reason: str) -> None:
        self.reported.add(rel)
        self.console.print(f"kehoach: error: {one_line(f'{rel}: {reason}')}", markup=False)

    def unwritten(self, message: str) -> None:
        self.console.print(f"kehoach: error: {one_line(message)}", markup=False)

    def summarise(self, summary: BatchSummary, out_dir: Path) -> None:
        """Failures not reported in this run (unchanged since the last), then the summary table."""
        for failure in summary.totals.failures:
            if failure.rel not in self.reported:
                self.error(failure.rel, failure.reason + " (unchanged since the last run)")
        if summary.stopped:
            self.console.print(
                f"kehoach: stopped ({summary.stopped}): finished documents are kept; run again to convert the rest",
                markup=False,
            )
        if self.quiet:
            return
        table = Table(title=f"kehoach batch -> {out_dir}", show_header=False, title_justify="left")
        for name, value in (
            ("documents found", summary.found),
            ("converted now", summary.converted),
            ("skipped (unchanged)", summary.unchanged),
            ("failed", len(summary.totals.failures)),
            ("documents in outputs", summary.totals.documents),
            ("tasks", summary.totals.tasks),
            ("pages", summary.totals.pages),
            ("pages OCR'd now", summary.ocr_pages),
            ("elapsed", f"{summary.elapsed:.1f} s"),
        ):
            table.add_row(name, str(value))
        self.console.print(table)


def _check_format(fmt: str) -> Format:
    from .export import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(f"'{fmt}' is not one of {', '.join(FORMATS)}", param_hint="--format")
    return fmt  # type: ignore[return-value]


@app.command()
def report(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Argument(help="The output folder of `kehoach batch`.", show_default=False)],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of OUT_DIR/report.html.")
    ] = None,
) -> None:
    """Rebuild the HTML report of a batch output from its kehoach.sqlite (built first if missing)."""
    from .report import rebuild_report

    settings: Settings = ctx.obj
    try:
        written = rebuild_report(out_dir, output)
    except KehoachError as exc:
        _fail(settings, str(out_dir), exc)
        raise typer.Exit(ExitCode.DOCUMENT_FAILED) from exc
    settings.console.print(f"kehoach: report written to {one_line(str(written))}", highlight=False, markup=False)


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="Text file, or - for standard input.")] = "-",
    as_json: Annotated[bool, typer.Option("--json", help="Per-token detail: original, restored, confidence.")] = False,
) -> None:
    """Repair Vietnamese text whose diacritics were stripped or mangled; line breaks are kept."""
    code = run_restore(file, as_json, ctx.obj)
    if code:
        raise typer.Exit(code)


@app.command()
@reading_options
def text(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A plan file (.pdf, .docx, .txt, image).", show_default=False)],
    reading: Reading = Reading(),
) -> None:
    """Print the document's text (after OCR and restoration), pages separated by form feeds."""
    from .limits import document_limits
    from .pipeline import Listeners, document_text

    settings: Settings = ctx.obj
    options = _options(reading)
    try:
        with document_limits(path, options.password):
            result = document_text(path, options, Listeners(on_warning=_warn_once(settings)))
    except Exception as exc:
        _fail(settings, str(path), exc)
        raise typer.Exit(ExitCode.DOCUMENT_FAILED) from exc
    warn = _warn_once(settings)
    for warning in result.warnings:
        warn(f"{path}: {warning}")
    _emit(settings, result.text if result.text.endswith("\n") else result.text + "\n", None)


@app.command()
def schema(
    name: Annotated[
        str, typer.Argument(help="plan-document, task-record, or sqlite (the database's tables).")
    ] = "plan-document",
) -> None:
    """Print the JSON Schema of the output (contract version 1), or the SQLite output's tables."""
    from .schema import SchemaName, json_schema

    if name == "sqlite":
        from .database import SCHEMA_SQL

        write_output(SCHEMA_SQL, None)
        return
    if name not in ("plan-document", "task-record"):
        raise typer.BadParameter(f"'{name}' is not one of plan-document, task-record, sqlite", param_hint="NAME")
    chosen: SchemaName = name  # type: ignore[assignment]
    write_output(json.dumps(json_schema(chosen), ensure_ascii=False, indent=2) + "\n", None)
