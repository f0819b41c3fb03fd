"""Who wrote an article: its byline's persons, for questions about an author ("What did Tom Baker write?")."""

from __future__ import annotations

import re

from .quotes import fold_name

#: What separates the persons of one byline: "Emma de Vries and Tom Baker", "A, B" (a header's list), "A & B".
_BETWEEN_PERSONS = re.compile(r"\s*(?:[,;&]|\band\b|\ben\b)\s*", re.I)


def byline_persons(author: str) -> list[str]:
    """The persons of a byline, as written: an editor's "What did Tom Baker write?" had been refused where one of
    his articles was co-written ("Emma de Vries and Tom Baker")."""
    return [person for person in _BETWEEN_PERSONS.split(author) if person.strip()]


def in_byline(name: str, author: str) -> bool:
    """Whether every word of ``name`` is a word of the byline ``author`` in any accents ("Jansen" and "Sanne
    Jansen" of "Sanne Jansen en Tom Baker")."""
    words = set(fold_name(name).split())
    return bool(words) and words <= set(fold_name(author).split())


def by_person(author: str | None, person: str) -> bool:
    """Whether ``person`` is one of the persons of the byline ``author``, in any accents."""
    if not author:
        return False
    return any(fold_name(p) == fold_name(person) for p in byline_persons(author))
