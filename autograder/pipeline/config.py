"""The course's nbgrader configuration.

The CLI builds it with `course_config(root)` for each working course folder it
makes. Instructors who want nbgrader's own commands can load this file from
the repository root: `nbgrader generate_assignment part1_subimages
--config autograder/pipeline/config.py` (source directory: notebooks/).
"""
from __future__ import annotations

from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, GetGrades, IgnorePattern, LimitOutput
from traitlets.config import Config

from autograder.pipeline.feedback import FeedbackHTMLExporter, HideGradingInternals
from autograder.pipeline.safe_pages import CleanStudentOutputs, safe_markdown_html
from autograder.pipeline.judge_answers import JudgeAnswers, SaveVerdicts, StartAnswerCheck
from autograder.pipeline.limits import GradingLimits
from autograder.pipeline.notebook_limits import LimitedExecute

COURSE_ID = "convolution-course"


def course_config(root: Path, source_directory: str = "source", limits: GradingLimits = GradingLimits(),
                  kernel_name: str | None = None, secret_file: Path | None = None,
                  expected_dir: Path | None = None, isolated: bool = True,
                  exchange_root: Path | None | bool = True, prestart: bool = True,
                  check_early: bool = False) -> Config:
    """nbgrader settings for a course folder `root` whose notebooks are in `root/source_directory`.

    secret_file / expected_dir: the class secret the cases come from and the expected outcomes
    written for it (JudgeAnswers); isolated: student code only ever runs in jails.
    exchange_root: True (a private folder's own root/exchange), None (nbgrader's default, for an
    instructor's course on JupyterHub) or a path. prestart: with a kernel_name, boot the next
    notebook's kernel as soon as one is done (a grading worker; not a single notebook's grading).
    check_early: run the jailed check of the answers beside the notebook (one notebook graded
    alone), not after it.
    """
    c = Config()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.source_directory = source_directory
    c.CourseDirectory.db_url = f"sqlite:///{Path(root) / 'gradebook.db'}"
    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
    # Our Execute (a time budget per notebook, capped output, a dead kernel fails its cells), then
    # the jailed check of each answer (started before the notebook runs, with check_early),
    # whose points SaveVerdicts stores: the score in the gradebook is the final one.
    # (JudgeAnswers after LimitOutput, which would otherwise cut the verdict out of a test cell)
    c.Autograde.autograde_preprocessors = [StartAnswerCheck, LimitedExecute, IgnorePattern, ClearMetadataPreprocessor,
                                           LimitOutput, CleanStudentOutputs, JudgeAnswers, SaveVerdicts,
                                           AssignLatePenalties, CheckCellMetadata]
    # Formgrader renders autograded notebooks with HTMLExporter(config=<this>): the HTML a
    # student's code displayed or wrote in markdown is sanitised there too, as in feedback.
    c.HTMLExporter.sanitize_html = True
    # nbgrader's own templates render markdown cells and comments outside nbconvert's sanitiser.
    c.HTMLExporter.filters = {"markdown2html": safe_markdown_html}
    c.JudgeAnswers.source_directory = str(Path(root) / source_directory)
    c.JudgeAnswers.secret_file = str(secret_file or "")
    c.JudgeAnswers.expected_dir = str(expected_dir or "")
    c.JudgeAnswers.isolated = isolated
    c.JudgeAnswers.exercise_seconds = limits.sandbox.seconds_per_step
    c.JudgeAnswers.exercise_cpu_seconds = limits.sandbox.cpu_seconds
    c.JudgeAnswers.exercise_memory_bytes = limits.sandbox.memory_bytes
    c.JudgeAnswers.exercise_output_bytes = limits.sandbox.output_bytes
    c.JudgeAnswers.exercise_budget_seconds = limits.sandbox.exercise_budget()
    c.JudgeAnswers.check_budget_seconds = limits.sandbox.check_budget()
    c.JudgeAnswers.results_bytes = limits.sandbox.results_bytes
    c.JudgeAnswers.start_early = check_early
    c.LimitedExecute.cell_seconds = limits.cell_seconds
    c.LimitedExecute.notebook_seconds = limits.notebook_seconds
    c.LimitedExecute.output_chars = limits.output_chars
    c.LimitedExecute.interrupt_on_timeout = True
    if kernel_name:
        c.LimitedExecute.kernel_name = kernel_name
        # A grading worker runs one notebook after another: boot each kernel ahead of time.
        c.LimitedExecute.prestart = prestart
    c.GenerateFeedback.preprocessors = [GetGrades, HideGradingInternals, CSSHTMLHeaderPreprocessor]
    c.GenerateFeedback.exporter_class = FeedbackHTMLExporter
    if exchange_root is True:
        c.Exchange.root = str(Path(root) / "exchange")  # a private folder never uses /srv/nbgrader
    elif exchange_root:
        c.Exchange.root = str(exchange_root)
    return c


try:
    _nbgrader_config = get_config()  # noqa: F821 (defined when nbgrader loads this file)
except NameError:
    pass
else:
    _nbgrader_config.merge(course_config(Path(__file__).resolve().parent.parent, "notebooks"))
