"""The Jupyter kernel nbgrader runs a submission in: ipykernel behind limits.

Started through the `course-grader` kernel spec the grader writes. Before the
student's first cell it caps memory, makes `import solutions` fail, and adds an
audit hook that refuses to open the gradebook, the source notebooks and the
reference, or the submissions, to start processes, or to open a database.
"""
from __future__ import annotations

import importlib
import os
import resource
import sys
from pathlib import Path

MEMORY_ENV = "COURSE_KERNEL_MEMORY"
BLOCKED_PATHS_ENV = "COURSE_BLOCKED_PATHS"
PRELOAD_ENV = "COURSE_KERNEL_PRELOAD"
PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                  "os.fork", "os.forkpty", "pty.spawn"}


class _BlockReference:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("solutions", "nbgrader"):
            raise ImportError(f"importing {name!r} is not allowed while grading")
        return None


def _lock_down() -> None:
    memory = int(os.environ.get(MEMORY_ENV, "0"))
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    blocked = [Path(p).resolve() for p in os.environ.get(BLOCKED_PATHS_ENV, "").split(os.pathsep) if p]

    def is_blocked(target) -> bool:
        if isinstance(target, int) or target is None:
            return False
        path = Path(os.fsdecode(target)).resolve()
        return any(path == root or root in path.parents for root in blocked)

    def hook(event, args):
        if event == "open" and is_blocked(args[0]):
            raise PermissionError("this file is not readable while grading")
        if event in ("os.listdir", "os.scandir") and args and is_blocked(args[0]):
            raise PermissionError("this folder is not readable while grading")
        if event == "sqlite3.connect":
            raise PermissionError("databases are not available while grading")
        if event in PROCESS_EVENTS:
            raise PermissionError(f"{event} is not allowed while grading")

    sys.meta_path.insert(0, _BlockReference())
    sys.addaudithook(hook)


def _preload() -> None:
    """Import the modules every notebook imports (comma-separated in COURSE_KERNEL_PRELOAD).

    The same modules the notebook would load, loaded before its first cell: a kernel started
    ahead of time (notebook_limits.LimitedExecute.prestart) does this while it waits.
    """
    for name in filter(None, os.environ.get(PRELOAD_ENV, "").split(",")):
        try:
            importlib.import_module(name)
        except Exception:  # the notebook's own import will say what is wrong
            pass


def _die_with_parent() -> None:
    """On Linux, end with the grading worker that started this kernel, even when it is killed.

    A kernel lives in a session of its own (jupyter_client), so killing the worker's process
    group leaves it behind, and ipykernel's own parent check can hang in zmq's shutdown.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if str(os.getppid()) != os.environ.get("JPY_PARENT_PID", str(os.getppid())):
        os._exit(1)  # the worker was gone before the request


if __name__ == "__main__":
    _die_with_parent()
    _preload()
    _lock_down()
    # IPython's history is a database on disk; a grading kernel needs none.
    sys.argv.append("--HistoryManager.enabled=False")
    from ipykernel.kernelapp import launch_new_instance
    launch_new_instance()
