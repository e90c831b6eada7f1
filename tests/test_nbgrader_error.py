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


ERROR = ("Traceback (most recent call last):\n  File \"nbgrader/apps/api.py\", line 1, in autograde\n"
         "nbgrader.converters.base.NbGraderException: Please see the the above traceback for details")


def test_the_exception_that_stopped_nbgrader_is_named():
    """As NbGraderAPI.autograde returns it: "error" (always nbgrader's NbGraderException) and "log"."""
    assert nbgrader_error({"error": ERROR, "log": LOG}) == (
        "nbclient.exceptions.CellTimeoutError: A cell timed out while it was being executed, after 4 seconds.")


def test_a_traceback_that_is_not_nbgraders_is_never_read():
    """Only a traceback logged as nbgrader's own record, right after its failure line, is read;
    the same lines inside another message (indented) or a student's preview are not."""
    indented = "\n".join("    " + line for line in LOG.splitlines())
    assert nbgrader_error({"error": ERROR, "log": indented}).startswith("nbgrader.converters.base.NbGraderException")


def test_without_nbgraders_traceback_the_last_line_is_kept():
    assert nbgrader_error({"error": "first\nthe notebook is not valid\n"}) == "the notebook is not valid"
    assert nbgrader_error({}) == ""
