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
# Kon Tum plan 501's prose duties, (stt, is_request), one record per duty, read off the plan: the first is
# III. KINH PHÍ's "Trên cơ sở dự toán ..., các sở, ban, ngành ... chủ động cân đối, lập dự toán", the last
# the closing "Căn cứ nội dung Kế hoạch, các đơn vị, địa phương ... báo cáo kết quả"; 3 to 5 are requests.
KON_TUM_PROSE_DUTIES = [
    ("2", False),
    ("1", False),
    ("1", False),
    ("2", False),
    ("2", False),
    ("2", False),
    ("3", True),
    ("4", True),
    ("5", True),
    (None, False),
]
# The first lines of its header, read column by column: the issuer's, then the motto's.
KON_TUM_HEADER_LINES = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH KON TUM",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 501/KH-UBND",
    "Kon Tum, ngày 17 tháng 02 năm 2025",
    "KẾ HOẠCH",
]


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
