"""A grading worker: one process, its own nbgrader course folder, many submissions in turn.

`python -m autograder.worker TEMPLATE WORKDIR LIMITS [PRIVATE...]` copies the prepared course
(gradebook, source notebooks, expected outcomes) into WORKDIR, then reads one
JSON job per line on stdin and answers `@@done <id>` on stdout once the job's
result file is written. The class runner kills and replaces a worker whose
job runs past its time limit, so one bad submission never stops the batch.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import traceback
from pathlib import Path

from . import fastimport  # noqa: F401  (before nbformat)

DONE = "@@done"


def main() -> None:
    template, workdir = Path(sys.argv[1]), Path(sys.argv[2])
    limits_json = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    private = tuple(Path(p) for p in sys.argv[4:])
    from .limits import GradingLimits
    from .sandbox import Limits as SandboxLimits
    sandbox = SandboxLimits(**limits_json.pop("sandbox", {}))
    limits = GradingLimits(sandbox=sandbox, **limits_json)

    root = workdir / "course"
    if not root.exists():
        shutil.copytree(template, root, ignore=shutil.ignore_patterns("jupyter", "release"))
    from .workspace import nbgrader_api, write_grading_kernel
    from .nbgrader_config import GRADING_KERNEL
    os.environ["JUPYTER_PATH"] = str(write_grading_kernel(root, template / "expected", limits, private))
    api = nbgrader_api(root, limits, kernel_name=GRADING_KERNEL)
    from .notebook_limits import LimitedExecute
    LimitedExecute(config=api.config).start_spare()  # the first notebook's kernel boots meanwhile
    from .course import SourceNotebook
    from .grade_submission import SubmissionResult, grade_submission, Flag

    for line in sys.stdin:
        job = json.loads(line)
        result_path = Path(job["result"])
        try:
            sources = [SourceNotebook(job["assignment"], root / "source" / job["assignment"] / f"{stem}.ipynb")
                       for stem in job["notebooks"]]
            result = grade_submission(job["student"], job["assignment"], Path(job["folder"]), sources,
                                      api, Path(job["out"]), limits)
        except Exception:
            result = SubmissionResult(flags=[Flag(job["student"], job["assignment"], "",
                                                  "the grader failed on this submission: "
                                                  + traceback.format_exc().strip().splitlines()[-1][:300])])
        result_path.write_text(json.dumps(result.to_json()))
        print(f"{DONE} {job['id']}", flush=True)


if __name__ == "__main__":
    main()
