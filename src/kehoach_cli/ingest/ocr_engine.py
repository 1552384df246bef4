"""What OCR's parts agree on: a page recipe asks for images to be read, an engine reads them.

The page recipe (ingest/page_recipe.py) decides what of a page is read, and how: its prose, its
table cells as one collage, its row numbers with another model. It is a generator that yields
requests and receives the engine's answers, so that an engine can read the requests of many pages
at once (tesseract: one process per model and layout mode for a run of pages). The engine
(ingest/tesseract.py today) is the shape img2table's OCRInstance and ocrmypdf's OCR-engine hooks
use: images in, words with their boxes and confidences out.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from .ocr_options import OcrPage

# An engine's words in an image: tesseract's image_to_data columns (text, conf, left, top, width,
# height, page_num), one entry per word, in its reading order.
WordData = dict[str, list]


@dataclass(frozen=True)
class ImageRead:
    """What a page asks the engine to read: an image, in a language, with a page layout mode."""

    image: np.ndarray
    language: str
    config: str


@dataclass(frozen=True)
class OrientationQuery:
    """A page asks the engine's orientation detection about its image."""

    image: np.ndarray


Request = tuple[ImageRead, ...] | OrientationQuery
# A page's recipe: yields requests, receives the WordData of each image read (or the orientation
# found), and returns what OCR made of the page.
PageReading = Generator[Request, Any, OcrPage]


class PageTimeout(Exception):
    """The engine ran past the page's time limit."""


class OcrEngine(Protocol):
    """Reads the images page recipes ask for."""

    def status(self) -> str | None:
        """None when the engine can read Vietnamese here, else what is missing and how to install it."""

    def languages(self) -> frozenset[str]:
        """The language models the engine has."""

    def read(self, pages: dict[int, PageReading], page_timeout: float) -> dict[int, OcrPage]:
        """Run each page's recipe to its end, reading what it asks for within `page_timeout`
        seconds a page; a page that fails comes back as the recipe says, the others go on."""
