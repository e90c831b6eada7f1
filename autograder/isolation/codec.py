"""Write and read outcomes without pickle: JSON for structure, .npz for arrays.

Results come back from untrusted student code (the sandbox), so the parent
never unpickles them: `np.load(..., allow_pickle=False)` and `json` only.
"""
from __future__ import annotations

import gc
import io
import json
import zipfile
from typing import Any

import numpy as np

# Arrays larger than this are refused: a result this big is a bug or an attack.
MAX_ARRAY_ELEMENTS = 50_000_000
# Bytes of one encoded message (its archive is never compressed, so this bounds what decoding
# allocates), the members of its archive and the nesting of its structure.
MAX_BYTES = 512 * 1024 ** 2
MAX_MEMBERS = 10_000
MAX_DEPTH = 64
# The JSON structure is parsed whole before it is checked, and a small text can stand for many
# objects ("[[],[],…]" is 20 times larger in memory): it is bounded on its own. The course's
# largest (expected outcomes with every known mistake) is under 100 KB.
MAX_TREE_BYTES = 2 * 1024 ** 2
# Containers (JSON lists and objects) in one part of a message from a grading kernel. A kernel
# signs its own messages, and "[],[],…" costs the decoder about 70 bytes and a walk of the
# garbage collector per 3 bytes of message; the most a million containers cost is about 100 MB.
# An honest output holds a few (a printed nested list of a million lists is the rare exception).
MAX_KERNEL_CONTAINERS = 1_000_000


class MessageRefused(ValueError):
    """A message from a kernel that the grader will not decode (it would cost too much)."""


def kernel_message_unpacker(data: bytes | str) -> Any:
    """jupyter_client's JSON unpacker (`Session.unpacker`), bounded for messages from a kernel
    running a student's code: the containers are counted before anything is decoded (`[` and `{`,
    strings included: an over-count, one pass in C), and a part holding more than
    MAX_KERNEL_CONTAINERS is refused with MessageRefused. What is decoded is acyclic, so the
    garbage collector is paused while it is built."""
    if isinstance(data, memoryview):
        data = data.tobytes()
    if isinstance(data, bytes):
        containers = data.count(b"[") + data.count(b"{")
    else:
        containers = data.count("[") + data.count("{")
    if containers > MAX_KERNEL_CONTAINERS:
        raise MessageRefused(f"a message of {len(data)} bytes holding {containers} lists or objects "
                             f"(the grader decodes at most {MAX_KERNEL_CONTAINERS})")
    if isinstance(data, bytes):
        data = data.decode("utf8", "replace")
    collecting = gc.isenabled()
    gc.disable()
    try:
        return json.loads(data)
    finally:
        if collecting:
            gc.enable()


class _Encoder:
    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def encode(self, value: Any) -> Any:
        if isinstance(value, np.ndarray):
            key = f"a{len(self.arrays)}"
            if value.dtype == object:
                return {"__repr__": repr(value)[:300]}
            self.arrays[key] = value
            return {"__array__": key}
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if isinstance(value, (int, np.integer)):
            return {"__int__": str(int(value))}
        if isinstance(value, (float, np.floating)):
            return {"__float__": repr(float(value))}
        if isinstance(value, str) or value is None:
            return value
        if isinstance(value, tuple):
            return {"__tuple__": [self.encode(v) for v in value]}
        if isinstance(value, list):
            return {"__list__": [self.encode(v) for v in value]}
        if isinstance(value, dict):
            return {"__dict__": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        # Anything else (a function, a generator, a custom object) is shown, not kept.
        return {"__repr__": f"<{type(value).__name__}>"}


class Unrepresentable:
    """Stands for a value the codec could not carry; equal to nothing."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: Any) -> bool:
        return False

    __hash__ = object.__hash__


def _decode(value: Any, arrays: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    depth += 1
    if isinstance(value, dict):
        if "__array__" in value:
            array = arrays[value["__array__"]]
            if array.size > MAX_ARRAY_ELEMENTS:
                raise ValueError("array too large")
            return array
        if "__int__" in value:
            return int(value["__int__"])
        if "__float__" in value:
            return float(value["__float__"])
        if "__tuple__" in value:
            return tuple(_decode(v, arrays, depth) for v in value["__tuple__"])
        if "__list__" in value:
            return [_decode(v, arrays, depth) for v in value["__list__"]]
        if "__dict__" in value:
            return {_decode(k, arrays, depth): _decode(v, arrays, depth) for k, v in value["__dict__"]}
        if "__repr__" in value:
            return Unrepresentable(str(value["__repr__"]))
        raise ValueError(f"unknown encoded value {sorted(value)[:5]}")
    if isinstance(value, list):  # dumps never writes a bare JSON list
        raise ValueError("unknown encoded value (a bare list)")
    return value


def dumps(value: Any) -> bytes:
    """Encode `value` (numbers, strings, arrays, tuples, lists, dicts) to bytes."""
    encoder = _Encoder()
    tree = encoder.encode(value)
    buffer = io.BytesIO()
    np.savez(buffer, __tree__=np.frombuffer(json.dumps(tree).encode(), dtype=np.uint8),
             **encoder.arrays)
    return buffer.getvalue()


def loads(data: bytes, max_bytes: int = MAX_BYTES) -> Any:
    """Decode bytes from `dumps`, never unpickling anything.

    The bytes may come from a student's process, so they are bounded before they are decoded:
    at most `max_bytes`, an archive whose members are stored (not compressed: no member can
    grow when read), at most MAX_MEMBERS of them, a structure of at most MAX_TREE_BYTES that
    nests at most MAX_DEPTH deep and holds only what `dumps` writes. Anything else raises
    ValueError.
    """
    if len(data) > max_bytes:
        raise ValueError(f"{len(data)} bytes, more than the {max_bytes} allowed")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not an encoded value ({exc})") from None
    if len(members) > MAX_MEMBERS:
        raise ValueError(f"{len(members)} arrays, more than {MAX_MEMBERS}")
    for member in members:
        if member.compress_type != zipfile.ZIP_STORED or member.file_size > len(data):
            raise ValueError(f"member {member.filename[:40]!r} is compressed or larger than the message")
    tree_member = next((m for m in members if m.filename == "__tree__.npy"), None)
    if tree_member is None:
        raise ValueError("not an encoded value (no structure)")
    if tree_member.file_size > MAX_TREE_BYTES:
        raise ValueError(f"a structure of {tree_member.file_size} bytes (at most {MAX_TREE_BYTES})")
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    try:
        tree = json.loads(arrays.pop("__tree__").tobytes().decode())
        return _decode(tree, arrays)
    except (RecursionError, UnicodeDecodeError, TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"malformed encoded value ({type(exc).__name__})") from None
