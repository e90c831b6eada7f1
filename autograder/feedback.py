"""What a student may see in feedback: no hidden-test source, no traceback into the grader."""
from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests


# Text only the hidden blocks contain: an output quoting it is removed from feedback.
QUOTING_HIDDEN_TESTS = ("BEGIN HIDDEN TESTS", "check_exercise(")


class HideGradingInternals(ClearHiddenTests):
    """Remove hidden-test regions, and show a graded cell's error as its message only.

    A traceback would quote the lines of the hidden block; the message is the
    teaching feedback the checks wrote for the student.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        for output in cell.get("outputs", []):
            if any(marker in str(output) for marker in QUOTING_HIDDEN_TESTS):
                output.clear()
                output.update({"output_type": "stream", "name": "stdout",
                               "text": "[output removed by the grader: it quoted the hidden tests]\n"})
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
