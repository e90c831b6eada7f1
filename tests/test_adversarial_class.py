"""Untrusted notebooks, graded as one class: cheats score 0 and are flagged, crashes cost only
their own exercise or notebook, honest students keep their exact scores, and nothing under
SUBMISSIONS changes.

Each case is a Part 1 submission built from the released notebook. The expected
scores are exact; `flagged` lists words every flag set of that student must contain.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import csvsafe
from autograder.course import REPO_ROOT, source_notebooks
from autograder.exercises import get_exercise
from autograder.exercises.reference import compute_expected, seed_for
from autograder.authoring.release import build_release
from autograder.authoring.sync import solution_cell_source
from classroom import answered, read_flags, read_grades, submit, tree_digest

PART1 = next(nb for nb in source_notebooks() if nb.assignment == "part1_subimages")
ASSIGNMENT, STEM = PART1.assignment, PART1.stem
NAMES = ["conv_output_shape", "SUBIMAGE_OPTION", "get_subimages"]
POINTS = {"conv_output_shape": 2.0, "SUBIMAGE_OPTION": 1.0, "get_subimages": 3.0}
FULL = dict(POINTS)
ZERO = {n: 0.0 for n in NAMES}
# What the VISIBLE_ONLY answers honestly earn: get_subimages is right on valid inputs and keeps
# the conventions, but rejects no bad argument (partial credit); the other two earn nothing.
VISIBLE_ONLY_EARNS = {**ZERO, "get_subimages": 2.25}
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
        if filename is not None:
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
    add("cheat-input-transformers", _with_cell(answered(released, VISIBLE_ONLY), tamper), VISIBLE_ONLY_EARNS,
        ["rewrites how IPython runs cells"])
    gradebook = ("import glob, sqlite3\n"
                 "for path in glob.glob('/tmp/**/gradebook.db', recursive=True):\n"
                 "    print(sqlite3.connect(path).execute('select source from source_cell').fetchall())\n")
    add("cheat-read-gradebook", _with_cell(answered(released, VISIBLE_ONLY), gradebook), VISIBLE_ONLY_EARNS,
        ["reaches for the gradebook"])
    add("cheat-import-reference", answered(released, {
        "conv_output_shape": "def conv_output_shape(image_shape, kernel_shape, mode='valid'):\n"
                             "    import solutions\n"
                             "    return solutions.conv_output_shape(image_shape, kernel_shape, mode)\n"}),
        ZERO, ["uses the grader or the reference"])
    add("cheat-read-reference-file", _with_cell(answered(released, VISIBLE_ONLY),
        f"print(open({str(REPO_ROOT / 'solutions' / 'subimages.py')!r}).read())"), VISIBLE_ONLY_EARNS)
    add("cheat-monkeypatch-numpy", _with_cell(answered(released, VISIBLE_ONLY),
        "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
        "np.isclose = lambda a, b, **k: np.ones(np.shape(a), dtype=bool)\n"), VISIBLE_ONLY_EARNS,
        ["changes numpy"])
    add("cheat-monkeypatch-checker", _with_cell(answered(released, VISIBLE_ONLY),
        "import autograder, autograder.exercises.checks\n"
        "autograder.check_exercise = autograder.exercises.checks.check_exercise = lambda fn, name: None\n"), VISIBLE_ONLY_EARNS,
        ["uses the grader"])
    add("cheat-monkeypatch-assert", _with_cell(answered(released, VISIBLE_ONLY),
        "import builtins\nbuiltins.AssertionError = type('Quiet', (Exception,), {})\n"), VISIBLE_ONLY_EARNS,
        ["changes numpy, builtins"])
    add("cheat-subprocess", _with_cell(answered(released, VISIBLE_ONLY),
        "import subprocess\nprint(subprocess.run(['sh', '-c', 'cat /tmp/*/*/gradebook.db'],"
        " capture_output=True).stdout[:2000])\n"), VISIBLE_ONLY_EARNS, ["starts processes", "blocked"])
    submissions_glob = str(submissions / "**" / "*.ipynb")
    add("cheat-rewrite-submissions", _with_cell(answered(released, VISIBLE_ONLY),
        f"import glob\nfor p in glob.glob({submissions_glob!r}, recursive=True):\n"
        "    open(p, 'w').write('{}')\n"), VISIBLE_ONLY_EARNS, ["writes or deletes files"])
    add("hang-in-answer", answered(released, {**REFERENCE, "conv_output_shape":
        "def conv_output_shape(image_shape, kernel_shape, mode='valid'):\n    while True:\n        pass\n"}),
        {**FULL, "conv_output_shape": 0.0}, ["took longer than"])
    add("hang-in-free-cell", _with_cell(honest, "import time\nwhile True:\n    time.sleep(0.1)\n"), FULL)
    add("memory-bomb", answered(released, {**REFERENCE, "get_subimages":
        "def get_subimages(im, kernel):\n    hog = np.ones((200_000, 100_000))\n    return {}\n"}),
        {**FULL, "get_subimages": 0.0})
    add("memory-bomb-free-cell", _with_cell(honest, "hog = bytearray(200 * 1024 ** 3)\n"), FULL)
    add("os-exit-after-first-test", _with_cell(honest, "import os\nos._exit(0)\n", "test_conv_output_shape"),
        {**ZERO, "conv_output_shape": 2.0}, ["exits or kills", "did not run in the notebook"])
    add("sys-exit-in-answer", answered(released, {**REFERENCE, "SUBIMAGE_OPTION":
        "import sys\nSUBIMAGE_OPTION = 2\nsys.exit(0)\n", "get_subimages": VISIBLE_ONLY["get_subimages"]}),
        {**FULL, "get_subimages": VISIBLE_ONLY_EARNS["get_subimages"]}, ["exits or kills"])
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
    # nbgrader restores a graded cell's type from the source (OverwriteCells), so the code in it
    # runs and earns what it earns; the change is flagged.
    add("cell-retyped", retyped, FULL, ["changed to a markdown cell"])
    points = nbformat.from_dict(json.loads(json.dumps(honest)))
    for cell in points.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata["nbgrader"]["points"] = 100
    add("metadata-changed", points, FULL, ["metadata"])
    add("renamed-file", honest, FULL, ["in its place"], filename="my_part1.ipynb")
    add("missing-notebook", "just notes", ZERO, ["missing", "extra file"], filename="notes.txt")
    add("extra-file", honest, FULL, ["extra file"], extra={"helper.py": "x = 1\n"})
    add_jail_attacks(add, released, honest, submissions)
    return cases


KERNEL_DAEMON_MARK = "613.579"
CHECKER_DAEMON_MARK = "617.321"


def _lookup_table_answer() -> str:
    """conv_output_shape as a table of the reference's outcomes on the public seed's cases."""
    exercise = get_exercise("conv_output_shape")
    cases = exercise.cases(seed_for(exercise.name))
    table = {}
    for case, outcome in zip(cases, compute_expected(exercise, cases).outcomes):
        mode = case.kwargs.get("mode", case.args[2] if len(case.args) > 2 else "valid")
        table[repr((tuple(case.args[0]), tuple(case.args[1]), mode))] = (
            "error" if outcome.error else tuple(int(v) for v in outcome.value))
    return ("TABLE = " + repr(table) + "\n"
            "def conv_output_shape(image_shape, kernel_shape, mode='valid'):\n"
            "    found = TABLE.get(repr((tuple(image_shape), tuple(kernel_shape), mode)), (0, 0))\n"
            "    if found == 'error':\n"
            "        raise ValueError('bad arguments')\n"
            "    return found\n")


def add_jail_attacks(add, released, honest, submissions):
    """Attacks by a student who read every line of autograder/: one or more per class of issue 13."""
    # Fixed public cases: a table of the public seed's outcomes, and no convolution code.
    add("attack-lookup-table", answered(released, {**REFERENCE, "conv_output_shape": _lookup_table_answer()}),
        {**FULL, "conv_output_shape": 0.0})
    # The grading kernel tries to change the grader's world from a free cell.
    vandal = ("import glob, os, site, sys\n"
              "done = []\n"
              "for d in site.getsitepackages() + [sys.prefix]:\n"
              "    try:\n"
              "        open(os.path.join(d, 'zz_course_attack.pth'), 'w').write('import os')\n"
              "        done.append(d)\n"
              "    except OSError:\n"
              "        pass\n"
              f"for p in glob.glob({str(submissions)!r} + '/**', recursive=True) + glob.glob('/tmp/**/*.expected', recursive=True):\n"
              "    try:\n"
              "        os.rename(p, p + '.x') if os.path.isdir(p) else open(p, 'w').write('')\n"
              "        done.append(p)\n"
              "    except OSError:\n"
              "        pass\n"
              "print('changed:', done)\n"
              "print('visible:', sorted(os.listdir('/')), glob.glob('/tmp/**/*.ipynb', recursive=True))\n")
    add("attack-vandal-kernel", _with_cell(honest, vandal), FULL, ["writes or deletes files"])
    # Kernel and checker talk through a place both could reach (no such place exists).
    talk = "open('/dev/shm/course-note', 'w').write('ok')\nopen('/tmp/course-note', 'w').write('ok')\n"
    answer = ("def get_subimages(im, kernel):\n"
              "    import os\n"
              "    if not (os.path.exists('/dev/shm/course-note') or os.path.exists('/tmp/course-note')):\n"
              "        return {}\n"
              + VISIBLE_ONLY["get_subimages"].split("\n", 1)[1].replace("    ", "    ", 1))
    add("attack-kernel-to-checker", _with_cell(answered(released, {**REFERENCE, "get_subimages": answer}), talk),
        {**FULL, "get_subimages": 0.0})
    # Processes: a C-level fork (no audit event) that lives on and would rewrite grades.csv.
    daemon = ("import ctypes, os, time\n"
              "libc = ctypes.CDLL(None)\n"
              "if libc.fork() == 0:\n"
              "    os.setsid()\n"
              "    argv = (ctypes.c_char_p * 3)(b'sleep', " + repr(KERNEL_DAEMON_MARK.encode()) + ", None)\n"
              "    libc.execv(b'/usr/bin/sleep', argv)\n"
              "if libc.fork() == 0:\n"
              "    os.setsid()\n"
              "    time.sleep(1)\n"
              "    for _ in range(600):\n"
              "        for root, _, files in os.walk('/'):\n"
              "            for f in files:\n"
              "                if f == 'grades.csv':\n"
              "                    try: open(os.path.join(root, f), 'w').write('student\\n')\n"
              "                    except OSError: pass\n"
              "        time.sleep(1)\n"
              "    os._exit(0)\n")
    add("attack-daemon-in-kernel", _with_cell(honest, daemon), FULL, ["starts processes"])
    answer = ("import ctypes, os, signal, resource\n"
              "libc = ctypes.CDLL(None)\n"
              "if libc.fork() == 0:\n"
              "    argv = (ctypes.c_char_p * 3)(b'sleep', " + repr(CHECKER_DAEMON_MARK.encode()) + ", None)\n"
              "    libc.execv(b'/usr/bin/sleep', argv)\n"
              "if libc.fork() == 0:\n"
              "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
              "    try: resource.setrlimit(resource.RLIMIT_CPU, (10**6, 10**6))\n"
              "    except (ValueError, OSError): pass\n"
              "    hog = bytearray(300 * 1024 ** 2)\n"
              "    import time; time.sleep(600)\n"
              + solution_cell_source("get_subimages"))
    add("attack-daemon-in-checker", answered(released, {**REFERENCE, "get_subimages": answer}), FULL,
        ["starts processes"])
    # Symlinked submissions: to the source notebook (with solutions) and to a classmate's file.
    link = submissions / "attack-symlink-source" / ASSIGNMENT
    link.mkdir(parents=True)
    (link / f"{STEM}.ipynb").symlink_to(PART1.path)
    add("attack-symlink-source", None, ZERO, ["symbolic link"], filename=None)
    (submissions / "attack-symlink-folder").mkdir()
    (submissions / "attack-symlink-folder" / ASSIGNMENT).symlink_to(submissions / "honest-a" / ASSIGNMENT)
    add("attack-symlink-folder", None, {}, ["symbolic link"], filename=None)  # refused: no rows
    # Bytes from the student: HTML in outputs and errors, a forged oversized reply, formula ids.
    add("attack-html-output", _with_cell(answered(released, {**REFERENCE, "get_subimages":
        "def get_subimages(im, kernel):\n    raise ValueError('<script>alert(\"error\")</script>')\n"}),
        "from IPython.display import HTML, display\n"
        "display(HTML('<script>alert(\"output\")</script><img src=x onerror=alert(1)>'))\n"
        "print('<script>alert(\"print\")</script>')\n"), {**FULL, "get_subimages": 0.0})
    forged = ("import os, struct, zipfile, io\n"
              "def get_subimages(im, kernel):\n"
              "    if os.path.exists('/submission'):  # the notebook's kernel: leave its sockets alone\n"
              "        return {}\n"
              "    buffer = io.BytesIO()\n"
              "    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as z:\n"
              "        z.writestr('__tree__.npy', b'0' * 300_000_000)\n"
              "    data = buffer.getvalue()\n"
              "    for fd in range(3, 64):\n"
              "        try: os.write(fd, struct.pack('>Q', len(data)) + data)\n"
              "        except OSError: pass\n"
              "    return {}\n")
    add("attack-forged-reply", answered(released, {**REFERENCE, "get_subimages": forged}),
        {**FULL, "get_subimages": 0.0})
    add("=HYPERLINK(1)", honest, FULL, ["unusual characters"])
    # A library call that skips the exercise: flagged, score left as earned.
    add("attack-shortcut", answered(released, {**REFERENCE, "get_subimages":
        "def get_subimages(im, kernel):\n"
        "    im = np.asarray(im, dtype=np.float64)\n"
        "    kh, kw = np.shape(kernel)\n"
        "    if im.ndim != 2 or np.ndim(kernel) != 2 or kh > im.shape[0] or kw > im.shape[1]:\n"
        "        raise ValueError('bad shapes')\n"
        "    windows = np.lib.stride_tricks.sliding_window_view(im, (kh, kw))\n"
        "    return {(x, y): windows[x, y].copy() for x in range(windows.shape[0])\n"
        "            for y in range(windows.shape[1])}\n"}), FULL, ["sliding_window_view"])


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
            got = grades.get((csvsafe.safe_cell(student), f"test_{name}"))
            if got != (score, POINTS[name]):
                wrong[(student, name)] = (got, score)
    assert not wrong, wrong


def test_every_cheat_and_breakage_is_flagged_with_a_reason(corpus):
    _, out, cases, _ = corpus
    flags = read_flags(out)
    missing = {}
    for student, (_, words) in cases.items():
        reasons = " | ".join(r["reason"] for r in flags if r["student"] == csvsafe.safe_cell(student))
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


def test_no_process_of_any_jail_outlives_the_run(corpus):
    # The daemons of the attacks above exec `sleep` with these marker lengths; the jail's PID
    # namespace must have taken them down with it.
    survivors = subprocess.run(["ps", "-eo", "args="], capture_output=True, text=True).stdout
    assert KERNEL_DAEMON_MARK not in survivors and CHECKER_DAEMON_MARK not in survivors


def test_the_grading_kernel_could_change_nothing_of_the_grader(corpus):
    import site
    for folder in site.getsitepackages() + [sys.prefix]:
        assert not (Path(folder) / "zz_course_attack.pth").exists()
    _, out, _, _ = corpus
    feedback = next((out / "feedback" / "attack-vandal-kernel").rglob("*.html")).read_text()
    assert "changed: []" in feedback, "every write to the grader's state must have failed"
    assert "gradebook" not in feedback.split("visible:", 1)[1][:400]


def test_student_html_and_error_texts_are_escaped_in_feedback(corpus):
    _, out, _, _ = corpus
    page = next((out / "feedback" / "attack-html-output").rglob("*.html")).read_text()
    body = page[page.index("<body"):]
    for text in ('<script>alert("output")', '<script>alert("print")', '<script>alert("error")', "<img src=x onerror"):
        assert text not in body, text
    assert "&lt;script&gt;alert(&quot;print&quot;)" in body or "&lt;script&gt;alert(\"print\")" in body


def test_csv_cells_never_start_a_formula(corpus):
    _, out, _, _ = corpus
    for name in ("grades.csv", "flags.csv"):
        text = (out / name).read_text()
        assert "\n=" not in text and ",=" not in text and "\n'=HYPERLINK(1)," in text, name


@pytest.fixture(scope="module")
def clean_class(corpus, tmp_path_factory):
    """The same honest students graded alone, with the same class secret."""
    submissions, out, _, _ = corpus
    tmp = tmp_path_factory.mktemp("clean")
    for student in ("honest-a", "honest-b"):
        shutil.copytree(submissions / student, tmp / "submissions" / student)
    (tmp / "out").mkdir()
    shutil.copy2(out / "class-secret", tmp / "out" / "class-secret")
    run = subprocess.run([sys.executable, "-m", "autograder", "autograde", str(tmp / "submissions"),
                          "--out", str(tmp / "out"), "--jobs", "2"], cwd=REPO_ROOT, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return tmp / "out"


def test_attackers_change_no_other_students_rows_or_feedback(corpus, clean_class):
    _, out, _, _ = corpus

    def rows(folder):
        return [line for line in (folder / "grades.csv").read_text().splitlines() if line.startswith("honest")]
    assert rows(out) == rows(clean_class) and len(rows(out)) == 2 * len(NAMES)
    for student in ("honest-a", "honest-b"):
        mine = (out / "feedback" / student / ASSIGNMENT / "grades.json").read_text()
        assert mine == (clean_class / "feedback" / student / ASSIGNMENT / "grades.json").read_text()
