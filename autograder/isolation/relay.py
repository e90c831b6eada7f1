"""Between a grading kernel's jail and the grader: every kernel message passes this relay.

A Jupyter message may carry any number of extra buffer frames, and libzmq takes in every frame
of a message before the receiving program sees any of it (zmq's MAXMSGSIZE bounds one frame):
one message from a kernel could fill whichever process receives it. That process is this relay,
not the grader. It runs outside the jail (the kernel launcher becomes it), binds the sockets the
grader connects to (in a folder the jail does not see) and connects to the kernel's (in the
jail's own folder). It forwards each message whose frames together stay within `message_bytes`,
and ends, with the jail (bwrap dies with its parent), at the first that does not, or when its
own memory limit stops libzmq; the grader then sees a kernel that died.

What the kernel sends is bounded in all, not only message by message: past `total_bytes` (the
most a notebook's outputs may weigh) the relay ends the kernel, so no number of messages just
under the bound can pile up in the grader. Nothing the kernel sends on the stdin channel is
forwarded: the grader runs notebooks with input off and never reads it.

The kernel's socket files are in a folder the jail may write, so the kernel could replace one
with a link to any socket of the machine. The relay connects to each once, after checking it is
a socket and not a link, before any of the grader's messages (and so any student code) reaches
the kernel, and never connects again. A channel that drops (libzmq drops a kernel that sends one
frame past `message_bytes`; a kernel may close a socket) is a dead kernel: unless the kernel ends
on its own at once, the relay ends it. The relay never waits to hand the grader's messages to
the kernel (a channel with no peer would hold it for good).

The relay's exit status says why it ended the kernel (OVERSIZED, FLOODED, NO_SOCKETS, DROPPED);
a kernel that ended on its own gives its status, never one of those.
"""
from __future__ import annotations

import os
import resource
import signal
import socket
import stat
import time

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
FLUSH_MS = 1000
DRAIN_MS = 20  # how long a message the kernel sent as it ended may take to come in
HANG_UP_GRACE = 2.0  # seconds a kernel that dropped a channel has to end on its own
# Exit statuses: the kernel sent a message past the bound; it sent more than its total; its
# sockets were not there (or not sockets) when it started; a channel dropped (a frame past the
# bound, or a socket it closed) and it went on running.
OVERSIZED, FLOODED, NO_SOCKETS, DROPPED = 3, 4, 5, 6
RELAY_STATUSES = {OVERSIZED, FLOODED, NO_SOCKETS, DROPPED}
ENDED_ITSELF = 1  # what a kernel's own exit with one of the relay's statuses is reported as
# Channels whose messages from the kernel are dropped here: the grader runs notebooks with input
# off (no input request is ever sent or answered) and never reads them.
UNREAD_FROM_KERNEL = {"stdin"}


def ipc_addresses(ip: str, ports: dict) -> dict:
    """{channel: address} of a kernel's ipc sockets (jupyter_client's naming: ipc://<ip>-<port>)."""
    return {channel: f"ipc://{ip}-{ports[f'{channel}_port']}" for channel in CHANNELS}


def limit_memory(address_space_bytes: int) -> None:
    """This process may hold at most `address_space_bytes` (a flood ends it, not the machine)."""
    resource.setrlimit(resource.RLIMIT_AS, (address_space_bytes, address_space_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _fits(frames: list, message_bytes: int) -> bool:
    return len(frames) <= MAX_FRAMES and sum(len(frame) for frame in frames) <= message_bytes


def _listening(path: str) -> bool:
    """Whether the unix socket `path` takes connections (it is bound before it listens)."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
        return True
    except OSError:
        return False
    finally:
        probe.close()


def _socket_paths_ready(inside: dict) -> bool:
    """Whether every kernel socket of `inside` is there, as a socket (lstat: a link is refused),
    and listening: the relay connects once and never again, so a first attempt that came
    between the kernel's bind and its listen would leave that channel dead for good."""
    for address in inside.values():
        path = address[len("ipc://"):]
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return False
        if not stat.S_ISSOCK(mode):
            raise PermissionError(f"{address} is not a socket")
        if not _listening(path):
            return False
    return True


def _wait_for_kernel_sockets(inside: dict, kernel_pid: int) -> int | None:
    """Wait until the kernel has bound its sockets: None then; else the status to end with (the
    kernel's own, if it ended first; NO_SOCKETS, once it is killed, if one is not a socket)."""
    while True:
        try:
            if _socket_paths_ready(inside):
                return None
        except PermissionError:
            return _end(kernel_pid, NO_SOCKETS)
        pid, status = os.waitpid(kernel_pid, os.WNOHANG)
        if pid:
            return _own_status(status)
        time.sleep(0.005)


def _own_status(wait_status: int) -> int:
    """A kernel's exit status as the relay's own (a kernel's `os._exit(3)` must not read as the
    relay's OVERSIZED)."""
    code = os.waitstatus_to_exitcode(wait_status) & 0xFF
    return ENDED_ITSELF if code in RELAY_STATUSES else code


def _end(kernel_pid: int, status: int) -> int:
    os.kill(kernel_pid, signal.SIGKILL)
    os.waitpid(kernel_pid, 0)
    return status


def relay(outside: dict, inside: dict, kernel_pid: int, message_bytes: int, total_bytes: int) -> int:
    """Forward messages between the grader's sockets `outside` and the kernel's `inside`
    ({channel: address}) until the kernel (process `kernel_pid`, a child of this one) ends;
    returns its exit status, or (after killing it) OVERSIZED for a message past
    `message_bytes`, FLOODED once its messages pass `total_bytes` together, NO_SOCKETS when its
    socket files are not sockets, DROPPED when a channel dropped and it did not end."""
    context = zmq.Context()
    fronts, backs, channel_of, hang_ups = {}, {}, {}, set()
    for channel, (front_type, back_type) in CHANNELS.items():
        front, back = context.socket(front_type), context.socket(back_type)
        # What the kernel sent before it ended still reaches the grader (a second at most).
        front.setsockopt(zmq.LINGER, FLUSH_MS)
        back.setsockopt(zmq.LINGER, 0)
        back.setsockopt(zmq.MAXMSGSIZE, message_bytes)
        back.setsockopt(zmq.RECONNECT_IVL, -1)
        if back_type == zmq.SUB:
            back.setsockopt(zmq.SUBSCRIBE, b"")
        else:
            back.setsockopt(zmq.IDENTITY, IDENTITY)
        front.bind(outside[channel])  # the grader may connect (and queue requests) at once
        fronts[channel], backs[channel] = front, back
        monitor = back.get_monitor_socket(zmq.EVENT_DISCONNECTED)
        monitor.setsockopt(zmq.LINGER, 0)  # the relay's end never waits on an event nobody reads
        hang_ups.add(monitor)
        channel_of[front], channel_of[back] = channel, channel
    try:
        ended = _wait_for_kernel_sockets(inside, kernel_pid)
        if ended is not None:
            return ended
        poller = zmq.Poller()
        for channel, back in backs.items():
            back.connect(inside[channel])
            poller.register(back, zmq.POLLIN)
            if CHANNELS[channel][0] != zmq.PUB:
                poller.register(fronts[channel], zmq.POLLIN)
        for monitor in hang_ups:
            poller.register(monitor, zmq.POLLIN)
        sent = 0
        while True:
            for ready, _ in poller.poll(100):
                if ready in hang_ups:
                    return _after_hang_up(kernel_pid, backs, fronts, message_bytes, total_bytes - sent)
                channel = channel_of[ready]
                from_kernel = ready is backs[channel]
                frames = ready.recv_multipart(copy=False)
                if from_kernel:
                    if not _fits(frames, message_bytes):
                        return _end(kernel_pid, OVERSIZED)
                    sent += sum(len(frame) for frame in frames)
                    if sent > total_bytes:
                        return _end(kernel_pid, FLOODED)
                    if channel in UNREAD_FROM_KERNEL:
                        continue
                    fronts[channel].send_multipart(frames, copy=False)
                else:
                    _to_kernel(backs[channel], frames)
            ended = _ended(kernel_pid, backs, fronts, message_bytes, total_bytes - sent)
            if ended is not None:
                return ended
    finally:
        context.destroy()  # each socket's own linger: the grader's side is flushed


def _to_kernel(back, frames) -> None:
    """Pass the grader's message on, or drop it. Never wait: with no reconnecting, a kernel that
    has hung up leaves its socket here with no peer, where a blocking send waits for good (the
    relay then never saw its kernel end, and the grader waited out the cell's time limit), and a
    kernel that stops reading fills its queue on purpose. Either way the grader's wait for a
    reply ends as for a dead kernel, or at its time limit."""
    try:
        back.send_multipart(frames, copy=False, flags=zmq.NOBLOCK)
    except zmq.Again:
        pass


def _after_hang_up(kernel_pid: int, backs: dict, fronts: dict, message_bytes: int, budget: int) -> int:
    """A channel to the kernel dropped, and the relay never reconnects: the kernel's status if it
    ends within HANG_UP_GRACE (an exiting kernel closes its sockets first), else DROPPED once it
    is killed (libzmq dropped it for a frame past the bound, or it closed a socket)."""
    deadline = time.monotonic() + HANG_UP_GRACE
    while time.monotonic() < deadline:
        ended = _ended(kernel_pid, backs, fronts, message_bytes, budget)
        if ended is not None:
            return ended
        time.sleep(0.01)
    return _end(kernel_pid, DROPPED)


def _ended(kernel_pid: int, backs: dict, fronts: dict, message_bytes: int, budget: int) -> int | None:
    """None while the kernel runs; once it has ended, what it sent last is forwarded and its
    own status returned."""
    pid, status = os.waitpid(kernel_pid, os.WNOHANG)
    if not pid:
        return None
    _forward_the_rest(backs, fronts, message_bytes, budget)
    return _own_status(status)


def _forward_the_rest(backs: dict, fronts: dict, message_bytes: int, budget: int) -> None:
    """Forward what the kernel sent before it ended and the relay has not read yet (the reply
    of its last cell, its last outputs): a relay that lags behind its kernel (both share one
    core) would otherwise drop them, and a cell that ran would count as not run."""
    for channel, back in backs.items():
        while budget > 0 and back.poll(DRAIN_MS):
            frames = back.recv_multipart(copy=False)
            budget -= sum(len(frame) for frame in frames)
            if _fits(frames, message_bytes) and budget >= 0 and channel not in UNREAD_FROM_KERNEL:
                fronts[channel].send_multipart(frames, copy=False)
