"""Which sentences of a passage answer the question, so the answer can mark them."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .answer_types import COUNT, WHEN, holds_answer_type, question_types
from .encoders import Encoder
from .exact import asked_phrases, holds_phrase
from .measures import measure_written
from .sentences import split_sentences

#: Sentences within this cosine of the best one are marked too (a quote often spans two).
HIGHLIGHT_MARGIN = 0.03
#: Answer types a sentence visibly holds or lacks: a number for "how many", a date or a time for "when".
_CHECKED_TYPES = (COUNT, WHEN)
#: "When" that asks when, not the conjunction of "What did Kanye say when defending …?".
_ASKS_WHEN = re.compile(r"^\W*(?:when|wanneer|since when|sinds wanneer|hoe laat|(?:in )?(?:what|which) "
                        r"(?:year|day|date|time|month)|(?:in |op )?welke? (?:jaar|dag|datum|maand|tijdstip))\b", re.I)


#: Names with digits, which are no figure: "de A28", "G7", "COVID-19" ("COVID-" stays, "19" does not count).
_CODES = re.compile(r"[^\W\d_]+\d+\w*")


def _holds_number(sentence: str, number: str) -> bool:
    """Whether ``sentence`` writes ``number`` as a number of its own ("15" in "week 15", not in "150" or "1.15")."""
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", sentence) is not None


def answering_sentences(encoder: Encoder, query_vector: np.ndarray, texts: Sequence[str],
                        stored: Sequence[np.ndarray | None] | None = None, *,
                        question: str | None = None) -> list[list[tuple[int, int]]]:
    """For each text, the character spans of the sentence(s) closest to the question.

    ``stored`` holds the build's sentence vectors per text (see :mod:`index.sentence_vectors`); texts
    without them have their sentences encoded now, all in one batch, as one call costs far less than
    one per text. With the ``question``'s text, a "how many" or "when" question marks only sentences
    with a number or a date where some have one: USE's closest to "How many council members voted for the
    bridge?" was "The council approved the bridge on Tuesday.", not "29 voted for it and 8 against."; a question
    that asks a distance, an age, a sum … (:mod:`index.measures`) marks the sentences that write one, where some do.
    """
    kinds = [kind for kind in question_types(question) if kind in _CHECKED_TYPES] if question else []
    if WHEN in kinds and not _ASKS_WHEN.match(question or ""):
        kinds.remove(WHEN)
    numbers = re.findall(r"(?<![^\W_])\d+(?:[.,]\d+)*", question or "")  # not the 28 of "A28" or 7 of "G7"
    phrases = asked_phrases(question) if question else []
    measure = measure_written(question) if question else None
    spans = [split_sentences(text) for text in texts]
    verb = asked_verb(question) if question else frozenset()
    vectors: list[np.ndarray | None] = list(stored) if stored is not None else [None] * len(texts)
    for i, (text, text_spans) in enumerate(zip(texts, spans)):
        if vectors[i] is not None and len(vectors[i]) != len(text_spans):  # type: ignore[arg-type]
            vectors[i] = None  # stored by a build that split this text differently
    missing = [i for i, text_spans in enumerate(spans) if len(text_spans) > 1 and vectors[i] is None]
    sentences = [texts[i][s:e] for i in missing for s, e in spans[i]]
    if sentences:
        encoded, at = encoder.encode(sentences), 0
        for i in missing:
            vectors[i], at = encoded[at : at + len(spans[i])], at + len(spans[i])
    marked = []
    for text, text_spans, text_vectors in zip(texts, spans, vectors):
        if len(text_spans) <= 1 or text_vectors is None:
            marked.append(text_spans)
            continue
        scores = text_vectors @ query_vector
        if kinds:
            holds = np.array([any(holds_answer_type(_CODES.sub(" ", text[s:e]), kind) for kind in kinds)
                              for s, e in text_spans])
            if holds.any():
                scores = np.where(holds, scores, -np.inf)
        if measure is not None:  # "Hoe ver ligt de vulkaan?": the sentence of "72 kilometer", not the quake's 7,1
            holding = np.array([measure.search(text[s:e]) is not None for s, e in text_spans])
            if (holding & np.isfinite(scores)).any():
                scores = np.where(holding, scores, -np.inf)
        if phrases:  # 'Wie zei "Een brug is er óók voor de wijken"?': the sentence holding them, not the one before
            holding = np.array([any(holds_phrase(text[s:e], p) for p in phrases) for s, e in text_spans])
            if holding.any():
                scores = np.where(holding, scores, -np.inf)
        if numbers:  # "… in week 15?": the sentence of week 15, not week 20's (an editor's trial), where one holds it
            named = np.array([all(_holds_number(text[s:e], n) for n in numbers) for s, e in text_spans])
            if (named & np.isfinite(scores)).any():
                scores = np.where(named, scores, -np.inf)
        if verb:
            scores = _by_verb(scores, [text[s:e] for s, e in text_spans], verb)
            if not np.isfinite(scores).any():  # only another verb's sentence: it does not answer, nothing marked
                marked.append([])
                continue
        best = float(scores.max())
        marked.append([span for span, score in zip(text_spans, scores) if score >= best - HIGHLIGHT_MARGIN])
    return marked


def asked_verb(question: str) -> frozenset[str]:
    """The reporting verb a question asks about ("admit", "gaf … toe"), as the bridge's terms: its lemmas,
    translations and synonyms (toegeven, erkennen, bekennen, admit, …); empty where it asks none."""
    from .bridge.dictionary import load_dictionary
    from .bridge.terms import query_groups
    from .features import REPORTING_VERBS
    from .language import question_language

    groups = query_groups(question, question_language(question), load_dictionary())
    return frozenset(next((g for g in groups if REPORTING_VERBS.intersection(g)), ()))


def _by_verb(scores: np.ndarray, sentences: list[str], verb: frozenset[str]) -> np.ndarray:
    """``scores`` as they are where some sentence holds the asked verb; else none where the closest holds another
    reporting verb, and only those that hold none otherwise: "What did Lukashenko admit?" had marked "Loekasjenko
    ontkent …" (denies), which the encoders place as close as an admission."""
    from .bridge.dictionary import load_dictionary
    from .bridge.terms import passage_terms
    from .features import REPORTING_VERBS

    dictionary = load_dictionary()
    terms = [{*passage_terms(s, "nl", dictionary), *passage_terms(s, "en", dictionary)} for s in sentences]
    holding = np.array([bool(verb & t) for t in terms])
    if holding.any():  # what is admitted is often the next sentence ("… geeft toe. Mensen zijn geslagen …")
        return scores
    other = np.array([bool(REPORTING_VERBS & t) for t in terms])
    return np.full_like(scores, -np.inf) if other[int(np.argmax(scores))] else np.where(other, -np.inf, scores)
