"""Shared fixtures: the real models (loaded once per session) and real indexes on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEWSROOM = FIXTURES / "newsroom"
EVAL = Path(__file__).resolve().parent / "eval"
SEED_ID = "000_fcec125009fbde04"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own data directory or token."""
    for name in ("NEWSBOT_INDEX_DIR", "NEWSBOT_SEEDS_DIR", "NEWSBOT_MODEL", "TELEGRAM_BOT_TOKEN",
                 "TELEGRAM_API_BASE_URL", "NEWSBOT_ALLOWED_CHATS", "NEWSBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index over the real seeds/ folder, built once with the real models."""
    from index import build_index

    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(SEEDS, index_dir, encoders=("use", "e5", "st"))
    return index_dir


@pytest.fixture(scope="session")
def newsroom_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index over the multi-article fixture (plain text, Markdown and JSON Lines)."""
    from index import build_index

    index_dir = tmp_path_factory.mktemp("newsroom-index")
    build_index(NEWSROOM, index_dir, encoders=("use", "e5", "st"))
    return index_dir


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the multi-article fixture, for tests that add, change or break articles."""
    target = tmp_path / "seeds"
    shutil.copytree(NEWSROOM, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


@pytest.fixture(scope="session")
def seed_answerer(seed_index: Path):  # type: ignore[no-untyped-def]
    from bot.answer import Answerer
    from index.live import LiveIndex

    return Answerer(LiveIndex(seed_index))
