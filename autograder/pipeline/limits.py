"""What grading one submission may cost; exceeding a limit costs only that exercise or notebook."""
from __future__ import annotations

from dataclasses import dataclass

from autograder.isolation.check_limits import Limits as SandboxLimits


@dataclass(frozen=True)
class GradingLimits:
    """Limits for one submission.

    - cell_seconds: one cell in the notebook's kernel.
    - notebook_seconds: the whole notebook in its kernel; cells past it are not run (and fail).
    - kernel_memory_bytes: address space of the notebook's kernel.
    - output_chars: text a cell may print before it is cut.
    - sandbox: the out-of-kernel verification's limits, per exercise.
    """
    cell_seconds: int = 60
    notebook_seconds: int = 180
    kernel_memory_bytes: int = 4 * 1024 ** 3
    output_chars: int = 20_000
    sandbox: SandboxLimits = SandboxLimits()

    def submission_seconds(self, notebooks: int) -> float:
        """A safety net for the whole submission, past every finer limit."""
        return notebooks * (self.notebook_seconds + self.sandbox.check_budget() + 60) + 120
