"""Read a student's submitted folder without trusting it or ever writing to it.

Finds each expected notebook (or the one renamed file), parses it, and says in
plain words what a person should look at: missing, renamed, corrupt, cells
deleted or changed, extra files.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.pipeline.gradebook_writer import EXCHANGE_FILES

MAX_NOTEBOOK_BYTES = 20 * 1024 ** 2
# Folders within a submission (the release's coursekit/ and data/ need one level).
MAX_DEPTH = 16
# Folders the student release holds beside the notebook (workspace.add_release_extras).
RELEASE_FOLDERS = ("coursekit", "data")


@dataclass
class Intake:
    """One expected notebook of a submission: the parsed notebook (or None) and the notes on it."""
    stem: str
    notebook: nbformat.NotebookNode | None = None
    source_file: str = ""
    notes: list = field(default_factory=list)


# Names a person reads in a table or a spreadsheet; anything else is flagged.
PLAIN_NAME = re.compile(r"[\w][\w.@+ -]{0,99}")


def entry_problem(path: Path, want_dir: bool = False) -> str:
    """'' when `path` is a plain folder (want_dir) or regular file, else what it is instead.

    Never follows a symbolic link: a link to the source notebook or a classmate's file is
    refused, not read.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror})"
    if stat.S_ISLNK(mode):
        return f"{path.name} is a symbolic link (only plain files are accepted)"
    if want_dir and not stat.S_ISDIR(mode):
        return f"{path.name} is not a folder"
    if not want_dir and not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
        return f"{path.name} is {kind} (only plain files are accepted)"
    return ""


class TooDeep(Exception):
    """A submission's folders nest deeper than MAX_DEPTH."""


def walk(folder: Path):
    """(parent, [folders], [other entries]) for `folder` and each folder under it, as os.walk
    gives them but without recursion (Python 3.11's os.walk recurses once per level: a student's
    1,100 nested folders raised RecursionError in the grader) and never following a link.
    TooDeep past MAX_DEPTH levels; a folder that cannot be listed raises OSError."""
    stack = [(str(folder), 0)]
    while stack:
        parent, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(f"its folders nest deeper than {MAX_DEPTH} levels")
        with os.scandir(parent) as entries:
            listed = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
        dirs = sorted(name for name, is_dir in listed if is_dir)
        yield parent, dirs, sorted(name for name, is_dir in listed if not is_dir)
        stack += [(os.path.join(parent, name), depth + 1) for name in reversed(dirs)]


def folder_problem(folder: Path) -> str:
    """'' when everything under `folder` is a plain file or folder, else the first thing that is not.

    Nothing is followed or read: a submission holding a link (to the source notebook, the class
    secret, a classmate's file, /dev/zero) is refused whole, before nbgrader copies or reads it.
    """
    try:
        for parent, dirs, files in walk(folder):
            for name in sorted(dirs + files):
                problem = entry_problem(Path(parent) / name, want_dir=name in dirs)
                if problem:
                    return problem.replace(name, str(Path(parent, name).relative_to(folder.parent)), 1)
    except TooDeep as exc:
        return str(exc)
    except OSError as exc:
        return f"{folder.name} cannot be read ({exc.strerror})"
    return ""


def name_problem(name: str, what: str) -> str:
    """'' for an ordinary name; else why a person should look (it is still shown escaped)."""
    if PLAIN_NAME.fullmatch(name):
        return ""
    return f"the {what} {name!r} has unusual characters (a person should look)"


def student_folder_problem(folder: Path, student: str) -> str:
    """'' when `folder` may be graded as `student`'s: a plain id, a plain folder of plain files."""
    return name_problem(student, "student id") or entry_problem(folder, want_dir=True) or folder_problem(folder)


def _read_plain_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, opened without following links, at most `limit` (else ValueError)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > limit:
            raise ValueError(f"larger than {limit // 1024 ** 2} MB")
        return f.read(limit + 1)[:limit]


def _parse(path: Path) -> tuple:
    try:
        data = _read_plain_file(path, MAX_NOTEBOOK_BYTES)
    except (OSError, ValueError) as exc:
        return None, f"{path.name} was not graded: {exc}"
    try:
        text = data.decode("utf-8")
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:
        return None, f"{path.name} is not a valid notebook ({type(exc).__name__}: {str(exc)[:200]})"
    if not isinstance(nb.get("cells"), list):
        return None, f"{path.name} has no list of cells"
    return nb, ""


def structure_notes(nb: nbformat.NotebookNode, exercises: list, filename: str) -> list:
    """What changed in the nbgrader structure: deleted, re-typed or duplicated exercise cells."""
    notes = []
    seen = {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            seen.setdefault(grade_id, []).append(cell.get("cell_type"))
    for name in exercises:
        for grade_id, role in ((name, "solution cell"), (f"test_{name}", "test cell")):
            kinds = seen.get(grade_id, [])
            if not kinds:
                notes.append(f"{filename}: the {role} {grade_id} was deleted or its metadata changed")
            elif len(kinds) > 1:
                notes.append(f"{filename}: the {role} {grade_id} appears {len(kinds)} times")
            elif kinds[0] != "code":
                notes.append(f"{filename}: the {role} {grade_id} was changed to a {kinds[0]} cell")
    return notes


# Code a course answer never needs; seeing it, a person should look (the score is safe anyway).
SUSPICIOUS = [
    (re.compile(r"input_transformers|ast_transformers|events\.register|register_magic"),
     "rewrites how IPython runs cells"),
    (re.compile(r"\bsqlite3\b|gradebook"), "reaches for the gradebook"),
    (re.compile(r"\b(import|from)\s+(solutions|autograder|nbgrader)\b|\b(autograder|solutions)\."),
     "uses the grader or the reference solutions"),
    (re.compile(r"sys\.modules|\bbuiltins\b|__builtins__|\bnp\.[A-Za-z_]\w*\s*=[^=]|setattr\(\s*(np|numpy)\b"),
     "changes numpy, builtins or loaded modules"),
    (re.compile(r"os\._exit|sys\.exit|\bSystemExit\b|os\.kill"), "exits or kills the process"),
    (re.compile(r"open\([^)]*,\s*['\"][wax+]|\.write_(text|bytes)\(|shutil\.|os\.(remove|unlink|rename)"),
     "writes or deletes files"),
    (re.compile(r"\bsubprocess\b|os\.system|os\.fork|os\.exec|\bctypes\b"), "starts processes or loads C code"),
]


def suspicious_notes(nb: nbformat.NotebookNode, known_sources: set, filename: str) -> list:
    """One note per student-written code cell that does something a course answer never needs."""
    notes = []
    for index, cell in enumerate(nb.cells):
        source = cell.get("source", "")
        if cell.get("cell_type") != "code" or source in known_sources:
            continue
        found = [what for pattern, what in SUSPICIOUS if pattern.search(source)]
        if found:
            notes.append(f"{filename}: cell {index} {', '.join(found)}; a person should look")
    return notes


def metadata_notes(nb: nbformat.NotebookNode, source_cells: dict, filename: str) -> list:
    """Test cells whose grading metadata (points, grade, locked) differs from the source's."""
    notes = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        original = source_cells.get(meta.get("grade_id"))
        if original is None:
            continue
        changed = [key for key in ("points", "grade", "solution", "locked")
                   if meta.get(key) != original.get(key)]
        if changed:
            notes.append(f"{filename}: nbgrader metadata {changed} of {meta['grade_id']} was changed "
                         "(the source's values were used)")
    return notes


def read_submission(folder: Path, expected: dict) -> tuple:
    """Match `folder`'s files to the expected notebooks {stem: [exercise names]}.

    Returns ([Intake per expected stem], [notes on the folder as a whole]).
    """
    folder_notes = []
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    # Folders are never read (the release's coursekit/ and data/ come back with a submission;
    # the grader stages its own copies). A link or a device could make the grader read another
    # file: refuse the submission.
    folders = [p for p in entries if entry_problem(p, want_dir=True) == ""]
    refused = [problem for problem in (entry_problem(p) for p in entries if p not in folders) if problem]
    if refused:
        note = "submission refused: " + "; ".join(refused[:5])
        return [Intake(stem, notes=[note]) for stem in expected], []
    folder_notes += [f"folder {p.name} was ignored" for p in folders if p.name not in RELEASE_FOLDERS]
    files = [p for p in entries if p not in folders]
    folder_notes += [name_problem(p.name, "file name") for p in files if name_problem(p.name, "file name")]
    notebooks = {p.stem: p for p in files if p.suffix == ".ipynb"}
    unmatched = [stem for stem in notebooks if stem not in expected]
    intakes = []
    for stem in expected:
        intake = Intake(stem)
        path = notebooks.get(stem)
        if path is None and len(unmatched) == 1 and sum(s not in notebooks for s in expected) == 1:
            path = notebooks[unmatched.pop()]
            intake.notes.append(f"{stem}.ipynb is missing; graded {path.name} in its place (renamed?)")
        if path is None:
            intake.notes.append(f"{stem}.ipynb is missing from the submission")
        else:
            intake.source_file = path.name
            intake.notebook, problem = _parse(path)
            if problem:
                intake.notes.append(problem)
            else:
                intake.notes += structure_notes(intake.notebook, expected[stem], path.name)
        intakes.append(intake)
    for stem in unmatched:
        folder_notes.append(f"extra notebook {stem}.ipynb was not graded")
    for path in files:
        if path.suffix != ".ipynb" and path.name not in EXCHANGE_FILES:
            folder_notes.append(f"extra file {path.name} was ignored")
    return intakes, folder_notes
