"""A persistent embedding cache, so unchanged text is never embedded twice.

Keyed by (encoder, model, sha256 of the text). It lives beside the published versions, survives
interrupted builds (each batch is committed), and stores raw bytes (float32 vectors, or a paragraph's
packed sentence vectors), never pickles.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path

import numpy as np


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (encoder TEXT NOT NULL, model TEXT NOT NULL, "
            "text_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (encoder, model, text_hash))"
        )

    def close(self) -> None:
        self._db.close()

    def get_many(self, encoder: str, model: str, hashes: Sequence[str], dimension: int | None = None) -> dict[str, np.ndarray]:
        """Cached vectors for those of ``hashes`` that have one (wrong-sized entries are ignored)."""
        found: dict[str, np.ndarray] = {}
        for digest, blob in self.get_blobs(encoder, model, hashes).items():
            vector = np.frombuffer(blob, dtype=np.float32)
            if dimension is None or vector.shape == (dimension,):
                found[digest] = vector
        return found

    def get_blobs(self, encoder: str, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
        """Cached bytes for those of ``hashes`` that have an entry."""
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE encoder=? AND model=? AND text_hash IN ({marks})",
                (encoder, model, *chunk),
            )
            found.update(rows)
        return found

    def put_many(self, encoder: str, model: str, items: Iterable[tuple[str, np.ndarray]],
                 *, blobs: Iterable[tuple[str, str, bytes]] = ()) -> None:
        """Store vectors, and ``(encoder, text hash, bytes)`` entries of the same model, in one transaction."""
        vectors = ((encoder, model, digest, np.asarray(v, dtype=np.float32).tobytes()) for digest, v in items)
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)",
                                 chain(vectors, ((name, model, digest, blob) for name, digest, blob in blobs)))
