"""The Jupyter kernel nbgrader runs a submission in, inside its jail (`isolation.kernel_launcher`).

Before the student's first cell it copies the course's release files (/submission, read-only:
coursekit/ and the photos, never a file from the submission) into its private /tmp and works there, imports what every notebook imports, skips drawing figures nobody will see and the debugger, and adds an audit hook
that refuses to start processes. The jail is the boundary; the hook only makes an attempt
visible (its message says "while grading", which the grader turns into a flag).
"""
from __future__ import annotations

import importlib
import os
import shutil
import sys

SUBMISSION = "/submission"
WORKDIR = "/tmp/work"
PRELOAD_ENV = "COURSE_KERNEL_PRELOAD"
# coursekit.drawing's switch (coursekit travels with the release and imports nothing of ours):
# the course's figures and widgets are not made while grading.
FIGURES_OFF = ("COURSEKIT_FIGURES", "off")
# In /submission: matplotlib's font list, made once outside the jail (kernel_launcher).
FONT_LIST_DIR = ".matplotlib"
PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                  "os.fork", "os.forkpty", "pty.spawn"}


def enter_submission() -> bool:
    """Work in a private copy of /submission (the course's release files: coursekit/, data/);
    False where there is none (a kernel without a jail)."""
    if not os.path.isdir(SUBMISSION) or not os.listdir(SUBMISSION):
        return False
    shutil.copytree(SUBMISSION, WORKDIR, symlinks=True, dirs_exist_ok=True)
    os.chdir(WORKDIR)
    return True


def _reuse_font_list(target: str) -> None:
    """Take matplotlib's font list from the release files into matplotlib's folder `target`,
    instead of searching the machine's fonts again (fc-list and every font file: a sixth of
    importing pyplot) in every jail."""
    made = os.path.join(WORKDIR, FONT_LIST_DIR)
    if not os.path.isdir(made):
        return
    for name in os.listdir(made):
        if name.startswith("fontlist-") and name.endswith(".json"):
            shutil.move(os.path.join(made, name), os.path.join(target, name))
    shutil.rmtree(made, ignore_errors=True)


def _preload() -> None:
    """Import the modules every notebook imports (comma-separated in COURSE_KERNEL_PRELOAD)."""
    names = list(filter(None, os.environ.get(PRELOAD_ENV, "").split(",")))
    if "matplotlib.pyplot" in names:
        _no_property_lists_in_docstrings()
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the notebook's own import will say what is wrong
            pass


def _no_property_lists_in_docstrings() -> None:
    """matplotlib writes the list of every Artist class's properties into its `set` docstring as
    the class is made (about 15 % of importing pyplot); nobody reads a docstring while grading.
    Done before pyplot is imported, so that its classes are made without."""
    try:
        import matplotlib.artist
    except Exception:
        return
    if hasattr(matplotlib.artist, "kwdoc"):
        matplotlib.artist.kwdoc = lambda artist: ""


def _skip_drawing() -> None:
    """Nobody sees a figure while grading (the Agg backend, nothing displayed), so the course's
    figures and widgets are not made (coursekit.drawing), and a student's own are not laid out
    or drawn: `tight_layout` and the canvas's `draw` do nothing. A part's figures and widgets
    cost most of a notebook's run otherwise, and none of them is graded."""
    os.environ[FIGURES_OFF[0]] = FIGURES_OFF[1]
    if "matplotlib.pyplot" not in sys.modules:
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    Figure.tight_layout = lambda self, *args, **kwargs: None
    FigureCanvasAgg.draw = lambda self: None


def _no_debugger() -> None:
    """ipykernel runs without its debugger (debugpy, a tenth of a second of the kernel's start,
    and a server nobody connects to while grading): it is made unimportable, which ipykernel
    reads as not installed."""
    sys.modules.setdefault("debugpy", None)


def _flag_processes() -> None:
    def hook(event, args):
        if event in PROCESS_EVENTS:
            raise PermissionError(f"{event} is not allowed while grading")
    sys.addaudithook(hook)


if __name__ == "__main__":
    matplotlib_dir = os.environ.get("MPLCONFIGDIR", "/tmp/matplotlib")
    os.makedirs(matplotlib_dir, exist_ok=True)
    if enter_submission():
        _reuse_font_list(matplotlib_dir)
    _preload()
    _skip_drawing()
    _no_debugger()
    _flag_processes()
    # IPython's history is a database on disk; a grading kernel needs none.
    sys.argv.append("--HistoryManager.enabled=False")
    from ipykernel.kernelapp import launch_new_instance
    launch_new_instance()
