"""Messages between the grader and a jail over pipes: a length, then that many bytes.

The jail's side is untrusted: a reader never takes more than `max_bytes`, never waits past its
deadline, and hands back bytes only (decoding, bounded, is `codec.loads`'s job).
"""
from __future__ import annotations

import os
import select
import struct
import time

HEADER = struct.Struct(">Q")


class ChannelClosed(Exception):
    """The other side closed its end (it ended or was killed)."""


class ChannelTimeout(Exception):
    """No whole message came before the deadline."""


class MessageTooLarge(Exception):
    """The other side announced a message larger than the reader allows."""


def send(fd: int, payload: bytes) -> None:
    data = HEADER.pack(len(payload)) + payload
    while data:
        data = data[os.write(fd, data):]


def _read_exactly(fd: int, count: int, deadline: float | None) -> bytes:
    chunks, left = [], count
    while left:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChannelTimeout()
            ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
            if not ready:
                continue
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise ChannelClosed()
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(fd: int, max_bytes: int, deadline: float | None = None) -> bytes:
    """One message from `fd`; `deadline` is a time.monotonic() value (None: wait)."""
    (size,) = HEADER.unpack(_read_exactly(fd, HEADER.size, deadline))
    if size > max_bytes:
        raise MessageTooLarge(f"a message of {size} bytes (at most {max_bytes} allowed)")
    return _read_exactly(fd, size, deadline)
