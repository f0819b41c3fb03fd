"""Articles and passages of one index version, in SQLite.

Passage ``row`` numbers are the row numbers of every FAISS index in the same version, so a search
result maps back to its verbatim text with one primary-key lookup. An incremental build appends the
passages of new and changed articles as new rows and *retires* the rows of the passages they replace:
a retired row keeps its place in the vector indexes (an HNSW graph cannot drop a vector) but has no
passage, and searches skip it. A full build, run once retired rows grow too many, renumbers from 0.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .answer_types import answer_type_bits
from .articles import Article, Passage
from .bylines import by_person
from .quotes import SpeakerNames, StoredQuote, fold_name, quote_rows
from .sentence_vectors import unpack as unpack_sentences

PASSAGES_FILE = "paragraphs.sqlite"
#: Rows hold a paragraph and its sentence vectors (~2 KB); 16 KB pages waste less around them than 4 KB ones.
PAGE_SIZE = 16384
#: How much of a store SQLite may map for reading (all of it, up to a few million paragraphs).
MMAP_BYTES = 2**33

_SCHEMA = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, url TEXT, source TEXT, author TEXT,
    language TEXT NOT NULL, path TEXT NOT NULL, content_hash TEXT NOT NULL, paragraphs INTEGER NOT NULL
);
CREATE TABLE passages (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, article_id TEXT NOT NULL REFERENCES articles(id),
    paragraph INTEGER NOT NULL, part INTEGER NOT NULL, section TEXT, text TEXT NOT NULL,
    sentences BLOB,  -- its sentences' vectors (index.sentence_vectors.pack), for marking the answering one
    answer_types INTEGER NOT NULL  -- index.answer_types.answer_type_bits of its text
);
CREATE TABLE retired (row INTEGER PRIMARY KEY);
CREATE TABLE article_names (article_id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (article_id, name));
CREATE TABLE entities (row INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- each paragraph's quotations (character spans, marks included) and their speakers (index.quotes)
CREATE TABLE quotes (row INTEGER NOT NULL, article_id TEXT NOT NULL, start_char INTEGER NOT NULL,
                     end_char INTEGER NOT NULL, speaker TEXT);
CREATE INDEX quotes_row ON quotes(row);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX passages_article ON passages(article_id, paragraph, part);
CREATE INDEX articles_date ON articles(date);
"""


@dataclass(frozen=True)
class ArticleInfo:
    """An article's metadata as stored in an index version."""

    id: str
    title: str
    date: str | None
    url: str | None
    source: str | None
    author: str | None
    language: str
    path: str
    content_hash: str
    paragraphs: int


@dataclass(frozen=True)
class StoredPassage:
    row: int
    id: str
    article_id: str
    paragraph: int
    part: int
    section: str | None
    text: str
    sentences: bytes | None = None
    #: Whether its paragraph was too long and split in parts: its first part is cited as "part 1" too.
    split: bool = False

    def sentence_vectors(self, dimension: int) -> np.ndarray | None:
        """The build's vectors of this passage's sentences; None when it has one sentence or none were stored."""
        return unpack_sentences(self.sentences, dimension)


@dataclass(frozen=True)
class RowLayout:
    """Per row of a version: its article's number (-1: retired), paragraph number (0: retired) and
    :func:`~index.answer_types.answer_type_bits`; per article number: its id and language."""

    owners: np.ndarray
    article_ids: np.ndarray
    languages: np.ndarray
    paragraphs: np.ndarray
    answer_types: np.ndarray


#: Columns in the order of the dataclasses' fields: rows are built positionally, which is several times
#: faster than through sqlite3.Row and dicts (a search reads ~20 passages and ~10 articles per question).
#: What may come right before a word that starts a sentence or a quotation, where any word is capitalised.
_SENTENCE_OPENERS = ".!?:;‘’“”\"'(—–-"


def _glob_escape(text: str) -> str:
    """``text`` matched literally by SQLite's GLOB (its wildcards in brackets)."""
    return re.sub(r"([*?\[])", r"[\1]", text)


_PASSAGE_COLUMNS = ", ".join(f"p.{f.name}" for f in fields(StoredPassage) if f.name != "split") + (
    ", EXISTS (SELECT 1 FROM passages q WHERE q.article_id = p.article_id AND q.paragraph = p.paragraph AND q.part = 1)")
_ARTICLE_COLUMNS = ", ".join(f.name for f in fields(ArticleInfo))


def write_store(path: Path, articles: Sequence[Article], names: dict[str, list[str]],
                *, sentences: Sequence[bytes] | None = None) -> list[Passage]:
    """Write a new store: articles, their passages from row 0 (with ``sentences``, each passage's packed
    sentence vectors, when given), and each article's names. Returns the passages in row order.
    """
    db = _open_for_build(path)
    try:
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")
        db.executescript(_SCHEMA)
        with db:
            return _insert_articles(db, articles, names, first_row=0, sentences=sentences)
    finally:
        db.close()


def update_store(path: Path, gone: Iterable[str], articles: Sequence[Article], names: dict[str, list[str]],
                 *, first_row: int, sentences: Sequence[bytes] | None = None) -> list[Passage]:
    """Change a copy of the previous store in place: retire the rows of ``gone`` articles, then append
    ``articles`` (new and changed ones) from ``first_row``. Returns the appended passages in row order."""
    db = _open_for_build(path)
    try:
        with db:
            ids = [(article_id,) for article_id in gone]
            db.executemany("INSERT INTO retired SELECT row FROM passages WHERE article_id=?", ids)
            for table, column in (("passages", "article_id"), ("article_names", "article_id"), ("quotes", "article_id"),
                                  ("articles", "id")):
                db.executemany(f"DELETE FROM {table} WHERE {column}=?", ids)
            return _insert_articles(db, articles, names, first_row=first_row, sentences=sentences)
    finally:
        db.close()


def write_entities(path: Path, entities: Sequence[str]) -> None:
    """Record the names in the order of the entity vector index's rows."""
    db = _open_for_build(path)
    try:
        with db:
            db.execute("DELETE FROM entities")
            db.executemany("INSERT INTO entities VALUES (?, ?)", enumerate(entities))
    finally:
        db.close()


def _open_for_build(path: Path) -> sqlite3.Connection:
    """A connection for writing a version being built, without a disk flush per commit.

    The version stays hidden until it is complete and published with a flushed rename, and its
    checksums are verified whenever it is loaded; flushing a freshly copied 250 MB store at each
    commit cost an incremental build at 100,000 paragraphs ~0.4 s.
    """
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    return db


def _insert_articles(db: sqlite3.Connection, articles: Sequence[Article], names: dict[str, list[str]],
                     *, first_row: int, sentences: Sequence[bytes] | None) -> list[Passage]:
    db.executemany(
        "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
        ((a.id, a.title, a.date, a.url, a.source, a.author, a.language, a.path, a.content_hash,
          max(p.paragraph for p in a.passages)) for a in articles),
    )
    rows = [p for article in articles for p in article.passages]
    packed = sentences if sentences is not None else [None] * len(rows)
    db.executemany(
        "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?)",
        ((first_row + i, p.id, p.article_id, p.paragraph, p.part, p.section, p.text, blob or None,
          answer_type_bits(p.text))
         for i, (p, blob) in enumerate(zip(rows, packed, strict=True))),
    )
    db.executemany("INSERT INTO article_names VALUES (?, ?)",
                   ((a.id, name) for a in articles for name in names.get(a.id, ())))
    db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?)", quote_rows(articles, first_row))
    return rows


class PassageStore:
    """Read-only access to one version's articles and passages."""

    def __init__(self, path: Path) -> None:
        # Opened read-only; check_same_thread=False because searches run in worker threads and
        # sqlite3 serialises access to one connection itself.
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        # Pages read through a memory map, not a read() each: a question's reads ~0.1 ms faster.
        self._db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        self._db.create_function("by_person", 2, by_person, deterministic=True)

    def close(self) -> None:
        self._db.close()

    def passages(self, rows: Iterable[int]) -> dict[int, StoredPassage]:
        rows = [int(r) for r in rows]
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        found = self._db.execute(f"SELECT {_PASSAGE_COLUMNS} FROM passages p WHERE p.row IN ({marks})", rows)
        return {r[0]: StoredPassage(*r[:-1], split=bool(r[-1])) for r in found}

    def titles(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT title FROM articles")]

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, ArticleInfo]:
        """The articles with these ids, in one query (a search reads a handful per question)."""
        ids = list(ids)
        found = self._db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({','.join('?' * len(ids))})",
                                 ids)
        return {r[0]: ArticleInfo(*r) for r in found}

    def articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleInfo]:
        """Articles newest first (undated last), then by title."""
        query = f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY date IS NULL, date DESC, title"
        params: tuple = ()
        if limit is not None:
            query += " LIMIT ? OFFSET ?"
            params = (limit, offset)
        return [ArticleInfo(*r) for r in self._db.execute(query, params)]

    def passages_per_article(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT article_id, count(*) FROM passages GROUP BY article_id").fetchall())

    def content_hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT id, content_hash FROM articles").fetchall())

    def entities(self) -> list[str]:
        """Names in the order of the entity vector index."""
        return [r[0] for r in self._db.execute("SELECT name FROM entities ORDER BY row")]

    def names_alone(self, name: str) -> bool:
        """Whether some paragraph writes ``name`` as a name on its own: mid-sentence, with no capitalised word
        right before or after it ("zei Trump", not "Instagram Live"). Reads the paragraphs that hold it."""
        return self.written_alone(name)[1] > 0

    def writes(self, phrase: str) -> bool:
        """Whether some paragraph or title holds ``phrase`` exactly as given, capitals included ("Still Game")."""
        pattern = f"*{_glob_escape(phrase)}*"
        return self._db.execute("SELECT 1 FROM passages WHERE text GLOB ? AND row NOT IN (SELECT row FROM retired) "
                                "UNION ALL SELECT 1 FROM articles WHERE title GLOB ? LIMIT 1",
                                (pattern, pattern)).fetchone() is not None

    def written_alone(self, name: str) -> tuple[int, int]:
        """How many paragraphs write ``name`` as written (capitalised), and how many of them as a name on its
        own (:meth:`names_alone`)."""
        word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        holding = alone = 0
        for (text,) in self._db.execute("SELECT text FROM passages WHERE text GLOB ? "
                                        "AND row NOT IN (SELECT row FROM retired)", (f"*{_glob_escape(name)}*",)):
            matches = list(word.finditer(text))
            holding += bool(matches)
            for match in matches:
                before, after = text[:match.start()].rstrip(), text[match.end():].lstrip()
                if not before or before[-1] in _SENTENCE_OPENERS:
                    continue  # a sentence or a quotation starts with it
                if before.split()[-1][:1].isupper() or after[:1].isupper():
                    continue
                alone += 1
                break
        return holding, alone

    def names(self) -> list[str]:
        """Every name the articles mention, sorted."""
        return [r[0] for r in self._db.execute("SELECT DISTINCT name FROM article_names ORDER BY name")]

    def articles_naming(self, name: str) -> set[str]:
        """The ids of the articles that mention any word of ``name``, in any spelling (as speakers are found)."""
        names, articles = self._names_by_spelling
        return {article for word in fold_name(name).split() for i in names.positions(word) for article in articles[i]}

    def articles_naming_as(self, word: str) -> set[str]:
        """The ids of the articles that write the name ``word`` in this spelling (folded: case and accents aside)."""
        return self._articles_by_folded_name.get(fold_name(word), set())

    @cached_property
    def _articles_by_folded_name(self) -> dict[str, set[str]]:
        """Each folded word of the articles' names, with the articles that write it (read once)."""
        by_word: dict[str, set[str]] = {}
        names, articles_of = self._names_by_spelling
        for name, articles in zip(names.speakers, articles_of):
            for word in fold_name(name).split():
                by_word.setdefault(word, set()).update(articles)
        return by_word

    def names_spelled_like(self, name: str) -> list[str]:
        """The articles' names that are ``name`` in another spelling (:func:`index.quotes.same_person`)."""
        return self._names_by_spelling[0].matching(name)

    @cached_property
    def _names_by_spelling(self) -> tuple[SpeakerNames, list[list[str]]]:
        """The articles' names, to be found in any spelling, and each name's articles (read once)."""
        by_name: dict[str, list[str]] = {}
        for article_id, name in self._db.execute("SELECT article_id, name FROM article_names ORDER BY name"):
            by_name.setdefault(name, []).append(article_id)
        return SpeakerNames(by_name), list(by_name.values())

    @cached_property
    def speaker_names(self) -> SpeakerNames:
        """Every speaker, ready to be found by name in any spelling (read once: a version never changes)."""
        return SpeakerNames(self.speakers())

    def speakers(self) -> list[str]:
        """Everyone a quotation is attributed to, sorted."""
        return [r[0] for r in self._db.execute("SELECT DISTINCT speaker FROM quotes WHERE speaker IS NOT NULL "
                                               "ORDER BY speaker")]

    def quotes(self, *, rows: Sequence[int] | None = None, speakers: Sequence[str] | None = None) -> list[StoredQuote]:
        """Quotations in these rows, or of these speakers, in row order."""
        clauses, params = [], []
        for column, values in (("row", rows), ("speaker", speakers)):
            if values is not None:
                clauses.append(f"{column} IN ({','.join('?' * len(values))})")
                params += list(values)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        found = self._db.execute(f"SELECT row, article_id, start_char, end_char, speaker FROM quotes{where} "
                                 "ORDER BY row, start_char", params)
        return [StoredQuote(*r) for r in found]

    def retired_rows(self) -> np.ndarray:
        """Rows that an incremental build retired: in the vector indexes, but without a passage."""
        return np.array([r[0] for r in self._db.execute("SELECT row FROM retired ORDER BY row")], dtype=np.int64)

    def row_layout(self, rows: int) -> RowLayout:
        """Each row's article, paragraph number and answer types, read once per version: the ranking compares
        a paragraph with the rest of its article and reads no candidate's text."""
        owners = np.full(rows, -1, dtype=np.int32)
        paragraphs = np.zeros(rows, dtype=np.int32)
        answer_types = np.zeros(rows, dtype=np.uint8)
        numbers: dict[str, int] = {}
        languages: list[str] = []
        found = self._db.execute("SELECT p.row, p.article_id, a.language, p.paragraph, p.answer_types FROM passages p "
                                 "JOIN articles a ON a.id = p.article_id").fetchall()
        if found:
            at = np.array([r[0] for r in found], dtype=np.int64)
            for _, article, language, _, _ in found:
                if article not in numbers:
                    numbers[article] = len(numbers)
                    languages.append(language)
            owners[at] = [numbers[r[1]] for r in found]
            paragraphs[at] = [r[3] for r in found]
            answer_types[at] = [r[4] for r in found]
        return RowLayout(owners, np.array(list(numbers), dtype=object), np.array(languages, dtype=str), paragraphs,
                         answer_types)

    def texts(self) -> Iterator[tuple[int, str]]:
        """``(row, text)`` of every passage in row order."""
        yield from self._db.execute("SELECT row, text FROM passages ORDER BY row")

    def article_rows(self, article_id: str) -> list[int]:
        return [r[0] for r in self._db.execute("SELECT row FROM passages WHERE article_id=?", (article_id,))]

    def rows_with_text(self, phrase: str) -> list[int]:
        """Rows whose text holds ``phrase`` in any case, its apostrophes and quotation marks as any character
        ("don't" for "don’t"). Reads every paragraph: for the few questions that repeat a quotation."""
        pattern = re.sub(r"[%_\\]", lambda m: "\\" + m.group(), " ".join(phrase.split()))
        pattern = re.sub(r"['’‘\"“”]", "_", pattern)
        return [r[0] for r in self._db.execute("SELECT row FROM passages WHERE text LIKE ? ESCAPE '\\'",
                                               (f"%{pattern}%",))]

    def first_rows_naming(self, name: str, *, limit: int = 50) -> list[int]:
        """The first paragraph of each article that names ``name`` as written, whole ("Janet Price"): where the
        article introduces them. Only articles naming every word of it are read, at most ``limit``."""
        whole = re.compile(rf"(?<![\w-]){re.escape(' '.join(name.split()))}(?![\w-])")
        words = [w for w in name.split() if w[:1].isupper()] or name.split()
        naming = set.intersection(*(self.articles_naming(word) for word in words))
        rows = []
        for article_id in sorted(naming)[:limit]:
            found = self._db.execute("SELECT row, text FROM passages WHERE article_id = ? ORDER BY paragraph, part",
                                     (article_id,))
            rows.extend(next(([row] for row, text in found if whole.search(text)), []))
        return rows

    def author_rows(self, author: str) -> list[int]:
        """Rows of the articles whose byline names the person ``author``, alone or with others."""
        return [r[0] for r in self._db.execute(
            "SELECT p.row FROM passages p JOIN articles a ON a.id = p.article_id WHERE by_person(a.author, ?)",
            (author,))]

    def authors(self) -> list[str]:
        """Every byline of the articles, as written."""
        return [r[0] for r in self._db.execute("SELECT DISTINCT author FROM articles WHERE author IS NOT NULL")]

    def rows_in_dates(self, since: str | None, until: str | None, *, undated: bool = False) -> list[int]:
        """Rows of articles dated within [since, until], each date compared with each bound at the coarser of
        their precisions: an article dated 2021-11 is inside both ``since 2021-11-02`` and ``until 2021-11-15``
        (it may be from any day of that month), and one dated 2021-11-20 is inside ``until 2021-11``.
        ``undated``: articles without a date too."""
        clauses, params = _date_clauses(since, until)
        condition = " AND ".join(clauses)
        if undated:
            condition = f"a.date IS NULL OR ({condition})"
        query = f"SELECT p.row FROM passages p JOIN articles a ON a.id = p.article_id WHERE {condition}"
        return [r[0] for r in self._db.execute(query, params)]

    def newest_leads(self, *, since: str | None = None, until: str | None = None, article: str | None = None,
                     author: str | None = None, limit: int) -> list[int]:
        """The first passage's row of each of the ``limit`` newest dated articles, within the dates as
        :meth:`rows_in_dates` compares them: what "what's new?" asks for. An undated article is not new, but it
        is one of an ``author``'s articles (after the dated ones)."""
        clauses, params = _date_clauses(since, until) if since or until or not author else ([], [])
        if article:
            clauses.append("a.id = ?")
            params.append(article)
        if author:
            clauses.append("by_person(a.author, ?)")
            params.append(author)
        # The newest articles first, then each one's first passage (by the passages_article index): only
        # ``limit`` articles' passages are read, however large the archive.
        # A correction notice above the story is no lead (an editor's trial: "Correction, 13 March: …" was quoted as
        # the article's first paragraph); the paragraph after it is.
        notice = " OR ".join("p.text LIKE ?" for _ in NOTICE_PREFIXES)
        query = (f"SELECT (SELECT p.row FROM passages p WHERE p.article_id = a.id ORDER BY p.paragraph <= 1 AND "
                 f"({notice}), p.paragraph, p.part LIMIT 1) FROM articles a WHERE {' AND '.join(clauses)} "
                 f"ORDER BY a.date DESC, a.title LIMIT ?")
        notices = [f"{prefix}%" for prefix in NOTICE_PREFIXES]
        return [r[0] for r in self._db.execute(query, [*notices, *params, limit]) if r[0] is not None]

    def undated_count(self) -> int:
        """Articles without a date, which a period's search leaves out: a refusal says how many."""
        return self._db.execute("SELECT count(*) FROM articles WHERE date IS NULL").fetchone()[0]

    def count(self) -> tuple[int, int]:
        articles = self._db.execute("SELECT count(*) FROM articles").fetchone()[0]
        passages = self._db.execute("SELECT count(*) FROM passages").fetchone()[0]
        return articles, passages


#: How a notice above an article starts: a correction, an update, an editor's note (English and Dutch).
NOTICE_PREFIXES = ("Correction:", "Correction,", "Correctie:", "Correctie,", "Rectificatie", "Update:",
                   "Clarification:", "Editor's note", "Editor’s note", "Noot van de redactie", "Naschrift:")


def _date_clauses(since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``a.date`` for :meth:`PassageStore.rows_in_dates`, each bound compared at the coarser of
    the two precisions."""
    clauses: list[str] = ["a.date IS NOT NULL"]
    params: list[Any] = []
    for bound, operator in ((since, ">="), (until, "<=")):
        if bound:
            clauses.append(f"substr(a.date, 1, min(length(a.date), ?)) {operator} substr(?, 1, length(a.date))")
            params += [len(bound), bound]
    return clauses, params
