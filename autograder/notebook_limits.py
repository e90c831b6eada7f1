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

    def preprocess(self, nb, resources=None, km=None):
        # A fresh budget for every notebook, even if nbgrader reuses this preprocessor.
        self._deadline, self._dead_reason = None, None
        return super().preprocess(nb, resources, km)

    def _cap_outputs(self, cell) -> None:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and len(output.get("text", "")) > self.output_chars:
                output["text"] = output["text"][:self.output_chars] + \
                    f"\n… output cut at {self.output_chars} characters by the grader\n"
            data = output.get("data", {})
            for mime, value in list(data.items()):
                if isinstance(value, str) and len(value) > 20 * self.output_chars:
                    data[mime] = value[:200] + "\n… output cut by the grader"

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._deadline is None:
            self._deadline = time.monotonic() + self.notebook_seconds
        remaining = self._deadline - time.monotonic()
        if self._dead_reason is None and remaining <= 0:
            self._dead_reason = (f"the notebook used its {self.notebook_seconds} s time limit; "
                                 "this cell was not run")
        if self._dead_reason:
            cell.outputs = [_error_output("GradingLimitError", self._dead_reason)]
            return cell, resources
        self.timeout = int(max(1, min(self.cell_seconds, remaining)))
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._dead_reason = ("the kernel died (out of memory, os._exit or a crash) while "
                                 f"running cell {index}; this cell and the ones after it did not run")
            cell.outputs = [_error_output("DeadKernelError", self._dead_reason)]
        self._cap_outputs(cell)
        return cell, resources
