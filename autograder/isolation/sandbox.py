"""Run a student's solution cells out of the notebook's kernel, in a jail, and call them on the cases.

The grader keeps the cases' secret, the expected outcomes and the comparison; the jail
(`isolation.jail`, process `sandbox_child.py`) gets one request at a time: the source
notebook's `given` cells, then the student's solution cells, then one call per case with that
case's arguments. Each request is clocked here, so a timed case is judged by the grader's clock,
against the given loop clocked in the same jail before any student code ran. A jail that hangs,
runs out of memory or dies is killed whole; only the cell or exercise it was running is lost,
and a fresh jail carries on with the rest.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder.course import add_release_extras
from autograder.isolation import codec
from autograder.isolation import channel, jail
from autograder.isolation.grading_kernel import SUBMISSION
from autograder.exercises.runner import Outcome
from autograder.isolation.check_limits import Limits  # noqa: F401  (the check's limits, used with it)

# The largest reply the grader reads from a jail (one case's result).
MAX_REPLY_BYTES = 256 * 1024 ** 2


@dataclass
class SandboxRun:
    """Outcomes per exercise; `failures[name]` says why an exercise has none.

    `loop_seconds[name]`: per case, the given loop's time in the same jail (0 for untimed cases).
    `over_budget[name]`: why an exercise was stopped by a time budget (its own or the notebook's),
    in a sentence for the student.
    """
    outcomes: dict = field(default_factory=dict)
    failures: dict = field(default_factory=dict)
    over_budget: dict = field(default_factory=dict)
    cell_errors: dict = field(default_factory=dict)
    loop_seconds: dict = field(default_factory=dict)


class StepFailed(Exception):
    """The jail did not answer a request: `reason` says why, in words for the student;
    `timed_out`: no answer came in the time the request was given."""

    def __init__(self, reason: str, timed_out: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.timed_out = timed_out


def _describe_death(returncode: int, limits: Limits) -> str:
    sig = -returncode if returncode < 0 else (returncode - 128 if returncode > 128 else 0)
    if sig == signal.SIGXCPU:
        return f"used more than {limits.cpu_seconds} s of CPU time"
    if sig == signal.SIGXFSZ:
        return f"printed more than {limits.output_bytes // 1024 ** 2} MB of output"
    if sig == signal.SIGKILL:
        return "was killed (out of memory or time)"
    if sig:
        try:
            return f"crashed with signal {signal.Signals(sig).name}"
        except ValueError:
            return f"crashed with signal {sig}"
    return f"stopped the checking process (exit code {returncode})"


class CheckerJail:
    """One jailed `sandbox_child` process and the pipes to it."""

    def __init__(self, limits: Limits, isolated: bool = True):
        self.limits = limits
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        argv = [sys.executable, "-s", "-B", "-m", "autograder.isolation.sandbox_child", str(to_child_r), str(from_child_w)]
        release_files = release_files_folder()
        self._output = tempfile.TemporaryFile()  # opened here: the jail only holds the descriptor
        self.cgroup = None
        self._workdir = None
        if isolated:
            argv = jail.command(argv + [SUBMISSION], role="check", readonly={SUBMISSION: release_files},
                                limits=limits.jail())
            env = None
            # The whole jail's memory (where a cgroup can be made: jail.memory_scope()).
            self.cgroup = jail.JailCgroup.make(limits.jail())
        else:
            # No jail, no private /tmp: a copy of its own, removed with it (one check's files
            # never reach the next).
            self._workdir = tempfile.mkdtemp(prefix="course-check-")
            shutil.copytree(release_files, self._workdir, dirs_exist_ok=True)
            argv.append(self._workdir)
            env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        cgroup = self.cgroup

        def enter_jail() -> None:  # in the child, before it execs bwrap
            if cgroup is not None:
                try:
                    cgroup.join()
                except OSError:  # as where none can be made: the per-process limits alone
                    pass
            jail.set_limits(limits.jail())

        try:
            self.process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=self._output, stderr=subprocess.STDOUT,
                pass_fds=(to_child_r, from_child_w), start_new_session=True, env=env,
                preexec_fn=enter_jail)
        except BaseException:
            if self.cgroup is not None:
                self.cgroup.remove()
            if self._workdir is not None:
                shutil.rmtree(self._workdir, ignore_errors=True)
            raise
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._first = True
        self.last_reply_bytes = 0

    def request(self, message: dict, seconds: float) -> tuple:
        """(reply, seconds it took by the grader's clock); StepFailed if there is none in time.
        `last_reply_bytes`: the reply's size (it decodes to about as much: nothing is compressed)."""
        if self._first:  # the first request also waits for the jail to start and import numpy
            seconds += 20
            self._first = False
        start = time.perf_counter()
        try:
            channel.send(self._to_child, codec.dumps(message))
            data = channel.receive(self._from_child, MAX_REPLY_BYTES, time.monotonic() + seconds)
            elapsed = time.perf_counter() - start
            self.last_reply_bytes = len(data)
        except channel.ChannelTimeout:
            self.close()
            raise StepFailed(f"took longer than {self.limits.seconds_per_step:g} s", timed_out=True) from None
        except (channel.ChannelClosed, BrokenPipeError):
            # The jail is ending on its own: let it, so that its exit status says why.
            raise StepFailed(_describe_death(self.close(grace=5.0), self.limits)) from None
        except channel.MessageTooLarge as exc:
            self.close()
            raise StepFailed(f"returned a result too large to read ({exc})") from None
        try:
            reply = codec.loads(data, MAX_REPLY_BYTES)
            if not isinstance(reply, dict):
                raise ValueError("the reply is not a dict")
        except Exception as exc:  # bytes from the student's process: data, never trusted
            self.close()
            raise StepFailed(f"returned results the grader could not read ({str(exc)[:200]})") from None
        return reply, elapsed

    def close(self, grace: float = 0.0) -> int:
        """Kill the whole jail (its PID namespace goes with it), after `grace` seconds for it to
        end by itself; returns the exit status."""
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        returncode = self.process.wait()
        if self.cgroup is not None:  # the jail has ended: its cgroup goes (with any straggler)
            self.cgroup.remove()
            self.cgroup = None
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._output.close()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
        return returncode


_place: dict = {}


def keep_files_in(folder: str) -> None:
    """Make this process's release files (release_files_folder) in `folder`: a grading worker's
    own folder, removed with it even when the worker is killed (atexit never runs then)."""
    _place["dir"] = folder


@functools.lru_cache(maxsize=None)
def release_files_folder() -> str:
    """A folder of this process holding the course's release files (coursekit/, data/): the
    answer checker works in a copy of them, as the notebook's kernel does, so that an answer cell
    that imports coursekit or loads a photo runs there as it does in the notebook."""
    folder = tempfile.mkdtemp(prefix="course-release-files-", dir=_place.get("dir"))
    atexit.register(shutil.rmtree, folder, True)
    os.chmod(folder, 0o755)  # public files, read by the jail's own unprivileged user
    add_release_extras(Path(folder))
    return folder


def _outcome(reply: dict, seconds: float) -> Outcome:
    error = reply.get("error")
    if error is not None:
        error = (str(error[0])[:100], str(error[1])[:500])
    mutated = tuple(str(m)[:100] for m in reply.get("mutated") or ())
    return Outcome(reply.get("value"), error, mutated, seconds)


def _decoy(value: Any, rng: np.random.Generator) -> Any:
    """`value` with every array's values shuffled: the same sizes and dtypes, so the same work."""
    if isinstance(value, np.ndarray):
        return rng.permutation(value.ravel()).reshape(value.shape)
    if isinstance(value, (list, tuple)):
        return type(value)(_decoy(v, rng) for v in value)
    if isinstance(value, dict):
        return {k: _decoy(v, rng) for k, v in value.items()}
    return value


def _clock_loop(box: CheckerJail, loop: str, case, limits: Limits) -> float:
    """The given loop's time on a decoy of `case` (the better of two runs), before any student
    code ran. A decoy, so that the jail never holds the loop's answer to a case it will be asked."""
    rng = np.random.default_rng()
    times = []
    for _ in range(2):
        reply, seconds = box.request({"op": "call", "name": loop, "kind": "function",
                                      "args": _decoy(case.args, rng), "kwargs": _decoy(case.kwargs, rng)},
                                     limits.seconds_per_step)
        if reply.get("error"):  # the course's own loop failed: a bug of the course, not the student's
            raise RuntimeError(f"the given loop {loop} failed in the jail: {reply['error']}")
        times.append(seconds)
    return min(times)


class _Clock:
    """The time budgets of one notebook's check: each request gets the least of a step, what is
    left of its exercise's budget and what is left of the notebook's; `bound` says which."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.check_budget()
        self.spent: dict = {}  # exercise name: seconds its calls took

    def notebook_left(self) -> float:
        return self.deadline - time.monotonic()

    def exercise_left(self, name: str) -> float:
        return self.limits.exercise_budget() - self.spent.get(name, 0.0)

    def allow(self, exercise: str | None = None) -> tuple:
        """(seconds for the next request, "step" | "exercise" | "notebook")."""
        options = [(self.limits.seconds_per_step, "step"), (self.notebook_left(), "notebook")]
        if exercise is not None:
            options.append((self.exercise_left(exercise), "exercise"))
        seconds, bound = min(options, key=lambda o: o[0])
        return max(seconds, 0.0), bound

    def not_counted(self, seconds: float) -> None:
        """Time the notebook's budget does not count (the course's own loop being clocked)."""
        self.deadline += seconds

    def exercise_message(self, name: str) -> str:
        return (f"the check of {name} ran past its time budget of {self.limits.exercise_budget():g} s; "
                "its remaining cases were not run")

    def notebook_message(self, name: str) -> str:
        return (f"the check of this notebook ran past its time budget of {self.limits.check_budget():g} s "
                f"before the check of {name} was done")


def run_solution_cells(cells: list, exercises: list, cases: dict, limits: Limits = Limits(),
                       given: list = (), loops: dict = None, isolated: bool = True) -> SandboxRun:
    """Run `given` [source] and `cells` [(cell_id, source)], then call each exercise [(name, kind)]
    on `cases[name]`.

    `loops`: {exercise name: name of a given function} to clock on that exercise's timed cases
    before any student code runs. A cell that hangs is dropped and a fresh jail started without
    it; an exercise that hangs or crashes is recorded in `failures` and skipped. An exercise whose
    calls together pass `limits.exercise_budget()` is stopped (its remaining cases are not run)
    and recorded in `over_budget`, and so is every exercise not yet checked once the whole check
    passes `limits.check_budget()` (jail starts and cells run again after a restart included).
    """
    run = SandboxRun()
    cells, pending = list(cells), list(exercises)
    loops = loops or {}
    clock = _Clock(limits)
    kept = 0  # bytes of the results in run.outcomes

    def out_of_time() -> None:
        for name, _ in pending:
            run.over_budget[name] = clock.notebook_message(name)
        pending.clear()

    while pending:
        if clock.notebook_left() <= 0:
            out_of_time()
            break
        box = CheckerJail(limits, isolated)
        try:
            current, bound = None, "step"
            try:
                for source in given:
                    current = ("given", "")
                    seconds, bound = clock.allow()
                    box.request({"op": "exec", "source": source}, seconds)
                for name, _ in pending:
                    if name in loops and name not in run.loop_seconds:
                        current, bound = ("exercise", name), "step"
                        started = time.monotonic()
                        run.loop_seconds[name] = [_clock_loop(box, loops[name], c, limits) if c.timed else 0.0
                                                  for c in cases[name]]
                        clock.not_counted(time.monotonic() - started)
                for cell_id, source in cells:
                    current = ("cell", cell_id)
                    seconds, bound = clock.allow()
                    reply, _ = box.request({"op": "exec", "source": source}, seconds)
                    if reply.get("error"):
                        run.cell_errors[str(cell_id)] = str(reply["error"])[:400]
                while pending:
                    name, kind = pending[0]
                    current = ("exercise", name)
                    outcomes, holding = [], 0
                    for case in cases[name]:
                        seconds, bound = clock.allow(name)
                        if seconds <= 0:  # a budget ran out between two calls: no call is cut short
                            break
                        try:
                            reply, seconds = box.request({"op": "call", "name": name, "kind": kind,
                                                          "args": case.args, "kwargs": case.kwargs}, seconds)
                        except StepFailed as failed:
                            if failed.timed_out:
                                clock.spent[name] = clock.spent.get(name, 0.0) + seconds
                            raise
                        clock.spent[name] = clock.spent.get(name, 0.0) + seconds
                        holding += box.last_reply_bytes
                        if kept + holding > limits.results_bytes:
                            raise StepFailed(f"returned more than {limits.results_bytes / 1024 ** 2:g} MB of "
                                             "results in all (what the grader keeps for one notebook)")
                        outcomes.append(_outcome(reply, seconds))
                    else:
                        run.outcomes[name] = outcomes
                        kept += holding
                        pending.pop(0)
                        continue
                    if bound == "notebook":
                        out_of_time()
                    else:
                        run.over_budget[name] = clock.exercise_message(name)
                        pending.pop(0)
            except StepFailed as failed:
                where, what = current
                if failed.timed_out and bound == "notebook":
                    if where == "cell":
                        run.cell_errors[str(what)] = (f"the solution cell ran past the check's time budget of "
                                                      f"{limits.check_budget():g} s")
                    out_of_time()
                elif where == "cell":
                    run.cell_errors[str(what)] = f"the solution cell {failed.reason}"
                    cells = [c for c in cells if c[0] != what]
                elif where == "exercise":
                    if failed.timed_out and bound == "exercise":
                        run.over_budget[what] = clock.exercise_message(what)
                    else:
                        run.failures[what] = failed.reason
                    pending = [e for e in pending if e[0] != what]
                else:
                    for name, _ in pending:
                        run.failures[name] = f"the checking process {failed.reason} before it began"
                    pending = []
        finally:
            box.close()
    return run
