"""The ranking model: a linear score over the candidate features plus a small hidden layer.

The linear part carries the readable evidence (e5, the article, the answer types, …; ``fusion.json``'s
``weights``). The hidden layer (a few tanh units, ``fusion.json``'s ``hidden``) adds how the signals
combine, which a sum cannot say: five-fold English top-1 59% → 62% on the archive sets, Dutch unchanged
(docs/retrieval.md). Both are plain numbers in JSON, read back without pickle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class HiddenLayer:
    """``tanh(features @ inputs + bias) @ outputs``; ``inputs`` is (features, units)."""

    inputs: np.ndarray
    bias: np.ndarray
    outputs: np.ndarray

    @classmethod
    def from_json(cls, data: Mapping, features: Sequence[str]) -> "HiddenLayer":
        """From ``{"inputs": {feature: [one weight per unit]}, "bias": [...], "outputs": [...]}``; a feature
        the file does not name (added later) gets zero weights."""
        units = len(data["bias"])
        inputs = np.array([data["inputs"].get(f, [0.0] * units) for f in features], dtype=np.float32)
        return cls(inputs, np.asarray(data["bias"], dtype=np.float32), np.asarray(data["outputs"], dtype=np.float32))

    def to_json(self, features: Sequence[str]) -> dict:
        return {"inputs": {f: [round(float(v), 5) for v in row] for f, row in zip(features, self.inputs)},
                "bias": [round(float(v), 5) for v in self.bias], "outputs": [round(float(v), 5) for v in self.outputs]}

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        return np.tanh(matrix @ self.inputs + self.bias) @ self.outputs

    def without(self, dropped: Sequence[int]) -> "HiddenLayer":
        """The layer with the features at ``dropped`` (column numbers) ignored."""
        inputs = self.inputs.copy()
        inputs[list(dropped)] = 0.0
        return HiddenLayer(inputs, self.bias, self.outputs)


def ranking_scores(matrix: np.ndarray, linear: np.ndarray, hidden: HiddenLayer | None) -> np.ndarray:
    """Each candidate's score: higher ranks first; comparable within one question only."""
    scores = matrix @ linear
    return scores if hidden is None else scores + hidden.scores(matrix)
