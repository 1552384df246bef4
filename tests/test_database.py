"""The SQLite output: `kehoach batch` writes OUT/kehoach.sqlite, `extract --format sqlite` a database file.

Row counts are checked against the per-plan JSON outputs, keys with PRAGMA foreign_key_check, and the
full-text index with queries written with and without marks."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, SEED_000, SEED_002

from kehoach_cli.database import DATABASE_SCHEMA_VERSION, SCHEMA_SQL, fts_query, search, write_database
from kehoach_cli.models import PlanDocument
from kehoach_cli.vietnamese import fold

KON_TUM_TEXT = SAMPLES / "kon-tum-501.plan.txt"
KON_TUM_DOCX = SAMPLES / "kon-tum-501.docx"  # a Word table: partners, deadlines


def text_batch(root: Path, run) -> Path:
    """A batch of the text samples (quick: no PDF, no OCR), one corrupt PDF among them."""
    folder = root / "plans"
    (folder / "kon-tum").mkdir(parents=True)
    shutil.copy(SEED_000, folder / "000.txt")
    shutil.copy(SEED_002, folder / "002.txt")
    shutil.copy(KON_TUM_DOCX, folder / "kon-tum" / "501.docx")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not a PDF")
    out = root / "out"
    done = run("batch", folder, "-o", out, "--jobs", "2", "--quiet")
    assert done.code == 1, done.stderr  # broken.pdf
    return out


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    from conftest import run_kehoach

    return text_batch(tmp_path_factory.mktemp("db"), run_kehoach)


def plans(out: Path) -> list[dict]:
    files = ["000.txt", "002.txt", "kon-tum/501.docx"]
    return [json.loads((out / f"{name}.json").read_text(encoding="utf-8")) for name in files]


def test_row_counts_match_the_json_outputs(batch_out):
    documents = plans(batch_out)
    tasks = [task for plan in documents for task in plan["tasks"]]
    with sqlite3.connect(batch_out / "kehoach.sqlite") as db:
        count = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "documents",
                "tasks",
                "partners",
                "successors",
                "legal_bases",
                "reporting_deadlines",
                "warnings",
                "failures",
                "tasks_fts",
            )
        }
        assert count == {
            "documents": 3,
            "tasks": len(tasks),
            "tasks_fts": len(tasks),
            "partners": sum(len(t["partner_agencies"]) for t in tasks),
            "successors": sum(len(t["lead_agency_successors"]) for t in tasks),
            "legal_bases": sum(len(p["metadata"]["legal_bases"]) for p in documents),
            "reporting_deadlines": sum(len(p["metadata"]["reporting_deadlines"]) for p in documents),
            "warnings": sum(len(p["quality"]["warnings"]) for p in documents),
            "failures": 1,
        }
        assert count["tasks"] > 50 and count["partners"] > 0 and count["legal_bases"] > 0
        # the tasks are those of tasks.jsonl, in its order, each under its plan
        rows = db.execute(
            "SELECT d.source_path, t.task, t.lead_agency_canonical, t.timeline_end FROM tasks t "
            "JOIN documents d ON d.id = t.document_id ORDER BY t.id"
        ).fetchall()
        lines = [json.loads(line) for line in (batch_out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
        assert rows == [(r["source_path"], r["task"], r["lead_agency_canonical"], r["timeline_end"]) for r in lines]
        assert [r[0] for r in db.execute("SELECT file FROM documents ORDER BY id")] == [
            "000.txt",
            "002.txt",
            "kon-tum/501.docx",
        ]
        assert db.execute("SELECT file FROM failures").fetchall() == [("broken.pdf",)]
        # a partner row keeps its canonical name beside the name as written, in the task's order
        task = next(t for t in tasks if t["partner_agencies"])
        task_id = 1 + tasks.index(task)
        assert db.execute(
            "SELECT agency, agency_canonical FROM partners WHERE task_id = ? ORDER BY position", (task_id,)
        ).fetchall() == list(zip(task["partner_agencies"], task["partner_agencies_canonical"]))


def test_keys_hold_and_the_check_would_see_a_broken_one(batch_out, tmp_path):
    with sqlite3.connect(batch_out / "kehoach.sqlite") as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {
            "tasks_lead_agency",
            "tasks_lead_agency_canonical",
            "successors_agency",
            "tasks_timeline_start",
            "tasks_timeline_end",
            "documents_doc_type",
        } <= indexes
    broken = tmp_path / "broken.sqlite"
    shutil.copy(batch_out / "kehoach.sqlite", broken)
    with sqlite3.connect(broken) as db:
        db.execute("INSERT INTO partners (task_id, position, agency) VALUES (99999, 1, 'Sở Y tế')")
        row = db.execute("SELECT max(rowid) FROM partners").fetchone()[0]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == [("partners", row, "tasks", 0)]


def test_full_text_search_finds_vietnamese_with_or_without_marks(batch_out):
    with sqlite3.connect(batch_out / "kehoach.sqlite") as db:
        tasks = dict(db.execute("SELECT id, task FROM tasks"))
        expected = {i for i, text in tasks.items() if {"bao", "ve", "tre", "em"} <= set(re.findall(r"\w+", fold(text)))}
        assert len(expected) >= 5
        for query in ("bảo vệ trẻ em", "bao ve tre em", "BAO VE TRE EM", "Bảo Vệ trẻ em"):
            assert {i for i, _ in search(db, query, limit=1000)} == expected, query
        # the plain SQL the README shows, unmarked words against the folded column
        plain = db.execute("SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH 'task_folded : (bao ve tre em)'")
        assert {i for (i,) in plain} == expected
        # đ is a letter of its own, which unicode61 does not fold: the folded copy is what finds it
        with_d = {i for i, text in tasks.items() if "đồng" in re.findall(r"\w+", text.lower())}
        assert with_d and {i for i, _ in search(db, "dong", limit=1000)} >= with_d
        assert db.execute("SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH 'task : dong'").fetchone()[0] < len(
            {i for i, _ in search(db, "dong", limit=1000)}
        )
        assert search(db, "xyzzy không có") == [] and search(db, "  ") == []
    assert fts_query('AND "or" NEAR') == '"and" """or""" "near"'


def test_schema_is_published_and_versioned(batch_out, kehoach):
    assert (ROOT / "schemas" / "kehoach.sqlite.sql").read_text(encoding="utf-8") == SCHEMA_SQL
    assert kehoach("schema", "sqlite").text == SCHEMA_SQL
    with sqlite3.connect(batch_out / "kehoach.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone() == (DATABASE_SCHEMA_VERSION,)
        meta = dict(db.execute("SELECT key, value FROM meta"))
        assert meta["schema_version"] == "1" and meta["database_schema"] == str(DATABASE_SCHEMA_VERSION)


def test_rerun_gives_the_same_bytes_and_a_failed_build_keeps_the_old_file(batch_out, kehoach, tmp_path):
    database = batch_out / "kehoach.sqlite"
    before = database.read_bytes()
    folder = batch_out.parent / "plans"
    assert kehoach("batch", folder, "-o", batch_out, "--quiet").code == 1
    assert database.read_bytes() == before

    documents = [(p["source"]["path"], PlanDocument.model_validate(p)) for p in plans(batch_out)]

    def failing():
        yield documents[0]
        raise OSError(28, "No space left on device")

    copy = tmp_path / "kehoach.sqlite"
    copy.write_bytes(before)
    with pytest.raises(OSError):
        write_database(copy, failing())
    assert copy.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["kehoach.sqlite"]


def test_extract_format_sqlite(kehoach, tmp_path):
    target = tmp_path / "plans.sqlite"
    done = kehoach("extract", SEED_000, KON_TUM_TEXT, "--format", "sqlite", "-o", target)
    assert done.code == 0, done.stderr
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT file FROM documents ORDER BY id").fetchall() == [
            (str(SEED_000),),
            (str(KON_TUM_TEXT),),
        ]
        single = json.loads(kehoach("extract", KON_TUM_TEXT).stdout)
        assert db.execute("SELECT count(*) FROM tasks WHERE document_id = 2").fetchone()[0] == len(single["tasks"])
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
