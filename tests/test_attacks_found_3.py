"""Attacks on the grading pipeline that work on the current code (each test fails until it is fixed).

Third round, by a student who read autograder/ and README "Grading guarantees", aimed at the
instructor's course folder (`python -m autograder course init`, plain `nbgrader autograde` and
`nbgrader generate_feedback` in it, formgrader), the feedback page and the jails' resources.
Each test names the attack, says what it does and what the grader should do instead; each is
marked xfail(strict=True) until the lead fixes it (then the mark goes).
"""
import json
import os
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from autograder.course import REPO_ROOT, source_notebooks
from autograder.isolation import jail
from autograder.isolation.sandbox import Limits, run_solution_cells
from autograder.exercises.spec import Case
from autograder.authoring.sync import solution_cell_source

needs_jail = pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}")
ASSIGNMENT = STEM = "part1_subimages"
PART1 = next(nb for nb in source_notebooks() if nb.assignment == ASSIGNMENT)


def _run(args, cwd, timeout=900):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


class LiveMarkup(HTMLParser):
    """What of a page a browser would run: event-handler attributes and script elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.handlers, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.handlers += [f"{tag} {name}={value}" for name, value in attrs if name.lower().startswith("on")]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def live_markers(html: str, marker: str) -> list:
    """The event handlers and scripts of `html` that carry `marker` (student-written live HTML)."""
    parser = LiveMarkup()
    parser.feed(html)
    return [h for h in parser.handlers if marker in h] + [s[:200] for s in parser.scripts if marker in s]


# A Part 1 submission whose student writes HTML where the teacher will look at it.
# get_subimages is the reference in the answer checker's jail (no /submission there), but in the
# notebook's kernel it raises an error whose message is HTML: the grader flags "passes on its own
# but failed in the notebook: <the message>" as the answer cell's automatic comment.
KERNEL_ONLY_ERROR = ("import os as _os\n"
                     + solution_cell_source("get_subimages").replace(
                         "def get_subimages(im, kernel):",
                         "def get_subimages(im, kernel):\n"
                         "    if _os.path.exists('/submission'):\n"
                         "        raise ValueError('<img src=x onerror=alert(/fb-comment/)>')", 1))
STUDENT_HTML = {
    "markdown": "My notes <img src=x onerror=alert(/fg-markdown/)>",
    "display": ("from IPython.display import HTML, Image, display\n"
                "display(HTML('<script>alert(\"fg-script\")</script><b onmouseover=alert(\"fg-output\")>hi</b>'))\n"
                "display({'image/png': 'iVBORw0KGgo='}, raw=True,"
                " metadata={'image/png': {'width': '1 onerror=alert(/fg-width/) x'}})\n"),
}


def _answered(nb, answers: dict):
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder (`course init`), three Part 1 submissions, graded by plain
    `nbgrader autograde` and `nbgrader generate_feedback` in it, as README's instructor does."""
    root = tmp_path_factory.mktemp("course3") / "course"
    done = _run([sys.executable, "-m", "autograder", "course", "init", str(root)], cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    released = root / "release" / ASSIGNMENT
    reference = {name: solution_cell_source(name) for name in PART1.exercises()}

    # mallory: HTML in a markdown cell, in an output, and in an error message the grader flags.
    folder = root / "submitted" / "mallory" / ASSIGNMENT
    shutil.copytree(released, folder)
    nb = _answered(nbformat.read(folder / f"{STEM}.ipynb", as_version=4),
                   {**reference, "get_subimages": KERNEL_ONLY_ERROR})
    nb.cells.insert(1, new_markdown_cell(STUDENT_HTML["markdown"]))
    nb.cells.insert(2, new_code_cell(STUDENT_HTML["display"]))
    nbformat.write(nb, folder / f"{STEM}.ipynb")

    # eve: an honest notebook and a link named like a feedback page, to the source of Part 7.
    folder = root / "submitted" / "eve" / ASSIGNMENT
    shutil.copytree(released, folder)
    nbformat.write(_answered(nbformat.read(folder / f"{STEM}.ipynb", as_version=4), reference),
                   folder / f"{STEM}.ipynb")
    (folder / "notes.html").symlink_to(root / "source" / "part7_compare_fast" / "part7_compare_fast.ipynb")

    log = ""
    for command in (["autograde"], ["generate_feedback"]):
        done = _run([sys.executable, "-m", "nbgrader", *command, ASSIGNMENT], cwd=root)
        assert done.returncode == 0, done.stderr[-3000:]
        log += done.stderr
    (root.parent / "nbgrader.log").write_text(log)  # beside the course folder, not in it
    return root


def _formgrader_page(course: Path, student: str) -> str:
    """The page formgrader shows the teacher for `student`'s Part 1: its exporter, built as
    nbgrader's FormgradeExtension builds it (HTMLExporter with the course's configuration and the
    formgrade template), on the autograded notebook."""
    script = f"""
import sys
from nbconvert.exporters import HTMLExporter
from nbgrader.apps.baseapp import NbGrader
from nbgrader.server_extensions.formgrader import handlers
app = NbGrader()
app.load_cwd_config = True
app.load_config_file()
config = app.config
config.HTMLExporter.template_name = "formgrade"
config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
resources = {{"assignment_id": {ASSIGNMENT!r}, "notebook_id": {STEM!r}, "submission_id": "x", "index": 0,
             "total": 1, "base_url": "", "student": {student!r}, "last_name": "", "first_name": "",
             "notebook_path": "x"}}
html, _ = HTMLExporter(config=config).from_filename(
    "autograded/{student}/{ASSIGNMENT}/{STEM}.ipynb", resources=resources)
sys.stdout.write(html)
"""
    done = _run([sys.executable, "-c", script], cwd=course)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@needs_jail
def test_formgrader_shows_the_teacher_live_html_from_the_students_notebook(course):
    """(teacher's browser) The feedback page is sanitised (FeedbackHTMLExporter), but formgrader
    renders the autograded notebook with its own `HTMLExporter(config=<the course's config>)`,
    and the course's configuration leaves `HTMLExporter.sanitize_html` off. A markdown cell with
    `<img src=x onerror=...>` a cell that displays `HTML('<script>…')` and an image whose output metadata says width
    `1 onerror=…` (the first round's attack on feedback, never cleaned for formgrader) reach the teacher's
    formgrader page as live HTML: the script runs at the Jupyter server's origin, in the
    teacher's session (it can call /api/kernels and run code as the teacher: rewrite
    gradebook.db, read class-secret and source/). The course's configuration should make every
    exporter of the course folder sanitise (`c.HTMLExporter.sanitize_html = True` in
    `course_config`, and output metadata kept to numeric image sizes in the autograded notebook
    itself, as HideGradingInternals does for feedback), or the autograded notebook should carry
    student HTML only as text."""
    page = _formgrader_page(course, "mallory")
    assert "My notes" in page and "fg-script" in page  # the student's cells are on the page
    found = [m for marker in ("fg-markdown", "fg-script", "fg-output", "fg-width") for m in live_markers(page, marker)]
    assert not found, found


@needs_jail
def test_an_error_message_flagged_by_the_grader_is_live_html_in_the_feedback_page(course):
    """(feedback page) JudgeAnswers flags an answer that passes on its own but fails in the
    notebook with `passes on its own but failed in the notebook: <the kernel's error text>` and
    SaveVerdicts stores the flags as the answer cell's automatic comment. nbgrader's
    `generate_feedback` puts that comment into the page through the feedback template's
    `markdown2html` filter, which nbconvert's sanitizer (`sanitize_html`, applied to cells and
    outputs only) never sees. A get_subimages that raises
    `ValueError('<img src=x onerror=alert(...)>')` only in the notebook's kernel (it can tell:
    /submission exists there) earns its full points and puts a live event handler into the
    feedback page the teacher releases (and may open), against README's 'Student output reaches
    the feedback page escaped'. The flag's student text should be escaped (or kept out of the
    comment), or FeedbackHTMLExporter should sanitise the comment as well."""
    page = (course / "feedback" / "mallory" / ASSIGNMENT / f"{STEM}.html").read_text()
    assert "fb-comment" in page  # the flag is on the page
    assert not live_markers(page, "fb-comment"), live_markers(page, "fb-comment")


@needs_jail
def test_a_symlink_in_the_submission_puts_the_reference_into_the_students_feedback_folder(course):
    """(leak) The second round's fix keeps the submission's files out of the grading kernel's
    jail, but plain `nbgrader autograde` in a course folder still copies every extra file of
    submitted/<student>/<assignment>/ into autograded/ with shutil.copy (which follows a
    symbolic link), and `nbgrader generate_feedback` copies every extra file of autograded/ into
    feedback/<student>/<assignment>/. `nbgrader release_feedback` then releases every `*.html`
    of that folder to the student (named by the hash of the student's own submission secret and
    the file's stem). A submission holding `notes.html -> <course>/source/part7_compare_fast/
    part7_compare_fast.ipynb` (or class-secret, or .course/expected/…; nbgrader's `collect`
    follows a link a student leaves in the exchange's inbound folder too) gets the reference
    solutions back as its own feedback. README promises such a submission is refused; the course
    folder's pipeline should refuse it (a sanitising preprocessor, or `exclude`/`ignore` settings
    so that no extra file is carried from submitted/ into autograded/ and feedback/)."""
    released = (course / "release" / "part7_compare_fast" / "part7_compare_fast.ipynb").read_text()
    reference_line = next(json.dumps(line)[1:-1] for line in solution_cell_source("im_conv_fast").splitlines()
                          if len(line.strip()) > 20 and json.dumps(line)[1:-1] not in released)
    feedback = course / "feedback" / "eve" / ASSIGNMENT
    leaked = [p.name for p in feedback.glob("*") if p.is_file() and reference_line in p.read_text(errors="replace")]
    assert not leaked, leaked
    # Refused whole, and said so: nbgrader left eve out before copying anything of hers.
    assert not (course / "autograded" / "eve").exists()
    assert "not graded: eve: eve/part1_subimages/notes.html is a symbolic link" in (course.parent / "nbgrader.log").read_text()


# A solution cell whose probe() forks three children that each fill 450 MB, and returns what
# they hold resident together. It waits for its children with select, not a bare read: a child
# the jail's limit kills never writes its byte, and the probe holds the pipe's write end itself,
# so a bare read would block until the step's time limit (then the outcome is a timeout, not a size).
FORKING_PROBE = ("import os, select, time\n"
                 "def probe():\n"
                 "    r, w = os.pipe()\n"
                 "    children = []\n"
                 "    for _ in range(3):\n"
                 "        pid = os.fork()\n"
                 "        if pid == 0:\n"
                 "            try:\n"
                 "                hog = b'x' * (450 * 1024 ** 2)\n"
                 "                os.write(w, b'1')\n"
                 "                time.sleep(20)\n"
                 "            finally:\n"
                 "                os._exit(0)\n"
                 "        children.append(pid)\n"
                 "    ready, deadline = 0, time.time() + 15\n"
                 "    while ready < 3 and time.time() < deadline:\n"
                 "        if select.select([r], [], [], max(0.0, deadline - time.time()))[0]:\n"
                 "            ready += len(os.read(r, 3))\n"
                 "    resident = 0\n"
                 "    for pid in children:\n"
                 "        for line in open(f'/proc/{pid}/status'):\n"
                 "            if line.startswith('VmRSS'):\n"
                 "                resident += int(line.split()[1]) * 1024\n"
                 "    return resident\n")


@needs_jail
def test_a_jails_processes_together_hold_many_times_its_memory_limit():
    """(resources) A jail's memory limit is RLIMIT_AS, which bounds each process; RLIMIT_NPROC
    allows 64 processes. An answer cell (or a free cell, in the notebook's kernel: 4 GB each)
    that forks children which each fill nearly the limit holds 64 times the limit resident:
    64 x 3 GB in the answer checker's jail, far past the machine's memory, and the OOM killer
    then chooses among every process of the machine (another student's kernel, the grading
    worker, the teacher's Jupyter server or browser). Here three children in a jail limited to
    768 MB hold more than 1.2 GB between them. The jail should bound its memory as a whole
    (a cgroup's memory.max per jail, e.g. through systemd-run --scope or a delegated cgroup),
    not per process."""
    limit = 768 * 1024 ** 2
    cell = FORKING_PROBE
    run = run_solution_cells([("c", cell)], [("probe", "function")], {"probe": [Case()]},
                             Limits(seconds_per_step=20, memory_bytes=limit))
    [outcome] = run.outcomes["probe"]
    assert outcome.error is None, outcome.error
    assert outcome.value <= limit, f"{outcome.value / 1024 ** 2:.0f} MB resident in a jail limited to {limit // 1024 ** 2} MB"


@needs_jail
def test_an_answer_just_under_the_step_limit_on_every_case_holds_the_grader_for_all_of_them():
    """(time) `--exercise-seconds` (JudgeAnswers.exercise_seconds, Limits.seconds_per_step) bounds
    one request to the answer checker's jail, not the exercise: an answer that sleeps just under
    it on every call is never stopped, and the grader waits cases x limit. Part 4 has 190 cases:
    at the default 30 s that is 95 minutes for one notebook. The answer is fast in the
    notebook's kernel (it sleeps only where /submission is absent), so no notebook limit
    applies. With the class runner the worker is killed after submission_seconds (6 minutes;
    the student scores 0 there), but plain `nbgrader autograde` in a course folder, which README
    offers as equivalent, has no such net: each such student stops the class's run for an hour
    or more. Worse, every exercise that overruns one step restarts the jail and runs every answer
    cell again (each may take a step too, the first one a step and 20 s). Here conv_output_shape
    (49 cases) with a 0.5 s step limit takes over 20 s. An exercise should have a budget of its
    own (a few steps), past which its remaining cases fail, and the check of one notebook a budget
    in total (as notebook_seconds bounds its kernel)."""
    step = 0.5
    nb = PART1.read()
    slow = ("import os as _os, time as _time\n"
            + solution_cell_source("conv_output_shape").replace(
                "def conv_output_shape(image_shape, kernel_shape, mode=\"valid\"):",
                "def conv_output_shape(image_shape, kernel_shape, mode=\"valid\"):\n"
                "    if not _os.path.exists('/submission'):\n"
                f"        _time.sleep({step * 0.9})", 1))
    assert slow != "import os as _os, time as _time\n" + solution_cell_source("conv_output_shape")
    _answered(nb, {"conv_output_shape": slow})
    from autograder.pipeline.verify import verify_notebook
    started = time.monotonic()
    verify_notebook(nb, ["conv_output_shape"], Limits(seconds_per_step=step), secret=b"attack")
    elapsed = time.monotonic() - started
    assert elapsed < 10 * step + 8, f"one exercise's check took {elapsed:.0f} s with a {step} s limit"


def _others_can_read(root: Path, path: Path) -> bool:
    """Whether a user other than the owner (and not in its group) can read `path`: every folder
    from `root` down to it searchable by others, and the file readable by them."""
    folders = [root] + [root / Path(*path.relative_to(root).parts[:i]) for i in range(1, len(path.relative_to(root).parts))]
    return all(folder.stat().st_mode & 0o001 for folder in folders) and bool(path.stat().st_mode & 0o004)


@needs_jail
def test_the_class_expected_outcomes_and_reference_are_readable_by_every_user_of_the_machine(course):
    """(leak) `course init` makes class-secret readable by its owner only (0600), but the course
    folder, .course/ and .course/expected/ are 0755 and every `*.expected` 0644: the expected
    outcomes of the class's cases, which the secret exists to keep from students (replayed in
    call order they pass every check), are readable by every user of the machine, as are source/
    (the reference solutions), gradebook.db (every student's scores, and the solution cells) and
    autograded/. nbgrader's usual home is a shared JupyterHub machine where each student has a
    shell and the exchange is a local folder; a student there reads
    ~teacher/convolution-course/.course/expected/im_conv.expected. `course init` should make the
    course folder 0700 (or 0750 for a graders' group) and everything private in it the
    owner's only."""
    private = [course / "class-secret", course / "gradebook.db",
               course / "source" / ASSIGNMENT / f"{STEM}.ipynb"] + sorted((course / ".course" / "expected").glob("*"))
    assert len(private) > 10
    readable = [str(p.relative_to(course)) for p in private if _others_can_read(course, p)]
    assert not readable, readable


def test_one_kernel_message_of_empty_lists_holds_the_grader_for_minutes(tmp_path):
    """(resources) Messages from the grading kernel are decoded in the grader's process by
    jupyter_client's Session (json.loads), bounded only by LimitedExecute.message_bytes (64 MB,
    zmq's MAXMSGSIZE); the output cap counts a message after it is decoded. A kernel can sign
    its own messages (it holds the connection key) and publish a display_data whose metadata is
    64 MB of `[],`: about 22 million lists, 1.6 GB in the grader and, with the garbage collector
    walking them as they are made, about 90 s of the grader's CPU for one message (the kernel
    makes it from `[[]] * n` in a few MB). A cell that publishes dozens holds plain
    `nbgrader autograde` for an hour and its memory in GBs (the first round bounded exactly
    this for the answer checker's replies, in codec). The grader's session should decode
    kernel messages with a bounded unpacker (count containers before json.loads, refuse past a
    limit, as codec does), or take far smaller messages. Here the grader's own session decodes
    one such message in a process given 25 s."""
    script = f"""
import resource, sys, time
from jupyter_client.session import Session
from autograder.pipeline.config import course_config
from autograder.pipeline.kernels import use_private_dir
from autograder.pipeline.notebook_limits import LimitedExecute
from pathlib import Path
use_private_dir({str(tmp_path / "kernels")!r})
execute = LimitedExecute(config=course_config(Path({str(tmp_path)!r}), kernel_name="course-grader"))
session = execute.create_kernel_manager().session
n = (execute.message_bytes - 1024) // 3
content = b'{{"data": {{"text/plain": "x"}}, "metadata": {{"m": [' + b'[],' * (n - 1) + b'[]]}}, "transient": {{}}}}'
frames = session.serialize(session.msg("display_data", content={{}}), ident=None)
frames[-1] = content
frames[1] = session.sign(frames[2:])
started = time.monotonic()
try:
    msg = session.deserialize(frames[1:] if frames[0] == b"<IDS|MSG>" else frames)
except Exception as exc:  # refused: what a bounded decoder should do
    print(f"refused {{type(exc).__name__}}")
print(f"{{time.monotonic() - started:.1f}} s, {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}} MB")
"""
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=25)
    except subprocess.TimeoutExpired:
        pytest.fail("decoding one kernel message took more than 25 s")
    assert done.returncode == 0, done.stderr[-2000:]
    seconds, megabytes = done.stdout.split()[-4], done.stdout.split()[-2]
    assert float(seconds) < 5 and int(megabytes) < 1024, done.stdout


@needs_jail
def test_a_link_to_dev_zero_in_the_submission_fills_the_teachers_disk(course):
    """(stops the class) The same copies as above follow a link to a device: plain
    `nbgrader autograde` copies `submitted/<student>/<assignment>/big -> /dev/zero` into
    autograded/ with shutil.copy, which refuses named pipes but reads a character device until
    the disk is full (an LMS export unpacked with `unzip` keeps such links; README's intake
    refuses them only on the class runner's path). The run never ends and every other write of
    the machine fails (gradebook.db included). Here the grading process may write files of 32 MB
    at most, and the copy stops on that limit. The course folder's pipeline should refuse a
    submission holding anything but regular files and folders before nbgrader copies it."""
    folder = course / "submitted" / "zed" / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, folder)
    (folder / "big").symlink_to("/dev/zero")

    def file_limit():
        import resource
        resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024 ** 2, 32 * 1024 ** 2))

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--student", "zed"],
                          cwd=course, env=env, capture_output=True, text=True, timeout=600, preexec_fn=file_limit)
    assert "File too large" not in done.stderr, done.stderr[-1500:]
