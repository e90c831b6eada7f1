"""Attacks on the grading pipeline that work on the current code (each test fails until it is fixed).

Second round, by a student who read autograder/ and README "Grading guarantees" after the
grading moved into nbgrader's pipeline (JudgeAnswers, partial credit, the instructor's course
folder). Each test names the attack, says what it does and what the grader should do instead.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_output

from autograder.exercises.checks import run_checks
from autograder.course import REPO_ROOT
from autograder.exercises.diagnose import Report
from autograder.isolation import jail

needs_jail = pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}")
ASSIGNMENT = STEM = "part1_subimages"


def _run(args, cwd, timeout=900):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """An instructor's course folder made by `python -m autograder course init`."""
    root = tmp_path_factory.mktemp("course") / "course"
    done = _run([sys.executable, "-m", "autograder", "course", "init", str(root)], cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return root


def _submit(course: Path, student: str, first_cell: str = "") -> Path:
    """What nbgrader's exchange leaves in submitted/: the released folder, answered as released."""
    folder = course / "submitted" / student / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, folder)
    if first_cell:
        path = folder / f"{STEM}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(0, new_code_cell(first_cell))
        nbformat.write(nb, path)
    return folder


@needs_jail
def test_a_json_py_in_the_submission_runs_as_the_grader_before_the_jail(course, tmp_path):
    """(escape) The grading kernel's spec runs `python -m autograder.isolation.kernel_launcher`
    OUTSIDE the jail, with the notebook's folder as its working directory; `-m` puts that folder
    first on sys.path. In a course folder, `nbgrader autograde ASSIGNMENT` copies the whole
    submitted folder to autograded/<student>/<assignment>/ and starts the first notebook's kernel
    there (only later kernels are prestarted in an empty folder; the class runner's workers, which
    always prestart, and a worker whose spare kernel is not alive, fall back to the same). A
    submission that ships a `json.py` next to its notebook (the launcher imports json) has it
    executed by the launcher, with the grader's rights (root on a grading server), before any jail
    exists: it could rewrite gradebook.db, read class-secret and .course/expected, or change
    source/. The launcher should not put the notebook's folder on its import path (`python -I`
    or `-P`, or start in an empty folder and take the notebook's folder as an argument)."""
    marker = tmp_path / "ran-outside-the-jail"
    folder = _submit(course, "mallory")
    (folder / "json.py").write_text(
        "import os, sys\n"
        f"open({str(marker)!r}, 'a').write(f'uid={{os.getuid()}} cwd={{os.getcwd()}}\\n')\n"
        "sys.path[:] = [p for p in sys.path if p not in ('', os.getcwd())]\n"
        "del sys.modules['json']\n"
        "import json as _json\n"
        "sys.modules['json'] = _json\n"
        "globals().update(_json.__dict__)\n")
    _run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--student", "mallory"], cwd=course)
    assert not marker.exists(), marker.read_text()


@needs_jail
def test_a_symlink_in_the_submission_shows_the_reference_solutions_in_the_feedback(course):
    """(leak) Plain `nbgrader autograde` in a course folder copies every file of
    submitted/<student>/<assignment>/ with shutil.copy, which follows symbolic links, into
    autograded/, then mounts that folder as the jailed kernel's /submission. A submission holding
    `leak -> <course>/source/part7_compare_fast/part7_compare_fast.ipynb` (nbgrader's exchange
    `collect` also follows a link a student leaves in the inbound folder) gets the source
    notebook, with the reference solution of every exercise, as a plain file in its jail; its
    first cell prints it into the autograded notebook and so into the feedback the student gets
    back. The same works for .course/expected/* (the class's expected outcomes: replayed in call
    order, they pass every check) and for classmates' submissions. README: 'A submission holding
    a symbolic link … is refused': the course folder's own pipeline (JudgeAnswers or a
    preprocessor before LimitedExecute) should refuse such a submission, as intake does."""
    folder = _submit(course, "eve", "print(open('leak').read())")
    (folder / "leak").symlink_to(course / "source" / "part7_compare_fast" / "part7_compare_fast.ipynb")
    done = _run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--student", "eve"], cwd=course)
    # Refused whole, before nbgrader copies or reads anything of the submission, and said so.
    assert not (course / "autograded" / "eve").exists()
    assert "not graded: eve: eve/part1_subimages/leak is a symbolic link" in done.stderr, done.stderr[-2000:]


GIVEN_LOOP = '''
def im_conv_loop(im, kernel):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"im and kernel must be 2-D, got shapes {im.shape} and {kernel.shape}")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError(f"kernel {kh}x{kw} is larger than the image {im.shape[0]}x{im.shape[1]}")
    result = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(result.shape[0]):
        for y in range(result.shape[1]):
            result[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return result
'''


def test_the_given_loop_handed_in_as_im_conv_fast_earns_half_the_points():
    """(partial credit) Part 7 gives the loop `im_conv_loop` and asks for a version at least 5x
    faster. `im_conv_fast = im_conv_loop` (no work at all) is too slow on the one timed case, so
    it loses 'values'; but it is right on every other valid case, so it 'works' by
    groups.earned's rule (right values on at least half of the valid inputs) and earns
    'conventions' and 'errors' from the given code's own float64 result and ValueErrors: 1.5 of
    3 points. The timed case is the exercise: groups other than 'values' should count only once
    the answer is fast enough (or the given loop should be recognised and earn nothing)."""
    namespace = {"np": np}
    exec(GIVEN_LOOP, namespace)
    report = run_checks(namespace["im_conv_loop"], "im_conv_fast")
    assert not report.passed and "too slow" in report.message
    assert report.score(3.0) == 0.0, (report.groups, report.score(3.0))


def test_kernel_output_in_a_test_cell_pushes_the_verdict_out_and_shows_a_fake_one():
    """(verdict text) JudgeAnswers._write_verdict keeps up to 4000 characters of what the
    notebook printed in a graded test cell, before the verdict. The course's Autograde pipeline
    runs nbgrader's LimitOutput after JudgeAnswers; LimitOutput keeps 1000 lines of streams per
    cell and drops every stream after that. A function that prints 'get_subimages: all 12 checks
    pass.' and then 2000 newlines when the test cell calls it leaves, in the autograded notebook,
    formgrader and the feedback page, that fake verdict and no real one (the score, 0, stays).
    The grader's verdict should come first or be exempt from the cut, and the notebook's text
    should be bounded in lines as well as characters."""
    from nbgrader.preprocessors import LimitOutput

    from autograder.pipeline.judge_answers import JudgeAnswers
    from autograder.pipeline.config import course_config
    pipeline = course_config(Path("/nonexistent")).Autograde.autograde_preprocessors
    cell = new_code_cell("check_exercise(get_subimages, 'get_subimages')")
    cell.outputs = [new_output("stream", name="stdout",
                               text="get_subimages: all 12 checks pass.\n" + "\n" * 2000 + ".")]
    verdict = "get_subimages: 12 of 12 checks fail."
    # Both steps, in the order the course's pipeline runs them.
    steps = sorted([JudgeAnswers, LimitOutput], key=pipeline.index)
    for step in steps:
        if step is JudgeAnswers:
            JudgeAnswers()._write_verdict(cell, Report("get_subimages", False, 12, 12, verdict), 0.0)
        else:
            cell, _ = LimitOutput().preprocess_cell(cell, {}, 0)
    shown = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    assert verdict in shown, shown[:200]


@pytest.mark.parametrize("name, answer", [
    # an honest mistake: the kernel's array handed back instead of its class name
    ("classify_kernel", "def classify_kernel(kernel):\n    return np.asarray(kernel, dtype=np.float64)\n"),
    # a deliberate one: a number no float can hold
    ("conv_output_size", "def conv_output_size(*args, **kwargs):\n    return 10 ** 400\n"),
], ids=["array-for-a-name", "huge-int"])
def test_one_odd_return_value_crashes_the_judge_and_unscores_the_whole_notebook(name, answer):
    """(robustness) The judge compares in the grader's process with plain Python: for a str
    expected, compare.values_differ evaluates `got == expected`, which for an array returned by
    classify_kernel is an elementwise array and raises ValueError ('truth value … ambiguous');
    an int of 400 digits for conv_output_size raises OverflowError while the mistakes are
    diagnosed. Nothing catches it: JudgeAnswers fails, nbgrader drops the notebook, and every
    exercise of it is left at 0 needing a manual grade (seen with `nbgrader autograde
    part4_padding_stride` in a course folder), so one wrong answer costs the right ones too. The
    judge should treat any value it cannot compare as a wrong answer to that exercise only."""
    namespace = {"np": np}
    exec(answer, namespace)
    report = run_checks(namespace[name], name)
    assert not report.passed and report.score(1.0) == 0.0


def test_a_shortcut_called_from_another_answer_cell_is_not_flagged():
    """(shortcut flag) JudgeAnswers._flags looks for an exercise's shortcuts in that exercise's
    own answer cell only, but every answer cell runs in one namespace before any call. Part 7's
    filter_bank cell (no shortcut list) defines `_fast = cv2.filter2D` and im_conv_fast's cell
    calls `_fast`: im_conv_fast passes on cv2.filter2D and no flag names it, though README says
    such an answer 'is flagged with the call named'. The shortcuts of an exercise should be
    looked for in every answer cell (or in what its function reaches)."""
    from autograder.pipeline.judge_answers import JudgeAnswers
    answers = {
        "im_conv_fast": "def im_conv_fast(im, kernel):\n    return _crop(_fast(im, kernel), kernel)\n",
        "filter_bank": ("_fast = lambda im, k: cv2.filter2D(np.asarray(im, dtype=np.float64), -1,"
                        " np.asarray(k, dtype=np.float64), borderType=cv2.BORDER_CONSTANT)\n"
                        "def filter_bank(im, kernels):\n    return {n: im_conv_fast(im, k) for n, k in kernels.items()}\n"),
    }
    passed = Report("im_conv_fast", True, 28, 0, "im_conv_fast: all 28 checks pass.")
    flags = JudgeAnswers._flags("im_conv_fast", passed, "", answers)
    assert any("cv2.filter2D" in f for f in flags), flags


def test_output_metadata_is_not_counted_against_the_output_cap():
    """(memory) LimitedExecute.process_message counts what a cell sends as it arrives, but only
    content.data, text, evalue and traceback: a display_data whose `metadata` is large (up to the
    64 MB message limit each) counts 1 byte for its one-character text/plain, and nbclient keeps
    the metadata in the cell's outputs (output_from_msg), as does the autograded notebook
    (_cap_outputs cuts data strings only). `publish_display_data({'text/plain': 'x'},
    metadata={'m': 'x' * 60_000_000})` in a loop grows the grading worker without bound, as the
    first round's flood did through data. Every byte of a message (its metadata included) should
    count, or the metadata be dropped."""
    from autograder.pipeline.notebook_limits import LimitedExecute
    execute = LimitedExecute(output_bytes=100_000)
    execute.clear_before_next_output = False  # set by nbclient when a cell starts
    cell = new_code_cell("for i in range(50): publish_display_data({'text/plain': 'x'}, metadata={...})")
    msg = {"msg_type": "display_data", "header": {"msg_type": "display_data"}, "parent_header": {},
           "metadata": {}, "content": {"data": {"text/plain": "x"}, "metadata": {"m": "x" * 100_000},
                                       "transient": {}}}
    for _ in range(50):
        execute.process_message(msg, cell, 0)
    execute._cap_outputs(cell)
    kept = sum(len(str(o)) for o in cell.outputs)
    assert kept <= 2 * execute.output_bytes, f"{kept} characters kept for a cap of {execute.output_bytes}"
