"""The instructor's (and learner's) command line: `python -m autograder COMMAND`."""
from __future__ import annotations

import argparse
import atexit
import os
import sys
from pathlib import Path
from typing import NoReturn

from autograder.course import REPO_ROOT


def _release(args) -> int:
    from autograder.authoring.release import build_release
    for folder in build_release(Path(args.out)):
        print(f"released {folder}")
    return 0


def _autograde(args) -> int:
    from autograder.exercises import class_secret
    from autograder.classroom.autograde import IsolationUnavailable, autograde_class
    from autograder.pipeline.limits import GradingLimits
    from autograder.isolation.sandbox import Limits
    limits = GradingLimits(notebook_seconds=args.notebook_seconds, cell_seconds=args.cell_seconds,
                           sandbox=Limits(seconds_per_step=args.exercise_seconds))
    if args.course:
        from autograder.pipeline.course_folder import prepare_expected
        from autograder.course import assignments
        course = Path(args.course).resolve()
        if not (course / "gradebook.db").exists():
            print(f"error: {course} is not a course folder (make one with `course init`)", file=sys.stderr)
            return 2
        submissions, out, secret = course / "submitted", course, class_secret.load_or_create(course)
        prepare_expected(course, assignments())
    elif args.submissions:
        course, submissions, out = None, Path(args.submissions), Path(args.out)
        secret = class_secret.load_or_create(out)
    else:
        print("error: give SUBMISSIONS or --course DIR", file=sys.stderr)
        return 2
    try:
        results = autograde_class(submissions, out, args.jobs, limits, secret=secret,
                                  isolation=not args.no_isolation, course=course)
    except IsolationUnavailable as exc:
        print(f"error: no jail can be made on this machine, so student code would run with the "
              f"grader's rights: {exc}.\nGrade on a Linux machine with bubblewrap, or pass "
              "--no-isolation if you trust every submission.", file=sys.stderr)
        return 2
    flags = sum(len(r.flags) for r in results)
    print(f"graded {len(results)} submissions: {out}/grades.csv, {flags} flags in {out}/flags.csv")
    return 0


def _grade(args) -> int:
    from autograder.cli.selfgrade import as_json, format_table, grade_notebook
    path = Path(args.notebook)
    if not path.is_file():
        print(f"no such notebook: {path}", file=sys.stderr)
        return 2
    from autograder.isolation import jail
    if not jail.available():
        print(f"note: not isolated ({jail.unavailable_reason()}); your code runs with your own "
              "rights, which is fine for your own notebook.", file=sys.stderr)
    try:
        report = grade_notebook(path, args.feedback, seed=args.seed, isolated=jail.available())
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(as_json(report) if args.json else format_table(report))
    complete = all(e["score"] >= e["max_score"] for e in report["exercises"])
    return 0 if complete else 1


def _lab(args) -> int:
    from autograder.cli.lab import DEFAULT_WORKSPACE, start_lab
    start_lab(Path(args.workspace or DEFAULT_WORKSPACE), args.port, args.no_browser, args.token)
    return 0


def _course(args) -> int:
    from autograder.pipeline.course_folder import init
    root = init(Path(args.folder))
    print(f"course folder ready: {root} (run nbgrader's commands there; grade with "
          f"`python -m autograder autograde --course {root}`)")
    return 0


def _sync(args) -> int:
    from autograder.authoring.sync import sync_all
    stale = sync_all(write=not args.check)
    for path, names in stale.items():
        print(f"{'stale' if args.check else 'updated'}: {path}: {', '.join(names)}")
    return 1 if (stale and args.check) else 0


def _report(args) -> int:
    from autograder.report import write_report
    try:
        html, csv_file = write_report(Path(args.graded_dir))
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"wrote {html} and {csv_file}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="build the student release (no solutions, no hidden tests)")
    p.add_argument("--out", default=str(REPO_ROOT / "release"), help="folder to write (default: release/)")
    p.set_defaults(run=_release)

    p = sub.add_parser("autograde", help="grade a class: SUBMISSIONS/<student>/<assignment>/<notebook>.ipynb")
    p.add_argument("submissions", nargs="?", help="nbgrader's layout (not with --course)")
    p.add_argument("--course", default=None,
                   help="an instructor's course folder (course init): grade its submitted/ into its gradebook")
    p.add_argument("--out", default="graded", help="where grades.csv, flags.csv and feedback/ go")
    p.add_argument("--jobs", type=int, default=None, help="parallel workers (default: one per core)")
    p.add_argument("--notebook-seconds", type=int, default=180, help="time limit of one notebook")
    p.add_argument("--cell-seconds", type=int, default=60, help="time limit of one cell in the notebook")
    p.add_argument("--exercise-seconds", type=float, default=30.0,
                   help="time limit of one exercise in the out-of-kernel check")
    p.add_argument("--no-isolation", action="store_true",
                   help="grade even where no jail can be made (student code then runs with your rights)")
    p.set_defaults(run=_autograde)

    p = sub.add_parser("grade", help="grade one notebook yourself (exit code 1 if a check fails)")
    p.add_argument("notebook")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--feedback", default=None, help="also write the feedback HTML into this folder")
    p.add_argument("--seed", type=int, default=None,
                   help="draw the cases from this seed (printed by every run) to repeat a run")
    p.set_defaults(run=_grade, quick_exit=True)

    p = sub.add_parser("lab", help="open the course in JupyterLab (what `make lab` runs)")
    p.add_argument("--workspace", default=None, help="folder with your notebooks (default: workspace/)")
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--token", default=None)
    p.set_defaults(run=_lab)

    p = sub.add_parser("course", help="an instructor's nbgrader course folder: `course init DIR`")
    p.add_argument("action", choices=["init"])
    p.add_argument("folder")
    p.set_defaults(run=_course)

    p = sub.add_parser("sync", help="write solutions/ into the source notebooks' solution cells")
    p.add_argument("--check", action="store_true", help="only report drift (exit code 1)")
    p.set_defaults(run=_sync)

    p = sub.add_parser("report", help="what the class got wrong: GRADED_DIR/report.html and mistakes.csv")
    p.add_argument("graded_dir", help="the --out folder of autograde (with grades.csv)")
    p.set_defaults(run=_report)
    return parser


def main(argv: list | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


def run_and_exit() -> NoReturn:
    """`python -m autograder`: run the command and end the process with its exit status.

    After `grade`, tearing the interpreter down (its thousands of modules and objects, zmq's
    contexts) takes about 0.4 s the learner waits for and nothing needs: its exit handlers (stop
    the kernels, remove their cgroups and folders) run, the output is flushed, and it leaves.
    """
    args = build_parser().parse_args()
    status = args.run(args)
    if getattr(args, "quick_exit", False):
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    raise SystemExit(status)
