"""The newsroom index: articles in, verbatim passages out.

``bot`` uses this package through the names below only.
"""

from __future__ import annotations

from pathlib import Path

from . import threads  # noqa: F401 - first: it configures thread pools before numpy and faiss load
from .build import BuildSummary, build_index
from .encoders import load_encoder
from .errors import IndexCorruptError, IndexIncompatibleError, IndexMissingError, IndexOutdatedError, NewsbotError
from .search import CONFIGURATIONS, Filters, FusionConfig, Hit, Retriever, SearchResult
from .version import IndexVersion, load_version

__all__ = [
    "BuildSummary", "CONFIGURATIONS", "Filters", "FusionConfig", "Hit", "IndexCorruptError",
    "IndexIncompatibleError", "IndexMissingError", "IndexOutdatedError", "IndexVersion", "NewsbotError", "Retriever",
    "SearchResult", "build_index", "load_version", "open_retriever",
]


def open_retriever(index_dir: Path, *, config: FusionConfig | None = None, st_model: str | None = None,
                   verify: bool = True) -> Retriever:
    """Load the published index and the encoders its search needs (each model once per process)."""
    config = config or FusionConfig()
    version = load_version(index_dir, verify=verify)
    keys = {"use", *config.encoders()}
    encoders = {key: load_encoder(key, st_model) for key in keys}
    return Retriever(version, encoders, config)
