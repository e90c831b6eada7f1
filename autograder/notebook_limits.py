"""nbgrader's Execute preprocessor, with a time budget per notebook, an output cap and dead kernels failing.

Plain nbgrader leaves cells unexecuted when the kernel dies; a graded test
cell with no error output then counts as passed. Here every cell that did not
run gets an error output, so it can never earn points.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
import time

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute
from traitlets import Bool, Enum, Integer

from . import timings

# The next notebook's kernel, started while the grader finishes the previous submission.
_spare: dict = {}


def _error_output(ename: str, evalue: str) -> dict:
    from nbformat.v4 import new_output
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class LimitedExecute(Execute):
    notebook_seconds = Integer(180, help="Wall-clock budget for the whole notebook.").tag(config=True)
    output_chars = Integer(20_000, help="Characters of text output kept per cell.").tag(config=True)
    cell_seconds = Integer(60, help="Timeout of one cell.").tag(config=True)
    # Every output is in once the last cell has run: kill the kernel rather than wait for it to exit.
    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate").tag(config=True)
    prestart = Bool(False, help="Start the next notebook's kernel as soon as this one is done, "
                                "so that it boots while the grader finishes this submission.").tag(config=True)

    _deadline = None
    _dead_reason = None
    _chdir = None

    def preprocess(self, nb, resources=None, km=None):
        # A fresh budget for every notebook, even if nbgrader reuses this preprocessor.
        self._deadline, self._dead_reason, self._chdir = None, None, None
        self._clock = time.perf_counter()
        spare = self._take_spare() if km is None and self.prestart else None
        if spare is not None:
            # It started in an empty folder: move it to the notebook's before the first cell.
            self._chdir = (resources or {}).get("metadata", {}).get("path") or None
        try:
            return super().preprocess(nb, resources, spare or km)
        finally:
            if spare is not None and self.km is not None:
                self._cleanup_kernel()  # nbclient leaves a kernel it was given running
            timings.add("kernel_stop", time.perf_counter() - self._clock)
            if self.prestart:
                self.start_spare()

    def start_spare(self) -> None:
        """Start a kernel for the next notebook (it boots in the background)."""
        if _spare.get("km") is not None:
            return
        if "cwd" not in _spare:
            _spare["cwd"] = tempfile.mkdtemp(prefix="course-kernel-")
            atexit.register(shutil.rmtree, _spare["cwd"], True)
            atexit.register(_stop_spare)
        km = self.kernel_manager_class(kernel_name=self.kernel_name, config=self.config)
        try:
            run_sync(km.start_kernel)(cwd=_spare["cwd"], extra_arguments=list(self.extra_arguments))
        except Exception:
            return
        _spare.update(km=km, kernel_name=self.kernel_name)

    def _take_spare(self):
        km, name = _spare.pop("km", None), _spare.pop("kernel_name", None)
        if km is None:
            return None
        if name == self.kernel_name and run_sync(km.is_alive)():
            return km
        _stop_kernel(km)
        return None

    def _enter_notebook_folder(self) -> None:
        msg_id = self.kc.execute(f"__import__('os').chdir({self._chdir!r})", silent=True,
                                 store_history=False)
        reply = self.wait_for_reply(msg_id)
        if not reply or reply["content"].get("status") != "ok":
            raise RuntimeError(f"the grading kernel could not enter {self._chdir}")
        self._chdir = None

    def _lap(self, phase: str) -> None:
        now = time.perf_counter()
        timings.add(phase, now - self._clock)
        self._clock = now

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
            if self._chdir:
                self._enter_notebook_folder()
            self._deadline = time.monotonic() + self.notebook_seconds
            self._lap("kernel_start")
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
        self._lap("hidden_checks" if cell.metadata.get("nbgrader", {}).get("grade") else "notebook_cells")
        return cell, resources


def _stop_kernel(km) -> None:
    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:
        pass


def _stop_spare() -> None:
    km = _spare.pop("km", None)
    if km is not None:
        _stop_kernel(km)
