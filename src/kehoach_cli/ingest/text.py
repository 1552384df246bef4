"""Plain-text inputs, such as text already pulled out of a PDF by another tool."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..errors import InputError
from .pages import PageText


def read_text_file(path: Path, data: bytes) -> list[PageText]:
    """Decode UTF-8 text; form feeds, when present, separate pages."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"is not UTF-8 text (undecodable byte at offset {exc.start})") from exc
    if not text.strip():
        raise InputError(str(path), "is empty")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    return [PageText(number=i, text=chunk, source="text") for i, chunk in enumerate(text.split("\f"), start=1)]
