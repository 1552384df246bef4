"""Start the real `kehoach` command marked, hit it with a signal, and find what it leaves behind.

Every process the command starts (pool workers, tesseract, multiprocessing's helpers) inherits
its environment: a variable with a fresh value marks them all, so that the processes still alive
after the command ended, whoever their parent is now, can be found in /proc and ended by id.
The command's temporary folder is one of its own (TMPDIR), so that what it leaves there is seen.
Used by tests/test_faults.py and bench/hardening.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MARK = "KEHOACH_FAULT_RUN"


@dataclass
class Marked:
    """A running command and its marked process tree."""

    process: subprocess.Popen
    mark: str
    tmp: Path

    def tree(self) -> list[tuple[int, str]]:
        """(pid, command name) of every live process carrying the mark, the command's own included."""
        found = []
        needle = f"{MARK}={self.mark}".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append((int(entry.name), (entry / "comm").read_text().strip()))
            except OSError:  # ended meanwhile, or not ours to read
                continue
        return found

    def wait_for(self, ready: Callable[[], bool], seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            if ready():
                return True
            time.sleep(0.1)
        return ready()

    def hit(self, sig: int, *, group: bool = False) -> None:
        """Send `sig` to the command, or to its whole process group as a terminal does (Ctrl-C, hang-up)."""
        if group:
            os.killpg(self.process.pid, sig)
        else:
            self.process.send_signal(sig)

    def left_behind(self, seconds: float = 5.0) -> list[tuple[int, str]]:
        """The marked processes still alive `seconds` after the command ended (or was hit), which
        are then killed by id: a failed run leaves nothing running for the next."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.tree():
            time.sleep(0.1)
        survivors = self.tree()
        for pid, _ in survivors:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return survivors

    def temporary_files(self) -> list[str]:
        return sorted(str(p.relative_to(self.tmp)) for p in self.tmp.rglob("*"))


def start_marked(args: list[str | Path], tmp: Path, **popen: object) -> Marked:
    """`kehoach ARGS` in its own session (a process group of its own, as a shell job has)."""
    mark = uuid.uuid4().hex
    tmp.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, MARK: mark, "TMPDIR": str(tmp), "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    popen = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, **popen}
    process = subprocess.Popen(
        [sys.executable, "-m", "kehoach_cli", *map(str, args)], env=env, start_new_session=True, **popen
    )  # type: ignore[call-overload]
    return Marked(process, mark, tmp)


def has(name: str) -> Callable[[Marked], bool]:
    """A readiness test: a process of this command name is running in the tree (e.g. tesseract)."""
    return lambda marked: any(comm == name for _, comm in marked.tree())


@dataclass(frozen=True)
class TreeRun:
    """What a marked run gave: its exit, its output, how long it took, the most memory its whole
    process tree held at once (the sum of its processes' resident sizes, sampled every 50 ms: an
    upper bound, shared pages counted in each), and what it left behind."""

    code: int
    stdout: bytes
    stderr: str
    seconds: float
    peak_mb: float
    hung: bool
    left_behind: list[tuple[int, str]]
    temporary_files: list[str]


def resident_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total / 1024


def run_tree(args: list[str | Path], tmp: Path, timeout: float = 60.0, **popen: object) -> TreeRun:
    """`kehoach ARGS` marked, its tree's memory sampled, killed (the whole tree) at `timeout`."""
    import threading

    start = time.monotonic()
    run = start_marked(args, tmp, stdout=subprocess.PIPE, **popen)
    out: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda name=name, stream=stream: out.__setitem__(name, stream.read()))
        for name, stream in (("stdout", run.process.stdout), ("stderr", run.process.stderr))
    ]
    for reader in readers:
        reader.start()
    peak, hung = 0.0, False
    while run.process.poll() is None:
        peak = max(peak, resident_mb([pid for pid, _ in run.tree()]))
        if time.monotonic() - start > timeout:
            hung = True
            os.killpg(run.process.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    run.process.wait()
    seconds = time.monotonic() - start
    for reader in readers:
        reader.join()
    left = run.left_behind(5.0)
    return TreeRun(
        run.process.returncode,
        out.get("stdout", b""),
        out.get("stderr", b"").decode("utf-8", "replace"),
        seconds,
        peak,
        hung,
        left,
        run.temporary_files(),
    )
