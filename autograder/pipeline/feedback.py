"""What a student may see in feedback: no hidden-test source, no traceback into the grader."""
from __future__ import annotations

import functools
import re

from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
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
# An <img> tag without an alt attribute (the page's tags are the templates'; a student's text in
# it is escaped, so "<img" appears only as a tag).
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)", re.IGNORECASE)
NO_ALT_TEXT = "No description has been provided for this image"


class _SameCodeSameHTML(Highlight2HTML):
    """nbconvert's code highlighter, remembering what it made: most code cells of a class's
    notebooks (the given code, the tests) are the same in every submission a worker grades."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.remembered: dict = {}

    def __call__(self, source, language=None, metadata=None):
        key = (source, language, (metadata or {}).get("magics_language"))
        if key not in self.remembered:
            if len(self.remembered) >= 4096:
                self.remembered.clear()
            self.remembered[key] = super().__call__(source, language, metadata)
        return self.remembered[key]


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

    def from_notebook_node(self, nb, resources=None, **kw):
        """The page as HTMLExporter makes it, without its pass of BeautifulSoup's pure-Python
        parser over the whole page (half of a feedback page's time), whose work is here: images
        get an alt text, and the focusable cells it marks belong to the lab template, not to
        nbgrader's feedback template (classic)."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        self.register_filter("highlight_code", _highlighter(lexer))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT_TEXT}"', html), resources


@functools.lru_cache(maxsize=8)
def _highlighter(lexer) -> _SameCodeSameHTML:
    return _SameCodeSameHTML(pygments_lexer=lexer)
