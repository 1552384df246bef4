"""Issue 18: faults and hostile inputs, second round. Each test here failed before its fix.

Names that are not UTF-8, workers outliving their parent, failures that stuck, tracebacks on
unwritable outputs, combined files left stale, temporary names too long, limits, swapped links.
The heavy versions of these runs are in bench/hardening.py; these are one representative each.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from bad_inputs import LATIN1_NAME
from conftest import SEED_000
from measured import run_measured


def _bytes_name(folder: Path, name: bytes) -> Path:
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))


def test_a_batch_converts_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED_000, _bytes_name(folder, LATIN1_NAME + b".txt"))
    _bytes_name(folder, LATIN1_NAME + b".pdf").write_bytes(b"not a pdf")
    shutil.copy(SEED_000, folder / "z.txt")  # after the bad names in path order: still converted
    out = tmp_path / "out"
    run = run_measured("batch", folder, "-o", out, "--ocr", "never", "-q", timeout=120)
    assert run.code == 1 and "Traceback" not in run.stderr
    assert run.error_lines == ["kehoach: error: k\\xe9 ho\\xa1ch.pdf: is not a PDF (no %PDF header)"]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors == [{"file": "k\\xe9 ho\\xa1ch.pdf", "error": "is not a PDF (no %PDF header)"}]
    converted = json.loads((out / "k\\xe9 ho\\xa1ch.txt.json").read_text(encoding="utf-8"))
    assert converted["source"]["path"] == f"{folder}/k\\xe9 ho\\xa1ch.txt"
    assert (out / "z.txt.json").is_file()
    rows = (out / "tasks.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) > 60 and any("k\\xe9 ho\\xa1ch.txt" in row for row in rows)
    again = run_measured("batch", folder, "-o", out, "--ocr", "never", "-q", timeout=120)
    assert again.code == 1 and "Traceback" not in again.stderr  # a rerun skips it, unchanged
