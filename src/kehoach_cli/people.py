"""People in a document's signature block: what a signer's name and a position look like.

Why a module of its own: the structure stage reads the signer from the text, and the ingest stage
reads a scan's signature block again where OCR lost it; both must agree on what a name is.
"""

from __future__ import annotations

from .data_files import word_list
from .vietnamese import fold

MAX_TITLE_WORDS = 8


def person_name_shape(text: str) -> bool:
    """Written like a person's name: two to five words with a capital and then small letters
    ("QUY", a lone "I" after the first word are none), a family name first. A family name the list
    lacks (data/surnames.txt) leaves the signer unread rather than wrong."""
    words = text.split()
    return (
        2 <= len(words) <= 5
        and all(
            w.isalpha() and w[:1].isupper() and (w[1:].islower() or len(w) == 1 and not i) for i, w in enumerate(words)
        )
        and words[0] in word_list("surnames.txt")
    )


def is_position(text: str) -> bool:
    """An upper-case line of a few words naming a position ("KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC"); compared
    without marks, as OCR may misplace them ("GIÁM ĐÓC")."""
    return (
        text.isupper()
        and len(text.split()) <= MAX_TITLE_WORDS
        and any(fold(word) in fold(text) for word in word_list("signer_positions.txt"))
    )
