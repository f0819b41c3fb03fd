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


def quoted_phrases(question: str, *, min_words: int = MIN_QUOTED_WORDS) -> list[str]:
    """The quotations in ``question`` of ``min_words`` words or more, without their marks."""
    phrases = []
    for start, end, closed in find_quotations(question):
        phrase = question[start + 1:end - 1 if closed else end].strip(" \t.,;:!?")
        if len(re.findall(r"\w+", phrase)) >= min_words:
            phrases.append(phrase)
    return phrases


#: A question that asks whose words a quotation is: 'Who said "…"?', 'Van wie is "…"?', 'Zei Rutte "…"?', 'Did she
#: write "…"?'; not 'In the "Study History" op-ed, where does the author say …?' nor 'Wie is de bedenker van
#: "Designated Survivor"?', which name a title (a held-out question had been refused: "no article holds the quoted
#: words").
_WHOSE_WORDS = re.compile(
    r"\b(?:who|wie)\s+(?:\w+\s+){0,2}?(?:said|says|say|wrote|writes|write|called|calls|tweeted|told|tells|zei|zegt|"
    r"zeiden|schreef|noemde|noemt|twitterde|vertelde)\b|\bvan wie (?:is|zijn|komt|komen)\b|\bwhose (?:words|quote)\b"
    r"|^\W*(?:did|does|has|zei|zegt|heeft|schreef|said)\b", re.I)
#: Most paragraphs a quotation of one or two words is looked for in, word by word, after the database's scan.
MAX_SHORT_MATCHES = 500


def asks_whose_words(question: str) -> bool:
    """Whether ``question`` quotes words and asks who said or wrote them: only the passage holding those very words
    answers it (a fact-checker's 'Who said "We will never give up"?' named three people for other words of theirs)."""
    return bool(_whose_phrases(question))


def asked_phrases(question: str) -> list[str]:
    """The words ``question`` gives as written: its quotations of :data:`MIN_QUOTED_WORDS` words or more, and where
    it asks whose words they are, shorter ones too, but for function words alone ('Who said "no"?'): a wire editor's
    'Who said the team is "totally devastated"?' had named someone for other words."""
    return _whose_phrases(question) or quoted_phrases(question)


#: How many words of a quotation asked about make it one to look for, though all are function words.
WHOSE_FUNCTION_WORDS = 3


def _whose_phrases(question: str) -> list[str]:
    """The quotations of a question that asks whose words they are, of any length but function words alone."""
    if _WHOSE_WORDS.search(unquoted(question)) is None:
        return []
    # function words alone do not say which passage ('Who said "no"?'), three or more do ('Who said "So are we"?', a
    # fact-checker's, which had been told it says nothing to look for)
    return [p for p in quoted_phrases(question, min_words=1)
            if len(words := re.findall(r"\w+", p)) >= WHOSE_FUNCTION_WORDS or not all(map(is_common_word, words))]


def unquoted(text: str) -> str:
    """``text`` with its quotations blanked: the words a question repeats are not what it asks ('Who said "I don't
    know what happened"?' asks no "what happened")."""
    outside = list(text)
    for start, end, _ in find_quotations(text):
        outside[start:end] = " " * (end - start)
    return "".join(outside)


def holds_phrase(text: str, phrase: str) -> bool:
    """Whether ``text`` holds ``phrase`` as whole words, as :meth:`PassageStore.rows_with_text` finds it: in any
    case and spacing, an apostrophe or quotation mark matching any character."""
    marks = r"\\?['’‘\"“”]"  # re.escape may have escaped them
    pattern = r"\s+".join(re.sub(marks, ".", re.escape(word)) for word in phrase.split())
    return re.search(rf"(?<!\w){pattern}(?!\w)", text, re.I) is not None


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
    phrases = asked_phrases(question)
    if phrases:
        rows = sorted({row for phrase in phrases for row in _rows_holding(store, phrase)})
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


def _rows_holding(store: "PassageStore", phrase: str) -> list[int]:
    """Rows holding ``phrase``: the database's scan, and for a short one ("folly" is in "follyX") whole words only."""
    rows = store.rows_with_text(phrase)
    if len(re.findall(r"\w+", phrase)) >= MIN_QUOTED_WORDS:
        return rows
    passages = store.passages(rows[:MAX_SHORT_MATCHES])
    return [row for row, passage in passages.items() if holds_phrase(passage.text, phrase)]
