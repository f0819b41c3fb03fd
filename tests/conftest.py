"""Shared fixtures: the real models (loaded once per session) and real indexes on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The first seed article, as the repository ships it in seeds/: the tests read their own copy, so that a
#: newsroom's articles added to seeds/ do not change what they assert (a trial's 44 articles failed 26 tests).
SEEDS = FIXTURES / "seed"
NEWSROOM = FIXTURES / "newsroom"
EVAL = Path(__file__).resolve().parent / "eval"
SEED_ID = "000_fcec125009fbde04"
#: The NTREX-128 archive beside the checkout (../shared), which some tests read a few articles of.
NTREX = ROOT.parent / "shared" / "corpora" / "ntrex128"


def articles_answerer(tmp_path: Path, **articles: str):  # type: ignore[no-untyped-def]
    """An Answerer over a real index of these few articles, each a file name and its text (a small newsroom of a
    test's own)."""
    from bot.answer import Answerer
    from index import build_index
    from index.live import LiveIndex

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in articles.items():
        (seeds / name).write_text(text, encoding="utf-8")
    build_index(seeds, tmp_path / "index", encoders=("use", "e5"))
    return Answerer(LiveIndex(tmp_path / "index"))


def ntrex_answerer(tmp_path: Path, *article_ids: str):  # type: ignore[no-untyped-def]
    """An Answerer over a real index of these NTREX articles ("ntrex-en/…" from the English file, "ntrex-nl/…" from
    the Dutch one); skips the test where the archive is not beside the checkout."""
    import json

    from bot.answer import Answerer
    from index import build_index
    from index.live import LiveIndex

    lines = []
    for article_id in article_ids:
        path = NTREX / f"ntrex128-{article_id.split('/')[0].removeprefix('ntrex-')}.jsonl"
        if not path.exists():
            pytest.skip(f"{path} is not here")
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] == article_id]
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "ntrex.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_index(tmp_path / "seeds", tmp_path / "index", encoders=("use", "e5"))
    return Answerer(LiveIndex(tmp_path / "index"))


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own data directory or token."""
    for name in ("NEWSBOT_INDEX_DIR", "NEWSBOT_SEEDS_DIR", "NEWSBOT_MODEL", "TELEGRAM_BOT_TOKEN",
                 "TELEGRAM_API_BASE_URL", "NEWSBOT_ALLOWED_CHATS", "NEWSBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index over the seed article (:data:`SEEDS`), built once with the real models."""
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


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real file system of a given size (a tmpfs), for full-disk and read-only faults.

    ``small_disk("4m")`` mounts one and returns its path; ``small_disk.read_only(path)`` remounts it
    read-only, which stops root too (file modes do not). Skipped where mounting is not permitted.
    """
    import subprocess

    mounts: list[Path] = []

    class Disk:
        def __call__(self, size: str) -> Path:
            target = tmp_path / f"disk{len(mounts)}"
            target.mkdir()
            result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()})")
            mounts.append(target)
            return target

        def read_only(self, target: Path) -> None:
            subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)

        def read_only_bind(self, path: Path) -> None:
            """Make one file or folder read-only, even for root: bound onto itself, then remounted read-only."""
            result = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True, text=True)
            if result.returncode != 0:
                pytest.skip(f"cannot bind-mount a file here ({result.stderr.strip()})")
            mounts.append(path)
            subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)

    yield Disk()
    for target in reversed(mounts):
        subprocess.run(["umount", "-l", str(target)], check=False)
