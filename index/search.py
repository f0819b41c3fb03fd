"""Retrieval: candidates from four signals, ranked by a learned combination of features, and honest abstention.

Candidates are the nearest paragraphs under e5 (over "title. paragraph"), USE, BM25 and the lexical
bridge (:mod:`index.bridge`). Each candidate is described by the features of :mod:`index.features`
(the four scores, how well its article matches, how much of the question's focus it holds beyond
its article's shared words, where in its article it sits, whether it holds the question's verb and
the kind of answer asked for) and ranked by a linear combination plus a small hidden layer
(:mod:`index.ranking`), fitted on our question sets (``benchmarks/fit_fusion.py`` writes
``index/fusion.json``; docs/retrieval.md has the measurements). e5 places a question closer to paragraphs in
its own language; that lead is taken off before ranking, so that an archive of Dutch and English articles is
searched across languages alike (``FusionConfig.same_language_e5``). A text that is not a question
(a topic, a headline) is ranked by e5 alone (``FusionConfig.topic_weights``).

Whether the best candidate answers the question is a second fitted model over question-level
evidence (the best raw e5 and USE cosines, names the articles never mention, whether the question is in
its article's language): below its threshold the question is not presented as answered, and if it was
nearly answered its closest paragraphs are offered as such.
"""

from __future__ import annotations

import difflib
import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import simplemma
from rapidfuzz.distance import OSA

from .amounts import money_not_given
from .answer_types import is_question
from .bridge.dictionary import load_dictionary
from .bylines import byline_persons, in_byline
from .encoders import Encoder
from .entities import (is_common_word, is_ordinary_word, names_as_written, names_asked, proper_names,
                       restore_name_case, typed_without_capitals, without_names)
from .exact import asks_whose_words, exact_rows, names_whom_asked
from .features import (E5_VIEWS, FEATURES, ArticleRows, CandidateFeatures, QuestionTerms, answer_evidence,
                       answer_type_columns, candidate_features, residual_cosines, word_focus, zscore)
from .lexical import tokenize
from .measures import AN_AGE, ASKS_AGE
from .quotes import (SPEAKER_FIRST_BONUS, asked_name, asked_speaker, asked_surname, fold_name, given_names,
                     is_title_word, name_words, names_by_surname, same_person, speaker_boost, spelled_alike)
from .ranking import HiddenLayer, ranking_scores
from .sentences import CAPITALS
from .store import ArticleInfo, StoredPassage
from .unnamed import name_not_given
from .vectors import search_vectors
from .version import IndexVersion, check_encoder

logger = logging.getLogger(__name__)

#: BM25, the bridge and every encoder but e5 run here while e5 encodes the question (numpy, FAISS and
#: onnxruntime release the GIL).
_SEARCH_POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="newsbot-search")
FUSION_FILE = Path(__file__).with_name("fusion.json")


@lru_cache(maxsize=1)
def _fitted() -> dict:
    """fusion.json, read once: every FusionConfig field defaults from it."""
    return json.loads(FUSION_FILE.read_text(encoding="utf-8"))


def _fitted_hidden() -> HiddenLayer | None:
    hidden = _fitted().get("hidden")
    return HiddenLayer.from_json(hidden, FEATURES) if hidden else None


@dataclass(frozen=True)
class FusionConfig:
    """Feature weights and the answer model; the defaults are the fitted ones in ``fusion.json``."""

    name: str = "fused"
    weights: dict[str, float] = field(default_factory=lambda: dict(_fitted()["weights"]))
    candidates: int = 100  # per signal, before ranking
    answer_weights: dict[str, float] = field(default_factory=lambda: dict(_fitted()["answer"]["weights"]))
    answer_bias: float = field(default_factory=lambda: float(_fitted()["answer"]["bias"]))
    #: The answer model's probability below which a question is not presented as answered.
    answer_above: float = field(default_factory=lambda: float(_fitted()["answer"]["threshold"]))
    #: The e5 cosine from which a further paragraph of an answer is offered by "More".
    related_above: float = field(default_factory=lambda: float(_fitted()["answer"]["related_above"]))
    #: A question's name is an article's name spelled alike (:func:`index.quotes.spelled_alike`: "Lukashenko",
    #: "Loekasjenko"; "NATO", "Navo"; not "Macron", "Macaroni", which difflib's likeness of 0.6 let through), or
    #: close in meaning: a translation USE places close ("Belarus", "Wit-Rusland": 0.77), from this USE cosine
    #: plus half their spelling likeness (difflib's ratio). USE alone also places associations close: "Merkel" is
    #: 0.59 from "Duitsland" (+ 0.07), which matched at 0.55 before.
    name_match: float = 0.75
    #: ... and the cosine strong on its own: "Warsaw" is 0.50 from "Varela" (+ 0.25), and over the archive "How many
    #: people live in Warsaw?" quoted an earthquake's 2.4 million people. Meaning never counts for a known person
    #: (every word of the name a word of some speaker's name): USE places people of one role close, and "What did
    #: Obama say?" quoted Trump (0.69), "Zelensky" matched "Berzofsky" (0.76). People's names are spelled
    #: differently, not translated.
    name_meaning: float = 0.55
    #: Weights for a text that is not a question (a topic, a headline): the fitted ones were fitted on
    #: questions, and on the archive's 123 English headlines e5 alone finds the article first for 121, the
    #: fitted weights for 114 (the lead is the answer to "what is this story", which the position prior and
    #: answer types work against).
    topic_weights: dict[str, float] = field(default_factory=lambda: {"e5": 1.0})
    #: The ranking's hidden layer (index.ranking), for questions only; None: the linear weights alone.
    hidden: HiddenLayer | None = field(default_factory=_fitted_hidden)
    #: Taken off the e5 cosines of paragraphs in the question's own language before ranking: e5 places a
    #: text ~0.035 closer to one in its own language (the same question against the same archive paragraph
    #: in English and in Dutch: +0.027 for English questions, +0.046 for Dutch ones). In an archive of one
    #: language it changes nothing (the features are z-scored over the candidates); in a mixed one, Dutch
    #: questions about English articles no longer get Dutch paragraphs first (docs/retrieval.md).
    same_language_e5: float = 0.035

    def encoders(self) -> list[str]:
        """Encoders the ranking needs besides USE (which abstention and highlighting always use)."""
        return [k for k in ("e5", "st") if self.weights.get(k) or k == "e5"]


def _only(name: str, **weights: float) -> FusionConfig:
    only = {f: weights.get(f, 0.0) for f in FEATURES}
    return FusionConfig(name, only, topic_weights=only, hidden=None)


def _without(name: str, *dropped: str) -> FusionConfig:
    fitted = FusionConfig()
    hidden = fitted.hidden.without([i for i, f in enumerate(FEATURES) if f.startswith(dropped)]) \
        if fitted.hidden is not None else None
    return FusionConfig(name, {f: 0.0 if f.startswith(dropped) else w for f, w in fitted.weights.items()},
                        hidden=hidden)


#: A refused question whose answer probability is at least this share of the threshold was nearly answered:
#: its closest paragraphs are offered as such ("Wanneer zijn de sancties ingegaan?": 0.72 over the seed).
#: Questions about nothing in the articles score lower (over the seed, the 29 of 30 held-out ones refused all
#: under 0.4 of it; "How do I renew my passport?" 0.52), and should not be shown a paragraph about migrants.
CLOSEST_SHARE = 0.6
#: What turns a Dutch country or people into its adjective ("brits" → "britse", "frans" → "franse").
_ADJECTIVE_ENDINGS = frozenset({"e", "en", "s", "se"})
#: How much likelier (fused log-odds) a passage of the article a chat is about is, for a question that names no
#: other subject: chosen with benchmarks/conversations.py and benchmarks/topic_bonus.py (docs/retrieval.md).
TOPIC_BONUS = 8.0
#: An answer quotes its first passage and those of the next two whose fused score is at most this far behind it.
#: Fused scores are the ranking's log-odds (a softmax over candidates): 3 behind is about a twentieth as likely. A
#: trial's editor saw one wrong figure quoted alone, the answer behind More. The answer is among the quotes shown for
#: 80.5% of the held-out, reader and journalist archive questions (2.5 quotes an answer) against 77.1% at 2 (2.2
#: quotes; 81.2% with three always), and 87.8% against 86.4% of the tuning ones.
QUOTE_SCORE_GAP = 3.0
#: ... and a story that holds at least this share of the question's words, and as many as any other article, ranks
#: first (:func:`story_bonus`).
STORY_WORDS = 0.5
#: What a paragraph that gives the age of the one asked about gains (fused log-odds): it answers, whatever else ranks.
AGE_BONUS = 10.0
#: "How old is", "hoe oud was", "what age is", with a title after it ("hoe oud is professor"): before the one whose
#: age is asked.
_AGE_OF = re.compile(r"\b(?:how old|hoe oud|what age|welke leeftijd)\s+(?:\w+\s+)?(?-i:[a-z][\w-]*\s+)?", re.I)
#: At most this many words make a text that is no question a topic ("Ryder Cup", "haaienaanval Californië"), which
#: asks for the articles about it; a longer one is a headline, which asks for its own story (e5 alone finds it).
TOPIC_WORDS = 4
#: Words of a topic that need not stand in the paragraph ("the Ryder Cup", "de Brexit").
_TOPIC_FILLER = frozenset("the a an of in and de het een van en".split())

#: Configurations `newsbot eval` compares side by side (each loaded on demand: the default reads fusion.json).
CONFIGURATIONS = {
    "fused": lambda: FusionConfig(),
    "fused-no-bridge": lambda: _without("fused-no-bridge", "bridge", "article_bridge", "focus", "verb"),
    "fused-no-types": lambda: _without("fused-no-types", "type_"),
    "fused-no-article": lambda: _without("fused-no-article", "article_"),
    "fused-no-position": lambda: _without("fused-no-position", "position"),
    "fused-no-unnamed": lambda: _without("fused-no-unnamed", *E5_VIEWS),
    "fused-no-language-offset": lambda: replace(FusionConfig(), name="fused-no-language-offset",
                                                same_language_e5=0.0),
    "e5": lambda: _only("e5", e5=1.0),
    "use": lambda: _only("use", use=1.0),
    "use+bm25 (before)": lambda: _only("use+bm25 (before)", use=1.0, bm25=0.4, type_count=0.75),
    "bm25": lambda: _only("bm25", bm25=1.0),
    "bridge": lambda: _only("bridge", bridge=1.0),
}


@dataclass(frozen=True)
class Hit:
    """One passage found for a question, with where it comes from and why it ranked."""

    row: int
    passage: StoredPassage
    article: ArticleInfo
    score: float  # fused, comparable within one question only
    similarity: float  # e5 cosine, comparable across questions


#: Why a search answered nothing (``SearchResult.reason``), besides names the articles do not mention.
NO_ARTICLE_IN_FILTERS = "no article matches the filters"
NOTHING_MATCHES = "nothing in the articles matches"
NO_KNOWN_WORD = "none of its words occur in the articles"
NOT_ANSWERED = "the closest passages do not answer it"
NOTHING_CLOSE = "no passage is close enough to the question"
WORDS_NOT_FOUND = "no article holds the quoted words as written"
AGE_NOT_GIVEN = "the articles that mention whom it asks about give no age near them"
NAME_NOT_GIVEN = "the articles tell of whom it asks about but give no name"
MONEY_NOT_GIVEN = "the articles it is answered from give no sum of money"
NEVER_QUOTED = "no article quotes the person asked about, and no passage found names them"
#: How many of the first hits must not name a person no article quotes (an answer quotes up to three).
NEVER_QUOTED_HITS = 3
AGE_NOT_IN_STORY = "the articles it is answered from give no age"


@dataclass(frozen=True)
class SearchResult:
    question: str
    hits: list[Hit]
    answered: bool
    reason: str | None = None  # why nothing was answered
    query_vector: np.ndarray | None = None  # the question under USE, for marking the answering sentence
    confidence: float = 0.0  # the answer model's probability that the first hit answers
    related: bool = False  # unanswered, but the hits are close: offer them as the closest passages
    #: The question's names that no article mentions, as the question writes them (the reason's subject).
    unknown: tuple[str, ...] = ()
    #: The first hit is the ``story``'s only for its bonus: the chat's story decided the answer.
    topical: bool = False


@dataclass(frozen=True)
class Candidates:
    """A question's candidate paragraphs (sorted rows) and what the ranking knows of each."""

    rows: np.ndarray
    article_ids: np.ndarray  # per candidate, its article's id
    paragraphs: np.ndarray  # per candidate, its paragraph's number in its article (1: the lead)
    features: CandidateFeatures
    cosines: dict[str, np.ndarray]
    query_vector: np.ndarray  # the question under USE
    unknown_names: list[str]
    speaker_bonus: np.ndarray  # added to the fused score where the speaker asked about speaks (index.quotes)
    same_language: np.ndarray  # per candidate: its article is in the question's language
    asks: bool = True  # a question, not a topic or a headline (index.answer_types.is_question)
    #: Some word of the question occurs in the articles searched, or the bridge's dictionary knows it
    known_words: bool = True
    #: "What did X say?" and no article mentions X: any quotation would be someone else's
    speaker_unknown: bool = False
    #: "What did X say?" and nothing more, where X has attributed quotations: the candidates where X speaks
    speaker_quoted: frozenset[int] = frozenset()
    #: The candidates holding what the question gives word for word (:mod:`index.exact`): answers whatever the cosines
    exact: frozenset[int] = frozenset()

    @property
    def similarity(self) -> np.ndarray:
        """The e5 cosines (USE's for an index without e5): comparable across questions."""
        return self.cosines["e5"] if "e5" in self.cosines else self.cosines["use"]

    def evidence(self, best: int) -> dict[str, float]:
        """What the answer model reads when candidate ``best`` ranks first."""
        return answer_evidence(self.features, best, self.cosines, unknown_names=bool(self.unknown_names),
                               same_language=bool(self.same_language[best]))


@dataclass(frozen=True)
class Filters:
    """Restrict a search to a date range (at the bound's own precision) or one article."""

    since: str | None = None
    until: str | None = None
    article: str | None = None
    #: An article's byline as stored: "What did Sanne Jansen write?" asks about her articles, which never name her.
    author: str | None = None
    #: Undated articles too: for a period the question names ("killed in the Syrian war since 2011"), which an
    #: undated article may tell of; ``--since`` asks for dated ones only.
    undated: bool = False

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.article or self.author)


class Retriever:
    """Searches one :class:`IndexVersion` with already-loaded encoders."""

    def __init__(self, version: IndexVersion, encoders: dict[str, Encoder], config: FusionConfig | None = None):
        self.version = version
        self.config = config or FusionConfig()
        if "use" not in encoders:
            raise ValueError("the multilingual encoder is needed for abstention")
        for key in {"use", *self.config.encoders()}:
            encoder = encoders[key]
            check_encoder(version, key, encoder.model_name, encoder.dimension)
        self.encoders = encoders
        #: Article number -> its mean e5 vector, filled as questions reach the article (at most one per article).
        self._centroids: dict[int, np.ndarray] = {}
        self._everyday_words: dict[str, bool] = {}  # see _everyday_word
        self._ages_asked: dict[str, _AgeAsked | None] = {}  # see _age_question
        self._given_names: dict[str, frozenset[str]] = {}  # folded surname → the given names written before it
        self._after_given_name: dict[str, bool] = {}  # a name → whether an article writes it after a given name

    def with_config(self, config: FusionConfig) -> "Retriever":
        return Retriever(self.version, self.encoders, config)

    @cached_property
    def articles(self) -> ArticleRows:
        """Which article each row belongs to, and each article's rows."""
        layout = self.version.store.row_layout(self.version.lexical.size)
        return ArticleRows.of(layout.owners, layout.languages, ids=layout.article_ids, paragraphs=layout.paragraphs,
                              answer_types=layout.answer_types)

    def candidates(self, question: str, *, filters: Filters | None = None,
                   include: Sequence[int] = ()) -> "Candidates | str":
        """Every candidate paragraph with its features (what the ranking and its fitting read), or why
        there are none; the rows ``include`` are candidates whatever their scores."""
        allowed = self._allowed_rows(filters or Filters())
        if allowed is not None and not len(allowed):
            return NO_ARTICLE_IN_FILTERS
        question = self.searched_as(question)
        terms = QuestionTerms.of(question)
        lexical = _SEARCH_POOL.submit(self._lexical, question, terms, allowed)
        unnamed_question = without_names(question)
        # Each encoder's question vectors and nearest rows as one job; e5's (the longest) runs here while
        # BM25 and the others run beside it on the pool.
        texts = {key: [question, unnamed_question] if key == "e5" and unnamed_question else [question]
                 for key in sorted({"use", *self.config.encoders()})}
        jobs = {key: _SEARCH_POOL.submit(self._dense_search, key, each, allowed)
                for key, each in texts.items() if key != "e5"}
        searched = {"e5": self._dense_search("e5", texts["e5"], allowed)} if "e5" in texts else {}
        searched.update((key, job.result()) for key, job in jobs.items())
        vectors = {key: found[0][0] for key, found in searched.items()}
        unnamed = searched["e5"][0][1] if "e5" in searched and unnamed_question else None
        dense = {key: found[1] for key, found in searched.items()}
        lexical_scores, lexical_top = lexical.result()
        rows = np.unique(np.concatenate([*(found for _, found in dense.values()), *lexical_top]))
        speaker = speaker_boost(question, self.version.store, allowed)  # "what did X say": X's paragraphs
        if speaker is not None:
            rows = np.union1d(rows, speaker.rows)
        exact = exact_rows(question, self.version.store, allowed)  # a quotation repeated, "Who is X?"
        rows = np.union1d(np.union1d(rows, exact), np.asarray(include, dtype=rows.dtype))
        if not len(rows):
            return NOTHING_MATCHES
        # The question's words in each candidate on the pool, while this thread computes the cosines.
        words = _SEARCH_POOL.submit(word_focus, terms.groups, rows, self.articles, self.version.bridge)
        # e5's paragraph vectors serve its cosines and the features past the question's names: read once.
        stored = {"e5": self.version.vectors["e5"].reconstruct_batch(rows.astype(np.int64))} if "e5" in vectors else {}
        cosines = {key: self._dense_scores(key, vector, rows, dense[key], stored.get(key))
                   for key, vector in vectors.items()}
        same_language = self.articles.languages[self.articles.owners[rows]] == terms.language
        offset = self.config.same_language_e5 * same_language  # e5's own-language lead, levelled for ranking
        e5_views = None
        if stored:
            means = self._article_means(rows)
            unnamed = unnamed if unnamed is not None else vectors["e5"]  # no names: the question itself
            # The residuals compare a paragraph with its own article's mean: the language's lead cancels.
            e5_views = {"e5_residual": residual_cosines(vectors["e5"], stored["e5"], means),
                        "e5_unnamed": stored["e5"] @ unnamed - offset,
                        "e5_unnamed_residual": residual_cosines(unnamed, stored["e5"], means)}
        # Paragraph numbers and answer types were stored by the build: no candidate's text is read here.
        paragraphs = self.articles.paragraphs[rows]
        answer_types = answer_type_columns(terms.types, self.articles.answer_types[rows])
        features = candidate_features(
            terms, rows, words.result(), answer_types, paragraphs,
            cosines={key: value - offset if key == "e5" else value for key, value in cosines.items()},
            bm25=lexical_scores["bm25"][rows], bridge=lexical_scores["bridge"][rows],
            layout=self.articles, e5_views=e5_views)
        article_ids = self.articles.ids[self.articles.owners[rows]]
        bonus = (speaker.bonuses(rows, article_ids.tolist()) if speaker is not None
                 else np.zeros(len(rows), dtype=np.float32))
        bonus += SPEAKER_FIRST_BONUS * np.isin(rows, exact)
        bonus += AGE_BONUS * np.isin(rows, self._giving_age(question, rows))
        unknown = self.unknown_names(question)
        if allowed is not None:  # known to the index, but not to the articles searched
            unknown += self._unnamed_in(question, allowed, unknown)
        # A name the articles spell otherwise counts as a word they hold: "What did Lukashenko admitt?" asks
        # about Loekasjenko, whatever "admitt" is.
        known_words = (any(len(top) for top in lexical_top) or any(map(_translated, terms.groups))
                       or bool(set(names_asked(question)) - set(unknown)))
        person, surname = asked_name(question), asked_surname(question)  # "what did X say": X whole, its surname
        if person and (surname in unknown or self._unknown_person(person)):
            # the person whole, not also a word of theirs ("Pieter en Pieter Bakker"), nor only the word unknown
            # ("the articles do not mention Un" for Kim Jong Un, whom a fact-checker's articles call Kim)
            unknown = [n for n in unknown if n not in name_words(person)] + [person]
        if filters and filters.author:  # the byline's name is no article's word, but it is not unknown
            bylined = {part for name in names_as_written(question, unknown) if in_byline(name, filters.author)
                       for part in unknown if part in name}  # "O" and "Connor" of "Liam O'Connor"
            unknown = [n for n in unknown if n not in bylined and not in_byline(n, filters.author)]
        quoted = frozenset(speaker.boosted or ()) if speaker is not None and speaker.only_said else frozenset()
        return Candidates(rows, article_ids, paragraphs, features, cosines, vectors["use"], unknown, bonus,
                          same_language, terms.asks, known_words,
                          speaker_unknown=bool({surname, person} & set(unknown)), speaker_quoted=quoted,
                          exact=frozenset(exact.tolist()))

    def byline(self, question: str) -> str | None:
        """The author whose byline the question names where no article's text does ("Wat schreef Sanne Jansen over
        de brug?"): her articles are what it asks about. A trial's "What did Sanne Jansen write?" had been refused,
        "the articles do not mention Sanne Jansen", over her own articles."""
        persons = self._byline_persons
        if not persons:
            return None
        question = self.as_read(question)
        names = names_asked(question)
        if not any(in_byline(name, person) for name in names for person in persons):
            return None  # the usual question: no name of a byline, no second look-up of its names
        unknown = names_as_written(question, self.unknown_names(question))
        # Each name whole as written: "Sanne de Boer" is not the byline "Sanne Jansen". One the articles' text
        # never writes whole is the byline's too, though a word of it is known ("Rachel Green": "Groen" in a title).
        for name in names_as_written(question, names):
            named = {person for person in persons if in_byline(name, person)}
            if len(named) == 1 and (name in unknown or len(name.split()) > 1
                                    and not self.version.store.first_rows_naming(name, limit=1)):
                return named.pop()
        return None

    @cached_property
    def _byline_persons(self) -> list[str]:
        """Every person of the articles' bylines (:func:`index.bylines.byline_persons`)."""
        return list(dict.fromkeys(p for author in self.version.store.authors() for p in byline_persons(author)))

    def _unnamed_in(self, question: str, allowed: np.ndarray, unknown: list[str]) -> list[str]:
        """The question's names, besides ``unknown``, that no article of the ``allowed`` rows names: with
        ``--since 2024``, "Wat wil Utrecht met de binnenstad?" had quoted other towns' articles as its answer
        because an undated article names Utrecht."""
        searched = set(self.articles.ids[np.unique(self.articles.owners[allowed])].tolist())
        store = self.version.store
        unnamed = [name for name in names_asked(question)
                   if name not in unknown and not store.articles_naming(name) & searched]
        if not unnamed or self.version.entity_vectors is None or self.version.entity_vectors.ntotal == 0:
            return unnamed
        # A name the articles write otherwise is named where its other name is: with ``--until 2022``, "Who is in
        # power in Belarus?" had been told that no article mentions Belarus, which the seed calls Wit-Rusland.
        meant = self._names_meant(unnamed, question)
        return [name for name in unnamed
                if not any(store.articles_naming(other) & searched for other in meant[name])]

    def _writes_dotted(self, name: str) -> bool:
        """Whether an abbreviation typed without its dots ("DC", "VS") is one the articles write with them."""
        return re.fullmatch(r"[A-Z]{2,4}", name) is not None and self.version.store.writes(".".join(name) + ".")

    def _unknown_person(self, name: str) -> bool:
        """Whether no article names the person asked about: a name of several words ("Pieter Bakker") whose
        surname no speaker has and no article names (as a name, in any spelling), or that the articles write only
        with other given names. The question's words may each be known otherwise ("bakker" as a Dutch word,
        "Pieter" as Peter Martin), which before let "What did Pieter Bakker say?" quote Peter Martin. An article
        may name the surname alone ("Scherzer" for "Max Scherzer")."""
        words = name_words(name)
        store = self.version.store
        if len(words) < 2 or self._writes_dotted(words[-1]):
            return False
        naming = store.articles_naming(words[-1])
        speakers = store.speaker_names.matching(words[-1])
        if not naming and not speakers:
            return True
        # The articles name the surname, but only with other given names ("Anneke Bakker" for "What did Pieter Bakker
        # say?", an editor's trial): no one of that name. Only for a surname people who speak have (not "Air
        # Navigation Indonesia"), and where few articles name it.
        if not naming or len(naming) > GIVEN_NAME_ARTICLES or not any(len(name_words(s)) > 1 for s in speakers):
            return False
        surname = fold_name(words[-1])
        if surname not in self._given_names:  # read once per surname and index version
            self._given_names[surname] = frozenset().union(
                *(given_names(store.passages(store.article_rows(a)).values(), surname) for a in naming))
        written = self._given_names[surname]
        # Any word before the surname: "Indonesische Rode Kruis" is the articles' "Rode Kruis".
        return bool(written) and not any(spelled_alike(fold_name(w), g) for w in words[:-1] for g in written)

    def written_after_a_given_name(self, surname: str) -> bool:
        """Whether some article writes ``surname`` as written right after a word that may be a given name: not a
        word of the dictionaries, nor a title ("Wayde Sims", "Habiboellajevitsj Sajpov"; not "Lower Manhattan",
        "Airport Palu", "Long Lartin"). Read once per name and index version."""
        if surname not in self._after_given_name:
            store = self.version.store
            before = re.compile(rf"\b([{CAPITALS}][\w'’-]*)\s+{re.escape(surname)}\b")
            articles = sorted(store.articles_naming_as(surname))[:GIVEN_NAME_ARTICLES]
            self._after_given_name[surname] = any(
                not is_ordinary_word(given) and not is_title_word(given)
                for article in articles for passage in store.passages(store.article_rows(article)).values()
                for given in before.findall(passage.text))
        return self._after_given_name[surname]

    def _speaker_translated(self, question: str) -> str:
        """``question`` with the speaker it asks about in the articles' language, where no one quoted has the name
        as written and someone has it word for word by the dictionary: "What did the Red Cross say?" asks about
        "het Rode Kruis" (a trial's English question had been refused as "the articles do not mention Red Cross",
        the articles' "Victoria Cross" taken for another given name)."""
        name = asked_speaker(question)
        words = name_words(name) if name else []
        if len(words) < 2 or name not in question or any(
                same_person(name, s) for s in self.version.store.speaker_names.matching(words[-1])):
            return question
        asked = [_meanings(w) for w in words]
        found = next((speaker for speaker, meant in self._speaker_meanings.items() if len(meant) == len(words)
                      and all(wanted & each for wanted, each in zip(asked, meant))), None)
        return question.replace(name, found) if found else question

    @cached_property
    def _speaker_meanings(self) -> dict[str, list[set[str]]]:
        """Each quoted speaker of two words or more, with each word's forms and English meanings (once per index
        version)."""
        return {speaker: [_meanings(w) for w in speaker.split()] for speaker in self.version.store.speakers()
                if 2 <= len(speaker.split()) <= 4}

    def _article_means(self, rows: np.ndarray) -> np.ndarray:
        """The mean e5 vector of each row's article (for :func:`index.features.residual_cosines`)."""
        articles = self.articles.owners[rows]
        missing = np.array(sorted(set(np.unique(articles).tolist()) - self._centroids.keys()), dtype=np.int64)
        if len(missing):
            # Each article's mean is computed once per index version, from the stored vectors.
            article_rows, _ = self.articles.rows_of(missing)
            article_vectors = self.version.vectors["e5"].reconstruct_batch(article_rows.astype(np.int64))
            counts = self.articles.sizes[missing]
            sums = np.add.reduceat(article_vectors, np.concatenate([[0], np.cumsum(counts)[:-1]]), axis=0)
            self._centroids.update(zip(missing.tolist(), sums / counts[:, None].astype(np.float32)))
        return np.stack([self._centroids[a] for a in articles.tolist()])

    def search(self, question: str, *, k: int = 10, filters: Filters | None = None,
               story: Sequence[str] = (), story_first: bool = False) -> SearchResult:
        """Rank passages for ``question``; ``answered`` is False when nothing is good enough. ``story``: the
        articles a chat is about, whose passages are all candidates and rank :func:`story_bonus` likelier (not an
        article filter, which ranks among its own paragraphs, as the ranking was not fitted: a chat's "hoe is hij
        gestorven?" then put a paragraph about the waves first); ``story_first``: the story's best passage ranks
        first, whatever the others' scores (a follow-up's own words, searched within the story)."""
        store = self.version.store
        include = [row for article in story for row in store.article_rows(article)]
        found = self.candidates(question, filters=filters, include=include)
        if isinstance(found, str):
            return SearchResult(question, [], False, found)
        fused = self.fused_scores(found)
        rows = found.rows
        topical = False
        if story:
            in_story = np.isin(found.article_ids, list(story))
            topical = bool(in_story.any()) and not in_story[np.argmax(fused)]
            fused = fused + story_bonus(found, fused, in_story, first=story_first)
            topical = topical and bool(in_story[np.argmax(fused)])
        # "Ryder Cup", "Brexit" typed alone: the articles about it, not the short paragraphs nearest two words.
        mentions = self._first_mentions(question, found, fused) if not story and is_topic(question) else None
        order = mentions[: k + 10] if mentions is not None else np.argsort(-fused, kind="stable")[: k + 10]
        passages = self.version.store.passages(rows[order].tolist())
        articles = self.version.store.articles_by_id({passages[int(rows[i])].article_id for i in order})
        similarity = found.similarity
        hits = [Hit(int(rows[i]), passages[int(rows[i])], articles[passages[int(rows[i])].article_id],
                    float(fused[i]), float(similarity[i])) for i in order.tolist()]
        # Equal scores (to TIE): the newer article first, then reading order.
        if mentions is None:
            hits.sort(key=lambda h: (-round(h.score, 3), _negated_date(h.article.date), h.row))
        if not found.speaker_quoted:  # "What did Trump say?" may ask for his questions too
            hits.sort(key=lambda h: only_a_question(h.passage.text))
        hits = hits[:k]
        first = next(i for i in order.tolist() if int(rows[i]) == hits[0].row)
        confidence = self._confidence(found.evidence(first))
        # No word the articles or the dictionary know ("xyz", "aaaa"): the encoders still find a nearest
        # paragraph, often a short one, but nothing was asked that the articles could hold.
        wordless = not found.known_words and self._bridge_translates
        # "What did Karin Bos say?" where she speaks first: her attributed words answer it, however short the
        # paragraph and low its cosines (an operator's three articles refused it, her quote the closest passage).
        quoted = hits[0].row in found.speaker_quoted or hits[0].row in found.exact
        # "Who is Trevor Banks?" where the first passage names him: it tells who he is, however low the cosines of
        # so short a question (an editor's trial: refused, that passage shown as "closest, which does not answer it").
        introduced = names_whom_asked(question, hits[0].passage.text) if hits else False
        # 'Who said "…"?' where no passage holds those words: any passage would name someone for other words.
        misquoted = not found.exact and asks_whose_words(question)
        answered = ((confidence >= self.config.answer_above or quoted or introduced) and not wordless
                    and not found.speaker_unknown and not misquoted)
        # What the question asks for, where the articles cannot hold it: a named person's age, a name, a sum.
        lacking = self._lacking(question, hits, filters) if answered and not found.unknown_names else None
        answered = answered and lacking is None
        related = (not answered and not found.unknown_names and not wordless
                   and (misquoted or lacking is not None or confidence >= CLOSEST_SHARE * self.config.answer_above))
        reason = None
        unknown = tuple(_whole_names(question, found.unknown_names)) if found.unknown_names else ()
        if not answered:
            reason = (f"the articles do not mention {', '.join(unknown)}" if unknown
                      else NO_KNOWN_WORD if wordless else WORDS_NOT_FOUND if misquoted else lacking if lacking
                      else NOT_ANSWERED if related else NOTHING_CLOSE)
        return SearchResult(question, hits, answered, reason, found.query_vector, confidence, related, unknown,
                            topical)

    def _lacking(self, question: str, hits: Sequence[Hit], filters: Filters | None) -> str | None:
        """Why the articles cannot answer what ``question`` asks for, though its passages are close: None where
        they may. Only its own words count, not the previous question a follow-up is read with ("hoe oud was hij?
        Hoe heette de fietser …?" asks an age, not a name)."""
        own = first_question(question)
        if self._gives_no_age(question, filters):
            # "How old is David Patton?" where no paragraph about him, nor the one before or after it, gives an age:
            # the closest paragraph names him but cannot answer (a journalist's three such questions were answered).
            return AGE_NOT_GIVEN
        if ASKS_AGE.search(own) and self._age_question(question) is None and not any(
                AN_AGE.search(text) for text in self._story_texts(hits)):
            # "Hoe oud was de fietser?", "hoe oud was hij?" about a story that gives no age at all
            return AGE_NOT_IN_STORY
        if name_not_given(own, self._story_texts(hits), load_dictionary(), previous=question[len(own):],
                          cosines=self._word_cosines):
            # "What is the name of the boy bitten by the shark?" where the articles it is answered from tell of "de
            # jongen" but never name him (the held-out sets' near-topic questions ask that most often); "what was
            # his name?" after "How old was the cyclist …?"
            return NAME_NOT_GIVEN
        if money_not_given(own, self._story_texts(hits)):
            # "Hoeveel heeft de nieuwe moskee in Keulen gekost?" where those articles write no sum of money at all
            return MONEY_NOT_GIVEN
        if self._never_quoted(question, hits):
            return NEVER_QUOTED
        return None

    def _never_quoted(self, question: str, hits: Sequence[Hit]) -> bool:
        """Whether "What did X say?" asks about a person (two words or more, no dictionary's) to whom no quotation
        is attributed, and whom none of the first hits names: a Dutch editor's "Wat zei Raheem Sterling over zijn
        doelpunt tegen Brighton?" got Guardiola's words first, under a note that they may be Sterling's."""
        person = asked_speaker(question)
        return bool(person) and len(name_words(person)) > 1 and bool(proper_names([person])) \
            and not self.names_a_speaker(person) \
            and not any(names_by_surname(person, hit.passage.text) for hit in hits[:NEVER_QUOTED_HITS])

    def _age_asked_of(self, question: str) -> str | None:
        """Whom "How old is X?" asks about: the name right after its "how old is" ("How old is David Patton?",
        "how old is jens stoltenberg"), not a place of the question it was read with ("how old was he? Who was
        attacked by a shark in California?")."""
        if not ASKS_AGE.search(question):
            return None
        question = self.as_read(question)
        asked = _AGE_OF.search(question)
        names = names_as_written(question, names_asked(question))
        return names[0] if asked and names and question[asked.end():].startswith(names[0]) else None

    def articles_naming_age_asked(self, question: str) -> set[str] | None:
        """For "How old is X?", the articles that name X (by surname, in any spelling); None for another question.
        Only these can give X's age: a trial's "How old is Lewis Hamilton?" quoted "It's 36 years old." (an
        allegation's age) from an article about Kavanaugh."""
        asked = self._age_question(question)
        return self.version.store.articles_naming(asked.surname) if asked else None

    def _giving_age(self, question: str, rows: np.ndarray) -> list[int]:
        """For "How old is X?", the ``rows`` that give X's age the way news does ("Dyteon Simpson, 20,", "de
        29-jarige Track Palin"): a journalist's "how old was Dyteon Simpson?" had got "Sims was 20 years old."."""
        asked = self._age_question(question)
        if asked is None:
            return []
        texts = self.version.store.passages(rows.tolist())
        return [row for row in rows.tolist() if self._ages_in(asked, texts[row])]

    def ages_stated(self, question: str, passage: StoredPassage, *, certain: bool = False) -> set[str]:
        """The ages ``passage`` gives for whom "How old is X?" asks about (:meth:`age_stated`), less those written
        with another given name ("Track Palin, 26" for "Hoe oud is Todd Palin?", "Michael Vann, 72" for Bernard
        Vann: a fact-checker's trial was given both as the answer); ``certain``: less the surname alone too where
        the article names someone else by it ("Palin, 29," beside "Sarah Palin" and "Track Palin")."""
        asked = self._age_question(question)
        return self._ages_in(asked, passage, certain=certain) if asked else set()

    def may_give_age(self, question: str, passage: StoredPassage) -> bool:
        """For "How old is X?", whether ``passage`` gives some age that is not someone else's of X's surname ("The
        Scot, 42" for Jack Ross may be his; "Michael Vann, 72" is not Bernard Vann's)."""
        asked = self._age_question(question)
        return asked is not None and AN_AGE.search(passage.text) is not None and not any(
            _another_given_name(passage.text, match.start() if match["age"] else match.end() - len(asked.surname),
                                asked.given) for match in asked.stated.finditer(passage.text))

    def _ages_in(self, asked: _AgeAsked, passage: StoredPassage, *, certain: bool = False) -> set[str]:
        ages = set()
        for match in asked.stated.finditer(passage.text):
            start = match.start() if match["age"] else match.end() - len(asked.surname)
            if _another_given_name(passage.text, start, asked.given):
                continue
            alone = asked.given and not _given_names_before(passage.text, start)
            if not (certain and alone and self._names_another(passage.article_id, asked.surname, asked.given)):
                ages.add(match["age"] or match["before"])
        return ages

    def _names_another(self, article_id: str, surname: str, given: Sequence[str]) -> bool:
        """Whether the article writes ``surname`` after a given name other than ``given``. Reads the article."""
        store = self.version.store
        for passage in store.passages(store.article_rows(article_id)).values():
            for match in _surname(surname).finditer(passage.text):
                if _another_given_name(passage.text, match.start(), given):
                    return True
        return False

    def age_stated(self, question: str) -> re.Pattern[str] | None:
        """For "How old is X?", what states X's age as news does ("Track Palin, 26 jaar", "de 29-jarige Palin"),
        its one group the age; None for another question."""
        asked = self._age_question(question)
        return asked.stated if asked else None

    def _age_question(self, question: str) -> _AgeAsked | None:
        """Whom "How old is X?" asks about, as typed and as the articles spell the surname, and what states that
        person's age; worked out once per question (a search and its answer ask for it for every candidate)."""
        if question not in self._ages_asked:
            name = self._age_asked_of(question)
            asked = None
            if name is not None:
                surname = self.as_spelled(name.split()[-1])
                escaped = re.escape(surname)
                stated = re.compile(rf"\b{escaped}\s*(?:,|\()\s*(?P<age>\d{{1,3}})\b|"
                                    rf"\b(?P<before>\d{{1,3}})[- ](?:year[- ]old|jarige)\s+(?:\S+\s+){{0,3}}"
                                    rf"{escaped}\b")
                asked = _AgeAsked(name, tuple(name.split()[:-1]), surname, stated)
            if len(self._ages_asked) >= 256:
                self._ages_asked.clear()
            self._ages_asked[question] = asked
        return self._ages_asked[question]

    def _gives_no_age(self, question: str, filters: Filters | None) -> bool:
        """Whether "How old is X?" asks about a person (two words or more, or someone quoted) that no paragraph
        naming them, nor the one before or after it, gives any age in: no "X, 20,", "21-jarige", "13 jaar", "his
        21st birthday". Reads those paragraphs."""
        asked = self._age_question(question)
        if asked is None or not (asked.given or self.names_a_speaker(asked.name)):
            return False
        store = self.version.store
        allowed = self._allowed_rows(filters or Filters())
        rows = store.rows_with_text(asked.surname)
        # not where the surname is always another's ("Track Palin" for "Hoe oud is Todd Palin?")
        texts = store.passages(rows)
        word = _surname(asked.surname, re.I)
        rows = [row for row in rows if not all(_another_given_name(texts[row].text, m.start(), asked.given)
                                               for m in word.finditer(texts[row].text))]
        if allowed is not None:
            kept = set(allowed.tolist())
            rows = [row for row in rows if row in kept]
        around = store.passages(sorted({r + d for r in rows for d in (-1, 0, 1) if r + d >= 0}))
        return not any(_an_age_not_others(around[r + d].text, asked) for r in rows for d in (-1, 0, 1)
                       if r + d in around and around[r + d].article_id == around[r].article_id)

    def _word_cosines(self, word: str, words: Sequence[str]) -> np.ndarray:
        """USE's cosines of ``word`` to each of ``words``: a word's translation where the dictionary has none."""
        vectors = self.encoders["use"].encode_document([word, *words])
        return vectors[1:] @ vectors[0]

    def _story_texts(self, hits: Sequence[Hit]) -> Iterator[str]:
        """The titles and paragraphs of the articles a question is answered from: those of its first three hits. A
        title may be all that names someone ("politie arresteert Dyteon Simpson als verdachte": a reader's "wie is
        de verdachte …?" had been told the articles do not name him)."""
        store = self.version.store
        for article in {hit.article.id: hit.article for hit in hits[:3]}.values():
            yield article.title
            yield from (p.text for p in store.passages(store.article_rows(article.id)).values())

    def _first_mentions(self, topic: str, found: Candidates, fused: np.ndarray) -> np.ndarray | None:
        """:func:`_by_article` of the candidates that hold each of the topic's words, as the bridge reads
        them or as written ("Sims", which the bridge's Dutch lemmas do not keep)."""
        holds = found.features.coverage >= 1.0
        if not holds.all():
            texts = self.version.store.passages(found.rows[~holds].tolist())
            words = [w.lower() for w in re.findall(r"\w[\w'’-]*", self.as_read(topic))]
            patterns = [re.compile(rf"(?<![\w-]){re.escape(w)}", re.I) for w in words if w not in _TOPIC_FILLER]
            if patterns:
                holds[~holds] = [all(p.search(texts[int(row)].text) for p in patterns)
                                 for row in found.rows[~holds].tolist()]
        return _by_article(found, fused, holds)

    def fused_scores(self, found: Candidates) -> np.ndarray:
        """Each candidate's ranking score (log-odds of its being the answer among them)."""
        chosen = self.config.weights if found.asks else self.config.topic_weights
        weights = np.array([chosen.get(f, 0.0) for f in FEATURES], dtype=np.float32)
        hidden = self.config.hidden if found.asks else None
        fused = ranking_scores(found.features.matrix, weights, hidden) + found.speaker_bonus
        if self.config.weights.get("st") and "st" in found.cosines:
            fused += self.config.weights["st"] * zscore(found.cosines["st"])
        return fused

    def newest(self, *, k: int, filters: Filters | None = None) -> list[Hit]:
        """The first passage of each of the ``k`` newest dated articles within ``filters``: "what's new?" names
        no topic to rank by."""
        filters = filters or Filters()
        store = self.version.store
        rows = store.newest_leads(since=filters.since, until=filters.until, article=filters.article,
                                  author=filters.author, limit=k)
        passages = store.passages(rows)
        articles = store.articles_by_id({passage.article_id for passage in passages.values()})
        return [Hit(row, passages[row], articles[passages[row].article_id], 0.0, 0.0) for row in rows]

    def _confidence(self, evidence: dict[str, float]) -> float:
        z = self.config.answer_bias + sum(self.config.answer_weights.get(k, 0.0) * v for k, v in evidence.items())
        return float(1.0 / (1.0 + np.exp(-z)))

    def _lexical(self, question: str, terms: "QuestionTerms",
                 allowed: np.ndarray | None) -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
        """BM25 and bridge scores of every row (zero outside ``allowed``) and the rows of the best of each."""
        scores = {"bm25": self.version.lexical.scores(question),
                  "bridge": self.version.bridge.group_scores(terms.groups)}
        if allowed is not None:
            mask = np.zeros(self.version.lexical.size, dtype=np.float32)
            mask[allowed] = 1.0
            scores = {key: value * mask for key, value in scores.items()}
        return scores, [_top(value, self.config.candidates) for value in scores.values()]

    def _allowed_rows(self, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        store = self.version.store
        rows: set[int] | None = None
        if filters.article:
            rows = set(store.article_rows(filters.article))
        if filters.author:
            by = set(store.author_rows(filters.author))
            rows = by if rows is None else rows & by
        if filters.since or filters.until:
            dated = set(store.rows_in_dates(filters.since, filters.until, undated=filters.undated))
            rows = dated if rows is None else rows & dated
        return np.array(sorted(rows or ()), dtype=np.int64)

    def _dense_search(self, key: str, texts: list[str],
                      allowed: np.ndarray | None) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """The vectors of ``texts`` under ``key`` and the nearest rows' (cosines, rows) to the first."""
        vectors = self.encoders[key].encode_query(texts)
        return vectors, self._dense_candidates(key, vectors[0], allowed)

    def _dense_candidates(self, key: str, vector: np.ndarray,
                          allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The nearest rows' (cosines, rows)."""
        scores, rows = search_vectors(self.version.vectors[key], vector, self.config.candidates, allowed=allowed,
                                      skip=self.version.skip_retired)
        return scores[rows >= 0], rows[rows >= 0]

    def _dense_scores(self, key: str, vector: np.ndarray, rows: np.ndarray,
                      found: tuple[np.ndarray, np.ndarray] | None, stored: np.ndarray | None = None) -> np.ndarray:
        """Cosines of ``rows`` (sorted): as the vector search ``found`` them, the others from the stored vectors
        (``stored``: those of ``rows``, already read)."""
        scores = np.empty(len(rows), dtype=np.float32)
        missing = np.ones(len(rows), dtype=bool)
        if found is not None:
            at = np.searchsorted(rows, found[1])
            scores[at] = found[0]
            missing[at] = False
        if missing.any():
            vectors = stored[missing] if stored is not None else self.version.vectors[key].reconstruct_batch(
                rows[missing])
            scores[missing] = vectors @ vector
        return scores

    def as_read(self, question: str) -> str:
        """``question`` as the search reads it: typed without capitals, it gets the articles' spelling of their
        names back ("what did stoltenberg say" → "Stoltenberg"), since names are found by their capitals; typed
        in capitals only, it is read as typed without ("WAT GAF LOEKASJENKO TOE?" had named "GAF")."""
        words = re.findall(r"[^\W\d_]+", question)
        if len(words) > 2 and all(w.isupper() for w in words):
            question = question.lower()
        if not typed_without_capitals(question):
            return self._speaker_translated(question)
        store = self.version.store
        restored = restore_name_case(question, self._cased_names, self._unknown_word, self._everyday_word,
                                     store.writes, store.names_alone)
        restored = self._unknown_speaker_cased(_nouns_after_articles(question, restored))
        return self._speaker_translated(self._speakers_cased(self._hyphenated_names_cased(restored)))

    def searched_as(self, question: str) -> str:
        """``question`` as the search looks for it: :meth:`as_read`, and each name the articles spell otherwise in
        their spelling (:meth:`_respelled`), which the reader is never shown ("More for “What did Lukashenko
        admit?”", as typed)."""
        return self._respelled(self._misspelt_names_cased(self.as_read(question)))

    def _misspelt_names_cased(self, question: str) -> str:
        """``question`` with each word of five letters or more that no article or lexicon knows written as the
        articles write a name it is spelled like: a reader's "kavanagh" alone had been told that none of its words
        occur in the articles, and "haaienaanval californie" too (the articles write "Californië")."""
        def cased(word: re.Match[str]) -> str:
            typed = word.group()
            if len(typed) < 5 or not typed.islower() or not self._unknown_word(typed):
                return typed
            spelled = self.as_spelled(typed.capitalize())
            return spelled if spelled != typed.capitalize() and len(fold_name(spelled).split()) == 1 else typed

        return re.sub(r"[^\W\d_]+", cased, question)

    def _hyphenated_names_cased(self, question: str) -> str:
        """``question`` with a hyphenated name typed as two words as the articles write it: "tim berners lee" is
        Tim Berners-Lee (a reader's "how tall is tim berners lee" had got Wayde Sims's height with no note that no
        article names him)."""
        return re.sub(r"\b([^\W\d_]+)\s+([^\W\d_]+)\b", lambda pair: self._cased_names.get(
            f"{pair[1]}-{pair[2]}".lower(), pair[0]) if pair[1].islower() else pair[0], question)

    def _respelled(self, question: str) -> str:
        """``question`` with each name the articles spell otherwise written as they do (:meth:`as_spelled`, which
        leaves a name they write as it is): "Lukashenka?" had found no word to search by and quoted "Schei toch
        uit." from another story."""
        for name in names_as_written(question, names_asked(question)):
            # The capitalised words written just before it are of the same name ("Tom" of "Tom Dailey").
            before = re.search(rf"((?:[{CAPITALS}][\w'’-]*\s+)*){re.escape(name)}(?!\w)", question)
            beside = before[1].split() if before else []
            spelled = self.as_spelled(name, beside)
            # Word by word where the whole is found only in part ("Kanye Wset": "Kanye", then "Wset": "West").
            words = name.split()
            respelled = {name: spelled} if len(words) == len(spelled.split()) else {
                word: self.as_spelled(word, [*beside, *words[:i]]) for i, word in enumerate(words)}
            for typed, spelled in respelled.items():
                # word for word: not "Nord" for "Noord-Koreanen" (a compound alike in a part)
                if spelled != typed and len(fold_name(spelled).split()) == len(fold_name(typed).split()):
                    question = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", spelled, question)
        return question

    def _unknown_speaker_cased(self, question: str) -> str:
        """``question`` with the words that neither the articles nor the lexicons know capitalised where they stand
        for whose words are asked ("what did stoltenberg say", "wat zei mark rutte"): a name, which the articles do
        not mention. A trial over English articles that never name Stoltenberg quoted a tsunami survivor's "he said"
        for "what did stoltenberg say" (with capitals: refused, "the articles do not mention Stoltenberg"). Elsewhere
        such a word is more often a compound or a typo than a name ("slaapcursus", "haaienaanval")."""
        slot = _SPEAKER_SLOT.match(question)
        if slot is None or re.match(r"(?:the|de|het|een|a|an)\s", slot["who"], re.I):  # a role: "the spokesman"
            return question
        who = re.sub(r"[^\W\d_]+", lambda word: word[0][:1].upper() + word[0][1:]
                     if not is_common_word(word[0]) and self._unknown_word(word[0]) else word[0], slot["who"])
        return question[:slot.start("who")] + who + question[slot.end("who"):]

    def _speakers_cased(self, question: str) -> str:
        """``question`` with each speaker's full name written as the articles do: "wat zei will wade" asks about
        Will Wade, though "will" and "wade" are words (a Dutch reader's trial lost his quotes)."""
        matches = list(re.finditer(r"[\w'’-]+", question))
        for size in range(min(4, len(matches)), 1, -1):
            for at in range(len(matches) - size + 1):
                run = matches[at:at + size]
                words = question[run[0].start():run[-1].end()]
                cased = self._speaker_names_cased.get(" ".join(words.lower().split()))
                if cased and words != cased and len(words) == len(cased):
                    question = question[:run[0].start()] + cased + question[run[-1].end():]
        return question

    @cached_property
    def _speaker_names_cased(self) -> dict[str, str]:
        """Speakers' names of two words or more by their lowercase spelling (read once per index version)."""
        return {" ".join(name.lower().split()): name for name in self.version.store.speakers() if " " in name}

    @cached_property
    def _bridge_translates(self) -> bool:
        """Whether the index was built with the bridge's dictionary: without it, a word unknown to the articles
        may still be a real one ("What did the dockworkers get?" about Dutch articles)."""
        return bool(self.version.manifest.data.get("bridge", {}).get("dictionary"))

    @cached_property
    def _cased_names(self) -> dict[str, str]:
        """The articles' names by their lowercase spelling, for questions typed without capitals."""
        return {name.lower(): name for name in self.version.entities}

    def _everyday_word(self, name: str) -> bool:
        """Whether ``name`` (as the articles write it) is a word of the bridge's dictionary that the articles
        use as a name on its own less often than as the everyday word, or only inside longer names ("Instagram
        Live", "Boy George"), whose Dutch starts no name either (not "scotland": Schotland; "british": Britse, an
        ending away; but "city" is not Stadio, nor "police" Politie-inspecteur, which had made a trial's "which city
        was hit?" ask about "City"; nor is "president" the name its own Dutch spelling is), and no quoted person's
        name: typed alone and without capitals, it is the everyday word. "Trump" and "May" stay names, "the
        Government" and the Olympic "Spelen" do not (a conversation's "tegen wie spelen ze hierna?" had asked about
        the Games); without the dictionary, every name does. Read once per word and index version."""
        if name not in self._everyday_words:
            self._everyday_words[name] = False  # while it is read: a name whose Dutch starts this one
            dictionary = load_dictionary()
            word = name.lower()
            dutch = dictionary.translations(word)
            everyday = bool(dutch or dictionary.english(word)) \
                and not any((c == d or len(d) > 3 and c.startswith(d) and c[len(d):] in _ADJECTIVE_ENDINGS)
                            and c != word and not self._everyday_word(self._cased_names[c])
                            for d in dutch for c in self._cased_names) \
                and fold_name(name) not in self._quoted_surnames
            if everyday:
                holding, alone = self.version.store.written_alone(name)
                everyday = alone == 0 or self._lowercase_rows(word, dutch, holding) >= alone
            self._everyday_words[name] = everyday
        return self._everyday_words[name]

    def _lowercase_rows(self, word: str, dutch: Sequence[str], capitalised: int) -> int:
        """About how many paragraphs use ``word`` as an everyday word: those its BM25 terms or its ``dutch``
        translations (in the bridge) are in, less the ``capitalised`` ones (a stem counts its other forms too).
        Over Dutch articles an English reader's "government" is their "regering"."""
        lexical, bridge = self.version.lexical, self.version.bridge
        rows = {int(r) for language in lexical.languages for term in tokenize(word, language)
                for r in lexical.postings(term)[0]}
        if bridge is not None:
            rows.update(int(r) for term in dutch for r in bridge.postings(term)[0])
        return len(rows) - capitalised

    def _unknown_word(self, word: str) -> bool:
        """Whether neither the articles nor the lexicons know ``word``: typed without capitals beside a name,
        it is likely part of it ("mark rutte")."""
        lexical = self.version.lexical
        return not is_ordinary_word(word) and not any(lexical.knows(tokenize(word, language))
                                                      for language in lexical.languages)

    @cached_property
    def _title_words(self) -> frozenset[str]:
        """Every word of the articles' titles, lowercased: a name may be in a title only ("Grand Prix")."""
        return frozenset(w.lower() for title in self.version.store.titles() for w in re.findall(r"\w+", title))

    def unknown_names(self, question: str) -> list[str]:
        """Names in the question that no article mentions, in any spelling the encoder recognises."""
        names = names_asked(question)
        if not names:
            return []
        lexical = self.version.lexical
        unknown = [n for n in names if not any(lexical.knows(tokenize(n, lang)) for lang in lexical.languages)
                   and not set(re.findall(r"\w+", n.lower())) <= self._title_words
                   and fold_name(n) not in self._folded_entities  # "Zarate" for "Zárate" (an English reader's)
                   and not self._writes_dotted(n)]
        if not unknown or self.version.entity_vectors is None or self.version.entity_vectors.ntotal == 0:
            return unknown
        meant = self._names_meant(unknown, question)
        return [n for n in unknown if not meant[n]]

    def _names_meant(self, names: list[str], question: str) -> dict[str, list[str]]:
        """The articles' names each of ``names`` stands for by meaning ("Belarus": "Wit-Rusland")."""
        vectors = self.encoders["use"].encode_document(names)
        scores, found = self.version.entity_vectors.search(np.ascontiguousarray(vectors, dtype=np.float32),
                                                           NAME_NEIGHBOURS)
        entities = self.version.entities
        # Whoever is asked to have said or done something is matched by meaning only as a translation is ("What
        # did Poland say?": Polen, 0.91), not as a likeness ("What did Lukashenko say?" or "… admit?" over articles
        # that never name him had matched "Lukas", 0.72). Places and things keep the likeness (Cologne: Keulen).
        agent = name_words(asked_speaker(question) or _agent(question) or "")
        speaker = set(agent[-1:])  # the surname: not "Tory" of "Tory MP Peter Bone"
        return {n: [entities[i] for s, i in zip(near, ids) if i >= 0 and _same_name(
                    n, entities[i], float(s), self.config, self._speaker_words, translated=n in speaker)]
                for n, near, ids in zip(names, scores, found)}

    def as_spelled(self, name: str, beside: Sequence[str] = ()) -> str:
        """``name`` as the articles spell it, where they spell it otherwise ("Mickelson" for a reader's
        "Mickleson", whose note had repeated the misspelling); else as given. ``beside``: the words written before
        it in one name, as the articles write them together ("Tom Dailey": Daley, not the as close "Daily")."""
        lexical = self.version.lexical
        if any(lexical.knows(tokenize(name, lang)) for lang in lexical.languages) or \
                self.version.entity_vectors is None or self.version.entity_vectors.ntotal == 0:
            return name
        vector = self.encoders["use"].encode_document([name])
        _, found = self.version.entity_vectors.search(np.ascontiguousarray(vector, dtype=np.float32), NAME_NEIGHBOURS)
        entities = self.version.entities
        alike = [entities[i] for i in found[0] if i >= 0 and spelled_alike(name, entities[i])]
        # USE's neighbours miss two letters swapped ("Wset": a trial was told the articles that mention Kanye
        # Wset give no age, beside "West, 41")
        alike += [n for n in self.version.store.names_spelled_like(name) if n not in alike and spelled_alike(name, n)]
        return closest_spelling(name, alike, beside, self.version.store.writes)

    @cached_property
    def _folded_entities(self) -> frozenset[str]:
        """The articles' names folded (:func:`index.quotes.fold_name`: no accents, one spelling of "oe"/"u"…)."""
        return frozenset(fold_name(name) for name in self.version.entities)

    def names_a_speaker(self, name: str) -> bool:
        """Whether the last word of ``name`` is a word of some speaker's name: a person the articles quote."""
        words = fold_name(name).split()
        return bool(words) and words[-1] in self._speaker_words

    @cached_property
    def _quoted_surnames(self) -> frozenset[str]:
        """The last word of each quoted person's name given whole, folded: "May" of "Theresa May", whose "may" an
        article's lower case would otherwise outnumber; not "Party" of "the Labour Party"."""
        return frozenset(fold_name(words[-1]) for words in map(str.split, self.version.store.speakers())
                         if len(words) > 1 and not is_ordinary_word(words[0]))

    @cached_property
    def _speaker_words(self) -> frozenset[str]:
        """Every word of the speakers' names, folded (:func:`index.quotes.fold_name`): who is a person."""
        return frozenset(word for speaker in self.version.store.speakers() for word in fold_name(speaker).split())


#: At most this many words make a paragraph that is one question ("Uw pasgeboren baby?", "Did you leak the
#: document?") rather than a paragraph that asks one in passing.
QUESTION_PARAGRAPH_WORDS = 12


_ARTICLE_BEFORE = re.compile(r"\b(?:the|de|het|een|a|an)\s+$", re.I)


#: "what did X say", "what does X think", "wat zei X (over …)", "wat vindt X van …": X, who is asked about.
_SPEAKER_SLOT = re.compile(
    r"^\W*(?:what\s+(?:did|does|do|has|have|had)|wat\s+(?:zei|zegt|zeiden|zeggen|vond|vindt|vertelde|heeft|hebben))\s+"
    r"(?P<who>[^\W\d_]+(?:\s+[^\W\d_]+){0,3}?)"
    r"(?:\s+(?:say|said|tell|told|think|thought|gezegd|verteld|gevonden|about|on|over|van)\b|\W*$)", re.I)


def _nouns_after_articles(typed: str, restored: str) -> str:
    """``restored`` with a title or a role after an article typed as it was, unless a name follows: "wat zei de
    premier?" asks what the prime minister said, not someone called Premier (a reader's trial had "De artikelen
    noemen Premier"); "the British" stays a name."""
    words = list(re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", restored))  # "politie-inspecteur" whole
    pieces, end = [], 0
    for i, match in enumerate(words):
        word = match.group()
        after_name = i > 1 and words[i - 2].group()[:1].isupper() and words[i - 2].start() > 0
        name_follows = i + 1 < len(words) and words[i + 1].group()[:1].isupper()
        if (word != typed[match.start():match.end()] and _ARTICLE_BEFORE.search(restored, 0, match.start())
                and not after_name and not name_follows and is_title_word(word)):
            pieces += [restored[end:match.start()], typed[match.start():match.end()]]
            end = match.end()
    return "".join(pieces) + restored[end:]


def only_a_question(text: str) -> bool:
    """Whether a paragraph is nothing but a short question, which answers none: an interview's "Uw pasgeboren
    baby?" came first for five of a trial's questions. No answer labelled in tests/eval is one; such paragraphs
    go after the others among the hits."""
    return text.rstrip(" ’”'\")").endswith("?") and len(text.split()) <= QUESTION_PARAGRAPH_WORDS


def _translated(group: list[str]) -> bool:
    """Whether a question word's group (index.bridge.query_groups) holds a translation or a lemma besides the
    word itself and its negation."""
    return len({term.removeprefix("not_").lower() for term in group}) > 1


#: "What did Lukashenko admit?", "Wat gaf Loekasjenko toe?": the name right after the question's auxiliary, who did
#: what is asked.
_AGENT = re.compile(r"^\W*(?i:what|why|how|when|where|wat|waarom|hoe|wanneer|waar)\s+(?i:did|does|do|has|have|had|"
                    r"will|would|can|could|gaf|geeft|heeft|hebben|deed|doet|zei|zegt|wil|wilde|kon|kan)\s+"
                    r"(?P<name>[A-Z][\w'’-]*(?:\s+(?:(?:van|de|der|den|ter|ten)\s+)*[A-Z][\w'’-]*)*)")


def _agent(question: str) -> str | None:
    """Who a "what did X do" question asks about (:data:`_AGENT`), or None."""
    match = _AGENT.match(question)
    return match["name"] if match else None


#: At most this many articles naming a surname are read for the given names written before it.
GIVEN_NAME_ARTICLES = 20
#: An unknown name is compared with this many of the articles' names nearest under USE.
NAME_NEIGHBOURS = 8


#: "Who is Trevor Banks?", "wie was Bill Morgan": a question for who someone is, and the name asked about.
def _same_name(asked: str, known: str, similarity: float, config: FusionConfig,
               speaker_words: frozenset[str] = frozenset(), *, translated: bool = False) -> bool:
    """Whether a question's name is one of the articles' names (see ``FusionConfig.name_match``);
    ``speaker_words``: the words of the speakers' names, folded; ``translated``: by meaning only when as close as
    a translation (``name_match`` without the spelling's help)."""
    if spelled_alike(asked, known):
        return True
    if translated and similarity < config.name_match:
        return False
    if translated and _truncated(fold_name(asked), fold_name(known)):
        return False
    spelling = difflib.SequenceMatcher(None, asked.lower(), known.lower()).ratio()
    person = set(fold_name(known).split()) <= speaker_words
    return not person and similarity >= config.name_meaning and similarity + 0.5 * spelling >= config.name_match


def closest_spelling(name: str, alike: Sequence[str], beside: Sequence[str], writes: Callable[[str], bool]) -> str:
    """Of the articles' names ``alike`` to ``name``, the one it stands for: first one the articles write after the
    word ``beside`` it ("Tom Dailey": Daley, not the as close "Daily" of China Daily), then the closest spelling
    ("Kavanagh": Kavanaugh, not the Dutch genitive "Kavanaughs"; both had been named in trials' notes); as many
    words as asked, else not a compound of it ("NATO" is "Navo", never "NAVO-bondgenoten"); ``name`` where none."""
    words = len(fold_name(name).split())
    ranked = sorted(alike, key=lambda e: (bool(beside) and not writes(f"{beside[-1]} {e}"),
                                          OSA.distance(fold_name(name), fold_name(e))))
    return next((e for e in ranked if len(fold_name(e).split()) == words),
                next((e for e in ranked if "-" not in e), name))


def _truncated(asked: str, known: str) -> bool:
    """Whether ``known`` is ``asked`` cut short by three letters or more: another name, however close USE puts
    them ("Lukas" for "Lukashenka", 0.84, above "Belarus" and "Wit-Rusland"; a reader's "What did Lukashenka
    admit?" over articles that never name him quoted a woman who "gaf toe")."""
    return asked.startswith(known) and len(asked) - len(known) >= 3


#: Fused scores this close rank as equals (they are rounded to three decimals).
TIE = 0.001


def _top(scores: np.ndarray, count: int) -> np.ndarray:
    """Rows of the ``count`` highest positive ``scores`` (in no order); only the rows a word matched are
    ranked, not every row."""
    matched = np.flatnonzero(scores > 0)
    if len(matched) <= count:
        return matched
    return matched[np.argpartition(-scores[matched], count)[:count]]


def _negated_date(date: str | None) -> tuple[int, ...]:
    if not date:
        return (1,)
    return (0, *(-int(part) for part in date.split("-")))


def configured(retriever: Retriever, name: str) -> Retriever:
    """The same index and encoders under one of :data:`CONFIGURATIONS`."""
    return retriever.with_config(replace(CONFIGURATIONS[name]()))



def is_topic(text: str) -> bool:
    """Whether ``text`` names a topic rather than asking a question or giving a headline. A question mark alone
    asks nothing more: a reader's "Willoughby?" is "Willoughby" (it had quoted "Schei toch uit." of another story)."""
    return not is_question(text.rstrip().rstrip("?")) and len(re.findall(r"\w+", text)) <= TOPIC_WORDS


def _by_article(found: Candidates, fused: np.ndarray, holds: np.ndarray) -> np.ndarray | None:
    """For a topic, one candidate per article that ``holds`` all of its words: the article's first paragraph that
    does, the articles ranked by how many of their candidates hold them, then by their best fused score; then the
    others that hold them, then the rest; None where no candidate holds them all. A journalist's "Ryder Cup" had got
    three stray paragraphs of one article ("18 holes om je stempel te drukken."), and "Brexit" a Labour speech's "En
    dat is nog maar alleen wat ik doormaak." first: e5 puts short paragraphs near a short text."""
    full = np.flatnonzero(holds)
    if not len(full):
        return None
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for i in full.tolist():
        article = found.article_ids[i]
        count[article] = count.get(article, 0) + 1
        if article not in first or found.paragraphs[i] < found.paragraphs[first[article]]:
            first[article] = i
    best: dict[str, float] = {}
    for i, article in enumerate(found.article_ids.tolist()):
        if article in first:
            best[article] = max(best.get(article, -np.inf), float(fused[i]))
    ranked = [first[a] for a in sorted(first, key=lambda a: (-count[a], -best[a]))]
    # then the rest, those that hold them first, best first: what More pages through after the articles (a
    # fact-checker's topic named in one paragraph only had got that one and no More)
    shown = set(ranked)
    rest = sorted((i for i in range(len(fused)) if i not in shown), key=lambda i: (not holds[i], -float(fused[i])))
    return np.array(ranked + rest, dtype=np.int64)


def _whole_names(question: str, unknown: list[str]) -> list[str]:
    """The question's names as written that hold an ``unknown`` one: "Tour de France", where the articles know
    France (a journalist's trial was told "the articles do not mention Tour")."""
    written = names_as_written(question, names_asked(question))
    whole = [w for w in written if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", w) for n in unknown)]
    return whole or names_as_written(question, unknown)


@dataclass(frozen=True)
class _AgeAsked:
    """Whom "How old is X?" asks about: ``name`` as typed, its ``given`` names, the ``surname`` as the articles spell
    it, and the pattern that ``stated`` the age as news does."""

    name: str
    given: tuple[str, ...]
    surname: str
    stated: re.Pattern[str]


def _surname(surname: str, flags: int = 0) -> re.Pattern[str]:
    """``surname`` as a whole word ("Palin", not "Palins" nor "Sarah-Palin")."""
    return re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", flags)


def _meanings(word: str) -> set[str]:
    """A name's word, its Dutch lemma, and their English meanings by the dictionary ("Rode": rood, red)."""
    forms = {word.lower(), simplemma.lemmatize(word.lower(), lang="nl")}
    return forms.union(*(load_dictionary().english(form) for form in forms))


def first_question(text: str) -> str:
    """A follow-up's own words, before the previous question it is read with ("hoe oud was hij? Hoe heette …?")."""
    end = text.find("?")
    return text if end < 0 else text[:end + 1]


def _given_names_before(text: str, start: int) -> list[str]:
    """The capitalised words right before ``start`` of ``text`` that may be given names ("Sajfoello
    Habiboellajevitsj" before "Sajpov"), not "De", "Toen" or a title ("Mevrouw Davis", "Dr")."""
    words = re.search(rf"((?:[{CAPITALS}][\w'’.-]*\s+){{1,3}})$", text[max(0, start - 60):start])
    names = words.group(1).split() if words else []
    # nor a description written as one word: "Mother-of-three Willoughby" is Holly (a trial's "How old is Holly
    # Willoughby?" had been told no passage gives the age beside her name, "Willoughby, 37")
    while names and (is_common_word(names[0]) or _is_title(names[0])
                     or any(part[:1].islower() for part in names[0].split("-"))):
        names = names[1:]
    return [] if any(_is_title(n) for n in names) else names


#: Ranks before a name ("Lt Col Vann"), which are no given names.
_RANKS = frozenset("lt col gen capt sgt maj cpl pte rev cdr adm brig lieutenant colonel general captain sergeant major "
                   "luitenant kolonel generaal kapitein sergeant majoor dominee".split())


def _is_title(word: str) -> bool:
    return is_title_word(word) or word.lower().rstrip(".") in _RANKS


def _an_age_not_others(text: str, asked: _AgeAsked) -> bool:
    """Whether ``text`` gives an age that may be the asked person's: not one written after another person's
    surname ("Jones, 52", "Willoughby, 37" beside "Capp": a trial's "Hoe oud is Tara Capp?" was answered with
    them in bold), though it may be after a description ("The Scot, 42" for Jack Ross)."""
    own = {fold_name(word) for word in (*asked.given, asked.surname)}
    for match in AN_AGE.finditer(text):
        named = _NAMED_AGE.fullmatch(match[0])
        if not (named and fold_name(named[1]) not in own and not _DESCRIBED.search(text[:match.start()])):
            return True
    return False


#: An age written after a name ("Jones, 52"), and what makes the word before the comma a description.
_NAMED_AGE = re.compile(r"([A-Z][\w'’-]+), \d{1,3}")
_DESCRIBED = re.compile(r"\b(?:the|de|het|a|an|een|this|deze|that|die)\s+$", re.I)


def _another_given_name(text: str, start: int, given: Sequence[str]) -> bool:
    """Whether the surname at ``start`` of ``text`` follows given names, none of them ``given`` (the one asked
    about's, as typed; none typed: any will do): "Track Palin" is not Todd Palin."""
    before = _given_names_before(text, start)
    if not given or not before:
        return False
    return all(difflib.SequenceMatcher(None, fold_name(b), fold_name(g)).ratio() < 0.75 for b in before for g in given)


def story_bonus(found: Candidates, fused: np.ndarray, in_story: np.ndarray, bonus: float = TOPIC_BONUS, *,
                first: bool = False) -> np.ndarray:
    """What each candidate's fused score gains for being in a chat's story: ``bonus``; and where a paragraph of
    the story holds at least :data:`STORY_WORDS` of the question's words and as many as any other candidate (or
    ``first``), enough to rank the story's best ``bonus`` above every other article's. A reader who asks "what did
    the spokesperson say?" about a prison riot means the prison's spokesperson, though a Brexit article's "A
    government spokesperson said: …" ranks 9 higher; "how many people died in the earthquake?" names a story the
    prison's articles do not tell."""
    gain = bonus * in_story.astype(np.float32)
    if not in_story.any() or in_story.all():
        return gain
    coverage = found.features.coverage
    held = float(coverage[in_story].max())
    if first or held >= STORY_WORDS and held >= float(coverage[~in_story].max()):
        gain[in_story] = max(bonus, float(fused[~in_story].max() - fused[in_story].max()) + bonus)
    return gain
