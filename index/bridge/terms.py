"""Dutch paragraphs as lemmas, and questions as groups of terms to look up among them."""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from ..answer_types import QUESTION_WORDS
from ..lexical import STOPWORDS
from .dictionary import Dictionary, fold

_WORD = re.compile(r"\w+", re.UNICODE)
_CLAUSE_END = re.compile(r"(?<=[.!?;:])\s+")
#: Separable verb particles: "geeft … toe" is "toegeven", "legt … uit" is "uitleggen" (a re-joined word
#: must be a headword ending in -en, a verb's infinitive: "de man die voor" is not "voorman").
PARTICLES = frozenset("aan af bij binnen dicht door in los mee na neer om op open over samen tegen terug toe "
                      "uit vast voor weg".split())
#: How many words back a particle looks for its verb ("geeft Loekasjenko in het interview toe").
PARTICLE_REACH = 10
#: A word right after one of these is indexed as its negation: "door de EU niet erkend" does not answer
#: "what did he admit" (erkennen), and "did not admit" asks for the negation only.
NEGATIONS = {"nl": frozenset("niet nooit geen".split()), "en": frozenset("not never t".split())}
NEGATED = "not_"
#: Question words: bm25s's lists lack some, and they say what is asked, not what it is about.
_STOP_NL = frozenset(STOPWORDS["nl"]) | frozenset("wat wie welk welke wanneer waar waarom hoe hoeveel".split())
_STOP_EN = frozenset(STOPWORDS["en"]) | frozenset(
    "what who whom whose which when where why how many much did do does is are was were".split())


#: Bumped when what a paragraph is indexed under changes: the next build is a full one (from the cache).
BRIDGE_RULES = 2


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    """simplemma's lemma, a separable verb's whole: it gives "aan_vallen" for "aangevallen" and "op_pakken" for
    "opgepakt" (129 words of the Dutch archive), which are no headwords of the dictionary, so an English "attacked"
    (aanvallen) never found them and a Dutch "aangevallen" went untranslated for English articles."""
    return simplemma.lemmatize(word, lang=language).replace("_", "")


def passage_terms(text: str, language: str, dictionary: Dictionary) -> list[str]:
    """The terms a paragraph is indexed under in the bridge: Dutch lemmas and re-joined separable verbs
    for Dutch, lemmas for English (other languages: lower-case words)."""
    if language == "nl":
        return dutch_terms(text, dictionary)
    if language == "en":
        words = [fold(w) for w in _WORD.findall(text)]
        return [_negated(words, i, "en") + _lemma(w, "en") for i, w in enumerate(words) if w not in _STOP_EN]
    return [fold(w) for w in _WORD.findall(text)]


def dutch_terms(text: str, dictionary: Dictionary, *, question: bool = False) -> list[str]:
    """A Dutch paragraph's content words as lemmas, plus each separable verb re-joined when the
    dictionary knows the compound (without the dictionary: lemmas only). In a ``question`` the
    re-joined verb replaces its parts ("gaf … toe" asks about toegeven, not about geven)."""
    terms: list[str] = []
    for clause in _CLAUSE_END.split(text):
        words = [fold(w) for w in _WORD.findall(clause)]
        lemmas = [_lemma(w, "nl") for w in words]
        clause_terms: dict[int, str] = {}
        for i, word in enumerate(words):
            if word not in _STOP_NL:
                clause_terms[i] = _negated(words, i, "nl") + lemmas[i]
            if word in PARTICLES and dictionary.headwords:
                for j in range(i - 1, max(-1, i - PARTICLE_REACH - 1), -1):
                    if (compound := word + lemmas[j]).endswith("en") and compound in dictionary.headwords:
                        if question:
                            clause_terms.pop(j, None)
                            clause_terms[i] = compound
                        else:
                            terms.append(compound)
                        break
        terms.extend(clause_terms[i] for i in sorted(clause_terms))
    return terms


def _negated(words: list[str], i: int, language: str) -> str:
    """:data:`NEGATED` when the word before ``words[i]`` negates it, else ''."""
    return NEGATED if i and words[i - 1] in NEGATIONS[language] else ""


def query_groups(question: str, language: str, dictionary: Dictionary) -> list[list[str]]:
    """One group of Dutch lemmas per content word of the question; a passage scores the best of each
    group, so a word with many translations counts once. Words pass through as themselves too
    (names, numbers and loanwords are spelt alike). A yes/no question ("Did the EU recognise it?")
    is answered by the negation as well ("niet erkend"), so its groups hold both."""
    groups = _groups(question, language, dictionary)
    if QUESTION_WORDS.isdisjoint(fold(w) for w in _WORD.findall(question)):  # a yes/no question
        groups = [sorted({*g, *(t if t.startswith(NEGATED) else NEGATED + t for t in g)}) for g in groups]
    return groups


def _groups(question: str, language: str, dictionary: Dictionary) -> list[list[str]]:
    if language == "nl":
        return [sorted(_dutch_group(term, dictionary)) for term in dict.fromkeys(dutch_terms(question, dictionary,
                                                                                             question=True))]
    groups: list[list[str]] = []
    words = [fold(w) for w in _WORD.findall(question)]
    for i, word in enumerate(words):
        if word in _STOP_EN:
            continue
        lemma = _lemma(word, "en")
        group = {word, lemma}
        for form in (word, lemma, _american(lemma)):
            group |= dictionary.translations(form)
        negation = _negated(words, i, "en")
        group = {negation + term for term in group}
        if sorted(group) not in groups:
            groups.append(sorted(group))
    return groups


def _dutch_group(term: str, dictionary: Dictionary) -> set[str]:
    """A Dutch question's lemma, its English translations (for English articles) and its synonyms
    (toegeven: erkennen, bekennen)."""
    negation = NEGATED if term.startswith(NEGATED) else ""
    lemma = term.removeprefix(NEGATED)
    return {negation + t for t in {lemma, *dictionary.english(lemma), *dictionary.synonyms(lemma)}}


def _american(word: str) -> str:
    """FreeDict writes American English: recognise, labour → recognize, labor."""
    return re.sub(r"ise$", "ize", re.sub(r"our$", "or", word))
