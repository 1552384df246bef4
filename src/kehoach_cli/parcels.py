"""Results of pool workers handed over through files, so that a killed worker cannot hang the pool.

concurrent.futures sends each result back over one pipe shared by all workers. A worker killed
while it writes a result larger than the pipe holds (the kernel's OOM killer, a user's `kill`)
leaves half a message in it; the executor's thread then waits for the rest forever, the pool
never learns that it is broken, and the command hangs, even on SIGTERM. A worker that writes its
result to a file and sends back only the file's name (a message far under PIPE_BUF, which the
kernel writes whole or not at all) cannot tear a message so: the executor sees the dead worker
and fails its tasks, as it should.

The file is written in the worker's own temporary folder (become_worker), which goes with the
worker however the run ends: the parcels of tasks cancelled or abandoned leave nothing behind.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Parcel:
    """Where a worker left one result."""

    path: str

    def open(self) -> Any:
        """The result, read once: its file is removed."""
        try:
            with open(self.path, "rb") as file:
                return pickle.load(file)
        finally:
            os.unlink(self.path)


def packed(function: Callable[..., Any], *args: Any) -> Parcel:
    """Run `function(*args)` in a worker and leave its result in the worker's temporary folder."""
    result = function(*args)
    descriptor, path = tempfile.mkstemp(suffix=".pickle")
    with os.fdopen(descriptor, "wb") as file:
        pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
    return Parcel(path)


def unpacked(result: Any) -> Any:
    """A task's result as the function returned it, whether it came in a parcel or not."""
    return result.open() if isinstance(result, Parcel) else result
