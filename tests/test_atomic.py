"""Atomic writes under Ctrl-C: an interrupt at any step leaves no temporary file (a batch stopped
with Ctrl-C once left a ".kehoach-batch.json.*" file behind).

A descriptor may still leak when the interrupt lands just as os.open returns; Ctrl-C ends the
process, which closes it, so only files left on disk are a loss."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

from kehoach_cli import atomic
from kehoach_cli.atomic import write_atomically


def _interrupt_inside_atomic(signum, frame) -> None:
    """Ctrl-C, but only while write_atomically (or what it calls) runs, so the loop driving it
    is never hit."""
    while frame is not None:
        if frame.f_code.co_filename == atomic.__file__:
            raise KeyboardInterrupt
        frame = frame.f_back


def test_interrupts_at_every_step_leave_nothing_behind(tmp_path):
    target = tmp_path / "out.json"
    previous = signal.signal(signal.SIGALRM, _interrupt_inside_atomic)
    signal.setitimer(signal.ITIMER_REAL, 0.0001, 0.0001)  # shorter than one write: most are cut
    interrupted = 0
    try:
        for _ in range(1000):
            try:
                write_atomically(target, b"{}" * 100)
            except KeyboardInterrupt:
                interrupted += 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert interrupted > 50
    assert [p.name for p in tmp_path.iterdir()] in ([], ["out.json"])
    if target.exists():
        assert target.read_bytes() == b"{}" * 100  # whole, never half


def test_a_written_file_has_the_usual_permissions(tmp_path):
    """As any file the user creates: 0666 less the umask, not a temporary file's 0600."""
    mask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "a" / "out.csv", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "a" / "out.csv").stat().st_mode) == 0o644
    assert isinstance(Path(tmp_path / "a" / "out.csv").read_text(), str)
