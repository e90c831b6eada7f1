"""Write and read outcomes without pickle: JSON for structure, .npz for arrays.

Results come back from untrusted student code (the sandbox), so the parent
never unpickles them: `np.load(..., allow_pickle=False)` and `json` only.
"""
from __future__ import annotations

import io
import json
from typing import Any

import numpy as np

# Arrays larger than this are refused: a result this big is a bug or an attack.
MAX_ARRAY_ELEMENTS = 50_000_000


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


def _decode(value: Any, arrays: Any) -> Any:
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
            return tuple(_decode(v, arrays) for v in value["__tuple__"])
        if "__list__" in value:
            return [_decode(v, arrays) for v in value["__list__"]]
        if "__dict__" in value:
            return {_decode(k, arrays): _decode(v, arrays) for k, v in value["__dict__"]}
        if "__repr__" in value:
            return Unrepresentable(str(value["__repr__"]))
        raise ValueError(f"unknown encoded value {sorted(value)}")
    return value


def dumps(value: Any) -> bytes:
    """Encode `value` (numbers, strings, arrays, tuples, lists, dicts) to bytes."""
    encoder = _Encoder()
    tree = encoder.encode(value)
    buffer = io.BytesIO()
    np.savez(buffer, __tree__=np.frombuffer(json.dumps(tree).encode(), dtype=np.uint8),
             **encoder.arrays)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    """Decode bytes from `dumps`, never unpickling anything."""
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    tree = json.loads(arrays.pop("__tree__").tobytes().decode())
    return _decode(tree, arrays)
