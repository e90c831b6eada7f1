"""Where grading time goes, off by default: COURSE_TIMINGS=PATH appends one JSON line per submission.

Each line: {"student", "assignment", "start", "end", "phases": {phase: seconds}}; the phases
add up to the time of `grade_submission`, from `start` to `end` (epoch seconds). The kernel
phases are booked by `notebook_limits.LimitedExecute` while nbgrader runs the notebook.
`python -m benchmarks` reads them.
"""
from __future__ import annotations

import json
import os
import time

ENV = "COURSE_TIMINGS"
# Phases booked inside an nbgrader call (the kernel's, and the jailed answer checks').
KERNEL_PHASES = ("kernel_start", "notebook_cells", "hidden_checks", "kernel_stop", "verification")
phases: dict = {}


def add(phase: str, seconds: float) -> None:
    phases[phase] = phases.get(phase, 0.0) + seconds


def _in_kernel() -> float:
    return sum(phases.get(p, 0.0) for p in KERNEL_PHASES)


class Laps:
    """`lap(phase)` books the time since the previous lap to `phase`."""

    def __init__(self) -> None:
        self.clock, self.kernel = time.perf_counter(), _in_kernel()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        add(phase, now - self.clock)
        self.clock, self.kernel = now, _in_kernel()

    def nbgrader(self, phase: str) -> None:
        """A lap around an nbgrader call: its kernel phases are already booked, the rest goes to `phase`."""
        kernel = _in_kernel() - self.kernel
        self(phase)
        add(phase, -kernel)


def now() -> float:
    """Wall-clock time (epoch seconds), to place a submission in the class's timeline."""
    return time.time()


def write(**labels) -> None:
    """Append the phases booked since the last write (only if COURSE_TIMINGS is set), then reset."""
    path = os.environ.get(ENV)
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({**labels, "phases": {k: round(v, 4) for k, v in phases.items()}}) + "\n")
    phases.clear()
