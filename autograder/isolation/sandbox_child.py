"""The answer checker's process, inside a jail: runs what the grader sends, one request at a time.

Started by `sandbox.py` as `python -m autograder.isolation.sandbox_child IN_FD OUT_FD RELEASE_FILES` in
a jail that holds no reference, no expected outcome and no other student. Like the notebook's
kernel it works in a copy of the course's release files (coursekit/, data/; RELEASE_FILES is the
read-only /submission in a jail), so an answer cell that imports coursekit or loads a photo runs
here as it does in the notebook. The grader sends requests over
IN_FD and reads one reply per request on OUT_FD (`isolation.channel` frames, `codec` values):

- {"op": "exec", "source": ...}: run a cell's code in the answers' namespace; reply
  {"error": None} or {"error": "Type: message"}.
- {"op": "call", "name", "kind", "args", "kwargs"}: call (or read) `name` on private copies of
  the arguments; reply {"value", "error", "mutated"}.

The grader clocks each request itself and reveals a case's arguments only with its request,
so nothing this process does (it runs the student's code) can change a time or precompute an
answer. Everything it replies is data, checked and judged outside.
"""
from __future__ import annotations

import math
import os
import signal
import sys

import cv2
import numpy as np

from autograder.isolation import codec
from autograder.isolation import channel
from autograder.exercises.runner import call
from autograder.exercises.spec import Case
from autograder.isolation.grading_kernel import SUBMISSION, enter_submission


# The end of the error a call gets when the solution cells never defined its name.
NOT_DEFINED = "is not defined by the solution cells"


def enter_release_files(folder: str) -> None:
    """Work in the course's release files, importable as in the notebook (ipykernel puts its
    working folder on the path): a private copy of /submission in a jail, else `folder` (a
    copy the grader made for this check alone)."""
    if folder != SUBMISSION or not enter_submission():
        os.chdir(folder)
    sys.path.insert(0, os.getcwd())


def serve(in_fd: int, out_fd: int) -> None:
    namespace = {"__name__": "__main__", "np": np, "cv2": cv2, "math": math}
    while True:
        try:
            request = codec.loads(channel.receive(in_fd, codec.MAX_BYTES))
        except channel.ChannelClosed:
            return
        if request["op"] == "exec":
            try:
                exec(compile(request["source"], "<answer cell>", "exec"), namespace)
                reply = {"error": None}
            except (Exception, SystemExit) as exc:
                reply = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
        else:
            name = request["name"]
            if name not in namespace:
                reply = {"value": None, "error": ("NameError", f"name {name!r} {NOT_DEFINED}"), "mutated": ()}
            else:
                case = Case(tuple(request["args"]), dict(request["kwargs"]))
                outcome = call(namespace[name], case, request["kind"])
                reply = {"value": outcome.value, "error": outcome.error, "mutated": outcome.mutated}
                del case, outcome
        channel.send(out_fd, codec.dumps(reply))
        del request, reply


if __name__ == "__main__":
    # Python ignores SIGXFSZ; restored, printing past the jail's file-size limit ends the process
    # (and the grader says so) instead of failing the student's print quietly.
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    if len(sys.argv) > 3:
        enter_release_files(sys.argv[3])
    serve(int(sys.argv[1]), int(sys.argv[2]))
