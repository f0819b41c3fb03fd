"""Which sentences of a passage answer the question, so the answer can mark them."""

from __future__ import annotations

import numpy as np

from .encoders import Encoder
from .sentences import split_sentences

#: Sentences within this cosine of the best one are marked too (a quote often spans two).
HIGHLIGHT_MARGIN = 0.03


def answering_sentences(encoder: Encoder, question: str, text: str) -> list[tuple[int, int]]:
    """Character spans, in reading order, of the sentence(s) closest to ``question``."""
    spans = split_sentences(text)
    if len(spans) <= 1:
        return spans
    vectors = encoder.encode([question] + [text[s:e] for s, e in spans])
    similarity = vectors[1:] @ vectors[0]
    best = float(np.max(similarity))
    return [span for span, sim in zip(spans, similarity) if sim >= best - HIGHLIGHT_MARGIN]
