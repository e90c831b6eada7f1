"""Private nbgrader course folders: the source notebooks, a gradebook, a grading kernel.

Every command of the CLI works in such a folder, never in the repository, so
nothing it does (gradebook, autograded copies) lands next to the reference.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from .course import COURSEKIT_DIR, DATA_DIR, NOTEBOOKS_DIR, REPO_ROOT
from .grading_kernel import BLOCKED_PATHS_ENV, MEMORY_ENV, PRELOAD_ENV
from .limits import GradingLimits
from .nbgrader_config import GRADING_KERNEL, course_config
from .reference import EXPECTED_DIR_ENV

DATA_SUFFIXES = (".png", ".jpg", ".md")


def add_release_extras(folder: Path) -> None:
    """Copy what a released notebook needs next to it: coursekit/ and the photos in data/."""
    shutil.copytree(COURSEKIT_DIR, folder / "coursekit", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (folder / "data").mkdir(exist_ok=True)
    for path in DATA_DIR.iterdir():
        if path.suffix in DATA_SUFFIXES:
            shutil.copy2(path, folder / "data" / path.name)


def _venv_bin_on_path() -> None:
    # nbgrader runs the `alembic` command of its own environment to open a gradebook.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def nbgrader_api(root: Path, limits: GradingLimits = GradingLimits(), kernel_name: str | None = None) -> NbGraderAPI:
    _venv_bin_on_path()
    config = course_config(root, limits=limits, kernel_name=kernel_name)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _check(result: dict, what: str) -> None:
    if not result.get("success"):
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('error') or result.get('log')}")


def build_course(root: Path, assignments: list) -> None:
    """Fill `root` with source/<assignment>/ copies and a gradebook knowing every assignment."""
    root.mkdir(parents=True, exist_ok=True)
    for assignment in assignments:
        shutil.copytree(NOTEBOOKS_DIR / assignment, root / "source" / assignment, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    api = nbgrader_api(root)
    for assignment in assignments:
        _check(api.generate_assignment(assignment, force=True, create=True), f"generate_assignment {assignment}")


def write_grading_kernel(root: Path, expected_dir: Path, limits: GradingLimits,
                         private: tuple = ()) -> Path:
    """A kernel spec `course-grader` under root/jupyter; returns the folder for JUPYTER_PATH.

    `private`: more folders the student's code may not open (the submissions).
    """
    jupyter = root / "jupyter"
    spec_dir = jupyter / "kernels" / GRADING_KERNEL
    spec_dir.mkdir(parents=True, exist_ok=True)
    blocked = [REPO_ROOT / "solutions", REPO_ROOT / "notebooks", REPO_ROOT / "tests",
               root / "gradebook.db", root / "source", root / "release", *private]
    spec = {
        "argv": [sys.executable, "-m", "autograder.grading_kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (course grader)",
        "language": "python",
        "env": {
            MEMORY_ENV: str(limits.kernel_memory_bytes),
            BLOCKED_PATHS_ENV: os.pathsep.join(str(p) for p in blocked),
            EXPECTED_DIR_ENV: str(expected_dir),
            "MPLBACKEND": "Agg",
            PRELOAD_ENV: "numpy,cv2,matplotlib.pyplot,autograder.checks",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
        },
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return jupyter
