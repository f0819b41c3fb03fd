"""What the ranking knows about each candidate paragraph, as one row of numbers per candidate.

Continuous features are z-scored over the question's candidates, so one weight fits every question
whatever the raw scale of its scores; answer types are 0/1. The names here are the keys of
``fusion.json``'s weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .answer_types import ANSWER_TYPES, is_question, question_types
from .bridge import load_dictionary, query_groups
from .language import question_language
from .lexical import LexicalIndex

#: Suffix of a feature gated by the paragraph's closeness to the question.
ON_TOPIC = "_on_topic"
#: e5 read past the question's names (index.search computes their cosines).
E5_VIEWS = (
    # e5 cosine with what sets the paragraph apart from its article (its vector less the article's mean):
    # the lead and the paragraphs that repeat the story's names sit near the mean, the detail a question
    # asks for does not
    "e5_residual",
    # e5 cosine between the question without its names and "title. paragraph": what is asked, not whom it
    # is about ("What did Saipov ask for in his hospital room?" is about a room, not about Saipov)
    "e5_unnamed",
    "e5_unnamed_residual",  # both: the question without its names against what sets the paragraph apart
)
#: The ranking's features, in the order of the matrix's columns.
FEATURES = (
    "e5",  # e5 cosine between the question and "title. paragraph"
    "use",  # USE cosine with the paragraph
    *E5_VIEWS,
    "bm25",  # BM25 (Snowball stems), log-scaled
    "bridge",  # BM25 over lemmas with the question's words translated (index.bridge), log-scaled
    "article_e5",  # the best e5 cosine of the paragraph's article among the candidates: the right story
    "article_bridge",  # the same for the bridge
    "focus",  # the question's words the paragraph holds that its article's other paragraphs lack
    "position",  # log of the paragraph's number: a prior on where in its article an answer sits
    "previous_coverage",  # share of the question's word groups the paragraph before it holds
    "verb",  # the paragraph holds the question's reporting verb (admit, deny, confirm, ...; not negated)
    *(f"type_{t}" for t in ANSWER_TYPES),  # the paragraph holds the kind of answer asked for
    # The paragraph's own evidence again, times how close it is to the question (e5's z-score, floored at
    # 0): a number answers "how many" in a paragraph about the question, not in one about something else.
    *(f"{f}{ON_TOPIC}" for f in ("position", "verb", *(f"type_{t}" for t in ANSWER_TYPES))),
)
#: Verbs whose object is the answer: "what did Lukashenko admit" is answered where he admits, and the
#: encoders cannot tell admitting from denying. English and Dutch lemmas, as the bridge's groups hold them.
#: Not "say" or "tell": nearly every quotation holds them (the ``said`` answer type covers those).
REPORTING_VERBS = frozenset("""
    admit acknowledge confess concede deny confirm announce promise reveal insist argue claim warn
    suggest propose accuse blame criticize praise threaten apologize agree refuse recognize
    toegeven erkennen bekennen ontkennen bevestigen aankondigen beloven onthullen benadrukken beweren
    waarschuwen voorstellen beschuldigen bekritiseren prijzen dreigen weigeren""".split())
#: Spreads below this are float noise, not evidence: identical paragraphs are not pulled apart.
MIN_SPREAD = 0.01


def zscore(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float32)
    return (values - values.mean()) / max(float(values.std()), MIN_SPREAD)


@dataclass(frozen=True)
class QuestionTerms:
    """A question's language, its word groups for the bridge, the answer types it asks for, and whether
    it is a question at all (or a topic, a headline)."""

    language: str
    groups: list[list[str]]
    types: frozenset[str]
    asks: bool = True

    @classmethod
    def of(cls, question: str) -> "QuestionTerms":
        language = question_language(question)
        return cls(language, query_groups(question, language, load_dictionary()), frozenset(question_types(question)),
                   is_question(question))


@dataclass(frozen=True)
class ArticleRows:
    """Each row's article and each article's rows, so a paragraph can be compared with the rest of its
    article (the focus and article features), and what else the ranking reads of a row without its text;
    built once per index version."""

    owners: np.ndarray  # per row, its article's number (-1: retired)
    sizes: np.ndarray  # per article, its live paragraphs
    order: np.ndarray  # live rows grouped by article: article a's are order[starts[a]:starts[a + 1]]
    starts: np.ndarray
    languages: np.ndarray  # per article, its language ("en", "nl", ...; "" where unknown)
    ids: np.ndarray  # per article, its id
    paragraphs: np.ndarray  # per row, its paragraph's number in its article (1: the lead; 0: retired)
    answer_types: np.ndarray  # per row, index.answer_types.answer_type_bits of its text

    @classmethod
    def of(cls, owners: np.ndarray, languages: np.ndarray | None = None, *, ids: np.ndarray | None = None,
           paragraphs: np.ndarray | None = None, answer_types: np.ndarray | None = None) -> "ArticleRows":
        live = np.flatnonzero(owners >= 0)
        order = live[np.argsort(owners[live], kind="stable")]
        sizes = np.bincount(owners[live]) if len(live) else np.zeros(0, dtype=np.int64)
        if languages is None:
            languages = np.full(len(sizes), "", dtype=str)
        return cls(owners, sizes, order, np.concatenate([[0], np.cumsum(sizes)]), languages,
                   ids if ids is not None else np.arange(len(sizes)).astype(str).astype(object),
                   paragraphs if paragraphs is not None else np.zeros(len(owners), dtype=np.int32),
                   answer_types if answer_types is not None else np.zeros(len(owners), dtype=np.uint8))

    def rows_of(self, articles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows of ``articles`` and, for each, its article's position in ``articles``."""
        counts = self.sizes[articles]
        article_of_row = np.repeat(np.arange(len(articles)), counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        return self.order[self.starts[articles][article_of_row] + offsets], article_of_row


@dataclass(frozen=True)
class CandidateFeatures:
    matrix: np.ndarray  # (candidates, len(FEATURES)) float32
    coverage: np.ndarray  # share of the question's word groups each candidate holds
    focus: np.ndarray  # raw focus score of each candidate


def answer_type_columns(asked: frozenset[str], bits: np.ndarray) -> dict[str, np.ndarray]:
    """Whether each candidate holds each answer type, from its stored
    :func:`~index.answer_types.answer_type_bits`, for the types ``asked`` (zeros for the others)."""
    return {kind: (((bits >> i) & 1).astype(np.float32) if kind in asked else np.zeros(len(bits), dtype=np.float32))
            for i, kind in enumerate(ANSWER_TYPES)}


def candidate_features(terms: QuestionTerms, rows: np.ndarray, words: "WordFocus",
                       answer_types: Mapping[str, np.ndarray], paragraphs: Sequence[int], *,
                       cosines: dict[str, np.ndarray], bm25: np.ndarray, bridge: np.ndarray, layout: ArticleRows,
                       e5_views: Mapping[str, np.ndarray] | None = None) -> CandidateFeatures:
    """The feature matrix of the candidate ``rows`` (sorted), whose :func:`word_focus` is ``words``,
    whose :func:`answer_type_columns` are ``answer_types`` and whose numbers in their articles are
    ``paragraphs`` (1 for the lead). ``e5_views`` holds the raw cosines of :data:`E5_VIEWS` by name
    (zeros without e5)."""
    bridge_log = np.log1p(bridge)
    articles = layout.owners[rows]
    e5 = cosines.get("e5", cosines["use"])
    focus, previous = words.focus, words.previous
    verb_groups = [i for i, group in enumerate(terms.groups) if REPORTING_VERBS.intersection(group)]
    columns = {
        "e5": zscore(e5), "use": zscore(cosines["use"]), "bm25": zscore(np.log1p(bm25)), "bridge": zscore(bridge_log),
        **{name: zscore(e5_views[name]) if e5_views else np.zeros(len(rows), dtype=np.float32) for name in E5_VIEWS},
        "article_e5": zscore(_article_max(e5, articles)), "article_bridge": zscore(_article_max(bridge_log, articles)),
        "focus": zscore(np.log1p(focus)),
        "previous_coverage": previous,
        # Not z-scored: a prior on where in an article an answer sits, the same for every question.
        "position": np.log(np.maximum(np.asarray(paragraphs, dtype=np.float32), 1.0)),
        "verb": words.held[:, verb_groups].any(axis=1).astype(np.float32),
    }
    columns.update((f"type_{kind}", answer_types[kind]) for kind in ANSWER_TYPES)
    closeness = np.maximum(columns["e5"], 0.0)
    for name in [f for f in FEATURES if f.endswith(ON_TOPIC)]:
        columns[name] = columns[name.removesuffix(ON_TOPIC)] * closeness
    matrix = np.stack([columns[f] for f in FEATURES], axis=1).astype(np.float32)
    return CandidateFeatures(matrix, words.coverage, focus)


def residual_cosines(query: np.ndarray, vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Cosine between ``query`` and each paragraph vector less its article's mean vector (a row of
    ``centroids``); 0 for a paragraph that is its article's mean (a one-paragraph article)."""
    apart = vectors - centroids
    norms = np.linalg.norm(apart, axis=1)
    return np.where(norms > 1e-6, apart @ query / np.maximum(norms, 1e-6), 0.0).astype(np.float32)


def answer_evidence(features: CandidateFeatures, best: int, cosines: dict[str, np.ndarray],
                    *, unknown_names: bool, same_language: bool) -> dict[str, float]:
    """Question-level evidence that the best candidate answers: raw cosines are comparable across
    questions, the fused scores are not. ``same_language``: the question is in its article's language,
    where e5's cosines run ~0.04 higher for answer and non-answer alike (docs/retrieval.md)."""
    e5 = cosines.get("e5", cosines["use"])
    return {"e5_best": float(e5.max()), "use_best": float(cosines["use"].max()),
            "coverage": float(features.coverage[best]), "focus": float(np.log1p(features.focus[best])),
            "unknown_names": float(unknown_names), "same_language": float(same_language)}


def _article_max(values: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """Each candidate's best value among the candidates of its own article."""
    best = np.full(int(articles.max()) + 2 if len(articles) else 1, -np.inf, dtype=np.float32)
    np.maximum.at(best, articles + 1, values)  # +1: retired rows (-1) never reach here, but stay safe
    return best[articles + 1]


@dataclass(frozen=True)
class WordFocus:
    """Which of the question's word groups each candidate holds, and how telling they are there."""

    focus: np.ndarray  # the sum over the groups of the best ``idf × local rarity`` of a term it holds
    coverage: np.ndarray  # the share of the groups it holds
    held: np.ndarray  # which groups it holds (candidates × groups, bool)
    previous: np.ndarray  # the share of the groups the paragraph before it holds (0 for a lead)


def word_focus(groups: list[list[str]], rows: np.ndarray, layout: ArticleRows, index: LexicalIndex) -> WordFocus:
    """The question's word ``groups`` in each candidate of ``rows`` (sorted), looked up in the bridge's
    ``index``. Local rarity is how few of its article's paragraphs hold a term: names that the whole
    article repeats count little; the question's focus ("dashcam", "kg") counts. An answer often follows
    the paragraph that names what the question is about ("Navarro gave his opinion on Twitter." /
    "'Heavy, if true', he tweeted."), hence the previous paragraph's share."""
    articles = layout.owners[rows]
    focus = np.zeros(len(rows), dtype=np.float32)
    held = np.zeros((len(rows), len(groups)), dtype=bool)
    # Only the candidates' articles' rows are looked up in each term's postings, not the whole archive's.
    candidate_articles, article_of_candidate = np.unique(articles, return_inverse=True)
    article_rows, article_of_row = layout.rows_of(candidate_articles)
    by_row = np.argsort(article_rows, kind="stable")
    in_article_rows = by_row[np.searchsorted(article_rows[by_row], rows)]  # each candidate's place there
    n = np.maximum(layout.sizes[articles], 1).astype(np.float32) if len(articles) else np.ones(0, np.float32)
    held_by_row = np.zeros((len(article_rows), len(groups)), dtype=bool)  # every row of those articles
    for g, group in enumerate(groups):
        best = np.zeros(len(rows), dtype=np.float32)
        for term in group:
            term_rows, _ = index.postings(term)
            if not len(term_rows):
                continue
            at = np.minimum(np.searchsorted(term_rows, article_rows), len(term_rows) - 1)
            holds = term_rows[at] == article_rows
            held_by_row[:, g] |= holds
            present = holds[in_article_rows]
            if not present.any():
                continue
            local = np.bincount(article_of_row[holds], minlength=len(candidate_articles))
            weight = index.idf(term) * (1.0 - (local[article_of_candidate[present]] - 1) / n[present])
            best[present] = np.maximum(best[present], weight)
        focus += best
        held[:, g] = best > 0
    # An article's live rows are in reading order (a changed article's passages are appended together).
    before = np.maximum(in_article_rows - 1, 0)
    has_before = (in_article_rows > 0) & (article_of_row[before] == article_of_row[in_article_rows])
    previous = np.where(has_before, held_by_row[before].sum(axis=1) / max(len(groups), 1), 0.0)
    return WordFocus(focus, held.sum(axis=1, dtype=np.float32) / max(len(groups), 1), held,
                     previous.astype(np.float32))
