"""The jail every piece of student code runs in: a bubblewrap command line and resource limits.

A jail sees a read-only Python (the interpreter and the installed packages), the few grader
modules that run inside it (`inside_paths`), the folders its caller binds, and a private
size-limited /tmp. Everything else of the machine (the repository, the reference, the
gradebook, expected outcomes, other students, the venv's writable paths) is not mounted, so it
does not exist inside. New PID, network, IPC, UTS and mount namespaces; no capabilities; limits on
processes, memory, CPU, file size and open files. Killing the bwrap process kills the PID
namespace's init, and the kernel then kills every process in the jail.

Run as root (a grading server, CI), bwrap sets the namespaces up and the command runs as an
unprivileged uid of its own (`uid_for`), so the process limit counts only that jail's
processes and no file of the machine is writable to it. Run as a normal user, bwrap makes a
user namespace as well.
"""
from __future__ import annotations

import functools
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

BWRAP = "bwrap"
# Where the grader's own in-jail modules appear (see inside_paths); on the jail's sys.path.
INSIDE_ROOT = "/opt/course-grader"
# Unprivileged uids for jails started by root: one per (grading process, role), far from real users.
UID_BASE = 2_000_000_000
ROLES = {"kernel": 0, "check": 1}
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf", "/etc/fonts")


@dataclass(frozen=True)
class JailLimits:
    """What one jail may use.

    memory_bytes: address space of each process; cpu_seconds: CPU time of each process;
    file_bytes: the largest file it may write (its printed output included); processes: its
    processes and threads together; open_files: descriptors per process; tmp_bytes: its /tmp.
    """
    memory_bytes: int = 3 * 1024 ** 3
    cpu_seconds: int = 120
    file_bytes: int = 8 * 1024 ** 2
    processes: int = 64
    open_files: int = 256
    tmp_bytes: int = 256 * 1024 ** 2


def is_root() -> bool:
    return os.geteuid() == 0


def uid_for(role: str, owner_pid: int | None = None) -> int:
    """The uid a root-started jail runs as: distinct per grading process and role, so two jails
    running at once never share a process count."""
    pid = os.getpid() if owner_pid is None else owner_pid
    return UID_BASE + (pid % 10_000_000) * len(ROLES) + ROLES[role]


def python_paths() -> list:
    """The folders the interpreter and the installed packages live in (read-only in the jail)."""
    found = []
    for path in (sys.base_prefix, sys.prefix, sys.exec_prefix, sysconfig.get_paths()["purelib"],
                 sysconfig.get_paths()["platlib"]):
        real = str(Path(path).resolve())
        if not any(real == p or real.startswith(p + os.sep) for p in found):
            found = [p for p in found if not p.startswith(real + os.sep)] + [real]
    return found


def inside_paths() -> dict:
    """{path in the jail: file on the machine} for the grader modules that run inside a jail.

    The jail's `autograder` package is these few public modules only: the grading kernel's
    start-up, the answer checker's loop, the codec and the channel, what a case is and how it is
    called (`exercises/` there is a namespace package holding just `spec` and `runner`: no cases,
    no reference), and an `__init__` whose `check_exercise` only confirms the name is defined
    (the verdict is made outside the jail).
    """
    package = Path(__file__).resolve().parent.parent
    files = {"__init__.py": package / "isolation" / "inside_init.py"}
    for name in ("isolation/__init__.py", "isolation/channel.py", "isolation/codec.py",
                 "isolation/grading_kernel.py", "isolation/sandbox_child.py",
                 "exercises/spec.py", "exercises/runner.py"):  # nothing else of the grader
        files[name] = package / name
    return {f"{INSIDE_ROOT}/autograder/{name}": source for name, source in files.items()}


def _parents(path: str) -> list:
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[:i + 1]) for i in range(len(parts))]


def command(argv: list, *, role: str, readonly: dict = None, writable: dict = None,
            env: dict = None, chdir: str = "/tmp", limits: JailLimits = JailLimits(),
            owner_pid: int | None = None) -> list:
    """The bwrap command line that runs `argv` in a jail.

    readonly / writable: {path in the jail: path on the machine} to bind (writable ones must
    belong to `uid_for(role)` when root). env: the whole environment inside (nothing else is
    inherited).
    """
    binds = {**{p: p for p in python_paths()}, **inside_paths(), **(readonly or {})}
    args = [BWRAP, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
    made, bound = set(), []
    for target, source in sorted({**binds, **(writable or {})}.items()):
        for parent in _parents(target):
            # bwrap would make a missing parent 0700, which the jail's uid could not enter
            if parent not in made and not any(parent == b or parent.startswith(b + "/") for b in bound):
                args += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        flag = "--bind" if target in (writable or {}) else "--ro-bind"
        args += [flag, str(source), target]
        if Path(source).is_dir():
            bound.append(target)
    for path in SYSTEM_FILES:
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    full_env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "USER": "student", "LANG": "C.UTF-8",
                "PYTHONPATH": INSIDE_ROOT, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": "/tmp",
                "MPLCONFIGDIR": "/tmp/matplotlib",
                # One thread each: several jails run at once, and a thread counts as a process.
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    full_env.update({k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_") and k not in full_env})
    full_env.update(env or {})
    for key, value in full_env.items():
        args += ["--setenv", key, value]
    args += ["--chdir", chdir]
    if is_root():
        uid = str(uid_for(role, owner_pid))
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--",
                 "/usr/bin/setpriv", "--reuid", uid, "--regid", uid, "--clear-groups",
                 "--inh-caps=-all", "--bounding-set=-all", "--"]
    else:
        args += ["--unshare-user", "--disable-userns", "--"]
    return args + list(argv)


def set_limits(limits: JailLimits) -> None:
    """Apply `limits` to this process (they pass to the jail through exec); call it in the child."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files,) * 2)
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes,) * 2)


def give_to_jail(path: Path, role: str, owner_pid: int | None = None) -> None:
    """Make a folder the jail may write (only needed when root: the jail runs as its own uid)."""
    if is_root():
        uid = uid_for(role, owner_pid)
        os.chown(path, uid, uid)


def take_back(path: Path) -> None:
    """Make a folder the jail could write read-only to it from now on (root: own it again)."""
    if is_root():
        os.chown(path, 0, 0)
        os.chmod(path, 0o755)


@functools.lru_cache(maxsize=1)
def unavailable_reason() -> str:
    """Why no jail can be made on this machine ('' when it can)."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap jails need Linux (this is {sys.platform})"
    if shutil.which(BWRAP) is None:
        return ("bubblewrap (`bwrap`) is not installed: on Debian or Ubuntu `apt-get install "
                "bubblewrap`, on Fedora `dnf install bubblewrap`")
    if is_root() and not os.path.exists("/usr/bin/setpriv"):
        return "setpriv (util-linux) is missing, so a jail started by root cannot drop to its own uid"
    probe = command([sys.executable, "-c", "import numpy"], role="check")
    try:
        done = subprocess.run(probe, capture_output=True, timeout=60, preexec_fn=lambda: set_limits(JailLimits()))
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not start a jail: {exc}"
    if done.returncode != 0:
        return ("bubblewrap could not start a jail (user namespaces may be disabled, or this is a "
                f"container without them): {done.stderr.decode(errors='replace').strip()[-300:]}")
    return ""


def available() -> bool:
    return not unavailable_reason()
