"""Grading kernels: their spec, their managers (private unix sockets, bounded messages), the spare.

A spare is the next notebook's kernel, started ahead of time (it boots while the grader finishes
the previous submission, or while `grade` imports the rest of nbgrader). It needs jupyter_client
only, so a caller can start it before anything heavy is imported.
"""
from __future__ import annotations

import atexit
import itertools
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import zmq
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from autograder.isolation.grading_kernel import PRELOAD_ENV
from autograder.isolation.jail import remove_stale_cgroups
from autograder.isolation.kernel_launcher import MEMORY_ENV, MESSAGE_BYTES_ENV, TOTAL_BYTES_ENV

if TYPE_CHECKING:
    from autograder.pipeline.limits import GradingLimits

GRADING_KERNEL = "course-grader"
KERNEL_MESSAGE_UNPACKER = "autograder.isolation.codec.kernel_message_unpacker"
# The largest message the grader takes from a kernel (a larger one disconnects it); the default
# of LimitedExecute.message_bytes.
MESSAGE_BYTES = 64 * 1024 ** 2
# The most a kernel may send the grader in all (a notebook's outputs, its widgets' messages);
# past it the relay ends the kernel.
TOTAL_BYTES = 256 * 1024 ** 2
# sun_path of a unix socket address: 108 bytes with the closing NUL (unix(7)).
SOCKET_PATH_BYTES = 108
_spare: dict = {}
_private: dict = {}
_kernel_numbers = itertools.count()


class GradingKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, checking every 10 ms (not 100 ms) whether a killed kernel is gone."""

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        await super()._async_wait(pollinterval=min(pollinterval, 0.01))


def use_private_dir(folder) -> None:
    """Keep the kernels' sockets and the spare's first working folder in `folder` (a grading
    worker's own folder, removed with it), instead of a new temporary folder."""
    os.makedirs(folder, exist_ok=True)
    _private["dir"] = str(folder)
    atexit.register(stop_spare)
    atexit.register(remove_stale_cgroups)


def private_dir() -> str:
    """A folder of this process: the spare kernel's first working folder and the kernels' sockets."""
    if "dir" not in _private:
        _private["dir"] = tempfile.mkdtemp(prefix="course-kernels-")
        atexit.register(shutil.rmtree, _private["dir"], True)
        atexit.register(stop_spare)
        atexit.register(remove_stale_cgroups)
    return _private["dir"]


def private_sockets(km):
    """`km` reached over unix sockets in a folder of its own: unlike TCP ports, which another
    grading worker may pick at the same moment, reachable from a jail with no network (the
    launcher binds this folder, and only it, writable into the jail)."""
    if os.name == "posix":
        folder = os.path.join(_sockets_dir(), f"k{os.getpid()}-{next(_kernel_numbers)}")
        os.makedirs(folder, mode=0o700)
        km.transport = "ipc"
        km.ip = os.path.join(folder, "s")
    return km


def _sockets_dir() -> str:
    """The private folder when its sockets' paths fit a unix socket address, else a short
    private folder in /tmp (a deep TMPDIR, a test's folder, made every kernel fail to start)."""
    base = private_dir()
    # The longest path: the launcher's jail-side socket, <folder>-jail/k-<port> (ipc ports are small).
    longest = os.path.join(base, f"k{os.getpid()}-99999-jail", "k-99999")
    if len(os.fsencode(longest)) < SOCKET_PATH_BYTES:
        return base
    if "sockets" not in _private:
        _private["sockets"] = tempfile.mkdtemp(prefix="course-k-", dir="/tmp")
        atexit.register(shutil.rmtree, _private["sockets"], True)
    return _private["sockets"]


def bounded(km, message_bytes: int):
    """No single message from the kernel may be larger than `message_bytes` (zmq drops the peer),
    and none is decoded without counting its containers first (codec.kernel_message_unpacker)."""
    km.context.setsockopt(zmq.MAXMSGSIZE, message_bytes)
    km.session.unpacker = KERNEL_MESSAGE_UNPACKER
    return km


def start_spare(kernel_name: str, config=None, extra_arguments: list = (),
                message_bytes: int = MESSAGE_BYTES) -> None:
    """Start a kernel `kernel_name` for the next notebook, unless one is waiting already."""
    if _spare.get("km") is not None:
        return
    km = bounded(private_sockets(GradingKernelManager(kernel_name=kernel_name, config=config)), message_bytes)
    try:
        run_sync(km.start_kernel)(cwd=private_dir(), extra_arguments=list(extra_arguments))
    except Exception:
        abandon(km)
        return
    _spare.update(km=km, kernel_name=kernel_name)


def abandon(km) -> None:
    """Let go of a kernel manager whose start failed: kill what it launched and close its
    sockets now. Left to the garbage collector, a socket that never connected held up zmq's
    context for good, and the grader hung wherever the collection happened to run."""
    provisioner = km.provisioner
    try:
        if provisioner is not None and provisioner.has_process:
            run_sync(provisioner.kill)()
    except Exception:
        pass
    km.cleanup_connection_file()
    km.context.destroy(linger=0)


def take_spare(kernel_name: str):
    """The waiting kernel, if it is a live `kernel_name`; else None (and it is stopped)."""
    km, name = _spare.pop("km", None), _spare.pop("kernel_name", None)
    if km is None:
        return None
    if name == kernel_name and run_sync(km.is_alive)():
        return km
    stop_kernel(km)
    return None


def stop_kernel(km) -> None:
    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:
        pass
    remove_stale_cgroups()


def stop_spare() -> None:
    km = _spare.pop("km", None)
    if km is not None:
        stop_kernel(km)


def write_grading_kernel(root: Path, limits: GradingLimits, isolated: bool = True) -> Path:
    """A kernel spec `course-grader` under root/jupyter; returns the folder for JUPYTER_PATH.

    isolated: the kernel runs in its jail (`isolation.kernel_launcher`); without it (self-study
    on a machine where no jail can be made) it is a plain ipykernel, with the same start-up.
    """
    jupyter = root / "jupyter"
    spec_dir = jupyter / "kernels" / GRADING_KERNEL
    spec_dir.mkdir(parents=True, exist_ok=True)
    # -I: the launcher runs with the grader's rights in the notebook's folder, which must never
    # be on its import path (a student's json.py would run before any jail exists).
    if isolated:
        argv = [sys.executable, "-I", "-m", "autograder.isolation.kernel_launcher", "{connection_file}"]
    else:
        argv = [sys.executable, "-P", "-m", "autograder.isolation.grading_kernel", "-f", "{connection_file}"]
    spec = {
        "argv": argv,
        "display_name": "Python 3 (course grader)",
        "language": "python",
        # A jailed kernel is not a child the grader can signal directly: interrupt by message.
        "interrupt_mode": "message",
        "env": {
            MEMORY_ENV: str(limits.kernel_memory_bytes),
            MESSAGE_BYTES_ENV: str(MESSAGE_BYTES),
            TOTAL_BYTES_ENV: str(TOTAL_BYTES),
            "MPLBACKEND": "Agg",
            PRELOAD_ENV: "numpy,cv2,matplotlib.pyplot",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
        },
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return jupyter


def start_first_kernel(root: Path, kernels_dir: Path, limits: GradingLimits, isolated: bool) -> None:
    """Write root's grading kernel spec, make it the one Jupyter finds, keep kernels' sockets in
    `kernels_dir`, and boot the first kernel now (it starts while the caller prepares the rest)."""
    os.environ["JUPYTER_PATH"] = str(write_grading_kernel(root, limits, isolated))
    use_private_dir(kernels_dir)
    start_spare(GRADING_KERNEL)
