"""The jail every piece of student code runs in: a bubblewrap command line and resource limits.

A jail sees a read-only Python (the interpreter and the installed packages), the few grader
modules that run inside it (`inside_paths`), the folders its caller binds, and a private
size-limited /tmp. Everything else of the machine (the repository, the reference, the
gradebook, expected outcomes, other students, the venv's writable paths) is not mounted, so it
does not exist inside. New PID, network, IPC, UTS and mount namespaces; no capabilities; limits on
processes, memory, CPU, file size and open files. Killing the bwrap process kills the PID
namespace's init, and the kernel then kills every process in the jail.

Memory is bounded for the whole jail by a cgroup of its own (`JailCgroup`: cgroup v2's memory.max
and pids.max where the grader's own cgroup delegates those controllers, else cgroup v1's
memory.limit_in_bytes, memory.memsw.limit_in_bytes and pids.max), made under the grader's own
cgroup; the jail's first process joins it before it execs bwrap, and it is removed once the jail
has ended. Where none can be made (a normal user without a delegated cgroup) only the per-process
limits hold: `memory_scope()` says which.

Run as root (a grading server, CI), bwrap sets the namespaces up and the command runs as an
unprivileged uid of its own (`uid_for`), so the process limit counts only that jail's
processes and no file of the machine is writable to it. Run as a normal user, bwrap makes a
user namespace as well.
"""
from __future__ import annotations

import functools
import itertools
import os
import resource
import shutil
import secrets
import signal
import subprocess
import sys
import sysconfig
import time
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

    memory_bytes: memory of the whole jail (its cgroup; `memory_scope()`) and address space of
    each process; cpu_seconds: CPU time of each process; file_bytes: the largest file it may write
    (its printed output included); processes: its processes and threads together; open_files:
    descriptors per process; tmp_bytes: its /tmp (in its memory where a cgroup bounds it);
    cpu_cores: the share of the machine all its processes together may use (its cgroup's CPU
    quota: a jail's processes, each in a session of its own, cannot starve the jails beside it).
    """
    memory_bytes: int = 3 * 1024 ** 3
    cpu_seconds: int = 120
    file_bytes: int = 8 * 1024 ** 2
    processes: int = 64
    open_files: int = 256
    tmp_bytes: int = 256 * 1024 ** 2
    cpu_cores: float = 1.0


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
            # /dev read-only: as an ordinary user bwrap's /dev is a tmpfs of half the machine's
            # memory the jail owns (its /dev/shm outside every limit); device nodes still work.
            "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev",
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


CGROUP_PREFIX = "course-jail-"
# Room in a jail's pids.max for bubblewrap's own two processes (and setpriv's exec).
CGROUP_EXTRA_PIDS = 4
CPU_PERIOD_US = 100_000
_cgroup_numbers = itertools.count()


def _unescape(field: str) -> str:
    """A path from /proc/self/mountinfo (spaces and the like are octal escapes there)."""
    return field.encode().decode("unicode_escape") if "\\" in field else field


def _hierarchies() -> dict:
    """{"v2" | v1 controller: this process's own cgroup folder on the machine} for the cgroup
    hierarchies mounted here ("v2": the unified hierarchy; v1: "memory", "pids", "cpu")."""
    try:
        own = {}
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            number, controllers, path = line.split(":", 2)
            for controller in (controllers.split(",") if controllers else ["v2"]):
                own[controller] = path
        mounts = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return {}
    found = {}
    for line in mounts:
        fields, _, tail = line.partition(" - ")
        fields, tail = fields.split(), tail.split()
        if len(fields) < 5 or len(tail) < 3 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        root, mount_point = _unescape(fields[3]), _unescape(fields[4])
        keys = ["v2"] if tail[0] == "cgroup2" else [o for o in tail[2].split(",") if o in ("memory", "pids", "cpu")]
        for key in keys:
            path = own.get(key)
            if key in found or path is None:
                continue
            if root != "/" and not (path == root or path.startswith(root.rstrip("/") + "/")):
                continue  # this mount shows another part of the hierarchy
            relative = path[len(root):] if root != "/" else path
            found[key] = Path(mount_point + "/" + relative.strip("/")) if relative.strip("/") else Path(mount_point)
    return found


def _write(path: Path, value) -> None:
    with open(path, "w") as file:
        file.write(str(value))


class JailCgroup:
    """The cgroup of one jail: one folder per hierarchy it is bounded in (memory, processes, CPU
    share), each named course-jail-<pid of its owner>-<pid of its maker>-<n>-<random> under the
    grader's own cgroup.

    `make(limits)` returns None where no cgroup can be made here; `join(pid)` moves a process in
    (the jail's first process, before it execs bwrap: everything it starts is inside);
    `remove()` kills what is left in it and removes it, once the jail has ended.
    """

    def __init__(self, folders: list, version: str):
        self.folders, self.version = list(folders), version
        self.cpu_folder: Path | None = None  # the folder that holds the CPU quota

    @classmethod
    def make(cls, limits: JailLimits, owner_pid: int | None = None) -> "JailCgroup | None":
        hierarchies = _hierarchies()
        for _ in range(5):
            # Unique to this jail: the owner's pid first (remove_stale_cgroups reads it), then
            # this process's and a random part (a kernel's launcher counts from 0 as well).
            name = (f"{CGROUP_PREFIX}{owner_pid or os.getpid()}-{os.getpid()}-{next(_cgroup_numbers)}-"
                    f"{secrets.token_hex(4)}")
            made = cls([], "")
            try:
                return made._fill(hierarchies, name, limits)
            except FileExistsError:
                made.remove()
            except OSError:
                made.remove()
                return None
        return None

    def _fill(self, hierarchies: dict, name: str, limits: JailLimits) -> "JailCgroup | None":
        quota = max(1000, int(limits.cpu_cores * CPU_PERIOD_US))
        v2 = hierarchies.get("v2")
        delegated = (v2 / "cgroup.subtree_control").read_text().split() if v2 else []
        if "memory" in delegated:
            folder = v2 / name
            folder.mkdir(mode=0o755)
            self.folders.append(folder)
            self.version = "v2"
            _write(folder / "memory.max", limits.memory_bytes)
            if (folder / "memory.swap.max").exists():
                _write(folder / "memory.swap.max", 0)
            if "pids" in delegated:
                _write(folder / "pids.max", limits.processes + CGROUP_EXTRA_PIDS)
            if "cpu" in delegated:
                _write(folder / "cpu.max", f"{quota} {CPU_PERIOD_US}")
                self.cpu_folder = folder
            return self
        if "memory" not in hierarchies:
            return None
        folder = hierarchies["memory"] / name
        folder.mkdir(mode=0o755)
        self.folders.append(folder)
        self.version = "v1"
        _write(folder / "memory.limit_in_bytes", limits.memory_bytes)
        if (folder / "memory.memsw.limit_in_bytes").exists():  # memory and swap together
            _write(folder / "memory.memsw.limit_in_bytes", limits.memory_bytes)
        for controller in ("pids", "cpu"):
            if controller not in hierarchies:
                continue
            folder = hierarchies[controller] / name
            try:
                folder.mkdir(mode=0o755)
            except FileExistsError:
                raise
            except OSError:
                continue  # the memory bound is what matters most; RLIMIT_NPROC, RLIMIT_CPU still hold
            self.folders.append(folder)
            if controller == "pids":
                _write(folder / "pids.max", limits.processes + CGROUP_EXTRA_PIDS)
            else:
                _write(folder / "cpu.cfs_period_us", CPU_PERIOD_US)
                _write(folder / "cpu.cfs_quota_us", quota)
                self.cpu_folder = folder
        return self

    def join(self, pid: int | None = None) -> None:
        """Move `pid` (this process by default) into every folder of the cgroup."""
        for folder in self.folders:
            _write(folder / "cgroup.procs", pid or os.getpid())

    def join_cpu(self) -> bool:
        """Move this process into the cgroup's CPU quota only (on cgroup v2, one folder holds
        every bound); False where the cgroup has no CPU quota."""
        if self.cpu_folder is None:
            return False
        _write(self.cpu_folder / "cgroup.procs", os.getpid())
        return True

    def leave_cpu(self) -> None:
        """Move this process back where it came from (the grader's cgroup, the folder's parent)."""
        try:
            _write(self.cpu_folder.parent / "cgroup.procs", os.getpid())
        except OSError:
            pass

    def remove(self) -> bool:
        """Kill every process left in the cgroup and remove its folders; False if one stayed."""
        return all([_remove_cgroup_folder(folder) for folder in self.folders])


def _remove_cgroup_folder(folder: Path, attempts: int = 100) -> bool:
    for _ in range(attempts):
        try:
            folder.rmdir()
            return True
        except FileNotFoundError:
            return True
        except OSError:  # busy: processes of the jail are still in it
            try:
                pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
            except (OSError, ValueError):
                pids = []
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)
    return False


def _empty(folder: Path) -> bool:
    try:
        return not (folder / "cgroup.procs").read_text().split()
    except OSError:
        return False


def _age(folder: Path) -> float:
    try:
        return time.time() - folder.stat().st_mtime
    except OSError:
        return 0.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_cgroups(settle_seconds: float = 10.0) -> None:
    """Remove the jail cgroups under this process's own cgroup whose maker (the grading process
    that started the jail) has ended, killing what is still in them, and the empty ones older
    than `settle_seconds` (an ended kernel's; a new one is joined within milliseconds).

    A jail outlives a grading process killed with SIGKILL (bwrap's --die-with-parent does not
    survive its own change of credentials): its cgroup is how it is found and ended."""
    for hierarchy in _hierarchies().values():
        try:
            children = [c for c in hierarchy.iterdir() if c.name.startswith(CGROUP_PREFIX) and c.is_dir()]
        except OSError:
            continue
        for child in children:
            try:
                maker = int(child.name[len(CGROUP_PREFIX):].split("-")[0])
            except ValueError:
                continue
            if not _alive(maker) or (_empty(child) and _age(child) > settle_seconds):
                _remove_cgroup_folder(child)


@functools.lru_cache(maxsize=1)
def memory_scope() -> str:
    """"jail" where each jail's memory is bounded as a whole (a cgroup of its own can be made
    here), "process" where only each process's address space is (RLIMIT_AS)."""
    probe = JailCgroup.make(JailLimits())
    if probe is None:
        return "process"
    probe.remove()
    return "jail"


def give_to_jail(path: Path, role: str, owner_pid: int | None = None) -> None:
    """Make a folder the jail may write (only needed when root: the jail runs as its own uid)."""
    if is_root():
        uid = uid_for(role, owner_pid)
        os.chown(path, uid, uid)


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
    # The interpreter and its packages are visible in the jail (found, not imported: a
    # learner's `grade` waits for this probe before its kernel starts).
    probe = command([sys.executable, "-c", "import importlib.util as u, sys; sys.exit(u.find_spec('numpy') is None)"],
                    role="check")
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
