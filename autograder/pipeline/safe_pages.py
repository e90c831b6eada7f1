"""What of a student's notebook a page may render: the teacher's (formgrader) and the student's
(feedback). Everything here treats the student's text as data.

- `numeric_sizes_only`: an output's metadata reduced to numeric image sizes (templates write
  these into tags, where text from the student's kernel could add an event handler).
- `CleanStudentOutputs`: that, for every output of the autograded notebook (formgrader renders
  it), and cell attachments dropped.
- `safe_markdown_html`: nbconvert's markdown filter with the result sanitised. nbgrader's
  formgrade and feedback templates render markdown cells and comments with their own blocks,
  which skip nbconvert's `sanitize_html`; the course replaces their `markdown2html` filter.
"""
from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor


def numeric_sizes_only(metadata) -> dict:
    """`metadata` of an output as a page may use it: {mime: {"width"/"height": int}} only."""
    clean = {}
    for mime, value in (metadata or {}).items():
        if isinstance(value, dict):
            sizes = {key: int(size) for key, size in value.items() if key in ("width", "height")
                     and isinstance(size, (int, float)) and not isinstance(size, bool) and 0 < size < 10 ** 5}
            if sizes:
                clean[mime] = sizes
    return clean


_TAGS = ["a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
         "hr", "i", "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td",
         "th", "thead", "tr", "ul"]
_ATTRIBUTES = {"*": ["class", "id"], "a": ["href", "title"], "img": ["src", "alt", "width", "height"],
               "abbr": ["title"]}


def safe_markdown_html(source: str) -> str:
    """Markdown (with LaTeX left for MathJax) as HTML with no script, event handler or unsafe link."""
    import bleach
    from nbconvert.filters import markdown2html_mistune
    return bleach.clean(markdown2html_mistune(source), tags=_TAGS, attributes=_ATTRIBUTES,
                        protocols=["http", "https", "mailto"], strip=False)


class CleanStudentOutputs(NbGraderPreprocessor):
    """Keep of every output's metadata only numeric image sizes; drop cell attachments."""

    def preprocess_cell(self, cell, resources, cell_index):
        for output in cell.get("outputs", []):
            if "metadata" in output:
                output["metadata"] = numeric_sizes_only(output["metadata"])
        cell.pop("attachments", None)
        return cell, resources

