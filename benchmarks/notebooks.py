"""Run All of each released notebook with the reference answers, and the hidden checks' time.

Run All: the student release (`python -m autograder release`) with every solution cell
replaced by the reference (as tests/classroom.py does), executed cell by cell in an already
started python3 kernel with the inline backend, as in JupyterLab. Hidden checks: every
exercise of the notebook through `check_exercise(reference, name)` in a fresh process whose
expected outcomes are precomputed (COURSE_EXPECTED_DIR), as in the grading kernel.
Notebooks are whatever `autograder.course.source_notebooks()` finds at run time.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from .common import PYTHON, REPO_ROOT, Row, check, median, seconds

RUN_ALL_TARGET = 15.0
CHECKS_TARGET = 5.0

CHECKS_SCRIPT = """
import json, sys, time
import solutions
from autograder.exercises.checks import check_exercise
took = {}
for name in sys.argv[1:]:
    start, cpu = time.perf_counter(), time.process_time()
    check_exercise(getattr(solutions, name), name)
    took[name] = (time.perf_counter() - start, time.process_time() - cpu)
print(json.dumps(took))
"""


def _kernel_cpu(client) -> float:
    """CPU seconds (user + system) the kernel process has used so far."""
    try:
        fields = Path(f"/proc/{client.km.provisioner.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except Exception:
        return float("nan")


def run_all(nb, folder: Path, timeout: int = 120) -> tuple:
    """(wall seconds, kernel CPU seconds, cells that raised) of executing every cell of `nb`."""
    from nbclient import NotebookClient

    from autograder.pipeline.notebook_limits import poll_in_slices
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # the inline backend, as in JupyterLab
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            shutdown_kernel="immediate", resources={"metadata": {"path": str(folder)}})
    with client.setup_kernel(env=env, stderr=subprocess.DEVNULL):  # the kernel's start-up warnings
        # pyzmq's asyncio sockets sometimes miss a wake-up: without this a cell can wait for
        # its whole timeout (see autograder/pipeline/notebook_limits.py).
        poll_in_slices(client.kc.shell_channel)
        poll_in_slices(client.kc.iopub_channel)
        client.wait_for_reply(client.kc.kernel_info())
        before = _kernel_cpu(client)
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        wall = time.perf_counter() - start
        cpu = _kernel_cpu(client) - before
    errors = [i for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.get("output_type") == "error"]
    return wall, cpu, errors


def hidden_checks(names: list, expected_dir: Path) -> tuple:
    """(wall, CPU) seconds of check_exercise over `names` with the reference, in a fresh process."""
    env = dict(os.environ, COURSE_EXPECTED_DIR=str(expected_dir), OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    out = subprocess.run([PYTHON, "-c", CHECKS_SCRIPT, *names], cwd=REPO_ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    took = json.loads(out.strip().splitlines()[-1])
    return sum(w for w, _ in took.values()), sum(c for _, c in took.values())


def _measure(source, release: Path, expected: Path, repeats: int) -> list:
    """The two rows of one notebook."""
    import nbformat

    from autograder.exercises import get_exercise
    from autograder.exercises.reference import write_expected
    from .synthetic_class import _test_helpers
    answered = _test_helpers()[0]
    label = f"{source.assignment}/{source.stem}.ipynb"
    names = source.exercises()
    try:
        start = time.perf_counter()
        write_expected([get_exercise(n) for n in names], expected)
        once = time.perf_counter() - start
        released = nbformat.read(release / source.assignment / f"{source.stem}.ipynb", as_version=4)
        walls, cpus, checks, check_cpus, errors = [], [], [], [], []
        for _ in range(repeats):
            nb = answered(released, {n: "reference" for n in names})
            wall, cpu, errors = run_all(nb, release / source.assignment)
            walls.append(wall)
            cpus.append(cpu)
            wall, cpu = hidden_checks(names, expected)
            checks.append(wall)
            check_cpus.append(cpu)
    except Exception as exc:
        return [Row("notebooks", f"Run All: {label}", f"failed: {type(exc).__name__}: {exc}"[:150],
                    f"<= {RUN_ALL_TARGET:g} s", "MISSED"),
                Row("notebooks", f"hidden checks: {label}", "failed (see above)", f"<= {CHECKS_TARGET:g} s",
                    "MISSED")]
    note = f"; cells {errors} raised" if errors else ""
    return [Row("notebooks", f"Run All: {label}, reference answers",
                f"{seconds(median(walls))} (kernel CPU {seconds(median(cpus))}){note}",
                f"<= {RUN_ALL_TARGET:g} s", check(median(walls) <= RUN_ALL_TARGET and not errors)),
            Row("notebooks", f"hidden checks: {label}, {len(names)} exercises",
                f"{seconds(median(checks))} (CPU {seconds(median(check_cpus))}); "
                f"expected outcomes, once per class: {seconds(once)}",
                f"<= {CHECKS_TARGET:g} s", check(median(checks) <= CHECKS_TARGET))]


def run(repeats: int = 3, parallel: int = 1) -> list:
    """Rows for every source notebook; `parallel` > 1 runs notebooks side by side (--quick only:
    the machine is then shared, so the times are not the notebooks' own)."""
    from concurrent.futures import ThreadPoolExecutor

    from autograder.course import source_notebooks
    from autograder.authoring.release import build_release
    notebooks = source_notebooks()
    with tempfile.TemporaryDirectory(prefix="course-bench-notebooks-") as tmp:
        tmp = Path(tmp)
        release = tmp / "release"
        build_release(release, sorted({nb.assignment for nb in notebooks}))
        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            measured = pool.map(lambda nb: _measure(nb, release, tmp / "expected" / nb.stem, repeats), notebooks)
            return [row for rows in measured for row in rows]
