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
    """A BM25 index whose rows line up with the passage rows of the vector indexes."""

    def __init__(self, retriever: bm25s.BM25, languages: Sequence[str]) -> None:
        self._retriever = retriever
        self.languages = tuple(languages)

    @classmethod
    def build(cls, texts: Sequence[str], languages: Sequence[str]) -> "LexicalIndex":
        """Index ``texts[i]`` stemmed in ``languages[i]``."""
        corpus_tokens = [tokenize(text, lang) or [""] for text, lang in zip(texts, languages, strict=True)]
        retriever = bm25s.BM25()
        retriever.index(corpus_tokens, show_progress=False)
        return cls(retriever, sorted(set(languages)))

    def save(self, directory: Path) -> None:
        self._retriever.save(str(directory), show_progress=False)
        (directory / LANGUAGES_FILE).write_text(json.dumps(list(self.languages)))

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        retriever = bm25s.BM25.load(str(directory), mmap=True, show_progress=False, allow_pickle=False)
        languages = json.loads((directory / LANGUAGES_FILE).read_text())
        return cls(retriever, languages)

    def query_tokens(self, question: str) -> list[str]:
        tokens: dict[str, None] = {}
        for language in self.languages or ("en",):
            tokens.update(dict.fromkeys(tokenize(question, language)))
        return list(tokens)

    def knows(self, tokens: Sequence[str]) -> bool:
        """Whether every one of ``tokens`` occurs in the indexed passages."""
        return bool(tokens) and all(t in self._retriever.vocab_dict for t in tokens)

    def scores(self, question: str) -> np.ndarray:
        """BM25 score of every passage for ``question`` (zeros when no word is in the vocabulary)."""
        known = [t for t in self.query_tokens(question) if t in self._retriever.vocab_dict and t]
        if not known:
            return np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

