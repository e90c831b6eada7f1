"""The grading kernel's start command: runs outside, execs the kernel in its jail.

The `course-grader` kernel spec (pipeline/kernels.write_grading_kernel) starts
`python -I -m autograder.isolation.kernel_launcher CONNECTION_FILE` in the notebook's folder
(-I: nothing of that folder is importable here). This process binds into a jail only what the
kernel needs: a copy of the connection file and the folder its sockets go in (both in a folder
of its own), the course's own release files (coursekit/, data/) read-only as /submission, and
the grader's in-jail modules; then it becomes bwrap. Nothing of the submission's folder is bound:
the notebook's cells come over the kernel's sockets, and a file a student ships (or a link
nbgrader's copy followed) never reaches the jail. The kernel copies /submission into its private
/tmp and works there.
"""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import sys
from pathlib import Path

from autograder.course import add_release_extras
from autograder.isolation.grading_kernel import PRELOAD_ENV, SUBMISSION
from autograder.isolation import jail

MEMORY_ENV = "COURSE_KERNEL_MEMORY"
PR_SET_PDEATHSIG = 1  # prctl(2)
PROCESSES_ENV = "COURSE_KERNEL_PROCESSES"
PASS_ENV = ("MPLBACKEND", PRELOAD_ENV)


def kernel_command(connection_file: Path) -> list:
    """The bwrap command that runs ipykernel in a jail (also makes the socket folder the jail's)."""
    info = json.loads(connection_file.read_text())
    if info.get("transport") != "ipc":
        raise SystemExit("the grading kernel needs ipc sockets (a jail has no network)")
    sockets = Path(info["ip"]).parent
    release_files = sockets.with_name(sockets.name + "-release")
    release_files.mkdir(exist_ok=True)
    add_release_extras(release_files)
    inside_connection = sockets / "connection.json"
    shutil.copyfile(connection_file, inside_connection)
    for path in (sockets, inside_connection):
        jail.give_to_jail(path, "kernel")
    limits = jail.JailLimits(memory_bytes=int(os.environ.get(MEMORY_ENV, 4 * 1024 ** 3)),
                             processes=int(os.environ.get(PROCESSES_ENV, 64)),
                             cpu_seconds=24 * 3600)  # time is the notebook's budget, kept outside
    env = {key: os.environ[key] for key in PASS_ENV if key in os.environ}
    env.update(JUPYTER_RUNTIME_DIR="/tmp/jupyter", IPYTHONDIR="/tmp/ipython")
    argv = [sys.executable, "-s", "-B", "-m", "autograder.isolation.grading_kernel", "-f", str(inside_connection)]
    return jail.command(argv, role="kernel", readonly={SUBMISSION: str(release_files)},
                        writable={str(sockets): str(sockets)}, env=env, limits=limits), limits


def _no_descriptors_of_the_grader() -> None:
    """Standard streams to /dev/null and every other descriptor closed: the kernel starts with
    nothing of its parent's (a grading worker's stdout is the class runner's control channel)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))


def _end_with_the_grader() -> int:
    """This process (and so the bwrap it becomes) is killed when the grading process that
    started it ends; returns that process's pid.

    bwrap's --die-with-parent watches whoever its parent is when it starts: a grader killed
    while this launcher was still starting would leave the jail to init, running for ever."""
    grader = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if grader == 1 or os.getppid() != grader:  # it ended before the signal was set
        os._exit(1)
    return grader


def main() -> None:
    grader = _end_with_the_grader()
    command, limits = kernel_command(Path(sys.argv[1]))
    # The whole jail's memory and processes, in a cgroup named after the grading process that
    # started this kernel: its sweeps remove it once the kernel has ended, and the class runner's
    # remove (and kill) it if that process is killed (jail.remove_stale_cgroups).
    jail.remove_stale_cgroups()
    cgroup = jail.JailCgroup.make(limits, owner_pid=grader)
    if cgroup is not None:
        try:
            cgroup.join()
        except OSError:  # as where none can be made: the per-process limits alone
            cgroup.remove()
    _no_descriptors_of_the_grader()
    jail.set_limits(limits)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
