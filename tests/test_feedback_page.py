"""The feedback page's exporter (pipeline/feedback.FeedbackHTMLExporter) does what nbconvert's
HTMLExporter does to a page, without its slow pass over the whole page."""
import re

import nbformat
from nbconvert.filters.highlight import Highlight2HTML
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.pipeline.feedback import NO_ALT_TEXT, FeedbackHTMLExporter

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def _notebook():
    figure = new_code_cell("plot()", outputs=[new_output("display_data", data={"image/png": PNG})])
    return new_notebook(cells=[new_markdown_cell("# Part 1 <img src='x.png'>"), figure,
                               new_code_cell("def f(x):\n    return x  # <img>"), new_code_cell("def f(x):\n    return x  # <img>")],
                        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}})


def test_every_image_of_the_page_has_a_text_alternative():
    html, _ = FeedbackHTMLExporter().from_notebook_node(_notebook())
    images = re.findall(r"<img\b[^>]*>", html)
    assert images, "the figure is on the page"
    assert all(re.search(r"\salt=", tag) for tag in images), images
    assert NO_ALT_TEXT in html


def test_code_is_highlighted_as_nbconvert_highlights_it_each_time():
    notebook = _notebook()
    html, _ = FeedbackHTMLExporter().from_notebook_node(notebook)
    again, _ = FeedbackHTMLExporter().from_notebook_node(nbformat.from_dict(notebook))
    expected = Highlight2HTML(pygments_lexer="ipython3")(notebook.cells[2].source)
    assert html.count(expected) == 2 and again == html
    assert "# &lt;img&gt;" in expected, "code text is escaped"
