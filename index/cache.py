"""A persistent embedding cache, so unchanged text is never embedded twice.

Keyed by (encoder, model, sha256 of the text). It lives beside the published versions, survives
interrupted builds (each batch is committed), and stores raw bytes (float32 vectors, or a paragraph's
packed sentence vectors), never pickles.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (encoder TEXT NOT NULL, model TEXT NOT NULL, "
            "text_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (encoder, model, text_hash))"
        )
        db.execute("SELECT count(*) FROM (SELECT 1 FROM embeddings LIMIT 1)").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def _is_damaged(error: sqlite3.DatabaseError) -> bool:
    """"file is not a database" (not SQLite at all) or "database disk image is malformed"."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "not a database" in str(error) or "malformed" in str(error)
    return code & 0xFF in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


def _set_aside(path: Path) -> Path:
    """Rename a damaged cache (and its write-ahead log) out of the way; returns its new path."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.rename(aside.with_name(aside.name + suffix))
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    return aside


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = _open(path)
        except sqlite3.DatabaseError as error:
            if not _is_damaged(error):
                raise
            # Only a cache: set it aside (not deleted, in case someone wants to look) and start afresh.
            aside = _set_aside(path)
            logger.warning("the embedding cache %s is damaged (%s); moved it to %s and started a new one: what the "
                           "published index does not hold is embedded again, and a full build embeds everything",
                           path, error, aside.name)
            self._db = _open(path)

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
