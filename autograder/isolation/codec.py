"""Write and read outcomes without pickle: JSON for structure, .npz for arrays.

Results come back from untrusted student code (the sandbox), so the parent
never unpickles them: `np.load(..., allow_pickle=False)` and `json` only.
"""
from __future__ import annotations

import gc
import io
import json
import math
import struct
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
    grow when read), at most MAX_MEMBERS of them, each in bytes of its own (no two overlap, so
    together they are no larger than the message), a structure of at most MAX_TREE_BYTES that
    nests at most MAX_DEPTH deep and holds only what `dumps` writes. Only the arrays the
    structure names are read, each once. Anything else raises ValueError.
    """
    if len(data) > max_bytes:
        raise ValueError(f"{len(data)} bytes, more than the {max_bytes} allowed")
    _check_directory(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {member.filename: member for member in archive.infolist()}
            _check_members(data, list(archive.infolist()))
            tree_member = members.get("__tree__.npy")
            if tree_member is None:
                raise ValueError("not an encoded value (no structure)")
            if tree_member.file_size > MAX_TREE_BYTES:
                raise ValueError(f"a structure of {tree_member.file_size} bytes (at most {MAX_TREE_BYTES})")
            tree = json.loads(_read_array(archive, tree_member).tobytes().decode())
            return _decode(tree, _Arrays(archive, members))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not an encoded value ({exc})") from None
    except (RecursionError, UnicodeDecodeError, TypeError, KeyError, AttributeError, EOFError) as exc:
        raise ValueError(f"malformed encoded value ({type(exc).__name__})") from None


# The end of a zip's central directory: signature, disk numbers, entry counts, the directory's
# size and offset, the comment's length.
_END_OF_DIRECTORY = struct.Struct("<4sHHHHIIH")
# A central directory entry of `dumps` (46 bytes, a name such as "a9999.npy", numpy's zip64
# extra field) takes well under this.
DIRECTORY_BYTES_PER_MEMBER = 128


def _check_directory(data: bytes) -> None:
    """Refuse an archive whose central directory is larger than MAX_MEMBERS entries need, before
    zipfile makes an object of every entry (it reads as many as the directory's size holds,
    whatever count the archive claims: 47-byte entries cost the grader nine times their bytes)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - _END_OF_DIRECTORY.size - 0xFFFF))
    if end < 0 or len(data) - end < _END_OF_DIRECTORY.size:
        raise ValueError("not an encoded value (no zip directory)")
    directory_bytes = _END_OF_DIRECTORY.unpack_from(data, end)[5]
    if directory_bytes > MAX_MEMBERS * DIRECTORY_BYTES_PER_MEMBER:
        raise ValueError(f"a zip directory of {directory_bytes} bytes, more than "
                         f"{MAX_MEMBERS} arrays need")


# A zip member's local header: signature, versions, flags, method, time, date, CRC, sizes, and
# the lengths of the name and the extra field that follow it.
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")


def _check_members(data: bytes, members: list) -> None:
    """Refuse an archive whose members could cost more than its bytes when read: too many,
    compressed, or overlapping (a member's data holding the next members, Fifield's "better zip
    bomb": each is smaller than the message, all of them n times it)."""
    if len(members) > MAX_MEMBERS:
        raise ValueError(f"{len(members)} arrays, more than {MAX_MEMBERS}")
    spans = []
    for member in members:
        if member.compress_type != zipfile.ZIP_STORED or member.file_size != member.compress_size:
            raise ValueError(f"member {member.filename[:40]!r} is compressed")
        spans.append(_span(data, member))
    if sum(member.file_size for member in members) > len(data):
        raise ValueError("members larger together than the message")
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if start < end:
            raise ValueError("members that overlap")


def _span(data: bytes, member: zipfile.ZipInfo) -> tuple:
    """(start, end): the bytes of `data` that `member`'s local header and data take."""
    start = member.header_offset
    header = data[start:start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise ValueError(f"member {member.filename[:40]!r} has no header")
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    end = start + _LOCAL_HEADER.size + name_length + extra_length + member.compress_size
    if end > len(data):
        raise ValueError(f"member {member.filename[:40]!r} runs past the message")
    return start, end


def _read_array(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> np.ndarray:
    """The .npy array of `member`, its header checked before anything is allocated: no objects,
    at most MAX_ARRAY_ELEMENTS, and no more bytes than the member holds."""
    with archive.open(member) as file:
        version = np.lib.format.read_magic(file)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(file)
        elif version == (2, 0):
            shape, _, dtype = np.lib.format.read_array_header_2_0(file)
        else:
            raise ValueError(f"member {member.filename[:40]!r}: .npy version {version}")
    count = math.prod(shape)
    if dtype.hasobject or count > MAX_ARRAY_ELEMENTS or count * dtype.itemsize > member.file_size:
        raise ValueError(f"member {member.filename[:40]!r}: an array of shape {shape[:8]} and dtype "
                         f"{str(dtype)[:40]} that it cannot hold")
    with archive.open(member) as file:
        return np.lib.format.read_array(file, allow_pickle=False)


class _Arrays:
    """The arrays of an archive by the names its structure gives them ("a0" for a0.npy), each
    read when first named, then shared."""

    def __init__(self, archive: zipfile.ZipFile, members: dict) -> None:
        self.archive, self.members, self.read = archive, members, {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.read:
            member = self.members.get(f"{name}.npy") if isinstance(name, str) else None
            if member is None or name == "__tree__":
                raise KeyError(name)
            self.read[name] = _read_array(self.archive, member)
        return self.read[name]
