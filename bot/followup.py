"""Follow-up questions: "and what did he deny?" read together with the chat's previous question.

A question is a follow-up when it names no one of its own and has a pronoun ("he", "hij", "haar", "it"), starts
like a continuation ("and …", "en …", "what about …") or with a preposition before its question word ("by how
many votes?"), or is very short ("waarom?"); or when a pronoun comes
before its names ("what did he say about Facebook?": "he" is no one this question has named yet). It is then
read with the previous question of the same chat: a pronoun becomes the name that question asked about ("what
did Loekasjenko deny?"); otherwise the previous question is added after it. A question with names of its own
before any pronoun starts a new topic ("What did Trump say he would do?"). The articles that answered the chat's
last new topic are its story (:attr:`Reading.story`), which a follow-up or a question that names nothing is asked
of first; the reader's own "unrelated:" leaves it. Context lives in memory only, per chat, for
:data:`FOLLOW_UP_SECONDS`; nothing of it is written to disk.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace

from index.entities import names_as_written, names_asked, names_in_question
from index.exact import asked_phrases
from index.language import question_language
from index.lexical import STOPWORDS
from index.unnamed import asks_only_a_name

from .messages import reader_language, say
from .periods import asks_for_the_news

#: How long a chat's previous question is remembered.
FOLLOW_UP_SECONDS = 600
#: At most this many words make a question short enough to be a follow-up ("waarom?", "and in 2020?").
SHORT_QUESTION_WORDS = 3
#: At most this many articles make a chat's story (the most recent).
STORY_ARTICLES = 5
#: At most this many words make a question that starts with "and" and names something a follow-up ("and in
#: Spanish?"); a longer one asks a question of its own ("And what did Trump say about the wall?").
CONTINUATION_WITH_NAME_WORDS = 4
#: Chats remembered at once; the least recently asked are forgotten first.
MAX_CHATS = 10_000

#: Pronouns for a person, which a question with names of its own may still use for the previous one's.
_PERSON_WORDS = "he him his she her hij hem zij ze haar diens"  # "ze": Dutch's usual "she" (an editor's trial)
_PERSON = re.compile(rf"\b({'|'.join(_PERSON_WORDS.split())})\b", re.I)
_PRONOUN = re.compile(rf"\b({'|'.join((_PERSON_WORDS + ' they them their hun').split())})\b", re.I)
_POSSESSIVE = frozenset({"his", "their"})
#: A person pronoun's gender ("ze" after a plural verb is "they", read before this; in article text "zij" and "ze" are
#: "they" as often, :data:`TEXT_GENDERS`).
PRONOUN_GENDERS = {**dict.fromkeys("he him his himself hij hem diens".split(), "he"),
                   **dict.fromkeys("she her hers herself zij ze haar".split(), "she")}
TEXT_GENDERS = {word: gender for word, gender in PRONOUN_GENDERS.items() if word not in ("zij", "ze")}
GENDERS = frozenset(PRONOUN_GENDERS.values())
#: Possessive only before a word ("her father", "haar zakenpartner"; not "what did he tell her?").
_POSSESSIVE_BEFORE_A_WORD = frozenset({"her", "haar", "hun"})
#: They, which stands for a group or an organisation ("they" for Sainsbury), not for one person's whole name.
_PLURAL = frozenset({"they", "them", "their", "hun"})
#: Dutch "ze" after a plural verb is "they" ("hoeveel moeten ze betalen?", "wat deden ze?"), else "she".
_PLURAL_VERB = re.compile(r"(?:en|gaan|staan|slaan)\s+$", re.I)
#: A thing or an event asked about before ("When did it happen?", "Wanneer gebeurde het?", "hoe laat was dat?"): the
#: previous question is added after it, as no name stands for "it". Dutch "het" only as the last word: elsewhere it
#: is an article; "that", "dat" too: elsewhere they start a clause.
_THING = re.compile(r"\b(?:it|its)\b|\b(?:het|that|this|dat|dit)\W*$", re.I)
#: "who conducted that poll?", "welke peiling was dat": in a question this short, a demonstrative points back.
_POINTING = re.compile(r"\b(?:that|this|these|those|die|deze|dat|dit)\b", re.I)
POINTING_QUESTION_WORDS = 4
#: A name right after these is a place, which "he" or "they" does not stand for: after "hoe heette de
#: luchtverkeersleider die stierf in palu", "hoe oud was hij" had read as "hoe oud was Palu".
_IN_PLACE = re.compile(r"\b(?:in|at|near|nabij|te)")
#: Nor is a name right after an article: "the Macedonian president", "de Macedoniërs" (a trial's "who is he?" had
#: read as "who is Macedonian?"). In lower case only: "De Vries" is a name.
_ARTICLE = re.compile(r"(?-i:\b(?:the|a|an|de|het|een))")
_CONTINUATION = re.compile(r"^\s*(and|but|also|what about|how about|en|maar|ook|en wat|wat dan)\b[\s,]*", re.I)
#: A question that starts with a preposition before its question word ("by how many votes?", "in which year?",
#: "door wie?", "sinds wanneer?") leaves out what it asks about: it asks about the previous question's story.
_ELLIPTICAL = re.compile(r"^\W*(?:by|in|for|with|from|to|since|until|at|on|after|before|door|voor|met|van|naar|"
                         r"sinds|tot|om|op|na|bij)\s+(?:how|what|which|whom?|when|where|hoe|wat|welke?|wie|wanneer|"
                         r"waar|hoeveel)\b", re.I)
#: At most this many words make a question that starts as :data:`_ELLIPTICAL` a follow-up; a longer one says what
#: it asks about ("In which year did Belarus hold its last election?").
ELLIPTICAL_QUESTION_WORDS = 5


@dataclass(frozen=True)
class Reading:
    """How a question was read: ``text`` is what is searched; ``used_context`` says whether the chat's
    previous question went into it."""

    asked: str
    text: str
    used_context: bool = False
    #: The previous question, when it was added after this one ("waarom?" + "Wat zei Stoltenberg?"), which
    #: reads oddly as one sentence: the note names it instead.
    previous: str | None = None
    #: Passages not to quote again: what the last answer showed, when this follow-up asks for what else there is.
    exclude: frozenset[tuple[str, int, int]] = frozenset()
    #: The pronoun a question asks about when nothing earlier in the chat says who it is ("What did he say?" as a
    #: chat's first question): searched as it is, with a note, as a trial's reader took its quotes for his.
    unknown_person: str | None = None
    #: What the last answer showed, for any follow-up: an answer of nothing else says so.
    shown_before: frozenset[tuple[str, int, int]] = frozenset()
    #: Read with the question of the answer it replies to, which in a group may be another member's.
    replied: bool = False
    #: The chat's last question was longer ago than :data:`FOLLOW_UP_SECONDS`: the note says so, not "no question".
    expired: bool = False
    #: The chat's story, whose articles' passages weigh more: for a follow-up, and for a question that names no one
    #: and nothing ("wat zei de woordvoerder?" after a question about the Palu air traffic controller).
    story: tuple[str, ...] = ()
    #: A follow-up's own words, when the previous question was added after them and they say what they ask
    #: ("welke soort haai?"): searched first on their own with the chat's story, as the previous question's words
    #: had pulled its answer back to the paragraphs shown before.
    alone: str | None = None
    #: The title of the chat's story when the answer came from it only for being the story (set by the answerer).
    topic_title: str | None = None
    #: The answer's other articles that tell the same story (set by the answerer), which join a new story.
    siblings: tuple[str, ...] = ()
    #: The name a gendered pronoun was read as, and its gender ("Kit Harington", "he"), for the chat to remember.
    gendered: tuple[str, str] | None = None

    @property
    def noted(self) -> bool:
        """Whether the answer says how this question was read."""
        return self.used_context or self.unknown_person is not None or self.topic_title is not None

    def note(self, language: str = "en") -> str:
        if self.topic_title is not None and (not self.used_context or self.alone is not None):
            return say("within_topic", language, title=short_title(self.topic_title))
        if self.unknown_person is not None:
            return say("unknown_person_expired" if self.expired else "unknown_person", language,
                       pronoun=self.unknown_person, minutes=FOLLOW_UP_SECONDS // 60)
        if self.previous is not None:  # in a group, a reply to another member's answer is not "your" question
            return say("reading_with_replied" if self.replied else "reading_with", language, question=self.previous)
        return say("reading_as", language, question=self.text)


#: A follow-up that asks for what the last answer did not show ("wat zei hij nog meer?", "what else did he say?",
#: "and what did she say next?").
_ELSE = re.compile(r"\b(?:nog|else|more|other|others|verder|andere|anders|next|daarna|vervolgens)\b", re.I)


@dataclass(frozen=True)
class _Context:
    question: str
    names: tuple[str, ...]
    at: float
    #: The passages the chat's last answer quoted, as (article, paragraph, part).
    shown: frozenset[tuple[str, int, int]] = frozenset()
    #: The articles the answer to the chat's last new topic quoted, in order: the story the chat is about.
    story: tuple[str, ...] = ()
    #: The gender of the pronouns the chat's readings gave names ("his" → Kit Harington: "he"), as (name, gender).
    genders: tuple[tuple[str, str], ...] = ()
    #: The chat's last question as searched, where the topic stayed with an earlier one: whom "hoe heet hij?" asks
    #: the name of ("hoe oud was de jongen?" asked of the story; the topic, "haaienaanval californie", describes
    #: no one).
    last: str | None = None


class FollowUps:
    """The previous question of each chat, for reading the next one; thread-safe, in memory only."""

    def __init__(self, *, seconds: float = FOLLOW_UP_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._chats: OrderedDict[Hashable, _Context] = OrderedDict()
        self._expired: OrderedDict[Hashable, None] = OrderedDict()  # chats whose context timed out since
        self._lock = threading.Lock()

    def read(self, chat_id: Hashable, question: str, *, replying_to: str | None = None,
             stands_for: Callable[[str, str], bool] | None = None,
             story_holds_names: Callable[[str, tuple[str, ...]], bool] | None = None) -> Reading:
        """The question as it should be searched, with the chat's context when it is a follow-up; ``replying_to``:
        the question of the answer it replies to, which is its context instead (in a group, a reply to an older
        answer had been read with another member's newer question); ``stands_for(name, kind)``: whether a
        person pronoun ("he" or "she" as kind, "person" where its gender is not known) or a "group" one ("they")
        can stand for a name (default: any name);
        ``story_holds_names(question, story)``: whether the chat's story holds every name the question asks about
        as a word of its own (default: never)."""
        question = question.strip()
        if (new := _NEW_TOPIC.match(question)) and question[new.end():].strip():
            # "unrelated: why did the health secretary write to EU staff?": no story of the chat's
            return Reading(question, question[new.end():].strip())
        if asked_phrases(question):
            # Words given as written are read on their own: 'Who said "He was quite a quiet man"?' had become "Kanye
            # West was quite a quiet man" after a question about him (a wire editor's trial).
            return Reading(question, question)
        context = self._context(chat_id) if replying_to is None else _Context(replying_to, _topic_names(replying_to),
                                                                              self.clock())
        if context is not None and context.last is not None and asks_only_a_name(question):
            context = replace(context, question=context.last)
        swapped = _with_name_swapped(question, context) if context is not None else None
        if swapped is not None:  # "en ABC?" after "Hoeveel kijkers had Fox News?"
            return Reading(question, swapped, used_context=True, story=context.story)
        if context is None or not is_follow_up(question):
            pronoun = _PERSON.search(question) if context is None and is_follow_up(question) else None
            # A question that names nothing asks about the chat's story first: "wat zei de woordvoerder?"; so does
            # one that goes on with "and" ("and in Spanish?"), where the story mentions what it names.
            # So does one that points back and names only what the story holds: "how much American aid does it get?"
            # after a question about El Salvador (not "How big a fine could Track Palin face?" after one about Sarah
            # Palin: a name is often a new subject that the story mentions in passing).
            story = context.story if context is not None and (
                not names_asked(question) or _CONTINUATION.match(question)
                or (_PRONOUN.search(question) or _THING.search(question)) and story_holds_names is not None
                and story_holds_names(question, context.story)) else ()
            return Reading(question, question, unknown_person=pronoun.group(0) if pronoun else None,
                           expired=pronoun is not None and chat_id in self._expired, story=story,
                           shown_before=context.shown if story else frozenset())
        # A name the chat has read a pronoun of the other gender as is not this one's: "how old is she?" after "who
        # is his wife?" (his: Kit Harington) had been read as "how old is Kit Harington?".
        genders = dict(context.genders)

        def stands(name: str, kind: str) -> bool:
            return (kind not in GENDERS or genders.get(name, kind) == kind) \
                and (stands_for is None or stands_for(name, kind))

        text = combine(question, context.question, context.names, stands)
        appended = text.endswith(context.question) and context.question not in question
        exclude = context.shown if _ELSE.search(question) else frozenset()
        own = _CONTINUATION.sub("", question, count=1).strip() or question
        pronoun = _PRONOUN.search(own)
        gender = PRONOUN_GENDERS.get(pronoun.group(1).lower()) if pronoun and not appended else None
        named = next((n for n in context.names if n in text and n not in question), None) if gender else None
        return Reading(question, text, used_context=True, previous=context.question if appended else None,
                       exclude=exclude, shown_before=context.shown, replied=replying_to is not None,
                       story=context.story, gendered=(named, gender) if named and gender else None,
                       # "what happened to him?" needs the previous question to say who; "what time was it?" not
                       alone=own if appended and _says_what(own) and not _PERSON.search(own) else None)

    def remember(self, chat_id: Hashable, reading: Reading, shown: Iterable[tuple[str, int, int]] = ()) -> None:
        """Keep what was searched as the chat's context; a follow-up keeps the names it was read with, and one read
        with the previous question added after it keeps that question (a second "waarom?" is read with the
        topic, not with "waarom? waarom? …"). "What's new?" has no topic to follow up on: the topic before it
        stays. ``shown``: the passages the answer quoted, in order, which a "what else?" follow-up does not
        repeat. When the question was asked of no story, the first one's article and the reading's ``siblings``,
        articles that tell the same story (a trial's Track Palin bond and plea were in an article the first
        quote was not from) become the chat's story. A question asked of the story adds the article of its first
        quote to it: a trial's "how many were on board?" after a plane crash quoted a Ryder Cup article, and the
        next follow-ups had been asked of that alone, while another's first answer was wrong and the story never
        reached the article a follow-up then found."""
        if asks_for_the_news(reading.text):
            return
        shown = list(shown)
        with self._lock:
            previous = self._chats.get(chat_id)
            topic = reading.previous if reading.previous is not None else reading.text
            if previous is not None and (reading.used_context and _ELSE.search(reading.asked)
                                         or not reading.used_context and reading.story
                                         and not names_asked(reading.text)):
                # "wat zei Zaev nog meer?" goes on with the topic before it: the next "en waarom boycotten sommigen
                # het?" had been read with "wat zei Zaev nog meer?" (a Dutch reader's trial) and quoted him again. So
                # does a question asked of the story that names nothing: a trial's "who helped him?" after "what kind
                # of shark?" had been read with that, not with the question about the boy.
                topic = previous.question
            names = _topic_names(topic)
            if (reading.used_context or reading.story) and previous and not names:
                names = previous.names
            elif reading.used_context and previous:  # "Karen Jankels vader" is still about Karen Jankel
                names = tuple(next((p for p in previous.names if n != p and n.startswith(p) and len(n) - len(p) <= 2),
                                   n) for n in names)
            # A follow-up, or a question asked of the story, goes on with the topic: "wat zei hij nog meer?" after two
            # answers about him shows neither again (a trial's showed the first one's passages again).
            before = previous.shown if (reading.used_context or reading.story) and previous else frozenset()
            if not reading.story:
                story = tuple(dict.fromkeys([*(article for article, _, _ in shown[:1]), *reading.siblings])
                              )[:STORY_ARTICLES]
            elif shown:  # the story grows by the article that answered: one quoted by mistake is outweighed
                story = tuple(dict.fromkeys((*reading.story, shown[0][0])))[-STORY_ARTICLES:]
            else:
                story = reading.story
            genders = dict(previous.genders) if previous is not None and (reading.used_context or reading.story) else {}
            if reading.gendered:
                genders[reading.gendered[0]] = reading.gendered[1]
            self._chats[chat_id] = _Context(topic, names, self.clock(), frozenset(shown) | reading.exclude | before,
                                            story, tuple(genders.items()),
                                            last=reading.text if reading.text != topic else None)
            self._expired.pop(chat_id, None)
            self._chats.move_to_end(chat_id)
            while len(self._chats) > MAX_CHATS:
                self._chats.popitem(last=False)

    def language(self, chat_id: Hashable) -> str | None:
        """The language of the chat's last question, while it is remembered; None if its words do not tell."""
        context = self._context(chat_id)
        return reader_language(context.question, default=None) if context is not None else None

    def clear(self, chat_id: Hashable) -> bool:
        """Forget the chat's context (``/new``); True if there was any."""
        with self._lock:
            self._expired.pop(chat_id, None)
            return self._chats.pop(chat_id, None) is not None

    def _context(self, chat_id: Hashable) -> _Context | None:
        with self._lock:
            context = self._chats.get(chat_id)
            if context is not None and self.clock() - context.at > self.seconds:
                del self._chats[chat_id]
                self._expired[chat_id] = None
                while len(self._expired) > MAX_CHATS:
                    self._expired.popitem(last=False)
                return None
            return context


#: A title longer than this is cut at a word in a note that names it: a trial's notes had repeated a title of 130
#: characters on every turn.
NOTE_TITLE_CHARACTERS = 60


def short_title(title: str) -> str:
    """``title`` cut to :data:`NOTE_TITLE_CHARACTERS` at a word, with "…"."""
    if len(title) <= NOTE_TITLE_CHARACTERS:
        return title
    return title[:NOTE_TITLE_CHARACTERS].rsplit(" ", 1)[0].rstrip(" ,:;–-") + "…"


#: A reader's own word that the subject changes: "unrelated:", "different thing -", "ander onderwerp:", "iets heel
#: anders:".
_NEW_TOPIC = re.compile(r"^\W*(?:(?:something|a\s+)?(?:completely\s+|totally\s+)?(?:different|unrelated|else)(?:\s+"
                        r"(?:thing|topic|subject|question))?|(?:on\s+)?(?:another|a\s+different|a\s+new|new)\s+(?:"
                        r"note|topic|subject|question|thing)|(?:een\s+)?(?:ander|nieuw)e?\s+(?:onderwerp|vraag)|iets\s+"
                        r"(?:heel\s+|totaal\s+|helemaal\s+)?anders|los\s+daarvan|changing\s+the\s+subject|"
                        r"van\s+iets\s+anders|switching\s+(?:topics?|subjects?)|change\s+of\s+(?:topic|subject))"
                        r"\s*[:;,.!—–-]+(?:\s*(?:but|maar)\b)?\s*", re.I)
#: Words that say what a question asks besides its question words ("haai" in "welke soort haai?"; not "waarom?",
#: "and why?", "hoe dan?"), in either language.
_ONLY_ASKING = frozenset("""why what when where who whom whose which how waarom wat wanneer waar wie welk welke hoe
hoeveel then dan so nou now else more meer nog and en but maar is was are were did does do heeft had has""".split())


def _says_what(question: str) -> bool:
    """Whether ``question`` has a word of its own besides question words and function words ("welke soort
    haai?", "what time was it?", "en in 2011?"), which its own search can find."""
    words = re.findall(r"\w+", question.lower())
    return any(w not in _ONLY_ASKING and w not in STOPWORDS["en"] and w not in STOPWORDS["nl"] for w in words)


def _topic_names(topic: str) -> tuple[str, ...]:
    """The names a question asks about, whole ("Yohannes Sirait"), that a later "he" may stand for: not a place
    ("in Palu") nor a word after an article ("the Macedonian president"); else the role whose words it asks for
    ("What did the mayor say?": a trial's "what else did she say?" had quoted Loekasjenko)."""
    names = tuple(n for n in names_as_written(topic, names_in_question(topic))
                  if not re.search(rf"(?:{_IN_PLACE.pattern}|{_ARTICLE.pattern}|{_OWNER.pattern})\s+{re.escape(n)}\b",
                                   topic, re.I))
    if _ASKS_WHO_DID.match(topic):
        # "Who shot Wayde Sims?": the next "he" is whom the answer named (a trial's "why did he shoot him?" had read
        # as "why did Wayde Sims shoot him?")
        return ()
    role = _ROLE_ASKED.match(topic) if not names else None
    return (role["who"],) if role else names


#: "Who shot X?", "Wie verving hij?": a question asking who did something, whose answer names the one a following
#: "he" stands for; not "Who is X?".
_ASKS_WHO_DID = re.compile(r"^\W*(?:(?:by|door)\s+)?(?:who|whom|wie)\s+(?!(?:is|was|are|were|zijn|waren|has|have|had|"
                           r"heeft|hebben)\b)\w+", re.I)


#: "What did the mayor (of Ashby Marsh) say?", "Wat zei de burgemeester over de brug?": the role whose words are
#: asked for.
_ROLE_ASKED = re.compile(r"^\W*(?:what|wat)\s+(?:did|does|has|had|have|heeft|hebben|zei|zeiden|zegt|zeggen|vond|"
                         r"vindt)\s+(?P<who>(?:the|de|het)\s+[^\W\d]+(?:\s+(?!(?:say|said|zeggen|gezegd|think|"
                         r"about|over|van|of)\b)[^\W\d]+)?(?:\s+(?:of|van)\s+(?:(?:the|de|het)\s+)?(?-i:[A-Z])[\w-]*"
                         r"(?:\s+(?-i:[A-Z])[\w-]*)*)?)\s*(?:\b(?:say|said|zeggen|gezegd|think|about|over|van|of)\b|\W*$)",
                         re.I)
#: A name right after these is whose role it is ("the mayor of Ashby Marsh", "de neef van Yuan"), not the one asked
#: about.
_OWNER = re.compile(r"\b(?:of|van)(?:\s+(?:the|de|het))?")
#: A question that asks for someone's words, whose "and the union?" asks for the union's instead.
_ASKS_WORDS = re.compile(r"\b(?:say|said|says|think|thinks|zei|zegt|zeggen|zeiden|gezegd|vond|vindt)\b", re.I)


#: A request for the last answer's further passages, typed instead of pressing its More button.
_MORE = re.compile(r"^\W*(?:(?:and|en)\s+)?(?:more|meer|nog meer|wat nog meer|wie nog meer|wat verder nog|wat nog|"
                   r"verder nog|nog iets|verder|anything more|"
                   r"what else|who else|anything else|anyone else|what more|tell me more|show me more|show more|"
                   r"more please|vertel meer|vertel me meer|meer graag|laat meer zien)\W*$", re.I)


def asks_for_more(text: str) -> bool:
    """Whether ``text`` asks for more of the last answer ("more", "what else?", "wie nog meer?"): read as a
    follow-up, "wie nog meer?" had quoted the same paragraph again."""
    return _MORE.match(text) is not None


def is_follow_up(question: str) -> bool:
    """No names of its own, and a pronoun, a continuation word or only a few words; or a pronoun before its
    first name."""
    names = names_asked(question)  # "Stoltenberg" alone names someone
    pronoun = _PERSON.search(question)
    words = re.findall(r"\w+", question)
    if names:
        first_name = min(m.start() for name in names for m in re.finditer(rf"\b{re.escape(name)}\b", question))
        # "and in Spanish?": a few words after "and" ask the previous question of what they name
        return pronoun is not None and pronoun.start() < first_name \
            or _CONTINUATION.match(question) is not None and len(words) <= CONTINUATION_WITH_NAME_WORDS
    refers = bool(_PRONOUN.search(question) or _THING.search(question) or _CONTINUATION.match(question)
                  or _ELLIPTICAL.match(question) and len(words) <= ELLIPTICAL_QUESTION_WORDS
                  or _POINTING.search(question) and len(words) <= POINTING_QUESTION_WORDS)
    # "laatste nieuws" is short but asks for the newest articles, not about the previous question's topic.
    return refers or len(words) <= SHORT_QUESTION_WORDS and not asks_for_the_news(question)


#: "and ABC?", "en Macron?", "what about Macron?", "en wat dan met de Navo?": the previous question asked of another.
_ABOUT_ANOTHER = r"(?:what|how)\s+about|wat\s+(?:dan\s+)?met|hoe\s+zit\s+het\s+met"
_SWAP = re.compile(rf"^\W*(?:(?:and|en|but|maar)\s+(?:(?:{_ABOUT_ANOTHER})\s+)?|(?:{_ABOUT_ANOTHER})\s+)"
                   r"(?P<rest>[^?!.]+?)\W*$", re.I)
#: Words a name asked about this way may hold besides its capitalised ones ("de Navo", "Jan van Dam").
_SWAP_WORDS = frozenset("de het the van der den von".split())


def _with_name_swapped(question: str, context: _Context) -> str | None:
    """The previous question with its first name replaced by the one this question asks about instead, when it
    is nothing but a continuation and a name ("en ABC?" after "Hoeveel kijkers had Fox News?": "Hoeveel kijkers
    had ABC?"); a trial's "en ABC?" and "en de premier?" had been searched alone. None otherwise."""
    match = _SWAP.match(question)
    if match is None or not context.names or context.names[0] not in context.question:
        return None
    words = match["rest"].split()
    named = all(w[:1].isupper() or w.lower() in _SWAP_WORDS for w in words) and any(w[:1].isupper() for w in words)
    # "and the management?" after "What did Karen Fielding say?": another speaker, a role rather than a name.
    # In the previous question's language: "en de premier?" after "What did Mark Rutte say?" may be Rutte himself.
    article = {"the": "en", "de": "nl", "het": "nl"}.get(words[0].lower()) if words else None
    role = bool(article and len(words) <= 3 and _ASKS_WORDS.search(context.question)
                and question_language(context.question) == article)
    if not 1 <= len(words) <= 4 or not (named or role):
        return None
    return context.question.replace(context.names[0], match["rest"], 1)


def _genitive(name: str, pronoun: str) -> str:
    """"Karen Jankel's" for "her", "Karen Jankels" for "haar" (Dutch: an apostrophe only after a vowel, "Holly's",
    or alone after s, x or z, "Thomas'"); for "hun", a group's, always set off ("Noord-Koreanen's": a trial's
    "Noord-Koreanens minister" was refused as a name no article mentions)."""
    if pronoun not in {"haar", "hun"}:
        return f"{name}'s"
    return name + ("'" if name[-1:].lower() in "sxz" else "'s" if pronoun == "hun" or name[-1:].lower() in "aeiouy"
                   else "s")


def combine(question: str, previous: str, names: tuple[str, ...],
            stands_for: Callable[[str, str], bool] | None = None) -> str:
    """``question`` read with the previous one: its first pronoun replaced by the name asked about (for "he" or
    "she", the first that ``stands_for`` says may be a person's; for "they", a group's), or else the previous
    question added after it."""
    rest = _CONTINUATION.sub("", question, count=1).strip() or question
    if asks_only_a_name(rest):  # "what was his name?" after a question about a taxi driver: not "Trump's name"
        return f"{rest.rstrip(' ?')}? {previous}"
    match = _PRONOUN.search(rest)
    pronoun = match.group(1).lower() if match else ""
    plural = pronoun in _PLURAL or pronoun == "ze" and _PLURAL_VERB.search(rest[:match.start()]) is not None
    if plural:  # "hoeveel extra moeten ze betalen?" after a question about Theresa May asks about buyers, not her
        names = tuple(n for n in names if len(n.split()) == 1)
    if stands_for is not None:  # "so was he to blame?" after a question about a statue outside Parliament
        kind = "group" if plural else PRONOUN_GENDERS.get(pronoun, "person")  # "she": not Kit Harington
        names = tuple(n for n in names if stands_for(n, kind))
    if names and match:
        possessive = pronoun in _POSSESSIVE or pronoun in _POSSESSIVE_BEFORE_A_WORD and re.match(
            r"\s+\w", rest[match.end():]) is not None
        return rest[:match.start()] + (_genitive(names[0], pronoun) if possessive else names[0]) + rest[match.end():]
    return f"{rest.rstrip(' ?')}? {previous}" if rest.endswith("?") or previous.endswith("?") else f"{rest} {previous}"
