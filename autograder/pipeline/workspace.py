"""Private nbgrader course folders: the source notebooks, a gradebook, a grading kernel.

Every command of the CLI works in such a folder, never in the repository, so
nothing it does (gradebook, autograded copies) lands next to the reference.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
import warnings
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning

from autograder.course import NOTEBOOKS_DIR, add_release_extras
from autograder.pipeline.limits import GradingLimits
from autograder.pipeline.config import course_config

# Course folders kept in the user's cache (course_cache): the ones used last.
CACHE_KEEP = 16

# nbgrader's gradebook links a new submission in a way SQLAlchemy 2 warns about
# (nbgrader.api.Gradebook.update_or_create_submission): nothing a teacher or learner can act on.
warnings.filterwarnings("ignore", message=r"Object of type <Submitted\w*> not in session", category=SAWarning)


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


def course_cache(assignments: list) -> Path:
    """A prepared course folder for `assignments` (source/, release/, gradebook.db), built once
    per version of the course and kept in the user's cache: a learner's `grade` copies it instead
    of making a gradebook (nbgrader's migrations run in a process of their own) each time."""
    import hashlib
    import tempfile
    digest = hashlib.sha256(repr(sorted(assignments)).encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")) + sorted(p for a in assignments for p in (NOTEBOOKS_DIR / a).rglob("*")
                                                      if p.is_file() and "checkpoints" not in str(p)):
        digest.update(str(path.name).encode() + path.read_bytes())
    import nbgrader
    digest.update(nbgrader.__version__.encode())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "convolution-course"
    folder = base / f"course-{digest.hexdigest()[:20]}"
    try:
        # Used now, before it is trusted: another run's pruning keeps what was used lately, and a
        # folder it removed meanwhile is built again.
        os.utime(folder)
        if (folder / "gradebook.db").exists():
            return folder
    except FileNotFoundError:
        pass
    base.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="building-", dir=base))
    build_course(building, assignments)
    try:
        building.rename(folder)  # whole or not at all; another process may have won
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
    prune_course_cache(base)
    return folder


def prune_course_cache(base: Path, keep: int = CACHE_KEEP, in_use_seconds: float = 24 * 3600,
                       stale_seconds: float = 3600) -> None:
    """Keep the `keep` course folders of `base` used last (one per version of the course and
    set of assignments: every new version adds some) and every one used in the last
    `in_use_seconds` (another process may be copying it); remove builds a process left behind
    (a `building-` folder older than `stale_seconds`)."""
    def last_use(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0
    folders = sorted((p for p in base.glob("course-*") if p.is_dir()), key=last_use, reverse=True)
    for old in folders[keep:]:
        if last_use(old) < time.time() - in_use_seconds:
            _remove_whole(old)
    for build in base.glob("building-*"):
        if last_use(build) < time.time() - stale_seconds:
            shutil.rmtree(build, ignore_errors=True)


def _remove_whole(folder: Path) -> None:
    """Remove `folder` so that no other process ever finds part of it: renamed away first."""
    import tempfile
    gone = Path(tempfile.mkdtemp(prefix="building-removed-", dir=folder.parent))
    try:
        folder.rename(gone / folder.name)
    except OSError:  # another process removed it, or uses it under a new name
        pass
    shutil.rmtree(gone, ignore_errors=True)
