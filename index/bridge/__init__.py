"""The lexical bridge: an English question's words as the Dutch words an article would use.

e5 and USE match topics across languages but not the focus of a question: "admit" and "deny" sit
within 0.01 cosine. The bridge reads Debian's FreeDict Dutch→English dictionary backwards (admit →
toegeven, erkennen, bekennen, …), lemmatises Dutch with simplemma (erkent → erkennen) and re-joins
separable verbs (geeft … toe → toegeven), so that a BM25 index over Dutch lemmas can be searched
with English words. Dutch questions use the same lemma index directly.

The dictionary is GPL-2+ and is read where Debian installs it; nothing derived from it is stored in
the repository. Without it the bridge still lemmatises (Dutch questions gain) and English words only
match themselves (names, numbers, loanwords); ``newsbot index info`` says so.
"""

from .dictionary import Dictionary, find_dictionary, load_dictionary
from .terms import dutch_terms, passage_terms, query_groups

__all__ = ["Dictionary", "dutch_terms", "find_dictionary", "load_dictionary", "passage_terms", "query_groups"]
