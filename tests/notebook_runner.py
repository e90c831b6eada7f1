"""Execute a notebook the way a student's Run All does, and collect the cells that errored."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(nb: nbformat.NotebookNode, workdir: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Run every cell in `workdir` (errors are recorded in the outputs, not raised)."""
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return nb


def errors(nb: nbformat.NotebookNode) -> list:
    """[(grade_id or cell index, ename, evalue)] for every cell that raised."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", index)
                found.append((grade_id, output["ename"], output["evalue"][:300]))
    return found


ISOLATED_KERNEL = '''
"""A kernel like a student's: no `solutions`, no grader, no course package from the repository."""
import sys


class _StudentEnvironment:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("solutions", "autograder", "nbgrader"):
            raise ImportError(f"{name} is not part of the student release")
        return None


# The editable install maps the repository's packages; a student has only the release folder.
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__name__.lower()]
sys.meta_path.insert(0, _StudentEnvironment())
from ipykernel.kernelapp import launch_new_instance
launch_new_instance()
'''


def student_kernel(folder: Path) -> str:
    """Write a kernel spec 'student' under `folder`/jupyter; returns the JUPYTER_PATH to use."""
    import json
    import sys
    spec_dir = folder / "jupyter" / "kernels" / "student"
    spec_dir.mkdir(parents=True, exist_ok=True)
    (folder / "student_kernel.py").write_text(ISOLATED_KERNEL)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(folder / "student_kernel.py"), "-f", "{connection_file}"],
        "display_name": "student", "language": "python", "env": {"MPLBACKEND": "Agg"}}))
    return str(folder / "jupyter")


def execute_as_student(nb: nbformat.NotebookNode, workdir: Path, jupyter_path: str,
                       timeout: int = 300) -> nbformat.NotebookNode:
    """Run every cell in a kernel that cannot import the reference or the grader."""
    import os
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = jupyter_path
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="student", allow_errors=True,
                                resources={"metadata": {"path": str(workdir)}})
        client.execute()
    finally:
        if old is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old
    return nb
