"""Hybrid retrieval: multilingual dense vectors, an optional sentence-transformers model and BM25, fused.

How the signals are combined was chosen on the question set in ``tests/eval`` (see the README's
"Retrieval quality"): each signal is z-scored over the candidate passages (so a signal's scale does
not decide its weight) and summed with the weights of :class:`FusionConfig`. Equal-weight fusion
lost to the multilingual encoder alone; BM25 at 0.4 fixes Dutch questions without hurting English
ones; the English-only MiniLM adds nothing on Dutch articles and is off by default. Passages holding
the kind of answer a counting or dating question asks for get a small bonus (:mod:`index.answer_types`).

Abstention uses the raw cosine of the best passage under the multilingual encoder, which is
comparable across questions, plus name grounding (:mod:`index.entities`): a question is answered
when the cosine is high, or moderately high and every name in it occurs in the articles.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from .answer_types import expected_answer_type, holds_answer_type
from .encoders import Encoder
from .entities import names_in_question
from .lexical import tokenize
from .quotes import speaker_boost
from .store import ArticleInfo, StoredPassage
from .vectors import search_vectors
from .version import IndexVersion, check_encoder

logger = logging.getLogger(__name__)

#: BM25 runs here while the question is encoded (numpy releases the GIL in both): at 100,000 paragraphs
#: ~0.8 ms off the search's ~10 ms p50 in paired rounds. One worker per core serves concurrent searches.
_LEXICAL_POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="newsbot-bm25")


@dataclass(frozen=True)
class FusionConfig:
    """Weights and thresholds of the hybrid search; the defaults are the measured best."""

    name: str = "hybrid"
    weights: dict[str, float] = field(default_factory=lambda: {"use": 1.0, "st": 0.0, "bm25": 0.4})
    candidates: int = 100  # per signal, before fusion
    answer_above: float = 0.27  # cosine that answers whatever names the question holds
    grounded_above: float = 0.16  # cosine that answers when every name is found in the articles
    name_match: float = 0.55  # cosine at which a question's name matches an article's name
    answer_type: float = 0.75  # bonus (z-units) for a passage holding the kind of answer asked for

    def encoders(self) -> list[str]:
        return [k for k in ("use", "st") if self.weights.get(k)]


#: Configurations `newsbot eval` compares side by side.
CONFIGURATIONS = {
    "hybrid": FusionConfig(),
    "hybrid-no-types": FusionConfig("hybrid-no-types", answer_type=0.0),
    "hybrid+st": FusionConfig("hybrid+st", {"use": 1.0, "st": 0.25, "bm25": 0.4}),
    "equal": FusionConfig("equal", {"use": 1.0, "st": 1.0, "bm25": 1.0}, answer_type=0.0),
    "use": FusionConfig("use", {"use": 1.0}, answer_type=0.0),
    "st": FusionConfig("st", {"st": 1.0}, answer_type=0.0),
    "bm25": FusionConfig("bm25", {"use": 0.0, "bm25": 1.0}, answer_type=0.0),
}


@dataclass(frozen=True)
class Hit:
    """One passage found for a question, with where it comes from and why it ranked."""

    row: int
    passage: StoredPassage
    article: ArticleInfo
    score: float  # fused, comparable within one question only
    similarity: float  # multilingual cosine, comparable across questions


@dataclass(frozen=True)
class SearchResult:
    question: str
    hits: list[Hit]
    answered: bool
    reason: str | None = None  # why nothing was answered
    query_vector: np.ndarray | None = None  # the question under the multilingual encoder, for highlighting


@dataclass(frozen=True)
class Filters:
    """Restrict a search to a date range (at the bound's own precision) or one article."""

    since: str | None = None
    until: str | None = None
    article: str | None = None

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.article)


class Retriever:
    """Searches one :class:`IndexVersion` with already-loaded encoders."""

    def __init__(self, version: IndexVersion, encoders: dict[str, Encoder], config: FusionConfig | None = None):
        self.version = version
        self.config = config or FusionConfig()
        for key in self.config.encoders():
            encoder = encoders[key]
            check_encoder(version, key, encoder.model_name, encoder.dimension)
        if "use" not in encoders:
            raise ValueError("the multilingual encoder is needed for abstention")
        self.encoders = encoders

    def with_config(self, config: FusionConfig) -> "Retriever":
        return Retriever(self.version, self.encoders, config)

    def search(self, question: str, *, k: int = 10, filters: Filters | None = None) -> SearchResult:
        """Rank passages for ``question``; ``answered`` is False when nothing is good enough."""
        filters = filters or Filters()
        allowed = self._allowed_rows(filters)
        if allowed is not None and not len(allowed):
            return SearchResult(question, [], False, "no article matches the filters")
        weights = {name: weight for name, weight in self.config.weights.items() if weight}
        lexical = _LEXICAL_POOL.submit(self._lexical, question, allowed, bool(weights.get("bm25")))
        query_vectors = {key: self.encoders[key].encode([question])[0] for key in {"use", *self.config.encoders()}}
        bm25, lexical_top = lexical.result()
        dense = {key: self._dense_candidates(key, vector, allowed) for key, vector in query_vectors.items()
                 if weights.get(key) or key == "use"}
        rows = np.unique(np.concatenate([*(found for _, found in dense.values()), lexical_top]))
        speaker = speaker_boost(question, self.version.store, allowed)  # "what did X say": X's paragraphs
        if speaker is not None:
            rows = np.union1d(rows, speaker.rows)
        if not len(rows):
            return SearchResult(question, [], False, "nothing in the articles matches")

        signals = {key: self._dense_scores(key, vector, rows, dense.get(key)) for key, vector in query_vectors.items()}
        signals["bm25"] = bm25[rows]
        fused = sum(weight * _zscore(signals[key]) for key, weight in weights.items())
        if speaker is not None:
            fused = fused + speaker.bonuses(rows)
        similarity = signals["use"]

        # Only candidates that can still make the first k are read back from SQLite (and checked for the
        # answer type asked for): those within reach of the k-th best through the answer-type bonus, or
        # through the rounding that makes scores tie.
        answer_type = expected_answer_type(question) if self.config.answer_type else None
        order = np.argsort(-fused, kind="stable")
        reach = (self.config.answer_type if answer_type else 0.0) + TIE
        top = order[: k + 10]
        top = top[fused[top] >= fused[order[min(k, len(order)) - 1]] - reach]
        store = self.version.store
        passages = store.passages(rows[top].tolist())
        articles = store.articles_by_id({p.article_id for p in passages.values()})
        hits = []
        for i in top.tolist():
            passage = passages[int(rows[i])]
            bonus = self.config.answer_type if answer_type and holds_answer_type(passage.text, answer_type) else 0.0
            hits.append(Hit(int(rows[i]), passage, articles[passage.article_id], float(fused[i]) + bonus,
                            float(similarity[i])))
        # Equal scores (to TIE): the newer article first, then reading order.
        hits.sort(key=lambda h: (-round(h.score, 3), _negated_date(h.article.date), h.row))
        hits = hits[:k]
        answered, reason = self._answerable(question, float(similarity.max()))
        return SearchResult(question, hits, answered, reason, query_vectors["use"])

    def _lexical(self, question: str, allowed: np.ndarray | None, candidates: bool) -> tuple[np.ndarray, np.ndarray]:
        """BM25 scores of every row (zero outside ``allowed``) and, when asked, the rows of the best."""
        bm25 = self.version.lexical.scores(question)
        if allowed is not None:
            mask = np.zeros_like(bm25)
            mask[allowed] = 1.0
            bm25 = bm25 * mask
        return bm25, _top(bm25, self.config.candidates) if candidates else np.zeros(0, dtype=np.int64)

    def _allowed_rows(self, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        store = self.version.store
        rows: set[int] | None = None
        if filters.article:
            rows = set(store.article_rows(filters.article))
        if filters.since or filters.until:
            dated = set(store.rows_in_dates(filters.since, filters.until))
            rows = dated if rows is None else rows & dated
        return np.array(sorted(rows or ()), dtype=np.int64)

    def _dense_candidates(self, key: str, vector: np.ndarray,
                          allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The nearest rows' (cosines, rows)."""
        scores, rows = search_vectors(self.version.vectors[key], vector, self.config.candidates, allowed=allowed,
                                      skip=self.version.skip_retired)
        return scores[rows >= 0], rows[rows >= 0]

    def _dense_scores(self, key: str, vector: np.ndarray, rows: np.ndarray,
                      found: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
        """Cosines of ``rows`` (sorted): as the vector search ``found`` them, the others from the stored vectors."""
        scores = np.empty(len(rows), dtype=np.float32)
        missing = np.ones(len(rows), dtype=bool)
        if found is not None:
            at = np.searchsorted(rows, found[1])
            scores[at] = found[0]
            missing[at] = False
        if missing.any():
            scores[missing] = self.version.vectors[key].reconstruct_batch(rows[missing]) @ vector
        return scores

    def _answerable(self, question: str, best: float) -> tuple[bool, str | None]:
        """Decide on the best cosine over all candidates, so the decision does not depend on ``k``."""
        if best >= self.config.answer_above:
            return True, None
        if best < self.config.grounded_above:
            return False, "no passage is close enough to the question"
        missing = self.unknown_names(question)
        if missing:
            return False, f"the articles do not mention {', '.join(missing)}"
        return True, None

    def unknown_names(self, question: str) -> list[str]:
        """Names in the question that no article mentions, in any spelling the encoder recognises."""
        names = names_in_question(question)
        if not names:
            return []
        lexical = self.version.lexical
        unknown = [n for n in names if not any(lexical.knows(tokenize(n, lang)) for lang in lexical.languages)]
        if not unknown or self.version.entity_vectors is None or self.version.entity_vectors.ntotal == 0:
            return unknown
        vectors = self.encoders["use"].encode(unknown)
        scores, _ = self.version.entity_vectors.search(np.ascontiguousarray(vectors, dtype=np.float32), 1)
        return [n for n, s in zip(unknown, scores[:, 0]) if s < self.config.name_match]


#: Fused scores this close rank as equals (they are rounded to three decimals).
TIE = 0.001
#: Spreads below this are float noise, not evidence: identical paragraphs must not be pulled apart
#: by z-scoring differences in the seventh decimal.
MIN_SPREAD = 0.01


def _top(scores: np.ndarray, count: int) -> np.ndarray:
    """Rows of the ``count`` highest positive ``scores`` (in no order); only the rows a word matched are
    ranked, not every row."""
    matched = np.flatnonzero(scores > 0)
    if len(matched) <= count:
        return matched
    return matched[np.argpartition(-scores[matched], count)[:count]]


def _zscore(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float32)
    return (values - values.mean()) / max(float(values.std()), MIN_SPREAD)


def _negated_date(date: str | None) -> tuple[int, ...]:
    if not date:
        return (1,)
    return (0, *(-int(part) for part in date.split("-")))


def configured(retriever: Retriever, name: str) -> Retriever:
    """The same index and encoders under one of :data:`CONFIGURATIONS`."""
    return retriever.with_config(replace(CONFIGURATIONS[name]))
