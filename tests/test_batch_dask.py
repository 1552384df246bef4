"""`kehoach batch --dask ADDRESS`: the same batch on a Dask cluster (a LocalCluster of two worker processes)."""

from __future__ import annotations

import shutil

import pytest
from conftest import PLAN_000_NATIVE, SEED_000, SEED_002

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, memory_limit="1GiB", dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_gives_the_same_outputs_as_the_local_pool(kehoach, tmp_path, scheduler):
    folder = tmp_path / "plans"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED_000, folder / "a.txt")
    shutil.copy(SEED_002, folder / "sub" / "b.txt")
    shutil.copy(PLAN_000_NATIVE, folder / "c.pdf")
    (folder / "broken.docx").write_bytes(b"not a zip")
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert kehoach("batch", folder, "-o", local, "--jobs", "2").code == 1
    run = kehoach("batch", folder, "-o", remote, "--dask", scheduler)
    assert run.code == 1, run.stderr
    assert "broken.docx" in run.stderr and "Traceback" not in run.stderr
    for name in (
        "a.txt.json",
        "sub/b.txt.json",
        "c.pdf.json",
        "tasks.csv",
        "tasks.jsonl",
        "documents.csv",
        "errors.jsonl",
    ):
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    again = kehoach("batch", folder, "-o", remote, "--dask", scheduler)
    assert "0 to convert, 4 unchanged" in again.stderr


def test_unreachable_scheduler_is_one_line(kehoach, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(SEED_000, folder / "a.txt")
    run = kehoach("batch", folder, "-o", tmp_path / "out", "--dask", "tcp://127.0.0.1:9")
    assert run.code == 1
    assert run.stderr.strip().splitlines()[-1].startswith("kehoach: error: cannot reach the Dask scheduler")
    assert "Traceback" not in run.stderr
