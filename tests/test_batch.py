"""`kehoach batch`: a folder in, per-document JSON and combined tables out, resumable, through the real CLI."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import KON_TUM_NATIVE, PLAN_000_NATIVE, SEED_000, SEED_002

MANIFEST = ".kehoach-batch.json"


def make_folder(root: Path, plan: Path = KON_TUM_NATIVE) -> Path:
    """Two plans (a text and `plan` in a sub-folder), a corrupt PDF and a file of another type."""
    folder = root / "plans"
    (folder / "kon-tum").mkdir(parents=True)
    shutil.copy(SEED_000, folder / "a.txt")
    shutil.copy(plan, folder / "kon-tum" / ("501" + plan.suffix))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    (folder / "notes.xls").write_bytes(b"PK\x03\x04")
    return folder


def plans_folder(root: Path, files: dict[str, Path]) -> Path:
    """root/plans holding a copy of each source under its name."""
    folder = root / "plans"
    for name, source in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / name)
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def output_times(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name != MANIFEST}


def test_batch_writes_one_json_per_plan_and_combined_tables(kehoach, tmp_path):
    folder = make_folder(tmp_path)
    out = folder / "out"  # inside the folder: never read back as input
    run = kehoach("batch", folder, "-o", out, "--jobs", "2")
    assert run.code == 1, run.stderr  # broken.pdf and notes.xls failed
    assert run.stdout == b""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        MANIFEST,
        "a.txt.json",
        "documents.csv",
        "errors.jsonl",
        "kehoach.sqlite",
        "kon-tum/501.pdf.json",
        "report.html",
        "tasks.csv",
        "tasks.jsonl",
    ]
    # each output is exactly what `extract` gives for the same file
    single = kehoach("extract", folder / "kon-tum" / "501.pdf")
    assert (out / "kon-tum" / "501.pdf.json").read_bytes() == single.stdout
    # the combined tables are the plans' tasks, plan after plan in path order
    plans = [json.loads((out / name).read_text(encoding="utf-8")) for name in ("a.txt.json", "kon-tum/501.pdf.json")]
    tasks = read_csv(out / "tasks.csv")
    assert [(t["source_path"], t["task"]) for t in tasks] == [
        (plan["source"]["path"], task["task"]) for plan in plans for task in plan["tasks"]
    ]
    assert plans[0]["source"]["path"] == str(folder / "a.txt") and len(plans[1]["tasks"]) >= 25
    assert {t["doc_number"] for t in tasks[len(plans[0]["tasks"]) :]} == {"501/KH-UBND"}
    lines = (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["task"] for line in lines] == [t["task"] for t in tasks]
    documents = read_csv(out / "documents.csv")
    assert [d["file"] for d in documents] == ["a.txt", "kon-tum/501.pdf"]
    assert documents[1] | {"warnings": ""} == {
        "file": "kon-tum/501.pdf",
        "province": "Kon Tum",
        "province_successor": "Quảng Ngãi",
        "doc_number": "501/KH-UBND",
        "issued_date": "2025-02-17",
        "pages": "11",
        "ocr_pages": "0",
        "tasks": str(len(plans[1]["tasks"])),
        "warnings": "",
    }
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["file"] for e in errors] == ["broken.pdf", "notes.xls"]
    assert "unsupported file type .xls" in errors[1]["error"]
    assert "kehoach: error: broken.pdf:" in run.stderr and "kehoach: error: notes.xls:" in run.stderr
    assert "Traceback" not in run.stderr
    assert re.search(rf"│ tasks +│ {len(tasks)} ", run.stderr)  # the summary table


def test_rerun_skips_unchanged_plans_and_redoes_changed_ones(kehoach, tmp_path):
    folder = make_folder(tmp_path, SEED_000)
    out = tmp_path / "out"
    kehoach("batch", folder, "-o", out)
    first = output_times(out)
    tasks_before = (out / "tasks.csv").read_bytes()

    again = kehoach("batch", folder, "-o", out)
    assert again.code == 1  # broken.pdf is still broken, and still reported
    assert output_times(out) == first
    assert (out / "tasks.csv").read_bytes() == tasks_before  # rebuilt from the outputs, same bytes
    assert "broken.pdf" in again.stderr and "0 to convert, 3 unchanged" in again.stderr

    shutil.copy(SEED_002, folder / "a.txt")  # a different plan under the same name
    changed = kehoach("batch", folder, "-o", out)
    times = output_times(out)
    assert [name for name in times if times[name] != first[name]] == ["a.txt.json"]
    assert "1 to convert, 2 unchanged" in changed.stderr
    tasks = read_csv(out / "tasks.csv")
    assert len(tasks) == sum(
        len(json.loads(p.read_text(encoding="utf-8"))["tasks"])  # the combined table follows
        for p in out.rglob("*.txt.json")
    )
    assert {t["source_path"] for t in tasks} == {str(folder / "a.txt"), str(folder / "kon-tum" / "501.txt")}
    assert (
        json.loads((out / "a.txt.json").read_text(encoding="utf-8"))["source"]["sha256"]
        == hashlib.sha256(SEED_002.read_bytes()).hexdigest()
    )

    forced = kehoach("batch", folder, "-o", out, "--force")
    assert "3 to convert, 0 unchanged" in forced.stderr
    assert all(t1 != t0 for t1, t0 in zip(output_times(out).values(), times.values()))


def test_quiet_prints_errors_only(kehoach, tmp_path):
    folder = make_folder(tmp_path, SEED_000)
    run = kehoach("batch", folder, "-o", tmp_path / "out", "--quiet")
    assert run.code == 1
    assert sorted(line.split(":")[2].strip() for line in run.stderr.splitlines()) == ["broken.pdf", "notes.xls"]
    assert all(line.startswith("kehoach: error: ") for line in run.stderr.splitlines())


def test_fail_fast_stops_at_the_first_failure(kehoach, tmp_path):
    folder = plans_folder(tmp_path, {f"plan-{n}.txt": SEED_002 for n in range(6)})
    (folder / "0-broken.pdf").write_bytes(b"not a pdf at all")
    out = tmp_path / "out"
    run = kehoach("batch", folder, "-o", out, "--jobs", "1", "--fail-fast")
    assert run.code == 1
    assert "stopped (fail-fast)" in run.stderr
    converted = list(out.glob("plan-*.txt.json"))
    assert len(converted) < 6
    errors = [json.loads(line)["file"] for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors == ["0-broken.pdf"]
    assert len(read_csv(out / "documents.csv")) == len(converted)


def test_symbolic_links_are_not_followed_out_of_the_folder(kehoach, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SEED_000, outside / "secret.txt")
    folder = tmp_path / "plans"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED_000, folder / "a.txt")
    (folder / "escape.txt").symlink_to(outside / "secret.txt")
    (folder / "escape-dir").symlink_to(outside)
    (folder / "same.txt").symlink_to(folder / "a.txt")  # inside: a.txt is converted under its own name
    (folder / "sub" / "loop").symlink_to(folder / "sub" / "loop")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    out = tmp_path / "out"
    run = kehoach("batch", folder, "-o", out)
    assert run.code == 1
    errors = {e["file"]: e["error"] for e in map(json.loads, (out / "errors.jsonl").read_text("utf-8").splitlines())}
    assert sorted(errors) == ["dangling.txt", "escape-dir", "escape.txt", "sub/loop"]
    assert "outside the folder" in errors["escape.txt"] and "loop" in errors["sub/loop"]
    assert [d["file"] for d in read_csv(out / "documents.csv")] == ["a.txt"]
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]


def test_outputs_never_leave_the_output_folder(kehoach, tmp_path):
    """A symbolic link already inside OUTDIR does not lead the outputs out of it."""
    folder = plans_folder(tmp_path, {"sub/a.txt": SEED_000, "b.txt": SEED_000})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere)
    run = kehoach("batch", folder, "-o", out)
    assert run.code == 1
    assert list(elsewhere.iterdir()) == []
    assert "sub/a.txt: its output folder" in run.stderr
    assert (out / "b.txt.json").is_file()


def test_usage_errors(kehoach, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    assert kehoach("batch", tmp_path / "missing", "-o", tmp_path / "out").code == 2
    assert kehoach("batch", folder, "-o", folder).code == 2
    assert kehoach("batch", folder, "-o", tmp_path / "out", "--format", "pdf").code == 2


def test_xlsx_adds_a_workbook_of_all_tasks(kehoach, tmp_path):
    from openpyxl import load_workbook

    folder = plans_folder(tmp_path, {"a.txt": SEED_000, "b.pdf": PLAN_000_NATIVE})
    out = tmp_path / "out"
    run = kehoach("batch", folder, "-o", out, "--format", "xlsx")
    assert run.code == 0, run.stderr
    workbook = load_workbook(out / "tasks.xlsx")
    tasks = sum(len(json.loads(p.read_text(encoding="utf-8"))["tasks"]) for p in out.glob("*.json") if p.name[0] != ".")
    assert tasks > 0 and workbook["Nhiệm vụ"].max_row == 1 + tasks
    assert workbook["Văn bản"].max_row == 1 + 2


def test_ctrl_c_keeps_every_finished_document(tmp_path):
    folder = plans_folder(tmp_path, {f"plan-{n:02}.txt": SEED_002 for n in range(8)})
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kehoach_cli", "batch", str(folder), "-o", str(out), "--jobs", "2"]
    # Ctrl-C as a terminal gives it: a test run started in the background (`cmd &` in a script) has
    # SIGINT ignored, and a child inherits that.
    process = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 300
    while not list(out.glob("*.txt.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr.decode()
    assert b"stopped (interrupted)" in stderr and b"Traceback" not in stderr
    finished = sorted(p.name for p in out.glob("*.txt.json"))
    assert 1 <= len(finished) < 8
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != MANIFEST]  # no temporary file
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["documents"]
    assert sorted(f"{rel}.json" for rel, entry in manifest.items() if entry["status"] == "ok") == finished
    assert len(read_csv(out / "documents.csv")) == len(finished)
    for name in finished:
        assert json.loads((out / name).read_text(encoding="utf-8"))["tasks"]

    resumed = subprocess.run(command, capture_output=True, env={**os.environ, "COLUMNS": "200"})
    assert resumed.returncode == 0
    assert f"{8 - len(finished)} to convert, {len(finished)} unchanged".encode() in resumed.stderr
    assert len(read_csv(out / "documents.csv")) == 8


@pytest.fixture(scope="module")
def small_scan(tmp_path_factory) -> Path:
    """An image-only PDF of two small pages (the heads of plan 000's scanned pages 1 and 2)."""
    import pypdfium2

    scan = pypdfium2.PdfDocument(str(PLAN_000_NATIVE.with_name("plan-000-scan.pdf")))
    heads = []
    for index in (0, 1):
        image = scan[index].render(scale=200 / 72, grayscale=True).to_pil()
        heads.append(image.crop((0, 0, image.width, image.height // 4)))
    target = tmp_path_factory.mktemp("scan") / "scan.pdf"
    heads[0].save(target, save_all=True, append_images=heads[1:], resolution=200)
    return target


def test_pages_of_a_scan_are_ocrd_by_the_batch_pool(kehoach, tmp_path, small_scan):
    folder = plans_folder(tmp_path, {"scan.pdf": small_scan, "a.txt": SEED_000})
    out = tmp_path / "out"
    run = kehoach("batch", folder, "-o", out, "--jobs", "2")
    assert run.code == 0, run.stderr
    assert read_csv(out / "documents.csv")[1]["ocr_pages"] == "2"
    # the same result as `extract`, whose OCR uses a pool of its own
    assert (out / "scan.pdf.json").read_bytes() == kehoach("extract", folder / "scan.pdf").stdout


def test_a_worker_that_dies_stops_the_batch_with_one_line(tmp_path):
    """A worker killed mid-way (as the kernel's out-of-memory killer would) breaks the pool: the
    batch stops with one line, keeps what was finished, and records nothing false for the rest."""
    import psutil

    folder = plans_folder(tmp_path, {f"plan-{n:02}.txt": SEED_002 for n in range(8)})
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kehoach_cli", "batch", str(folder), "-o", str(out), "--jobs", "2"]
    process = psutil.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not list(out.glob("*.txt.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [p for p in process.children() if "resource_tracker" not in " ".join(p.cmdline())]
    workers[0].kill()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert stderr.decode().strip().splitlines()[-1].startswith("kehoach: error: a worker process died")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["documents"]
    assert all(entry["status"] == "ok" for entry in manifest.values())
    assert sorted(f"{rel}.json" for rel in manifest) == sorted(p.name for p in out.glob("*.txt.json"))
