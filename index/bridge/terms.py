"""Dutch paragraphs as lemmas, and questions as groups of terms to look up among them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import simplemma

from ..lexical import STOPWORDS
from .dictionary import Dictionary, fold

_WORD = re.compile(r"\w+", re.UNICODE)
_CLAUSE_END = re.compile(r"(?<=[.!?;:])\s+")
#: Separable verb particles: "geeft … toe" is "toegeven", "legt … uit" is "uitleggen".
PARTICLES = frozenset("aan af bij binnen dicht door in los mee na neer om op open over samen tegen terug toe "
                      "uit vast voor weg".split())
#: How many words back a particle looks for its verb ("geeft Loekasjenko in het interview toe").
PARTICLE_REACH = 10
#: Question words: bm25s's lists lack some, and they say what is asked, not what it is about.
_STOP_NL = frozenset(STOPWORDS["nl"]) | frozenset("wat wie welk welke wanneer waar waarom hoe hoeveel".split())
_STOP_EN = frozenset(STOPWORDS["en"]) | frozenset(
    "what who whom whose which when where why how many much did do does is are was were".split())


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    return simplemma.lemmatize(word, lang=language)


def passage_terms(text: str, language: str, dictionary: Dictionary) -> list[str]:
    """The terms a paragraph is indexed under in the bridge: Dutch lemmas and re-joined separable verbs
    for Dutch, lemmas for English (other languages: lower-case words)."""
    if language == "nl":
        return dutch_terms(text, dictionary)
    if language == "en":
        return [_lemma(w, "en") for w in (fold(w) for w in _WORD.findall(text)) if w not in _STOP_EN]
    return [fold(w) for w in _WORD.findall(text)]


def dutch_terms(text: str, dictionary: Dictionary) -> list[str]:
    """A Dutch paragraph's content words as lemmas, plus each separable verb re-joined when the
    dictionary knows the compound (without the dictionary: lemmas only)."""
    terms: list[str] = []
    for clause in _CLAUSE_END.split(text):
        words = [fold(w) for w in _WORD.findall(clause)]
        lemmas = [_lemma(w, "nl") for w in words]
        for i, word in enumerate(words):
            if word not in _STOP_NL:
                terms.append(lemmas[i])
            if word in PARTICLES and dictionary.headwords:
                for j in range(i - 1, max(-1, i - PARTICLE_REACH - 1), -1):
                    if (compound := word + lemmas[j]) in dictionary.headwords:
                        terms.append(compound)
                        break
    return terms


def query_groups(question: str, language: str, dictionary: Dictionary) -> list[list[str]]:
    """One group of Dutch lemmas per content word of the question; a passage scores the best of each
    group, so a word with many translations counts once. Words pass through as themselves too
    (names, numbers and loanwords are spelt alike)."""
    if language == "nl":
        return [sorted({term, *dictionary.english(term)}) for term in dict.fromkeys(dutch_terms(question, dictionary))]
    groups: list[list[str]] = []
    for word in dict.fromkeys(fold(w) for w in _WORD.findall(question)):
        if word in _STOP_EN:
            continue
        lemma = _lemma(word, "en")
        group = {word, lemma}
        for form in (word, lemma, _american(lemma)):
            group |= dictionary.translations(form)
        groups.append(sorted(group))
    return groups


def _american(word: str) -> str:
    """FreeDict writes American English: recognise, labour → recognize, labor."""
    return re.sub(r"ise$", "ize", re.sub(r"our$", "or", word))
