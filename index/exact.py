"""What a question gives word for word, found as written: a quotation it repeats ('Who said "We will study the
judgment carefully"?') and the person it asks to have introduced ("Who is Janet Price?").

Both are answered by the paragraph that holds the words themselves, which the ranking may place below paragraphs
closer in meaning: a business desk's trial had the first question quote Loekasjenko, and the second refused
although a paragraph introduces her ("Local councillor Janet Price told reporters …")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from .entities import is_common_word
from .quotes import find_quotations

if TYPE_CHECKING:
    from .store import PassageStore

#: Fewest words of a quotation in a question looked up as written: "said 'no'" names no passage.
MIN_QUOTED_WORDS = 3
_WHO_IS = re.compile(r"^\W*(?:who|wie)\s+(?:is|was|are|were|zijn|waren)\s+(?P<name>[^?]+?)\W*$", re.I)


def quoted_phrases(question: str) -> list[str]:
    """The quotations in ``question`` of :data:`MIN_QUOTED_WORDS` words or more, without their marks."""
    phrases = []
    for start, end, closed in find_quotations(question):
        phrase = question[start + 1:end - 1 if closed else end].strip(" \t.,;:!?")
        if len(re.findall(r"\w+", phrase)) >= MIN_QUOTED_WORDS:
            phrases.append(phrase)
    return phrases


#: Words that ask whose words a quotation is: 'Who said "…"?', 'Zei Rutte "…"?', 'Did she write "…"?'.
_WHOSE_WORDS = re.compile(r"\b(?:who|wie|said|say|says|zei|zegt|zeggen|gezegd|wrote|write|schreef|geschreven|"
                          r"tweeted|twitterde|called|noemde)\b", re.I)


def asks_whose_words(question: str) -> bool:
    """Whether ``question`` quotes words of :data:`MIN_QUOTED_WORDS` or more and asks who said or wrote them: only
    the passage holding those very words answers it (a fact-checker's 'Who said "We will never give up"?' named
    three people for other words of theirs)."""
    if not quoted_phrases(question):
        return False
    outside = list(question)
    for start, end, _ in find_quotations(question):
        outside[start:end] = " " * (end - start)
    return _WHOSE_WORDS.search("".join(outside)) is not None


def holds_phrase(text: str, phrase: str) -> bool:
    """Whether ``text`` holds ``phrase`` as :meth:`PassageStore.rows_with_text` finds it: in any case and spacing,
    an apostrophe or quotation mark matching any character."""
    marks = r"\\?['’‘\"“”]"  # re.escape may have escaped them
    pattern = r"\s+".join(re.sub(marks, ".", re.escape(word)) for word in phrase.split())
    return re.search(pattern, text, re.I) is not None


def name_asked_who(question: str) -> str | None:
    """The name in "Who is X?" / "Wie is X?" when X is one (each word but particles capitalised)."""
    match = _WHO_IS.match(question)
    if match is None:
        return None
    words = match["name"].split()
    if not any(w[:1].isupper() and not is_common_word(w) for w in words):
        return None  # "who is the mayor": no name to look for as written
    return match["name"]


def exact_rows(question: str, store: "PassageStore", allowed: np.ndarray | None) -> np.ndarray:
    """Rows that hold what ``question`` gives word for word: each quotation it repeats, else the first paragraph of
    each article that names the person it asks about in full."""
    phrases = quoted_phrases(question)
    if phrases:
        rows = sorted({row for phrase in phrases for row in store.rows_with_text(phrase)})
    else:
        name = name_asked_who(question)
        rows = store.first_rows_naming(name) if name else []
    found = np.array(rows, dtype=np.int64)
    return np.intersect1d(found, allowed) if allowed is not None else found


def names_whom_asked(question: str, text: str) -> bool:
    """Whether ``question`` asks who someone is and ``text`` names them, each word of the name capitalised there
    ("Who is the mayor?" only where a passage writes "Mayor …")."""
    match = _WHO_IS.match(question)
    words = [w for w in re.findall(r"[\w'’-]+", match["name"]) if not is_common_word(w)] if match else []
    return bool(words) and all(re.search(rf"\b{re.escape(w[:1].upper() + w[1:])}\b", text) for w in words)
