"""`nbgrader collect` for this course: a submission is taken only as its student sent it.

On a class server the exchange's inbound/ is writable by every student, so a folder there can be
made by hand: named for a classmate, holding links to the teacher's files, or with a student id
that is HTML. nbgrader's own collect only warns when a folder is not owned by the student it
names, copies what links point to with the teacher's rights, and takes any id. This collect
refuses (and says so on stderr) a submission whose
- student id is not a plain name (formgrader writes ids into its pages as HTML);
- folder holds anything but plain files and folders (a link, device or pipe: nothing is copied);
- folder is not owned by the student it names, where students are users of this machine (a hub
  whose users share one uid, as on Kubernetes, cannot tell; then nbgrader's rule stands).
A refused submission never hides the student's own: the latest one the course accepts is taken.
"""
from __future__ import annotations

import os
import pwd
import sys
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect

from autograder.classroom.intake import student_folder_problem
from autograder.pipeline.printable import printable


def submission_problem(folder: Path, student: str, check_owner: bool = True) -> str:
    """'' when inbound/`folder` may be collected as `student`'s submission, else why not."""
    problem = student_folder_problem(folder, student)
    if problem or not check_owner:
        return problem
    try:
        uid = pwd.getpwnam(student).pw_uid
    except KeyError:
        return ""  # not a user of this machine: no owner to compare with
    owner = os.lstat(folder).st_uid
    if owner != uid:
        return f"its folder belongs to uid {owner}, not to {student} (uid {uid})"
    return ""


class CourseCollect(ExchangeCollect):
    """nbgrader's ExchangeCollect, taking only submissions `submission_problem` accepts."""

    def _path_to_record(self, path):
        record = super()._path_to_record(path)
        record["refused"] = submission_problem(Path(path), record["username"], self.check_owner)
        return record

    def _sort_by_timestamp(self, records):
        accepted = [record for record in records if not record["refused"]]
        return super()._sort_by_timestamp(accepted or records)

    def copy_files(self):
        for record in self.src_records:
            if record["refused"]:
                message = printable(f"not collected: {record['filename']}: {record['refused']}")
                self.log.warning(message)
                print(f"[course] {message}", file=sys.stderr)
        self.src_records = [record for record in self.src_records if not record["refused"]]
        super().copy_files()
