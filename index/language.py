"""Which language a text is in, for articles without a ``lang`` header and for stemming.

py3langid ships its model as a numpy archive (no pickle, no download). We restrict it to the
languages our stemmers and encoders cover, so a short Dutch paragraph is not called Afrikaans.
"""

from __future__ import annotations

import re
import tempfile
from functools import lru_cache

from .errors import NewsbotError

#: Languages the lexical index can stem; the USE encoder covers all of them.
SUPPORTED_LANGUAGES = ("nl", "en", "de", "fr", "es", "it", "pt")


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except OSError as error:  # it unpacks its model into a temporary file first (~20 MB)
        raise NewsbotError(f"the language detector could not unpack its model into {tempfile.gettempdir()} "
                           f"({error.strerror or error}): check the free space there and file size limits "
                           "(ulimit -f), or point TMPDIR at another folder") from None
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


#: The particles inside a name ("Melanie van der Horst"), which are no Dutch function words there: an editor's
#: "Who is Melanie van der Horst?" had been answered in Dutch.
_NAME_PARTICLES = re.compile(r"(?<=[A-Z][a-z])(\w*)\s+(?:(?:van|de|der|den|ter|ten|von)\s+)+(?=[A-Z])")


def function_word_language(question: str) -> str | None:
    """"nl" or "en" where the question's function words tell, None where they do not ("Loekasjenko?")."""
    words = re.findall(r"\w+", _NAME_PARTICLES.sub(r"\1 ", question).lower())
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


#: Other languages py3langid is kept to, as readers name them, for a note on a question in one of them.
OTHER_LANGUAGE_NAMES = {"de": ("German", "Duits"), "fr": ("French", "Frans"), "es": ("Spanish", "Spaans"),
                        "it": ("Italian", "Italiaans"), "pt": ("Portuguese", "Portugees")}


def other_language(question: str) -> str | None:
    """The code of a language other than English and Dutch that ``question`` is plainly written in ("Qu'est-ce que
    Loekasjenko a admis?": a trial's French question was answered as English without a word), else None. Plainly:
    three words or more, py3langid sure (0.85), and under half of them English or Dutch function words; none of
    the 1,323 questions of tests/eval, as written or lowercased, is taken for another language."""
    words = re.findall(r"[^\W\d_]+", question.lower())
    if len(words) < 3 or 2 * sum(w in _EN_WORDS or w in _NL_WORDS for w in words) >= len(words):
        return None
    language, probability = _identifier().classify(question)
    return str(language) if language in OTHER_LANGUAGE_NAMES and probability >= 0.85 else None
