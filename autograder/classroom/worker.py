"""A grading worker: one process, its own nbgrader course folder, many submissions in turn.

`python -m autograder.classroom.worker TEMPLATE WORKDIR SETTINGS` imports what it needs and
starts its first kernel (in its jail), copies the prepared course (gradebook, source notebooks)
into WORKDIR when the first job comes (expected outcomes and the class secret stay in TEMPLATE,
which no jail sees) (the class runner starts workers while it
prepares the template), then reads one JSON job per line on stdin and answers `@@done <id> <token>` on stdout once the job's
result file is written (the token is new for every job, so no other line can pass for it). The class runner kills and replaces a worker whose
job runs past its time limit, so one bad submission never stops the batch.
"""
from __future__ import annotations

import json
import shutil
import sys
import traceback
from pathlib import Path

from autograder import fastimport  # noqa: F401  (before nbformat)

DONE = "@@done"


def _gradebook_without_fsync() -> None:
    """No fsync on the commits of this worker's gradebook: a private copy, thrown away after the
    class (grades go to grades.csv), where each submission's dozens of commits each waited for
    the disk. The rollback journal stays, so a killed worker leaves a consistent file."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _no_fsync(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def main() -> None:
    template, workdir = Path(sys.argv[1]), Path(sys.argv[2])
    settings = json.loads(sys.argv[3])
    from autograder.pipeline.limits import GradingLimits
    from autograder.isolation.sandbox import Limits as SandboxLimits, keep_files_in
    limits_json = settings["limits"]
    sandbox = SandboxLimits(**limits_json.pop("sandbox", {}))
    limits = GradingLimits(sandbox=sandbox, **limits_json)
    isolated = settings["isolated"]

    root = workdir / "course"
    # Imports and the first kernel's start happen while the class runner prepares the template.
    from autograder.course import SourceNotebook
    from autograder.exercises.class_secret import SECRET_FILE
    from autograder.classroom.grade_submission import Flag, SubmissionResult, grade_submission
    from autograder.pipeline.kernels import GRADING_KERNEL, start_first_kernel
    from autograder.pipeline.workspace import nbgrader_api
    start_first_kernel(root, workdir / "kernels", limits, isolated)
    keep_files_in(str(workdir))  # the answer checks' release files go with the worker's folder
    api = None

    for line in sys.stdin:
        if api is None:  # the template is complete once the first job comes
            if not (root / "gradebook.db").exists():  # a restarted worker keeps its course folder
                shutil.copytree(template, root, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("jupyter", "release", "expected", SECRET_FILE))
            _gradebook_without_fsync()
            api = nbgrader_api(root, limits, kernel_name=GRADING_KERNEL, secret_file=template / SECRET_FILE,
                               expected_dir=template / "expected", isolated=isolated)
        job = json.loads(line)
        result_path = Path(job["result"])
        try:
            sources = [SourceNotebook(job["assignment"], root / "source" / job["assignment"] / f"{stem}.ipynb")
                       for stem in job["notebooks"]]
            keep = Path(job["keep_autograded"]) if job.get("keep_autograded") else None
            result = grade_submission(job["student"], job["assignment"], Path(job["folder"]), sources,
                                      api, Path(job["out"]), keep)
        except Exception:
            result = SubmissionResult(flags=[Flag(job["student"], job["assignment"], "",
                                                  "the grader failed on this submission: "
                                                  + traceback.format_exc().strip().splitlines()[-1][:300])])
        result_path.write_text(json.dumps(result.to_json()))
        print(f"{DONE} {job['id']} {job['token']}", flush=True)


if __name__ == "__main__":
    main()
