"""The grading kernel's start command: runs outside, starts the kernel in its jail, relays its messages.

The `course-grader` kernel spec (pipeline/kernels.write_grading_kernel) starts
`python -I -m autograder.isolation.kernel_launcher CONNECTION_FILE` in the notebook's folder
(-I: nothing of that folder is importable here). This process binds into a jail only what the
kernel needs: a connection file and the folder its sockets go in (both in a folder of its own,
not the one the grader connects to), the course's own release files (coursekit/, data/)
read-only as /submission, and the grader's in-jail modules. Its child becomes bwrap; it becomes
the relay (`relay`) between the grader's sockets and the kernel's, with a memory limit of its
own, so that no message of the kernel's reaches the grader unbounded. Nothing of the submission's folder is bound:
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
import subprocess
import sys
from pathlib import Path

from autograder.course import add_release_extras
from autograder.isolation.grading_kernel import FONT_LIST_DIR, PRELOAD_ENV, SUBMISSION
from autograder.isolation import jail, relay

MEMORY_ENV = "COURSE_KERNEL_MEMORY"
PR_SET_PDEATHSIG = 1  # prctl(2)
PROCESSES_ENV = "COURSE_KERNEL_PROCESSES"
PASS_ENV = ("MPLBACKEND", PRELOAD_ENV)
MESSAGE_BYTES_ENV = "COURSE_KERNEL_MESSAGE_BYTES"
TOTAL_BYTES_ENV = "COURSE_KERNEL_TOTAL_BYTES"
# The relay's own address space: its Python and libzmq, and a few messages of the largest size.
RELAY_BASE_BYTES = 512 * 1024 ** 2


def kernel_command(connection_file: Path) -> tuple:
    """(the bwrap command that runs ipykernel in a jail, its limits, the grader's socket
    addresses, the kernel's); the kernel's sockets go in a folder of the jail's own, beside the
    grader's folder, which the jail never sees."""
    info = json.loads(connection_file.read_text())
    if info.get("transport") != "ipc":
        raise SystemExit("the grading kernel needs ipc sockets (a jail has no network)")
    sockets = Path(info["ip"]).parent
    release_files = sockets.with_name(sockets.name + "-release")
    release_files.mkdir(exist_ok=True)
    add_release_extras(release_files)
    _add_font_list(sockets.parent, release_files / FONT_LIST_DIR)
    jail_sockets = sockets.with_name(sockets.name + "-jail")
    jail_sockets.mkdir(mode=0o700, exist_ok=True)
    inside_connection = jail_sockets / "connection.json"
    inside_connection.write_text(json.dumps({**info, "ip": str(jail_sockets / "k")}))
    for path in (jail_sockets, inside_connection):
        jail.give_to_jail(path, "kernel")
    limits = jail.JailLimits(memory_bytes=int(os.environ.get(MEMORY_ENV, 4 * 1024 ** 3)),
                             processes=int(os.environ.get(PROCESSES_ENV, 64)),
                             cpu_seconds=24 * 3600)  # time is the notebook's budget, kept outside
    env = {key: os.environ[key] for key in PASS_ENV if key in os.environ}
    env.update(JUPYTER_RUNTIME_DIR="/tmp/jupyter", IPYTHONDIR="/tmp/ipython")
    argv = [sys.executable, "-s", "-B", "-m", "autograder.isolation.grading_kernel", "-f", str(inside_connection)]
    command = jail.command(argv, role="kernel", readonly={SUBMISSION: str(release_files)},
                           writable={str(jail_sockets): str(jail_sockets)}, env=env, limits=limits)
    return (command, limits, relay.ipc_addresses(info["ip"], info),
            relay.ipc_addresses(str(jail_sockets / "k"), info))


def _add_font_list(kernels_folder: Path, target: Path) -> None:
    """Copy matplotlib's font list into `target`, making it first if this grading process's
    kernels folder has none: made here, with the grader's rights and no student input, once per
    process rather than in every jail. Where it cannot be made, each kernel makes its own."""
    made = kernels_folder / "matplotlib"
    lists = sorted(made.glob("fontlist-*.json"))
    if not lists:
        made.mkdir(exist_ok=True)
        try:
            subprocess.run([sys.executable, "-I", "-c", "import matplotlib.font_manager"], timeout=120,
                           env={**os.environ, "MPLCONFIGDIR": str(made)}, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return
        lists = sorted(made.glob("fontlist-*.json"))
    if lists:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(lists[-1], target / lists[-1].name)


def _no_descriptors_of_the_grader() -> None:
    """Standard streams to /dev/null and every other descriptor closed: the kernel starts with
    nothing of its parent's (a grading worker's stdout is the class runner's control channel)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))


def _die_with(parent: int) -> None:
    """This process is killed when `parent` ends (exits at once if it already has)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent == 1 or os.getppid() != parent:  # it ended before the signal was set
        os._exit(1)


def _end_with_the_grader() -> int:
    """This process (the relay, and so the jail beside it) is killed when the grading process
    that started it ends; returns that process's pid.

    bwrap's --die-with-parent watches whoever its parent is when it starts: a grader killed
    while this launcher was still starting would leave the jail to init, running for ever."""
    grader = os.getppid()
    _die_with(grader)
    return grader


def main() -> None:
    grader = _end_with_the_grader()
    command, limits, outside, inside = kernel_command(Path(sys.argv[1]))
    message_bytes = int(os.environ.get(MESSAGE_BYTES_ENV, 64 * 1024 ** 2))
    # The whole jail's memory and processes, in a cgroup named after the grading process that
    # started this kernel: its sweeps remove it once the kernel has ended, and the class runner's
    # remove (and kill) it if that process is killed (jail.remove_stale_cgroups).
    jail.remove_stale_cgroups()
    cgroup = jail.JailCgroup.make(limits, owner_pid=grader)
    launcher = os.getpid()
    kernel = os.fork()
    if kernel == 0:  # the jail: in its cgroup (the relay is not), with its limits, as bwrap
        try:
            _die_with(launcher)
            if cgroup is not None:
                try:
                    cgroup.join()
                except OSError:  # as where none can be made: the per-process limits alone
                    pass
            _no_descriptors_of_the_grader()
            jail.set_limits(limits)
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _no_descriptors_of_the_grader()
    relay.limit_memory(RELAY_BASE_BYTES + 4 * message_bytes)
    total_bytes = int(os.environ.get(TOTAL_BYTES_ENV, 4 * message_bytes))
    # The relay works for every message the kernel sends: its CPU time is the jail's, inside the
    # jail's quota (else a flood of tiny messages gives the kernel a second core).
    shares_cpu = _share_cpu(cgroup)
    status = relay.relay(outside, inside, kernel, message_bytes, total_bytes)
    if cgroup is not None:
        if shares_cpu:
            cgroup.leave_cpu()  # removing the cgroup kills whatever is still in it
        cgroup.remove()
    os._exit(status)


def _share_cpu(cgroup) -> bool:
    if cgroup is None:
        return False
    try:
        return cgroup.join_cpu()
    except OSError:
        return False


if __name__ == "__main__":
    main()
