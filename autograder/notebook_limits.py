"""nbgrader's Execute preprocessor, with a time budget per notebook, an output cap and dead kernels failing.

Plain nbgrader leaves cells unexecuted when the kernel dies; a graded test
cell with no error output then counts as passed. Here every cell that did not
run gets an error output, so it can never earn points.
"""
from __future__ import annotations

import time

from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute
from traitlets import Integer


def _error_output(ename: str, evalue: str) -> dict:
    from nbformat.v4 import new_output
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class LimitedExecute(Execute):
    notebook_seconds = Integer(180, help="Wall-clock budget for the whole notebook.").tag(config=True)
    output_chars = Integer(20_000, help="Characters of text output kept per cell.").tag(config=True)
    cell_seconds = Integer(60, help="Timeout of one cell.").tag(config=True)

    _deadline = None
    _dead_reason = None

    def _cap_outputs(self, cell) -> None:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and len(output.get("text", "")) > self.output_chars:
                output["text"] = output["text"][:self.output_chars] + \
                    f"\n… output cut at {self.output_chars} characters by the grader\n"
            data = output.get("data", {})
            for mime, value in list(data.items()):
                if isinstance(value, str) and len(value) > 20 * self.output_chars:
                    data[mime] = value[:200] + "\n… output cut by the grader"

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell
        if self._deadline is None:
            self._deadline = time.monotonic() + self.notebook_seconds
        remaining = self._deadline - time.monotonic()
        if self._dead_reason is None and remaining <= 0:
            self._dead_reason = (f"the notebook used its {self.notebook_seconds} s time limit; "
                                 "this cell was not run")
        if self._dead_reason:
            cell.outputs = [_error_output("GradingLimitError", self._dead_reason)]
            return cell
        self.timeout = int(max(1, min(self.cell_seconds, remaining)))
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except DeadKernelError:
            self._dead_reason = ("the kernel died (out of memory, os._exit or a crash) while "
                                 f"running cell {cell_index}; this cell was not run")
            cell.outputs = [_error_output("DeadKernelError", self._dead_reason)]
        self._cap_outputs(cell)
        return cell
