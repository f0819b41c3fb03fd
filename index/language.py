"""Which language a text is in, for articles without a ``lang`` header and for stemming.

py3langid ships its model as a numpy archive (no pickle, no download). We restrict it to the
languages our stemmers and encoders cover, so a short Dutch paragraph is not called Afrikaans.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Languages the lexical index can stem; the USE encoder covers all of them.
SUPPORTED_LANGUAGES = ("nl", "en", "de", "fr", "es", "it", "pt")


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED_LANGUAGES))
    return identifier


def detect_language(text: str, *, default: str = "en") -> str:
    """Return an ISO 639-1 code from :data:`SUPPORTED_LANGUAGES`; ``default`` for empty text."""
    if not text.strip():
        return default
    language, _ = _identifier().classify(text)
    return str(language)


#: Question words, auxiliaries, reporting verbs, pronouns and conjunctions that only one of the two languages
#: uses ("was", "in", "over" are both): a short question's language, which py3langid reads from its names
#: ("zijn vleermuizen blind" had read as English).
_EN_WORDS = frozenset("""what who whom whose which when where why how did does do are were has have can could
    will would should the a an to on for with about from say said says tell told admit deny and not he she they
    his their this that there it its been""".split())
_NL_WORDS = frozenset("""wat wie wiens welk welke wanneer waar waarom hoe hoeveel heeft hebben hadden kon konden
    wordt werd werden zal zou zouden moet moest de het een naar op voor met aan uit zei zegt gaf geeft toe
    vertelde ontkent erkent zijn er niet ook nog dat dit deze van bij hij zij hem ik ons waren kunnen gaat gaan
    geen om tegen toen nadat omdat maar en""".split())


def function_word_language(question: str) -> str | None:
    """"nl" or "en" where the question's function words tell, None where they do not ("Loekasjenko?")."""
    words = re.findall(r"\w+", question.lower())
    english, dutch = sum(w in _EN_WORDS for w in words), sum(w in _NL_WORDS for w in words)
    return None if english == dutch else "en" if english > dutch else "nl"


def question_language(question: str) -> str:
    """"nl" or "en" for a reader's question. "What did Loekasjenko admit?" reads as Dutch to py3langid
    (its name is most of its letters), so the function words decide where they differ; py3langid decides
    otherwise, and anything it calls neither Dutch nor English counts as English."""
    told = function_word_language(question)
    if told:
        return told
    language = detect_language(question, default="en")
    return language if language in ("nl", "en") else "en"
