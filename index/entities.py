"""Names in questions and articles, for telling an unanswerable question from a near miss.

A question that names someone or something no article mentions ("How many people live in Warsaw?"
over articles that never name Warsaw) cannot be answered from them, however close its topic is. A
name counts as mentioned when the same word occurs in the articles, or when it is close to a name that does
under the multilingual encoder and in spelling (Lukashenko ≈ Loekasjenko, Belarus ≈ Wit-Rusland; see
``index.search.FusionConfig.name_match``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

import simplemma

from .lexical import STOPWORDS
from .sentences import CAPITALS, split_sentences

#: "Öztürk", "Émile" and "Łukasz" are names too ("Wie is Renee Ozturk?" had been refused, "de artikelen noemen
#: Ozturk niet", over an article naming Renée Öztürk).
_NAME = re.compile(rf"\b[{CAPITALS}][\w-]*\w|\b[{CAPITALS}]\b")
_WORD = re.compile(r"\b\w[\w-]*\w|\b\w\b")
_QUESTION_WORDS = frozenset(
    "how many much what where who whom whose why when which did does do is are was were will would can could "
    "should has have had hoeveel wat waar wie wiens waarom wanneer welke welk hoe heeft hebben is zijn was waren "
    "wordt worden werd werden kan kunnen zal zullen wil willen gaat gaan "
    # English function words the stopword list (Lucene's 33) lacks, and the verbs of "what did X say?": an
    # article capitalises them in a title ("Truths About Sneaking", "Strikes Again") or after a colon, and a
    # question typed without capitals had read as naming "Pelosi Say About"
    "about above after again against all also any because been before being below between both during each "
    "few from further he her here him his i me more most my nor off once only other our out over own same she "
    "so some than them those through too under until up very we while you your say said says tell told "
    # and the words of "what did she say next?" and "wat zei hij daarna?" (the articles' "Next Generation")
    "next then later first last daarna vervolgens toen eerst".split()
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


#: Abbreviated roles, written in capitals but naming no one: "What did the CEO say?" had been refused, "the articles
#: do not mention CEO", over articles that say "chief executive" (a business desk's trial); and everyday things
#: written so: two trials' "Newport ATM theft" got "the articles do not mention ATM" over an article's "geldautomaat".
_ROLE_ABBREVIATIONS = frozenset("CEO CFO COO CTO CIO VP MD GM MP MEP PM ATM PIN DNA GDP TV PC SUV GPS CCTV ICU "
                                "VAT BTW ID IQ".split())


#: The last word of a ministry or a portfolio, which ends a title before a name ("minister van Buitenlandse Zaken
#: Ri Yong Ho", "Secretary of Defense James Mattis").
PORTFOLIOS = frozenset("""zaken justitie defensie financiën financien onderwijs volksgezondheid landbouw affairs
    defense defence justice treasury state""".split())
#: A portfolio after its title ("minister van Buitenlandse Zaken", "Secretary of State"): it tells whose minister, it
#: names no one. A Dutch editor's "Wat zei de Noord-Koreaanse minister van Buitenlandse Zaken?" had been refused, "de
#: artikelen noemen Buitenlandse Zaken niet", over "North Korean Foreign Minister Ri Yong-ho".
_PORTFOLIO = re.compile(rf"\b(?i:minister|ministerie|ministry|department|departement|\w*secretary|\w*secretaris)\s+"
                        rf"(?:van|of|for)\s+(?:the\s+)?(?P<words>(?:[A-Z][\w-]*\s+){{0,2}}(?=[A-Z])"
                        rf"(?i:{'|'.join(PORTFOLIOS)}))\b")


def names_in_question(question: str) -> list[str]:
    """Capitalised words after the first (the first is capitalised because it starts the question), but for
    abbreviated roles ("CEO"), initials ("the D of "Washington D.C." had been a name no article mentions) and a
    title's portfolio ("minister van Buitenlandse Zaken")."""
    common = _function_words()
    portfolios = {start for m in _PORTFOLIO.finditer(question) for start in range(m.start("words"), m.end("words"))}
    matches = [m for m in _NAME.finditer(question) if m.start() not in portfolios]
    first = re.match(r"\W*(\w+)", question)
    if first and matches and matches[0].group() == first.group(1) and not matches[0].group().isupper():
        matches = matches[1:]
    kept: list[str] = []
    for i, match in enumerate(matches):
        # A function word of some language is still a name's last word right after another ("Ri Yong Ho", "Dennis
        # de Vos": Spanish "vos").
        after_name = i > 0 and matches[i - 1].group() in kept and \
            _PARTICLE_GAP.fullmatch(question[matches[i - 1].end():match.start()]) is not None
        if (match.group().lower() not in common or after_name) and match.group() not in _ROLE_ABBREVIATIONS \
                and len(match.group()) > 1:  # an initial is part of a name ("Washington D.C.", "J.K. Rowling")
            kept.append(match.group())
    return list(dict.fromkeys(kept))


#: Lowercase words inside a name ("Lot van Hooijdonk", "Walid al-Muallem").
_NAME_PARTICLES = frozenset("van von de der den ten ter te la le du da di al el bin ibn".split())
#: What stands between two words of one name: a space, and particles ("Peter van der Berg").
_PARTICLE_GAP = re.compile(rf" (?:(?:{'|'.join(sorted(_NAME_PARTICLES))}) )*")


def name_typed_alone(text: str) -> list[str]:
    """The capitalised words of a text that is nothing but a name ("Lukashenko", "Jens Stoltenberg", "Lot van
    Hooijdonk"), else none: :func:`names_in_question` skips a question's first word, which its capital does not
    make a name, and "Lukashenko" typed alone had read as naming nothing."""
    words = _WORD.findall(text)
    if not words or len(words) > 4 or not words[0][:1].isupper() or is_common_word(words[0]):
        return []
    if not all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words):
        return []
    names = [w for w in words if w[:1].isupper()]
    # A short headline in title case ("Storm Closes Runways") is no name: of several words, none is a word.
    return names if len(names) == 1 or not any(is_ordinary_word(w) for w in names) else []


def names_asked(text: str) -> list[str]:
    """The names a question asks about: :func:`names_in_question`'s, or the whole text where it is only a name."""
    return names_in_question(text) or name_typed_alone(text)


def names_as_written(question: str, names: list[str]) -> list[str]:
    """Names that stand side by side in the question as one: "World Cup", not "World, Cup";
    "Yohannes Sirait", not "Yohannes"; "Peter van der Berg"."""
    joined: list[str] = []
    for name in names:
        together = joined and re.search(rf"{re.escape(joined[-1])}({_PARTICLE_GAP.pattern}|['’]){re.escape(name)}\b",
                                        question)
        if together:  # "Peter van der Berg" whole, "Liam O'Connor"
            joined[-1] = f"{joined[-1]}{together.group(1)}{name}"
        else:
            joined.append(name)
    return joined


def typed_without_capitals(question: str) -> bool:
    """Whether no word after the first is capitalised ("what did loekasjenko admit")."""
    return not any(w[0].isupper() for w in _WORD.findall(question)[1:])


def is_ordinary_word(word: str) -> bool:
    """A word simplemma's English or Dutch lexicon knows ("say", "mark", "tweet"; some names too)."""
    return any(simplemma.is_known(word.lower(), lang=language) for language in ("en", "nl"))


def restore_name_case(question: str, cased: Mapping[str, str],
                      name_part: Callable[[str], bool] | None = None,
                      ordinary: Callable[[str], bool] | None = None,
                      written: Callable[[str], bool] | None = None,
                      alone: Callable[[str], bool] | None = None) -> str:
    """``question`` with the articles' names capitalised as the articles write them, when it was typed without
    capitals ("what did loekasjenko admit"): names are found by their capitals (:func:`names_in_question`),
    and readers often type none. ``cased`` maps each name's lowercase spelling to the articles' own. A question
    that capitalises any word after its first is left as written.

    A function word is never a name on its own ("about", capitalised in a book's title), but after a name one
    that English and Dutch do not use is ("ri yong ho"), as in :func:`names_in_question`; and so is a word beside
    a name that ``name_part`` says is one ("mark rutte": a word neither the articles nor the lexicons know, so
    that the question names Rutte, whom no article mentions). A word that ``ordinary`` says the articles use as an
    everyday word rather than as a name of its own is a name only beside another ("how old was the boy", "what did
    she say next": the articles' "Boy George" and "Next Generation" had made them Boy and Next), unless ``written``
    says the articles write them together so ("still game": Still Game), or the word is one that ``alone`` says
    the articles write as a name on its own before a word only a name can be ("mark rutte")."""
    if not typed_without_capitals(question):
        return question
    matches = list(_WORD.finditer(question))
    words = [m.group() for m in matches]
    beside = [i > 0 and question[matches[i - 1].end():m.start()] == " " for i, m in enumerate(matches)]
    named = [w in cased and not is_common_word(w) for w in words]
    for i, word in enumerate(words):
        if named[i] and ordinary is not None and not (beside[i] and named[i - 1]
                                                     or i + 1 < len(words) and beside[i + 1] and named[i + 1]) \
                and not _in_written_name(i, words, beside, named, cased, name_part, written, alone):
            named[i] = not ordinary(cased[word])  # asked only of a word alone: it may read the articles
    # Everyday words side by side are no name the articles do not know as one: a reader's "what did the company
    # president say?" had asked about "Company President", whom no article mentions.
    if ordinary is not None:
        start = 0
        while start < len(words):
            end = start + 1
            while named[start] and end < len(words) and beside[end] and named[end]:
                end += 1
            run = words[start:end]
            if named[start] and len(run) > 1 and " ".join(run) not in cased \
                    and all(ordinary(cased[w]) for w in run) \
                    and not (written is not None and written(" ".join(cased[w] for w in run))):
                named[start:end] = [False] * len(run)
            start = end
    restored = list(named)
    for i, word in enumerate(words):
        if named[i] or is_english_or_dutch_word(word):
            continue
        if beside[i] and restored[i - 1] and is_common_word(word):
            restored[i] = True  # "ri yong ho"
        elif (beside[i] and named[i - 1] or i + 1 < len(words) and beside[i + 1] and named[i + 1]) \
                and name_part is not None:
            restored[i] = name_part(word)  # asked only beside a name: it may load a lexicon
    pieces: list[str] = []
    end = 0
    for match, word, restore in zip(matches, words, restored):
        pieces += [question[end:match.start()], (cased.get(word) or word[:1].upper() + word[1:]) if restore else word]
        end = match.end()
    return "".join(pieces) + question[end:]


def _in_written_name(i: int, words: list[str], beside: list[bool], named: list[bool], cased: Mapping[str, str],
                     name_part: Callable[[str], bool] | None, written: Callable[[str], bool] | None,
                     alone: Callable[[str], bool] | None) -> bool:
    """Whether word ``i``, a name of the articles alone among everyday words, begins a longer name all the same:
    one the articles write alone as a name, before a word that only a name can be ("mark rutte": Rutte unknown to
    the articles and the lexicons; not "buitenlandse huizenkopers", whose adjective the articles capitalise only in
    "Buitenlandse Zaken"), or as the articles write it with the next name one word on ("game of thrones")."""
    after = i + 1 < len(words) and beside[i + 1]
    if after and not named[i + 1] and name_part is not None and alone is not None \
            and not is_english_or_dutch_word(words[i + 1]) and name_part(words[i + 1]) and alone(cased[words[i]]):
        return True
    if written is not None and i + 2 < len(words) and after and beside[i + 2] and named[i + 2] \
            and is_common_word(words[i + 1]):
        return written(f"{cased[words[i]]} {words[i + 1]} {cased[words[i + 2]]}")
    return False


def without_names(question: str) -> str | None:
    """``question`` with its names (:func:`names_in_question`) taken out, or None when it names no one
    or is nothing but names: "What did Saipov ask for in his hospital room?" asks what he asked for,
    and a question's names draw the encoders to every paragraph that repeats them."""
    names = names_in_question(question)
    if not names:
        return None
    unnamed = re.sub(r"\s+", " ", re.sub(rf"\b(?:{'|'.join(map(re.escape, names))})\b", " ", question)).strip()
    return unnamed if re.search(r"\w", unnamed) else None


def proper_names(names: Sequence[str]) -> list[str]:
    """The ``names`` none of whose words the dictionary translates: "Merkel" but not "Prison" or "Navy", which an
    English question capitalises and a Dutch article says as "gevangenis" and "marine". A name the dictionary gives
    as itself is one ("Celebes", "China"): a trial's story of the Celebes tsunami had taken in a Birkenhead stabbing,
    as every article mentioned every name a question about Celebes asks about."""
    from .bridge.dictionary import load_dictionary

    dictionary = load_dictionary()
    return [name for name in names
            if not any(dictionary.translations(word.lower()) - {word.lower()}
                       for word in re.findall(r"[^\W\d_]+", name))]
