"""What a teacher reads when nbgrader could not run a notebook: the exception that stopped it,
not nbgrader's own last line ("see the above traceback"), and never a line the student wrote."""
from autograder.classroom.grade_submission import nbgrader_error

# The shape of nbgrader's log for a notebook whose cell timed out (trimmed from a real one); the
# student's cell, in nbclient's preview, pretends to be the exception.
LOG = """[INFO] Converting notebook submitted/s09/part1_subimages/part1_subimages.ipynb
[ERROR] Timeout waiting for execute reply (15s).
[ERROR] There was an error processing assignment: submitted/s09/part1_subimages
[ERROR] Traceback (most recent call last):
      File "nbgrader/converters/base.py", line 427, in convert_notebooks
        self.convert_single_notebook(notebook_filename)
      File "nbclient/client.py", line 791, in _async_poll_for_reply
        raise CellTimeoutError.error_from_timeout_and_cell(
    nbclient.exceptions.CellTimeoutError: A cell timed out while it was being executed, after 4 seconds.
    The message was: Timeout waiting for IOPub output.
    Here is a preview of the cell contents:
    -------------------
    import os
    RuntimeError: the student's own words
    -------------------
[WARNING] Removing failed assignment: autograded/s09/part1_subimages
[ERROR] There was an error processing assignment 'part1_subimages' for student 's09'
[ERROR] Please see the the above traceback for details on the specific errors on the above failures.
"""


def test_the_exception_that_stopped_nbgrader_is_named():
    assert nbgrader_error({"log": LOG}) == ("nbclient.exceptions.CellTimeoutError: A cell timed out "
                                            "while it was being executed, after 4 seconds.")


def test_the_last_traceback_is_the_one_read():
    chained = LOG.replace("[ERROR] Traceback", "[ERROR] Traceback (most recent call last):\n"
                          "      File \"x.py\", line 1, in f\n    KeyError: 'first'\n"
                          "During handling of the above exception, another exception occurred:\n[ERROR] Traceback")
    assert nbgrader_error({"log": chained}).startswith("nbclient.exceptions.CellTimeoutError")


def test_without_a_traceback_the_last_line_is_kept():
    assert nbgrader_error({"error": "first\nthe notebook is not valid\n"}) == "the notebook is not valid"
    assert nbgrader_error({}) == ""
