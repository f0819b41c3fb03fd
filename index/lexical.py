"""BM25 over passages, each passage stemmed in its article's language, that an incremental build can extend.

Questions are stemmed with every language present in the corpus, because a short question's
language is a guess and a name such as "Loekasjenko" must match whatever stemmer the article used.

Why not bm25s's index: bm25s stores each (term, passage) score with the corpus-wide idf folded in,
so it cannot take new passages, and re-indexing 100,000 passages for one changed article took
4-9 s. Here the postings keep their term counts beside the scores (scipy sparse matrices, stacked
in C), so an extension appends the new passages' postings and re-scores every posting with the new
corpus statistics in a few vectorised passes (~0.2 s at 100,000 passages). Scores follow bm25s's
default (Lucene's) variant, and a retired passage counts for nothing, so an extended index scores
exactly as a full build of the same articles. bm25s still supplies the stopword lists.
"""

from __future__ import annotations

import json
import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sparse
import Stemmer
from bm25s import stopwords as bm25s_stopwords

_STEMMERS = {"nl": "dutch", "en": "english", "de": "german", "fr": "french", "es": "spanish",
             "it": "italian", "pt": "portuguese"}
STOPWORDS = {"nl": bm25s_stopwords.STOPWORDS_DUTCH, "en": bm25s_stopwords.STOPWORDS_EN,
              "de": bm25s_stopwords.STOPWORDS_GERMAN, "fr": bm25s_stopwords.STOPWORDS_FRENCH,
              "es": bm25s_stopwords.STOPWORDS_SPANISH, "it": bm25s_stopwords.STOPWORDS_ITALIAN,
              "pt": bm25s_stopwords.STOPWORDS_PORTUGUESE}
_WORD = re.compile(r"\w+", re.UNICODE)
#: BM25 parameters: bm25s's defaults (Lucene's variant).
K1, B = 1.5, 0.75
VOCABULARY_FILE = "vocabulary.json"
_ARRAYS = ("indptr", "rows", "counts", "scores", "lengths", "live", "df")


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


@dataclass(frozen=True)
class _Postings:
    """Term-major postings: term ``t``'s passages are ``rows[indptr[t]:indptr[t+1]]`` (ascending)."""

    indptr: np.ndarray  # int, one more than the vocabulary
    rows: np.ndarray  # int32 passage row of each posting
    counts: np.ndarray  # uint16 occurrences of the term in that passage
    scores: np.ndarray  # float32 BM25 weight of the posting; 0 for retired rows
    lengths: np.ndarray  # int32 terms per row
    live: np.ndarray  # bool per row: False for retired rows
    df: np.ndarray  # int32 live passages per term

    def consistent(self, terms: int) -> bool:
        """Whether the arrays fit together and a vocabulary of ``terms`` (a damaged directory does not)."""
        return (len(self.indptr) == terms + 1 and len(self.df) == terms
                and len(self.rows) == len(self.counts) == len(self.scores) == int(self.indptr[-1])
                and len(self.live) == len(self.lengths))


class LexicalIndex:
    """A BM25 index over passage rows, retired rows included (they score 0).

    Build it with :meth:`build`, extend it with :meth:`extend`; questions are scored against every row.
    """

    def __init__(self, vocabulary: dict[str, int], postings: _Postings, languages: Sequence[str]) -> None:
        self._vocabulary = vocabulary
        self._postings = postings
        self.languages = tuple(languages)
        self._live_rows = int(postings.live.sum())  # idf's N, asked for every term of every question

    @property
    def size(self) -> int:
        """Rows in the version, retired ones included."""
        return len(self._postings.lengths)

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]], *, languages: Sequence[str]) -> "LexicalIndex":
        """Index row ``i`` by its :func:`tokenize` terms ``documents[i]``; questions are stemmed in every one
        of ``languages``."""
        vocabulary: dict[str, int] = {}
        matrix = _term_counts(documents, vocabulary)
        lengths = np.array([len(d) for d in documents], dtype=np.int32)
        return cls(vocabulary, _scored(matrix, lengths, np.ones(len(documents), dtype=bool)), sorted(languages))

    def extend(self, documents: Sequence[Sequence[str]], *, retired: Sequence[int],
               languages: Sequence[str]) -> "LexicalIndex":
        """A new index: these rows plus ``documents`` appended, with the ``retired`` rows left out of every
        score and statistic. Scores equal those of :meth:`build` over the live rows."""
        old = self._postings
        vocabulary = dict(self._vocabulary)
        appended = _term_counts(documents, vocabulary)
        new_terms = np.full(len(vocabulary) - len(self._vocabulary), old.indptr[-1], dtype=old.indptr.dtype)
        matrix = sparse.csc_matrix((old.counts, old.rows, np.concatenate([old.indptr, new_terms])),
                                   shape=(self.size, len(vocabulary)))
        matrix = sparse.vstack([matrix, appended], format="csc")
        lengths = np.concatenate([old.lengths, np.array([len(d) for d in documents], dtype=np.int32)])
        live = np.concatenate([old.live, np.ones(len(documents), dtype=bool)])
        live[np.asarray(retired, dtype=np.int64)] = False
        return LexicalIndex(vocabulary, _scored(matrix, lengths, live), sorted(languages))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        terms = sorted(self._vocabulary, key=self._vocabulary.__getitem__)
        (directory / VOCABULARY_FILE).write_text(json.dumps({"languages": list(self.languages), "terms": terms},
                                                            ensure_ascii=False))
        for name in _ARRAYS:
            np.save(directory / f"{name}.npy", getattr(self._postings, name), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        """Postings are memory-mapped: start-up reads the vocabulary and the per-row arrays only.

        They are kept as plain arrays over the mapping: slicing a ``np.memmap`` costs ~10 µs of Python a
        slice, ~0.15 ms a question."""
        meta = json.loads((directory / VOCABULARY_FILE).read_text())
        arrays = {name: np.load(directory / f"{name}.npy", allow_pickle=False,
                                mmap_mode="r" if name in ("rows", "counts", "scores") else None).view(np.ndarray)
                  for name in _ARRAYS}
        postings = _Postings(**arrays)
        terms = meta["terms"]
        if not postings.consistent(len(terms)):
            raise ValueError("BM25 arrays disagree in length")
        return cls({t: i for i, t in enumerate(terms)}, postings, meta["languages"])

    def query_tokens(self, question: str) -> list[str]:
        tokens: dict[str, None] = {}
        for language in self.languages or ("en",):
            tokens.update(dict.fromkeys(tokenize(question, language)))
        return list(tokens)

    def knows(self, tokens: Sequence[str]) -> bool:
        """Whether every one of ``tokens`` occurs in a live passage."""
        ids = [self._vocabulary.get(t) for t in tokens]
        return bool(ids) and all(i is not None and self._postings.df[i] > 0 for i in ids)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows holding ``term`` and its BM25 weight in each (empty for an unknown term)."""
        index = self._vocabulary.get(term)
        if index is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        start, end = self._postings.indptr[index], self._postings.indptr[index + 1]
        return self._postings.rows[start:end], self._postings.scores[start:end]

    def idf(self, term: str) -> float:
        """The term's inverse document frequency over live rows (0 for an unknown term)."""
        index = self._vocabulary.get(term)
        live = self._live_rows
        if index is None or not live:
            return 0.0
        df = int(self._postings.df[index])
        return float(np.log(1.0 + (live - df + 0.5) / (df + 0.5))) if df else 0.0

    def group_scores(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """BM25 over groups of alternative terms (a word's translations): each group adds its best
        term's weight in a row, so a word with many translations still counts once."""
        total = np.zeros(self.size, dtype=np.float32)
        best = np.zeros(self.size, dtype=np.float32)
        for group in groups:
            touched = [posting for posting in map(self.postings, dict.fromkeys(group)) if len(posting[0])]
            if len(touched) == 1:  # one term: its weights are the group's
                rows, weights = touched[0]
                np.add.at(total, rows, weights)
                continue
            for rows, weights in touched:
                np.maximum.at(best, rows, weights)
            for rows, _ in touched:  # a row held by several terms is added once, then zeroed (no sorting)
                total[rows] += best[rows]
                best[rows] = 0.0
        return total

    def scores(self, question: str) -> np.ndarray:
        """BM25 score of every row for ``question`` (zeros for retired rows and unknown words)."""
        postings = self._postings
        scores = np.zeros(self.size, dtype=np.float32)
        for token in self.query_tokens(question):
            term = self._vocabulary.get(token)
            if term is not None:
                start, end = postings.indptr[term], postings.indptr[term + 1]
                np.add.at(scores, postings.rows[start:end], postings.scores[start:end])
        return scores


def _term_counts(documents: Sequence[Sequence[str]], vocabulary: dict[str, int]) -> sparse.csc_matrix:
    """Row ``i`` of the matrix counts each term of ``documents[i]``; new terms are added to ``vocabulary``."""
    rows, terms, counts = array("i"), array("i"), array("H")  # C arrays: a million passages hold ~25M postings
    for row, document in enumerate(documents):
        for term, count in Counter(document).items():
            rows.append(row)
            terms.append(vocabulary.setdefault(term, len(vocabulary)))
            counts.append(min(count, 0xFFFF))
    return sparse.csc_matrix((np.frombuffer(counts, dtype=np.uint16), (np.frombuffer(rows, dtype=np.int32),
                                                                        np.frombuffer(terms, dtype=np.int32))),
                             shape=(len(documents), len(vocabulary)))


def _scored(matrix: sparse.csc_matrix, lengths: np.ndarray, live: np.ndarray) -> _Postings:
    """Every posting's BM25 weight under the live rows' statistics (bm25s's "lucene" idf and tf parts)."""
    matrix.sort_indices()
    indptr, rows, counts = matrix.indptr, matrix.indices.astype(np.int32), matrix.data.astype(np.uint16)
    terms = np.repeat(np.arange(len(indptr) - 1, dtype=np.int32), np.diff(indptr))
    alive = live[rows]
    df = np.bincount(terms[alive], minlength=len(indptr) - 1).astype(np.int32)
    documents = int(live.sum())
    average = float(lengths[live].sum()) / documents if documents else 1.0
    idf = np.log(1.0 + (documents - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = (K1 * (1.0 - B + B * lengths / max(average, 1e-9))).astype(np.float32)
    tf = counts.astype(np.float32)
    scores = np.where(alive, idf[terms] * tf / (norm[rows] + tf), np.float32(0)).astype(np.float32)
    return _Postings(indptr.astype(np.int64), rows, counts, scores, lengths.astype(np.int32), live, df)
