"""Where things live by default; every path can be moved by an environment variable."""

from __future__ import annotations

import os
import shlex
from pathlib import Path


def default_seeds_dir() -> Path:
    return Path(os.environ.get("NEWSBOT_SEEDS_DIR") or "seeds")


def default_index_dir() -> Path:
    """``NEWSBOT_INDEX_DIR``, else ``data/index`` (git-ignored) under the working directory."""
    return Path(os.environ.get("NEWSBOT_INDEX_DIR") or Path("data") / "index")


def default_st_model() -> str | None:
    """``NEWSBOT_MODEL``: a sentence-transformers model name or path; unset means the packaged MiniLM."""
    return os.environ.get("NEWSBOT_MODEL") or None


def shown_path(path: Path) -> str:
    """``path`` for a message: a relative one with the folder it is relative to, as the defaults are the working
    directory's (a journalist who ran ``newsbot ask`` elsewhere was told "no index in data/index" and to build one)."""
    return str(path) if path.is_absolute() else f"{path} (under {Path.cwd()})"


def command(words: str, index_dir: Path | None = None, *options: str) -> str:
    """A newsbot command line as it must be typed for ``index_dir``: with ``--index-dir`` unless that is the
    default one, so a hint about a custom index never points at the default index instead."""
    parts = ["newsbot", *words.split(), *options]
    if index_dir is not None and Path(index_dir).resolve() != default_index_dir().resolve():
        parts += ["--index-dir", shlex.quote(str(index_dir))]
    return " ".join(parts)


def build_command(index_dir: Path | None = None, *options: str) -> str:
    """``newsbot index build`` for ``index_dir`` (see :func:`command`)."""
    return command("index build", index_dir, *options)
