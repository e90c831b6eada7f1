"""A class on a real JupyterHub, end to end, in Chromium (issue #15).

The hub is started from the shipped example, deploy/jupyterhub/jupyterhub_config.py, with only
test overrides (loopback address and free ports, the test authenticator, the users and a
temporary exchange root): configurable-http-proxy from npm, LocalProcessSpawner (every user's
JupyterLab is a process of that Unix user), nbgrader's exchange in a folder the hub config makes
world-writable and sticky. The test creates an instructor and three students as local Unix users
(random names) and removes them afterwards, with their processes, even when it fails.

In Chromium, as people would: the instructor's course folder is made once
(`python -m autograder course init`, as that user, before the hub starts: a teacher's one-time
setup); the instructor logs in, sees Formgrader, and releases Part 1 with
`nbgrader release_assignment` in a hub terminal. Each student logs in and fetches Part 1 in the
Assignments panel; one answers in the notebook editor (paste each answer into its solution cell,
save, Validate), two have their fetched notebook edited as their own user (one partly right, one
with a hostile cell from the adversarial suite); each submits in the Assignments panel. The
instructor collects, grades with `python -m autograder autograde --course .` and releases the
feedback in the terminal; a student fetches it in the Assignments panel and opens it there
("view feedback", then the page in JupyterLab's HTML viewer).

Asserted: the gradebook's score of each student is what the in-process judge gives their answers
on the class's cases (tests/classroom.py `earned`), the hostile student is flagged, nobody else is,
the exchange's files belong to the users who put them there, students see neither Formgrader nor
Create Assignment (menu, server extension), the feedback a student reads shows their score and no
hidden-test source. Screenshots of each step are kept under test-artifacts/jupyterhub/.

Needs root (it creates Unix users; `make test` in CI runs as root) and `make test`'s installs:
Chromium, bubblewrap, setfacl (acl) and configurable-http-proxy (npm, into .node/).
"""
from __future__ import annotations

import csv
import os
import pwd
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.course import source_notebooks
from autograder.pipeline.exports import exercise_rows
from autograder.isolation import jail
from autograder.authoring.sync import solution_cell_source
from classroom import earned
from lab_server import ROOT, TerminalOutput, free_port, get
from test_browser import CHROMIUM, CHROMIUM_ARGS, _require_browser

pytestmark = pytest.mark.browser

HUB_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = ROOT / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
ARTIFACTS = ROOT / "test-artifacts" / "jupyterhub"
PART1 = next(nb for nb in source_notebooks() if nb.assignment == "part1_subimages")
ASSIGNMENT, STEM = PART1.assignment, PART1.stem
COURSE_ID = "convolution-course"
COURSE_FOLDER = "convolution-course"     # in the instructor's home (the hub config's COURSE_FOLDER)
VIEWPORT = {"width": 1400, "height": 900}
LOAD_MS = 120_000       # a user's server spawning and JupyterLab loading
ACTION_MS = 90_000      # fetch, submit, fetch feedback, validate
GRADE_MS = 400_000      # collect + autograde three students in the terminal

# The three students' answers (exercise -> solution cell source; "reference" is the reference).
RIGHT = {"conv_output_shape": "reference", "SUBIMAGE_OPTION": "reference", "get_subimages": "reference"}
PARTLY = {"conv_output_shape": "reference",
          "get_subimages": ("def get_subimages(im, kernel):\n"
                            "    im = np.asarray(im, dtype=np.float64)\n"
                            "    kh, kw = np.shape(kernel)\n"
                            "    return {(x, y): im[x:x + kh, y:y + kw].copy() for x in range(im.shape[0] - kh + 1)\n"
                            "            for y in range(im.shape[1] - kw + 1)}\n")}
HOSTILE = {"conv_output_shape": "reference", "SUBIMAGE_OPTION": "reference"}
# From the adversarial suite (tests/test_adversarial_class.py, cheat-monkeypatch-numpy): a free
# cell that makes numpy's comparisons always true, so every visible assert would pass.
HOSTILE_CELL = ("np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
                "np.isclose = lambda a, b, **k: np.ones(np.shape(a), dtype=bool)\n")
HOSTILE_FLAG = "changes numpy"
# --- Unix users ----------------------------------------------------------------------------
def _run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))}: exit {done.returncode}\n{done.stderr[-3000:]}"
    return done


def _blocked_folders() -> list[Path]:
    """Folders on the way to this Python, the venv and the repository that other users cannot
    enter (e.g. /root when Python comes from pyenv): the test users get search (x) on them."""
    found = []
    for target in (Path(sys.executable).resolve(), Path(sys.prefix).resolve(), ROOT):
        for folder in reversed(target.parents):
            if folder not in found and not folder.stat().st_mode & stat.S_IXOTH:
                found.append(folder)
    return found


def _user_processes(uids: set[int]) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


@pytest.fixture(scope="module")
def people(request):
    """{role: Unix user name}: an instructor and three students, created here, removed afterwards
    (their processes killed by pid, the ACL entries taken back, `userdel -r`), even on failure."""
    _require_browser()
    if os.geteuid() != 0:
        pytest.skip("the JupyterHub test creates Unix users: run it as root (CI's `make test` does)")
    for tool in ("useradd", "userdel", "setfacl", "getfacl"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: `make test` installs it (acl, passwd)", pytrace=False)
    if not jail.available():
        pytest.fail(f"no jail here: {jail.unavailable_reason()}", pytrace=False)
    suffix = secrets.token_hex(3)
    names = {"instructor": f"hubteach{suffix}", "right": f"hubstua{suffix}",
             "partly": f"hubstub{suffix}", "hostile": f"hubstuc{suffix}"}
    created, granted = [], []

    def remove():
        uids = set()
        for name in created:
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        for _ in range(2):
            for pid in _user_processes(uids):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.5)
        for folder, plain in granted:
            for name in created:
                subprocess.run(["setfacl", "-x", f"u:{name}", str(folder)], capture_output=True)
            if plain:                                    # it had no ACL: drop the mask entry too
                subprocess.run(["setfacl", "-b", str(folder)], capture_output=True)
        for name in created:
            subprocess.run(["userdel", "-r", name], capture_output=True)
        left = [n for n in created if _exists(n)]
        assert not left, f"users not removed: {left}"

    request.addfinalizer(remove)
    for name in names.values():
        _run(["useradd", "--create-home", "--shell", "/bin/bash", name])
        created.append(name)
    for folder in _blocked_folders():
        plain = not _run(["getfacl", "--omit-header", "--skip-base", str(folder)]).stdout.strip()
        granted.append((folder, plain))
        for name in names.values():
            _run(["setfacl", "-m", f"u:{name}:x", str(folder)])
    return names


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def as_user(name: str, args, **kwargs) -> subprocess.Popen:
    """Start `args` as Unix user `name` in their home, with the course environment first on PATH."""
    user = pwd.getpwnam(name)
    env = {"HOME": user.pw_dir, "USER": name, "LOGNAME": name, "LANG": "C.UTF-8",
           "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin"}
    return subprocess.Popen(["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups",
                             "--", *args], cwd=user.pw_dir, env=env, start_new_session=True, **kwargs)


def home(name: str) -> Path:
    return Path(pwd.getpwnam(name).pw_dir)


# --- The hub -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hub(people, request):
    """A JupyterHub from the shipped config on 127.0.0.1; yields (base URL, exchange root)."""
    if not (PROXY.exists() or shutil.which("configurable-http-proxy")):
        pytest.fail("configurable-http-proxy is missing: `make test` installs it with npm into .node/",
                    pytrace=False)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*"):
        old.unlink()
    state = Path(tempfile.mkdtemp(prefix="course-hub-", dir="/tmp"))
    state.chmod(0o755)                            # the exchange inside must be reachable by all
    request.addfinalizer(lambda: shutil.rmtree(state, ignore_errors=True))
    exchange = state / "exchange"                 # made by the hub config (1777) when it starts
    # The instructor's one-time setup, as that user, while the hub starts.
    init_log = open(ARTIFACTS / "course-init.log", "wb")
    init = as_user(people["instructor"], [sys.executable, "-m", "autograder", "course", "init",
                                          str(home(people["instructor"]) / COURSE_FOLDER)],
                   stdout=init_log, stderr=subprocess.STDOUT)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    config = state / "jupyterhub_config.py"
    config.write_text(
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(HUB_CONFIG)!r})  # noqa: F821  (the shipped example)\n"
        "# test overrides: loopback and free ports, a test authenticator, state in a temporary folder\n"
        f"c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'\n"
        f"c.JupyterHub.hub_ip = '127.0.0.1'\nc.JupyterHub.hub_port = {hub_port}\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'\n"
        "c.JupyterHub.authenticator_class = 'dummy'\n"
        f"c.JupyterHub.db_url = 'sqlite:///{state}/jupyterhub.sqlite'\n"
        f"c.JupyterHub.cookie_secret_file = '{state}/cookie_secret'\n"
        f"c.JupyterHub.pid_file = '{state}/jupyterhub.pid'\n"
        "c.Spawner.ip = '127.0.0.1'\n")
    env = dict(os.environ, COURSE_INSTRUCTORS=people["instructor"],
               COURSE_STUDENTS=" ".join(people[r] for r in ("right", "partly", "hostile")),
               COURSE_EXCHANGE_ROOT=str(exchange))
    env.pop("JUPYTER_CONFIG_PATH", None)
    log_path = ARTIFACTS / "jupyterhub.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=state, env=env,
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)

    def stop():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)   # the hub stops the users' servers and the proxy
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        for group in (process.pid, init.pid):
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(timeout=10)
        init.wait(timeout=10)
        init_log.close()
        _kill_listeners(port, api_port)

    request.addfinalizer(stop)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, f"jupyterhub exited with {process.returncode}:\n{_tail(log_path)}"
        try:
            if get(f"{base}/hub/health", timeout=5)[0] == 200:
                break
        except (urllib.error.URLError, OSError):
            pass
        assert time.monotonic() < deadline, f"the hub did not answer within 90 s:\n{_tail(log_path)}"
        time.sleep(0.5)
    assert init.wait(timeout=300) == 0, "course init failed:\n" + (ARTIFACTS / "course-init.log").read_text()[-3000:]
    return base, exchange


def _kill_listeners(*ports) -> None:
    """A process of this test still listening on one of the hub's ports (e.g. an orphaned proxy)."""
    wanted = {f"{p:04X}" for p in ports}
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].rsplit(":", 1)[1] in wanted and fields[3] == "0A":
                inodes.add(fields[9])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{i}]" in links for i in inodes):
            os.kill(int(entry.name), signal.SIGKILL)


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# --- A person in Chromium ------------------------------------------------------------------
class Person:
    """One user's browser context on the hub, with the evidence kept of each step."""

    def __init__(self, browser, base: str, name: str, role: str):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.set_default_timeout(ACTION_MS)     # generous: `make test` runs files in parallel
        self.page = self.context.new_page()
        self.base, self.name, self.role = base, name, role
        self._terminal = TerminalOutput(self.page)
        self.frames = self._terminal.frames

    @property
    def lab(self) -> str:
        return f"{self.base}/user/{self.name}/lab"

    def shot(self, step: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{step}-{self.role}.png"))

    def log_in(self, wait: bool = True) -> None:
        """Log in on the hub's page; the hub then starts this user's JupyterLab. wait=False
        returns at once (the spawn goes on meanwhile); `wait_for_lab` waits for it."""
        page = self.page
        page.goto(f"{self.base}/hub/login")
        page.fill("#username_input", self.name)
        page.fill("#password_input", "any password: the test authenticator")
        page.click("#login_submit", no_wait_after=True)
        if wait:
            self.wait_for_lab()

    def wait_for_lab(self) -> None:
        page = self.page
        page.wait_for_url(re.compile(rf"/user/{self.name}/lab"), timeout=LOAD_MS)
        page.locator("#jp-main-dock-panel").wait_for(timeout=LOAD_MS)
        page.locator("#jp-mainmenu-nbgrader").or_(page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")
                                                    ).first.wait_for(timeout=LOAD_MS)

    def open_menu(self, title: str) -> None:
        """Click a menu bar title until its menu shows (a click right after Escape may only
        toggle the bar's active state)."""
        item = self.page.locator(".lm-MenuBar-item").filter(has=self.page.locator(
            ".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(title)}$")))
        for _ in range(5):
            item.click()
            try:
                self.page.locator(".lm-Menu:visible").first.wait_for(timeout=2000)
                return
            except Exception:
                continue
        raise AssertionError(f"the {title} menu does not open")

    def close_menus(self) -> None:
        for _ in range(5):
            if not self.page.locator(".lm-Menu:visible").count():
                return
            self.page.keyboard.press("Escape")
            self.page.wait_for_timeout(300)
        self.page.locator("#jp-main-statusbar").click()
        self.page.locator(".lm-Menu:visible").first.wait_for(state="detached", timeout=5000)

    def menu(self, *path: str) -> None:
        self.open_menu(path[0])
        for label in path[1:]:
            self.page.locator(".lm-Menu:visible .lm-Menu-item").filter(has=self.page.locator(
                ".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(label)}$"))).first.click()

    def nbgrader_menu(self) -> list[str]:
        """The items of JupyterLab's Nbgrader menu, as this user sees it."""
        self.open_menu("Nbgrader")
        items = self.page.locator(".lm-Menu:visible .lm-Menu-itemLabel").all_text_contents()
        self.close_menus()
        return [i.strip() for i in items if i.strip()]

    def status(self, path: str) -> int:
        return self.page.request.get(f"{self.base}/user/{self.name}/{path}").status

    def assignments(self):
        """Open (or show) the Assignments panel; returns it once its lists have loaded."""
        self.menu("Nbgrader", "Assignment List")
        panel = self.page.locator("#nbgrader-assignment-list")
        panel.wait_for(timeout=ACTION_MS)
        panel.locator("#released_assignments_list_loading").wait_for(state="hidden", timeout=ACTION_MS)
        return panel

    def refresh(self, panel) -> None:
        panel.locator("#refresh_assignments_list").click()
        panel.locator("#released_assignments_list_loading").wait_for(state="hidden", timeout=ACTION_MS)

    def fetch(self) -> None:
        panel = self.assignments()
        row = panel.locator("#released_assignments_list .list_item:not(.nested_list_item)").filter(
            has_text=ASSIGNMENT).first
        row.wait_for(timeout=ACTION_MS)
        row.get_by_role("button", name="Fetch").click()
        panel.locator("#fetched_assignments_list .list_item:not(.nested_list_item)").filter(has_text=ASSIGNMENT).first.wait_for(
            timeout=ACTION_MS)
        self.shot("03-fetched")

    def submit(self) -> None:
        panel = self.assignments()
        self.refresh(panel)
        row = panel.locator("#fetched_assignments_list .list_item:not(.nested_list_item)").filter(
            has_text=ASSIGNMENT).first
        row.get_by_role("button", name="Submit").click()
        panel.locator("#submitted_assignments_list .list_item:not(.nested_list_item)").filter(has_text=ASSIGNMENT).first.wait_for(
            timeout=ACTION_MS)
        self.shot("05-submitted")

    # terminal -----------------------------------------------------------------------------
    def terminal_text(self) -> str:
        return self._terminal.text()

    def open_terminal(self) -> None:
        self.menu("File", "New", "Terminal")
        self.page.locator(".jp-Terminal:visible .xterm").wait_for(timeout=LOAD_MS)
        deadline = time.monotonic() + LOAD_MS / 1000
        while not self.frames:                        # the shell's first prompt
            assert time.monotonic() < deadline, "the terminal never showed a prompt"
            self.page.wait_for_timeout(100)

    def run(self, command: str, timeout_ms: int = ACTION_MS) -> str:
        """Type `command` into the open terminal; its output, once the shell says it exited 0."""
        status, output = self._terminal.run(self.page, command, timeout_ms)
        (ARTIFACTS / f"terminal-{self.role}.txt").write_text(self.terminal_text(), encoding="utf-8")
        assert status == 0, f"`{command}` exited {status}:\n{output[-4000:]}"
        return output


def answered_file(path: Path, answers: dict, extra_cell: str | None = None) -> None:
    """Write the student's answers into their fetched notebook (as the owner would save it)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in answers:
            source = answers[meta["grade_id"]]
            cell.source = solution_cell_source(meta["grade_id"]) if source == "reference" else source
    if extra_cell:
        nb.cells.append(nbformat.v4.new_code_cell(extra_cell))
    owner = path.stat()
    nbformat.write(nb, path)
    os.chown(path, owner.st_uid, owner.st_gid)


# --- The test ------------------------------------------------------------------------------
def test_a_class_runs_on_jupyterhub_release_submit_grade_feedback(people, hub):
    from playwright.sync_api import sync_playwright
    base, exchange = hub
    teacher = people["instructor"]
    course = home(teacher) / COURSE_FOLDER
    secret = (course / "class-secret").read_bytes()
    answers = {"right": RIGHT, "partly": PARTLY, "hostile": HOSTILE}
    expected = {people[r]: {f"test_{n}": p for n, p in earned(PART1, a, secret).items()}
                for r, a in answers.items()}
    timings = []
    step_started = [time.monotonic()]

    def step(name):
        timings.append(f"{name}: {time.monotonic() - step_started[0]:.1f} s")
        step_started[0] = time.monotonic()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        people_in_browser = []
        try:
            # 1. The instructor: Formgrader and Create Assignment are there; releases Part 1.
            instructor = Person(browser, base, teacher, "instructor")
            people_in_browser.append(instructor)
            instructor.log_in()
            students = {}                 # they log in now; their servers start meanwhile
            for role in ("right", "partly", "hostile"):
                students[role] = Person(browser, base, people[role], role)
                people_in_browser.append(students[role])
                students[role].log_in(wait=False)
            instructor.page.bring_to_front()
            menu = instructor.nbgrader_menu()
            assert {"Formgrader", "Create assignment", "Assignment List"} <= set(menu), menu
            assert instructor.status("formgrader") == 200
            instructor.menu("Nbgrader", "Formgrader")
            frame = instructor.page.frame_locator("#formgrader-iframe iframe")
            frame.locator("tr", has_text=ASSIGNMENT).first.wait_for(timeout=LOAD_MS)
            instructor.shot("01-formgrader")
            instructor.open_terminal()
            instructor.run(f"cd ~/{COURSE_FOLDER} && nbgrader release_assignment {ASSIGNMENT}")
            instructor.shot("02-released")
            outbound = exchange / COURSE_ID / "outbound" / ASSIGNMENT
            assert outbound.is_dir()
            assert stat.S_IMODE(exchange.stat().st_mode) == 0o1777, "the exchange root is 1777 (sticky)"
            step("instructor releases (students log in meanwhile)")

            # 2. Students: Assignments panel and Validate, no Formgrader or Create Assignment.
            for role in ("right", "partly", "hostile"):
                students[role].wait_for_lab()
                student = students[role]
                menu = student.nbgrader_menu()
                assert "Assignment List" in menu, menu
                assert not {"Formgrader", "Formgrader (local)", "Create assignment", "Course List"} & set(menu), menu
                assert student.status("formgrader") == 404, "the formgrader server extension is off for students"
                student.fetch()
            step("students see their menu and fetch")

            # 3. The right student answers in the notebook editor, saves, validates, submits.
            me = students["right"]
            notebook = home(me.name) / ASSIGNMENT / f"{STEM}.ipynb"
            assert notebook.stat().st_uid == pwd.getpwnam(me.name).pw_uid
            me.page.goto(f"{me.lab}/tree/{ASSIGNMENT}/{STEM}.ipynb")
            cells = me.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell")
            cells.first.wait_for(timeout=LOAD_MS)
            released = nbformat.read(notebook, as_version=4)
            code = [c for c in released.cells if c.cell_type == "code"]
            for index, cell in enumerate(code):
                name = cell.metadata.get("nbgrader", {}).get("grade_id")
                if cell.metadata.get("nbgrader", {}).get("solution") and name in RIGHT:
                    editor = cells.nth(index).locator(".cm-content")
                    editor.scroll_into_view_if_needed()
                    editor.click()
                    me.page.keyboard.press("Control+a")
                    me.page.keyboard.insert_text(solution_cell_source(name))
            me.page.keyboard.press("Escape")
            me.page.keyboard.press("Control+s")
            deadline = time.monotonic() + ACTION_MS / 1000
            while True:
                saved = {c.metadata["nbgrader"]["grade_id"]: c.source
                         for c in nbformat.read(notebook, as_version=4).cells
                         if c.metadata.get("nbgrader", {}).get("solution")}
                if all(saved.get(n) == solution_cell_source(n) for n in RIGHT):
                    break
                assert time.monotonic() < deadline, f"the saved notebook never held the answers: {saved}"
                me.page.wait_for_timeout(300)
            me.shot("04-answered")
            validate = me.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar"
                                       ).get_by_text("Validate", exact=True)
            assert validate.count() == 1, "nbgrader's Validate button is in a student's notebook toolbar"
            validate.click()
            dialog = me.page.locator(".jp-Dialog")
            dialog.wait_for(timeout=ACTION_MS * 2)
            report = dialog.inner_text()
            me.shot("04-validated")
            assert "passes all the tests" in report or "Success" in report, report[:2000]
            dialog.locator(".jp-Dialog-button").last.click()
            sidebar_titles = me.page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all(
                "tabs => tabs.map(t => t.getAttribute('title') || t.textContent)")
            assert not any("Create Assignment" in (t or "") for t in sidebar_titles), sidebar_titles
            me.submit()
            step("right student answers in the editor, validates, submits")

            # 4. The other two: their fetched notebook edited as their own file; submit in the panel.
            answered_file(home(people["partly"]) / ASSIGNMENT / f"{STEM}.ipynb", PARTLY)
            answered_file(home(people["hostile"]) / ASSIGNMENT / f"{STEM}.ipynb", HOSTILE, HOSTILE_CELL)
            students["partly"].submit()
            students["hostile"].submit()
            step("two students submit")

            # 5. The instructor collects, grades, releases feedback in the terminal.
            instructor.page.bring_to_front()
            instructor.run(f"nbgrader collect {ASSIGNMENT}")
            output = instructor.run("python -m autograder autograde --course . --jobs 2", GRADE_MS)
            instructor.shot("06-graded")
            instructor.run(f"nbgrader release_feedback {ASSIGNMENT}")
            instructor.shot("07-feedback-released")
            step("instructor collects, grades, releases feedback")

            # 6. The partly-right student fetches the feedback and reads it.
            reader = students["partly"]
            reader.page.bring_to_front()
            panel = reader.assignments()
            self_row = panel.locator("#submitted_assignments_list .list_item:not(.nested_list_item)").filter(has_text=ASSIGNMENT).first
            self_row.get_by_role("button", name="Fetch Feedback").click()
            view = panel.locator("#submitted_assignments_list").get_by_text("view feedback")
            view.first.wait_for(timeout=ACTION_MS)
            reader.shot("08-feedback-fetched")
            feedback = sorted((home(reader.name) / ASSIGNMENT / "feedback").glob(f"*/{STEM}.html"))
            assert feedback, "the fetched feedback is in the student's assignment folder"
            view.first.click()                         # the file browser goes to the feedback folder
            page_file = reader.page.locator(".jp-DirListing-item", has_text=f"{STEM}.html")
            page_file.wait_for(timeout=ACTION_MS)
            page_file.dblclick()                       # JupyterLab's HTML viewer
            shown = reader.page.frame_locator(".jp-HTMLViewer iframe")
            shown.get_by_text(re.compile(r"Score:")).first.wait_for(timeout=ACTION_MS)
            text = shown.locator("body").inner_text()
            reader.shot("09-feedback-read")
            step("student fetches and reads feedback")
        finally:
            for person in people_in_browser:
                try:
                    person.page.screenshot(path=str(ARTIFACTS / f"last-{person.role}.png"))
                except Exception:
                    pass
            browser.close()
            (ARTIFACTS / "timings.txt").write_text("\n".join(timings) + "\n")

    # What the gradebook holds: each student's expected score, the hostile one changed nothing.
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        stored = {}
        for student, _, _, exercise, score, _top in exercise_rows(gradebook):
            stored.setdefault(student, {})[exercise] = score
    assert stored == expected, f"gradebook {stored}\nexpected {expected}\n{output[-2000:]}"
    assert len({sum(v.values()) for v in expected.values()}) == 3, f"three different totals: {expected}"
    with open(course / "flags.csv") as f:
        flags = list(csv.DictReader(f))
    # nbgrader's exchange puts timestamp.txt and submission_secret.txt into every collected
    # submission, and the intake notes them as ignored extra files: not a flag on the student.
    flagged = {row["student"] for row in flags}
    assert any(row["student"] == people["hostile"] and HOSTILE_FLAG in row["reason"] for row in flags), flags
    assert flagged == {people["hostile"]}, f"only the hostile student is flagged: {flags}"

    # The feedback the student read: their score, no hidden tests.
    total, top = sum(expected[reader.name].values()), sum(float(c.metadata["nbgrader"]["points"])
                                                          for c in PART1.read().cells
                                                          if c.metadata.get("nbgrader", {}).get("grade"))
    assert re.search(rf"Score:\s*{total:g}\s*/\s*{top:g}", text), text[:1500]
    source = feedback[-1].read_text()
    assert "BEGIN HIDDEN TESTS" not in source and "check_exercise(" not in source

    # The exchange: files belong to those who put them there.
    uid = {name: pwd.getpwnam(name).pw_uid for name in people.values()}
    assert (exchange / COURSE_ID / "outbound" / ASSIGNMENT / f"{STEM}.ipynb").stat().st_uid == uid[teacher]
    inbound = exchange / COURSE_ID / "inbound"
    for role in ("right", "partly", "hostile"):
        name = people[role]
        mine = [p for p in inbound.iterdir() if p.name.startswith(f"{name}+{ASSIGNMENT}+")]
        assert mine, f"no submission of {name} in the exchange"
        for path in [p for m in mine for p in [m, *m.rglob("*")]]:
            assert path.stat().st_uid == uid[name], f"{path} belongs to uid {path.stat().st_uid}, not {name}"
    released_feedback = list((exchange / COURSE_ID / "feedback").glob("*.html"))
    assert len(released_feedback) == 3, released_feedback
    assert all(p.stat().st_uid == uid[teacher] for p in released_feedback)
