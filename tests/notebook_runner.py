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
