"""The instructor's course folder: a standard nbgrader course whose gradebook holds the final scores.

`python -m autograder course init DIR` makes it: `source/` (every part), `release/` (the student
version), `gradebook.db`, `class-secret` (the secret the class's cases come from, readable by its
owner only), `.course/` (the expected outcomes for that secret and the jailed grading kernel's
spec) and an `nbgrader_config.py` that loads the course's configuration. From then on nbgrader's
own commands (formgrader, `nbgrader autograde`, `generate_feedback`, `export`, the exchange) and
`python -m autograder autograde --course DIR` grade through the same pipeline into the same
gradebook.
"""
from __future__ import annotations

import os
from pathlib import Path

from autograder.exercises.class_secret import SECRET_FILE, load_or_create
from autograder.pipeline.limits import GradingLimits

PRIVATE = ".course"
CONFIG_FILE = "nbgrader_config.py"
CONFIG_TEXT = '''\
"""nbgrader configuration of this course folder (written by `python -m autograder course init`).

It loads the course's settings from the installed `autograder` package: the jailed grading
kernel, the judge of each answer (partial credit, flags), the feedback page. Change a limit with
the usual traitlets options, e.g. `c.LimitedExecute.cell_seconds = 120` below the call, or on
the command line (`--LimitedExecute.cell_seconds=120`). `nbgrader collect` takes a submission
only from the user of this machine its student id names; on a hub whose students share one uid
(e.g. on Kubernetes) set `c.CourseCollect.owner_must_be_student = False` to trust the hub's ids.
"""
from pathlib import Path

from autograder.pipeline.course_folder import configure

configure(get_config(), Path(__file__).resolve().parent)  # noqa: F821 (given by nbgrader)
'''


def expected_dir(root: Path) -> Path:
    return Path(root) / PRIVATE / "expected"


def configure(c, root: Path, limits: GradingLimits = GradingLimits(), allow_no_isolation: bool = False) -> None:
    """Load the course's nbgrader settings for course folder `root` into config `c`.

    Without a jail on this machine it refuses (SystemExit) unless `allow_no_isolation`.
    """
    from autograder.isolation import jail
    from autograder.pipeline.config import course_config
    from autograder.pipeline.kernels import GRADING_KERNEL
    isolated = jail.available()
    if not isolated and not allow_no_isolation:
        raise SystemExit(f"no jail can be made on this machine ({jail.unavailable_reason()}); student code "
                         "would run with your rights. Grade on Linux with bubblewrap, or call "
                         "configure(..., allow_no_isolation=True) in nbgrader_config.py.")
    jupyter = Path(root) / PRIVATE / "jupyter"
    if str(jupyter) not in os.environ.get("JUPYTER_PATH", "").split(os.pathsep):
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(jupyter), os.environ.get("JUPYTER_PATH")]))
    c.merge(course_config(Path(root), limits=limits, kernel_name=GRADING_KERNEL,
                          secret_file=Path(root) / SECRET_FILE, expected_dir=expected_dir(root),
                          isolated=isolated, exchange_root=None))
    # nbgrader collect takes only what each student sent (course_collect; its settings are
    # CourseCollect's, e.g. owner_must_be_student).
    c.ExchangeFactory.collect = "autograder.pipeline.course_collect.CourseCollect"
    refuse_unsafe_submissions(c, Path(root))


def refuse_unsafe_submissions(c, root: Path) -> dict:
    """Leave out of nbgrader's autograde and feedback every student of submitted/ whose id is not
    a plain name or whose folder holds anything but plain files and folders; returns {student: why}.

    nbgrader copies a submission's files with shutil.copy and reads its notebooks through any
    link: a link to the source notebook would be graded as the student's work, one to the class
    secret copied into their feedback, one to /dev/zero read until the disk is full; and
    formgrader writes student ids into its pages as HTML. This runs when nbgrader loads the
    configuration, before it copies or reads anything.
    """
    import sys
    from autograder.classroom.intake import student_folder_problem
    from autograder.pipeline.printable import printable
    refused = {}
    submitted = root / "submitted"
    if submitted.is_dir() and not submitted.is_symlink():
        for student in sorted(submitted.iterdir()):
            try:
                problem = student_folder_problem(student, student.name)
            except Exception as exc:  # whatever the folder holds, the class is graded
                problem = f"it could not be checked ({type(exc).__name__})"
            if problem:
                refused[student.name] = problem
                print(printable(f"[course] not graded: {student.name}: {problem}"), file=sys.stderr)
    unlisted = [student for student in refused if "," in student]
    if unlisted:  # nbgrader's exclude list is comma-separated: such an id cannot be left out
        raise SystemExit(f"submitted/ holds student folders nbgrader cannot leave out ({unlisted!r}): "
                         "move them out of submitted/ before grading")
    if refused:
        # nbgrader's own switch for leaving students out (autograde, generate/release_feedback).
        before = c.CourseDirectory.get("student_id_exclude", "")
        c.CourseDirectory.student_id_exclude = ",".join(filter(None, [before, *refused]))
    return refused


def prepare_expected(root: Path, assignments: list) -> None:
    """Write the expected outcomes of `assignments` for the folder's secret (once per course)."""
    from autograder.course import source_notebooks
    from autograder.exercises import get_exercise
    from autograder.exercises.reference import write_expected
    names = [n for nb in source_notebooks() if nb.assignment in assignments for n in nb.exercises()
             if not (expected_dir(root) / f"{n}.expected").exists()]
    write_expected([get_exercise(n) for n in names], expected_dir(root), load_or_create(root))


def init(root: Path) -> Path:
    """Create (or complete) the course folder `root`; returns it."""
    from autograder.course import assignments
    from autograder.isolation import jail
    from autograder.pipeline.kernels import write_grading_kernel
    from autograder.pipeline.workspace import build_course
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    # The expected outcomes, the reference (source/), every student's scores and work: the
    # teacher's only (graders in a group may be given 0750), never the other users' of the machine.
    root.chmod(0o700)
    load_or_create(root)
    build_course(root, assignments(), exchange_root=None)
    prepare_expected(root, assignments())
    write_grading_kernel(root / PRIVATE, GradingLimits(), isolated=jail.available())
    (root / CONFIG_FILE).write_text(CONFIG_TEXT)
    return root
