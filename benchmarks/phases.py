"""Where the time of one submission goes: the per-phase durations of COURSE_TIMINGS.

`python -m autograder autograde` run with COURSE_TIMINGS=PATH appends one JSON line per
submission (autograder/timings.py): {"student", "assignment", "phases": {phase: seconds}}.
"""
from __future__ import annotations

import json
from pathlib import Path

from .common import Row, median, seconds

# In the order they happen, with what each one covers.
PHASES = {
    "intake": "intake: read, check and stage the notebook",
    "kernel_start": "kernel start (until the first cell can run)",
    "notebook_cells": "notebook execution (cells other than the graded tests)",
    "hidden_checks": "graded test cells (visible asserts + hidden checks)",
    "kernel_stop": "kernel shutdown",
    "nbgrader_autograde": "the rest of nbgrader autograde (gradebook, copies)",
    "read_scores": "read scores and errors from the gradebook and the notebook",
    "verification": "answers checked alone, in a jail (JudgeAnswers)",
    "feedback": "feedback (nbgrader generate_feedback, HTML)",
    "write_results": "write results (grades.json, feedback copies)",
}


def read(path: Path) -> list:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def total(record: dict) -> float:
    return sum(record["phases"].values())


def rows(records: list, hung: str, limit: float) -> list:
    """Median per phase over the normal submissions; the hung one's extra cost against `limit`."""
    normal = [r for r in records if r["student"] != hung]
    out = []
    if not normal:
        return [Row("one submission", "per-phase timings", "none recorded (COURSE_TIMINGS)")]
    typical = median([total(r) for r in normal])
    known = list(PHASES) + sorted({p for r in normal for p in r["phases"]} - set(PHASES))
    for phase in known:
        took = median([r["phases"].get(phase, 0.0) for r in normal])
        out.append(Row("one submission", PHASES.get(phase, phase),
                       f"{seconds(took)} ({100 * took / typical:.0f}%)"))
    out.append(Row("one submission", f"total, median of {len(normal)} submissions (one worker's time)",
                   seconds(typical)))
    hung_records = [r for r in records if r["student"] == hung]
    if hung_records:
        extra = median([total(r) - typical for r in hung_records])
        kernel = median([sum(r["phases"].get(p, 0.0) for p in ("notebook_cells", "hidden_checks"))
                         for r in hung_records])
        sandbox = median([r["phases"].get("verification", 0.0) for r in hung_records])
        # The promise is about its cells: they stop at the notebook's limit. Its answer check,
        # its kernel's stop and its feedback come on top, as for every notebook.
        out.append(Row("one submission", "hung notebook: its cells' time in its kernel",
                       f"{seconds(kernel)} (in all {seconds(extra)} beyond a normal submission; "
                       f"its answer check {seconds(sandbox)})",
                       f"<= its notebook limit, {limit:g} s", "ok" if kernel <= limit else "MISSED"))
    return out
