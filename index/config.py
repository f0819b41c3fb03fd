"""Where things live by default; every path can be moved by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path


def default_seeds_dir() -> Path:
    return Path(os.environ.get("NEWSBOT_SEEDS_DIR") or "seeds")


def default_index_dir() -> Path:
    """``NEWSBOT_INDEX_DIR``, else ``data/index`` (git-ignored) under the working directory."""
    return Path(os.environ.get("NEWSBOT_INDEX_DIR") or Path("data") / "index")


def default_st_model() -> str | None:
    """``NEWSBOT_MODEL``: a sentence-transformers model name or path; unset means the packaged MiniLM."""
    return os.environ.get("NEWSBOT_MODEL") or None
