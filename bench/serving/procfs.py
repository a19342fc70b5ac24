"""Reading /proc: the RSS, peak RSS and CPU of a process tree, the machine's CPU and load.

Why: a server's cost is its whole process tree (Sanic workers, the action server's
children), read the same way for both bots while they serve.
"""

from __future__ import annotations

import os
import threading
from typing import Dict, List, Tuple

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> List[int]:
    out: List[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    out += [int(c) for c in fh.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def process_tree(pid: int) -> List[int]:
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.append(p)
        todo += _children(p)
    return seen


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def hwm_bytes(pid: int) -> int:
    """Peak resident memory (VmHWM) since start, summed over the process and its descendants."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live descendants (and reaped children)."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            # after ")": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            total += sum(int(x) for x in fields[11:15])
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def system_cpu() -> Tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    with open("/proc/stat") as fh:
        parts = [int(x) for x in fh.readline().split()[1:]]
    idle = parts[3] + (parts[4] if len(parts) > 4 else 0)  # idle + iowait
    total = sum(parts[:8])  # guest time is already inside user
    return (total - idle) / CLK_TCK, total / CLK_TCK


def loadavg() -> List[float]:
    return [round(x, 2) for x in os.getloadavg()]


class MemorySampler(threading.Thread):
    """Samples the RSS of some process trees every 0.5 s and keeps the peak of each."""

    def __init__(self, pids: Dict[str, int]):
        super().__init__(daemon=True)
        self.pids = pids
        self.peak = {k: 0 for k in pids}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            for k, pid in self.pids.items():
                self.peak[k] = max(self.peak[k], rss_bytes(pid))
            self._halt.wait(0.5)

    def stop(self) -> Dict[str, int]:
        self._halt.set()
        self.join(timeout=5)
        return self.peak
