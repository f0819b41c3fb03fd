"""Names in questions and articles, for telling an unanswerable question from a near miss.

A question that names someone or something no article mentions ("How many people live in Warsaw?"
over articles that never name Warsaw) cannot be answered from them, however close its topic is. A
name counts as mentioned when the same word occurs in the articles, or when it is close to a name that does
under the multilingual encoder and in spelling (Lukashenko ≈ Loekasjenko, Belarus ≈ Wit-Rusland; see
``index.search.FusionConfig.name_match``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .lexical import STOPWORDS
from .sentences import split_sentences

_NAME = re.compile(r"\b[A-Z][\w-]*\w|\b[A-Z]\b")
_WORD = re.compile(r"\b\w[\w-]*\w|\b\w\b")
_QUESTION_WORDS = frozenset(
    "how many much what where who whom whose why when which did does do is are was were will would can could "
    "should has have had hoeveel wat waar wie wiens waarom wanneer welke welk hoe heeft hebben is zijn was waren "
    "wordt worden werd werden kan kunnen zal zullen wil willen gaat gaan".split()
)

#: English writes months and weekdays with a capital, and they name no one: "What did Rotterdam decide in March
#: 2024?" is not about someone called March, whom no article mentions. Not "May": Theresa May.
_CALENDAR_WORDS = frozenset(
    "january february march april june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


@lru_cache(maxsize=None)
def _function_words(languages: tuple[str, ...] | None = None) -> frozenset[str]:
    """Question words, months and weekdays, and the stopwords of ``languages`` (None: every language listed)."""
    words: set[str] = set(_QUESTION_WORDS) | _CALENDAR_WORDS
    for language, stopwords in STOPWORDS.items():
        if languages is None or language in languages:
            words.update(w.lower() for w in stopwords)
    return frozenset(words)


def is_english_or_dutch_word(word: str) -> bool:
    """A function word or question word of English or Dutch; not those of the other languages' stopword lists."""
    return word.lower() in _function_words(("en", "nl"))


def is_common_word(word: str) -> bool:
    """A function word or question word of English or Dutch ("de", "the", "wat"), never a name."""
    return word.lower() in _function_words()


def names_in_text(texts: Iterable[str]) -> list[str]:
    """Distinct capitalised words of article text, minus function words and mere sentence starts.

    A word capitalised only because it starts a sentence ("Volgens") counts only if the same text
    also capitalises it mid-sentence.
    """
    common = _function_words()
    found: dict[str, None] = {}
    for text in texts:
        starts, inner = [], set()
        for start, end in split_sentences(text):
            words = _NAME.findall(text[start:end])
            first = re.match(r"\W*(\w+)", text[start:end])
            if words and first and words[0] == first.group(1):
                starts.append(words.pop(0))
            inner.update(words)
        for word in [*inner, *(w for w in starts if w in inner)]:
            if word.lower() not in common:
                found[word] = None
    return sorted(found)


def names_in_question(question: str) -> list[str]:
    """Capitalised words after the first (the first is capitalised because it starts the question)."""
    common = _function_words()
    matches = list(_NAME.finditer(question))
    first = re.match(r"\W*(\w+)", question)
    if first and matches and matches[0].group() == first.group(1) and not matches[0].group().isupper():
        matches = matches[1:]
    kept: list[str] = []
    for i, match in enumerate(matches):
        # A function word of some language is still a name's last word right after another ("Ri Yong Ho").
        after_name = i > 0 and matches[i - 1].group() in kept and question[matches[i - 1].end():match.start()] == " "
        if match.group().lower() not in common or after_name:
            kept.append(match.group())
    return list(dict.fromkeys(kept))


def names_as_written(question: str, names: list[str]) -> list[str]:
    """Names that stand side by side in the question as one: "World Cup", not "World, Cup";
    "Yohannes Sirait", not "Yohannes"."""
    joined: list[str] = []
    for name in names:
        if joined and f"{joined[-1]} {name}" in question:
            joined[-1] = f"{joined[-1]} {name}"
        else:
            joined.append(name)
    return joined


def restore_name_case(question: str, cased: Mapping[str, str]) -> str:
    """``question`` with the articles' names capitalised as the articles write them, when it was typed without
    capitals ("what did loekasjenko admit"): names are found by their capitals (:func:`names_in_question`),
    and readers often type none. ``cased`` maps each name's lowercase spelling to the articles' own. A question
    that capitalises any word after its first is left as written."""
    words = _WORD.findall(question)
    if any(w[0].isupper() for w in words[1:]):
        return question
    return _WORD.sub(lambda m: cased.get(m.group(), m.group()), question)


def without_names(question: str) -> str | None:
    """``question`` with its names (:func:`names_in_question`) taken out, or None when it names no one
    or is nothing but names: "What did Saipov ask for in his hospital room?" asks what he asked for,
    and a question's names draw the encoders to every paragraph that repeats them."""
    names = names_in_question(question)
    if not names:
        return None
    unnamed = re.sub(r"\s+", " ", re.sub(rf"\b(?:{'|'.join(map(re.escape, names))})\b", " ", question)).strip()
    return unnamed if re.search(r"\w", unnamed) else None
