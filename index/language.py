"""Which language a text is in, for articles without a ``lang`` header and for stemming.

py3langid ships its model as a numpy archive (no pickle, no download). We restrict it to the
languages our stemmers and encoders cover, so a short Dutch paragraph is not called Afrikaans.
"""

from __future__ import annotations

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
