"""Pipes in both directions (issue 19), through real shell pipes: a document on standard input
(`extract -`, `text -`), a batch's files listed on standard input (`batch --files-from - -0`), and
`extract --format jsonl` streaming each document's lines as it is done.

Each form runs for a native PDF, a one-page scan (OCR kept to one page), a .docx and a text file,
and must give what the same document given by path gives, its source path aside. The commands of
one test run side by side (two cores: the scan's OCR overlaps the rest)."""

from __future__ import annotations

import json
import os
import select
import shlex
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from conftest import KON_TUM_NATIVE, SAMPLES

KEHOACH = f"{shlex.quote(sys.executable)} -m kehoach_cli"
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
KINDS = ("native", "scan", "docx", "text")


def _shell(commands: list[str], cwd: Path) -> list[subprocess.CompletedProcess]:
    """Run shell command lines at once; their results in the same order."""
    started = [
        subprocess.Popen(["sh", "-c", command], cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for command in commands
    ]
    results = []
    for process in started:
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err.decode()))
    return results


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """A folder of the four documents, in sub-folders (for the batch's mirrored outputs): the
    working folder of every command, and each document's path relative to it."""
    root = tmp_path_factory.mktemp("pipes")
    files = {
        "native": Path("docs/pdf/native.pdf"),
        "scan": Path("docs/pdf/scan.pdf"),
        "docx": Path("docs/word/plan.docx"),
        "text": Path("docs/plan.txt"),
    }
    for path in files.values():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / files["native"]).write_bytes(KON_TUM_NATIVE.read_bytes())
    (root / files["docx"]).write_bytes((SAMPLES / "kon-tum-501.docx").read_bytes())
    (root / files["text"]).write_bytes((SAMPLES / "kon-tum-501.plan.txt").read_bytes())
    scan, page = pypdfium2.PdfDocument(SAMPLES / "plan-000-scan.pdf"), pypdfium2.PdfDocument.new()
    page.import_pages(scan, [0])
    page.save(root / files["scan"])
    return root, files


@pytest.fixture(scope="module")
def by_path(docs) -> dict[str, dict]:
    """Each document given by path: its JSON, its JSON Lines (rendered here from that JSON, as the
    command renders them: no second OCR of the scan) and its text (but the scan's: see below)."""
    from kehoach_cli.export import render
    from kehoach_cli.models import PlanDocument

    root, files = docs
    texts = [k for k in KINDS if k != "scan"]
    runs = _shell(
        [f"{KEHOACH} extract {files[k]} --jobs 1" for k in KINDS] + [f"{KEHOACH} text {files[k]}" for k in texts], root
    )
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    found: dict[str, dict] = {}
    for kind, run in zip(KINDS, runs):
        document = PlanDocument.model_validate_json(run.stdout)
        found[kind] = {"json": json.loads(run.stdout), "jsonl": render([document], "jsonl").encode("utf-8")}
    for kind, run in zip(texts, runs[len(KINDS) :]):
        found[kind]["text"] = run.stdout
    return found


def _without_path(document: dict) -> dict:
    return {**document, "source": {**document["source"], "path": None}}


def test_extract_and_text_read_standard_input(docs, by_path):
    root, files = docs
    runs = _shell(
        [f"cat {files[k]} | {KEHOACH} extract - --jobs 1" for k in KINDS]
        + [f"cat {files[k]} | {KEHOACH} text - --jobs 1" for k in KINDS if k != "scan"],
        root,
    )
    for kind, run in zip(KINDS, runs[:4]):
        assert run.returncode == 0, run.stderr
        document = json.loads(run.stdout)
        assert document["source"]["path"] == "-"
        assert _without_path(document) == _without_path(by_path[kind]["json"]), kind
    # The scan's text is its OCR, already compared through the JSON above: not read a third time.
    for kind, run in zip([k for k in KINDS if k != "scan"], runs[4:]):
        assert run.returncode == 0 and run.stdout == by_path[kind]["text"], kind


def test_batch_reads_a_nul_separated_list_from_find(docs, by_path, tmp_path):
    root, files = docs
    out = tmp_path / "out"
    (run,) = _shell([f"find docs -type f -print0 | {KEHOACH} batch --files-from - -0 -o {out} -q --jobs 2"], root)
    assert run.returncode == 0, run.stderr
    # Mirrored under the listed files' common folder, docs/.
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json") if p.name != ".kehoach-batch.json")
    assert written == ["pdf/native.pdf.json", "pdf/scan.pdf.json", "plan.txt.json", "word/plan.docx.json"]
    for kind in KINDS:
        document = json.loads((out / (str(files[kind].relative_to("docs")) + ".json")).read_text(encoding="utf-8"))
        assert document["source"]["path"] == str(files[kind])
        assert _without_path(document) == _without_path(by_path[kind]["json"]), kind
    tasks = (out / "tasks.jsonl").read_bytes()
    assert tasks == b"".join(by_path[k]["jsonl"] for k in ("native", "scan", "text", "docx"))  # path order


def test_batch_reads_a_list_of_lines_and_reports_what_it_cannot_read(docs, tmp_path):
    root, files = docs
    listing = tmp_path / "list.txt"
    listing.write_text(f"{files['text']}\n\ndocs/missing.txt\ndocs\n{files['text']}\n", encoding="utf-8")
    out = tmp_path / "out"
    (run,) = _shell([f"{KEHOACH} batch --files-from {listing} -o {out} -q --jobs 1"], root)
    assert run.returncode == 1
    assert [p.name for p in out.rglob("*.txt.json")] == ["plan.txt.json"]  # listed twice, converted once
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors == [
        {"file": "docs", "error": "is a directory (list the files in it, or give the folder to kehoach batch)"},
        {"file": "docs/missing.txt", "error": "no such file"},
    ]
    assert run.stderr.splitlines() == [
        "kehoach: error: docs: is a directory (list the files in it, or give the folder to kehoach batch)",
        "kehoach: error: docs/missing.txt: no such file",
    ]


def test_batch_needs_a_folder_or_a_list(docs, tmp_path):
    root, _ = docs
    runs = _shell(
        [
            f"{KEHOACH} batch -o {tmp_path / 'a'}",
            f"{KEHOACH} batch docs --files-from - -o {tmp_path / 'b'}",
            f"{KEHOACH} batch docs -0 -o {tmp_path / 'c'}",
        ],
        root,
    )
    assert [run.returncode for run in runs] == [2, 2, 2]


def test_jsonl_lines_of_each_document_come_as_it_is_done(docs, by_path):
    """The second input is standard input, held open: the first document's lines must arrive while
    the second has not even been sent."""
    root, files = docs
    command = ["sh", "-c", f"{KEHOACH} extract {files['native']} - --format jsonl | cat"]
    process = subprocess.Popen(
        command, cwd=root, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        # Waited for with a deadline: output held back until the end would never come, stdin being open.
        assert select.select([process.stdout], [], [], 120)[0], "no line before the second document"
        first = process.stdout.readline()
        assert process.poll() is None  # still waiting for its second document
        assert first == by_path["native"]["jsonl"].splitlines(keepends=True)[0]
        process.stdin.write((root / files["docx"]).read_bytes())
        process.stdin.close()
        rest = process.stdout.read()
        assert process.wait(timeout=120) == 0, process.stderr.read()
    finally:
        process.kill()
        process.wait()
    docx_lines = by_path["docx"]["jsonl"].replace(f'"source_path": "{files["docx"]}"'.encode(), b'"source_path": "-"')
    assert first + rest == by_path["native"]["jsonl"] + docx_lines


def test_jsonl_of_several_documents_is_theirs_in_order_and_feeds_jq(docs, by_path):
    root, files = docs
    names = " ".join(str(files[k]) for k in KINDS)
    (run, paths) = _shell(
        [
            f"{KEHOACH} extract {names} --jobs 1 --format jsonl",
            f"{KEHOACH} extract {files['text']} {files['docx']} --format jsonl | jq -r .source_path | uniq",
        ],
        root,
    )
    assert run.returncode == 0 and run.stdout == b"".join(by_path[k]["jsonl"] for k in KINDS)
    assert paths.stdout.decode().split() == [str(files["text"]), str(files["docx"])]


@pytest.fixture(scope="module")
def broken(docs) -> dict[str, bytes]:
    """Bytes that must fail: empty, a truncated PDF and .docx, and bytes of no known kind."""
    root, files = docs
    return {
        "empty": b"",
        "truncated.pdf": (root / files["native"]).read_bytes()[:4000],
        "truncated.docx": (root / files["docx"]).read_bytes()[:20000],
        "unknown": os.urandom(3000),
    }


def test_bad_standard_input_fails_as_the_same_file(docs, broken, tmp_path):
    """The same one-line error and exit code as the bytes in a file (one without a suffix for the
    unknown kind: standard input has no name to go by either), with "-" for the file's name. `text`
    reads its input as `extract` does: two of the cases are enough for it."""
    root, _ = docs
    for name, data in broken.items():
        (tmp_path / name).write_bytes(data)
    cases = [("extract", name) for name in broken] + [("text", "empty"), ("text", "truncated.docx")]
    runs = _shell(
        [f"{KEHOACH} {command} {tmp_path / name}" for command, name in cases]
        + [f"cat {tmp_path / name} | {KEHOACH} {command} -" for command, name in cases],
        root,
    )
    for (_, name), as_file, as_stdin in zip(cases, runs[: len(cases)], runs[len(cases) :]):
        assert as_file.returncode == as_stdin.returncode == 1, name
        assert as_stdin.stdout == as_file.stdout == b""
        assert as_stdin.stderr.count("\n") == 1 and as_stdin.stderr.startswith("kehoach: error: -: "), as_stdin.stderr
        assert as_stdin.stderr == as_file.stderr.replace(str(tmp_path / name), "-"), name


def test_standard_input_has_the_limits_of_a_file(docs):
    """A PDF's pages are counted before it is read, from the file; on standard input, from its bytes."""
    root, files = docs
    scan = SAMPLES / "plan-000-scan.pdf"  # 1.8 MB
    cases = [(files["native"], "pages=1"), (scan, "file-mb=1")]
    runs = _shell(
        [f"{KEHOACH} extract {path} --limit {limit}" for path, limit in cases]
        + [f"cat {path} | {KEHOACH} extract - --limit {limit}" for path, limit in cases],
        root,
    )
    for (path, _), as_file, as_stdin in zip(cases, runs[:2], runs[2:]):
        assert as_file.returncode == as_stdin.returncode == 1 and as_stdin.stdout == b""
        assert "more than the limit of" in as_stdin.stderr
        assert as_stdin.stderr == as_file.stderr.replace(str(path), "-")
