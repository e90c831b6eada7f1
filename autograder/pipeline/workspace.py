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

from autograder.course import NOTEBOOKS_DIR, add_release_extras
from autograder.isolation.grading_kernel import PRELOAD_ENV
from autograder.isolation.kernel_launcher import MEMORY_ENV
from autograder.pipeline.limits import GradingLimits
from autograder.pipeline.config import GRADING_KERNEL, course_config

def _venv_bin_on_path() -> None:
    # nbgrader runs the `alembic` command of its own environment to open a gradebook.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def nbgrader_api(root: Path, limits: GradingLimits = GradingLimits(), kernel_name: str | None = None,
                 **config) -> NbGraderAPI:
    """nbgrader's API on course folder `root`; `config`: more of course_config's settings
    (secret_file, expected_dir, isolated, exchange_root)."""
    _venv_bin_on_path()
    config = course_config(root, limits=limits, kernel_name=kernel_name, **config)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _check(result: dict, what: str) -> None:
    if not result.get("success"):
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('error') or result.get('log')}")


def build_course(root: Path, assignments: list, **config) -> None:
    """Fill `root` with source/<assignment>/ copies, a gradebook knowing every assignment, and
    release/<assignment>/ (the student version, with coursekit/ and the photos)."""
    root.mkdir(parents=True, exist_ok=True)
    for assignment in assignments:
        shutil.copytree(NOTEBOOKS_DIR / assignment, root / "source" / assignment, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    api = nbgrader_api(root, **config)
    for assignment in assignments:
        _check(api.generate_assignment(assignment, force=True, create=True), f"generate_assignment {assignment}")
        add_release_extras(root / "release" / assignment)


def write_grading_kernel(root: Path, limits: GradingLimits, isolated: bool = True) -> Path:
    """A kernel spec `course-grader` under root/jupyter; returns the folder for JUPYTER_PATH.

    isolated: the kernel runs in its jail (`isolation.kernel_launcher`); without it (self-study
    on a machine where no jail can be made) it is a plain ipykernel, with the same start-up.
    """
    jupyter = root / "jupyter"
    spec_dir = jupyter / "kernels" / GRADING_KERNEL
    spec_dir.mkdir(parents=True, exist_ok=True)
    # -I: the launcher runs with the grader's rights in the notebook's folder, which must never
    # be on its import path (a student's json.py would run before any jail exists).
    if isolated:
        argv = [sys.executable, "-I", "-m", "autograder.isolation.kernel_launcher", "{connection_file}"]
    else:
        argv = [sys.executable, "-P", "-m", "autograder.isolation.grading_kernel", "-f", "{connection_file}"]
    spec = {
        "argv": argv,
        "display_name": "Python 3 (course grader)",
        "language": "python",
        # A jailed kernel is not a child the grader can signal directly: interrupt by message.
        "interrupt_mode": "message",
        "env": {
            MEMORY_ENV: str(limits.kernel_memory_bytes),
            "MPLBACKEND": "Agg",
            PRELOAD_ENV: "numpy,cv2,matplotlib.pyplot",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
        },
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return jupyter
