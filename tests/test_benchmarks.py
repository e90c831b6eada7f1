"""`python -m benchmarks --quick` runs end to end and its table has every row.

Only that the benchmark works is checked, never its numbers (this machine may be shared):
a tiny class graded both ways, every notebook found at run time, the three kernel sizes,
every widget, the class report.
"""
import subprocess
import sys

import pytest

from autograder.course import REPO_ROOT, source_notebooks

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # benchmarks/ is a folder of the repository, not installed
from benchmarks.phases import PHASES  # noqa: E402


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "results.md"
    run = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)], cwd=REPO_ROOT,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return out.read_text(), run.stdout


def _rows(text: str) -> list:
    """[(section, measure, value)] of the markdown table."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 3 and cells[0] not in ("section", "---"):
            rows.append(tuple(cells[:3]))
    return rows


def test_the_table_is_printed_and_written(quick):
    written, printed = quick
    assert _rows(written) and written.strip() in printed


def test_no_section_failed(quick):
    failed = [row for row in _rows(quick[0]) if row[1] == "failed" or row[2].startswith("failed")]
    assert not failed, failed


@pytest.mark.parametrize("measure", [
    "plain nbgrader autograde, sequential", "ours, --jobs", "speed-up, median of", "same total score per student",
    "before the first submission starts", "after the last submission ends",
    *PHASES.values(), "total, median of", "hung notebook: its cells' time in its kernel",
    *[f"{k}x{k} kernel: {what}" for k in (3, 5, 11) for what in ("cv2.filter2D", "im_conv_fast", "im_conv (the loop)")],
    "one redraw: window_explorer", "one redraw: conv_stepper", "one redraw: kernel_picker",
    "one redraw: conv_grid_explorer", "one redraw: pooling_picker",
    "class report, 40 students", "report.html size",
    "the class with jails / without", "the jails' cost per submission",
    "python -m autograder grade part1_subimages.ipynb: first run", "the same, cache warm",
    "notebooks (Parts 1 and 2): --jobs 1 / --jobs 2", "--jobs 2 speed-up over --jobs 1", "CPU cores kept busy",
])
def test_every_row_is_there(quick, measure):
    assert any(measure in row[1] for row in _rows(quick[0])), measure


@pytest.mark.parametrize("notebook", source_notebooks(), ids=lambda nb: nb.stem)
def test_every_notebook_has_its_rows(quick, notebook):
    measures = [row[1] for row in _rows(quick[0])]
    label = f"{notebook.assignment}/{notebook.stem}.ipynb"
    assert any(m.startswith(f"Run All: {label}") for m in measures), label
    assert any(m.startswith(f"hidden checks: {label}") for m in measures), label
