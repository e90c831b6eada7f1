"""`python -m autograder release`: the student version of every part, built by nbgrader."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from autograder.course import assignments as course_assignments
from autograder.pipeline.workspace import add_release_extras, build_course


def build_release(out_dir: Path, assignments: list | None = None) -> list:
    """Write out_dir/<assignment>/ (notebook without solutions or hidden tests, coursekit/, data/).

    Returns the assignment folders written. Existing folders are replaced.
    """
    assignments = assignments or course_assignments()
    written = []
    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        root = Path(tmp)
        build_course(root, assignments)
        for assignment in assignments:
            target = Path(out_dir) / assignment
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / "release" / assignment, target)
            add_release_extras(target)
            written.append(target)
    return written
