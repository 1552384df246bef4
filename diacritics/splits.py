"""Which corpus documents are held out of training.

The split is a pure function of each file's path relative to the corpus root, so the
channel builder, the language-model trainer and the benchmark agree on it without
sharing state. One document in twenty is held out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def shared_dir(name: str) -> Path:
    """`shared/<name>` beside the nearest ancestor of this checkout that has it.

    Why a search: the main checkout sits beside `shared/`, a git worktree one level deeper.
    """
    here = Path(__file__).resolve().parent.parent
    for parent in here.parents:
        if (parent / "shared" / name).is_dir():
            return parent / "shared" / name
    return here.parent / "shared" / name


CORPUS_ROOT = shared_dir("corpus")
HELD_OUT_MODULUS = 20


def is_held_out(relative_path: str) -> bool:
    """True when the document at `relative_path` (posix, relative to the corpus root) is test data."""
    digest = hashlib.sha1(relative_path.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % HELD_OUT_MODULUS == 0


def corpus_documents(root: Path = CORPUS_ROOT) -> list[Path]:
    """Every prose document of the corpus (word lists and metadata excluded), sorted."""
    prose_dirs = [
        "admin_docs_word_recommend",
        "alqac2023_law_articles",
        "phapluat_8chude_congbao",
        "tvpl_admin_docs/docs",
        "viwiki_undertheseanlp",
        "vlc_laws_underthesea",
    ]
    files: list[Path] = []
    for name in prose_dirs:
        files.extend(
            p for p in (root / name).rglob("*") if p.is_file() and p.suffix in {".txt", ".md"} and p.name != "SOURCE.md"
        )
    return sorted(files)


def split(root: Path = CORPUS_ROOT) -> tuple[list[Path], list[Path]]:
    """(training documents, held-out documents)."""
    train, held = [], []
    for path in corpus_documents(root):
        (held if is_held_out(path.relative_to(root).as_posix()) else train).append(path)
    return train, held
