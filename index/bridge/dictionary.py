"""FreeDict's Dutch→English dictionary (Debian ``dict-freedict-nld-eng``), read backwards."""

from __future__ import annotations

import gzip
import logging
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

#: Where Debian puts the dictionary; NEWSBOT_DICTIONARY names another dictd ``.dict.dz`` (or ``.dict``) file.
DEFAULT_PATHS = (Path("/usr/share/dictd/freedict-nld-eng.dict.dz"), Path("/usr/share/dictd/freedict-nld-eng.dict"))
INSTALL_HINT = "install Debian's dict-freedict-nld-eng (apt-get install dict-freedict-nld-eng) and rebuild"
#: A headword line: "toegeven /tuɤ°evən/".
_HEADWORD = re.compile(r"^(\S[^/\n]*?) /[^/\n]*/$")
_SENSE_NUMBER = re.compile(r"^\d+\.\s*")
#: English words with more Dutch translations than this are too vague to bridge ("make", "get").
MAX_TRANSLATIONS = 12
#: English translations two Dutch words must share to count as synonyms.
SHARED_FOR_SYNONYM = 2


def fold(text: str) -> str:
    """Lower case with compatibility forms folded (FreeDict writes the Dutch 'ĳ' as one letter)."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True)
class Dictionary:
    """English word → Dutch headwords (single words), the reverse, and every Dutch headword."""

    path: Path | None
    english_to_dutch: dict[str, frozenset[str]] = field(default_factory=dict)
    dutch_to_english: dict[str, frozenset[str]] = field(default_factory=dict)
    headwords: frozenset[str] = frozenset()
    #: Every single-word translation of each Dutch headword, however many (for :meth:`synonyms`).
    all_english: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    all_dutch: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @property
    def available(self) -> bool:
        return bool(self.english_to_dutch)

    def translations(self, word: str) -> frozenset[str]:
        """Dutch headwords that translate the English ``word``."""
        return self.english_to_dutch.get(word, frozenset())

    def english(self, lemma: str) -> frozenset[str]:
        """English words that translate the Dutch ``lemma``."""
        return self.dutch_to_english.get(lemma, frozenset())

    def synonyms(self, lemma: str) -> frozenset[str]:
        """Dutch headwords sharing at least :data:`SHARED_FOR_SYNONYM` English translations with ``lemma``
        (toegeven and erkennen share admit, acknowledge, confess, profess; toegeven and toevoegen only add)."""
        shared: dict[str, int] = defaultdict(int)
        for word in self.all_english.get(lemma, ()):
            for dutch in self.all_dutch.get(word, ()):
                shared[dutch] += 1
        return frozenset(d for d, n in shared.items() if n >= SHARED_FOR_SYNONYM and d != lemma)


def find_dictionary() -> Path | None:
    """The dictionary file to read, or None when it is not installed."""
    configured = os.environ.get("NEWSBOT_DICTIONARY")
    candidates = (Path(configured),) if configured else DEFAULT_PATHS
    return next((p for p in candidates if p.is_file()), None)


@lru_cache(maxsize=4)
def load_dictionary(path: Path | None = None) -> Dictionary:
    """Read and reverse the dictionary once per process (~0.5 s); an empty one when there is none."""
    path = path or find_dictionary()
    if path is None:
        return Dictionary(None)
    try:
        opener = gzip.open if path.suffix == ".dz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        logger.warning("cannot read the dictionary %s (%s): the lexical bridge is off", path, exc)
        return Dictionary(None)
    reverse: dict[str, set[str]] = defaultdict(set)
    forward: dict[str, set[str]] = defaultdict(set)
    headwords: set[str] = set()
    head: str | None = None
    for line in text.splitlines():
        if match := _HEADWORD.match(line):
            head = fold(match.group(1).strip())
            headwords.add(head)
            continue
        if head is None or " " in head or not line.strip():
            continue
        for translation in _SENSE_NUMBER.sub("", line.strip()).split(","):
            words = fold(translation).split()
            if len(words) == 2 and words[0] == "to":  # "to admit"
                words = words[1:]
            if len(words) == 1 and words[0].isalpha():
                reverse[words[0]].add(head)
                forward[head].add(words[0])
    english = {w: frozenset(d) for w, d in reverse.items() if len(d) <= MAX_TRANSLATIONS}
    dutch = {w: frozenset(e) for w, e in forward.items() if len(e) <= MAX_TRANSLATIONS}
    return Dictionary(path, english, dutch, frozenset(headwords),
                      {w: frozenset(e) for w, e in forward.items()}, {w: frozenset(d) for w, d in reverse.items()})
