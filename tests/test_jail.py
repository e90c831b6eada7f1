"""The jail that runs student code: what it can see and do, and what comes back from it.

Each test is an attack by a student who read autograder/ (issue 13), run against the jailed
answer checker directly (no nbgrader), so it is quick. The class-level attacks are in
tests/test_adversarial_class.py.
"""
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder.isolation import codec
from autograder.exercises.checks import run_checks
from autograder.course import REPO_ROOT, source_notebooks
from autograder.isolation import jail
from autograder.isolation.sandbox import Limits, run_solution_cells
from autograder.exercises.spec import Case
from autograder.pipeline.verify import verify_notebook

pytestmark = pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}")
SECRET = b"a class secret for the tests"
PART7 = next(nb for nb in source_notebooks() if nb.assignment.startswith("part7"))


def probe(source: str, limits: Limits = Limits(seconds_per_step=20)):
    """Run `source` as a solution cell defining `probe()`, and return what probe() returned."""
    run = run_solution_cells([("c", source)], [("probe", "function")], {"probe": [Case()]}, limits)
    assert "probe" in run.outcomes, (run.failures, run.cell_errors)
    [outcome] = run.outcomes["probe"]
    assert outcome.error is None, outcome.error
    return outcome.value


def test_the_grader_state_is_absent_not_forbidden():
    seen = probe("import os, glob\n"
                 "def probe():\n"
                 f"    return (sorted(os.listdir('/')), os.path.exists({str(REPO_ROOT / 'solutions')!r}),\n"
                 f"            os.path.exists({str(REPO_ROOT)!r} + '/autograder/exercises/reference.py'),\n"
                 "            glob.glob('/tmp/**', recursive=True),\n"
                 "            sorted(os.listdir('/opt/course-grader/autograder')),\n"
                 "            sorted(os.listdir('/opt/course-grader/autograder/exercises')),\n"
                 "            sorted(os.listdir('/submission')))\n")
    top, has_solutions, has_reference, tmp, grader, exercises, submission = seen
    assert not has_solutions and not has_reference
    assert tmp == ["/tmp/"] or all(p.startswith("/tmp/") for p in tmp) and not any("expected" in p for p in tmp)
    assert "reference.py" not in grader and "checks.py" not in grader
    # What a case is and how it is called; no cases, no catalogue of mistakes, no reference.
    assert exercises == ["runner.py", "spec.py"]
    # Only the system's own folders and the ones the interpreter and its packages live in (a
    # checkout at /check/... puts its venv there, and only the venv is mounted).
    interpreter_tops = {Path(p).parts[1] for p in jail.python_paths()}
    assert set(top) <= {"usr", "bin", "lib", "lib64", "proc", "dev", "tmp", "etc", "opt", "submission"} | interpreter_tops
    # The course's public release files, as the notebook's kernel has them; nothing else.
    assert submission == ["coursekit", "data"]


def test_nothing_of_the_machine_is_writable_and_there_is_no_network():
    found = probe("import os, site, socket\n"
                  "def probe():\n"
                  "    wrote = []\n"
                  "    for d in site.getsitepackages() + ['/usr/lib', '/etc', '/opt/course-grader/autograder']:\n"
                  "        try:\n"
                  "            open(os.path.join(d, 'x.pth'), 'w').write('x'); wrote.append(d)\n"
                  "        except OSError:\n"
                  "            pass\n"
                  "    try:\n"
                  "        socket.create_connection(('127.0.0.1', 22), timeout=2); net = True\n"
                  "    except OSError:\n"
                  "        net = False\n"
                  "    return wrote, net, os.getuid() != 0 or not os.path.exists('/proc/1/root/etc/shadow')\n")
    assert found == ([], False, True)


def test_a_fork_bomb_is_held_by_the_process_limit():
    run = run_solution_cells([("c", "import os\ndef probe():\n    n = 0\n    try:\n        while True:\n"
                                    "            if os.fork() == 0:\n                import time; time.sleep(60)\n"
                                    "            n += 1\n    except OSError:\n        return n\n")],
                             [("probe", "function")], {"probe": [Case()]}, Limits(seconds_per_step=20))
    [outcome] = run.outcomes["probe"]
    assert outcome.value < Limits().processes


def _fast_answer(body: str):
    nb = PART7.read()
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "im_conv_fast":
            cell.source = body
    return verify_notebook(nb, ["im_conv_fast"], given=PART7.given_cells(), secret=SECRET)["im_conv_fast"]


LOOP = ("def im_conv_fast(im, kernel):\n"
        "    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)\n"
        "    if im.ndim != 2 or kernel.ndim != 2 or kernel.shape[0] > im.shape[0] or kernel.shape[1] > im.shape[1]:\n"
        "        raise ValueError('shapes')\n"
        "    kh, kw = kernel.shape\n"
        "    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))\n"
        "    for x in range(out.shape[0]):\n"
        "        for y in range(out.shape[1]):\n"
        "            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)\n"
        "    return out\n")


def test_a_loop_that_stops_the_students_clocks_is_still_too_slow():
    clock_patch = ("import time\n_real = time.perf_counter\n"
                   "time.perf_counter = time.monotonic = time.time = lambda: 0.0\n")
    report = _fast_answer(clock_patch + LOOP)
    assert not report.passed and "too slow" in report.message


def test_work_a_thread_finishes_after_the_call_returns_does_not_count():
    deferred = LOOP.replace("def im_conv_fast", "def _loop") + (
        "import threading\n"
        "def im_conv_fast(im, kernel):\n"
        "    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)\n"
        "    _loop(im[:kernel.shape[0], :kernel.shape[-1]], kernel)  # the argument checks, at once\n"
        "    out = np.zeros((im.shape[0] - kernel.shape[0] + 1, im.shape[1] - kernel.shape[1] + 1))\n"
        "    threading.Thread(target=lambda: out.__setitem__(Ellipsis, _loop(im, kernel))).start()\n"
        "    return out\n")
    report = _fast_answer(deferred)
    # The small cases may finish before the call returns; the timed one cannot.
    assert not report.passed and "differs" in report.message


def test_the_reference_fast_version_passes_in_the_jail():
    assert _fast_answer(PART7.read().cells[[c.metadata.get("nbgrader", {}).get("grade_id")
                                            for c in PART7.read().cells].index("im_conv_fast")].source).passed


def test_a_table_of_the_public_cases_passes_them_but_not_a_class():
    from test_adversarial_class import _lookup_table_answer
    namespace = {}
    exec(_lookup_table_answer(), namespace)
    assert run_checks(namespace["conv_output_shape"], "conv_output_shape").passed  # the attack is real
    part1 = next(nb for nb in source_notebooks() if nb.assignment.startswith("part1"))
    nb = part1.read()
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "conv_output_shape":
            cell.source = _lookup_table_answer()
    assert not verify_notebook(nb, ["conv_output_shape"], secret=SECRET)["conv_output_shape"].passed


def test_decoding_is_bounded_before_anything_is_allocated():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("__tree__.npy", b"0" * 50_000_000)
    with pytest.raises(ValueError, match="compressed"):
        codec.loads(bomb.getvalue())
    with pytest.raises(ValueError, match="bytes"):
        codec.loads(codec.dumps(np.zeros(1000)), max_bytes=100)
    deep = [1]
    for _ in range(200):
        deep = [deep]
    with pytest.raises(ValueError):
        codec.loads(codec.dumps(deep))


def test_autograde_refuses_a_class_without_a_jail_and_grade_says_it_is_not_isolated(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}  # no bwrap on the PATH
    (tmp_path / "submissions").mkdir()
    run = subprocess.run([sys.executable, "-m", "autograder", "autograde", str(tmp_path / "submissions"),
                          "--out", str(tmp_path / "out")], cwd=REPO_ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 2 and "no jail" in run.stderr and "--no-isolation" in run.stderr


def test_the_whole_jail_dies_with_its_work():
    from autograder.isolation.sandbox import CheckerJail
    mark = "619.247"
    box = CheckerJail(Limits(seconds_per_step=20))
    box.request({"op": "exec", "source": (
        "import ctypes, os\nlibc = ctypes.CDLL(None)\n"
        "if libc.fork() == 0:\n    os.setsid()\n"
        f"    libc.execv(b'/usr/bin/sleep', (ctypes.c_char_p * 3)(b'sleep', b'{mark}', None))\n")}, 20)

    def running():
        return mark in subprocess.run(["ps", "-eo", "args="], capture_output=True, text=True).stdout
    import time
    deadline = time.monotonic() + 10
    while not running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running(), "the attack must really start a process that outlives its parent's interest"
    box.close()
    deadline = time.monotonic() + 10
    while running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running()


def test_grade_without_a_jail_still_grades_and_says_it_is_not_isolated(tmp_path):
    part1 = next(nb for nb in source_notebooks() if nb.assignment.startswith("part1"))
    copy = tmp_path / part1.path.name
    copy.write_bytes(part1.path.read_bytes())
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{tmp_path}"}  # no bwrap
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(copy), "--json", "--seed", "7"],
                         cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert "not isolated" in run.stderr
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    import json
    report = json.loads(run.stdout)
    assert report["isolated"] is False and report["seed"] == 7
    assert all(e["score"] == e["max_score"] for e in report["exercises"])


def test_a_grading_process_killed_as_its_kernel_starts_leaves_no_jail_behind(tmp_path):
    """A worker killed while its next kernel's launcher was still starting (the class runner
    kills workers that overrun, and stopped them all at the end of a class) left that kernel's
    jail to init: bwrap's --die-with-parent watched init, so the jail ran for ever (seen: six
    idle jailed kernels an hour after their classes). The launcher now dies with the grader."""
    script = ("import time\nfrom pathlib import Path\n"
              "from autograder.pipeline.kernels import start_first_kernel\n"
              "from autograder.pipeline.limits import GradingLimits\n"
              f"start_first_kernel(Path({str(tmp_path / 'course')!r}), Path({str(tmp_path / 'kernels')!r}),"
              " GradingLimits(), True)\n"
              "print('started', flush=True)\ntime.sleep(120)\n")
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        assert worker.stdout.readline().strip() == "started"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # as the launcher starts
        worker.wait()

    def jailed() -> list:
        ps = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout
        return [line for line in ps.splitlines() if str(tmp_path / "kernels") in line and "bwrap" in line]

    time.sleep(5)  # long enough for a launcher that survived to become bwrap
    jail.remove_stale_cgroups()
    deadline = time.monotonic() + 10
    while jailed() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not jailed()
