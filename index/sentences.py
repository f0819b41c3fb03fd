"""Sentence boundaries for Dutch and English news text.

News quotes use ‘ ’ and “ ” as often as straight quotes, and general-purpose splitters tend to
miss a boundary such as ``onderzoeken.’`` followed by a new quote. The rule here is small and
explicit: a sentence ends at ``. ! ? …`` (plus any closing quotes or brackets) when whitespace and
an upper-case letter, digit or opening quote follow, unless the word before the stop is a known
abbreviation, letters with stops between them ("U.N.") or a single initial.
"""

from __future__ import annotations

import re

#: Titles in the plural too: "U.S. Sens. Lindsey Graham, Mike Lee and Orrin Hatch" (a trial's marked sentence had
#: ended at "Sens.", the senators' names left unmarked).
_ABBREVIATIONS = frozenset(
    """
    dr drs ir ing mr mrs ms prof st jr sr vs etc bijv bv ca cf dhr mevr mw nr no jl resp zgn
    e.g i.e a.m p.m o.a m.a.w d.w.z t.o.v z.g.a.n blz enz incl excl fig vol jan feb mrt apr jun
    jul aug sep sept okt oct nov dec gen lt col sgt rep sen gov capt cmdr maj supt insp det rev hon messrs inc corp
    sens reps govs gens adm atty pres cpl pvt mgr wnd
    ltd dept univ approx
    """.split()
)
#: Letters with stops between them: "U.N.", "U.S.", "V.S." ("told the U.N. Security Council" had been cut after
#: "U.N.", its quote left unmarked). One that ends a sentence joins it to the next, which marks too much, never
#: too little.
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
#: Capitals of the Latin alphabets: a sentence or a name may start with "Ö", "É", "Ł" or "Š" as with "A".
CAPITALS = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_OPENERS = "‘“'\"(["
_CLOSERS = "’”'\")]"
_BOUNDARY = re.compile(
    rf"(?<=[.!?…])[{re.escape(_CLOSERS)}]*(?=\s+[{re.escape(_OPENERS)}]*[0-9{CAPITALS}])"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences in ``text``.

    Spans index into the original text, so a caller can mark a sentence inside a verbatim
    paragraph without rebuilding it.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if _ends_with_abbreviation(text[start:end]):
            continue
        spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return [span for span in spans if span[1] > span[0]]


def _ends_with_abbreviation(sentence: str) -> bool:
    words = sentence.rstrip(_CLOSERS).split()
    if not words:
        return False
    last = words[-1].lstrip(_OPENERS).rstrip(".").lower()
    if len(last) == 1 and last.isalpha():  # an initial: "A. Loekasjenko"
        return True
    return last in _ABBREVIATIONS or _DOTTED.fullmatch(last) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
