"""Issue 18: faults and hostile inputs, second round. Each test here failed before its fix.

Names that are not UTF-8, workers outliving their parent, failures that stuck, tracebacks on
unwritable outputs, combined files left stale, temporary names too long, limits, swapped links.
The heavy versions of these runs are in bench/hardening.py; these are one representative each.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest
from bad_inputs import LATIN1_NAME
from conftest import PLAN_000_NATIVE, SEED_000
from measured import run_measured
from processes import has, start_marked


def make_small_scan(folder: Path) -> Path:
    """An image-only PDF of three pages (plan 000's scan, at 150 dpi): enough OCR to be hit mid-way."""
    import pypdfium2

    scan = pypdfium2.PdfDocument(str(PLAN_000_NATIVE.with_name("plan-000-scan.pdf")))
    pages = [scan[index].render(scale=150 / 72, grayscale=True).to_pil() for index in range(3)]
    target = folder / "scan.pdf"
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=150)
    return target


@pytest.fixture(scope="module")
def small_scan(tmp_path_factory) -> Path:
    return make_small_scan(tmp_path_factory.mktemp("scan"))


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


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_a_batch_leaves_no_process_nor_file(tmp_path: Path, small_scan: Path, sig: int) -> None:
    """Workers and their tesseract die with the command, however it ends (they ran on, and then
    blocked forever, in process groups of their own), and take their scratch files with them."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(small_scan, folder / "scan.pdf")
    run = start_marked(["batch", folder, "-o", tmp_path / "out", "--jobs", "2"], tmp_path / "tmp")
    assert run.wait_for(lambda: has("tesseract")(run), 120), "tesseract never started"
    run.hit(sig)
    assert run.left_behind(5.0) == []
    run.process.communicate(timeout=30)
    assert run.process.returncode == (-9 if sig == signal.SIGKILL else 143)
    assert run.temporary_files() == []


def test_terminating_extract_leaves_no_scratch(tmp_path: Path, small_scan: Path) -> None:
    run = start_marked(["extract", small_scan, "--jobs", "2"], tmp_path / "tmp")
    assert run.wait_for(lambda: has("tesseract")(run), 120), "tesseract never started"
    run.hit(signal.SIGHUP, group=True)  # the terminal closed
    assert run.left_behind(5.0) == []
    _, stderr = run.process.communicate(timeout=30)
    assert run.process.returncode == 129 and b"Traceback" not in stderr
    assert run.temporary_files() == []


def _manifest(out: Path) -> dict:
    return json.loads((out / ".kehoach-batch.json").read_text(encoding="utf-8"))["documents"]


def test_a_rerun_retries_passing_failures_and_given_passwords(tmp_path: Path) -> None:
    """A document that failed for a passing reason (its output could not be written) or for want
    of a password is tried again by a plain rerun, the second once --password is given; one that
    failed for its own bytes is not. The manifest says why each failed."""
    from reportlab.pdfgen import canvas

    folder, out = tmp_path / "inbox", tmp_path / "out"
    folder.mkdir()
    shutil.copy(SEED_000, folder / "plan.txt")
    locked = canvas.Canvas(str(folder / "locked.pdf"), encrypt="secret")
    locked.drawString(72, 720, "Ke hoach so 1/KH-UBND")
    locked.save()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (out / "plan.txt.json").mkdir(parents=True)  # in the way of the output: it cannot be written
    first = run_measured("batch", folder, "-o", out, "-q", timeout=120)
    assert first.code == 1 and "Traceback" not in first.stderr
    assert {rel: entry["failure"] for rel, entry in _manifest(out).items()} == {
        "plan.txt": "transient",
        "locked.pdf": "password",
        "broken.pdf": "input",
    }
    (out / "plan.txt.json").rmdir()
    second = run_measured("batch", folder, "-o", out, timeout=120)
    assert "1 to convert, 2 unchanged" in second.stderr and (out / "plan.txt.json").is_file()
    third = run_measured("batch", folder, "-o", out, "--password", "secret", timeout=120)
    assert "1 to convert, 2 unchanged" in third.stderr, third.stderr
    assert _manifest(out)["locked.pdf"]["status"] == "ok"
    assert [json.loads(line)["file"] for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()] == [
        "broken.pdf"
    ]


def test_unwritable_combined_files_and_manifest_are_one_line_each(tmp_path: Path) -> None:
    """A folder in the way of the manifest and of documents.csv: one line each naming the file,
    exit 1, the other combined files written; an input folder named tasks.csv is refused by name."""
    folder, out = tmp_path / "inbox", tmp_path / "out"
    (folder / "tasks.csv").mkdir(parents=True)
    shutil.copy(SEED_000, folder / "tasks.csv" / "inner.txt")
    shutil.copy(SEED_000, folder / "plan.txt")
    for name in (".kehoach-batch.json", "documents.csv"):
        (out / name / "x").mkdir(parents=True)  # not empty: nothing can be renamed over it
    run = run_measured("batch", folder, "-o", out, "-q", timeout=120)
    assert run.code == 1 and "Traceback" not in run.stderr, run.stderr
    assert sorted(run.error_lines) == sorted(
        [
            f"kehoach: error: {out}/.kehoach-batch.json: cannot be written (Is a directory)",
            f"kehoach: error: {out}/documents.csv: cannot be written (Is a directory)",
            "kehoach: error: tasks.csv: a folder named as the combined file tasks.csv: its plans' outputs would "
            "take that file's place; rename the folder",
        ]
    )
    assert (out / "plan.txt.json").is_file() and (out / "tasks.csv").is_file() and (out / "errors.jsonl").is_file()


def test_combined_files_follow_the_outputs_when_a_worker_dies(tmp_path: Path) -> None:
    """A worker killed (as the out-of-memory killer would) stops the run; the combined files are
    rebuilt all the same, from the per-plan outputs as they are (they kept the last run's rows)."""
    import hashlib
    import subprocess
    import sys
    import time

    import psutil
    from conftest import SEED_002

    PLANS = 16  # enough that the run is still going when the first output appears, however loaded the machine
    folder, out = tmp_path / "inbox", tmp_path / "out"
    folder.mkdir()
    for n in range(PLANS):
        shutil.copy(SEED_002, folder / f"plan-{n}.txt")
    assert run_measured("batch", folder, "-o", out, "-q", timeout=300).code == 0
    for n in range(PLANS):
        shutil.copy(SEED_000, folder / f"plan-{n}.txt")  # other plans under the same names
    new_sha = hashlib.sha256(SEED_000.read_bytes()).hexdigest()

    def current() -> list[dict]:
        documents = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.txt.json")]
        return [d for d in documents if d["source"]["sha256"] == new_sha]

    command = [sys.executable, "-m", "kehoach_cli", "batch", str(folder), "-o", str(out), "--jobs", "2"]
    process = psutil.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not current() and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [p for p in process.children() if "resource_tracker" not in " ".join(p.cmdline())]
    workers[0].kill()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1 and b"a worker process died" in stderr
    converted = current()
    assert 1 <= len(converted) < PLANS
    documents = (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(documents) == len(converted)
    tasks = (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(tasks) == sum(len(d["tasks"]) for d in converted)


def _a_long_result(size: int) -> bytes:
    return bytes(range(256)) * (size // 256)


def test_what_a_worker_sends_back_cannot_be_torn() -> None:
    """The hang behind the test above (1 CI run in 7): a worker killed while it wrote a result larger
    than the pipe holds left half a message, and the executor waited for the rest forever. What
    crosses the pipe now is a file's name, under PIPE_BUF (written whole or not at all); the result
    comes back intact and its file does not outlive its reading."""
    import pickle
    import select

    from kehoach_cli.batch import process_pool
    from kehoach_cli.parcels import unpacked

    with process_pool(1) as pool:
        sent = pool.submit(_a_long_result, 4 << 20).result(timeout=120)
        assert len(pickle.dumps(sent)) < select.PIPE_BUF
        assert unpacked(sent) == _a_long_result(4 << 20)
        assert not os.path.exists(sent.path)


def test_long_names_fit_the_file_systems_limit(tmp_path: Path) -> None:
    """An output named with 250 bytes (its temporary name was 264), and batch inputs of 240 and
    255 bytes (their outputs' temporary names were over 255, and the output of the second was
    too): all written."""
    output = tmp_path / ("ý" * 123 + ".json")  # 2 bytes a letter: 251 bytes
    run = run_measured("extract", SEED_000, "-o", output, timeout=120)
    assert run.code == 0, run.stderr
    assert json.loads(output.read_text(encoding="utf-8"))["tasks"]
    folder, out = tmp_path / "inbox", tmp_path / "out"
    folder.mkdir()
    names = ["a" * 236 + ".txt", "b" * 251 + ".txt"]
    for name in names:
        shutil.copy(SEED_000, folder / name)
    batch = run_measured("batch", folder, "-o", out, "-q", timeout=120)
    assert batch.code == 0, batch.stderr
    outputs = sorted(p.name for p in out.glob("[ab]*.json"))
    assert outputs[0] == names[0] + ".json" and outputs[1].startswith("b" * 200)
    assert len(outputs[1].encode()) == 255 and len(outputs) == 2
    rows = (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 3


def test_a_batch_does_not_follow_a_file_swapped_for_a_link(tmp_path: Path) -> None:
    """Batch reads inputs without following links (O_NOFOLLOW): a file listed as a plain file and
    swapped for a link to a file outside the folder before a worker opens it is not read."""
    from kehoach_cli import limits
    from kehoach_cli.errors import InputError
    from kehoach_cli.ingest import _read_bytes

    secret = tmp_path / "secret.txt"
    secret.write_text("outside the folder", encoding="utf-8")
    swapped = tmp_path / "plan.txt"
    swapped.symlink_to(secret)
    before = limits.current()
    limits.use(limits.Limits(follow_links=False))
    try:
        with pytest.raises(InputError, match="is a symbolic link: not followed"):
            _read_bytes(swapped)
    finally:
        limits.use(before)
    assert _read_bytes(swapped) == b"outside the folder"  # extract follows a link it is given


def test_the_password_from_a_variable_or_a_file(tmp_path: Path) -> None:
    """--password shows in `ps`: KEHOACH_PASSWORD and --password-file keep it out of sight."""
    from reportlab.pdfgen import canvas

    locked = canvas.Canvas(str(tmp_path / "locked.pdf"), encrypt="secret")
    locked.drawString(72, 720, "Ke hoach so 1/KH-UBND")
    locked.save()
    (tmp_path / "pw").write_text("secret\n", encoding="utf-8")
    by_file = run_measured("extract", tmp_path / "locked.pdf", "--password-file", tmp_path / "pw")
    assert by_file.code == 0, by_file.stderr
    os.environ["KEHOACH_PASSWORD"] = "secret"
    try:
        by_variable = run_measured("text", tmp_path / "locked.pdf")
    finally:
        del os.environ["KEHOACH_PASSWORD"]
    assert by_variable.code == 0 and b"Ke hoach" in by_variable.stdout


def test_a_limit_can_be_raised(tmp_path: Path) -> None:
    """Each limit's message names the flag that raises it, and the flag does."""
    line = tmp_path / "line.txt"
    line.write_bytes(SEED_000.read_bytes().replace(b"\n", b" "))
    refused = run_measured("extract", line, "--limit", "line-chars=1000")
    assert refused.code == 1 and "raise it with --limit line-chars=N" in refused.stderr
    assert run_measured("extract", line, "--limit", "line-chars=1000000").code == 0
    wrong = run_measured("extract", line, "--limit", "lines=3")
    assert wrong.code == 2 and "'lines' is not a limit" in wrong.stderr
