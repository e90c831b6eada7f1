"""An instructor's path through formgrader on a class graded by `autograde --course` (issue #14).

A course folder is made with `python -m autograder course init`, three students hand in Part 2
(one right, one partly right, one whose `im_conv` calls a flagged library shortcut), and
`python -m autograder autograde --course DIR --jobs 2` grades them into the folder's gradebook.
JupyterLab starts in the course folder as an instructor starts it (`jupyter lab` with the folder
as its working directory, so nbgrader reads its nbgrader_config.py; it boots while the class is
graded), and Chromium (Debian's /usr/bin/chromium, driven by Playwright) does what the
instructor does:

1. opens Nbgrader > Formgrader in JupyterLab (formgrader runs in an iframe of the lab);
2. Manage Assignments > the assignment's submissions: every student's total is the one the
   in-process judge gives their answers (`classroom.earned`), partial credit included;
3. Manual Grading > the assignment > the notebook > the flagged student's submission: the comment
   box of the flagged answer shows the flag (formgrader shows an automatic comment as the
   placeholder of the comment box) naming the shortcut, word for word the gradebook's comment;
4. overrides the flagged student's `test_im_conv` score by hand (the score box of the graded test
   cell) and saves it; reloaded, the page shows the manual score, and Manage Submissions the
   new total;
5. `nbgrader export` with the course's per-exercise exporter, run in the course folder, shows
   the override for that cell and the judge's score for every other.

Each step saves a screenshot under test-artifacts/browser/formgrader/. Every wait is on
formgrader's own state (its Backbone models loaded, the score and comment boxes filled, the
grade saved by its API) and has a timeout; a failure keeps a screenshot, the page's HTML, the
server log and the grading command's output there and says which step failed.

Run only the browser tests with `make test PYTEST_ARGS="-m browser"`.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.course import REPO_ROOT, assignments, source_notebooks
from autograder.exercises.shortcuts import SHORTCUTS
from autograder.isolation import jail
from classroom import CLASS_SECRET, answered, earned
from lab_server import ROOT, TOKEN, course_lab_server, log_tail, wait_for_lab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}"),
]

# --- The class -------------------------------------------------------------------------------
PART = next(nb for nb in source_notebooks() if nb.assignment == "part2_im_conv")
ASSIGNMENT, STEM = PART.assignment, PART.stem
FLAGGED_EXERCISE = "im_conv"
SHORTCUT = "cv2.filter2D"
# A right answer through the shortcut: OpenCV's same-size correlation with the anchor at the
# kernel's top-left pixel, cut to the valid region, with the argument checks the exercise asks.
FILTER2D_ANSWER = '''\
def im_conv(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"im and kernel must be non-empty 2-D arrays, got {im.shape} and {kernel.shape}")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError(f"kernel {kh}x{kw} is larger than the image {im.shape[0]}x{im.shape[1]}")
    same = cv2.filter2D(im, cv2.CV_64F, kernel, anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)
    return same[:im.shape[0] - kh + 1, :im.shape[1] - kw + 1]
'''
# Right values, but a view of the input (not a float64 copy) and no argument checks.
FLIP_NO_CHECKS = "def flip_kernel(kernel):\n    return np.asarray(kernel)[::-1, ::-1]\n"
ANSWERS = {
    "ada": {name: "reference" for name in PART.exercises()},                   # right
    "ben": {"im_conv": "reference", "flip_kernel": FLIP_NO_CHECKS},            # partly right
    "cleo": {"im_conv": FILTER2D_ANSWER, "flip_kernel": "reference"},          # the shortcut
}
FLAGGED_STUDENT = "cleo"
OVERRIDDEN = f"test_{FLAGGED_EXERCISE}"

# --- The browser -----------------------------------------------------------------------------
ARTIFACTS = ROOT / "test-artifacts" / "browser" / "formgrader"
LOAD_MS = 90_000     # JupyterLab's page, a formgrader page and its models
SAVE_MS = 30_000     # formgrader's API saving one grade
GRADE_TIMEOUT = 600  # `autograde --course`, seconds

# The formgrader iframe in JupyterLab's main area (the panel's id is "formgrader").
IFRAME = "#formgrader iframe"
# A formgrader list page has loaded its Backbone collection (`models`) and drawn its rows.
JS_MODELS_LOADED = """n => typeof models !== 'undefined' && models !== undefined && models.loaded === true
    && document.querySelectorAll('#main-table tr').length === n"""
# The manual grading view has fetched its grades and comments and drawn them into the boxes.
# (Not `formgrader.loaded`: without internet the page's MathJax, loaded from a CDN, is missing,
# and formgrader's init stops before its keyboard shortcuts; the grades and comments are
# fetched before that and work, as a teacher offline sees them.)
JS_SUBMISSION_LOADED = """([grade, comment]) => typeof formgrader !== 'undefined'
    && formgrader.grades !== undefined && formgrader.grades.loaded
    && formgrader.comments !== undefined && formgrader.comments.loaded
    && document.getElementById(grade) !== null
    && document.getElementById(grade).getAttribute('placeholder') !== null
    && document.getElementById(comment) !== null
    && document.getElementById(comment).getAttribute('placeholder') !== null"""


class Instructor:
    """The browser page, the server, and the evidence kept of each step."""

    def __init__(self, page, log_path: Path, grading_log: Path):
        self.page = page
        self.log_path = log_path
        self.grading_log = grading_log
        self.timings: list[str] = []

    @property
    def frame(self):
        """formgrader's iframe (the same frame across its navigations)."""
        handle = self.page.locator(IFRAME).element_handle()
        frame = handle.content_frame()
        assert frame is not None, "the formgrader panel has no iframe document"
        return frame

    def shot(self, name: str, target=None) -> None:
        if target is not None:
            target.scroll_into_view_if_needed()
        (target or self.page).screenshot(path=str(ARTIFACTS / f"{name}.png"))

    @contextmanager
    def step(self, name: str):
        """Run one step; on any failure keep a screenshot, the HTML and the logs."""
        started = time.monotonic()
        try:
            yield
            self.timings.append(f"{name}: {time.monotonic() - started:.1f} s")
        except Exception as error:
            kept = []
            try:
                self.page.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"))
                kept.append(f"FAILED-{name}.png")
                html = self.frame.content() if self.page.locator(IFRAME).count() else self.page.content()
                (ARTIFACTS / f"FAILED-{name}.html").write_text(html, encoding="utf-8")
                kept.append(f"FAILED-{name}.html")
            except Exception as inner:  # the page itself may be gone
                kept.append(f"(no screenshot: {inner})")
            shutil.copy2(self.log_path, ARTIFACTS / "lab.log")
            shutil.copy2(self.grading_log, ARTIFACTS / "autograde.log")
            raise AssertionError(
                f"formgrader step {name!r} failed after {time.monotonic() - started:.1f} s: "
                f"{type(error).__name__}: {error}\n"
                f"kept in {ARTIFACTS}: {', '.join(kept)}, lab.log, autograde.log\n"
                f"--- server log (tail) ---\n{log_tail(self.log_path, 25)}"
            ) from error

    def menu(self, *path: str) -> None:
        """Click through JupyterLab's main menu, e.g. menu("Nbgrader", "Formgrader")."""
        self.page.locator(".lm-MenuBar-item").filter(has=self.page.locator(
            ".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(path[0])}$"))).click()
        for label in path[1:]:
            self.page.locator(".lm-Menu:visible .lm-Menu-item").filter(
                has=self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(label)}$"))
            ).first.click()

    def click_link(self, text: str, within=None) -> None:
        """Click the link whose whole text is `text` (in `within`, else anywhere in formgrader)."""
        scope = within or self.page.frame_locator(IFRAME).locator("body")
        scope.locator("a", has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).first.click()

    def wait_rows(self, count: int, page: str) -> None:
        """Wait until formgrader shows its page `page` (the path after /formgrader/) with its
        table of `count` rows drawn."""
        self.frame.wait_for_url(re.compile(rf"/formgrader/{re.escape(page)}/?(\?.*)?$"), timeout=LOAD_MS)
        self.frame.wait_for_function(JS_MODELS_LOADED, arg=count, timeout=LOAD_MS)

    def wait_submission(self) -> None:
        """Wait until the manual grading view has drawn the grades and comments it fetched."""
        self.frame.wait_for_url(re.compile(r"/formgrader/submissions/\w+/?(\?.*)?$"), timeout=LOAD_MS)
        self.frame.wait_for_function(JS_SUBMISSION_LOADED, arg=[OVERRIDDEN, f"{FLAGGED_EXERCISE}-comment"],
                                     timeout=LOAD_MS)

    def submission_scores(self) -> dict:
        """{student id: 'score / max'} as Manage Submissions shows them."""
        rows = self.page.frame_locator(IFRAME).locator("#main-table tr")
        return {row.locator(".student-id").inner_text().strip(): row.locator(".score").inner_text().strip()
                for row in rows.all()}


# --- The course ------------------------------------------------------------------------------
def run(args, cwd: Path, log: Path | None = None, timeout: float = GRADE_TIMEOUT) -> str:
    """Run a command with this environment's bin/ first on PATH; its output (kept in `log`)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "MPLBACKEND": "Agg"}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    output = f"$ {' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"
    if log is not None:
        with open(log, "a", encoding="utf-8") as f:
            f.write(output + "\n")
    assert done.returncode == 0, f"exit {done.returncode}: {output[-6000:]}"
    return output


def submit_to(course: Path, student: str, answers: dict) -> None:
    """What nbgrader's exchange leaves in submitted/: the released folder with the answered notebook."""
    folder = course / "submitted" / student / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, folder)
    released = nbformat.read(folder / f"{STEM}.ipynb", as_version=4)
    nbformat.write(answered(released, answers), folder / f"{STEM}.ipynb")


def points() -> dict:
    """{test cell grade_id: points} of the assignment's notebook."""
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
            for c in PART.read().cells if c.metadata.get("nbgrader", {}).get("grade")}


def shown(score: float, top: float) -> str:
    """A total as formgrader shows it: JavaScript numbers rounded to 2 decimals ('4.75 / 9')."""
    def js(x: float) -> str:
        x = round(x, 2)
        return str(int(x)) if x == int(x) else f"{x:g}"
    return f"{js(score)} / {js(top)}"


# --- The test --------------------------------------------------------------------------------
def test_an_instructor_sees_scores_and_a_flag_in_formgrader_and_overrides_a_score(tmp_path):
    from test_browser import CHROMIUM, CHROMIUM_ARGS, LAB_SETTINGS, VIEWPORT, _require_browser
    sync_playwright = _require_browser()
    assert SHORTCUT in SHORTCUTS[FLAGGED_EXERCISE], f"{SHORTCUT} is no longer a shortcut of {FLAGGED_EXERCISE}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.iterdir():
        if old.is_file():
            old.unlink()

    phases = []          # (phase, seconds), kept in timings.txt with the browser's steps

    def timed(name, started):
        phases.append(f"{name}: {time.monotonic() - started:.1f} s")

    # The course folder, and JupyterLab started in it (it boots while the class is graded: it
    # reads nbgrader_config.py at start, and the gradebook only when formgrader asks).
    started = time.monotonic()
    course = tmp_path / "course"
    course.mkdir()
    (course / "class-secret").write_bytes(CLASS_SECRET)
    grading_log = tmp_path / "autograde.log"
    run([sys.executable, "-m", "autograder", "course", "init", course], REPO_ROOT, grading_log)
    timed("course init", started)
    log_path = tmp_path / "lab.log"
    settings = tmp_path / "lab-settings"
    for name, values in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    env = {   # private Jupyter folders: nothing of the developer's own configuration applies
        "JUPYTERLAB_SETTINGS_DIR": settings,
        "JUPYTERLAB_WORKSPACES_DIR": tmp_path / "lab-workspaces",
        "JUPYTER_CONFIG_DIR": tmp_path / "jupyter-config",
        "JUPYTER_DATA_DIR": tmp_path / "jupyter-data",
        "IPYTHONDIR": tmp_path / "ipython",
    }

    with course_lab_server(course, log_path, env) as (base, process), sync_playwright() as playwright:
        # The class, graded as an instructor grades it.
        started = time.monotonic()
        for student, answers in ANSWERS.items():
            submit_to(course, student, answers)
        run([sys.executable, "-m", "autograder", "autograde", "--course", course, "--jobs", "2"],
            REPO_ROOT, grading_log)
        timed(f"autograde --course ({len(ANSWERS)} submissions, --jobs 2)", started)

        # What each student should have: the in-process judge on the class's cases.
        top = points()
        expected = {student: {f"test_{name}": score for name, score in earned(PART, answers).items()}
                    for student, answers in ANSWERS.items()}
        total = sum(top.values())
        assert expected["ada"] == top, f"the right answers should earn every point: {expected['ada']}"
        assert 0 < sum(expected["ben"].values()) < total and expected["ben"]["test_flip_kernel"] not in (
            0, top["test_flip_kernel"]), f"ben should have partial credit: {expected['ben']}"
        assert expected[FLAGGED_STUDENT][OVERRIDDEN] == top[OVERRIDDEN], (
            f"the shortcut is a right answer (only flagged): {expected[FLAGGED_STUDENT]}")
        override = top[OVERRIDDEN] / 2          # the teacher halves the points of the shortcut
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
            flag = gradebook.find_comment(FLAGGED_EXERCISE, STEM, ASSIGNMENT, FLAGGED_STUDENT).auto_comment
            submission_id = gradebook.find_submission_notebook(STEM, ASSIGNMENT, FLAGGED_STUDENT).id
        assert flag and SHORTCUT in flag, (
            f"the gradebook's comment on {FLAGGED_STUDENT}'s {FLAGGED_EXERCISE}: {flag!r}")

        started = time.monotonic()
        wait_for_lab(base, process, log_path)
        timed("jupyter lab answering (after grading)", started)
        me = None
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(LOAD_MS)
            me = Instructor(page, log_path, grading_log)
            fg = page.frame_locator(IFRAME)

            with me.step("01-open-formgrader"):
                page.goto(f"{base}/lab?token={TOKEN}")
                me.menu("Nbgrader", "Formgrader")
                page.locator(IFRAME).wait_for()
                fg.locator("h1", has_text="Manage Assignments").wait_for()
                me.wait_rows(len(assignments()), "manage_assignments")
                row = fg.locator("#main-table tr").filter(has=fg.locator(
                    "a", has_text=re.compile(rf"^{ASSIGNMENT}$")))
                assert row.locator(".num-submissions").inner_text().strip() == str(len(ANSWERS))
                me.shot("01-formgrader-manage-assignments")

            with me.step("02-scores-in-manage-submissions"):
                me.click_link(str(len(ANSWERS)), row.locator(".num-submissions"))
                me.wait_rows(len(ANSWERS), f"manage_submissions/{ASSIGNMENT}")
                want = {s: shown(sum(scores.values()), total) for s, scores in expected.items()}
                assert me.submission_scores() == want, (
                    f"formgrader's totals {me.submission_scores()} are not the judge's {want}")
                me.shot("02-manage-submissions-scores")

            with me.step("03-the-flag-in-manual-grading"):
                me.click_link("Manual Grading", fg.locator(".nav-stacked"))
                me.wait_rows(len(assignments()), "gradebook")
                me.click_link(ASSIGNMENT, fg.locator("#main-table"))
                me.wait_rows(1, f"gradebook/{ASSIGNMENT}")
                me.click_link(STEM, fg.locator("#main-table"))
                me.wait_rows(len(ANSWERS), f"gradebook/{ASSIGNMENT}/{STEM}")
                student_row = fg.locator("#main-table tr").filter(has=fg.locator(
                    "a.name-shown", has_text=re.compile(rf"^{FLAGGED_STUDENT}$")))
                student_row.locator(".glyphicon-eye-open").click()      # show the student's name
                student_row.locator("a.name-shown").click()
                me.wait_submission()
                assert f"/formgrader/submissions/{submission_id}" in me.frame.url, me.frame.url
                comment = fg.locator(f"#{FLAGGED_EXERCISE}-comment")
                assert comment.get_attribute("placeholder") == flag, (
                    f"the comment box of {FLAGGED_EXERCISE} should show the flag {flag!r}, it shows "
                    f"{comment.get_attribute('placeholder')!r}")
                score_box = fg.locator(f"#{OVERRIDDEN}")
                assert float(score_box.get_attribute("placeholder")) == expected[FLAGGED_STUDENT][OVERRIDDEN]
                assert score_box.input_value() == "", "no manual score yet"
                me.shot("03-flag-comment", fg.locator(".nbgrader_cell").filter(has=comment))

            with me.step("04-override-a-score"):
                with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url
                                          and r.request.method == "PUT", timeout=SAVE_MS) as saved:
                    score_box.fill(f"{override:g}")
                    score_box.press("Tab")           # formgrader saves a score box when it loses focus
                assert saved.value.ok, f"formgrader's API answered {saved.value.status} to the new score"
                me.shot("04a-score-overridden", fg.locator(".nbgrader_cell").filter(has=score_box))
                me.frame.goto(me.frame.url)           # reload the submission: what was saved
                me.wait_submission()
                assert float(fg.locator(f"#{OVERRIDDEN}").input_value()) == override, (
                    "after a reload the score box should show the manual score")
                me.shot("04b-override-kept-after-reload", fg.locator(".nbgrader_cell").filter(
                    has=fg.locator(f"#{OVERRIDDEN}")))

            with me.step("05-new-total-in-manage-submissions"):
                me.frame.goto(f"{base}/formgrader/manage_submissions/{ASSIGNMENT}")
                me.wait_rows(len(ANSWERS), f"manage_submissions/{ASSIGNMENT}")
                want[FLAGGED_STUDENT] = shown(sum(expected[FLAGGED_STUDENT].values())
                                              - expected[FLAGGED_STUDENT][OVERRIDDEN] + override, total)
                assert me.submission_scores() == want, (
                    f"after the override formgrader shows {me.submission_scores()}, expected {want}")
                me.shot("05-manage-submissions-after-override")
        finally:
            browser.close()
            shutil.copy2(log_path, ARTIFACTS / "lab.log")
            (ARTIFACTS / "timings.txt").write_text(
                "\n".join(phases + (me.timings if me is not None else [])) + "\n", encoding="utf-8")

    # `nbgrader export` in the course folder, with the course's per-exercise exporter: the
    # overridden cell has the teacher's score, every other cell the judge's.
    started = time.monotonic()
    exported = tmp_path / "export.csv"
    output = run([sys.executable, "-m", "nbgrader", "export",
                  "--exporter=autograder.pipeline.exports.ExerciseGradesExport", f"--to={exported}"],
                 course, grading_log, timeout=300)
    timed("nbgrader export", started)
    with open(ARTIFACTS / "timings.txt", "a", encoding="utf-8") as f:
        f.write(phases[-1] + "\n")
    with open(exported, newline="") as f:
        rows = {(r["student"], r["exercise"]): float(r["score"]) for r in csv.DictReader(f)
                if r["assignment"] == ASSIGNMENT}
    want_rows = {(student, exercise): score for student, scores in expected.items()
                 for exercise, score in scores.items()}
    want_rows[(FLAGGED_STUDENT, OVERRIDDEN)] = override
    assert rows == want_rows, f"`nbgrader export` wrote {rows}, expected {want_rows}\n{output[-2000:]}"
