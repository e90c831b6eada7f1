"""The answer checker's process, inside a jail: runs what the grader sends, one request at a time.

Started by `sandbox.py` as `python -m autograder.isolation.sandbox_child IN_FD OUT_FD` in a jail that
holds no reference, no expected outcome and no other student. The grader sends requests over
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
import signal
import sys

import cv2
import numpy as np

from autograder.isolation import codec
from autograder.isolation import channel
from autograder.exercises.runner import call
from autograder.exercises.spec import Case


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
                reply = {"value": None, "error": ("NameError", f"name {name!r} is not defined by the "
                                                  "solution cells"), "mutated": ()}
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
    serve(int(sys.argv[1]), int(sys.argv[2]))
