"""Run the real `kehoach` command with a time bound, and measure its wall time and peak memory.

The peak memory is the child's own (os.wait4), not the test process's, so runs earlier in the
session do not count; tesseract processes the command waited for are included by the kernel.
Used by tests/test_hardening.py and bench/hardening.py.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    code: int  # -9 when killed at the time bound (a hang)
    stdout: bytes
    stderr: str
    seconds: float
    peak_mb: float
    hung: bool

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.strip().splitlines()


def run_measured(*args: str | Path, timeout: float = 60.0, preexec: Callable[[], None] | None = None) -> Measured:
    """`kehoach ARGS` in a subprocess; killed after `timeout` seconds."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    start = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "kehoach_cli", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=preexec,
    )
    out: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda name=name, stream=stream: out.__setitem__(name, stream.read()))
        for name, stream in (("stdout", child.stdout), ("stderr", child.stderr))
    ]
    for reader in readers:
        reader.start()
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        child.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    _, status, usage = os.wait4(child.pid, 0)
    timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    for reader in readers:
        reader.join()
    return Measured(
        child.returncode,
        out["stdout"],
        out["stderr"].decode("utf-8", "replace"),
        time.monotonic() - start,
        usage.ru_maxrss / 1024,
        killed.is_set(),
    )


def snapshot(path: Path) -> tuple:
    """What must not change about an input: its bytes (or its link target) and its times."""
    info = path.lstat()
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        return ("special", info.st_mode, info.st_rdev)  # a device or a FIFO: reading it may never end
    if path.is_symlink():
        return ("link", os.readlink(path), info.st_mtime_ns)
    if path.is_dir():
        return ("dir", sorted(p.name for p in path.iterdir()), info.st_mtime_ns)
    readable = os.access(path, os.R_OK)
    return ("file", path.read_bytes() if readable else None, info.st_mtime_ns, info.st_mode)
