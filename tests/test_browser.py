"""A student's path through the course in a real browser (issue #8).

Chromium (Debian's /usr/bin/chromium, driven by Playwright; never a downloaded browser) opens
JupyterLab started exactly as `make lab` starts it (`python -m autograder lab`, on a temporary
workspace that gets a fresh copy of the student release, and a free port), and does what a
student does:

1. opens the notebook from the file browser;
2. Run > Run All Cells. JupyterLab stops at the first cell that raises (the kernel aborts the
   queued cells), which is the test cell of the first unanswered exercise; the test checks that
   cell shows NotImplementedError, then goes on with Shift+Enter cell by cell, as a student
   does, until every code cell has an execution count. Errors are then checked precisely against
   the notebook's structure: exactly the cells that call an unanswered function fail, with
   NotImplementedError;
3. answers EXERCISE: clicks into its solution cell, selects everything and types ANSWER on the
   keyboard (see `type_code` for how auto-indentation is handled), runs it and its test cell with
   Shift+Enter and sees the test pass;
4. moves the widget's slider with the ArrowRight key and sees its figure change;
5. clicks nbgrader's Validate button (the labextension adds it to the notebook toolbar) and sees
   that only the still unanswered exercises fail;
6. opens File > New > Terminal, grades the notebook with `python -m autograder grade …` and reads
   the table of points: EXERCISE has full points.

Each step saves a screenshot under test-artifacts/browser/. Every wait is on JupyterLab's own
state (execution counts, the kernel status indicator, output DOM, the terminal's stream) and has a
timeout; a failure saves a screenshot, the page's HTML and the server log there and says which
step failed.

Run only this test with `make test PYTEST_ARGS="-m browser"`. Without /usr/bin/chromium it fails
(run `make test`, which installs it with apt-get) unless COURSE_SKIP_BROWSER=1 is set.
"""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from lab_server import ROOT, TOKEN, TerminalOutput, get, lab_server, log_tail, wait_for_lab

# --- What the student works on (switch the part here) ---------------------------------------
NOTEBOOK = "part2_im_conv/part2_im_conv.ipynb"   # relative to the workspace
EXERCISE = "flip_kernel"                          # the solution cell's grade_id (= function name)
ANSWER = '''\
def flip_kernel(kernel):
    """The kernel flipped up-down and left-right (rotated by 180 degrees)."""
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {kernel.shape}")
    return kernel[::-1, ::-1].copy()'''
# What README.md tells a learner to type in JupyterLab's terminal (its cwd should be the workspace).
GRADE_COMMAND = f"python -m autograder grade {NOTEBOOK}"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
OTHER_TESTS_ARTIFACTS = ("report",)  # tests/test_report.py's screenshots, maybe taken meanwhile
VIEWPORT = {"width": 1400, "height": 900}

# Timeouts (ms) of the waits; generous, because `make test` runs files in parallel.
LOAD_MS = 90_000        # JupyterLab's page and the notebook
RUN_MS = 120_000        # Run All, one cell, one widget redraw
VALIDATE_MS = 180_000   # nbgrader validate runs the whole notebook in a new kernel
GRADE_MS = 180_000      # the self-grading command in the terminal

# User settings for the lab (a private settings folder, so the developer's own settings never
# apply and nothing is written into them): no "Jupyter news" pop-up over the notebook, and the
# editor's auto-closing brackets pinned off (JupyterLab's default) so that typing is predictable.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
        {"codeCellConfig": {"lineNumbers": False, "lineWrap": False, "autoClosingBrackets": False}},
}

pytestmark = pytest.mark.browser

# --- JavaScript run in the page ------------------------------------------------------------
_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
JS_PROMPTS = f"""() => Array.from(document.querySelectorAll('{_NOTEBOOK} .jp-CodeCell'))
    .map(cell => cell.querySelector('.jp-InputPrompt').textContent.trim())"""
JS_KERNEL_STATUS = """() => {
    const el = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator');
    return el ? el.dataset.status : null;
}"""
# Run All has finished: the first cell has a count, no cell is queued or running ([*]), and the
# toolbar's kernel indicator says idle (it flickers to idle between cells, hence both).
JS_RUN_FINISHED = f"""() => {{
    const prompts = ({JS_PROMPTS})();
    return prompts.length > 0 && /^\\[\\d+\\]:$/.test(prompts[0])
        && !prompts.some(p => p === '[*]:') && ({JS_KERNEL_STATUS})() === 'idle';
}}"""
# Code cell `index` has run again: a count other than `before`, and the kernel is idle.
JS_CELL_RAN = f"""([index, before]) => {{
    const prompt = ({JS_PROMPTS})()[index];
    return /^\\[\\d+\\]:$/.test(prompt) && prompt !== before && ({JS_KERNEL_STATUS})() === 'idle';
}}"""
# [index among all cells, index among code cells or -1] of the active cell.
JS_ACTIVE_CELL = f"""() => {{
    const cells = Array.from(document.querySelectorAll('{_NOTEBOOK} .jp-Cell'));
    const code = Array.from(document.querySelectorAll('{_NOTEBOOK} .jp-CodeCell'));
    const active = cells.find(c => c.classList.contains('jp-mod-active'));
    return [cells.indexOf(active), code.indexOf(active)];
}}"""
# Scroll an element to the top of its scroller; its top edge after two frames (layout done).
JS_SCROLL_TO = """el => new Promise(resolve => {
    el.scrollIntoView({block: 'start'});
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(el.getBoundingClientRect().top)));
})"""


class StepFailed(AssertionError):
    pass


class Student:
    """The browser page, the server, and the evidence kept of each step."""

    def __init__(self, page, base: str, log_path: Path):
        self.page = page
        self.base = base
        self.log_path = log_path
        self._terminal = TerminalOutput(page)
        self.terminal_text = self._terminal.frames
        self.timings: list[str] = []

    # evidence ---------------------------------------------------------------------------
    def shot(self, name: str, target=None) -> None:
        """Screenshot of the page, or of one element (a cell) brought into view first."""
        if target is not None:
            self.show(target)
        (target or self.page).screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def show(self, locator) -> None:
        """Scroll `locator` into view until the layout settles: cells out of view are not
        rendered (content-visibility), so the first scroll changes the heights above it."""
        tops = []
        for _ in range(20):
            tops.append(locator.evaluate(JS_SCROLL_TO))
            if len(tops) > 2 and tops[-1] == tops[-2] == tops[-3]:
                return

    @contextmanager
    def step(self, name: str):
        """Run one step; on any failure keep a screenshot, the HTML and the server log."""
        started = time.monotonic()
        try:
            yield
            self.timings.append(f"{name}: {time.monotonic() - started:.1f} s")
        except Exception as error:
            kept = []
            try:
                self.page.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"), full_page=True)
                kept.append(f"FAILED-{name}.png")
                (ARTIFACTS / f"FAILED-{name}.html").write_text(self.page.content(), encoding="utf-8")
                kept.append(f"FAILED-{name}.html")
            except Exception as inner:  # the page itself may be gone
                kept.append(f"(no screenshot: {inner})")
            shutil.copy2(self.log_path, ARTIFACTS / "lab.log")
            if self.terminal_text:
                (ARTIFACTS / "terminal.txt").write_text(self.terminal(), encoding="utf-8")
            raise StepFailed(
                f"browser step {name!r} failed after {time.monotonic() - started:.1f} s: "
                f"{type(error).__name__}: {error}\n"
                f"kept in {ARTIFACTS}: {', '.join(kept)}, lab.log\n"
                f"--- server log (tail) ---\n{log_tail(self.log_path, 25)}"
            ) from error

    # JupyterLab ---------------------------------------------------------------------------
    def menu(self, *path: str) -> None:
        """Click through the main menu, e.g. menu("Run", "Run All Cells")."""
        self.page.locator(".lm-MenuBar-item").filter(has=self.page.locator(
            ".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(path[0])}$"))).click()
        for label in path[1:]:
            item = self.page.locator(".lm-Menu:visible .lm-Menu-item").filter(
                has=self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(label)}$")))
            item.first.click()

    def prompts(self) -> list[str]:
        return self.page.evaluate(JS_PROMPTS)

    def code_cell(self, index: int):
        return self.page.locator(f"{_NOTEBOOK} .jp-CodeCell").nth(index)

    def wait_cell_ran(self, index: int, before: str) -> str:
        self.page.wait_for_function(JS_CELL_RAN, arg=[index, before], timeout=RUN_MS)
        return self.prompts()[index]

    def shift_enter_through(self, first: int) -> None:
        """Select code cell `first`, then Shift+Enter cell after cell down to the last code cell,
        waiting for each code cell's new execution count before the next key press (keys pressed
        while a cell runs would queue cells, which the kernel aborts after an error)."""
        last_code = len(self.prompts()) - 1
        self.code_cell(first).locator(".jp-InputPrompt").click()
        for _ in range(self.page.locator(f"{_NOTEBOOK} .jp-Cell").count()):
            index, code_index = self.page.evaluate(JS_ACTIVE_CELL)
            before = self.prompts()[code_index] if code_index >= 0 else None
            self.page.keyboard.press("Shift+Enter")
            if code_index < 0:    # a markdown cell: Shift+Enter only moves on
                self.page.wait_for_function(
                    f"i => ({JS_ACTIVE_CELL})()[0] !== i", arg=index, timeout=RUN_MS)
                continue
            self.wait_cell_ran(code_index, before)
            if code_index == last_code:
                return
        raise AssertionError("Shift+Enter never reached the last code cell")

    def type_code(self, code: str) -> None:
        """Type `code` into the focused CodeMirror editor, key by key, replacing its selection.

        Enter makes CodeMirror indent the new line as it sees fit (after `def …:` one level
        deeper, after `raise …` the same as before). A student would fix that by hand; here,
        after each Enter, Shift+Home selects whatever indentation CodeMirror inserted (up to the
        start of the line) and typing the line with its own indentation replaces it. So the text
        is exactly `code`, whatever auto-indent does; auto-closing brackets are off (the default,
        pinned in LAB_SETTINGS), so every bracket and quote is typed once.
        """
        for number, line in enumerate(code.split("\n")):
            if number:
                self.page.keyboard.press("Enter")
                self.page.keyboard.press("Shift+Home")
            if line:
                self.page.keyboard.type(line)

    def editor_text(self, cell) -> str:
        return "\n".join(cell.locator(".cm-line").all_text_contents())

    def saved_notebook(self, while_saving: bool = False) -> dict | None:
        """The notebook as the server has it; with `while_saving`, None while it is being written
        (jupyter_server's atomic_writing writes the file in place: a read in between finds it
        empty, "Unreadable Notebook", seen once in CI)."""
        status, body = get(f"{self.base}/api/contents/{NOTEBOOK}?token={TOKEN}&content=1")
        if while_saving and status == 400 and b"Unreadable Notebook" in body:
            return None
        assert status == 200, f"the contents API answered {status} for {NOTEBOOK}"
        return json.loads(body)["content"]

    def save_and_read(self) -> dict:
        """Ctrl+S, then the notebook as saved, once its execution counts match the page's."""
        self.page.keyboard.press("Escape")          # command mode
        self.page.keyboard.press("Control+s")
        shown = [int(p[1:-2]) for p in self.prompts()]
        deadline = time.monotonic() + RUN_MS / 1000
        pressed = time.monotonic()
        while True:
            model = self.saved_notebook(while_saving=True)
            saved = None if model is None else [c.get("execution_count") for c in model["cells"]
                                                 if c["cell_type"] == "code"]
            if saved == shown:
                return model
            if time.monotonic() > deadline:
                raise AssertionError(f"the saved notebook's counts {saved} never matched the page's {shown}")
            if time.monotonic() - pressed > 10:
                # On a loaded machine the page can drop a shortcut pressed while it re-renders
                # (seen once in CI, after Run All): press it again, as a student would.
                self.page.keyboard.press("Escape")
                self.page.keyboard.press("Control+s")
                pressed = time.monotonic()
            self.page.wait_for_timeout(250)         # poll the server, not a blind wait

    # terminal -----------------------------------------------------------------------------
    def terminal(self) -> str:
        """What the terminal received, without colour and cursor escapes."""
        return self._terminal.text()

    def run_in_terminal(self, command: str, timeout_ms: int) -> tuple[int, str]:
        """Type `command` into the terminal; (exit code, its output) once the shell reports it."""
        return self._terminal.run(self.page, command, timeout_ms)


# --- The notebook's structure --------------------------------------------------------------
def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def nbgrader(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def unanswered(notebook: dict) -> set[str]:
    """Names of the exercises whose solution cell still raises NotImplementedError."""
    return {nbgrader(c)["grade_id"] for c in code_cells(notebook)
            if nbgrader(c).get("solution") and "raise NotImplementedError" in source(c)}


def called_names(cell: dict) -> set[str]:
    try:
        tree = ast.parse(source(cell))
    except SyntaxError:
        return set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", source(cell)))
    return {node.func.id for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def expected_failures(notebook: dict, missing: set[str]) -> list[int]:
    """Code cells (by index) that must raise: those calling an unanswered function.

    The solution cells only define functions, so they never fail; every other cell that calls
    an unanswered function stops with its NotImplementedError.
    """
    return [i for i, c in enumerate(code_cells(notebook))
            if not nbgrader(c).get("solution") and called_names(c) & missing]


def exercise_test_cell(notebook: dict, exercise: str) -> int:
    """Index (among code cells) of the test cell that follows exercise's solution cell."""
    cells = code_cells(notebook)
    solution = next(i for i, c in enumerate(cells) if nbgrader(c).get("grade_id") == exercise)
    test = next(i for i in range(solution + 1, len(cells)) if nbgrader(cells[i]).get("grade"))
    assert exercise in called_names(cells[test]), f"code cell {test} does not test {exercise}"
    return test


def error_outputs(cell: dict) -> list[dict]:
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


# --- The test ------------------------------------------------------------------------------
def _require_browser():
    if os.environ.get("COURSE_SKIP_BROWSER") == "1":
        pytest.skip("COURSE_SKIP_BROWSER=1: the browser test is switched off")
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium "
                    "with apt-get (or set COURSE_SKIP_BROWSER=1 to skip the browser test)",
                    pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        pytest.fail(f"Playwright for Python is missing ({error}): run `make test`, which installs "
                    "the test extra of pyproject.toml into .venv", pytrace=False)
    return sync_playwright


def test_a_student_works_through_the_notebook_in_chromium(tmp_path):
    sync_playwright = _require_browser()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.iterdir():
        if old.is_file() and not old.name.startswith(OTHER_TESTS_ARTIFACTS):
            old.unlink()

    workspace = tmp_path / "workspace"
    log_path = tmp_path / "lab.log"
    settings = tmp_path / "lab-settings"
    for name, values in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    # As a learner's `make lab`: no MPLBACKEND (so figures are inline), and private Jupyter and
    # IPython folders, so nothing of the developer's own configuration applies.
    env = {
        "MPLBACKEND": None,
        "JUPYTERLAB_SETTINGS_DIR": settings,
        "JUPYTERLAB_WORKSPACES_DIR": tmp_path / "lab-workspaces",
        "JUPYTER_CONFIG_DIR": tmp_path / "jupyter-config",
        "JUPYTER_DATA_DIR": tmp_path / "jupyter-data",
        "IPYTHONDIR": tmp_path / "ipython",
    }
    folder, notebook_name = NOTEBOOK.split("/")

    with lab_server(workspace, log_path, env) as (base, process), sync_playwright() as playwright:
        wait_for_lab(base, process, log_path)
        released = json.loads((workspace / NOTEBOOK).read_text(encoding="utf-8"))
        missing = unanswered(released)
        assert EXERCISE in missing, f"{EXERCISE} is not an unanswered exercise of {NOTEBOOK}"
        failing = expected_failures(released, missing)
        exercise_test = exercise_test_cell(released, EXERCISE)
        solution_index = next(i for i, c in enumerate(code_cells(released))
                              if nbgrader(c).get("grade_id") == EXERCISE)

        me = None
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(LOAD_MS)
            me = Student(page, base, log_path)

            with me.step("01-open-notebook"):
                page.goto(f"{base}/lab?token={TOKEN}")
                for name in (folder, notebook_name):     # double-click in the file browser
                    page.locator(".jp-DirListing-item").filter(has=page.locator(
                        ".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(name)}$"))).dblclick()
                page.locator(f"{_NOTEBOOK} .jp-CodeCell").first.wait_for()
                page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\|\s*Idle")).wait_for()
                page.wait_for_function(    # JupyterLab attaches the cells in batches
                    f"n => document.querySelectorAll('{_NOTEBOOK} .jp-CodeCell').length === n",
                    arg=len(code_cells(released)))
                me.shot("01-notebook-open")

            with me.step("02-run-all"):
                me.menu("Run", "Run All Cells")
                page.wait_for_function(JS_RUN_FINISHED, timeout=RUN_MS)
                prompts = me.prompts()
                first_failure = failing[0]
                ran = [i for i, p in enumerate(prompts) if re.fullmatch(r"\[\d+\]:", p)]
                assert ran[:first_failure + 1] == list(range(first_failure + 1)), (
                    f"Run All should run every cell up to the first failing one (code cell "
                    f"{first_failure}); prompts: {prompts}")
                output = me.code_cell(first_failure).locator(".jp-Cell-outputArea").text_content()
                assert "NotImplementedError" in output, (
                    f"code cell {first_failure} (the first that calls an unanswered function) "
                    f"should show NotImplementedError, it shows: {output[-800:]!r}")
                me.show(me.code_cell(first_failure))
                me.shot("02-run-all-stops-at-first-unanswered-test")

            with me.step("03-run-every-cell"):
                me.shift_enter_through(first_failure + 1)
                prompts = me.prompts()
                not_run = [i for i, p in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", p)]
                assert not not_run, f"code cells {not_run} have no execution count: {prompts}"
                saved = me.save_and_read()
                problems = []
                for i, cell in enumerate(code_cells(saved)):
                    errors = error_outputs(cell)
                    names = [e["ename"] for e in errors]
                    if i in failing and names != ["NotImplementedError"]:
                        problems.append(f"code cell {i} calls an unanswered function "
                                        f"({sorted(called_names(cell) & missing)}) but raised {names}")
                    elif i not in failing and errors:
                        problems.append(f"code cell {i} should run cleanly, it raised "
                                        f"{[(e['ename'], e['evalue']) for e in errors]}:\n"
                                        f"{source(cell)[:300]}")
                assert not problems, "\n".join(problems)
                me.shot("03-every-cell-ran")

            with me.step("04-type-the-answer"):
                cell = me.code_cell(solution_index)
                me.show(cell)
                cell.locator(".cm-content").click()
                page.keyboard.press("Control+a")
                me.type_code(ANSWER)
                typed = me.editor_text(cell)
                assert typed == ANSWER, (
                    "the editor does not hold what was typed:\n--- typed ---\n"
                    f"{ANSWER}\n--- editor ---\n{typed}")
                me.shot("04-answer-typed", cell)

            with me.step("05-run-answer-and-its-test"):
                before_solution = me.prompts()[solution_index]
                page.keyboard.press("Shift+Enter")        # runs the solution cell, selects the next
                me.wait_cell_ran(solution_index, before_solution)
                test_cell = me.code_cell(exercise_test)
                if exercise_test != solution_index + 1:
                    test_cell.locator(".jp-InputPrompt").click()
                before_test = me.prompts()[exercise_test]
                page.keyboard.press("Shift+Enter")
                after = me.wait_cell_ran(exercise_test, before_test)
                assert int(after[1:-2]) > int(before_test[1:-2]), (after, before_test)
                output = test_cell.locator(".jp-Cell-outputArea").text_content()
                stderr = test_cell.locator(
                    ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
                assert not stderr and "Error" not in output, (
                    f"the test cell of {EXERCISE} should pass now, it shows: {output[-800:]!r}")
                me.show(me.code_cell(solution_index))
                me.shot("05-test-passes")

            with me.step("06-move-the-widget"):
                sliders = page.locator(f"{_NOTEBOOK} .jp-CodeCell").filter(
                    has=page.locator(".widget-slider"))
                widget_cell = sliders.first
                me.show(widget_cell)
                image = widget_cell.locator("img.widget-image").first
                image.wait_for()
                before_src = image.get_attribute("src")
                handle = widget_cell.locator(".widget-slider .noUi-handle").first
                value = handle.get_attribute("aria-valuenow")
                me.shot("06a-widget-before", widget_cell)
                handle.focus()
                page.keyboard.press("ArrowRight")
                page.wait_for_function(
                    """([cell, value, src]) => {
                        const handle = cell.querySelector('.widget-slider .noUi-handle');
                        const img = cell.querySelector('img.widget-image');
                        return handle.getAttribute('aria-valuenow') !== value
                            && img !== null && img.getAttribute('src') !== src;
                    }""", arg=[widget_cell.element_handle(), value, before_src], timeout=RUN_MS)
                assert float(handle.get_attribute("aria-valuenow")) == float(value) + 1
                me.shot("06b-widget-after", widget_cell)

            with me.step("07-validate"):
                button = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar"
                                      ).get_by_text("Validate", exact=True)
                assert button.count() == 1, "nbgrader's Validate button is not in the notebook toolbar"
                button.click()
                dialog = page.locator(".jp-Dialog").filter(has_text="Validation Results")
                dialog.wait_for(timeout=VALIDATE_MS)
                report = dialog.locator(".jp-Dialog-body").inner_text()
                me.shot("07-validate")
                cells = code_cells(released)
                still_missing = missing - {EXERCISE}
                blocks = report.split("The following cell failed:")[1:]
                failed_tests = set()
                for block in blocks:
                    for name in missing:
                        test_source = source(cells[exercise_test_cell(released, name)]).strip()
                        if block.strip().startswith(test_source.splitlines()[0]):
                            failed_tests.add(name)
                assert failed_tests == still_missing, (
                    f"Validate should fail exactly the tests of {sorted(still_missing)}, it failed "
                    f"those of {sorted(failed_tests)} ({len(blocks)} failed cells):\n{report[:3000]}")
                dialog.locator(".jp-Dialog-button").last.click()
                dialog.wait_for(state="detached")

            with me.step("08-grade-in-terminal"):
                me.menu("File", "New", "Terminal")
                page.locator(".jp-Terminal:visible .xterm").wait_for()
                deadline = time.monotonic() + LOAD_MS / 1000
                while not me.terminal_text:               # the shell's first prompt
                    assert time.monotonic() < deadline, "the terminal never showed a prompt"
                    page.wait_for_timeout(100)
                code, output = me.run_in_terminal(GRADE_COMMAND, GRADE_MS)
                # The README's command, as a learner types it: the terminal must start in the
                # workspace and find the course's python even after ~/.bashrc (pyenv, conda).
                assert "test_" in output, (
                    f"README's `{GRADE_COMMAND}` did not run the grader in JupyterLab's terminal "
                    f"(exit {code}):\n{output.strip()[-1500:]}")
                (ARTIFACTS / "terminal.txt").write_text(me.terminal(), encoding="utf-8")
                me.shot("08-grade-in-terminal")
                scores = dict(re.findall(r"^(test_\w+)\s+(\S+/\S+)", output, re.M))
                assert _full(scores.get(f"test_{EXERCISE}")), (
                    f"the grader should give test_{EXERCISE} full points, its table says "
                    f"{scores}:\n{output[:2000]}")
                for name in missing - {EXERCISE}:
                    assert not _full(scores.get(f"test_{name}")), (
                        f"test_{name} is unanswered yet has {scores.get(f'test_{name}')}")
                assert code == 1, f"exit code {code}: other exercises are still unanswered"
        finally:
            browser.close()
            shutil.copy2(log_path, ARTIFACTS / "lab.log")
            if me is not None:
                (ARTIFACTS / "timings.txt").write_text("\n".join(me.timings) + "\n", encoding="utf-8")


def _full(score: str | None) -> bool:
    """'3/3' -> True, '0/3' -> False, None -> False."""
    if not score:
        return False
    got, total = score.split("/")
    return float(got) >= float(total) > 0
