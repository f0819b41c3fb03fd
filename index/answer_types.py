"""What kind of answer a question asks for, and whether a paragraph can hold one.

"How many migrants are waiting?" is answered by the paragraph that counts them, "Why did they
strike?" by one that gives a cause, "What did X say?" by one with a quotation. The encoders match
topics well and answer types poorly (the usual miss quotes the article's lead, which names
everything, instead of the detail paragraph with the number), so the ranking has one feature per
type: the question asks for it and the paragraph holds it. Dutch and English patterns alike.
"""

from __future__ import annotations

import re

COUNT, WHEN, SAID, WHY, WHO = "count", "when", "said", "why", "who"
ANSWER_TYPES = (COUNT, WHEN, SAID, WHY, WHO)
#: Kept for callers of the first version: a year is a kind of "when".
YEAR = WHEN
#: The version of the paragraph patterns below. A build matches them once per paragraph and stores the
#: result (:func:`answer_type_bits`), so a change here must rebuild every index in full.
ANSWER_TYPE_RULES = 1

_QUESTIONS = {
    COUNT: r"\b(?:how (?:many|much|old|long|far|big|heavy|tall|high|deep|large|fast)|hoeveel|"
           r"hoe (?:oud|lang|groot|ver|zwaar|hoog|diep|veel|snel)|what (?:percentage|proportion|share|number|age|"
           r"score|amount|sum|price))\b",
    WHEN: r"\b(?:when|(?:what|which) (?:year|day|date|time|month)|since when|how long ago|wanneer|"
          r"welk(?:e)? (?:jaar|dag|datum|maand|tijdstip)|sinds wanneer|hoe laat|op welke dag)\b",
    SAID: r"\b(?:say|says|said|tell|told|claim(?:ed)?|state[ds]?|describe[ds]?|call(?:ed)?|warn(?:ed)?|"
          r"react(?:ed)?|respond(?:ed)?|quote[ds]?|zei|zegt|zeggen|gezegd|vertelde|vertelt|verklaarde|noemde|"
          r"beweerde|waarschuwde|reageerde|stelde|sprak)\b",
    WHY: r"\b(?:why|what (?:caused|led|made)|reason|waarom|hoezo|reden|oorzaak)\b",
    WHO: r"^\s*(?:who|whom|whose|wie)\b|\bwhich (?:man|woman|player|person|company|team|official|minister)\b",
}
_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundreds? thousands? "
    "millions? billions? dozens? percent half twee drie vier vijf zes zeven acht negen tien elf twaalf twintig "
    "dertig veertig vijftig honderd(?:en)? duizend(?:en)? miljoen(?:en)? miljard(?:en)? tientallen procent helft"
)
_PASSAGES = {
    COUNT: rf"\d|\b(?:{'|'.join(_NUMBER_WORDS.split())})\b",
    WHEN: r"\b(?:1[5-9]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|october|november|"
          r"december|januari|februari|maart|mei|juni|juli|augustus|oktober|monday|tuesday|wednesday|thursday|"
          r"friday|saturday|sunday|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|yesterday|today|"
          r"tomorrow|gisteren|vandaag|morgen|weeks?|weken|months?|maand(?:en)?|years?|jaar|jaren|ago|geleden|"
          r"vorig|afgelopen|sinds|since|eeuw|century|\d+[:.]\d\d|uur|o'clock)\b",
    SAID: r"[‘’“”\"]|\b(?:zei|zegt|aldus|volgens|verklaarde|vertelde|said|says|told|according)\b",
    WHY: r"\b(?:because|since|due|after|so that|as a result|owing|omdat|want|doordat|vanwege|wegens|dankzij|"
         r"zodat|door|na)\b",
    WHO: r"(?<=\w[\s,;:(])[A-Z][a-z]+",  # a capitalised word inside a sentence: a name
}
_QUESTION_PATTERNS = {k: re.compile(p, re.IGNORECASE) for k, p in _QUESTIONS.items()}
#: Matched against the lowercased text (three times faster than IGNORECASE here), except names.
_PASSAGE_PATTERNS = {k: re.compile(p) for k, p in _PASSAGES.items()}


#: Words that make a text a question even without "?": question words, and the auxiliaries a yes/no
#: question starts with.
QUESTION_WORDS = frozenset("what who whom whose which when where why how wat wie wiens welk welke wanneer waar "
                           "waarom hoe hoeveel waarmee waarover waardoor waarvan waaraan waarheen".split())
AUXILIARIES = frozenset("did does do is are was were has have had can could will would should may might must "
                         "heeft hebben had hadden kan kon konden wordt werd werden zal zou zouden moet moest mag "
                         "wil wilde zijn waren".split())


def is_question(text: str) -> bool:
    """Whether ``text`` asks something, rather than naming a topic or a headline ("Menga strike gives
    Livingston 1-0 win over Rangers"), which asks for the story itself."""
    words = re.findall(r"\w+", text.lower())
    return text.rstrip().endswith("?") or not QUESTION_WORDS.isdisjoint(words) or (
        bool(words) and words[0] in AUXILIARIES)


def question_types(question: str) -> list[str]:
    """The answer types ``question`` asks for (none, one or several)."""
    return [k for k, pattern in _QUESTION_PATTERNS.items() if pattern.search(question)]


def expected_answer_type(question: str) -> str | None:
    """The first answer type ``question`` asks for, or None."""
    asked = question_types(question)
    return asked[0] if asked else None


def holds_answer_type(text: str, answer_type: str) -> bool:
    """Whether ``text`` contains something of ``answer_type``."""
    return _PASSAGE_PATTERNS[answer_type].search(text if answer_type == WHO else text.lower()) is not None


def answer_type_bits(text: str) -> int:
    """The answer types ``text`` holds, bit ``i`` for ``ANSWER_TYPES[i]``: stored per paragraph by the build,
    so that a search reads none of its ~300 candidates' texts (at 100k paragraphs ~3 ms an answer)."""
    return sum(1 << i for i, kind in enumerate(ANSWER_TYPES) if holds_answer_type(text, kind))
