"""Attacks on the grading pipeline found in the fourth hostile read; each test failed before its fix.

Fourth round, by a student who read autograder/ and README "Grading guarantees", aimed at what
changed since the third: `grade` in one process with its kernel started first and its course
folder from a cache, the kernel launcher's cgroups, the bounded kernel-message unpacker, the
pages' sanitiser, partial credit, the exchange on a class server (`nbgrader collect`) and
`autograde --course`'s refusal of linked submissions. Each test names the attack, says what it
does and what the grader does instead now (fixes: unique cgroup names with a CPU quota, the
course's collect, a relay between each kernel's jail and the grader, a total for the answer
check's results, a read-only /dev, control characters shown as escapes, grades.json read for
its own folder only).
"""
import json
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT
from autograder.isolation import jail
from test_attacks_found_3 import FORKING_PROBE  # round 3's probe: three children of 450 MB each

needs_jail = pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}")


def _python(script: str, timeout: float = 300, cwd=REPO_ROOT) -> subprocess.CompletedProcess:
    """`script` in a grading process of its own (the pipeline's module state stays out of pytest's)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def _grade_peak(tmp_path: Path, cell: str) -> tuple:
    """(grade's JSON report, its process's peak memory in MB) for Part 1's answered notebook with
    `cell` inserted after the imports, graded by `python -m autograder grade` in a process of its own."""
    import nbformat
    from nbformat.v4 import new_code_cell
    nb = nbformat.read(REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb", as_version=4)
    nb.cells.insert(1, new_code_cell(cell))
    path = tmp_path / f"{STEM}.ipynb"
    nbformat.write(nb, path)
    # `python -m autograder grade` as run_and_exit runs it, without its quick exit (the peak is
    # read after the command).
    script = f"""
import resource, sys
from autograder import fastimport
from autograder.cli import main
main(["grade", {str(path)!r}, "--json", "--seed", "1"])
print("peak MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
"""
    done = _python(script, timeout=300, cwd=tmp_path)
    peak = int(done.stderr.split("peak MB")[-1].split()[0])
    report = json.loads(done.stdout)
    assert report["exercises"], done.stderr[-2000:]
    return report, peak


def _grade_raising(tmp_path: Path, message: str) -> subprocess.CompletedProcess:
    """`python -m autograder grade` on Part 1's answered notebook whose get_subimages raises
    ValueError(`message`) (Python string-literal text, escapes allowed)."""
    import nbformat
    nb = nbformat.read(REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "get_subimages":
            cell.source = f"def get_subimages(im, kernel):\n    raise ValueError('{message}')\n"
    path = tmp_path / f"{STEM}.ipynb"
    nbformat.write(nb, path)
    return _python(f"import runpy, sys\nsys.argv = ['autograder', 'grade', {str(path)!r}, '--seed', '1']\n"
                   "runpy.run_module('autograder', run_name='__main__')\n", timeout=300, cwd=tmp_path)





@needs_jail
def test_the_first_answer_check_after_a_kernel_started_has_no_memory_bound_as_a_whole(tmp_path):
    """(resources) A jail's cgroup is named course-jail-<grader pid>-<n>, n counted per process.
    The kernel launcher is a process of its own, so its count always starts at 0: every grading
    kernel's cgroup is course-jail-<grader>-0. The grader's own count starts at 0 too, and its
    first CheckerJail asks for the same name: mkdir fails (it exists), JailCgroup.make returns
    None and that answer check runs bounded per process only (RLIMIT_AS: 64 processes of 3 GB).
    A grading worker starts its first kernel before its first job and the next one (the spare)
    before that job's answer check, so the first submission every worker grades (with
    `--jobs 4`, the first four students by name) has an answer check whose children together
    hold many times the jail's memory: an answer that forks and fills memory exhausts the
    machine and the OOM killer picks among the other workers' kernels. `grade` for self-study
    too (its kernel's cgroup is still there, or not yet swept, when the check starts). Likewise
    a kernel whose predecessor lived under 10 s (its empty cgroup is not swept yet) has none.
    The name should be unique per jail (the launcher's own pid, or a random suffix), and a
    jail whose cgroup cannot be made where cgroups work should not start.
    Here a grading process starts its kernel, as a worker does, then checks one answer in a
    jail limited to 768 MB, whose three children hold more than 1.2 GB between them."""
    limit = 768 * 1024 ** 2
    script = f"""
import json, os, time
from pathlib import Path
from autograder.isolation import jail
from autograder.isolation.sandbox import Limits, run_solution_cells
from autograder.exercises.spec import Case
from autograder.pipeline.kernels import start_first_kernel, stop_spare
from autograder.pipeline.limits import GradingLimits
start_first_kernel(Path({str(tmp_path / 'course')!r}), Path({str(tmp_path / 'kernels')!r}), GradingLimits(), True)
def kernel_cgroups():
    return [f for h in jail._hierarchies().values() for f in h.glob(f"{{jail.CGROUP_PREFIX}}{{os.getpid()}}-*")]
deadline = time.monotonic() + 30
while time.monotonic() < deadline and not kernel_cgroups():
    time.sleep(0.1)
kernel_cgroup = bool(kernel_cgroups())
run = run_solution_cells([("c", {FORKING_PROBE!r})], [("probe", "function")], {{"probe": [Case()]}},
                         Limits(seconds_per_step=20, memory_bytes={limit}))
stop_spare()
[outcome] = run.outcomes["probe"]
print(json.dumps({{"kernel_cgroup": kernel_cgroup, "error": outcome.error, "resident": outcome.value}}))
"""
    done = _python(script, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["kernel_cgroup"], "the kernel's jail made no cgroup here: the attack needs one"
    assert seen["error"] is not None or seen["resident"] <= limit, \
        f"{seen['resident'] / 1024 ** 2:.0f} MB resident in a jail limited to {limit // 1024 ** 2} MB"


ASSIGNMENT = STEM = "part1_subimages"
COURSE_ID = "convolution-course"
# A student id is the name of a folder in the exchange's inbound/: anything but "/" and "+".
HTML_STUDENT = "<img src=x onerror=alert(1337)>"


def _nbgrader(args, cwd, timeout=900) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def _inbound(exchange: Path, student: str, stamp: str, tag: str, owner: int, notebook: str, links: dict = None) -> Path:
    """A submission in the exchange's inbound folder, as `nbgrader submit` leaves it (a student
    can also make one by hand: inbound/ is world-writable), owned by uid `owner`."""
    folder = exchange / COURSE_ID / "inbound" / f"{student}+{ASSIGNMENT}+{stamp}+{tag}"
    folder.mkdir(parents=True)
    (folder / f"{STEM}.ipynb").write_text(notebook)
    (folder / "timestamp.txt").write_text(stamp)
    (folder / "submission_secret.txt").write_text(f"secret of {tag}")
    for name, target in (links or {}).items():
        (folder / name).symlink_to(target)
    for path in [folder, *folder.iterdir()]:
        os.lchown(path, owner, owner)
    return folder


# Users of this machine, made for the test (one pair per test process: xdist runs several).
MALLORY, BOB = f"c4m{os.getpid()}", f"c4b{os.getpid()}"
# Copied into submitted/ by hand (not through collect): the course's configuration refuses it.
HTML_STUDENT_BY_HAND = "<svg onload=alert(1337)>"


def _make_users(names) -> dict:
    """{name: uid} of new users of this machine (the one-server hub's students)."""
    if os.geteuid() != 0 or not shutil.which("useradd"):
        pytest.skip("making users of this machine needs root and useradd")
    uids = {}
    for name in names:
        subprocess.run(["userdel", name], capture_output=True)
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True,
                       capture_output=True)
        uids[name] = pwd.getpwnam(name).pw_uid
    return uids


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A course folder (`course init`) whose teacher runs README's class steps on the exchange:
    `nbgrader collect`, then plain `nbgrader autograde` and `generate_feedback` for the class.

    MALLORY left in inbound/ her notebook with two links beside it, to the course's reference
    (source/ of Part 7) and to class-secret, and a second submission named for BOB, later than
    BOB's own, holding a blank notebook; someone (uid 61003) submitted as the student
    HTML_STUDENT; and the teacher copied a submission by hand into submitted/HTML_STUDENT_BY_HAND."""
    uids = _make_users([MALLORY, BOB])
    tmp = tmp_path_factory.mktemp("course4")
    root, exchange = tmp / "course", tmp / "exchange"
    try:
        done = subprocess.run([sys.executable, "-m", "autograder", "course", "init", str(root)], cwd=REPO_ROOT,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-2000:]
        (exchange / COURSE_ID / "inbound").mkdir(parents=True)
        for folder in (exchange, exchange / COURSE_ID, exchange / COURSE_ID / "inbound"):
            folder.chmod(0o1777)  # README: world-writable with the sticky bit, as nbgrader's docs set it up
        released = (root / "release" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
        answered = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
        _inbound(exchange, MALLORY, "2026-11-30 10:00:00.000000 UTC", "m1", uids[MALLORY], released,
                 {"notes.html": root / "source" / "part7_compare_fast" / "part7_compare_fast.ipynb",
                  "secret.html": root / "class-secret"})
        _inbound(exchange, BOB, "2026-11-30 09:00:00.000000 UTC", "b1", uids[BOB], answered)
        _inbound(exchange, BOB, "2026-11-30 11:00:00.000000 UTC", "m2", uids[MALLORY],
                 released.replace('"cells": [', '"cells": [{"cell_type": "markdown", "id": "impostor", "metadata": {}, '
                                  '"source": "IMPOSTOR: mallory wrote this"}, ', 1))
        _inbound(exchange, HTML_STUDENT, "2026-11-30 12:00:00.000000 UTC", "h1", 61003, released)
        by_hand = root / "submitted" / HTML_STUDENT_BY_HAND / ASSIGNMENT
        by_hand.mkdir(parents=True)
        (by_hand / f"{STEM}.ipynb").write_text(released)
        log = ""
        for command in (["collect", ASSIGNMENT, f"--Exchange.root={exchange}"],
                        ["autograde", ASSIGNMENT], ["generate_feedback", ASSIGNMENT]):
            done = _nbgrader(command, cwd=root)
            assert done.returncode == 0, done.stderr[-3000:]
            log += done.stderr
        (root.parent / "nbgrader.log").write_text(log)
    finally:
        for name in uids:
            subprocess.run(["userdel", name], capture_output=True)
    return root


@needs_jail
def test_a_link_left_in_the_exchange_brings_the_class_secret_and_the_reference_into_the_feedback(collected):
    """(leak) Round 3's fix refuses a submission holding a link in submitted/ (README: "a
    submission holding a symbolic link … is refused"). But the links never get there: on a class
    server inbound/ is world-writable, a student makes her own submission folder in it (or
    submits a folder holding links: `nbgrader submit` follows them as the student, who cannot
    read the teacher's files, so she adds them by hand after), and the teacher's
    `nbgrader collect` copies it with shutil.copytree, which follows links with the teacher's
    rights. submitted/mallory/part1_subimages/secret.html is then a plain file holding
    class-secret, notes.html the source notebook of Part 7 with every reference solution;
    refuse_linked_submissions sees plain files, `nbgrader autograde` and `generate_feedback`
    carry them into feedback/mallory/…, and `nbgrader release_feedback` copies every `*.html`
    there into the exchange as `<hash of her own submission secret and the stem>.html`, which
    she computes and reads. With the class secret she regenerates every case of the class.
    Collect should not follow links (a course collect: copytree(symlinks=True), then the refusal
    sees them), and extra files should not travel from submitted/ to feedback/."""
    secret = (collected / "class-secret").read_text().strip()
    texts = {str(p.relative_to(collected)): p.read_text(errors="replace")
             for step in ("submitted", "autograded", "feedback") for p in (collected / step / MALLORY).rglob("*")
             if p.is_file()}
    leaked = [name for name, text in texts.items() if secret in text or "def im_conv_fast(" in text]
    assert not leaked, f"{leaked} hold the class secret or the reference"
    assert "not collected" in (collected.parent / "nbgrader.log").read_text(), "the refusal is said"


def test_a_classmate_replaces_a_students_submission_through_the_exchange(collected):
    """(another student's result) README's one-server hub relies on file ownership in the
    exchange ("each submission in inbound/ to the student who sent it"). Anyone can make a
    folder `bob+part1_subimages+<later timestamp>+x` in the world-writable inbound/: nbgrader's
    collect cross-checks the folder's owner with the student id, prints "cheating attempt?" and
    collects it anyway, and the latest timestamp wins. bob's own answered notebook is replaced by
    mallory's blank one in submitted/bob/: bob scores 0 (a careless teacher never sees the
    warning in collect's log; no flag, no refusal in autograde). The course's collect should
    skip (and flag) a submission its named student does not own."""
    graded = (collected / "submitted" / BOB / ASSIGNMENT / f"{STEM}.ipynb")
    assert graded.exists() and "IMPOSTOR" not in graded.read_text(), "BOB's own submission is the one collected"


@needs_jail
def test_one_kernel_message_of_many_buffers_fills_the_graders_memory(tmp_path):
    """(resources) README: messages from the grading kernel are bounded, "at most 64 MB each".
    The bound is zmq's MAXMSGSIZE (kernels.bounded), which libzmq applies to each frame of a
    multipart message, not to the message; and a Jupyter message may carry any number of extra
    buffer frames after its content, which the HMAC does not cover and the container count
    (codec.kernel_message_unpacker) never sees. libzmq's high-water mark counts whole messages,
    so the grader's I/O thread takes in every frame of one message before Python sees any of
    it. One cell, `kernel.session.send(kernel.iopub_socket, "stream", …, buffers=[big] * n)`
    with a 50 MB buffer referenced n times (the kernel's own memory does not grow), puts n x 50
    MB into the grading process: a few hundred frames take a worker, or `grade`, past the
    machine's memory, and the OOM killer chooses among every process of the machine (other
    workers, the teacher's Jupyter server). Here 30 frames of 50 MB make the grading process of
    `python -m autograder grade` (170 MB without them) hold over 1.5 GB. The grader should
    take kernel messages through something that bounds a whole message (a relay process with
    its own small memory limit that drops messages with buffers or past a total size)."""
    report, peak = _grade_peak(tmp_path, "k = get_ipython().kernel\n"
                                          "big = memoryview(bytearray(50 * 1024 ** 2))\n"
                                          "k.session.send(k.iopub_socket, 'stream', content={'name': 'stdout', 'text': '.'},\n"
                                          "               parent=k.get_parent(), buffers=[big] * 30)\n")
    assert peak < 700, f"the grading process held {peak} MB for one kernel message"


@needs_jail
def test_grade_prints_terminal_escapes_from_an_error_message_and_shows_a_fake_total(tmp_path):
    """(score shown higher) `python -m autograder grade NOTEBOOK` (README: also the teacher's way to
    grade one notebook) prints, after its table, the feedback of each failing exercise, which
    quotes what the student's code raised (`got: ValueError: <message>`) as it is. A message
    holding terminal control sequences (ESC[2J ESC[H: clear the screen, cursor home; then a
    table of full marks; then ESC[8m: everything after is invisible) leaves the terminal showing
    "total 6/6" for a notebook that earns 3/6 (the exit code still says 1). The same raw text
    is in grades.json and flags.csv, which a teacher may `cat`. Text from student code should
    reach a terminal with control characters escaped (e.g. repr-style \\x1b)."""
    fake = ("exercise score\\n test_conv_output_shape 2/2 ok\\n test_SUBIMAGE_OPTION 1/1 ok\\n"
            " test_get_subimages 3/3 ok\\n total 6/6\\n")
    done = _grade_raising(tmp_path, f"\\x1b[2J\\x1b[H{fake}\\x1b[8m")
    assert "total" in done.stdout and done.returncode == 1, done.stderr[-2000:]
    controls = sorted({repr(ch) for ch in done.stdout if ord(ch) < 32 and ch not in "\n\t"})
    assert not controls, f"grade printed control characters {controls} from the student's code"


@needs_jail
def test_a_student_id_made_of_html_runs_script_in_the_teachers_formgrader(collected):
    """(teacher sees live student HTML) A student id is the first part of a folder's name in the
    exchange's world-writable inbound/ (`<id>+<assignment>+<timestamp>+<random>`), so anyone on
    the hub chooses one: `<img src=x onerror=alert(1337)>` is a valid folder name. nbgrader's
    collect takes it, autograde adds that student to the gradebook (so does
    `autograde --course`, which only flags the odd id), and formgrader's page for the submission
    (FormgradeExtension's HTMLExporter with the formgrade template, whose Jinja environment does
    not autoescape) writes `{{ resources.student }}` into the page as HTML. The onerror handler
    runs in the teacher's Jupyter origin when the teacher opens the submission: with the
    server's _xsrf cookie it can call the REST API (read class-secret, write grades, open a
    terminal as the teacher). The course's pipeline should refuse (and flag) a student id that
    is not a plain name before nbgrader records it (collect, autograde, the class runner), or
    the formgrade page should be rendered with the id escaped. Here the page is built as
    nbgrader's SubmissionHandler builds it, from the gradebook's record of that submission."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{collected / 'gradebook.db'}") as gradebook:
        students = {student.id for student in gradebook.students}
    assert {HTML_STUDENT, HTML_STUDENT_BY_HAND}.isdisjoint(students), "an HTML student id reached the gradebook"
    assert not (collected / "autograded" / HTML_STUDENT_BY_HAND).exists()


def _processes_of(uid: int) -> int:
    """How many processes of the machine run as `uid` (a jail's own uid only when grading as root)."""
    count = 0
    for entry in os.listdir("/proc"):
        try:
            count += entry.isdigit() and os.stat(f"/proc/{entry}").st_uid == uid
        except OSError:
            pass
    return count


@needs_jail
def test_a_jails_processes_take_the_machines_cpu_from_the_jail_beside_it():
    """(another student's result; stops the class) A jail's limits bound each process's CPU
    time (120 s in the answer check, a day in the kernel), not the jail's share of the machine.
    The kernel's scheduler shares CPU fairly between sessions (autogroups), and bwrap starts
    each jail in a session of its own, but nothing stops a jailed process from calling setsid():
    an answer cell that forks 40 busy children, each in its own session (63 are allowed), gets
    40 shares of the machine for as long as its check runs (20 steps: 10 minutes at the
    defaults; the notebook's kernel can do the same with ctypes' fork, for its 3 minutes), and
    every other worker's jail gets one. Their wall-clock limits (cell 60 s, notebook 180 s, a
    check's step 30 s, the worker's submission time) then fail honest classmates, and their
    timed exercise (im_conv_fast, clocked against the loop measured before the hog began) is
    judged too slow. Each jail's cgroup should bound its CPU (cpu.max / cpu.cfs_quota_us to a
    core, or an equal cpu.weight per jail), or setsid be refused in the jail. Here a second
    jail's fixed loop runs over 3 times slower while the first jail's check holds its hogs."""
    import threading
    import time
    from autograder.exercises.spec import Case
    from autograder.isolation.sandbox import Limits, run_solution_cells
    hog = ("import os, time\n"
           "for _ in range(40):\n"
           "    if os.fork() == 0:\n"
           "        os.setsid()\n"
           "        end = time.time() + 10\n"
           "        while time.time() < end:\n"
           "            pass\n"
           "        os._exit(0)\n"
           "def probe():\n"
           "    time.sleep(9)\n"
           "    return 0\n")
    work = ("import time\n"
            "def probe():\n"
            "    start = time.perf_counter()\n"
            "    n = 0\n"
            "    for i in range(3_000_000):\n"
            "        n += i\n"
            "    return time.perf_counter() - start\n")

    def loop_seconds() -> float:
        run = run_solution_cells([("c", work)], [("probe", "function")], {"probe": [Case()]},
                                 Limits(seconds_per_step=60))
        [outcome] = run.outcomes["probe"]
        return outcome.value

    alone = loop_seconds()
    hogging = threading.Thread(target=run_solution_cells, args=(
        [("c", hog)], [("probe", "function")], {"probe": [Case()]}, Limits(seconds_per_step=30)))
    hogging.start()
    try:
        deadline = time.monotonic() + (20 if jail.is_root() else 5)
        while time.monotonic() < deadline and (not jail.is_root() or _processes_of(jail.uid_for("check")) < 40):
            time.sleep(0.1)  # until its jail has started and forked (as root: the check's own uid)
        beside = loop_seconds()
    finally:
        hogging.join()
    assert beside < 3 * alone, f"a loop of {alone:.2f} s alone took {beside:.2f} s beside the hogging jail"


@needs_jail
def test_a_kernel_started_soon_after_the_last_one_ended_has_no_cgroup(tmp_path):
    """(resources) The same name clash between kernels: each launcher is a new process whose
    count starts at 0, so every kernel of a grading process asks for course-jail-<grader>-0.
    The ended kernel's cgroup is swept only once it is empty and 10 s old, so a kernel started
    within 10 s of the previous kernel's start (a worker's spare after a notebook that ended
    quickly: one whose first cell is `os._exit(0)` ends in a second) makes no cgroup and runs
    bounded per process only: the next student on that worker (a friend of the first) gets a
    kernel whose processes together may hold 64 x 4 GB. A jail that should have a cgroup and
    cannot get one should not start; the name should be unique per jail."""
    script = f"""
import json, os, time
from pathlib import Path
from autograder.isolation import jail
from autograder.pipeline.kernels import GRADING_KERNEL, start_first_kernel, start_spare, stop_spare
from autograder.pipeline.limits import GradingLimits

def jailed():
    found = []
    for hierarchy in jail._hierarchies().values():
        for folder in hierarchy.glob(f"{{jail.CGROUP_PREFIX}}{{os.getpid()}}-*"):
            found += (folder / "cgroup.procs").read_text().split()
    return found

def wait_for_jailed(seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not jailed():
        time.sleep(0.1)
    return bool(jailed())

start_first_kernel(Path({str(tmp_path / 'course')!r}), Path({str(tmp_path / 'kernels')!r}), GradingLimits(), True)
first = wait_for_jailed(30)
stop_spare()  # the first notebook ended quickly
start_spare(GRADING_KERNEL)
second = wait_for_jailed(8)  # the first took about a second
stop_spare()
print(json.dumps({{"first": first, "second": second}}))
"""
    done = _python(script, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["first"], "the first kernel made no cgroup here: the attack needs one"
    assert seen["second"], "the second kernel runs in no cgroup of its own"


def test_a_dangling_link_in_the_exchange_stops_the_collect_of_the_class(collected, tmp_path):
    """(stops the class) The same copy (nbgrader collect's shutil.copytree, which follows links)
    raises on a link it cannot follow: aaron leaves `notes.txt -> /nonexistent` (or a link to
    a file the teacher may not read) in his inbound/ folder, and `nbgrader collect` stops with
    shutil.Error at his submission: every student after him (in the order the folder lists
    them) is not collected, on every run, until someone removes the link from a folder that is
    aaron's (the teacher, not root, may not). The course's collect should copy links as links
    (then refuse that submission with a flag) and carry on with the rest of the class."""
    exchange = tmp_path / "exchange"
    released = (collected / "release" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    _inbound(exchange, "aaron", "2026-11-30 10:00:00.000000 UTC", "a1", 61004, released,
             {"notes.txt": Path("/nonexistent/notes.txt")})
    for student in ("ben", "zoe"):
        _inbound(exchange, student, "2026-11-30 10:00:00.000000 UTC", student, 61005, released)
    # ben and zoe share uid 61005, which no user has: a hub whose students share one uid, whose ids
    # the course's collect trusts only with this setting.
    done = _nbgrader(["collect", ASSIGNMENT, f"--Exchange.root={exchange}", "--CourseCollect.owner_must_be_student=False"],
                     cwd=collected)
    missing = [s for s in ("ben", "zoe") if not (collected / "submitted" / s / ASSIGNMENT / f"{STEM}.ipynb").exists()]
    assert done.returncode == 0 and not missing, f"not collected: {missing}; {done.stderr[-300:]}"


@needs_jail
def test_one_kernel_message_far_past_64_mb_is_taken_whole(tmp_path):
    """(resources) README: a message from the grading kernel is "at most 64 MB", and "a message
    past that fails its cell and the rest of the notebook". kernels.bounded sets zmq's
    MAXMSGSIZE on `km.context`, but the client nbclient talks through (`km.client()`, an
    AsyncKernelClient) makes its sockets in a zmq context of its own, whose MAXMSGSIZE is -1:
    no limit at all. One `stream` message of 250 MB (a string the kernel builds in a moment)
    is received, decoded and held by the grading process (about 1 GB at its peak), the cell
    does not fail and the notebook earns full marks; a few such messages, or a few GB in one,
    take a worker past the machine's memory. The limit should be set on the sockets the client
    actually uses (its own context, or each channel's socket before it connects)."""
    report, peak = _grade_peak(tmp_path, "k = get_ipython().kernel\n"
                                          "k.session.send(k.iopub_socket, 'stream', content={'name': 'stdout', 'text': 'x' * (250 * 1024 ** 2)},\n"
                                          "               parent=k.get_parent())\n")
    earned = sum(e["score"] for e in report["exercises"])
    assert peak < 600 or earned == 0, f"the grading process took a 250 MB message whole ({peak} MB at its peak; " \
                                      f"{earned} points earned)"
    # The relay drops such a frame; the kernel is then ended with a reason (it was left running,
    # its output channel dead, until the grader's wait timed out and nbgrader gave up the notebook).
    assert all("larger than the grader takes" in e["feedback"] for e in report["exercises"]), report["exercises"]


@needs_jail
def test_the_answer_checks_replies_pile_up_in_the_grader_one_bounded_reply_per_case():
    """(resources) A reply from the answer check is bounded before it is decoded
    (MAX_REPLY_BYTES, 256 MB), but run_solution_cells keeps every case's outcome, value
    included, for every exercise of the notebook, and judges them only at the end. An answer
    that returns a 250 MB array on every call (np.full: the jail's memory is freed between
    calls; a call takes under a second, far inside the step and exercise budgets) makes the
    grading process hold cases x 250 MB: conv_output_shape's 49 cases are 12 GB, Part 4's 190
    cases far more, past the machine's memory, and the OOM killer chooses among every process
    (other workers, the teacher's server). The grader should judge each case as its reply
    arrives and keep only what the feedback needs (or bound the replies of a notebook in
    total). Here 12 cases of 80 MB put over 1 GB into the grading process."""
    script = """
import resource
from autograder.exercises.spec import Case
from autograder.isolation.sandbox import Limits, run_solution_cells
cell = ("import numpy as np\\n"
        "def probe(i):\\n"
        "    return np.full(10 * 1024 ** 2, float(i))\\n")
run = run_solution_cells([("c", cell)], [("probe", "function")], {"probe": [Case((i,)) for i in range(12)]},
                         Limits(seconds_per_step=30))
print(repr(run.failures.get("probe", "")))
print(len(run.outcomes.get("probe", [])), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
    done = _python(script, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    calls, peak = (int(n) for n in done.stdout.split()[-2:])
    failure = done.stdout.splitlines()[-2]
    # the answer was called; the grader kept its results or stopped it past a total, saying so
    assert calls >= 1 or "MB of results in all" in failure, done.stdout
    assert peak < 600, f"the grading process held {peak} MB for one exercise's replies"


@needs_jail
def test_a_jail_of_an_ordinary_user_fills_the_machines_memory_through_dev_shm():
    """(resources) README's one-server hub grades as the instructor, an ordinary user: bwrap
    then makes each jail in a user namespace, and its `--dev /dev` is a tmpfs the jail owns,
    sized by the kernel's default for tmpfs (half the machine's memory), with /dev/shm writable.
    README promises "a private /tmp of 256 MB" and, where no cgroup can be made (the usual case
    for an ordinary user), memory bounded per process; files in a tmpfs are neither: an answer
    (or a notebook cell, in the kernel's jail) that writes 8 MB files (RLIMIT_FSIZE) into
    /dev/shm holds half the machine's memory until its jail ends, and two such jails all of it;
    the OOM killer cannot free tmpfs pages and kills the teacher's processes instead. The jail
    should get a /dev whose tmpfs is small and read-only to it (e.g. `--size` before `--dev`,
    or a read-only remount, or no /dev/shm). Here the jail command the grader makes as an
    ordinary user (the same mounts; run as nobody) writes 320 MB into /dev/shm."""
    from unittest import mock
    script = ("for i in $(seq 40); do head -c 8000000 /dev/zero > /dev/shm/f$i || exit 3; done; "
              "du -sm /dev/shm | cut -f1")
    # The interpreter's folders are left out: this test's Python may live where nobody cannot read.
    with mock.patch.object(jail, "is_root", return_value=False), \
            mock.patch.object(jail, "python_paths", return_value=[]), \
            mock.patch.object(jail, "inside_paths", return_value={}):
        command = jail.command(["/bin/sh", "-c", script], role="check")
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if jail.is_root() else []
    done = subprocess.run(as_nobody + command, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: jail.set_limits(jail.JailLimits()))
    if "bwrap" in done.stderr and done.returncode == 1:
        pytest.skip(f"no jail for an ordinary user here: {done.stderr.strip()[-200:]}")
    written = int(done.stdout.split()[0]) if done.returncode == 0 and done.stdout.split() else 0
    assert written < 256, f"a jail wrote {written} MB into /dev/shm"


def test_a_grades_json_shipped_in_a_submission_rewrites_a_classmates_mistakes_in_the_report(tmp_path):
    """(another student's result) In a course folder, plain `nbgrader generate_feedback` carries a
    student's extra files into feedback/<student>/<assignment>/, so alice can ship a grades.json
    there. The class report read every row of every grades.json by the student it names: alice's
    file rewrote bob's recognised mistakes and failing case in report.html and mistakes.csv. A
    grades.json speaks only for the student and assignment of its own folder."""
    from autograder.report.load import _details
    for student, rows in (("alice", [{"student": "alice", "assignment": "part1_subimages", "exercise": "test_a",
                                      "mistakes": ["her own"], "failing_case": ""},
                                     {"student": "bob", "assignment": "part1_subimages", "exercise": "test_a",
                                      "mistakes": ["forged by alice"], "failing_case": "forged"}]),
                          ("bob", [])):
        folder = tmp_path / "feedback" / student / "part1_subimages"
        folder.mkdir(parents=True)
        (folder / "grades.json").write_text(json.dumps(rows))
    details = _details(tmp_path)
    assert details == {("alice", "part1_subimages", "test_a"): (["her own"], "")}
