"""Clean what a reader typed before it is searched: one rule set for Telegram, the terminal and the CLI."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from index.articles import TERMINAL_CODES

#: Longer questions are cut; no reader's question needs more, and encoders read ~256 tokens anyway.
MAX_QUESTION_CHARS = 500

#: An HTML tag as a paste from a web page or a message brings it ("<b>Wat gaf Loekasjenko toe?</b>"); the tag's
#: name and attributes are not what is asked, and "b" or "href" would be searched. "3 < 5" is no tag.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")

_BIDI_AND_INVISIBLE = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C, 0x200B, 0x200C, 0x200D, 0xFEFF]
)


class QuestionError(ValueError):
    """The text cannot be searched; ``str()`` is the hint to show the reader."""


@dataclass(frozen=True)
class Question:
    text: str
    notes: list[str] = field(default_factory=list)


def clean_question(raw: str) -> Question:
    """Strip terminal colour codes, HTML tags, control characters and bidi overrides, collapse whitespace, cut
    over-long text."""
    text = TERMINAL_CODES.sub("", raw).translate(_BIDI_AND_INVISIBLE)  # a paste from a terminal: "\x1b[1m"
    text = _HTML_TAG.sub(" ", text)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    notes = []
    if len(text) > MAX_QUESTION_CHARS:
        cut = text.rfind(" ", 0, MAX_QUESTION_CHARS)
        text = text[: cut if cut > MAX_QUESTION_CHARS // 2 else MAX_QUESTION_CHARS].rstrip()
        notes.append(f"Your question was cut to its first {len(text)} characters.")
    if not text:
        raise QuestionError("Please type a question, for example: What did Loekasjenko admit?")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        raise QuestionError("I can only search for words. Please ask a question in words, in English or Dutch.")
    return Question(text, notes)


_MONTHS = {name: number for number, names in enumerate(
    [("january", "januari", "jan"), ("february", "februari", "feb"), ("march", "maart", "mar", "mrt"),
     ("april", "apr"), ("may", "mei"), ("june", "juni", "jun"), ("july", "juli", "jul"),
     ("august", "augustus", "aug"), ("september", "sep", "sept"), ("october", "oktober", "oct", "okt"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_DATE_WORDS = r"(?:(?P<month>[a-z]+)\s+)?(?P<year>(?:19|20)\d{2})"
_PUBLISHED = re.compile(
    r"\b(?:articles?|news|stories|reports?|artikel(?:en|s)?|nieuws|berichten|stukken)\s+"
    rf"(?P<how>from|of|since|after|before|until|van|uit|sinds|na|voor|tot)\s+{_DATE_WORDS}\b", re.I)


def published_range(question: str) -> tuple[str | None, str | None]:
    """``(since, until)`` when the question asks for articles from a period ("articles from November 2021",
    "nieuws sinds 2022"). A bare year is not a filter: "who ruled in 1994?" asks about 1994, not about
    articles published then."""
    match = _PUBLISHED.search(question)
    if not match:
        return None, None
    month = _MONTHS.get((match["month"] or "").lower())
    if match["month"] and month is None:
        return None, None
    date = f"{match['year']}-{month:02d}" if month else match["year"]
    how = match["how"].lower()
    if how in ("since", "after", "sinds", "na"):
        return date, None
    if how in ("before", "until", "voor", "tot"):
        return None, date
    return date, date
