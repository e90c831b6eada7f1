"""The sandbox process: runs a student's solution cells alone and calls them on the cases.

Started by `sandbox.py` as `python -I -m autograder.sandbox_child WORKDIR FD`. It
reads its job, locks itself down (resource limits, blocked imports, an audit
hook that forbids processes, sockets, databases, and files outside the
interpreter and WORKDIR), then executes the cells. Progress goes to fd FD as
lines "BEGIN step" / "END step"; each exercise's outcomes are written to
WORKDIR/out/<name>.result with `codec` (never pickle).
"""
from __future__ import annotations

import json
import math  # noqa: F401  (pre-imported for the student's code)
import os
import resource
import signal
import sys
from pathlib import Path

import cv2  # noqa: F401
import numpy as np  # noqa: F401

from autograder import codec
from autograder.runner import call
from autograder.spec import Case

BLOCKED_MODULES = ("solutions", "autograder", "nbgrader", "coursekit", "sqlite3", "_sqlite3",
                   "subprocess", "multiprocessing", "socket", "_socket", "ctypes", "_ctypes")
BLOCKED_EVENTS = {
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "pty.spawn", "ctypes.dlopen", "ctypes.dlsym", "ctypes.cdata",
    "ctypes.call_function", "sqlite3.connect", "socket.connect", "socket.bind",
    "socket.__new__", "os.kill", "os.killpg", "signal.pthread_kill", "resource.setrlimit",
    "resource.prlimit", "sys.setprofile", "sys.settrace", "os.chdir",
}
WRITE_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown",
                "os.link", "os.symlink", "os.truncate", "os.utime", "shutil.rmtree",
                "shutil.move", "shutil.copyfile"}
LISTING_EVENTS = {"os.listdir", "os.scandir"}


class _BlockImports:
    """A meta-path finder that refuses the grader, the reference and process/socket modules."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED_MODULES:
            raise ImportError(f"importing {name!r} is not allowed while grading")
        return None


def _lock_down(workdir: Path, limits: dict) -> None:
    readable = [Path(p).resolve() for p in {sys.prefix, sys.base_prefix, sys.exec_prefix}]
    readable += [Path(p) for p in ("/usr/lib", "/usr/share", "/usr/local/lib", "/lib", "/lib64",
                                   "/etc", "/dev", "/proc/self", "/sys/devices/system/cpu")]
    workdir = workdir.resolve()

    def under(path: Path, roots) -> bool:
        return any(path == root or root in path.parents for root in roots)

    def hook(event, args):
        if event in BLOCKED_EVENTS:
            raise PermissionError(f"{event} is not allowed while grading")
        if event == "open":
            target, mode, flags = args
            if isinstance(target, int) or target is None:
                return
            path = Path(os.fsdecode(target)).resolve()
            writing = (mode and any(c in str(mode) for c in "wax+")) or (
                flags and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            if writing and not under(path, [workdir]):
                raise PermissionError(f"writing {path} is not allowed while grading")
            if not under(path, readable + [workdir]):
                raise PermissionError(f"reading {path} is not allowed while grading")
        elif event in LISTING_EVENTS and args and isinstance(args[0], (str, bytes, os.PathLike)):
            if not under(Path(os.fsdecode(args[0])).resolve(), readable + [workdir]):
                raise PermissionError(f"listing {args[0]} is not allowed while grading")
        elif event in WRITE_EVENTS and args and isinstance(args[0], (str, bytes, os.PathLike)):
            if not under(Path(os.fsdecode(args[0])).resolve(), [workdir]):
                raise PermissionError(f"{event} outside the grading folder is not allowed")

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Python ignores SIGXFSZ; restored, printing past the output limit ends the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_bytes"],) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["output_bytes"],) * 2)
    cpu = int(resource.getrusage(resource.RUSAGE_SELF).ru_utime) + limits["cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    sys.path[:] = [p for p in sys.path if p and under(Path(p).resolve(), readable)]
    for name in list(sys.modules):
        if name.split(".")[0] in ("autograder",) and name != __name__:
            del sys.modules[name]
    sys.meta_path.insert(0, _BlockImports())
    sys.addaudithook(hook)


def main() -> None:
    workdir = Path(sys.argv[1])
    job = json.loads((workdir / "job.json").read_text())
    cases = {name: [Case(args, kwargs, timed=timed) for args, kwargs, timed in
                    codec.loads((workdir / f"{name}.cases").read_bytes())]
             for name, _ in job["exercises"]}
    out = workdir / "out"
    out.mkdir(exist_ok=True)
    status = os.fdopen(int(sys.argv[2]), "w", buffering=1)
    for path in workdir.glob("*.cases"):
        path.unlink()
    (workdir / "job.json").unlink()
    _lock_down(workdir, job["limits"])

    namespace = {"__name__": "__main__", "np": np, "cv2": cv2, "math": math}
    for index, source in job["cells"]:
        status.write(f"BEGIN cell {index}\n")
        try:
            exec(compile(source, f"<solution cell {index}>", "exec"), namespace)
        except (Exception, SystemExit) as exc:
            status.write(f"ERROR cell {index} {type(exc).__name__}: {str(exc)[:200]!r}\n")
        status.write(f"END cell {index}\n")
    for name, kind in job["exercises"]:
        status.write(f"BEGIN exercise {name}\n")
        if name not in namespace:
            outcomes = [(None, ("NameError", f"name {name!r} is not defined by the solution cells"), (), 0.0)
                        for _ in cases[name]]
        else:
            outcomes = []
            for case in cases[name]:
                o = call(namespace[name], case, kind)
                outcomes.append((o.value, o.error, o.mutated, o.seconds))
        (out / f"{name}.result").write_bytes(codec.dumps(outcomes))
        status.write(f"END exercise {name}\n")


if __name__ == "__main__":
    main()
