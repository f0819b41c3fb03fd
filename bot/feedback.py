"""Readers' ratings of answers (👍 / 👎), kept in SQLite, and their export as a question set.

A rating stores the question, the quoted passages (``ARTICLE#PARAGRAPH``, the labels of ``tests/eval``), the
index version, the rating and the time. It stores no user or chat id: only a keyed hash of the reader (the chat,
and in a group the member too; HMAC-SHA256 with a random key kept in a ``.key`` file beside the database), so
distinct raters can be counted and one reader's rating of one answer can be changed, without the database alone
telling who rated.

The export is the ``newsbot eval`` format: ``{"question", "language", "answers": [...], "wrong": [...]}``. A
passage of an answer rated 👍 is an answer; one rated 👎 is a known wrong answer (when readers disagree, the
majority decides).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
import sys
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from index.language import detect_language

logger = logging.getLogger(__name__)

FEEDBACK_FILE = "feedback.sqlite"
#: The key of the raters' HMAC beside its database: ``index-feedback.key``.
KEY_SUFFIX = ".key"
UP, DOWN = 1, -1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ratings (
    answer TEXT NOT NULL,          -- the answer's random key (one per answer sent)
    rater TEXT NOT NULL,           -- HMAC of the chat (and member) id under the .key file; never the ids
    question TEXT NOT NULL,
    passages TEXT NOT NULL,        -- JSON list of "ARTICLE#PARAGRAPH", in the order quoted
    index_version TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    rated_at TEXT NOT NULL,
    PRIMARY KEY (answer, rater)
);
"""


def feedback_path(index_dir: Path) -> Path:
    """The ratings live beside the index folder (a rebuilt or deleted index keeps them), named after it:
    ``data/index`` → ``data/index-feedback.sqlite``. Two indexes in one folder (``/srv/staging``,
    ``/srv/live``) keep theirs apart; before, they shared ``feedback.sqlite``, which ``data/index`` still reads
    where an older newsbot kept its ratings. ``--index-dir .`` is the folder by its own name (a developer's trial
    found "-feedback.sqlite" inside it, apart from the ratings given with the full path)."""
    index_dir = Path(os.path.abspath(index_dir))
    path = index_dir.parent / f"{index_dir.name}-{FEEDBACK_FILE}"
    shared = index_dir.parent / FEEDBACK_FILE
    return shared if index_dir.name == "index" and shared.exists() and not path.exists() else path


@dataclass(frozen=True)
class RatedAnswer:
    """What a rating refers to: the question as searched, the passages quoted, the index version."""

    question: str
    passages: tuple[str, ...]
    index_version: str


@dataclass(frozen=True)
class QuestionRatings:
    question: str
    up: int
    down: int


@dataclass(frozen=True)
class FeedbackSummary:
    ratings: int
    up: int
    down: int
    raters: int
    questions: int
    worst: list[QuestionRatings]


class FeedbackStore:
    """The ratings database; safe to share between the bot's threads."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """``read_only``: the ratings as they are, for reports and export; nothing is created or written (the
        folder may be read-only), and no rating can be added (there is no key)."""
        self.path = path
        self._lock = threading.Lock()
        if read_only:
            self._key = b""
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._db.execute("SELECT count(*) FROM ratings").fetchone()  # not a ratings database: sqlite3.Error now
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self._key = _load_key(path.with_suffix(KEY_SUFFIX))
        if not path.exists():  # readers' questions: the owner's to read, as the key is (a security review)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def rater(self, chat_id: int, user_id: int | None = None) -> str:
        """The keyed hash of a reader: the chat, and in a group the member (a private chat's is the chat's, as
        before members were told apart)."""
        reader = str(chat_id) if user_id in (None, chat_id) else f"{chat_id}/{user_id}"
        return hmac.new(self._key, reader.encode(), hashlib.sha256).hexdigest()[:32]

    def rate(self, answer_key: str, chat_id: int, answer: RatedAnswer, rating: int, *,
             user_id: int | None = None) -> bool:
        """Record (or change) a reader's rating of one answer; True if it replaced an earlier, different rating (the
        same one pressed again changes nothing: a trial's second 👍 was told "Rating changed."). In a group each
        member rates for themselves: a Telegram trial's three members were one rater, the last press counting. A
        reader's rating of another answer to the same question is replaced: one vote a reader a question."""
        if rating not in (UP, DOWN):
            raise ValueError(f"a rating is {UP} or {DOWN}, not {rating!r}")
        rater = self.rater(chat_id, user_id)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._lock, self._db:
            before = self._db.execute("SELECT rating FROM ratings WHERE answer=? AND rater=?",
                                      (answer_key, rater)).fetchone()
            changed = before is not None and before[0] != rating
            # One vote a reader a question: the latest. A security review's reader asked five times and voted 👎 on
            # each answer, outvoting another reader's 👍 and marking the right passage "wrong" in the export.
            self._db.execute("DELETE FROM ratings WHERE rater=? AND question=? AND answer<>?",
                             (rater, answer.question, answer_key))
            self._db.execute(
                "INSERT INTO ratings VALUES (?,?,?,?,?,?,?) ON CONFLICT (answer, rater) DO UPDATE SET "
                "rating=excluded.rating, rated_at=excluded.rated_at",
                (answer_key, rater, answer.question, json.dumps(list(answer.passages)), answer.index_version,
                 rating, now))
        return changed

    def summary(self, *, worst: int = 10) -> FeedbackSummary:
        with self._lock:
            total, up, raters, questions = self._db.execute(
                "SELECT count(*), coalesce(sum(rating = 1), 0), count(DISTINCT rater), count(DISTINCT question) "
                "FROM ratings").fetchone()
            rows = self._db.execute(
                "SELECT question, sum(rating = 1), sum(rating = -1) FROM ratings GROUP BY question "
                "HAVING sum(rating = -1) > 0 ORDER BY sum(rating) ASC, sum(rating = -1) DESC, question LIMIT ?",
                (worst,)).fetchall()
        return FeedbackSummary(total, up, total - up, raters, questions, [QuestionRatings(*r) for r in rows])

    def question_set(self) -> list[dict]:
        """The ratings as labelled questions: a passage's 👍 and 👎 votes decide whether it is an answer or a
        known wrong one; questions where no passage has a majority are left out. A 👍 counts for every quoted
        passage, a 👎 against the first only: the answer leads with it, and a later quote may be the right one."""
        votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        with self._lock:
            for question, passages, rating in self._db.execute(
                    "SELECT question, passages, rating FROM ratings ORDER BY rated_at, question"):
                for passage in json.loads(passages)[: None if rating > 0 else 1]:
                    votes[question][passage] += rating
        out = []
        for question, counts in votes.items():
            answers = [p for p, v in counts.items() if v > 0]
            wrong = [p for p, v in counts.items() if v < 0]
            if answers or wrong:
                out.append({"question": question, "language": detect_language(question), "answers": answers,
                            "wrong": wrong})
        return out

    def export(self, path: Path | None) -> int:
        """Write :meth:`question_set` as JSON Lines to ``path``, or to stdout when it is None; returns how many
        questions."""
        items = self.question_set()
        text = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
        if path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            path.write_text(text, encoding="utf-8")
        return len(items)


#: Bytes of the raters' HMAC key.
KEY_BYTES = 32


def _load_key(path: Path) -> bytes:
    """The HMAC key, made once per data directory, readable by its owner only. It is written whole or not at all
    (a temporary file linked into place): a full disk had left an empty key file, and ratings hashed under an
    empty key, which anyone can undo. An empty file is replaced; any other that is not a key is refused."""
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        return _new_key(path)
    if not text:
        logger.warning("the feedback key %s was empty (a full disk?); made a new one", path)
        path.unlink()
        return _new_key(path)
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise ValueError(f"{path} is not a feedback key; remove it to make a new one")
    return key


def _new_key(path: Path) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(key.hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)  # fails if another process made the key first: then that one is the key
    except FileExistsError:
        return _load_key(path)
    finally:
        temporary.unlink(missing_ok=True)
    return key


def passage_labels(quotes: Sequence) -> tuple[str, ...]:  # type: ignore[type-arg]
    """``ARTICLE#PARAGRAPH`` of each quoted passage, the labels ``newsbot eval`` reads."""
    return tuple(f"{q.article_id}#{q.paragraph}" for q in quotes)
