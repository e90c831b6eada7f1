"""nbgrader's Execute preprocessor, with a time budget per notebook, an output cap and dead kernels failing.

Plain nbgrader leaves cells unexecuted when the kernel dies; a graded test
cell with no error output then counts as passed. Here every cell that did not
run gets an error output, so it can never earn points.

Kernels are reached over private unix sockets (no TCP port two kernels could both pick), the
client polls its channels in short slices (pyzmq's asyncio sockets sometimes miss a wake-up,
which left a cell waiting for its full time limit), and with `prestart` the next notebook's
kernel boots while the grader finishes the current submission. Every message from a kernel is
decoded by `codec.kernel_message_unpacker` (bounded: a kernel signs its own messages); a message
it refuses fails its cell, and the rest of the notebook, as a dead kernel does.
"""
from __future__ import annotations

import time
from queue import Empty

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute
from traitlets import Bool, Enum, Integer

from autograder import timings
from autograder.pipeline import kernels
from autograder.pipeline.limits import GradingLimits
from autograder.isolation import relay
from autograder.isolation.codec import MessageRefused
from autograder.isolation.jail import remove_stale_cgroups

POLL_SLICE = 0.2  # seconds: the longest a missed wake-up can delay a message
# Why a jailed kernel's relay (isolation/relay.py) ended it, by the launcher's exit status.
RELAY_REASONS = {relay.OVERSIZED: "a message larger than the grader takes",
                 relay.FLOODED: f"more messages than a notebook may send in all ({kernels.TOTAL_BYTES // 1024 ** 2} MB)",
                 relay.NO_SOCKETS: "socket files that were not sockets",
                 relay.DROPPED: "a message part larger than the grader takes (or closed a channel)"}


def poll_in_slices(channel, refused=None) -> None:
    """Make `channel.get_msg(timeout)` wait in POLL_SLICE steps; same timeout, same results.

    A message the session's unpacker refuses (`MessageRefused`) is passed to `refused(reason)`
    and ends the wait with DeadKernelError (without `refused`: MessageRefused is raised)."""
    get_msg = channel.get_msg

    async def sliced(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE if deadline is None else max(0.0, min(POLL_SLICE, deadline - time.monotonic()))
            try:
                return await get_msg(timeout=left)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise
            except MessageRefused as exc:
                if refused is None:
                    raise
                refused(str(exc))
                raise DeadKernelError(f"the kernel sent {exc}") from None

    channel.get_msg = sliced


def _error_output(ename: str, evalue: str) -> dict:
    from nbformat.v4 import new_output
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class LimitedExecute(Execute):
    notebook_seconds = Integer(GradingLimits.notebook_seconds, help="Wall-clock budget for the whole notebook.").tag(config=True)
    output_chars = Integer(GradingLimits.output_chars, help="Characters of text output kept per cell.").tag(config=True)
    output_bytes = Integer(16 * 1024 ** 2, help="Bytes of output a cell may send while it runs; "
                                                "the rest is dropped as it arrives.").tag(config=True)
    message_bytes = Integer(kernels.MESSAGE_BYTES, help="The largest message the grader takes from a "
                                                 "kernel (a larger one disconnects it).").tag(config=True)
    cell_seconds = Integer(GradingLimits.cell_seconds, help="Timeout of one cell.").tag(config=True)
    # Every output is in once the last cell has run: kill the kernel rather than wait for it to exit.
    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate").tag(config=True)
    prestart = Bool(False, help="Start the next notebook's kernel as soon as this one is done, "
                                "so that it boots while the grader finishes this submission.").tag(config=True)

    _deadline = None
    _dead_reason = None
    _refused_reason = None
    _chdir = None
    _cell_bytes = 0
    _flooded = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", kernels.GradingKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        # A fresh budget for every notebook, even if nbgrader reuses this preprocessor.
        self._deadline, self._dead_reason, self._chdir, self._refused_reason = None, None, None, None
        self._clock = time.perf_counter()
        spare = self._take_spare() if km is None else None
        if spare is not None:
            # It started in an empty folder: move it to the notebook's before the first cell.
            self._chdir = (resources or {}).get("metadata", {}).get("path") or None
        try:
            return super().preprocess(nb, resources, spare or km)
        finally:
            if spare is not None and self.km is not None:
                self._cleanup_kernel()  # nbclient leaves a kernel it was given running
            remove_stale_cgroups()  # the ended kernel's jail cgroup (its launcher made it)
            timings.add("kernel_stop", time.perf_counter() - self._clock)
            if self.prestart:
                self.start_spare()

    def create_kernel_manager(self):
        return kernels.bounded(kernels.private_sockets(super().create_kernel_manager()), self.message_bytes)

    def _refused(self, reason: str) -> None:
        """A message from the kernel was refused: the cell fails as if the kernel had died."""
        self._refused_reason = reason
        task = getattr(self, "task_poll_for_reply", None)
        if task is not None and not task.done():
            task.cancel()  # the cell's wait for its reply ends now (nbclient: DeadKernelError)

    def _relay_reason(self) -> str:
        """What the kernel's relay ended it for (the launcher's exit status), or ""."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is None:
            return ""
        try:
            status = process.wait(timeout=1)
        except Exception:
            return ""
        return RELAY_REASONS.get(status, "")

    def process_message(self, msg, cell, cell_index):
        """Count what the cell sends as it arrives; past output_bytes, keep only the end of the cell."""
        if msg.get("msg_type") not in ("status", "execute_input"):
            content = msg.get("content", {})
            size = sum(len(str(v)) for v in (content.get("data") or {}).values()) + len(str(content.get("text", ""))) \
                + len(str(content.get("evalue", ""))) + sum(len(str(t)) for t in content.get("traceback", []) or []) \
                + len(str(content.get("metadata", "")))
            if msg.get("msg_type", "").startswith("comm"):
                size += len(str(content.get("data", "")))
            self._cell_bytes += size
            if self._cell_bytes > self.output_bytes:
                if not self._flooded:
                    self._flooded = True
                    from nbformat.v4 import new_output
                    cell.outputs.append(new_output("stream", name="stdout", text=(
                        f"\n… output past {self.output_bytes // 1024 ** 2} MB was dropped by the grader\n")))
                return None
        return super().process_message(msg, cell, cell_index)

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        poll_in_slices(kc.shell_channel, self._refused)
        poll_in_slices(kc.iopub_channel, self._refused)
        return kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    def start_spare(self) -> None:
        """Start a kernel for the next notebook (it boots in the background)."""
        if self.kernel_name:
            kernels.start_spare(self.kernel_name, self.config, list(self.extra_arguments), self.message_bytes)

    def _take_spare(self):
        km = kernels.take_spare(self.kernel_name)
        return None if km is None else kernels.bounded(km, self.message_bytes)

    def _enter_notebook_folder(self) -> None:
        """A spare kernel in a jail already works in its copy of the course's release files; one
        without a jail (self-study where none can be made) enters the notebook's folder."""
        code = ("import os, autograder.isolation.grading_kernel as g\n"
                f"os.getcwd() == g.WORKDIR or os.chdir({self._chdir!r})")
        msg_id = self.kc.execute(code, silent=True, store_history=False)
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
        self._cell_bytes, self._flooded = 0, False
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            stopped_for = self._refused_reason or self._relay_reason()
            if stopped_for:
                self._dead_reason = (f"the kernel sent {stopped_for} while running cell {index}; "
                                     "the grader stopped it: this cell and the ones after it did not run")
            else:
                self._dead_reason = ("the kernel died (out of memory, os._exit or a crash) while "
                                     f"running cell {index}; this cell and the ones after it did not run")
            cell.outputs = [_error_output("DeadKernelError", self._dead_reason)]
        self._cap_outputs(cell)
        self._lap("hidden_checks" if cell.metadata.get("nbgrader", {}).get("grade") else "notebook_cells")
        return cell, resources
