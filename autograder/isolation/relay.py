"""Between a grading kernel's jail and the grader: every kernel message passes this relay.

A Jupyter message may carry any number of extra buffer frames, and libzmq takes in every frame
of a message before the receiving program sees any of it (zmq's MAXMSGSIZE bounds one frame):
one message from a kernel could fill whichever process receives it. That process is this relay,
not the grader. It runs outside the jail (the kernel launcher becomes it), binds the sockets the
grader connects to (in a folder the jail does not see) and connects to the kernel's (in the
jail's own folder). It forwards each message whose frames together stay within `message_bytes`,
and ends, with the jail (bwrap dies with its parent), at the first that does not, or when its
own memory limit stops libzmq; the grader then sees a kernel that died.
"""
from __future__ import annotations

import os
import resource
import signal

import zmq

# Per channel: (the grader's side, bound here; the kernel's side, connected). ROUTER/DEALER pass
# requests and replies with their routing frames (the kernel echoes them), PUB/SUB its output.
CHANNELS = {"shell": (zmq.ROUTER, zmq.DEALER), "control": (zmq.ROUTER, zmq.DEALER),
            "stdin": (zmq.ROUTER, zmq.DEALER), "hb": (zmq.ROUTER, zmq.DEALER),
            "iopub": (zmq.PUB, zmq.SUB)}
# One identity for every socket towards the kernel: ipykernel sends stdin requests to the
# identity its shell request came from.
IDENTITY = b"course-relay"
MAX_FRAMES = 64
OVERSIZED = 3  # exit status: the kernel sent a message past the bound


def ipc_addresses(ip: str, ports: dict) -> dict:
    """{channel: address} of a kernel's ipc sockets (jupyter_client's naming: ipc://<ip>-<port>)."""
    return {channel: f"ipc://{ip}-{ports[f'{channel}_port']}" for channel in CHANNELS}


def limit_memory(address_space_bytes: int) -> None:
    """This process may hold at most `address_space_bytes` (a flood ends it, not the machine)."""
    resource.setrlimit(resource.RLIMIT_AS, (address_space_bytes, address_space_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _fits(frames: list, message_bytes: int) -> bool:
    return len(frames) <= MAX_FRAMES and sum(len(frame) for frame in frames) <= message_bytes


def relay(outside: dict, inside: dict, kernel_pid: int, message_bytes: int) -> int:
    """Forward messages between the grader's sockets `outside` and the kernel's `inside`
    ({channel: address}) until the kernel (process `kernel_pid`, a child of this one) ends;
    returns its exit status, or OVERSIZED after killing it for a message past `message_bytes`."""
    context = zmq.Context()
    pairs, poller = {}, zmq.Poller()
    for channel, (front_type, back_type) in CHANNELS.items():
        front, back = context.socket(front_type), context.socket(back_type)
        front.setsockopt(zmq.LINGER, 0)
        back.setsockopt(zmq.LINGER, 0)
        back.setsockopt(zmq.MAXMSGSIZE, message_bytes)
        if back_type == zmq.SUB:
            back.setsockopt(zmq.SUBSCRIBE, b"")
        else:
            back.setsockopt(zmq.IDENTITY, IDENTITY)
            poller.register(front, zmq.POLLIN)
            pairs[front] = (back, False)
        front.bind(outside[channel])
        back.connect(inside[channel])
        poller.register(back, zmq.POLLIN)
        pairs[back] = (front, True)
    try:
        while True:
            for socket, _ in poller.poll(100):
                target, from_kernel = pairs[socket]
                frames = socket.recv_multipart(copy=False)
                if from_kernel and not _fits(frames, message_bytes):
                    os.kill(kernel_pid, signal.SIGKILL)
                    os.waitpid(kernel_pid, 0)
                    return OVERSIZED
                target.send_multipart(frames, copy=False)
            pid, status = os.waitpid(kernel_pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status) & 0xFF
    finally:
        context.destroy(linger=0)
