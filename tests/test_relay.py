"""The relay between a grading kernel's jail and the grader (isolation/relay.py), on its own.

The attacks on it from inside a real jail are in tests/test_attacks_found_4.py and _5.py; these
pin down how it starts: it connects to the kernel only once every socket file is there and is a
socket, and a kernel that ends before that ends the relay with the kernel's own status.
"""
import os
import time

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
