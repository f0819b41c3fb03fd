"""Stand-in paragraph vectors in the embedding cache, for timing the answer path at sizes e5 cannot encode here.

e5 encodes ~17 paragraphs a second on these cores: 100k paragraphs take two hours. The answer path's cost
does not depend on what the paragraph vectors say, only on how many there are, so ``benchmarks.run
--stand-in-vectors`` fills the cache with random unit vectors (seeded by each text's hash, so a rerun
stores the same) before the build, which then takes them as cached. Questions are still encoded by the
real models; recall against exact search means nothing on such vectors.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from index.articles import read_seeds
from index.build import document_texts
from index.cache import EmbeddingCache, text_hash
from index.encoders import load_encoder, model_name
from index.sentence_vectors import CACHE_KEY as SENTENCES_CACHE_KEY
from index.sentence_vectors import pack
from index.sentences import split_sentences

BATCH = 2_000


def _vector(text: str, dimension: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    vector = np.random.default_rng(seed).standard_normal(dimension).astype(np.float32)
    return vector / np.linalg.norm(vector)


def fill_cache(seeds_dir: Path, cache_path: Path, encoders: tuple[str, ...]) -> int:
    """Store stand-in vectors for every text the build of ``seeds_dir`` would embed; returns how many."""
    articles = read_seeds(seeds_dir).articles
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache = EmbeddingCache(cache_path)
    stored = 0
    try:
        for key in encoders:
            dimension, model = load_encoder(key).dimension, model_name(key, None)
            texts = list(dict.fromkeys(document_texts(key, articles)))
            for start in range(0, len(texts), BATCH):
                batch = texts[start:start + BATCH]
                blobs = []
                if key == "use":  # the build stores each paragraph's sentence vectors with USE's
                    for text in batch:
                        spans = split_sentences(text)
                        sentences = [_vector(text[a:b], dimension) for a, b in spans] if len(spans) > 1 else []
                        blobs.append((SENTENCES_CACHE_KEY, text_hash(text),
                                      pack(np.array(sentences, dtype=np.float32).reshape(-1, dimension))))
                cache.put_many(key, model, ((text_hash(t), _vector(t, dimension)) for t in batch), blobs=blobs)
                stored += len(batch)
    finally:
        cache.close()
    return stored
