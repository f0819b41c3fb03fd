"""What kind of answer a question asks for, and whether a passage can hold one.

"How many migrants are waiting?" is answered by the paragraph that counts them ("Duizenden
migranten..."), not by the one that only discusses migrants; "Since what year...?" by the one with
the year. The multilingual encoder matches topics well and answer types poorly, so the search adds
a small bonus to passages that contain the kind of answer asked for (classic answer-type matching).
Only counts and years are recognised: they are the types our question set showed the encoder
missing, and the ones a newsroom is most often asked about.
"""

from __future__ import annotations

import re

COUNT = "count"
YEAR = "year"

_YEAR_QUESTION = re.compile(
    r"\b(?:(?:in |since )?(?:what|which) year|since when|how long|(?:in |sinds )?welk jaar|sinds wanneer|hoe lang)\b",
    re.IGNORECASE,
)
_COUNT_QUESTION = re.compile(r"\b(?:how (?:many|much)|hoeveel)\b", re.IGNORECASE)

_NUMBER_WORDS = (
    # not "one" / "een": far more often a pronoun or an article than a count
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds "
    "thousand thousands million millions billion billions dozen dozens percent "
    "twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig honderd "
    "honderden duizend duizenden miljoen miljoenen miljard miljarden tientallen procent"
)
_COUNT_TEXT = re.compile(rf"\d|\b(?:{'|'.join(_NUMBER_WORDS.split())})\b", re.IGNORECASE)
_YEAR_TEXT = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b|\b(?:years?|jaar|jaren)\b", re.IGNORECASE)


def expected_answer_type(question: str) -> str | None:
    """:data:`YEAR`, :data:`COUNT`, or None when the question asks for neither."""
    if _YEAR_QUESTION.search(question):
        return YEAR
    if _COUNT_QUESTION.search(question):
        return COUNT
    return None


def holds_answer_type(text: str, answer_type: str) -> bool:
    """Whether ``text`` contains something of ``answer_type`` (a number, a year)."""
    pattern = _YEAR_TEXT if answer_type == YEAR else _COUNT_TEXT
    return bool(pattern.search(text))
