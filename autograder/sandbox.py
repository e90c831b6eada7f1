"""Run a student's solution cells out of the notebook's kernel, in a locked-down process.

The parent (the grader) keeps the reference and the comparison; the child
(`sandbox_child.py`) holds only the student's code and the cases. A child that
hangs, runs out of memory or prints too much is killed; only the exercise it
was running is lost, and a fresh child carries on with the rest.
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import codec
from .runner import Outcome


@dataclass(frozen=True)
class Limits:
    """What one exercise may use in the sandbox (and so what one submission may cost)."""
    seconds_per_step: float = 30.0
    cpu_seconds: int = 120
    memory_bytes: int = 3 * 1024 ** 3
    output_bytes: int = 8 * 1024 ** 2


@dataclass
class SandboxRun:
    """Outcomes per exercise; `failures[name]` says why an exercise has none."""
    outcomes: dict = field(default_factory=dict)
    failures: dict = field(default_factory=dict)
    cell_errors: dict = field(default_factory=dict)


def _child_env(workdir: Path) -> dict:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(workdir),
           "MPLCONFIGDIR": str(workdir), "LANG": "C.UTF-8",
           # One thread each: graders run several sandboxes at once.
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    for key, value in os.environ.items():
        if key.startswith("OPENBLAS_") and key not in env:
            env[key] = value  # some machines need OPENBLAS_CORETYPE for correct results
    return env


def _describe_death(returncode: int, output_file: Path, limits: Limits) -> str:
    if returncode < 0:
        sig = -returncode
        if sig == signal.SIGXCPU:
            return f"used more than {limits.cpu_seconds} s of CPU time"
        if sig == signal.SIGXFSZ:
            return f"printed more than {limits.output_bytes // 1024 ** 2} MB of output"
        if sig == signal.SIGKILL:
            return "was killed (out of memory or time)"
        return f"crashed with signal {signal.Signals(sig).name}"
    tail = output_file.read_text(errors="replace")[-400:] if output_file.exists() else ""
    if "MemoryError" in tail:
        return f"ran out of memory (limit {limits.memory_bytes // 1024 ** 2} MB)"
    return f"stopped the grading process (exit code {returncode})"


def _run_child(cells: list, exercises: list, cases: dict, limits: Limits, run: SandboxRun) -> list:
    """One child over `cells` then `exercises`; returns the exercises it did not reach."""
    with tempfile.TemporaryDirectory(prefix="course-sandbox-") as tmp:
        workdir = Path(tmp)
        for name, _ in exercises:
            encoded = [(c.args, c.kwargs, c.timed) for c in cases[name]]
            (workdir / f"{name}.cases").write_bytes(codec.dumps(encoded))
        (workdir / "job.json").write_text(json.dumps({
            "cells": cells, "exercises": exercises,
            "limits": {"memory_bytes": limits.memory_bytes, "output_bytes": limits.output_bytes,
                       "cpu_seconds": limits.cpu_seconds}}))
        output_file = workdir / "output.txt"
        read_end, write_end = os.pipe()
        with open(output_file, "wb") as output:
            child = subprocess.Popen(
                [sys.executable, "-I", "-m", "autograder.sandbox_child", str(workdir), str(write_end)],
                cwd=workdir, env=_child_env(workdir), stdin=subprocess.DEVNULL,
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                pass_fds=(write_end,))
        os.close(write_end)
        current, done, buffer = None, set(), b""
        deadline = time.monotonic() + limits.seconds_per_step + 10  # start-up: imports
        timed_out = False
        with os.fdopen(read_end, "rb", buffering=0) as status:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                ready, _, _ = select.select([status], [], [], min(remaining, 1.0))
                if not ready:
                    continue
                chunk = status.read(65536)
                if not chunk:
                    break
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    word, _, rest = line.decode(errors="replace").partition(" ")
                    if word == "BEGIN":
                        current = rest
                        deadline = time.monotonic() + limits.seconds_per_step
                    elif word == "END":
                        done.add(rest)
                        current = None
                    elif word == "ERROR":
                        _, cell_id, message = (rest.split(" ", 2) + ["", ""])[:3]
                        run.cell_errors[cell_id] = message
        if timed_out:
            os.killpg(child.pid, signal.SIGKILL)
        try:
            returncode = child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            returncode = child.wait()
        try:
            os.killpg(child.pid, signal.SIGKILL)  # leave no grandchildren behind
        except ProcessLookupError:
            pass
        reason = (f"took longer than {limits.seconds_per_step:g} s" if timed_out
                  else _describe_death(returncode, output_file, limits))
        for name, _ in exercises:
            result = workdir / "out" / f"{name}.result"
            if f"exercise {name}" in done and result.exists():
                try:
                    decoded = codec.loads(result.read_bytes())
                    run.outcomes[name] = [Outcome(v, tuple(e) if e else None, tuple(m), float(s))
                                          for v, e, m, s in decoded]
                except Exception as exc:  # a forged or truncated result file
                    run.failures[name] = f"returned results the grader could not read ({exc})"
        if current is None and returncode == 0:
            return []
        if current is None:
            current = "start-up"
        blamed = current.split(" ", 1)
        if blamed[0] == "exercise":
            run.failures[blamed[1]] = reason
            names = [n for n, _ in exercises]
            start = names.index(blamed[1]) + 1 if blamed[1] in names else len(names)
            return [("exercise", e) for e in exercises[start:]]
        if blamed[0] == "cell":
            run.cell_errors[blamed[1]] = f"the solution cell {reason}"
            return [("cell", blamed[1])]
        for name, _ in exercises:
            run.failures.setdefault(name, f"the grading process {reason} before it began")
        return []


def run_solution_cells(cells: list, exercises: list, cases: dict, limits: Limits = Limits()) -> SandboxRun:
    """Execute `cells` [(cell_id, source)], then call each exercise [(name, kind)] on `cases[name]`.

    A cell that hangs is dropped and the child restarted without it; an
    exercise that hangs or crashes is recorded in `failures` and skipped.
    """
    run = SandboxRun()
    cells, pending = list(cells), list(exercises)
    for _attempt in range(len(cells) + len(exercises) + 1):
        if not pending:
            break
        left = _run_child(cells, pending, cases, limits, run)
        if left and left[0][0] == "cell":
            cells = [c for c in cells if str(c[0]) != left[0][1]]
            pending = [e for e in pending if e[0] not in run.outcomes and e[0] not in run.failures]
        else:
            pending = [e for _, e in left]
    for name, _ in exercises:
        if name not in run.outcomes:
            run.failures.setdefault(name, "was not run")
    return run
