"""Clean what a reader typed before it is searched: one rule set for Telegram, the terminal and the CLI."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from index.answer_types import AUXILIARIES, QUESTION_WORDS
from index.articles import HTML_CODE, HTML_TAG, TERMINAL_CODES

from .messages import reader_language, say

#: Longer questions are cut; no reader's question needs more, and encoders read ~256 tokens anyway.
MAX_QUESTION_CHARS = 500

#: The example question of a hint, replaced by one about the index's own articles where there is one.
EXAMPLE_QUESTION = "What did Loekasjenko admit?"

#: Greetings and thanks, in English and Dutch: a whole message of these is small talk, not a question.
_SMALL_TALK = frozenset("""hi hello hey hallo hoi dag daar there goedemorgen goedemiddag goedenavond morning
    good evening afternoon thanks thank you thx ty cheers bedankt dank je jij u wel dankjewel dankuwel merci ok oke
    oké okay cool great nice super bye doei tot ziens later bot newsbot""".split())
_THANKS = frozenset("thanks thank thx ty cheers bedankt dank dankjewel dankuwel merci".split())

_BIDI_AND_INVISIBLE = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C, 0x200B, 0x200C, 0x200D, 0xFEFF]
)


class QuestionError(ValueError):
    """The text cannot be searched; :meth:`hint` is what to tell the reader (``str()``: the hint in English)."""

    def __init__(self, key: str, *, language: str | None = None, **fields: object) -> None:
        #: The catalogue key of the hint (bot.messages), and the language of the text that had words.
        self.key, self.language, self.fields = key, language, fields
        super().__init__(say(key, "en", example=EXAMPLE_QUESTION, **fields))

    def hint(self, example: str | None = None, *, language: str = "en") -> str:
        """The hint in the text's language (``language`` when the text had no words to tell it by), with
        ``example`` (a question the index answers) as its example question."""
        return say(self.key, self.language or language, example=example or EXAMPLE_QUESTION, **self.fields)


@dataclass(frozen=True)
class Question:
    text: str
    #: The language to answer in: that of the question ("en" or "nl"); None where its words do not tell ("Ri").
    language: str | None = "en"
    #: Cut to MAX_QUESTION_CHARS; held bytes that were not UTF-8; a long message of which only its question was read.
    cut: bool = False
    not_utf8: bool = False
    picked: bool = False

    def notes_in(self, language: str) -> list[str]:
        """What the cleaning did, said in ``language`` (the answer's: a trial's Dutch reader of a question whose
        words did not tell was told in English)."""
        return [*([say("question_cut", language, count=len(self.text))] if self.cut else []),
                *([say("question_picked", language, question=self.text)] if self.picked else []),
                *([say("not_utf8", language)] if self.not_utf8 else [])]


def printable(raw: str) -> str:
    """``raw`` without terminal codes ("\x1b[1m", a title-setting "\x1b]0;…\x07"), control characters, bidi
    overrides and bytes that were not UTF-8 (lone surrogates: "\xff" read from a pipe had crashed the encoders),
    its whitespace collapsed: safe to print back and to encode."""
    text = TERMINAL_CODES.sub("", raw).translate(_BIDI_AND_INVISIBLE)
    # Bytes that were not UTF-8 (lone surrogates) are left out, as the note says ("caf\xe9s" had become "caf s");
    # control characters and line separators are spaces.
    text = "".join("" if unicodedata.category(ch) == "Cs" else " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp")
                   else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip()


#: An HTML character reference: "&lt;", "&amp;", "&#39;", "&#x27;".
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")


def clean_question(raw: str) -> Question:
    """Strip terminal colour codes, HTML tags, control characters and bidi overrides, collapse whitespace, cut
    over-long text."""
    # HTML pasted as its source is read as its text ("&lt;b&gt;bridge&lt;/b&gt;", "M&amp;S": a trial's was searched
    # for "lt" and "gt").
    raw = html.unescape(raw) if _ENTITY.search(raw) else raw
    text = printable(HTML_TAG.sub(" ", HTML_CODE.sub(" ", TERMINAL_CODES.sub("", raw))))
    if not text:
        raise QuestionError("type_a_question")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        raise QuestionError("words_only")
    asked = _asked_in(text) if len(text) > MAX_QUESTION_CHARS else ""
    cut = len(text) > MAX_QUESTION_CHARS and not asked
    if asked:
        text = asked
    elif cut:
        end = text.rfind(" ", 0, MAX_QUESTION_CHARS)
        text = text[: end if end > MAX_QUESTION_CHARS // 2 else MAX_QUESTION_CHARS].rstrip()
    language = reader_language(text, default=None)
    not_utf8 = any("\udc80" <= ch <= "\udcff" for ch in raw)  # bytes that were not UTF-8, from a pipe or a file
    words = set(re.findall(r"\w+", text.lower()))
    if words <= _SMALL_TALK:
        raise QuestionError("welcome" if words & _THANKS else "hello", language=language)
    return Question(text, language, cut=cut, not_utf8=not_utf8, picked=bool(asked))


#: A sentence that asks: what comes after the last ".", "!" or "?" before it, up to its "?".
_ASKING = re.compile(r"[^.!?]*\?")
#: A question word or auxiliary that starts a question, with its capital ("How", "Wat", "Did").
_QUESTION_START = re.compile(rf"\b(?:{'|'.join(sorted(w.capitalize() for w in QUESTION_WORDS | AUXILIARIES))})\b")


def _asked_in(text: str) -> str:
    """The question a long message asks (a reader's letter puts pleasantries first): its last sentence that ends in
    "?", with the sentence before it where both fit (it often names what the question asks about); "" where no
    sentence asks or the last is itself too long."""
    asking = list(_ASKING.finditer(text))
    if not asking:
        return ""
    if len(last := asking[-1].group().strip()) > MAX_QUESTION_CHARS:
        # a run-on message with no full stop: its question starts at the last question word written with a capital
        # (an operator's 20,000 characters ending "How old was the boy?" had been cut to their first 499)
        starts = [m.start() for m in _QUESTION_START.finditer(last) if len(last) - m.start() <= MAX_QUESTION_CHARS]
        return last[starts[0]:] if starts else ""
    before = re.findall(r"[^.!?]+[.!?]", text[:asking[-1].start()])
    if before and len(context := f"{before[-1].strip()} {last}") <= MAX_QUESTION_CHARS:
        return context
    return last


def asks_about_something(question: str) -> bool:
    """Whether ``question`` has a word besides question words and function words: "waarom?" or "what" alone
    (read without a previous question) says nothing to search for, and would quote whatever is nearest."""
    from index.entities import is_common_word
    from index.exact import asked_phrases

    return any(not is_common_word(word) and word.lower() not in _SAYING for word in re.findall(r"\w+", question)) \
        or bool(asked_phrases(question))  # 'Who said "So are we"?': words to look for as written


#: Dutch verbs of saying, which English's stopwords have ("say", "told") and Dutch's lack: "Wat zei hij?" alone had
#: quoted whatever "he" was nearest, where "What did he say?" asks for a whole question (a Dutch reader's trial).
_SAYING = frozenset("zei zeiden zegt zeggen gezegd zeg vertelde vertelden vertelt vertellen verteld".split())
