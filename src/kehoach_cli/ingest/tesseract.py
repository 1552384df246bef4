"""tesseract, the OCR engine: its processes, their time budgets, and what to do when they fail.

A run of pages is read round by round (TesseractEngine.read): in each round, the images that all
the run's pages asked for in one language and layout mode are read by one tesseract process from
a list of image files, since each process start loads a model. Images go through uncompressed PGM
files, which cost nothing to write, where pytesseract would PNG-encode them. Every tesseract
process dies with the process that started it and runs one thread (ONE_THREAD_ENVIRONMENT).
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytesseract
from PIL import Image

from .ocr_engine import OrientationQuery, PageReading, PageTimeout, WordData
from .ocr_options import ONE_THREAD_ENVIRONMENT, OcrPage, die_with_parent

OCR_LANGUAGE = "vie"
OSD_LANGUAGE = "osd"
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-vie"


@dataclass(frozen=True)
class TesseractEngine:
    """The OcrEngine of ingest/ocr_engine.py, by tesseract's command line (pytesseract)."""

    def status(self) -> str | None:
        return tesseract_status()

    def languages(self) -> frozenset[str]:
        return languages()

    def read(self, pages: dict[int, PageReading], page_timeout: float) -> dict[int, OcrPage]:
        """Each page's tesseract work shared out in rounds: every page is run on until it waits for
        images to be read; then each group of its images of one language and mode is read by one
        process (its pages read one by one, as apart: the same words as one call each)."""
        with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as scratch:
            run = PageRun(Path(scratch), {number: Budget(page_timeout) for number in pages})
            try:
                for number, page in pages.items():
                    run.advance(number, page)
                while run.waiting:
                    asked, run.waiting = run.waiting, {}
                    for number, (answer, error) in _answer(asked, run.scratch, run.budgets).items():
                        run.advance(number, pages[number], answer, error)
            finally:
                run.discard()
        return run.done


TESSERACT = TesseractEngine()


def tesseract_status() -> str | None:
    """None when tesseract with the Vietnamese model is usable, else what is missing and what to install."""
    if shutil.which("tesseract") is None:
        return f"tesseract is not installed (Debian: apt-get install {DEBIAN_PACKAGES})"
    installed = languages()
    if not installed:
        return f"tesseract does not run (Debian: apt-get install --reinstall {DEBIAN_PACKAGES})"
    if OCR_LANGUAGE not in installed:
        return f"tesseract has no Vietnamese model (Debian: apt-get install {DEBIAN_PACKAGES})"
    return None


@dataclass
class PageRun:
    """The state of a run: the images its pages wait to have read (as files, (language, mode,
    path) each), and the pages done."""

    scratch: Path
    budgets: dict[int, Budget]
    waiting: dict[int, list[tuple[str, str, Path]]] = field(default_factory=dict)
    done: dict[int, OcrPage] = field(default_factory=dict)

    def advance(self, number: int, page: PageReading, answer: Any = None, error: BaseException | None = None) -> None:
        """Run the page on until it is done or waits for tesseract to read images, which are
        written out at once: no image of a page stays in memory while the others are prepared."""
        while True:
            try:
                request = page.throw(error) if error is not None else page.send(answer)
            except StopIteration as stop:
                self.done[number] = stop.value
                return
            if not isinstance(request, OrientationQuery):
                self.waiting[number] = [
                    (read.language, read.config, _scratch_image(self.scratch, read.image)) for read in request
                ]
                return
            answer, error = self._orientation(number, request)

    def _orientation(self, number: int, request: OrientationQuery) -> tuple[Any, BaseException | None]:
        try:
            return TesseractCall(self.scratch, self.budgets[number]).osd(request.image), None
        except (PageTimeout, pytesseract.TesseractError, OSError) as exc:
            return None, exc

    def discard(self) -> None:
        for reads in self.waiting.values():
            for _, _, path in reads:
                path.unlink(missing_ok=True)


def _answer(
    asked: dict[int, list[tuple[str, str, Path]]], scratch: Path, budgets: dict[int, Budget]
) -> dict[int, tuple[Any, BaseException | None]]:
    """tesseract's answers to one round of reads, by page: (the data of each of its images, None),
    or (None, the error) for a page whose reading failed. The image files are gone after."""
    groups: dict[tuple[str, str], list[tuple[int, int, Path]]] = {}
    for number, reads in asked.items():
        for index, (language, config, path) in enumerate(reads):
            groups.setdefault((language, config), []).append((number, index, path))
    found: dict[int, list[dict | None]] = {number: [None] * len(reads) for number, reads in asked.items()}
    errors: dict[int, BaseException] = {}
    try:
        for (language, config), members in groups.items():
            for (number, index, _), data in zip(members, _read_group(members, language, config, scratch, budgets)):
                if isinstance(data, BaseException):
                    errors.setdefault(number, data)
                else:
                    found[number][index] = data
    finally:
        for members in groups.values():
            for _, _, path in members:
                path.unlink(missing_ok=True)
    return {
        number: (None, errors[number]) if number in errors else (tuple(data), None) for number, data in found.items()
    }


def _read_group(
    members: list[tuple[int, int, Path]], language: str, config: str, scratch: Path, budgets: dict[int, Budget]
) -> Sequence[dict | BaseException]:
    """One tesseract process for all the images; should it fail, or take longer than the most
    time a page of them has left, each image again on its own, so that only the page at fault
    fails (its time limit whole: a run of a dozen pages takes half a minute, the limit is minutes).
    """
    if len(members) > 1:
        handle, name = tempfile.mkstemp(suffix=".txt", dir=scratch)
        os.close(handle)
        listing = Path(name)
        listing.write_text("".join(f"{path}\n" for _, _, path in members), encoding="utf-8")
        pages = {number: budgets[number] for number, _, _ in members}
        shared = Budget(max(budget.left for budget in pages.values()))
        try:
            data = TesseractCall(scratch, shared).data_of(listing, language, config)
            for budget in pages.values():
                budget.spent += shared.spent / len(pages)
            return _split_by_image(data, len(members))
        except (PageTimeout, pytesseract.TesseractError, OSError):
            pass
        finally:
            listing.unlink(missing_ok=True)
    found: list[dict | BaseException] = []
    for number, _, path in members:
        try:
            found.append(TesseractCall(scratch, budgets[number]).data_of(path, language, config))
        except (PageTimeout, pytesseract.TesseractError, OSError) as exc:
            found.append(exc)
    return found


def _split_by_image(data: dict[str, list], count: int) -> list[dict[str, list]]:
    """tesseract's data for a list of images, image by image (its page_num counts them from 1)."""
    split: list[dict[str, list]] = [{key: [] for key in data} for _ in range(count)]
    for row in range(len(data["page_num"])):
        image = split[int(data["page_num"][row]) - 1]
        for key, values in data.items():
            image[key].append(values[row])
    return split


def _scratch_image(scratch: Path, image: np.ndarray) -> Path:
    """The image as an uncompressed file for tesseract (PNG would cost half a second a page)."""
    handle, name = tempfile.mkstemp(suffix=".pgm", dir=scratch)
    os.close(handle)
    Image.fromarray(image).save(name, format="PPM")
    return Path(name)


@dataclass
class Budget:
    """A page's time limit and what its tesseract calls have spent of it."""

    limit: float
    spent: float = field(default=0.0)

    @property
    def left(self) -> float:
        return self.limit - self.spent


@dataclass
class TesseractCall:
    """tesseract calls charged to one time budget (a page's); images go through uncompressed files."""

    scratch: Path
    budget: Budget

    def data_of(self, path: Path, language: str, config: str) -> WordData:
        """tesseract's words in an image file, or in each image of a list file (page_num says which)."""
        return self._run(
            lambda timeout: pytesseract.image_to_data(
                str(path), lang=language, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
            )
        )

    def osd(self, image: np.ndarray) -> dict[str, float]:
        path = _scratch_image(self.scratch, image)
        try:
            return self._run(
                lambda timeout: pytesseract.image_to_osd(
                    str(path), lang=OSD_LANGUAGE, output_type=pytesseract.Output.DICT, timeout=timeout
                )
            )
        finally:
            path.unlink(missing_ok=True)

    def _run(self, call: Callable[[float], dict]) -> dict:
        left = self.budget.left
        if left <= 0:
            raise PageTimeout
        start = time.perf_counter()
        try:
            with _started_as_ours():
                return call(left)
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise PageTimeout from exc
            raise
        finally:
            self.budget.spent += time.perf_counter() - start


@contextmanager
def _started_as_ours() -> Iterator[None]:
    """pytesseract starts tesseract with our process arguments (_process_args) within the block,
    and with its own again after, for any other user of pytesseract in the process."""
    plain = pytesseract.pytesseract.subprocess_args
    pytesseract.pytesseract.subprocess_args = functools.partial(_process_args, plain)
    try:
        yield
    finally:
        pytesseract.pytesseract.subprocess_args = plain


def _process_args(plain: Callable[[bool], dict[str, Any]], include_stdout: bool = True) -> dict[str, Any]:
    """pytesseract's arguments for starting tesseract, and two more: tesseract dies with the
    process that started it, so a worker killed (or the command) leaves no tesseract running; and
    it runs one thread (ONE_THREAD_ENVIRONMENT), its environment given to it alone."""
    arguments = plain(include_stdout)
    return {
        **arguments,
        "env": {**arguments["env"], **ONE_THREAD_ENVIRONMENT},
        "preexec_fn": functools.partial(die_with_parent, os.getpid()),
    }


def languages() -> frozenset[str]:
    """tesseract's installed models, asked once per process and model folder (`tesseract
    --list-langs` runs the program): every table page asked again before; forked OCR workers
    inherit the answer."""
    return _installed_languages(os.environ.get("TESSDATA_PREFIX"))


@functools.lru_cache(maxsize=None)
def _installed_languages(tessdata: str | None) -> frozenset[str]:
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError):
        return frozenset()
