"""Where the course's pieces are, and what each notebook grades.

The nbgrader metadata of the source notebooks is the single list of exercises:
a solution cell's grade_id is the name it defines, its test cell is test_<name>.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat


REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DATA_DIR = REPO_ROOT / "data"
COURSEKIT_DIR = REPO_ROOT / "coursekit"
SOLUTIONS_DIR = REPO_ROOT / "solutions"


@dataclass(frozen=True)
class SourceNotebook:
    """One nbgrader source notebook: notebooks/<assignment>/<stem>.ipynb."""
    assignment: str
    path: Path

    @property
    def stem(self) -> str:
        return self.path.stem

    def read(self) -> nbformat.NotebookNode:
        import nbformat  # here: the kernel launcher imports this module and never reads a notebook
        return nbformat.read(self.path, as_version=4)

    def exercises(self) -> list:
        """The graded names, in notebook order (solution cells whose test cell exists)."""
        nb = self.read()
        solution_ids, test_ids = [], set()
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("solution") and cell.cell_type == "code":
                solution_ids.append(meta["grade_id"])
            if meta.get("grade"):
                test_ids.add(meta["grade_id"])
        return [name for name in solution_ids if f"test_{name}" in test_ids]

    def given_cells(self) -> list:
        """Code the sandbox runs before the student's answers: cells tagged `given` (read-only
        helpers a part provides, such as Part 3's `im_conv`), always from this source notebook."""
        return [cell.source for cell in self.read().cells
                if cell.cell_type == "code" and "given" in cell.get("metadata", {}).get("tags", [])]


DATA_SUFFIXES = (".png", ".jpg", ".md")


def add_release_extras(folder: Path) -> None:
    """Copy what a released notebook needs next to it: coursekit/ and the photos in data/."""
    import shutil
    shutil.copytree(COURSEKIT_DIR, folder / "coursekit", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (folder / "data").mkdir(parents=True, exist_ok=True)
    for path in DATA_DIR.iterdir():
        if path.suffix in DATA_SUFFIXES:
            shutil.copy2(path, folder / "data" / path.name)
    # Public files, readable by everyone whatever the umask: a jail reads them as a user of its
    # own (under umask 027 every answer check failed, unable to read data/).
    for extra in ("coursekit", "data"):
        for parent, dirs, files in os.walk(folder / extra):
            os.chmod(parent, 0o755)
            for name in files:
                os.chmod(os.path.join(parent, name), 0o644)


def source_notebooks(root: Path = NOTEBOOKS_DIR) -> list:
    """Every source notebook, in course order (folders sort by part number)."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        for path in sorted(folder.glob("*.ipynb")):
            found.append(SourceNotebook(folder.name, path))
    return found


def assignments(root: Path = NOTEBOOKS_DIR) -> list:
    """Assignment names in course order."""
    return sorted({nb.assignment for nb in source_notebooks(root)})
