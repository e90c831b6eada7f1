"""Attacks on the jailed grader that work on the current code (each test fails until it is fixed).

Found by a student who read autograder/ (README "Grading guarantees"). Each test names the
attack, says what it does and what the grader should do instead. They need a jail (bubblewrap).
"""
import os
import re
import subprocess
import threading
import time
import tracemalloc

import nbformat
import pytest

from autograder.classroom.autograde import autograde_class
from autograder.isolation import jail
from autograder.authoring.release import build_release
from autograder.isolation.sandbox import Limits, run_solution_cells
from autograder.exercises.spec import Case
from classroom import answered, read_grades, submit
from test_jail import LOOP, _fast_answer

pytestmark = pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}")
ASSIGNMENT = STEM = "part1_subimages"
NAMES = ["conv_output_shape", "SUBIMAGE_OPTION", "get_subimages"]
FULL = {"conv_output_shape": 2.0, "SUBIMAGE_OPTION": 1.0, "get_subimages": 3.0}


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release")
    build_release(folder, [ASSIGNMENT])
    return nbformat.read(folder / ASSIGNMENT / f"{STEM}.ipynb", as_version=4)


def _honest(released):
    return answered(released, {n: "reference" for n in NAMES})


def _with_first_cell(released, source):
    nb = _honest(released)
    nb.cells.insert(0, nbformat.v4.new_code_cell(source))
    return nb


def test_timed_case_answered_from_the_given_loops_result_left_in_the_checkers_frame():
    """(g) Part 7's given loop is clocked on the very timed case, in the same process that then
    runs the student's cells; sandbox_child.serve keeps that call's `case` and `outcome` (the
    correct answer) in its frame. A solution cell reads them from sys._getframe() and a plain loop
    im_conv_fast returns the cached answer instantly on the timed case: judged 5x faster than the
    loop it is. The grader should clock the loop where no student code will ever run (or on other
    arguments), and send the student's process nothing it has not earned yet."""
    cache = ("import sys\n_cached = None\n_f = sys._getframe()\n"
             "while _f is not None:\n"
             "    if 'outcome' in _f.f_locals and 'case' in _f.f_locals:\n"
             "        _cached = (_f.f_locals['case'].args, _f.f_locals['outcome'].value)\n"
             "    _f = _f.f_back\n"
             + LOOP.replace("def im_conv_fast", "def _loop") +
             "def im_conv_fast(im, kernel):\n"
             "    if _cached is not None and np.shape(im) == np.shape(_cached[0][0]) \\\n"
             "            and np.array_equal(im, _cached[0][0]) and np.array_equal(kernel, _cached[0][1]):\n"
             "        return _cached[1].copy()\n"
             "    return _loop(im, kernel)\n")
    report = _fast_answer(cache)
    assert not report.passed and "too slow" in report.message, report.message


def test_kernel_writing_done_lines_to_the_workers_stdout_zeroes_classmates(released, tmp_path):
    """(c) The grading kernel's jail inherits the worker's stdout (ipykernel keeps the original as
    sys.stdout._original_stdstream_copy), which is the class runner's control channel. Writing
    '@@done N' for every N makes classroom._Worker.run take each later job as finished before its
    result exists: every classmate graded after the attacker on that worker scores 0. The kernel
    should get no descriptor of the grader's (stdout/stderr to /dev/null or a bounded file), and the
    runner should not trust a line it did not get from the worker itself."""
    attack = ("import os, sys\n"
              "os.write(sys.stdout._original_stdstream_copy,"
              " b''.join(b'@@done %d\\n' % i for i in range(100)))\n")
    subs = tmp_path / "submissions"
    submit(subs, "aaa_attacker", ASSIGNMENT, f"{STEM}.ipynb", _with_first_cell(released, attack))
    for student in ("bob", "carol"):
        submit(subs, student, ASSIGNMENT, f"{STEM}.ipynb", _honest(released))
    autograde_class(subs, tmp_path / "out", jobs=1, progress=False, secret=b"attack secret")
    grades = read_grades(tmp_path / "out")
    for student in ("bob", "carol"):
        assert {n: grades[(student, f"test_{n}")][0] for n in NAMES} == FULL, student


def test_image_width_metadata_puts_an_event_handler_into_the_feedback_page(released, tmp_path):
    """(e) A cell displays an image whose output metadata says width '1 onerror=alert(...)'.
    nbconvert's lab template writes width={{ width | escape_html }} unquoted, and the sanitizer
    (FeedbackHTMLExporter.sanitize_html) never sees output metadata, so the feedback page gets
    <img ... onerror="alert(...)">. Output metadata from the kernel should be dropped or checked
    (width/height numbers only) before the feedback page is written."""
    attack = ("from IPython.display import display\n"
              "display({'image/png': 'iVBORw0KGgo='}, raw=True,"
              " metadata={'image/png': {'width': '1 onerror=alert(document.domain) x'}})\n")
    subs = tmp_path / "submissions"
    submit(subs, "mallory", ASSIGNMENT, f"{STEM}.ipynb", _with_first_cell(released, attack))
    autograde_class(subs, tmp_path / "out", jobs=1, progress=False, secret=b"attack secret")
    [page] = (tmp_path / "out" / "feedback" / "mallory" / ASSIGNMENT).glob("*.html")
    tags = re.findall(r"<img\b[^>]*>", page.read_text())
    assert tags, "the image output is not in the feedback at all"
    assert not [t for t in tags if re.search(r"\son\w+\s*=", t)], tags


def _worker_rss(parent: int) -> int:
    """Largest resident size (bytes) among the autograder.classroom.worker processes under `parent`."""
    table = subprocess.run(["ps", "-eo", "pid=,ppid=,rss=,args="], capture_output=True, text=True).stdout
    rows = [line.split(None, 3) for line in table.splitlines() if line.strip()]
    children = {}
    for pid, ppid, rss, args in (r + [""] * (4 - len(r)) for r in rows):
        children.setdefault(int(ppid), []).append((int(pid), int(rss) * 1024, args))
    todo, best = [parent], 0
    while todo:
        for pid, rss, args in children.get(todo.pop(), []):
            if "autograder.classroom.worker" in args:
                best = max(best, rss)
            todo.append(pid)
    return best


def test_kernel_output_flood_is_held_whole_in_the_workers_memory(released, tmp_path):
    """(c, f) One cell publishes 100 display outputs of 10 MB each (1 GB). The output cap
    (notebook_limits.LimitedExecute._cap_outputs) runs only after the cell ends, so nbclient keeps
    every message: the grading worker grows by more than the flood (about 2 GB for 1.5 GB), and a
    notebook can exhaust the grading machine's memory within its cell time. Outputs should be
    capped as they arrive (drop what is past the cap, stop the cell)."""
    attack = ("from IPython.display import publish_display_data\n"
              "s = 'x' * 10_000_000\n"
              "for i in range(100):\n"
              "    publish_display_data({'text/plain': s})\n")
    subs = tmp_path / "submissions"
    submit(subs, "mallory", ASSIGNMENT, f"{STEM}.ipynb", _with_first_cell(released, attack))
    grading = threading.Thread(target=autograde_class, args=(subs, tmp_path / "out"),
                               kwargs=dict(jobs=1, progress=False, secret=b"attack secret"))
    grading.start()
    peak, deadline = 0, time.monotonic() + 600
    while grading.is_alive() and time.monotonic() < deadline:
        peak = max(peak, _worker_rss(os.getpid()))
        time.sleep(0.2)
    grading.join()
    assert peak < 600 * 1024 ** 2, f"the grading worker reached {peak / 1024 ** 2:.0f} MB"


def test_a_reply_of_empty_lists_decodes_to_twenty_times_its_bytes():
    """(f) The answer's own process writes its reply frame itself: a 24 MB message whose
    structure is a raw JSON list of 8 million empty lists (codec._decode passes raw lists through,
    with no depth or count check). The grader decodes it into about 540 MB; at the 256 MB reply
    limit that is about 6 GB per reply, per worker. Decoding should bound the number of
    values (and refuse raw JSON containers), not only the bytes."""
    source = ("import io, os, sys, numpy as np\n"
              "from autograder.isolation import channel\n"
              "def probe():\n"
              "    tree = ('{\"__dict__\": [[\"value\", [' + ','.join(['[]'] * 8_000_000) + ']],'\n"
              "            ' [\"error\", null], [\"mutated\", null]]}').encode()\n"
              "    buffer = io.BytesIO()\n"
              "    np.savez(buffer, __tree__=np.frombuffer(tree, dtype=np.uint8))\n"
              "    channel.send(int(sys.argv[2]), buffer.getvalue())\n"
              "    os._exit(0)\n")
    tracemalloc.start()
    try:
        run = run_solution_cells([("c", source)], [("probe", "function")], {"probe": [Case()]},
                                 Limits(seconds_per_step=60))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    got = run.outcomes.get("probe", [None])[0]
    assert got is None or not isinstance(got.value, list), "the reply was decoded whole"
    assert peak < 150 * 1024 ** 2, f"decoding a 24 MB reply took {peak / 1024 ** 2:.0f} MB"
