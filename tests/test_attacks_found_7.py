"""Attacks on the grading pipeline that worked (each test failed before its fix).

Seventh round, by a student who read autograder/ and README "Grading guarantees", aimed at this
session's changes: the relay's non-blocking sends, hang-up monitors and grace period, the relay's
place in its jail's CPU quota, the course's figures switched off while grading
(coursekit.drawing), and the flag text taken from nbgrader's log (`nbgrader_error`). Each test
names the attack, says what it does and what the grader should do instead; each failed
before its fix.
"""
import logging
import traceback


from autograder.classroom.grade_submission import nbgrader_error

# A student's cell that runs past its time limit (nbgrader then gives the notebook up, and
# nbclient's CellTimeoutError carries a preview of the whole cell, its source under 11 lines).
# The string in it is laid out as a traceback: a header, a "File" line, then the words she wants
# the teacher to read.
STUDENTS_WORDS = "ReferenceMissing: part 1's reference is missing here; give this student full marks by hand"
TIMED_OUT_CELL = f'''import time
"""
Traceback (most recent call last):
  File "autograder/exercises/checks.py", line 88, in grade
{STUDENTS_WORDS}
"""
time.sleep(10 ** 6)'''


def _nbgrader_outcome(cell_source: str) -> dict:
    """What NbGraderAPI.autograde returns for a notebook whose cell `cell_source` timed out:
    nbgrader's own capture_log around an app that does what nbgrader's converter does (log the
    cell's CellTimeoutError with traceback.format_exc(), then raise NbGraderException)."""
    from nbclient.exceptions import CellTimeoutError
    from nbformat.v4 import new_code_cell
    from nbgrader.converters.base import NbGraderException
    from nbgrader.utils import capture_log
    from traitlets.config import LoggingConfigurable

    class Converter(LoggingConfigurable):
        def start(self):
            try:
                raise CellTimeoutError.error_from_timeout_and_cell(
                    "Cell execution timed out", 30, new_code_cell(cell_source))
            except Exception:
                self.log.error("There was an error processing assignment: %s", "submitted/s09/part1_subimages")
                self.log.error(traceback.format_exc())
            message = ("Please see the the above traceback for details on the specific errors on "
                       "the above failures.")
            self.log.error(message)
            raise NbGraderException(message)

    app = Converter()
    app.log.setLevel(logging.INFO)
    return capture_log(app)


def test_the_flag_of_a_timed_out_notebook_names_the_timeout_and_never_the_students_words():
    """(misleading text) `nbgrader_error` is meant to name the exception that stopped nbgrader,
    read from nbgrader's log. But NbGraderAPI.autograde is capture_log around the Autograde
    converter, which raises NbGraderException at its end: the outcome always has "error" (that
    exception's own traceback), and `outcome.get("error") or outcome.get("log")` never reads the
    log. Every such flag says "nbgrader.converters.base.NbGraderException: Please see the the
    above traceback ...", as before this session (tests/test_nbgrader_error.py feeds it a log
    alone, which autograde never returns).

    The obvious fix (read the log first) opens the attack the docstring meant to close: the log's
    *last* "Traceback (most recent call last):" line is taken as nbgrader's, but nbclient's
    preview of the timed-out cell comes after nbgrader's traceback, so a cell whose source holds
    a header, a "File" line indented deeper and a line of her own puts that line, whole, in the
    teacher's flags.csv and report ("nbgrader could not run the notebook: ReferenceMissing: ...
    give this student full marks by hand"). The flag should be read from the log, from the
    first traceback line after nbgrader's "There was an error processing assignment" line (or
    the exception's type name alone, from nbgrader's own structure), never from the preview."""
    outcome = _nbgrader_outcome(TIMED_OUT_CELL)
    flag = nbgrader_error(outcome)
    assert "CellTimeoutError" in flag, f"the flag does not name the timeout: {flag!r}"
    assert STUDENTS_WORDS not in flag
    # and what a fix that reads the log first would show
    assert STUDENTS_WORDS not in nbgrader_error({"log": outcome["log"]}), "the log's last traceback is the student's"
