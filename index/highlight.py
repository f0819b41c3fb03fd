"""Which sentences of a passage answer the question, so the answer can mark them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .encoders import Encoder
from .sentences import split_sentences

#: Sentences within this cosine of the best one are marked too (a quote often spans two).
HIGHLIGHT_MARGIN = 0.03


def answering_sentences(encoder: Encoder, query_vector: np.ndarray,
                        texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """For each text, the character spans of the sentence(s) closest to the question.

    All sentences of all texts go to the encoder in one batch: one call costs far less than one per text.
    """
    spans = [split_sentences(text) for text in texts]
    sentences = [text[s:e] for text, text_spans in zip(texts, spans) for s, e in text_spans if len(text_spans) > 1]
    similarity = encoder.encode(sentences) @ query_vector if sentences else np.zeros(0)
    marked, at = [], 0
    for text_spans in spans:
        if len(text_spans) <= 1:
            marked.append(text_spans)
            continue
        scores = similarity[at : at + len(text_spans)]
        at += len(text_spans)
        best = float(scores.max())
        marked.append([span for span, score in zip(text_spans, scores) if score >= best - HIGHLIGHT_MARGIN])
    return marked
