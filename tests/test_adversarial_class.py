"""Untrusted notebooks, graded as one class: cheats score 0 and are flagged, crashes cost only
their own exercise or notebook, honest students keep their exact scores, and nothing under
SUBMISSIONS changes.

Each case is a Part 1 submission built from the released notebook. The expected
scores are exact; `flagged` lists words every flag set of that student must contain.
"""
import json
import subprocess
import sys

import nbformat
import pytest

from autograder.course import REPO_ROOT, source_notebooks
from autograder.release import build_release
from classroom import answered, read_flags, read_grades, submit, tree_digest

PART1 = next(nb for nb in source_notebooks() if nb.assignment == "part1_subimages")
ASSIGNMENT, STEM = PART1.assignment, PART1.stem
NAMES = ["conv_output_shape", "SUBIMAGE_OPTION", "get_subimages"]
POINTS = {"conv_output_shape": 2.0, "SUBIMAGE_OPTION": 1.0, "get_subimages": 3.0}
FULL = dict(POINTS)
ZERO = {n: 0.0 for n in NAMES}
REFERENCE = {n: "reference" for n in NAMES}

# Wrong answers that pass the visible tests: only a tampered hidden test would let them through.
VISIBLE_ONLY = {
    "conv_output_shape": (
        "def conv_output_shape(image_shape, kernel_shape, mode='valid'):\n"
        "    known = {((4, 4), (3, 3), 'valid'): (2, 2), ((4, 4), (3, 3), 'same'): (4, 4),\n"
        "             ((4, 4), (3, 3), 'full'): (6, 6), ((5, 7), (2, 3), 'valid'): (4, 5)}\n"
        "    if mode not in ('full', 'same', 'valid'):\n"
        "        raise ValueError(mode)\n"
        "    return known.get((tuple(image_shape), tuple(kernel_shape), mode), (0, 0))\n"),
    "SUBIMAGE_OPTION": "SUBIMAGE_OPTION = 3\n",
    "get_subimages": (
        "def get_subimages(im, kernel):\n"
        "    im = np.asarray(im, dtype=np.float64)\n"
        "    kh, kw = np.shape(kernel)\n"
        "    return {(x, y): im[x:x + kh, y:y + kw].copy() for x in range(im.shape[0] - kh + 1)\n"
        "            for y in range(im.shape[1] - kw + 1)}\n"),
}


def _with_cell(nb, source, after_grade_id=None):
    """Insert a student code cell at the top, or after the cell with `after_grade_id`."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cell = nbformat.v4.new_code_cell(source)
    index = 0
    if after_grade_id:
        index = 1 + next(i for i, c in enumerate(nb.cells)
                         if c.metadata.get("nbgrader", {}).get("grade_id") == after_grade_id)
    nb.cells.insert(index, cell)
    return nb


def _drop(nb, grade_ids):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in grade_ids]
    return nb


def build_corpus(released, submissions):
    """Write every case; returns {student: (expected scores, words the flags must contain)}."""
    cases = {}

    def add(student, content, scores, flagged=(), filename=f"{STEM}.ipynb", extra=None):
        submit(submissions, student, ASSIGNMENT, filename, content)
        for name, data in (extra or {}).items():
            submit(submissions, student, ASSIGNMENT, name, data)
        cases[student] = (scores, flagged)

    honest = answered(released, REFERENCE)
    add("honest-a", honest, FULL)
    add("honest-b", answered(released, {"conv_output_shape": "reference"}),
        {**ZERO, "conv_output_shape": 2.0})
    tamper = ("get_ipython().input_transformers_cleanup.append(\n"
              "    lambda lines: [] if any('check_exercise' in l or 'assert' in l for l in lines) else lines)\n")
    add("cheat-input-transformers", _with_cell(answered(released, VISIBLE_ONLY), tamper), ZERO,
        ["rewrites how IPython runs cells", "passed in the notebook but failed"])
    gradebook = ("import glob, sqlite3\n"
                 "for path in glob.glob('/tmp/**/gradebook.db', recursive=True):\n"
                 "    print(sqlite3.connect(path).execute('select source from source_cell').fetchall())\n")
    add("cheat-read-gradebook", _with_cell(answered(released, VISIBLE_ONLY), gradebook), ZERO,
        ["reaches for the gradebook", "blocked"])
    add("cheat-import-reference", answered(released, {
        "conv_output_shape": "def conv_output_shape(image_shape, kernel_shape, mode='valid'):\n"
                             "    import solutions\n"
                             "    return solutions.conv_output_shape(image_shape, kernel_shape, mode)\n"}),
        ZERO, ["uses the grader or the reference", "blocked"])
    add("cheat-read-reference-file", _with_cell(answered(released, VISIBLE_ONLY),
        f"print(open({str(REPO_ROOT / 'solutions' / 'subimages.py')!r}).read())"), ZERO, ["blocked"])
    add("cheat-monkeypatch-numpy", _with_cell(answered(released, VISIBLE_ONLY),
        "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
        "np.isclose = lambda a, b, **k: np.ones(np.shape(a), dtype=bool)\n"), ZERO,
        ["changes numpy"])
    add("cheat-monkeypatch-checker", _with_cell(answered(released, VISIBLE_ONLY),
        "import autograder, autograder.checks\n"
        "autograder.check_exercise = autograder.checks.check_exercise = lambda fn, name: None\n"), ZERO,
        ["uses the grader", "passed in the notebook but failed"])
    add("cheat-monkeypatch-assert", _with_cell(answered(released, VISIBLE_ONLY),
        "import builtins\nbuiltins.AssertionError = type('Quiet', (Exception,), {})\n"), ZERO,
        ["changes numpy, builtins"])
    add("cheat-subprocess", _with_cell(answered(released, VISIBLE_ONLY),
        "import subprocess\nprint(subprocess.run(['sh', '-c', 'cat /tmp/*/*/gradebook.db'],"
        " capture_output=True).stdout[:2000])\n"), ZERO, ["starts processes", "blocked"])
    submissions_glob = str(submissions / "**" / "*.ipynb")
    add("cheat-rewrite-submissions", _with_cell(answered(released, VISIBLE_ONLY),
        f"import glob\nfor p in glob.glob({submissions_glob!r}, recursive=True):\n"
        "    open(p, 'w').write('{}')\n"), ZERO, ["writes or deletes files"])
    add("hang-in-answer", answered(released, {**REFERENCE, "conv_output_shape":
        "def conv_output_shape(image_shape, kernel_shape, mode='valid'):\n    while True:\n        pass\n"}),
        {**FULL, "conv_output_shape": 0.0}, ["took longer than"])
    add("hang-in-free-cell", _with_cell(honest, "import time\nwhile True:\n    time.sleep(0.1)\n"), FULL)
    add("memory-bomb", answered(released, {**REFERENCE, "get_subimages":
        "def get_subimages(im, kernel):\n    hog = np.ones((200_000, 100_000))\n    return {}\n"}),
        {**FULL, "get_subimages": 0.0})
    add("memory-bomb-free-cell", _with_cell(honest, "hog = bytearray(200 * 1024 ** 3)\n"), FULL)
    add("os-exit-after-first-test", _with_cell(honest, "import os\nos._exit(0)\n", "test_conv_output_shape"),
        {**ZERO, "conv_output_shape": 2.0}, ["exits or kills", "failed in the notebook"])
    add("sys-exit-in-answer", answered(released, {**REFERENCE, "SUBIMAGE_OPTION":
        "import sys\nSUBIMAGE_OPTION = 2\nsys.exit(0)\n", "get_subimages": VISIBLE_ONLY["get_subimages"]}),
        {**FULL, "get_subimages": 0.0}, ["exits or kills"])
    add("huge-output", _with_cell(honest, "print('x' * 60_000_000)\n"), FULL)
    add("huge-output-in-answer", answered(released, {**REFERENCE, "get_subimages":
        "def get_subimages(im, kernel):\n    print('y' * 4_000_000)\n"
        + VISIBLE_ONLY["get_subimages"].split("\n", 1)[1]}),
        {**FULL, "get_subimages": 0.0}, ["printed more than"])
    add("corrupt-json", b'{"cells": [ this is not json', ZERO, ["not a valid notebook"])
    add("cells-deleted", _drop(honest, {"test_get_subimages", "SUBIMAGE_OPTION"}),
        {**FULL, "SUBIMAGE_OPTION": 0.0, "get_subimages": 0.0}, ["was deleted"])
    retyped = nbformat.from_dict(json.loads(json.dumps(honest)))
    for cell in retyped.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "conv_output_shape":
            cell.cell_type = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    add("cell-retyped", retyped, {**FULL, "conv_output_shape": 0.0}, ["changed to a markdown cell"])
    points = nbformat.from_dict(json.loads(json.dumps(honest)))
    for cell in points.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata["nbgrader"]["points"] = 100
    add("metadata-changed", points, FULL, ["metadata"])
    add("renamed-file", honest, FULL, ["in its place"], filename="my_part1.ipynb")
    add("missing-notebook", "just notes", ZERO, ["missing", "extra file"], filename="notes.txt")
    add("extra-file", honest, FULL, ["extra file"], extra={"helper.py": "x = 1\n"})
    return cases


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("adversarial")
    build_release(tmp / "release", [ASSIGNMENT])
    released = nbformat.read(tmp / "release" / ASSIGNMENT / f"{STEM}.ipynb", as_version=4)
    submissions = tmp / "submissions"
    cases = build_corpus(released, submissions)
    before = tree_digest(submissions)
    out = tmp / "out"
    run = subprocess.run([sys.executable, "-m", "autograder", "autograde", str(submissions), "--out", str(out),
                          "--jobs", "2", "--cell-seconds", "15", "--notebook-seconds", "60",
                          "--exercise-seconds", "5"], cwd=REPO_ROOT, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return submissions, out, cases, before


def test_the_corpus_has_at_least_fifteen_hostile_or_broken_cases(corpus):
    _, _, cases, _ = corpus
    assert len([s for s in cases if not s.startswith("honest")]) >= 15


def test_every_student_gets_exactly_the_expected_score(corpus):
    _, out, cases, _ = corpus
    grades = read_grades(out)
    wrong = {}
    for student, (scores, _) in cases.items():
        for name, score in scores.items():
            got = grades.get((student, f"test_{name}"))
            if got != (score, POINTS[name]):
                wrong[(student, name)] = (got, score)
    assert not wrong, wrong


def test_every_cheat_and_breakage_is_flagged_with_a_reason(corpus):
    _, out, cases, _ = corpus
    flags = read_flags(out)
    missing = {}
    for student, (_, words) in cases.items():
        reasons = " | ".join(r["reason"] for r in flags if r["student"] == student)
        absent = [w for w in words if w not in reasons]
        if absent:
            missing[student] = (absent, reasons[:500])
    assert not missing, missing


def test_honest_students_are_not_flagged(corpus):
    _, out, _, _ = corpus
    assert [r for r in read_flags(out) if r["student"].startswith("honest")] == []


def test_submissions_are_byte_identical_after_grading(corpus):
    submissions, _, _, before = corpus
    assert tree_digest(submissions) == before


def test_feedback_never_shows_hidden_test_source(corpus):
    _, out, _, _ = corpus
    for page in (out / "feedback").rglob("*.html"):
        html = page.read_text()
        assert "HIDDEN TESTS" not in html, page
        for name in NAMES:
            assert f"check_exercise({name}," not in html, page
