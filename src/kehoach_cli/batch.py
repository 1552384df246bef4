"""Batch conversion of a folder of plans: discovery, a plan of work, one pool, resumable outputs.

The whole batch shares one executor (a process pool of `--jobs` workers, or a Dask cluster through
its concurrent.futures interface): documents are its tasks, and no worker opens a pool of its own.
A document's task runs the pipeline's first steps (pipeline.py: ingest, the pages to OCR). A
document whose OCR would take several pages is not OCR'd inside that task; the task sends back the
document as read so far, its pages are dealt into runs (at least one per worker, each read by one
tesseract process per model), each run becomes a task of the same pool, and a last task finishes
the document (its OCR'd pages put in, restoration, structure, records) without reading the file
again. So one long scan keeps every worker busy, and a folder of small files keeps them busy with
whole documents, without more processes than cores.

Outputs under OUTDIR: `<relative path>.json` per document (a PlanDocument), and the combined
tasks.csv, tasks.jsonl (tasks.xlsx on request), documents.csv, errors.jsonl, kehoach.sqlite and
report.html, rebuilt at the end of every run from the per-document outputs. The manifest
(.kehoach-batch.json) records, per document, the input's sha256, the tool version and the options
it was converted with: a re-run skips documents where all three are unchanged. Every file is
replaced atomically.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import __version__, limits
from .atomic import cut_name, name_limit, write_atomically
from .database import DATABASE
from .errors import InputError, KehoachError, Terminated, printable_name
from .ingest import SUPPORTED_SUFFIXES
from .ingest.ocr_options import become_worker, one_thread_per_worker, page_runs, stop_pool
from .limits import LimitError, Limits, document_limits, time_budget
from .parcels import packed, unpacked
from .pipeline import ExtractOptions, OcrChoice, finish_reading, ingest_document, ocr_document, pages_to_ocr, records_of
from .report import REPORT, write_database_and_report

if TYPE_CHECKING:
    from .ingest import IngestedDocument
    from .ingest.ocr import OcrPage
    from .models import PlanDocument, Quality

MANIFEST = ".kehoach-batch.json"
TASKS_CSV, TASKS_JSONL, TASKS_XLSX = "tasks.csv", "tasks.jsonl", "tasks.xlsx"
DOCUMENTS_CSV, ERRORS_JSONL = "documents.csv", "errors.jsonl"
COMBINED = frozenset({TASKS_CSV, TASKS_JSONL, TASKS_XLSX, DOCUMENTS_CSV, ERRORS_JSONL, DATABASE, REPORT})
DOCUMENT_COLUMNS = (
    "file",
    "province",
    "province_successor",
    "doc_number",
    "issued_date",
    "pages",
    "ocr_pages",
    "tasks",
    "warnings",
)
SPREAD_OCR_FROM_PAGES = 2  # a document with this many pages to OCR has them OCR'd as tasks of the pool
MANIFEST_SAVE_SECONDS = 1.0  # the manifest is saved at most this often during a run, and at its end


# ---------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Input:
    """A file to convert: its path relative to the folder (POSIX, the key everywhere; a name that is
    not UTF-8 shown with its bytes escaped, errors.printable_name) and on disk (the name's own bytes)."""

    rel: str
    path: Path


@dataclass(frozen=True)
class Failure:
    rel: str
    reason: str


def discover(folder: Path, out_dir: Path) -> tuple[list[Input], list[Failure]]:
    """Supported files under `folder`, recursively, in path order, and the files that will not be read.

    Hidden files and folders and OUTDIR are passed over. Symbolic links are never followed: one that
    stays inside the folder names a file converted under its own name anyway, and one that leaves
    it (or dangles, or loops) is reported, so a folder received from elsewhere cannot make the
    batch read files outside it. Files of other types are reported too, so nothing is left out unsaid.
    """
    root, out_real = folder.resolve(), out_dir.resolve()
    inputs: dict[str, Input] = {}
    rejected: list[Failure] = []
    pending = [(root, "", folder)]
    while pending:
        directory, prefix, given = pending.pop()
        if directory == out_real:
            continue
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            rejected.append(Failure(prefix.rstrip("/") or ".", f"folder cannot be read ({exc.strerror or exc})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + printable_name(entry.name)
            if entry.is_symlink():
                reason = _link_problem(Path(entry.path), root)
                if reason:
                    rejected.append(Failure(rel, reason))
            elif entry.is_dir(follow_symlinks=False) and not prefix and entry.name in COMBINED:
                rejected.append(
                    Failure(
                        rel,
                        f"a folder named as the combined file {entry.name}: its plans' "
                        "outputs would take that file's place; rename the folder",
                    )
                )
            elif entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), rel + "/", given / entry.name))
            elif not entry.is_file(follow_symlinks=False):
                rejected.append(Failure(rel, "not a regular file"))
            elif unsupported := unsupported_type(entry.name):
                rejected.append(Failure(rel, unsupported))
            elif rel in inputs:  # "k\\xe9.txt" beside a file named k<byte e9>.txt: one output name
                rejected.append(
                    Failure(rel, "two files have this name once its bytes that are not UTF-8 are escaped: rename one")
                )
            else:
                inputs[rel] = Input(rel, given / entry.name)  # the path as the user wrote it
    return sorted(inputs.values(), key=lambda i: i.rel), sorted(rejected, key=lambda f: f.rel)


def unsupported_type(name: str) -> str | None:
    """Why a file of this name is not converted (its suffix), or None: a batch goes by names, a
    folder holding more than plans."""
    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    suffix = printable_name(Path(name).suffix) or "(none)"
    return f"unsupported file type {suffix} (expected .pdf, .docx, .txt or an image)"


def _link_problem(link: Path, root: Path) -> str | None:
    """Why a symbolic link is reported, or None when it points inside the folder (a duplicate)."""
    try:
        target = link.resolve(strict=True)
    except (RuntimeError, OSError) as exc:  # a loop is a RuntimeError before Python 3.13, ELOOP after
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            return "symbolic link loop: not followed"
        return f"broken symbolic link to {os.readlink(link)}"
    if target.is_relative_to(root):  # a file converted under its own name, or one of the outputs
        return None
    return f"symbolic link to {target}, outside the folder: not followed"


def output_path(out_dir: Path, rel: str) -> Path:
    """OUTDIR/<relative path>.json, refused if a symbolic link inside OUTDIR would lead elsewhere.

    A name too long for ".json" to be added (over 250 bytes) is cut, and told apart from the other
    names it may now share the start of by its hash: "<start>~<8 hex digits>.json"."""
    target = out_dir.joinpath(*rel.split("/"))
    name = target.name + ".json"
    if len(os.fsencode(name)) > (limit := name_limit(out_dir)):
        digest = hashlib.sha256(os.fsencode(target.name)).hexdigest()[:8]
        name = f"{cut_name(target.name, limit - len(digest) - 6)}~{digest}.json"
    target = target.with_name(name)
    parent = target.parent.resolve()
    if not parent.is_relative_to(out_dir.resolve()):
        raise KehoachError(f"its output folder {target.parent} leads outside {out_dir}")
    return target


# ---------------------------------------------------------------- manifest and plan of work


@dataclass
class Manifest:
    """What each document was last converted from and with; saved as OUTDIR/.kehoach-batch.json."""

    path: Path
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        path = out_dir / MANIFEST
        try:
            documents = json.loads(path.read_text(encoding="utf-8")).get("documents", {})
        except (OSError, ValueError, AttributeError):
            documents = {}  # none yet, or unreadable: everything is converted again
        return cls(path, documents if isinstance(documents, dict) else {})

    def save(self) -> None:
        body = {"tool": "kehoach", "version": __version__, "documents": dict(sorted(self.documents.items()))}
        write_file(self.path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")


def write_file(path: Path, data: str | bytes) -> None:
    """write_atomically, a failure (disk full, read-only folder, a folder in the way) a KehoachError
    naming the file."""
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise KehoachError(f"{path}: cannot be written ({exc.strerror or exc})") from exc


@dataclass(frozen=True)
class Work:
    """A document to convert, with the hash of its bytes when planned."""

    input: Input
    sha256: str


@dataclass(frozen=True)
class Plan:
    documents: list[Work]  # every readable input, in path order
    todo: list[Work]  # the ones to convert; the others were converted (or failed) before from the
    # same bytes, version and options
    failures: list[Failure]  # rejected at discovery or unreadable


def plan_work(
    inputs: list[Input],
    rejected: list[Failure],
    manifest: Manifest,
    out_dir: Path,
    options: ExtractOptions,
    force: bool,
) -> Plan:
    """Hash every input and keep for conversion those the manifest does not vouch for."""
    documents: list[Work] = []
    todo: list[Work] = []
    failures = list(rejected)
    wanted = {"version": __version__, "options": options.recorded()}
    for item in inputs:
        try:
            digest = file_sha256(item.path)
        except OSError as exc:
            failures.append(Failure(item.rel, f"cannot be read ({exc.strerror or exc})"))
            continue
        entry = manifest.documents.get(item.rel, {})
        same = {k: entry.get(k) for k in ("sha256", "version", "options")} == {"sha256": digest, **wanted}
        documents.append(Work(item, digest))
        if force or not same or not _outcome_stands(entry, out_dir, item.rel, options):
            todo.append(documents[-1])
    return Plan(documents, todo, sorted(failures, key=lambda f: f.rel))


def _outcome_stands(entry: dict[str, Any], out_dir: Path, rel: str, options: ExtractOptions) -> bool:
    """A converted document needs its output with the recorded hash; a failed one, a failure that
    the same bytes would meet again: not a transient one, nor a missing password now given."""
    if entry.get("status") == "failed":
        kind = entry.get("failure")
        return (
            kind == INPUT_FAULT
            or (kind == NEEDS_PASSWORD and not options.password)
            or (kind == OVER_A_LIMIT and entry.get("limits") == limits.current().describe())
        )
    try:
        return file_sha256(output_path(out_dir, rel)) == entry.get("output_sha256")
    except (OSError, KehoachError):
        return False


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- what the workers run


@dataclass(frozen=True)
class Converted:
    document_json: str
    sha256: str
    ocr_pages: int


@dataclass(frozen=True)
class OcrWanted:
    """A document read up to its OCR, sent back so that the pool reads its pages in parallel; its
    finish step goes on from here. Its bytes are left out (the OCR runs read the file themselves,
    checked against `sha256`): the parent holds it while its pages are read."""

    document: IngestedDocument
    quality: Quality
    choice: OcrChoice
    sha256: str  # of the bytes OCR reads

    @property
    def pages(self) -> tuple[int, ...]:
        return self.choice.to_read


# Why a document failed, recorded in the manifest: whether a rerun of the same bytes tries again.
INPUT_FAULT = "input"  # the file itself (damaged, not a plan format): the same bytes fail the same way
TRANSIENT = "transient"  # the machine (disk full, unreadable for now, tesseract missing, a crash): retried
NEEDS_PASSWORD = "password"  # encrypted: retried when a run is given --password
OVER_A_LIMIT = "limit"  # retried when a run is given other limits (--limit)


@dataclass(frozen=True)
class Failed:
    reason: str
    kind: str = TRANSIENT


def start_document(path: Path, options: ExtractOptions) -> Converted | OcrWanted | Failed:
    """Runs in a worker: a document's first steps. A page to OCR is read here and the document
    finished; more are sent back as OcrWanted, for the pool to read in parallel."""
    one_thread_per_worker()
    try:
        with document_limits(path, options.password):
            document, quality = ingest_document(path, options)
            choice = pages_to_ocr(document, options)
            if len(choice.to_read) >= SPREAD_OCR_FROM_PAGES:
                sha256 = hashlib.sha256(document.data).hexdigest()
                return OcrWanted(replace(document, data=b""), quality, choice, sha256)
            ocr = ocr_document(path, document, choice, replace(options, jobs=1))
            return _converted(document, quality, choice, ocr, options)
    except Exception as exc:  # one bad file never stops a batch
        return Failed(failure_reason(exc, path), failure_kind(exc))


def finish_document(
    path: Path, options: ExtractOptions, wanted: OcrWanted, pages: dict[int, OcrPage]
) -> Converted | Failed:
    """Runs in a worker: the steps after OCR of a document whose pages the pool read."""
    try:
        with time_budget(str(path)):
            ocr = {number: pages[number] for number in wanted.pages}  # in page order, as ocr_pages gives them
            document = wanted.document
            if 1 in wanted.pages:  # the header of an OCR'd first page is read once more from its image
                document = replace(document, data=_same_bytes(path, wanted.sha256))
            return _converted(document, wanted.quality, wanted.choice, ocr, options)
    except Exception as exc:
        return Failed(failure_reason(exc, path), failure_kind(exc))


def _converted(
    document: IngestedDocument, quality: Quality, choice: OcrChoice, ocr: dict[int, OcrPage], options: ExtractOptions
) -> Converted:
    """The pipeline's last steps, and the document as its JSON output."""
    from .export import render

    plan = with_printable_path(records_of(*finish_reading(document, quality, choice, ocr, options)))
    return Converted(str(render([plan], "json")), plan.source.sha256, plan.quality.ocr_pages)


def ocr_run(path: Path, kind: str, sha256: str, numbers: tuple[int, ...]) -> list[OcrPage] | Failed:
    """Runs in a worker: a run of a document's pages to OCR (one tesseract process per model
    and layout mode for the whole run, see ingest.ocr_options.page_runs)."""
    from .ingest.ocr import ocr_pages  # which keeps its libraries to one thread itself

    try:
        data = _same_bytes(path, sha256)
        with time_budget(str(path)):
            return list(ocr_pages(path, kind, data, list(numbers), jobs=1).values())
    except Exception as exc:
        return Failed(failure_reason(exc, path), failure_kind(exc))


def _same_bytes(path: Path, sha256: str) -> bytes:
    """The file's bytes, as the document's first step read them."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise KehoachError("the file changed while it was being converted")
    return data


def with_printable_path(document: PlanDocument) -> PlanDocument:
    """The document with a source path that can be written out (errors.printable_name)."""
    shown = printable_name(document.source.path)
    if shown == document.source.path:
        return document
    return document.model_copy(update={"source": document.source.model_copy(update={"path": shown})})


def failure_kind(exc: BaseException) -> str:
    """INPUT_FAULT for what the file's bytes cause, NEEDS_PASSWORD, or TRANSIENT for the rest: a
    file that could not be read (its cause an OSError), a missing program, an unexpected error."""
    if isinstance(exc, LimitError):
        return OVER_A_LIMIT
    if not isinstance(exc, InputError) or isinstance(exc.__cause__, OSError):
        return TRANSIENT
    return NEEDS_PASSWORD if "--password" in exc.cause else INPUT_FAULT


def failure_reason(exc: BaseException, path: Path | None = None) -> str:
    """One line: the error's own words for a KehoachError, its type for anything unexpected.

    The file's name is left out (errors.jsonl and the message put it first already)."""
    if not isinstance(exc, KehoachError):
        return f"unexpected error: {type(exc).__name__}: {exc}"
    reason = printable_name(str(getattr(exc, "cause", None) or exc))
    return reason.removeprefix(f"{printable_name(str(path))}: ") if path else reason


def _start_worker(parent: int, settings: Limits) -> None:
    """Pool workers end with the parent, however it ends, and leave no file behind (become_worker);
    they leave Ctrl-C to the parent, which stops them itself. They stay in the command's process
    group, so that `timeout` or a closed terminal reaches them too."""
    become_worker(parent)
    limits.use(settings)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------- executors


class WorkerDied(KehoachError):
    """A pool worker ended mid-task: not the document's fault alone, so the run stops and records
    nothing for the documents it was on."""

    def __init__(self) -> None:
        super().__init__(
            "a worker process died (out of memory, or a crash); the documents finished are "
            "kept: run the same command again to continue"
        )


@dataclass
class Pool:
    """An executor with how many tasks it runs at once, and a way to stop its running tasks."""

    executor: Executor
    capacity: int
    stop_now: Callable[[], None]
    packs: bool = False  # its workers hand their results over in files (parcels.py): workers on this machine

    def submit(self, function: Callable[..., Any], *args: Any) -> Future:
        """Run `function(*args)` on the pool; a pool already broken by a dead worker says so."""
        try:
            if self.packs:
                return self.executor.submit(packed, function, *args)
            return self.executor.submit(function, *args)
        except BrokenExecutor as exc:
            raise WorkerDied() from exc


def _start_resource_tracker() -> None:
    """multiprocessing's helper process, started now with SIGHUP ignored (which it keeps through
    exec): in the command's process group, a closed terminal killed it, and the pool's clean-up
    started it again with a warning on stderr. It ends by itself once the command's processes have."""
    from multiprocessing import resource_tracker

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        resource_tracker.ensure_running()
    finally:
        signal.signal(signal.SIGHUP, previous)


@contextmanager
def process_pool(jobs: int) -> Iterator[Pool]:
    """`jobs` worker processes, started clean (spawn: no fork of a parent with threads)."""
    _start_resource_tracker()
    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(), limits.current()),
    )
    try:
        yield Pool(executor, jobs, lambda: stop_pool(executor), packs=True)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def dask_pool(address: str) -> Iterator[Pool]:
    """The workers of a running Dask scheduler, through its concurrent.futures executor."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise KehoachError("--dask needs Dask: pip install 'kehoach[dask]'") from exc
    try:
        client = Client(address, timeout="5s")
    except (OSError, TimeoutError) as exc:
        raise KehoachError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        executor = client.get_executor(pure=False)
        capacity = max(1, sum(client.nthreads().values()))
        yield Pool(executor, capacity, lambda: executor.shutdown(wait=False))
    finally:
        client.close()


# ---------------------------------------------------------------- the run


class Reporter(Protocol):
    """What the command shows while the batch runs (progress bars, log lines)."""

    def started(self, rel: str) -> None: ...

    def pages_read(self, count: int) -> None: ...

    def finished(self, rel: str, failure: str | None) -> None: ...


@dataclass
class RunResult:
    converted: int = 0
    ocr_pages: int = 0
    failures: list[Failure] = field(default_factory=list)
    stopped: str | None = None  # "interrupted", "SIGTERM", "SIGHUP" or "fail-fast" when the run ended early


@dataclass
class _Document:
    """A document under way; once its pages are OCR'd by the pool, what came back."""

    work: Work
    wanted: OcrWanted | None = None
    pages: dict[int, OcrPage] = field(default_factory=dict)
    failed: Failed | None = None
    outstanding: int = 0


@dataclass(frozen=True)
class _Task:
    document: _Document
    function: Callable[..., Any]
    args: tuple[Any, ...]


def run_batch(
    plan: Plan,
    pool: Pool,
    options: ExtractOptions,
    out_dir: Path,
    manifest: Manifest,
    reporter: Reporter,
    fail_fast: bool = False,
) -> RunResult:
    """Convert `plan.todo` on the pool, writing each output and manifest entry as it comes.

    Ctrl-C and --fail-fast stop the pool's running tasks; every document finished before is kept.
    """
    run = _Dispatcher(pool, options, out_dir, manifest, reporter, fail_fast)
    try:
        run.loop([_Task(doc, start_document, (doc.work.input.path, options)) for doc in map(_Document, plan.todo)])
    except (KeyboardInterrupt, Terminated) as exc:
        run.result.stopped = str(exc) if isinstance(exc, Terminated) else "interrupted"
        pool.stop_now()
    return run.result


@dataclass
class _Dispatcher:
    """The parent's side of a batch: submits tasks, takes in what comes back.

    Follow-up tasks of documents already started (their pages, then their finish) go before new
    documents, and no more tasks are submitted than the pool runs at once plus one: workers never
    wait, a stop has little to cancel, and the parent holds little in memory.
    """

    pool: Pool
    options: ExtractOptions
    out_dir: Path
    manifest: Manifest
    reporter: Reporter
    fail_fast: bool
    result: RunResult = field(default_factory=RunResult)
    follow_ups: deque[_Task] = field(default_factory=deque)

    def loop(self, new_documents: list[_Task]) -> None:
        queue = deque(new_documents)
        running: dict[Future, _Task] = {}
        last_save = time.monotonic()
        while queue or self.follow_ups or running:
            while len(running) <= self.pool.capacity and (self.follow_ups or queue):
                task = self.follow_ups.popleft() if self.follow_ups else queue.popleft()
                if task.function is start_document:
                    self.reporter.started(task.document.work.input.rel)
                running[self.pool.submit(task.function, *task.args)] = task
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f].document.work.input.rel):
                task = running.pop(future)
                failure = self.settle(task, _outcome(future))
                if failure and self.fail_fast:
                    self.result.stopped = "fail-fast"
            if self.result.stopped:
                self.pool.stop_now()
                return
            if time.monotonic() - last_save >= MANIFEST_SAVE_SECONDS:
                with suppress(KehoachError):  # the last save, at the end of the run, reports it
                    self.manifest.save()
                last_save = time.monotonic()

    def settle(self, task: _Task, outcome: Any) -> str | None:
        """Take in one finished task; returns the document's failure once it is known."""
        doc = task.document
        if task.function is ocr_run:
            return self.run_done(doc, outcome)
        if isinstance(outcome, OcrWanted):
            runs = page_runs(list(outcome.pages), self.pool.capacity)
            doc.wanted, doc.outstanding = outcome, len(runs)
            path, kind = doc.work.input.path, outcome.document.kind
            self.follow_ups.extend(_Task(doc, ocr_run, (path, kind, outcome.sha256, tuple(run))) for run in runs)
            return None
        return self.record(doc, outcome)

    def run_done(self, doc: _Document, outcome: list[OcrPage] | Failed) -> str | None:
        """One run of pages back; when the last is, the document's finish goes first in line."""
        doc.outstanding -= 1
        if not isinstance(outcome, Failed):  # OcrPages, read or failed (their warnings say why)
            doc.pages.update((page.number, page) for page in outcome)
            self.result.ocr_pages += len(outcome)
            self.reporter.pages_read(len(outcome))
        else:
            doc.failed = doc.failed or outcome
        if doc.outstanding:
            return None
        if doc.failed:
            return self.record(doc, doc.failed)
        assert doc.wanted is not None
        finish = (doc.work.input.path, self.options, doc.wanted, dict(doc.pages))
        self.follow_ups.appendleft(_Task(doc, finish_document, finish))
        return None

    def record(self, doc: _Document, outcome: Converted | Failed) -> str | None:
        """Write a finished document's output and its manifest entry; returns its failure, if any."""
        rel = doc.work.input.rel
        entry: dict[str, Any] = {"sha256": doc.work.sha256, "version": __version__, "options": self.options.recorded()}
        if isinstance(outcome, Converted) and not doc.wanted and outcome.ocr_pages:
            self.result.ocr_pages += outcome.ocr_pages  # OCR'd within the document's own task
            self.reporter.pages_read(outcome.ocr_pages)
        if isinstance(outcome, Converted):
            outcome = self.write_output(rel, outcome, entry)
        if isinstance(outcome, Failed):
            entry.update(status="failed", error=outcome.reason, failure=outcome.kind)
            if outcome.kind == OVER_A_LIMIT:
                entry["limits"] = limits.current().describe()
            self.result.failures.append(Failure(rel, outcome.reason))
        self.manifest.documents[rel] = entry
        failure = outcome.reason if isinstance(outcome, Failed) else None
        self.reporter.finished(rel, failure)
        return failure

    def write_output(self, rel: str, outcome: Converted, entry: dict[str, Any]) -> Converted | Failed:
        data = outcome.document_json.encode("utf-8")
        try:
            write_atomically(output_path(self.out_dir, rel), data)
        except KehoachError as exc:
            return Failed(failure_reason(exc))
        except OSError as exc:
            return Failed(f"output cannot be written ({exc.strerror or exc})")
        self.result.converted += 1
        entry.update(sha256=outcome.sha256, status="ok", output_sha256=hashlib.sha256(data).hexdigest())
        return outcome


def _outcome(future: Future) -> Any:
    try:
        return unpacked(future.result())
    except BrokenExecutor as exc:  # not the document's fault alone: stop, record nothing for it
        raise WorkerDied() from exc
    except Exception as exc:  # the task could not run or its result not come back (e.g. Dask's KilledWorker)
        return Failed(failure_reason(exc))


# ---------------------------------------------------------------- combined outputs and summary


@dataclass(frozen=True)
class Totals:
    documents: int  # converted and current, in the combined files
    tasks: int
    pages: int
    failures: list[Failure]  # every file not converted, in path order (errors.jsonl)
    unwritten: list[str] = field(default_factory=list)  # one line each: the manifest or a combined file


def write_combined(out_dir: Path, plan: Plan, manifest: Manifest, xlsx: bool) -> Totals:
    """Rebuild tasks.csv, tasks.jsonl (tasks.xlsx), documents.csv and errors.jsonl from the
    per-document outputs of the inputs as they are now, whichever run converted them.

    A document whose bytes changed since its output was written (a run stopped before reaching it)
    is left out until a run converts it again.
    """
    from .export import csv_table, render, task_rows, to_xlsx
    from .models import PlanDocument

    documents: list[tuple[str, PlanDocument]] = []
    failures = list(plan.failures)
    for work in plan.documents:
        entry = manifest.documents.get(work.input.rel, {})
        if entry.get("sha256") != work.sha256:
            continue
        if entry.get("status") == "failed":
            failures.append(Failure(work.input.rel, str(entry.get("error"))))
            continue
        try:
            text = output_path(out_dir, work.input.rel).read_text(encoding="utf-8")
            documents.append((work.input.rel, PlanDocument.model_validate_json(text)))
        except (OSError, ValueError, KehoachError) as exc:
            failures.append(Failure(work.input.rel, f"its output cannot be read ({exc}); run again with --force"))
    plans = [document for _, document in documents]
    failures.sort(key=lambda failure: failure.rel)
    contents: dict[str, Callable[[], str | bytes]] = {
        TASKS_CSV: lambda: render(plans, "csv"),
        TASKS_JSONL: lambda: render(plans, "jsonl"),
        DOCUMENTS_CSV: lambda: csv_table(list(DOCUMENT_COLUMNS), [_document_row(rel, d) for rel, d in documents]),
        ERRORS_JSONL: lambda: "".join(
            json.dumps({"file": f.rel, "error": f.reason}, ensure_ascii=False) + "\n" for f in failures
        ),
    }
    if xlsx:
        contents[TASKS_XLSX] = lambda: to_xlsx(task_rows(plans), plans)
    unwritten = []
    for name, content in contents.items():  # each on its own: one that cannot be written spares the others
        try:
            write_file(out_dir / name, content())
        except KehoachError as exc:
            unwritten.append(str(exc))
    unwritten += write_database_and_report(out_dir, documents, [(f.rel, f.reason) for f in failures])
    return Totals(len(plans), sum(len(d.tasks) for d in plans), sum(d.source.pages for d in plans), failures, unwritten)


def _document_row(rel: str, document: Any) -> dict[str, Any]:
    from .export import document_row

    return document_row(rel, document, DOCUMENT_COLUMNS)


@dataclass(frozen=True)
class BatchSummary:
    """What a run did, as plain data for the command to print."""

    found: int  # files under the folder, converted or not
    converted: int  # this run
    unchanged: int  # skipped: same bytes, version and options as their last conversion
    ocr_pages: int  # this run
    totals: Totals
    elapsed: float
    stopped: str | None


class BatchReporter(Reporter, Protocol):
    def planned(self, todo: int, unchanged: int) -> None: ...

    def unwritten(self, message: str) -> None: ...


def finish(out_dir: Path, plan: Plan, manifest: Manifest, xlsx: bool, reporter: BatchReporter) -> Totals:
    """Save the manifest and rebuild the combined files; what cannot be written is reported, one line each."""
    problems = []
    try:
        manifest.save()
    except KehoachError as exc:
        problems.append(str(exc))
    totals = write_combined(out_dir, plan, manifest, xlsx)
    totals.unwritten[:0] = problems
    for message in totals.unwritten:
        reporter.unwritten(message)
    return totals


def convert_folder(
    folder: Path | None,
    out_dir: Path,
    options: ExtractOptions,
    reporter: BatchReporter,
    *,
    jobs: int = 2,
    dask: str | None = None,
    force: bool = False,
    fail_fast: bool = False,
    xlsx: bool = False,
    listed: list[Path] | None = None,
) -> BatchSummary:
    """The whole batch: discover (or take the `listed` files), plan, convert on one pool, rebuild
    the combined files."""
    from .filelist import listed_inputs

    start = time.monotonic()
    limits.use(replace(limits.current(), follow_links=False))  # a link swapped in after discovery
    if listed is not None:
        inputs, rejected = listed_inputs(listed, out_dir)
    else:
        assert folder is not None
        inputs, rejected = discover(folder, out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KehoachError(f"{out_dir}: the output folder cannot be made ({exc.strerror or exc})") from exc
    manifest = Manifest.load(out_dir)
    plan = plan_work(inputs, rejected, manifest, out_dir, options, force)
    reporter.planned(len(plan.todo), len(plan.documents) - len(plan.todo))
    for failure in plan.failures:
        reporter.finished(failure.rel, failure.reason)
    result = RunResult()
    try:
        if plan.todo:
            with dask_pool(dask) if dask else process_pool(jobs) as pool:
                result = run_batch(plan, pool, options, out_dir, manifest, reporter, fail_fast)
    finally:  # however the run ends (a worker killed, too), what it finished is in the combined files
        totals = finish(out_dir, plan, manifest, xlsx, reporter)
    return BatchSummary(
        len(inputs) + len(rejected),
        result.converted,
        len(plan.documents) - len(plan.todo),
        result.ocr_pages,
        totals,
        time.monotonic() - start,
        result.stopped,
    )
