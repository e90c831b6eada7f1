"""Attacks on the grading pipeline that work on the current code (each test fails until it is fixed).

Sixth round, by a student who read autograder/ and README "Grading guarantees", aimed at round
five's fixes: the course's own `nbgrader collect` (its copy, its checks and its time stamps), the
relay, the codec, the bounded descriptions and the printable text. Each test names the attack,
says what it does and what the grader should do instead; each is marked xfail(strict=True) until
the lead fixes it (then the mark goes).
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT
from test_attacks_found_5 import ASSIGNMENT, STEM, _collect, _inbound


def _nest(folder: Path, depth: int, name: str = "a") -> None:
    """`depth` folders, each in the last, under `folder` (made relative to each other, as `mkdir`
    in a loop does: no path is ever long)."""
    here = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=here)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=here)
            os.close(here)
            here = inner
    finally:
        os.close(here)


@pytest.mark.xfail(strict=True, reason="os.walk (recursive in Python 3.11) raises RecursionError in "
                                       "_path_to_record, which the course's collect does not catch")
def test_a_deeply_nested_folder_in_the_exchange_stops_the_collect_of_the_class(tmp_path):
    """(stops the class) Round 5's collect refuses a submission whose name, id, files, size or
    owner are wrong and carries on with the class whatever one copy raises; but the checks in
    `_path_to_record` (`student_folder_problem` -> intake.folder_problem, then size_problem and
    last_change) walk the student's folder with os.walk, which in Python 3.11 (this machine's
    3.11.7) recurses once per level (made iterative only in 3.12, gh-89727). A student makes
    1100 nested folders in her own inbound folder (`for i in $(seq 1100); do mkdir a; cd a;
    done`: 2.2 KB of path, under PATH_MAX): os.walk raises RecursionError, which
    `_path_to_record` does not catch (its try covers only nbgrader's parse of the name), and
    `nbgrader collect` stops with a traceback before it copies anyone, on every run, until she
    removes the folder (the sticky bit leaves it to her). The same folder in submitted/ would stop
    every nbgrader command of the course folder (refuse_unsafe_submissions runs when nbgrader
    loads the configuration). The checks should walk without recursion (or catch
    RecursionError/OSError per submission and refuse it), and `_path_to_record` should refuse a
    submission on any exception of its checks, never stop the class."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    folders = {student: _inbound(exchange, f"{student}+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+{student}1", released)
               for student in ("aaron", "ben", "zoe")}
    _nest(folders["aaron"], 1100)
    done = _collect(root, exchange)
    missing = [s for s in ("ben", "zoe") if not (root / "submitted" / s / ASSIGNMENT / f"{STEM}.ipynb").exists()]
    assert done.returncode == 0 and not missing, f"not collected: {missing}; {done.stderr[-300:]}"


COLLECT_WITH_A_CHURN = """
import os, sys, types
from pathlib import Path
from nbgrader.apps import CollectApp
from autograder.pipeline import course_collect

root, exchange = map(Path, sys.argv[1:3])

def walk_with_a_churn(top, *args, **kwargs):
    # mallory's loop (`while :; do touch churn; rm churn; done` in her own inbound folder), at the
    # moment it matters: after a folder is listed, before its entries are looked at.
    for parent, dirs, files in os.walk(top, *args, **kwargs):
        if "churn" in files and "mallory" in parent:
            os.unlink(os.path.join(parent, "churn"))
        yield parent, dirs, files

course_collect.os = types.SimpleNamespace(**{{**vars(os), "walk": walk_with_a_churn}})
app = CollectApp()
app.initialize(["{assignment}", f"--Exchange.root={{exchange}}", f"--CourseDirectory.root={{root}}",
                "--CourseDirectory.course_id={course}", "--CourseCollect.owner_must_be_student=False",
                "--ExchangeFactory.collect=autograder.pipeline.course_collect.CourseCollect"])
app.start()
""".format(assignment=ASSIGNMENT, course="convolution-course")


@pytest.mark.xfail(strict=True, reason="size_problem/last_change lstat what os.walk listed, uncaught in _path_to_record")
def test_a_file_removed_while_the_collect_checks_it_stops_the_collect_of_the_class(tmp_path):
    """(stops the class) `_path_to_record` checks each submission three times over: intake's
    folder_problem (whose entry_problem turns any OSError into a refusal), then `size_problem`
    and `last_change`, which list the folder with os.walk and then os.lstat each name, and raise
    whatever lstat raises. The folder is the student's own while collect runs: a loop that makes
    and removes a file (`while :; do touch churn; rm churn; done`, or a few thousand files at a
    time to widen the window) has its file listed and gone before its lstat, and
    FileNotFoundError escapes `_path_to_record` (only nbgrader's parse of the name is in its
    try): `nbgrader collect` stops with a traceback before it copies anyone, for as long as the
    loop runs. Here the removal lands at that moment, as the loop's would. The checks should
    refuse the submission on any error (or skip a name that is gone), and `_path_to_record`
    should never let one submission's check stop the class."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    for student in ("aaron", "mallory", "zoe"):
        folder = _inbound(exchange, f"{student}+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+{student}1", released)
    (folder.parent / f"mallory+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+mallory1" / "churn").write_text("")
    done = subprocess.run([sys.executable, "-c", COLLECT_WITH_A_CHURN, str(root), str(exchange)], cwd=root,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
    missing = [s for s in ("aaron", "zoe") if not (root / "submitted" / s / ASSIGNMENT / f"{STEM}.ipynb").exists()]
    assert done.returncode == 0 and not missing, f"not collected: {missing}; {done.stderr[-300:]}"
