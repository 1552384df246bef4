"""Shared fixtures: the samples, and a way to run the real `kehoach` command."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_000 = SAMPLES / "000_e2d9b21277a96cb4.txt"
SEED_002 = SAMPLES / "002_e026816938ea239d.txt"
KON_TUM_NATIVE = SAMPLES / "kon-tum-501-native.pdf"
KON_TUM_SCAN = SAMPLES / "kon-tum-501-scan.pdf"
PLAN_000_NATIVE = SAMPLES / "plan-000-native.pdf"
KON_TUM_TASKS = SAMPLES / "kon-tum-501.tasks.json"


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8")


def run_kehoach(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None) -> Run:
    """Run the installed command in a subprocess, as a user's shell would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "kehoach_cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )
    return Run(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


@pytest.fixture
def kehoach():
    return run_kehoach
