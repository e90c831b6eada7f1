"""`nbgrader collect` for this course: a submission is taken only as its student sent it.

On a class server the exchange's inbound/ is writable by every student, so a folder there can be
made by hand: named for a classmate, holding links to the teacher's files, with a student id
that is HTML, a name nbgrader cannot read, a time of the student's choosing, or files too large
to copy. nbgrader's own collect only warns when a folder is not owned by the student it names,
copies what links point to with the teacher's rights, takes any id and any time, and stops for
the whole class at the first folder it cannot read or copy. This collect refuses (and says so on
stderr) a submission whose
- name has no time nbgrader can read;
- student id is not a plain name (formgrader writes ids into its pages as HTML);
- folder holds anything but plain files and folders (a link, device or pipe: nothing is copied);
- files add up to more than nbgrader copies (`CourseDirectory.max_dir_size`);
- folder is not owned by the student it names: where students are users of this machine, its
  owner's user name must be the id itself (`CourseCollect.owner_must_be_student`; a hub whose
  students share one uid, as on Kubernetes, turns it off and trusts the hub's ids).
It copies without following links and checks the copy again (the student may change her folder
between the check and the copy), never lets one submission's error stop the others, and writes
the collected timestamp.txt itself: a claimed time earlier than the folder last changed (its
ctime, which no student can set back) is replaced by that time, and collect says so.
A refused submission never hides the student's own: the latest one the course accepts is taken.
"""
from __future__ import annotations

import datetime
import os
import pwd
import shutil
import stat
import sys
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import ignore_patterns
from traitlets import Bool

from autograder.classroom.intake import MAX_DEPTH, folder_problem, student_folder_problem, walk
from autograder.pipeline.printable import printable

# How much earlier than its folder's last change a submission may say it was made: nbgrader
# submit takes its time before it copies the files and sets their modes.
CLAIM_TOLERANCE = datetime.timedelta(minutes=5)
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"
COPY_CHUNK = 1024 ** 2
# What each folder and file of a copy costs the teacher's disk at least (a block, an inode).
ENTRY_BYTES = 4096


class Refused(Exception):
    """A submission the course does not collect; the message says why."""


def owner_problem(folder: Path, student: str, owner_must_be_student: bool) -> str:
    """'' when `folder`'s owner may submit as `student`, else why not.

    With `owner_must_be_student` the owner's user name must be the id itself: an id no user has,
    or a lookalike of a classmate's (another alphabet, a trailing space, another case), is
    refused. Without it only an id that is a user of this machine is compared.
    """
    owner = os.lstat(folder).st_uid
    try:
        owner_name = pwd.getpwuid(owner).pw_name
    except KeyError:
        owner_name = ""
    if owner_must_be_student:
        if owner_name != student:
            return f"its folder belongs to {owner_name or 'no user'} (uid {owner}), not to a user named {student!r}"
        return ""
    try:
        uid = pwd.getpwnam(student).pw_uid
    except KeyError:
        return ""  # not a user of this machine: no owner to compare with
    if owner != uid:
        return f"its folder belongs to uid {owner}, not to {student} (uid {uid})"
    return ""


def _lstats(parent: str, names: list) -> list:
    """os.lstat of each entry `names` of `parent` still there (the student may change her
    folder meanwhile: an entry that is gone is left out)."""
    found = []
    for name in names:
        try:
            found.append(os.lstat(os.path.join(parent, name)))
        except FileNotFoundError:
            pass
    return found


def size_problem(folder: Path, max_bytes: int) -> str:
    """'' when what the copy of `folder` (plain, checked before) takes is at most `max_bytes`.

    Counts each file's length, as nbgrader's copy does (a sparse file costs its student no disk
    but costs the copy all of it), and a block for every folder and file the copy makes (empty
    folders cost the teacher's disk a block and an inode each).
    """
    total = 0
    for parent, dirs, files in walk(folder):
        total += ENTRY_BYTES * (len(dirs) + len(files))
        total += sum(info.st_size for info in _lstats(parent, files))
        if total > max_bytes:
            break
    if total > max_bytes:
        return (f"its files and folders take more than the {max_bytes} bytes nbgrader copies "
                f"(CourseDirectory.max_dir_size; {ENTRY_BYTES} bytes counted for each entry)")
    return ""


def submission_problem(folder: Path, student: str, check_owner: bool = True, owner_must_be_student: bool = True,
                       max_bytes: int | None = None) -> str:
    """'' when inbound/`folder` may be collected as `student`'s submission, else why not."""
    problem = student_folder_problem(folder, student)
    if not problem and max_bytes is not None:
        problem = size_problem(folder, max_bytes)
    if not problem and check_owner:
        problem = owner_problem(folder, student, owner_must_be_student)
    return problem


def last_change(folder: Path) -> datetime.datetime:
    """When `folder` or anything in it last changed (its latest ctime), in UTC without a zone
    (as nbgrader's times are). The kernel sets a ctime; no student can set one back."""
    times = [os.lstat(folder).st_ctime]
    for parent, dirs, files in walk(folder):
        times += [info.st_ctime for info in _lstats(parent, dirs + files)]
    return datetime.datetime.fromtimestamp(max(times), datetime.timezone.utc).replace(tzinfo=None)


def restamp(record: dict, folder: Path) -> None:
    """Move `record`'s time to when `folder` last changed, if it claims to be older than that."""
    changed = last_change(folder)
    if record["timestamp"] < changed - CLAIM_TOLERANCE:
        record["note"] = (f"{record['filename']} claims it was made at {record['timestamp']:%Y-%m-%d %H:%M:%S} UTC, "
                          f"but its folder last changed at {changed:%Y-%m-%d %H:%M:%S} UTC: collected as made then")
        record["timestamp"] = changed


def _open_plain(name: str, dir_fd: int, want_dir: bool) -> int:
    """A descriptor of entry `name` of folder `dir_fd`, opened without following a link; Refused
    unless it is a plain folder (want_dir) or regular file."""
    kind = "folder" if want_dir else "file"
    try:
        mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
        if not (stat.S_ISDIR(mode) if want_dir else stat.S_ISREG(mode)):
            raise Refused(f"{name} is not a plain {kind}")
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | (os.O_DIRECTORY if want_dir else 0)
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError as exc:
        raise Refused(f"{name} cannot be opened as a plain {kind} ({exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not (stat.S_ISDIR(mode) if want_dir else stat.S_ISREG(mode)):  # swapped since the stat
        os.close(fd)
        raise Refused(f"{name} is not a plain {kind}")
    return fd


def _copy_file(fd: int, dest: Path, budget: list) -> None:
    """Copy the open regular file `fd` to the new file `dest`, spending budget[0] bytes."""
    with open(dest, "xb") as out:
        while chunk := os.read(fd, COPY_CHUNK):
            _spend(budget, len(chunk))
            out.write(chunk)
    info = os.fstat(fd)
    os.utime(dest, ns=(info.st_atime_ns, info.st_mtime_ns))


def _spend(budget: list, amount: int) -> None:
    budget[0] -= amount
    if budget[0] < 0:
        raise Refused("its files grew past what nbgrader copies while it was collected")


def _copy_folder(fd: int, path: str, dest: Path, ignore, budget: list, depth: int = 0) -> None:
    """Copy the open folder `fd` (at `path`, for `ignore`) to the new folder `dest`."""
    if depth > MAX_DEPTH:
        raise Refused(f"its folders nest deeper than {MAX_DEPTH} levels")
    dest.mkdir()
    names = sorted(os.listdir(fd))
    skipped = set(ignore(path, names))
    for name in names:
        if name in skipped:
            continue
        _spend(budget, ENTRY_BYTES)
        try:
            is_dir = stat.S_ISDIR(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
        except FileNotFoundError:
            raise Refused(f"{name} went while it was collected") from None
        entry = _open_plain(name, fd, want_dir=is_dir)
        try:
            if is_dir:
                _copy_folder(entry, os.path.join(path, name), dest / name, ignore, budget, depth + 1)
            else:
                _copy_file(entry, dest / name, budget)
        finally:
            os.close(entry)


def copy_plain_tree(src: Path, dest: Path, ignore, max_bytes: int) -> None:
    """Copy folder `src` to the new folder `dest` as it is now, never following a link: each
    folder and file is opened relative to its opened parent with O_NOFOLLOW, so swapping a
    file for a link at any moment gets the submission Refused, not the link's target copied.
    Files are made with the teacher's umask, not the student's modes."""
    parent = os.open(src.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fd = _open_plain(src.name, parent, want_dir=True)
    finally:
        os.close(parent)
    try:
        _copy_folder(fd, str(src), dest, ignore, [max_bytes])
    finally:
        os.close(fd)


def make_groupshared(dest: Path) -> None:
    """Give the group what nbgrader's do_copy gives it with CourseDirectory.groupshared."""
    for parent, _, files in walk(dest):
        os.chmod(parent, (os.stat(parent).st_mode | 0o2770) & 0o2777)
        for name in files:
            path = os.path.join(parent, name)
            os.chmod(path, (os.stat(path).st_mode | 0o660) & 0o777)


def say(log, message: str) -> None:
    """Tell the teacher, in nbgrader's log and on stderr, with the student's text made printable."""
    message = printable(message)
    log.warning(message)
    print(f"[course] {message}", file=sys.stderr)


def unreadable_record(path: str, error: Exception) -> dict:
    """The record of an inbound folder whose name nbgrader cannot read, refused."""
    filename = os.path.basename(path)
    return {"username": filename.rsplit("+", 3)[0], "filename": filename, "timestamp": datetime.datetime.min,
            "refused": f"its name holds no time nbgrader can read ({str(error)[:200]})"}


class CourseCollect(ExchangeCollect):
    """nbgrader's ExchangeCollect, taking only submissions `submission_problem` accepts, as sent."""

    owner_must_be_student = Bool(
        True,
        help="Collect a submission only if its folder's owner's user name is its student id "
             "(where students are users of this machine, as on a one-server hub). Set False where "
             "students share one uid (e.g. a hub on Kubernetes): the hub's ids are then trusted, "
             "and only an id that is a user of this machine is compared with the folder's owner. "
             "(No owner is compared with nbgrader's check_owner off.)",
    ).tag(config=True)

    def _path_to_record(self, path):
        try:
            record = super()._path_to_record(path)
        except Exception as exc:  # dateutil's ParserError, or nbgrader's fail on the name
            return unreadable_record(path, exc)
        folder = Path(path)
        try:
            record["refused"] = submission_problem(folder, record["username"], self.check_owner,
                                                   self.owner_must_be_student, self.max_bytes)
            if not record["refused"]:
                restamp(record, folder)
        except Exception as exc:  # the student may change her folder while it is checked
            record["refused"] = f"it could not be checked ({type(exc).__name__}: {str(exc)[:200]})"
        return record

    @property
    def max_bytes(self) -> int:
        return 1000 * self.coursedir.max_dir_size  # nbgrader's unit: kB

    def _sort_by_timestamp(self, records):
        accepted = [record for record in records if not record["refused"]]
        return super()._sort_by_timestamp(accepted or records)

    def copy_files(self):
        for record in self.src_records:
            if record["refused"]:
                say(self.log, f"not collected: {record['filename']}: {record['refused']}")
        taken = [record for record in self.src_records if not record["refused"]]
        if not taken:
            self.src_records = []
            super().copy_files()
        for record in taken:
            # nbgrader's loop, one submission at a time: whatever one raises, the others are collected.
            self.src_records, self._taking = [record], record
            try:
                super().copy_files()
            except Exception as exc:
                say(self.log, f"not collected: {record['filename']}: {exc}")
            if record.get("note"):
                say(self.log, record["note"])
        self.src_records = taken

    def do_copy(self, src, dest, log=None):
        """Copy inbound folder `src` to submitted/ folder `dest` as checked, stamped by the
        course; on any problem nothing stays in `dest` and the error is raised."""
        src, dest = Path(src), Path(dest)
        ignore = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                                 max_file_size=self.coursedir.max_file_size, log=self.log)
        try:
            copy_plain_tree(src, dest, ignore, self.max_bytes)
            problem = folder_problem(dest)  # the copy itself, which autograde will read
            if problem:
                raise Refused(f"its copy holds {problem}")
            # The folder may have changed while it was copied: the time is its last change's.
            restamp(self._taking, src)
            (dest / "timestamp.txt").write_text(self._taking["timestamp"].strftime(TIMESTAMP_FORMAT))
            if self.coursedir.groupshared:
                make_groupshared(dest)
        except BaseException:
            shutil.rmtree(dest, ignore_errors=True)
            raise
