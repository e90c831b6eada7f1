"""Attacks on the grading pipeline that work on the current code (each test fails until it is fixed).

Sixth round, by a student who read autograder/ and README "Grading guarantees", aimed at round
five's fixes: the course's own `nbgrader collect` (its copy, its checks and its time stamps), the
relay, the codec, the bounded descriptions and the printable text. Each test names the attack,
says what it does and what the grader should do instead; each is marked xfail(strict=True) until
the lead fixes it (then the mark goes).
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT
from test_attacks_found_5 import ASSIGNMENT, STEM, _collect, _inbound


def _nest(folder: Path, depth: int, name: str = "a") -> None:
    """`depth` folders, each in the last, under `folder` (made relative to each other, as `mkdir`
    in a loop does: no path is ever long)."""
    here = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=here)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=here)
            os.close(here)
            here = inner
    finally:
        os.close(here)


def _unnest(folder: Path, name: str = "a") -> None:
    """Remove what `_nest` made under `folder`, without recursion (shutil.rmtree, recursive in
    Python 3.11, raises RecursionError on it, and so would pytest's cleanup of tmp_path)."""
    chain = [os.open(folder, os.O_RDONLY | os.O_DIRECTORY)]
    while True:
        try:
            chain.append(os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=chain[-1]))
        except FileNotFoundError:
            break
    while len(chain) > 1:
        os.close(chain.pop())
        os.rmdir(name, dir_fd=chain[-1])
    os.close(chain[0])


def test_a_deeply_nested_folder_in_the_exchange_stops_the_collect_of_the_class(tmp_path):
    """(stops the class) Round 5's collect refuses a submission whose name, id, files, size or
    owner are wrong and carries on with the class whatever one copy raises; but the checks in
    `_path_to_record` (`student_folder_problem` -> intake.folder_problem, then size_problem and
    last_change) walk the student's folder with os.walk, which in Python 3.11 (this machine's
    3.11.7) recurses once per level (made iterative only in 3.12, gh-89727). A student makes
    1100 nested folders in her own inbound folder (`for i in $(seq 1100); do mkdir a; cd a;
    done`: 2.2 KB of path, under PATH_MAX): os.walk raises RecursionError, which
    `_path_to_record` does not catch (its try covers only nbgrader's parse of the name), and
    `nbgrader collect` stops with a traceback before it copies anyone, on every run, until she
    removes the folder (the sticky bit leaves it to her). The same folder in submitted/ would stop
    every nbgrader command of the course folder (refuse_unsafe_submissions runs when nbgrader
    loads the configuration). The checks should walk without recursion (or catch
    RecursionError/OSError per submission and refuse it), and `_path_to_record` should refuse a
    submission on any exception of its checks, never stop the class."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    folders = {student: _inbound(exchange, f"{student}+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+{student}1", released)
               for student in ("aaron", "ben", "zoe")}
    _nest(folders["aaron"], 1100)
    try:
        done = _collect(root, exchange)
    finally:
        _unnest(folders["aaron"])
        for copy in (root / "submitted" / "aaron" / ASSIGNMENT, ):
            if copy.exists():
                _unnest(copy)
    missing = [s for s in ("ben", "zoe") if not (root / "submitted" / s / ASSIGNMENT / f"{STEM}.ipynb").exists()]
    assert done.returncode == 0 and not missing, f"not collected: {missing}; {done.stderr[-300:]}"


COLLECT_WITH_A_CHURN = """
import os, sys, types
from pathlib import Path
from nbgrader.apps import CollectApp
from autograder.pipeline import course_collect

root, exchange = map(Path, sys.argv[1:3])

def walk_with_a_churn(top, *args, **kwargs):
    # mallory's loop (`while :; do touch churn; rm churn; done` in her own inbound folder), at the
    # moment it matters: after a folder is listed, before its entries are looked at.
    for parent, dirs, files in os.walk(top, *args, **kwargs):
        if "churn" in files and "mallory" in parent:
            os.unlink(os.path.join(parent, "churn"))
        yield parent, dirs, files

course_collect.os = types.SimpleNamespace(**{{**vars(os), "walk": walk_with_a_churn}})
app = CollectApp()
app.initialize(["{assignment}", f"--Exchange.root={{exchange}}", f"--CourseDirectory.root={{root}}",
                "--CourseDirectory.course_id={course}", "--CourseCollect.owner_must_be_student=False",
                "--ExchangeFactory.collect=autograder.pipeline.course_collect.CourseCollect"])
app.start()
""".format(assignment=ASSIGNMENT, course="convolution-course")


def test_a_file_removed_while_the_collect_checks_it_stops_the_collect_of_the_class(tmp_path):
    """(stops the class) `_path_to_record` checks each submission three times over: intake's
    folder_problem (whose entry_problem turns any OSError into a refusal), then `size_problem`
    and `last_change`, which list the folder with os.walk and then os.lstat each name, and raise
    whatever lstat raises. The folder is the student's own while collect runs: a loop that makes
    and removes a file (`while :; do touch churn; rm churn; done`, or a few thousand files at a
    time to widen the window) has its file listed and gone before its lstat, and
    FileNotFoundError escapes `_path_to_record` (only nbgrader's parse of the name is in its
    try): `nbgrader collect` stops with a traceback before it copies anyone, for as long as the
    loop runs. A blind loop wins now and then (it must miss intake's walk, which refuses, and hit
    a later one); inotify on her own folder makes it sure: each listing of it by collect is an
    IN_OPEN event, and at the second (size_problem's) she removes the last of a few thousand
    files while collect lstats the first. Here the removal lands at that moment. The checks should
    refuse the submission on any error (or skip a name that is gone), and `_path_to_record`
    should never let one submission's check stop the class."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    for student in ("aaron", "mallory", "zoe"):
        folder = _inbound(exchange, f"{student}+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+{student}1", released)
    (folder.parent / f"mallory+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+mallory1" / "churn").write_text("")
    done = subprocess.run([sys.executable, "-c", COLLECT_WITH_A_CHURN, str(root), str(exchange)], cwd=root,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
    missing = [s for s in ("aaron", "zoe") if not (root / "submitted" / s / ASSIGNMENT / f"{STEM}.ipynb").exists()]
    assert done.returncode == 0 and not missing, f"not collected: {missing}; {done.stderr[-300:]}"


def _collect_with(root: Path, exchange: Path, *options: str) -> subprocess.CompletedProcess:
    """`nbgrader collect` with the course's collect, as round 5's `_collect` (ids of one uid), and
    nbgrader `options`."""
    from test_attacks_found_5 import COLLECT_WITH_A_SWAP
    return subprocess.run([sys.executable, "-c", COLLECT_WITH_A_SWAP, str(root), str(exchange), "",
                           "--CourseCollect.owner_must_be_student=False", *options],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})


def _disk_bytes(folder: Path) -> int:
    """What `folder` and everything in it take on the disk (du)."""
    total = os.lstat(folder).st_blocks * 512
    for parent, dirs, files in os.walk(folder):
        total += sum(os.lstat(os.path.join(parent, name)).st_blocks * 512 for name in dirs + files)
    return total


def test_empty_folders_put_more_than_max_dir_size_on_the_teachers_disk(tmp_path):
    """(the grader's disk and time unbounded) Round 5's collect refuses a submission whose files
    add up to more than `CourseDirectory.max_dir_size` (`size_problem`: the sum of st_size of
    files, as nbgrader's do_copy counts), and its own copy spends a byte budget on file contents
    only. A folder, an empty file and a long name cost nothing in that count, and the copy makes
    every one of them again in the teacher's submitted/ (and nbgrader autograde and feedback copy
    the extra files twice more): on ext4 each folder takes a 4 KB block and an inode, a folder of
    many long names grows by a block per 15 of them. A student submits 100,000 empty folders
    (`mkdir -p d/{1..100000}`: 400 MB of the teacher's disk, counted as 0 bytes against the 100 MB
    bound) or a few million empty files (inodes: a full inode table stops every write of the
    server), and the collect also walks and copies them for minutes. Here max_dir_size is 200 kB
    and 300 empty folders are collected as 1.2 MB. The course's collect should count what the
    copy costs (a block per folder and per file, the names, or simply st_blocks of everything,
    as du does) against the bound, and bound the number of entries of a submission."""
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    released = (REPO_ROOT / "notebooks" / ASSIGNMENT / f"{STEM}.ipynb").read_text()
    folder = _inbound(exchange, f"mallory+{ASSIGNMENT}+2026-11-30 10:00:00.000000 UTC+m1", released)
    for i in range(300):
        (folder / "d" / str(i)).mkdir(parents=True)
    done = _collect_with(root, exchange, "--CourseDirectory.max_dir_size=200")
    assert done.returncode == 0, done.stderr[-2000:]
    collected = root / "submitted" / "mallory" / ASSIGNMENT
    taken = _disk_bytes(collected) if collected.exists() else 0
    assert taken <= 200 * 1000, f"the copy of mallory's submission takes {taken} bytes of the teacher's disk, " \
                                f"more than max_dir_size (200 kB)"


def test_a_deeply_nested_folder_in_submitted_stops_every_nbgrader_command_of_the_course(tmp_path):
    """(stops the class) In a course folder, `refuse_unsafe_submissions` runs as nbgrader loads
    its configuration (every `nbgrader autograde`, `generate_feedback`, `formgrader`…) and checks
    each student folder of submitted/ with `student_folder_problem`, whose os.walk recurses once
    per level in Python 3.11. A submission that reaches submitted/ other than through the course's
    collect (`nbgrader zip_collect` of an LMS's download, a teacher's copy of a hub's folders)
    holding 1100 nested folders makes it raise RecursionError: the configuration does not load,
    and no nbgrader command of the course runs for anyone until a person finds the folder. The
    check should walk without recursion (or refuse the student on any error), never stop."""
    from autograder.pipeline.course_folder import refuse_unsafe_submissions
    from traitlets.config import Config
    for student in ("aaron", "mallory"):
        (tmp_path / "submitted" / student / ASSIGNMENT).mkdir(parents=True)
    _nest(tmp_path / "submitted" / "mallory" / ASSIGNMENT, 1100)
    try:
        refused = refuse_unsafe_submissions(Config(), tmp_path)
    finally:
        _unnest(tmp_path / "submitted" / "mallory" / ASSIGNMENT)
    assert "mallory" in refused and "aaron" not in refused


def _central_directory_only(entries: int) -> bytes:
    """A zip of `entries` central-directory entries (46 bytes and a one-letter name each) and no
    member data at all: every entry names the same (missing) local header. Its end record says
    it holds one entry: zipfile reads the central directory by its size, not by that count."""
    import struct
    entry = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) + b"x"
    central = entry * entries
    return central + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), 0, 0)


def test_a_reply_of_many_central_directory_entries_costs_the_grader_nine_times_its_bytes():
    """(resources) Round 5 bounds a reply's members (at most MAX_MEMBERS = 10,000, stored, not
    overlapping) in `_check_members`, but only after `zipfile.ZipFile(io.BytesIO(data))` has
    parsed the whole central directory: a ZipInfo object (with its name, extra and comment) per
    entry, kept in a list and a dict. An entry is 47 bytes of the reply (no member data needed:
    every entry may point at the same offset), so a reply of MAX_REPLY_BYTES (256 MB, within the
    notebook's results total) is 5.7 million ZipInfo objects: about 2.3 GB of the grading
    process's memory (measured: 410 MB of RSS for a 47 MB reply) and 30 s of its CPU (5 µs an
    entry, outside any step limit), before "more than 10000 arrays" refuses it; each worker of a
    class can be made to hold that at once. The answer check's process writes such a reply on the
    check's pipe as round 5's attacks did (`channel.send(int(sys.argv[2]), …)`). loads should read
    the central directory's size from the end-of-central-directory record (its count of entries
    is the sender's word: zipfile reads entries by size, and this reply claims one) and refuse a
    directory larger than MAX_MEMBERS entries could take, before zipfile parses anything."""
    import tracemalloc
    from autograder.isolation import codec
    data = _central_directory_only(50_000)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError):
            codec.loads(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(data), f"refusing a reply of {len(data) / 1e6:.1f} MB took {peak / 1e6:.0f} MB"
