"""Which sentences of a passage answer the question, so the answer can mark them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .encoders import Encoder
from .sentences import split_sentences

#: Sentences within this cosine of the best one are marked too (a quote often spans two).
HIGHLIGHT_MARGIN = 0.03


def answering_sentences(encoder: Encoder, query_vector: np.ndarray, texts: Sequence[str],
                        stored: Sequence[np.ndarray | None] | None = None) -> list[list[tuple[int, int]]]:
    """For each text, the character spans of the sentence(s) closest to the question.

    ``stored`` holds the build's sentence vectors per text (see :mod:`index.sentence_vectors`); texts
    without them have their sentences encoded now, all in one batch, as one call costs far less than
    one per text.
    """
    spans = [split_sentences(text) for text in texts]
    vectors: list[np.ndarray | None] = list(stored) if stored is not None else [None] * len(texts)
    for i, (text, text_spans) in enumerate(zip(texts, spans)):
        if vectors[i] is not None and len(vectors[i]) != len(text_spans):  # type: ignore[arg-type]
            vectors[i] = None  # stored by a build that split this text differently
    missing = [i for i, text_spans in enumerate(spans) if len(text_spans) > 1 and vectors[i] is None]
    sentences = [texts[i][s:e] for i in missing for s, e in spans[i]]
    if sentences:
        encoded, at = encoder.encode(sentences), 0
        for i in missing:
            vectors[i], at = encoded[at : at + len(spans[i])], at + len(spans[i])
    marked = []
    for text_spans, text_vectors in zip(spans, vectors):
        if len(text_spans) <= 1 or text_vectors is None:
            marked.append(text_spans)
            continue
        scores = text_vectors @ query_vector
        best = float(scores.max())
        marked.append([span for span, score in zip(text_spans, scores) if score >= best - HIGHLIGHT_MARGIN])
    return marked
