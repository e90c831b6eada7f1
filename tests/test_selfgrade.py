"""`python -m autograder grade NOTEBOOK`: a learner's own check, with the class grader's rules."""
import json
import subprocess
import sys

import pytest

from autograder.course import REPO_ROOT, source_notebooks

PART1 = next(nb for nb in source_notebooks() if nb.assignment == "part1_subimages")


def grade(*args):
    return subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, args)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def released_part1(tmp_path_factory):
    from autograder.authoring.release import build_release
    out = tmp_path_factory.mktemp("release")
    build_release(out, [PART1.assignment])
    return out / PART1.assignment / f"{PART1.stem}.ipynb"


def test_reference_filled_notebook_gets_full_marks_as_json(tmp_path):
    copy = tmp_path / PART1.path.name
    copy.write_bytes(PART1.path.read_bytes())
    run = grade(copy, "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert {e["exercise"] for e in report["exercises"]} == {f"test_{n}" for n in PART1.exercises()}
    assert all(e["score"] == e["max_score"] > 0 for e in report["exercises"])
    assert report["flags"] == []


def test_unanswered_notebook_prints_a_table_and_fails(released_part1, tmp_path):
    feedback = tmp_path / "feedback"
    run = grade(released_part1, "--feedback", feedback)
    assert run.returncode == 1
    assert "test_get_subimages" in run.stdout and "0/3" in run.stdout
    assert "not answered" in run.stdout
    assert list(feedback.glob("*.html")), "--feedback writes the HTML page"


def test_a_file_that_is_not_a_course_notebook_is_refused(tmp_path):
    stray = tmp_path / "shopping.ipynb"
    stray.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    run = grade(stray)
    assert run.returncode == 2 and "not a notebook of this course" in run.stderr
    assert grade(tmp_path / "missing.ipynb").returncode == 2


def test_grading_never_changes_the_learners_file(released_part1):
    before = released_part1.read_bytes()
    grade(released_part1)
    assert released_part1.read_bytes() == before


def test_the_course_folder_cache_is_its_owners_only_and_built_once(tmp_path, monkeypatch):
    """The cache `grade` and the class runner copy holds source/ (the reference solutions) and a
    gradebook: on a shared server other users must not read it, as a course folder (0700)."""
    from autograder.pipeline.workspace import course_cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = course_cache(["part1_subimages"])
    assert (folder / "source" / "part1_subimages" / f"{PART1.stem}.ipynb").exists()
    assert (folder / "gradebook.db").exists()
    assert folder.stat().st_mode & 0o077 == 0, oct(folder.stat().st_mode)
    built = (folder / "gradebook.db").stat().st_mtime_ns
    assert course_cache(["part1_subimages"]) == folder
    assert (folder / "gradebook.db").stat().st_mtime_ns == built  # reused, not rebuilt


def test_partial_credit_shows_in_the_table_and_the_feedback_page(released_part1, tmp_path):
    """get_subimages right on every valid input but with no argument checks earns its values and
    conventions (2.25 of 3), not the bad-arguments share: the table prints the fraction and the
    feedback page says which share was not earned."""
    import nbformat
    from autograder.authoring.sync import solution_cell_source
    from classroom import answered
    source = solution_cell_source("get_subimages")
    lines = source.splitlines()
    # The reference without its three argument checks (the `if … raise ValueError` pairs).
    unchecked = "\n".join(line for i, line in enumerate(lines)
                          if not (line.strip().startswith("if ") and "raise ValueError" in lines[i + 1])
                          and not line.strip().startswith(("raise ValueError", 'f"{image_h}')))
    assert "raise ValueError" not in unchecked
    notebook = tmp_path / PART1.path.name
    nbformat.write(answered(nbformat.read(released_part1, as_version=4),
                            {"conv_output_shape": "reference", "SUBIMAGE_OPTION": "reference",
                             "get_subimages": unchecked}), notebook)
    feedback = tmp_path / "feedback"
    run = grade(notebook, "--feedback", feedback, "--seed", "3")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "test_get_subimages      2.25/3" in run.stdout, run.stdout
    page = next(feedback.glob("*.html")).read_text()
    assert "Points: " in page and "bad arguments rejected with ValueError: not earned" in page


def _processes_mentioning(text: str) -> list:
    import os
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if text.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def test_grade_ends_with_its_output_whole_and_nothing_left_behind(released_part1, tmp_path):
    """`grade` leaves without tearing the interpreter down (cli.run_and_exit): its table must
    still reach a pipe whole, and its kernels, their relays and cgroups, and its temporary
    folders must be gone when it has exited."""
    import glob
    import os
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    run = subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(released_part1)],
                           cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "TMPDIR": str(scratch)})
    out, err = run.communicate(timeout=600)
    assert run.returncode == 1, err
    assert out.rstrip().splitlines()[-1].startswith("note:") or "total" in out, out
    assert "test_get_subimages" in out and "0/3" in out
    assert list(scratch.iterdir()) == []
    assert _processes_mentioning(str(scratch)) == []
    assert glob.glob(f"/sys/fs/cgroup/**/course-jail-*-{run.pid}-*", recursive=True) == []
