"""BM25 over passages with bm25s, each passage stemmed in its article's language.

Questions are stemmed with every language present in the corpus, because a short question's
language is a guess and a name such as "Loekasjenko" must match whatever stemmer the article used.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s import stopwords as bm25s_stopwords

logger = logging.getLogger(__name__)

_STEMMERS = {"nl": "dutch", "en": "english", "de": "german", "fr": "french", "es": "spanish",
             "it": "italian", "pt": "portuguese"}
STOPWORDS = {"nl": bm25s_stopwords.STOPWORDS_DUTCH, "en": bm25s_stopwords.STOPWORDS_EN,
              "de": bm25s_stopwords.STOPWORDS_GERMAN, "fr": bm25s_stopwords.STOPWORDS_FRENCH,
              "es": bm25s_stopwords.STOPWORDS_SPANISH, "it": bm25s_stopwords.STOPWORDS_ITALIAN,
              "pt": bm25s_stopwords.STOPWORDS_PORTUGUESE}
_WORD = re.compile(r"\w+", re.UNICODE)
LANGUAGES_FILE = "languages.json"
ROWS_FILE = "rows.npy"


@lru_cache(maxsize=None)
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    name = _STEMMERS.get(language)
    return Stemmer.Stemmer(name) if name else None


@lru_cache(maxsize=None)
def _stopwords(language: str) -> frozenset[str]:
    return frozenset(STOPWORDS.get(language, ()))


def tokenize(text: str, language: str) -> list[str]:
    """Lower-case word tokens without stopwords, stemmed with the language's Snowball stemmer."""
    stop = _stopwords(language)
    words = [w for w in _WORD.findall(text.lower()) if w not in stop and w != "_"]
    stemmer = _stemmer(language)
    return stemmer.stemWords(words) if stemmer else words


class LexicalIndex:
    """A BM25 index over the live passages, with each BM25 document's passage row.

    Retired rows (see :mod:`index.store`) are left out rather than indexed as empty documents, so
    document counts and lengths, and with them every score, equal those of a full build.
    """

    def __init__(self, retriever: bm25s.BM25, languages: Sequence[str], rows: np.ndarray, size: int) -> None:
        self._retriever = retriever
        self.languages = tuple(languages)
        self._rows = rows  # passage row of each BM25 document
        self.size = size  # rows in the version, retired ones included

    @classmethod
    def build(cls, terms: Sequence[list[str]], rows: Sequence[int], *, size: int,
              languages: Sequence[str]) -> "LexicalIndex":
        """Index passage ``rows[i]`` by its :func:`tokenize` terms ``terms[i]``; questions are stemmed
        in every one of ``languages``."""
        retriever = bm25s.BM25()
        retriever.index([t or [""] for t in terms], show_progress=False)
        return cls(retriever, sorted(languages), np.asarray(rows, dtype=np.int64), size)

    def save(self, directory: Path) -> None:
        self._retriever.save(str(directory), show_progress=False)
        (directory / LANGUAGES_FILE).write_text(json.dumps({"languages": list(self.languages), "size": self.size}))
        np.save(directory / ROWS_FILE, self._rows, allow_pickle=False)

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        retriever = bm25s.BM25.load(str(directory), mmap=True, show_progress=False, allow_pickle=False)
        meta = json.loads((directory / LANGUAGES_FILE).read_text())
        rows = np.load(directory / ROWS_FILE, allow_pickle=False)
        return cls(retriever, meta["languages"], rows, int(meta["size"]))

    def query_tokens(self, question: str) -> list[str]:
        tokens: dict[str, None] = {}
        for language in self.languages or ("en",):
            tokens.update(dict.fromkeys(tokenize(question, language)))
        return list(tokens)

    def knows(self, tokens: Sequence[str]) -> bool:
        """Whether every one of ``tokens`` occurs in the indexed passages."""
        return bool(tokens) and all(t in self._retriever.vocab_dict for t in tokens)

    def scores(self, question: str) -> np.ndarray:
        """BM25 score of every row for ``question`` (zeros for retired rows and unknown words)."""
        scores = np.zeros(self.size, dtype=np.float32)
        known = [t for t in self.query_tokens(question) if t in self._retriever.vocab_dict and t]
        if known:
            scores[self._rows] = self._retriever.get_scores(known)
        return scores

