"""What the out-of-kernel check of one notebook may use: its own module, light to import
(the command line reads the defaults before it starts a kernel; numpy is not needed for that)."""
from __future__ import annotations

from dataclasses import dataclass

from autograder.isolation import jail

# Budgets, in steps, when Limits gives none in seconds: an exercise's calls together, and the
# whole check of a notebook (every jail start, cell and call; the given loop's clocking aside).
EXERCISE_STEPS = 4
CHECK_STEPS = 20


@dataclass(frozen=True)
class Limits:
    """What checking one exercise may use (and so what one submission may cost).

    seconds_per_step: one request (a cell, or one call on one case); exercise_seconds: the calls
    of one exercise together (None: EXERCISE_STEPS steps); check_seconds: the whole check of one
    notebook (None: CHECK_STEPS steps); memory_bytes: the whole jail (a cgroup where one can be
    made, else each process: `jail.memory_scope()`); results_bytes: what the answers of one
    notebook may return in all (the grader holds every case's result until it judges them).
    """
    seconds_per_step: float = 30.0
    cpu_seconds: int = 120
    memory_bytes: int = 3 * 1024 ** 3
    output_bytes: int = 8 * 1024 ** 2
    processes: int = 64
    exercise_seconds: float | None = None
    check_seconds: float | None = None
    results_bytes: int = 256 * 1024 ** 2

    def jail(self) -> jail.JailLimits:
        return jail.JailLimits(memory_bytes=self.memory_bytes, cpu_seconds=self.cpu_seconds,
                               file_bytes=self.output_bytes, processes=self.processes)

    def exercise_budget(self) -> float:
        return self.exercise_seconds if self.exercise_seconds is not None else EXERCISE_STEPS * self.seconds_per_step

    def check_budget(self) -> float:
        return self.check_seconds if self.check_seconds is not None else CHECK_STEPS * self.seconds_per_step


