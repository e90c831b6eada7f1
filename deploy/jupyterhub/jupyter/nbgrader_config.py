"""nbgrader settings of every user of the class hub (on JUPYTER_CONFIG_PATH, set by jupyterhub_config.py).

Everyone: the exchange the hub set up. An instructor (COURSE_DIR set by the hub): their course
folder's own configuration too (the jailed grading kernel, the judge of each answer, the feedback
page), so Formgrader and `nbgrader …` typed anywhere grade the way
`python -m autograder autograde --course` does. A course folder's nbgrader_config.py, read last
when nbgrader runs inside that folder, still has the final word.
"""
import os
from pathlib import Path

c = get_config()  # noqa: F821 (given by nbgrader)

if os.environ.get("COURSE_EXCHANGE_ROOT"):
    c.Exchange.root = os.environ["COURSE_EXCHANGE_ROOT"]

_course = Path(os.environ.get("COURSE_DIR") or "/nonexistent")
if (_course / "nbgrader_config.py").is_file():
    from autograder.pipeline.course_folder import configure
    configure(c, _course)
