"""The instructor's course folder: one grading path, whose final scores live in nbgrader's gradebook.

Two course folders with the same class secret grade the same Part 1 class, one with
`python -m autograder autograde --course`, one with plain `nbgrader autograde` run in the
folder: the gradebooks hold identical scores, partial credit included, and the flags are the
automatic comments formgrader shows. A teacher's manual score survives grading other students,
and `nbgrader export` shows it.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.course import REPO_ROOT, source_notebooks
from autograder.pipeline.exports import exercise_rows
from autograder.isolation import jail
from classroom import CLASS_SECRET, answered, earned, read_grades

pytestmark = pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}")
PART1 = next(nb for nb in source_notebooks() if nb.assignment == "part1_subimages")
ASSIGNMENT, STEM = PART1.assignment, PART1.stem
NO_ARGUMENT_CHECKS = ("def get_subimages(im, kernel):\n"
                      "    im = np.asarray(im, dtype=np.float64)\n"
                      "    kh, kw = np.shape(kernel)\n"
                      "    return {(x, y): im[x:x + kh, y:y + kw].copy() for x in range(im.shape[0] - kh + 1)\n"
                      "            for y in range(im.shape[1] - kw + 1)}\n")
SHORTCUT = ("def get_subimages(im, kernel):\n"
            "    im = np.asarray(im, dtype=np.float64)\n"
            "    kh, kw = np.shape(kernel)\n"
            "    windows = np.lib.stride_tricks.sliding_window_view(im, (kh, kw))\n"
            "    return {(x, y): windows[x, y].copy() for x in range(windows.shape[0])\n"
            "            for y in range(windows.shape[1])}\n")
ANSWERS = {
    "alice": {"conv_output_shape": "reference", "SUBIMAGE_OPTION": "reference", "get_subimages": "reference"},
    "bob": {"conv_output_shape": "reference", "get_subimages": NO_ARGUMENT_CHECKS},
    "carol": {},
    "dave": {"get_subimages": SHORTCUT},
}


def run(args, cwd=REPO_ROOT, check=True):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check:
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done


def submit_to(course: Path, student: str, answers: dict) -> None:
    """What nbgrader's exchange leaves in submitted/: the released folder with the answered notebook."""
    folder = course / "submitted" / student / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, folder)
    released = nbformat.read(folder / f"{STEM}.ipynb", as_version=4)
    nbformat.write(answered(released, answers), folder / f"{STEM}.ipynb")


def scores(course: Path) -> dict:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {(s, e): (score, top) for s, _, _, e, score, top in exercise_rows(gradebook)}


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("courses")
    cli, plain = tmp / "cli", tmp / "plain"
    for course in (cli, plain):
        course.mkdir()
        (course / "class-secret").write_bytes(CLASS_SECRET)
        run([sys.executable, "-m", "autograder", "course", "init", str(course)])
        for student, answers in ANSWERS.items():
            submit_to(course, student, answers)
    run([sys.executable, "-m", "autograder", "autograde", "--course", str(cli), "--jobs", "2"])
    run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], cwd=plain)
    return cli, plain


def test_init_makes_a_standard_nbgrader_course(courses):
    cli, _ = courses
    for path in ("source/part1_subimages/part1_subimages.ipynb", "release/part1_subimages/part1_subimages.ipynb",
                 "release/part1_subimages/coursekit", "gradebook.db", "nbgrader_config.py", "class-secret"):
        assert (cli / path).exists(), path
    assert (cli / "class-secret").stat().st_mode & 0o077 == 0, "only its owner may read the class secret"
    release = (cli / "release" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" not in release and "BEGIN SOLUTION" not in release


def test_the_cli_and_plain_nbgrader_store_identical_final_scores(courses):
    cli, plain = courses
    expected = {(student, f"test_{name}"): (points, float(_points()[name]))
                for student, answers in ANSWERS.items() for name, points in earned(PART1, answers).items()}
    assert scores(cli) == expected
    assert scores(plain) == expected
    assert read_grades(cli) == expected, "grades.csv is exported from the gradebook"


def test_partial_credit_is_in_the_gradebook(courses):
    cli, _ = courses
    assert scores(cli)[("bob", "test_get_subimages")] == (2.25, 3.0)


def test_flags_are_comments_formgrader_shows(courses):
    cli, plain = courses
    for course in (cli, plain):
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
            comment = gradebook.find_comment("get_subimages", STEM, ASSIGNMENT, "dave")
            assert "sliding_window_view" in (comment.auto_comment or ""), course
            assert not gradebook.find_comment("get_subimages", STEM, ASSIGNMENT, "alice").auto_comment
            # A flagged exercise waits for a person in formgrader; an unflagged one does not.
            assert gradebook.find_grade("test_get_subimages", STEM, ASSIGNMENT, "dave").needs_manual_grade
            assert not gradebook.find_grade("test_get_subimages", STEM, ASSIGNMENT, "alice").needs_manual_grade


def test_a_manual_score_survives_grading_other_students_and_export_shows_it(courses, tmp_path):
    cli, _ = courses
    with Gradebook(f"sqlite:///{cli / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade("test_conv_output_shape", STEM, ASSIGNMENT, "alice")
        grade.manual_score = 1.5
        gradebook.db.commit()
    submit_to(cli, "erin", {"conv_output_shape": "reference"})
    run([sys.executable, "-m", "autograder", "autograde", "--course", str(cli), "--jobs", "2"])
    assert scores(cli)[("alice", "test_conv_output_shape")] == (1.5, 2.0)
    assert scores(cli)[("erin", "test_conv_output_shape")] == (2.0, 2.0)
    export = tmp_path / "export.csv"
    run([sys.executable, "-m", "nbgrader", "export", "--exporter=autograder.pipeline.exports.ExerciseGradesExport",
         f"--to={export}"], cwd=cli)
    rows = export.read_text().splitlines()
    assert "alice,part1_subimages,part1_subimages,test_conv_output_shape,1.5,2" in rows


def _points() -> dict:
    return {c.metadata["nbgrader"]["grade_id"][len("test_"):]: c.metadata["nbgrader"]["points"]
            for c in PART1.read().cells if c.metadata.get("nbgrader", {}).get("grade")}


def test_collect_writes_the_time_it_took_not_the_students_timestamp_file(tmp_path):
    """The collected timestamp.txt (autograde's time for late penalties) is the time collect
    took the submission as of, not the one the student wrote inside her folder."""
    from datetime import datetime, timezone
    from nbgrader.utils import parse_utc
    from test_attacks_found_5 import _collect, _inbound
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    folder = _inbound(exchange, f"erin+{ASSIGNMENT}+{now}+e1", (PART1.path).read_text())
    (folder / "timestamp.txt").write_text("2020-01-01 00:00:00.000000 UTC")
    done = _collect(root, exchange)
    stamp = root / "submitted" / "erin" / ASSIGNMENT / "timestamp.txt"
    assert stamp.exists(), done.stderr[-2000:]
    assert parse_utc(stamp.read_text().strip()) == parse_utc(now)


def test_the_collects_copy_refuses_a_link_or_pipe_anywhere_and_a_folder_past_its_budget(tmp_path):
    """The course collect's copy opens each entry without following links: a link or a pipe
    anywhere in the folder is refused, never read; and it copies at most the bytes it is given
    (each entry counting a block, ENTRY_BYTES)."""
    from autograder.pipeline.course_collect import ENTRY_BYTES, Refused, copy_plain_tree
    no_ignore = lambda directory, names: []  # noqa: E731
    src = tmp_path / "inbound" / "erin"
    (src / "data").mkdir(parents=True)
    (src / "notes.txt").write_text("mine")
    (src / "data" / "image.npy").write_bytes(b"\x93NUMPY")
    enough = 3 * ENTRY_BYTES + 10  # data/, notes.txt, data/image.npy: 4 + 6 bytes
    copy_plain_tree(src, tmp_path / "copy", no_ignore, enough)
    assert (tmp_path / "copy" / "data" / "image.npy").read_bytes() == b"\x93NUMPY"
    with pytest.raises(Refused, match="bytes|grew"):
        copy_plain_tree(src, tmp_path / "small", no_ignore, enough - 1)
    for make in (lambda p: p.symlink_to(src / "notes.txt"), os.mkfifo):
        target = src / "data" / "odd"
        make(target)
        with pytest.raises(Refused, match="odd"):
            copy_plain_tree(src, tmp_path / "refused", no_ignore, enough + ENTRY_BYTES)
        target.unlink()
        shutil.rmtree(tmp_path / "refused")
