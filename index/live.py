"""The published index, reloaded when a build publishes a new version, without a restart.

Each search takes the current :class:`Retriever` once and uses it to the end, so a question in
flight finishes on the version it started with while the next one gets the new version. The old
version's files stay readable (a build keeps the previous version, and open files outlive deletion).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .encoders import Encoder, load_encoder
from .errors import IndexCorruptError, NewsbotError
from .manifest import CURRENT_FILE
from .search import FusionConfig, Retriever
from .version import load_version, newest_intact_version

logger = logging.getLogger(__name__)


class LiveIndex:
    def __init__(self, index_dir: Path, *, config: FusionConfig | None = None, st_model: str | None = None) -> None:
        self.index_dir = index_dir
        self.config = config or FusionConfig()
        self._st_model = st_model
        self._lock = threading.Lock()
        self._retriever: Retriever | None = None
        self._stamp: tuple[int, str] | None = None
        self._failed_stamp: tuple[int, str] | None = None
        self._encoders: dict[str, Encoder] = {}

    def current(self) -> Retriever:
        """The retriever of the published version, loading it first if a build has switched ``CURRENT``."""
        retriever = self._retriever
        if retriever is not None and self._current_stamp() in (self._stamp, self._failed_stamp):
            return retriever
        with self._lock:
            stamp = self._current_stamp()
            if self._retriever is None:
                self._load()
            elif stamp != self._stamp and stamp != self._failed_stamp:
                try:
                    self._load()
                except NewsbotError as error:
                    # Keep answering from the version we have; try again when CURRENT changes.
                    logger.error("could not switch to the new index version, still serving %s: %s",
                                 self._retriever.version.name, error)
                    self._failed_stamp = stamp
            assert self._retriever is not None
            return self._retriever

    def reload(self) -> Retriever:
        """Load the published version now, even if ``CURRENT`` looks unchanged."""
        with self._lock:
            self._load()
            assert self._retriever is not None
            return self._retriever

    def _load(self) -> None:
        stamp = self._current_stamp()
        try:
            version = load_version(self.index_dir)
        except IndexCorruptError as error:
            if self._retriever is not None:
                raise
            version = newest_intact_version(self.index_dir, error)
            logger.warning("%s; answering from the newest version that is whole, %s, until then", error, version.name)
        for key in {"use", *self.config.encoders()}:
            if key not in self._encoders:
                self._encoders[key] = load_encoder(key, self._st_model)
        previous = self._retriever.version.name if self._retriever else None
        self._retriever = Retriever(version, self._encoders, self.config)
        self._stamp = stamp
        if previous and previous != version.name:
            logger.info("switched from index version %s to %s", previous, version.name)

    def _current_stamp(self) -> tuple[int, str] | None:
        path = self.index_dir / CURRENT_FILE
        try:
            return path.stat().st_mtime_ns, path.read_text(errors="replace").strip()
        except OSError:
            return None
