"""Questions about a byline ("What did Sanne Jansen write?", "Artikelen van Tom Baker"): the author's articles are
the answer, which never name their author."""

from __future__ import annotations

import re

from index.entities import is_common_word
from index.bylines import in_byline

#: Words that ask for someone's writing rather than a topic of it.
_WRITING = frozenset("""write writes wrote written writing article articles story stories piece pieces report
    reports author byline by schrijven schrijft schreef schreven geschreven artikel artikelen stuk stukken verhaal
    verhalen bericht berichten auteur door recent recente latest laatste newest nieuwste journalist reporter
    verslaggever""".split())
_YEAR = re.compile(r"(?:19|20)\d\d")


def asks_only_for_writing(question: str, author: str) -> bool:
    """Whether ``question`` asks for ``author``'s articles and nothing else in them: its words besides the
    author's name only ask for writing ("What has Sanne Jansen written?", "Wie is Tom Baker?"), perhaps in a
    year (:func:`year_of_writing`)."""
    words = [w for w in re.findall(r"\w+(?:['’]\w+)*", question) if not in_byline(w, author)]  # "O'Connor" whole
    return all(w.lower() in _WRITING or is_common_word(w) or len(w) == 1 or _YEAR.fullmatch(w) for w in words)


def year_of_writing(question: str) -> str | None:
    """The year a question about someone's writing names ("What did Sanne Jansen write in 2026?"): when the
    articles were written, not what they are about."""
    years = [w for w in re.findall(r"\b\d{4}\b", question) if _YEAR.fullmatch(w)]
    return years[0] if len(years) == 1 else None
