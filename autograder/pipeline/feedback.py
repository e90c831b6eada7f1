"""What a student may see in feedback: no hidden-test source, no traceback into the grader."""
from __future__ import annotations

from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import Bool

from autograder.pipeline.safe_pages import numeric_sizes_only


# Text only the hidden blocks contain: an output quoting it is removed from feedback.
QUOTING_HIDDEN_TESTS = ("BEGIN HIDDEN TESTS", "check_exercise(")


class HideGradingInternals(ClearHiddenTests):
    """Remove hidden-test regions, show a graded cell's error as its message only, and keep of
    each output's metadata only numeric image sizes.

    A traceback would quote the lines of the hidden block; the message is the
    teaching feedback the checks wrote for the student.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        for output in cell.get("outputs", []):
            if "metadata" in output:
                output["metadata"] = numeric_sizes_only(output["metadata"])
        cell.pop("attachments", None)
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


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled Jinja templates kept in memory, shared by every exporter of this process."""

    def __init__(self) -> None:
        self.store: dict = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _MemoryBytecodeCache()


class FeedbackHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter for feedback: everything from the student is escaped, and the
    templates are compiled once per process, not once per student.

    `sanitize_html`: the HTML a student's code displayed or wrote in a markdown cell is
    sanitized by nbconvert (no scripts, no event handlers); only the exporter's own markup is
    live HTML.

    nbgrader makes a new exporter for every feedback page, and each new Jinja environment
    compiled the templates again (about a fifth of a page's time). Jinja checks each cached
    template against its source, so an edited template is compiled afresh.
    """

    sanitize_html = Bool(True, help="Sanitize HTML from cells and outputs (always, for feedback).").tag(config=True)

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _TEMPLATE_CACHE
        return environment
