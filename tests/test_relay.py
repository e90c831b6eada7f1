"""The relay between a grading kernel's jail and the grader (isolation/relay.py), on its own.

The attacks on it from inside a real jail are in tests/test_attacks_found_4.py and _5.py; these
pin down how it starts: it connects to the kernel only once every socket file is there and is a
socket, and a kernel that ends before that ends the relay with the kernel's own status.
"""
import os
import signal
import time

import pytest
import zmq

from autograder.isolation import relay


def _addresses(folder, stem: str) -> dict:
    return {channel: f"ipc://{folder}/{stem}-{n}" for n, channel in enumerate(relay.CHANNELS, 1)}


def _child(seconds: float, status: int) -> int:
    pid = os.fork()
    if pid == 0:
        time.sleep(seconds)
        os._exit(status)
    return pid


def test_a_kernel_that_ends_before_binding_its_sockets_ends_the_relay_with_its_status(tmp_path):
    kernel = _child(0.05, 7)
    status = relay.relay(_addresses(tmp_path, "grader"), _addresses(tmp_path, "kernel"), kernel,
                         message_bytes=1024, total_bytes=4096)
    assert status == 7


def test_a_socket_file_that_is_not_a_socket_ends_the_kernel(tmp_path):
    inside = _addresses(tmp_path, "kernel")
    for address in inside.values():  # what a kernel could leave there: a file, or a link
        os.symlink("/run", address[len("ipc://"):])
    kernel = _child(60, 0)
    started = time.monotonic()
    status = relay.relay(_addresses(tmp_path, "grader"), inside, kernel, message_bytes=1024, total_bytes=4096)
    assert status == relay.NO_SOCKETS and time.monotonic() - started < 10
    try:
        os.kill(kernel, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive, "the kernel was ended"


def _kernel_that_hangs_up_then_ends(inside: dict, hang_up_after: float, end_after: float) -> int:
    """A child that binds a kernel's sockets at `inside`, closes them after `hang_up_after`
    seconds and ends (status 0) `end_after` seconds later: what a kernel's `os._exit` looks like
    to the relay when the relay sees the hang-up before it sees the process end."""
    pid = os.fork()
    if pid == 0:
        try:
            context = zmq.Context()
            sockets = [context.socket(zmq.PUB if channel == "iopub" else zmq.ROUTER) for channel in inside]
            for sock, address in zip(sockets, inside.values()):
                sock.bind(address)
            time.sleep(hang_up_after)
            context.destroy(linger=0)
            time.sleep(end_after)
        finally:
            os._exit(0)
    return pid


def test_a_message_for_a_kernel_that_hung_up_never_stops_the_relay(tmp_path):
    """The relay connects to a kernel once (it never reconnects), so once the kernel has hung up
    a request for it has nowhere to go. Sent as a blocking send, the grader's next heartbeat held
    the relay for good: it never saw its kernel end, and the grader waited for a dead kernel's
    reply until the cell's time ran out (the adversarial class's os._exit notebook, under load)."""
    outside, inside = _addresses(tmp_path, "grader"), _addresses(tmp_path, "kernel")
    relay_pid = os.fork()
    if relay_pid == 0:  # the relay's process: the kernel must be its child
        status = 99
        try:
            kernel = _kernel_that_hangs_up_then_ends(inside, hang_up_after=1.0, end_after=1.0)
            status = relay.relay(outside, inside, kernel, message_bytes=1024, total_bytes=4096)
        finally:
            os._exit(status)
    context = zmq.Context()
    try:
        grader_hb = context.socket(zmq.DEALER)
        grader_hb.setsockopt(zmq.LINGER, 0)
        grader_hb.connect(outside["hb"])
        time.sleep(1.5)  # the kernel has hung up, and is still running
        grader_hb.send(b"ping")
        deadline = time.monotonic() + 10
        ended = 0
        while not ended and time.monotonic() < deadline:
            ended, status = os.waitpid(relay_pid, os.WNOHANG)
            time.sleep(0.05)
        if not ended:
            os.kill(relay_pid, signal.SIGKILL)
            os.waitpid(relay_pid, 0)
        assert ended, "the relay hung on a message for a kernel that had hung up"
        assert os.waitstatus_to_exitcode(status) == 0, "the relay ends with its kernel's status"
    finally:
        context.destroy(linger=0)


def _kernel_that_sends(inside: dict, frame_bytes: int, then_exit: int | None) -> int:
    """A child that binds a kernel's sockets at `inside`, publishes one frame of `frame_bytes` on
    iopub once the relay is there, then exits with `then_exit` (None: runs on for a minute)."""
    pid = os.fork()
    if pid == 0:
        try:
            context = zmq.Context()
            sockets = {channel: context.socket(zmq.PUB if channel == "iopub" else zmq.ROUTER) for channel in inside}
            for channel, address in inside.items():
                sockets[channel].bind(address)
            time.sleep(1.0)  # the relay has connected
            sockets["iopub"].send(b"x" * frame_bytes)
            time.sleep(0.2)
            if then_exit is not None:
                os._exit(then_exit)
            time.sleep(60)
        finally:
            os._exit(0)
    return pid


def test_a_frame_past_the_bound_ends_the_kernel_with_a_reason(tmp_path):
    """libzmq drops a peer that sends one frame past MAXMSGSIZE, and the relay never reconnects:
    the kernel's output channel was dead while the kernel ran on, and the grader learnt nothing
    until its wait for that channel timed out (a notebook nbgrader "could not run")."""
    kernel = _kernel_that_sends(_addresses(tmp_path, "kernel"), frame_bytes=8192, then_exit=None)
    started = time.monotonic()
    status = relay.relay(_addresses(tmp_path, "grader"), _addresses(tmp_path, "kernel"), kernel,
                         message_bytes=1024, total_bytes=1 << 20)
    assert status == relay.DROPPED and time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(kernel, 0)


def test_a_kernel_that_ends_itself_never_gives_one_of_the_relays_reasons(tmp_path):
    """A student's `os._exit(3)` is the kernel's own end, not the relay's OVERSIZED."""
    for own in sorted(relay.RELAY_STATUSES):
        kernel = _kernel_that_sends(_addresses(tmp_path, f"kernel{own}"), frame_bytes=10, then_exit=own)
        status = relay.relay(_addresses(tmp_path, f"grader{own}"), _addresses(tmp_path, f"kernel{own}"), kernel,
                             message_bytes=1024, total_bytes=1 << 20)
        assert status == relay.ENDED_ITSELF
