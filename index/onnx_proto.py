"""The few ONNX protobuf messages a graph needs, written as bytes for onnxruntime.

The ``onnx`` package builds the same messages, but importing it takes ~1 s (the whole protobuf schema and
its tools), which a bot's start would pay on every launch for a graph it builds once. A model is only
nodes, tensors and typed inputs and outputs: a graph here is those, in protobuf's wire format (fields as
in onnx.proto), and onnxruntime checks it when it loads.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence

import numpy as np

#: ONNX's IR version 9 (opset 20), which onnxruntime 1.16 and later read.
IR_VERSION = 9
_ELEMENT_TYPES = {np.dtype(np.float32): 1, np.dtype(np.uint8): 2, np.dtype(np.int8): 3,
                  np.dtype(np.int64): 7, np.dtype(np.float16): 10}
FLOAT = _ELEMENT_TYPES[np.dtype(np.float32)]


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64s as two's complement, as protobuf writes them
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _number(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _message(field: int, payload: bytes | str) -> bytes:
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def tensor(name: str, array: np.ndarray) -> bytes:
    """An initializer: a named constant tensor with its values as raw little-endian bytes."""
    array = np.ascontiguousarray(array)
    dims = b"".join(_number(1, d) for d in array.shape)
    return dims + _number(2, _ELEMENT_TYPES[array.dtype]) + _message(8, name) + _message(9, array.tobytes())


def _attribute(name: str, value: int | float | Sequence[int]) -> bytes:
    if isinstance(value, float):
        return _message(1, name) + _varint(2 << 3 | 5) + struct.pack("<f", value) + _number(20, 1)
    if isinstance(value, int):
        return _message(1, name) + _number(3, value) + _number(20, 2)
    return _message(1, name) + b"".join(_number(8, v) for v in value) + _number(20, 7)


def node(op: str, inputs: Sequence[str], outputs: Sequence[str], *, domain: str = "",
         **attributes: int | float | Sequence[int]) -> bytes:
    """One operator: its inputs and outputs by name, attributes as ints, floats or lists of ints."""
    out = b"".join(_message(1, name) for name in inputs) + b"".join(_message(2, name) for name in outputs)
    out += _message(3, outputs[0]) + _message(4, op)
    out += b"".join(_message(5, _attribute(key, value)) for key, value in attributes.items())
    return out + (_message(7, domain) if domain else b"")


def value(name: str, element_type: int, shape: Sequence[int | str]) -> bytes:
    """A graph input or output: its name, element type and shape (a str for a dimension that varies)."""
    dims = b"".join(_message(1, _message(2, d) if isinstance(d, str) else _number(1, d)) for d in shape)
    tensor_type = _number(1, element_type) + _message(2, dims)
    return _message(1, name) + _message(2, _message(1, tensor_type))


def model(nodes: Iterable[bytes], initializers: Iterable[bytes], inputs: Iterable[bytes],
          outputs: Iterable[bytes], opsets: dict[str, int]) -> bytes:
    """A serialized ModelProto, ready for ``onnxruntime.InferenceSession``."""
    graph = (b"".join(_message(1, n) for n in nodes) + _message(2, "graph")
             + b"".join(_message(5, t) for t in initializers)
             + b"".join(_message(11, v) for v in inputs) + b"".join(_message(12, v) for v in outputs))
    imports = b"".join(_message(8, (_message(1, domain) if domain else b"") + _number(2, version))
                       for domain, version in opsets.items())
    return _number(1, IR_VERSION) + _message(2, "newsbot") + _message(7, graph) + imports
