"""An indexed article whose file is still there but cannot be read now keeps its indexed version.

An operator's drill: re-saving an article as Latin-1, a slip in its front matter, an emptied feed file or a folder
made unreadable each removed the published article at the next build, with a warning at most and exit status 0,
and readers were told "I could not find that". A file that is gone removes its article; one that is there but
unreadable is a problem to fix, not an instruction to unpublish."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from .articles import Article, Passage, ReadResult
from .errors import NewsbotError
from .store import PASSAGES_FILE, PassageStore

#: Added to the problem of a file whose indexed articles are kept.
KEPT = "its indexed version is kept: fix the file and build again"


def keep_unreadable(version_dir: Path | None, indexed: dict[str, str], read: ReadResult) -> list[str]:
    """Add to ``read`` the indexed articles (``indexed``: id → file) that gave no article now because their file, or
    a folder above it, could not be read, as the published version (``version_dir``) holds them; returns their ids.
    Each such problem says so."""
    read_ids = {article.id for article in read.articles}
    troubled = {problem.path for problem in read.problems if problem.fatal}  # files, and folders not listed
    unreadable: dict[str, list[str]] = {}  # file or folder → its indexed articles not read now
    for article_id, path in indexed.items():
        if article_id in read_ids:
            continue
        where = next((t for t in troubled if path == t or path.startswith(f"{t}/") or t == "."), None)
        if where is not None:
            unreadable.setdefault(where, []).append(article_id)
    if not unreadable or version_dir is None:
        return []
    try:
        store = PassageStore(version_dir / PASSAGES_FILE)
    except (NewsbotError, sqlite3.Error, OSError):
        return []
    try:
        kept = [_stored_article(store, article_id) for ids in unreadable.values() for article_id in ids]
    except sqlite3.Error:
        return []
    finally:
        store.close()
    read.articles.extend(kept)
    read.problems[:] = [replace(problem, message=f"{problem.message}; {_kept(len(unreadable[problem.path]))}")
                        if problem.fatal and problem.path in unreadable else problem for problem in read.problems]
    return [article.id for article in kept]


def _kept(articles: int) -> str:
    return KEPT if articles == 1 else f"the indexed versions of its {articles} articles are kept: fix it and build again"


def _stored_article(store: PassageStore, article_id: str) -> Article:
    """The article as the published version holds it (the same content hash, so nothing is embedded again)."""
    info = store.articles_by_id([article_id])[article_id]
    passages = sorted(store.passages(store.article_rows(article_id)).values(), key=lambda p: (p.paragraph, p.part))
    return Article(info.id, info.title, info.date, info.url, info.source, info.author, info.language, info.path,
                   tuple(Passage(p.id, p.article_id, p.paragraph, p.part, p.text, p.section) for p in passages))
