"""Issue 7: bad and hostile inputs never crash the tool, lose data or hang.

Every kind of bad file in tests/bad_inputs.py goes through the real command: exit 1 with one
line on stderr naming the file and the cause (or exit 0 with a warning in the output where the
content is usable), nothing on stdout for a failure, no traceback, the input unchanged, within a
time bound and a memory bound. Then the outputs: never over an input, never half-written, never
outside the output folder, the same bytes for the same input.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
from pathlib import Path

import pytest
from bad_inputs import CASES, Case, readable_by_us
from conftest import PLAN_000_NATIVE, SEED_000
from measured import run_measured, snapshot

from kehoach_cli.batch import output_path
from kehoach_cli.errors import KehoachError, one_line

SECONDS_BOUND = 60.0  # the 2,000-page PDF takes about 10 s on a busy machine
MEMORY_BOUND_MB = 1024.0


@pytest.mark.parametrize("case", CASES, ids=[case.kind for case in CASES])
def test_bad_input_fails_well(tmp_path: Path, case: Case) -> None:
    path = case.make(tmp_path)
    if case.kind == "no read permission" and readable_by_us(path):
        pytest.skip("running as root: permission bits do not stop root from reading the file")
    before = snapshot(path)
    run = run_measured("extract", path, *case.args, timeout=SECONDS_BOUND)
    assert not run.hung, f"still running after {SECONDS_BOUND:g} s"
    assert "Traceback" not in run.stderr
    if case.usable:
        assert run.code == 0, run.stderr
        warnings = " | ".join(json.loads(run.stdout)["quality"]["warnings"])
        assert case.cause in warnings
    else:
        assert (run.code, run.stdout) == (1, b""), run.stderr
        assert len(run.error_lines) == 1, run.stderr
        assert one_line(str(path)) in run.error_lines[0] and case.cause in run.error_lines[0], run.stderr
    assert run.peak_mb < MEMORY_BOUND_MB
    assert snapshot(path) == before


def test_a_batch_of_bad_files_converts_the_good_one(tmp_path: Path) -> None:
    """One folder holding every bad file and one good plan: the batch finishes, converts the plan,
    lists every other file in errors.jsonl and leaves no temporary file behind."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for case in CASES:
        if case.args == ("--ocr", "never") and case.kind != "PDF of 2,000 pages":
            own = folder / f"{CASES.index(case):02}"
            own.mkdir()
            case.make(own)
    shutil.copy(SEED_000, folder / "good.txt")
    before = {p: snapshot(p) for p in folder.rglob("*")}
    out = tmp_path / "out"
    run = run_measured("batch", folder, "-o", out, "--ocr", "never", "--jobs", "2", timeout=120)
    assert run.code == 1 and not run.hung
    assert "Traceback" not in run.stderr and run.stdout == b""
    assert (out / "good.txt.json").is_file()
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) >= 15 and all(e["error"] for e in errors)
    assert not [p for p in out.rglob(".*") if p.name != ".kehoach-batch.json"]  # no temporary file left
    assert {p: snapshot(p) for p in folder.rglob("*")} == before


def test_names_with_line_breaks_stay_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "a\nb\rc.pdf"
    bad.write_bytes(b"not a pdf")
    run = run_measured("extract", bad)
    assert run.code == 1 and len(run.error_lines) == 1
    assert "a\\nb\\rc.pdf: is not a PDF" in run.error_lines[0]
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "x\ny.pdf").write_bytes(b"not a pdf")
    batch = run_measured("batch", folder, "-o", tmp_path / "out", "-q")
    assert batch.code == 1 and batch.error_lines == ["kehoach: error: x\\ny.pdf: is not a PDF (no %PDF header)"]


@pytest.mark.parametrize("rel", ["../escape.txt", "sub/../../escape.txt", "../../../../tmp/escape.txt"])
def test_crafted_names_never_lead_outside_the_output_folder(tmp_path: Path, rel: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(KehoachError, match="leads outside"):
        output_path(out, rel)


def test_names_that_look_absolute_stay_inside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert output_path(out, "/etc/passwd").is_relative_to(out)


def test_output_over_an_input_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    shutil.copy(SEED_000, plan)
    other_name = tmp_path / "same-file.txt"
    os.link(plan, other_name)
    before = snapshot(plan)
    for output in (plan, other_name):
        run = run_measured("extract", plan, "-o", output)
        assert run.code == 2 and "itwouldbeoverwritten" in re.sub(r"[\s│]", "", run.stderr)
    assert snapshot(plan) == before


def test_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    run = run_measured("extract", SEED_000, "-o", tmp_path)
    assert run.code == 2 and "isafolder" in re.sub(r"[\s│]", "", run.stderr) and "Traceback" not in run.stderr


def test_a_full_disk_is_one_line(tmp_path: Path) -> None:
    run = run_measured("extract", SEED_000, "-o", "/dev/full")
    assert run.code == 1
    assert run.error_lines == ["kehoach: error: /dev/full: cannot be written (No space left on device)"]
    assert Path("/dev/full").is_char_device()  # written into, never replaced by a regular file


def _file_size_limit(limit: int) -> None:
    """In the child: writes past `limit` bytes fail with EFBIG (a real error from the kernel)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_failed_write_leaves_the_old_output_whole(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    output.write_text('{"old": true}\n', encoding="utf-8")
    run = run_measured("extract", SEED_000, "-o", output, preexec=lambda: _file_size_limit(4096))
    assert run.code == 1 and run.error_lines == [f"kehoach: error: {output}: cannot be written (File too large)"]
    assert output.read_text(encoding="utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # the temporary file is gone


def test_a_failed_batch_write_leaves_no_half_file(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED_000, folder / "plan.txt")
    out = tmp_path / "out"
    run = run_measured("batch", folder, "-o", out, "--jobs", "1", preexec=lambda: _file_size_limit(4096))
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "File too large" in run.stderr
    for path in out.rglob("*"):
        if path.suffix == ".json" and path.name != ".kehoach-batch.json":
            json.loads(path.read_text(encoding="utf-8"))  # whole, or not there
    assert not [p for p in out.rglob(".*") if p.name != ".kehoach-batch.json"]


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    shell = f"{sys.executable} -m kehoach_cli extract {SEED_000} --format jsonl | head -c 10 >/dev/null"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, timeout=120)
    assert "Traceback" not in done.stderr.decode() and b"Error" not in done.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_same_input_gives_the_same_bytes(tmp_path: Path, fmt: str) -> None:
    outputs = []
    for run_number in range(2):
        output = tmp_path / f"{run_number}.{fmt}"
        run = run_measured("extract", SEED_000, PLAN_000_NATIVE, "--ocr", "never", "--format", fmt, "-o", output)
        assert run.code == 0, run.stderr
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_batch_run_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED_000, folder / "a.txt")
    shutil.copy(PLAN_000_NATIVE, folder / "b.pdf")
    outputs = []
    for name in ("one", "two"):
        run = run_measured("batch", folder, "-o", tmp_path / name, "--ocr", "never", "--format", "xlsx", "-q")
        assert run.code == 0, run.stderr
        outputs.append({p.relative_to(tmp_path / name): p.read_bytes() for p in (tmp_path / name).rglob("*")})
    assert outputs[0] == outputs[1] and len(outputs[0]) >= 7
