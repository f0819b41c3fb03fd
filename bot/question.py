"""Clean what a reader typed before it is searched: one rule set for Telegram, the terminal and the CLI."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Longer questions are cut; no reader's question needs more, and encoders read ~256 tokens anyway.
MAX_QUESTION_CHARS = 500

_BIDI_AND_INVISIBLE = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C, 0x200B, 0x200C, 0x200D, 0xFEFF]
)


class QuestionError(ValueError):
    """The text cannot be searched; ``str()`` is the hint to show the reader."""


@dataclass(frozen=True)
class Question:
    text: str
    notes: list[str] = field(default_factory=list)


def clean_question(raw: str) -> Question:
    """Strip control characters and bidi overrides, collapse whitespace, cut over-long text."""
    text = raw.translate(_BIDI_AND_INVISIBLE)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    notes = []
    if len(text) > MAX_QUESTION_CHARS:
        cut = text.rfind(" ", 0, MAX_QUESTION_CHARS)
        text = text[: cut if cut > MAX_QUESTION_CHARS // 2 else MAX_QUESTION_CHARS].rstrip()
        notes.append(f"Your question was cut to its first {len(text)} characters.")
    if not text:
        raise QuestionError("Please type a question, for example: What did Loekasjenko admit?")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        raise QuestionError("I can only search for words. Please ask a question in words, in English or Dutch.")
    return Question(text, notes)
