"""Turn search results into answers: verbatim quotes with their sources, or an honest refusal.

Nothing here writes prose about the articles. An answer is the paragraphs themselves, each with
title, date, paragraph number and URL, and the sentence(s) that answer the question marked.
"""

from __future__ import annotations

import difflib
import html
import logging
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import simplemma

from index import Filters, Hit
from index.entities import names_as_written, names_asked, proper_names
from index.exact import asked_phrases, asks_whose_words, holds_phrase, unquoted
from index.highlight import answering_sentences
from index.language import OTHER_LANGUAGE_NAMES, other_language, question_language
from index.live import LiveIndex
from index.quotes import asked_speaker, asked_speakers, asks_only_what_said, find_quotations, marked_quotes, \
    names_by_surname
from index.search import (AGE_NOT_GIVEN, AGE_NOT_IN_STORY, MONEY_NOT_GIVEN, NAME_NOT_GIVEN, NEVER_QUOTED,
                          NO_ARTICLE_IN_FILTERS, NO_KNOWN_WORD, NOT_ANSWERED, NOTHING_CLOSE, NOTHING_MATCHES,
                          QUOTE_SCORE_GAP, WORDS_NOT_FOUND,
                          Retriever, SearchResult, first_question)
from index.store import ArticleInfo, PassageStore
from index.unnamed import names_asked_for

from .bylines import asks_only_for_writing, year_of_writing
from .followup import GENDERS, TEXT_GENDERS, short_title
from .messages import count_of, say, spoken_date
from .periods import asks_for_the_news, names_publication, published_range, without_period
from .question import QuestionError, asks_about_something, clean_question

logger = logging.getLogger(__name__)

MAX_QUOTES = 3
#: How many words after a mention of a name are read for its pronouns (:meth:`Answerer._written_as_other_gender`).
PRONOUN_WORDS = 25
#: How many further passages "more" can page through.
MAX_MORE = 7
#: ... and how far behind the best a further passage may be (fused log-odds). Over the archive's held-out and
#: reader sets, 6 keeps 110 of the 114 answering paragraphs "more" offered and drops 354 of the 960 it offered
#: from other articles than the first quote's (a trial's "more" after "What did Paul Mills-Hicks say?" went on
#: to another trial's quotes).
MORE_SCORE_GAP = 6.0
#: How many ranked passages a "what happened to X?" question looks through for its first quote's article's lead
#: (the Wayde Sims story's was 12th).
LEAD_SEARCH_DEPTH = 40
#: /start's examples ask what someone quoted in the first this many paragraphs of the newest this many articles said.
EXAMPLE_PARAGRAPHS = 5
EXAMPLE_ARTICLES = 20
#: Articles' languages as a reader names them, in English and in Dutch.
_LANGUAGE_NAMES = {"en": ("English", "Engels"), "nl": ("Dutch", "Nederlands"), **OTHER_LANGUAGE_NAMES}
#: The catalogue's key for each reason a search gives for answering nothing (bot.messages).
_REASONS = {NO_ARTICLE_IN_FILTERS: "no_article_in_filters", NOTHING_MATCHES: "nothing_matches",
            NO_KNOWN_WORD: "no_known_word", NOT_ANSWERED: "not_answered", NOTHING_CLOSE: "nothing_close",
            WORDS_NOT_FOUND: "words_not_found", AGE_NOT_GIVEN: "age_not_given",
            MONEY_NOT_GIVEN: "money_not_given", AGE_NOT_IN_STORY: "age_not_in_story"}


@dataclass(frozen=True)
class Quote:
    """One paragraph quoted verbatim, with the spans of its answering sentences."""

    article_id: str
    title: str
    date: str | None
    url: str | None
    paragraph: int
    section: str | None
    text: str
    highlights: tuple[tuple[int, int], ...]
    score: float
    #: The build's vectors of its sentences, so "More" marks them without encoding (None: encode them).
    sentence_vectors: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: 0 unless the paragraph was too long and split: then its pieces are parts 1, 2, ... (``part`` 0, 1, ...).
    part: int = 0
    #: Whether the paragraph was split in parts: part 1 says so too (a fact-checker took one for the whole).
    split: bool = False
    #: Who speaks in the marked quote, when the question asked what someone said (index.quotes).
    speaker: str | None = None
    #: The article's author, from its front matter: a newsroom cites its reporter.
    author: str | None = None
    #: The reader's language, which the citation is written in (the quote never is translated).
    language: str = "en"
    #: Where the article comes from (its front matter's ``source``: "Reuters"), for JSON.
    source: str | None = None

    def where(self) -> str:
        """"paragraph 6", or "paragraph 1, part 2" for the second piece of a split paragraph; under a section
        heading, "paragraph 8 (Doden)": headings are not counted, and a fact-checker counting the source's
        blocks had landed on the wrong paragraph."""
        where = say("paragraph", self.language, number=self.paragraph)
        where += ", " + say("part", self.language, number=self.part + 1) if self.part or self.split else ""
        return f"{where} ({self.section})" if self.section else where

    def citation(self) -> str:
        parts = [self.title, self.source, self._by(), self.date, self.where()]  # the outlet: "Reuters", "ANP"
        return self._said_by() + " · ".join(p for p in parts if p)

    def _by(self) -> str | None:
        return say("by", self.language, author=self.author) if self.author else None

    def _said_by(self) -> str:
        return f"{self.speaker}, in: " if self.speaker else ""

    def highlight_text(self) -> str:
        """The marked text, verbatim; pieces apart in the passage are joined by " … " (a fact-checker read
        '"99 percent" "good guy" "one percent."' as one continuous quote)."""
        return " … ".join(self.text[s:e] for s, e in self._runs())

    def _runs(self) -> list[tuple[int, int]]:
        """The marked spans, adjacent sentences merged into one run."""
        merged: list[tuple[int, int]] = []
        for start, end in self.highlights:
            if merged and not self.text[merged[-1][1]:start].strip():
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged

    def _pieces(self) -> list[tuple[str, bool]]:
        pieces, at = [], 0
        for start, end in self._runs():
            pieces += [(self.text[at:start], False), (self.text[start:end], True)]
            at = end
        pieces.append((self.text[at:], False))
        return [(t, marked) for t, marked in pieces if t]

    def text_block(self, *, marked: bool = True) -> str:
        """Plain text: the quote with its answering sentence between ** ** (``marked``: a terminal shows them as
        bold; Telegram's plain text would show the stars), then the source."""
        quote = "".join(f"**{t}**" if bold and marked else t for t, bold in self._pieces())
        source = self.citation() + (f"\n  {self.url}" if self.url else "")
        return f"“{quote}”\n  — {source}"

    def html(self) -> str:
        """Telegram HTML: the quote in a blockquote, the answering sentence bold, a linked source."""
        quote = "".join(f"<b>{html.escape(t, quote=False)}</b>" if marked else html.escape(t, quote=False)
                        for t, marked in self._pieces())
        title = html.escape(self.title, quote=False)
        if self.url and self.url.startswith(("http://", "https://")):
            title = f'<a href="{html.escape(self.url)}">{title}</a>'
        rest = " · ".join(p for p in [self.source, self._by(), self.date, self.where()] if p)
        said_by = html.escape(self._said_by(), quote=False)
        return f"<blockquote>{quote}</blockquote>\n— {said_by}<i>{title}</i> · {html.escape(rest, quote=False)}"

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article_id, "title": self.title, "date": self.date, "url": self.url,
                "author": self.author, "source": self.source, "paragraph": self.paragraph, "part": self.part + 1,
                "section": self.section, "text": self.text,
                "highlight": self.highlight_text(), "highlight_spans": [list(run) for run in self._runs()],
                "score": round(self.score, 4), "speaker": self.speaker}


def _quote(hit: Hit, spans: Sequence[tuple[int, int]], sentence_vectors: np.ndarray | None, language: str) -> Quote:
    passage, article = hit.passage, hit.article
    return Quote(article.id, article.title, article.date, article.url, passage.paragraph, passage.section,
                 passage.text, tuple(spans), hit.score, sentence_vectors, part=passage.part, split=passage.split,
                 author=article.author, language=language, source=article.source)


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    quotes: list[Quote]
    more: list[Quote] = field(default_factory=list)  # further passages, for the "more" button
    notes: list[str] = field(default_factory=list)
    reason: str | None = None
    #: Unanswered, but these paragraphs are about the question: shown as the closest, not as the answer.
    closest: list[Quote] = field(default_factory=list)
    #: The reader's language ("en" or "nl"): what the answer says around its quotes is written in it.
    language: str = "en"
    #: The title of the article of a chat's story that answered only for being the story (``Answerer.answer``).
    within: str | None = None

    def refusal(self) -> str:
        # "(the closest passages do not answer it)" above the closest passages' own heading would say it twice
        said_below = self.closest and self.reason == say("not_answered", self.language)
        return say("not_found", self.language) + (f" ({self.reason})" if self.reason and not said_below else "")

    def text(self, *, marked: bool = True) -> str:
        if self.answered:
            body = [q.text_block(marked=marked) for q in self.quotes]
        else:
            closest = say("closest", self.language)
            body = [self.refusal(), *([closest, *(q.text_block(marked=marked) for q in self.closest)]
                                      if self.closest else [])]
        return "\n\n".join([*self.notes, *body])

    def html_blocks(self) -> list[str]:
        """Message parts in order; a sender may join them but never splits inside one."""
        if self.answered:
            body = [q.html() for q in self.quotes]
        else:
            closest = html.escape(say("closest", self.language), quote=False)
            body = [html.escape(self.refusal(), quote=False),
                    *([closest, *(q.html() for q in self.closest)] if self.closest else [])]
        return [*(html.escape(n, quote=False) for n in self.notes), *body]

    def to_json(self) -> dict[str, Any]:
        """The same keys whatever the outcome (a developer's trial: "closest" and "reason" came and went)."""
        return {"question": self.question, "answered": self.answered, "language": self.language,
                "passages": [q.to_json() for q in self.quotes] if self.answered else [],
                "closest": [q.to_json() for q in self.closest], "notes": self.notes, "reason": self.reason}


def _names_beside_quotation(person: str, text: str) -> bool:
    """Whether ``text`` holds a quotation and names ``person`` by their surname ("Jan de Vries" is not named by
    "Dirk-Jan ter Horst", as an editor's trial found)."""
    return bool(find_quotations(text)) and names_by_surname(person, text)


def describe_filters(filters: Filters, language: str = "en") -> str:
    """Filters in words: "dated 2022", "dated November 2021 or later", "dated 2021 to June 2022", "article 'x'"."""
    parts = []
    since, until = (spoken_date(d, language) if d else None for d in (filters.since, filters.until))
    if since and filters.since == filters.until:
        parts.append(say("dated", language, date=since))
    elif since and until:
        parts.append(say("dated_range", language, since=since, until=until))
    elif since:
        parts.append(say("dated_since", language, date=since))
    elif until:
        parts.append(say("dated_until", language, date=until))
    if parts and filters.undated:
        parts[-1] = say("or_undated", language, filters=parts[-1])
    if filters.article:
        parts.append(say("article_filter", language, article=repr(filters.article)))
    if filters.author:
        parts.append(say("author_filter", language, author=filters.author))
    return ", ".join(parts)


class Answerer:
    """The bot's one entry into the index: answers, sources, status and example questions."""

    def __init__(self, live: LiveIndex) -> None:
        self.live = live
        self._example: dict[str | None, str | None] = {}  # a hint's example question, by language
        self._example_for: object = None  # the index version _example was found in
        #: he / she pronouns after each name, by index version and name (read once: a version never changes)
        self._pronoun_counts: dict[tuple[str, str], dict[str, int]] = {}

    def answer(self, raw_question: str, *, filters: Filters | None = None, language: str | None = None,
               exclude: Collection[tuple[str, int, int]] = (), own_words: bool = True,
               story: Sequence[str] = (), story_first: bool = False,
               shown_before: Collection[tuple[str, int, int]] = ()) -> Answer:
        """Answer a reader's question, in ``language`` (default: the question's; a follow-up read with the
        previous question is answered in the language it was typed in), quoting none of the passages in
        ``exclude`` ((article, paragraph, part): shown before, to "what else did he say?"); ``own_words`` False:
        a follow-up read with the question before it, whose cutting is no news to the reader (a trial's "en
        waarom?" was said to be cut to 498 characters); ``story``: the articles a chat is about, whose passages
        weigh more (:data:`index.search.TOPIC_BONUS`), or come first (``story_first``); ``shown_before``: what the
        chat has shown, which More does not page through again (a fact-checker's repeated it); raises
        :class:`~bot.question.QuestionError` for unusable input."""
        question = clean_question(raw_question)
        # A short text whose words do not tell ("Loekasjenko?"): the app's language, else the identifier's guess.
        language = language or question.language or question_language(question.text)
        if not asks_about_something(question.text):
            raise QuestionError("says_nothing", language=language, question=question.text)
        notes = question.notes_in(language) if own_words else []
        other = other_language(question.text)
        if other:  # searched all the same: e5 is multilingual, and the names may be enough
            notes.append(say("other_language", language, name=OTHER_LANGUAGE_NAMES[other][language == "nl"]))
        implied = False
        # "wat gebeurde er in juni?" in a chat about a story asks about its June, not for June's articles (a trial's
        # was told "only articles of June 2026, as asked" over an archive without dates).
        if not filters and (not story or names_publication(question.text)):
            since, until = published_range(question.text)
            if since or until:
                filters, implied = Filters(since=since, until=until), True
        news = asks_for_the_news(question.text, filtered=bool(filters))
        if implied:
            # An undated article may tell of the period asked about, but it is no article of that period.
            filters = replace(filters, undated=not (news or names_publication(question.text)))
            store = self.live.current().version.store
            if filters.undated and store.undated_count() == store.count()[0]:
                # nothing to leave out: a trial's "Hoeveel Syriërs zijn sinds 2011 het land ontvlucht?" over 45
                # undated articles was told "only articles of 2011 or later (or undated), as asked"
                filters, implied = Filters(), False
            else:
                notes.append(say("only_articles", language, filters=describe_filters(filters, language)))
        if news:
            return self._newest(question.text, filters, notes, implied, language)
        retriever = self.live.current()
        author = retriever.byline(question.text)
        if author:  # "Wat schreef Sanne Jansen over de brug?": her articles, which never name her
            filters = replace(filters, author=author) if filters else Filters(author=author)
            if asks_only_for_writing(without_period(question.text), author):
                year = None if filters.since or filters.until else year_of_writing(question.text)
                if year:
                    filters = replace(filters, since=year, until=year)
                    notes.append(say("only_articles", language, filters=describe_filters(filters, language)))
                return self._newest(question.text, filters, notes, implied, language,
                                    heading=say("by_author_newest", language, author=author))
        # the lead is looked for further down; not for words quoted ('Who said "I don't know what happened"?' was
        # answered from the articles naming Ford, without the one that holds the words: a fact-checker's trial)
        happened = _WHAT_HAPPENED.search(unquoted(question.text)) is not None
        depth = LEAD_SEARCH_DEPTH if happened else MAX_QUOTES + MAX_MORE
        # A chat's story weighs only for a question that names no one its articles do not mention ("en ABC?" after
        # a question about Fox News asks about another subject).
        story = _mentioning_all(story, question.text, retriever) if story and not filters else []
        result = retriever.search(question.text, k=depth, filters=filters, story=story, story_first=story_first)
        # "How old is X?" and "What happened to X?" are answered from the articles that name X, where any was found:
        # trials got "It's 36 years old." (an allegation's) for Lewis Hamilton's age, and "The incident happened in
        # Ballyhackamore" first for "Wat is er in Palu gebeurd?".
        naming = retriever.articles_naming_age_asked(question.text)
        if happened:
            naming = set(_mentioning_all([h.article.id for h in result.hits], question.text, retriever)) \
                if proper_names(names_as_written(question.text, names_asked(question.text))) else None
        if naming and any(h.article.id in naming for h in result.hits):
            result = replace(result, hits=[h for h in result.hits if h.article.id in naming],
                             topical=result.topical and result.hits[0].article.id in naming)
        within = result.hits[0].article.title if result.topical else None
        if not result.answered:
            if filters and not result.hits and result.reason == NO_ARTICLE_IN_FILTERS:
                reason = _nothing_in(filters, implied, language) + _undated_left_out(retriever, filters, language)
            elif filters:  # the answer may be in the articles the filters left out
                reason = (_searched_only(result, filters, language, retriever)
                          + _undated_left_out(retriever, filters, language))
            else:
                reason = _reason(result, language, retriever)
            closest = [_quote(h, [], None, language) for h in result.hits[:MAX_QUOTES]] if result.related else []
            if result.reason == WORDS_NOT_FOUND and closest:  # whose words they are, if they are a translation
                closest = _with_speakers(closest, result.hits, retriever)
                other = result.hits[0].article.language
                if other != language and other in _LANGUAGE_NAMES:  # an English editor's quote of a Dutch article
                    reason = say("words_maybe_translated", language, reason=reason,
                                 other=_LANGUAGE_NAMES[other][language == "nl"])
            return Answer(result.question, False, [], notes=notes, reason=reason, closest=closest, language=language)
        if author:  # a refusal says so in its reason
            notes.append(say("by_author", language, author=author))
        hits = [h for h in _distinct(result.hits)
                if (h.passage.article_id, h.passage.paragraph, h.passage.part) not in exclude]
        if not hits:
            return Answer(result.question, False, [], notes=notes, reason=say("nothing_else", language),
                          language=language)
        best = hits[0].score
        read = retriever.as_read(question.text)
        # "What did Furyk say?" asks for every paragraph where he speaks, however far their scores fall behind the
        # first (a trial got one of his nine and no More): those are quoted and paged whatever the gaps.
        spoken = marked_quotes(read, retriever.version.store, [h.row for h in hits])  # row → (speaker, spans)
        own = set(spoken) if asks_only_what_said(read, asked_speakers(read)) else set()
        shown = [h for i, h in enumerate(hits[:MAX_QUOTES]) if i == 0 or h.score >= best - QUOTE_SCORE_GAP
                 or h.row in own]
        if happened:
            shown = _with_lead(shown, hits)
        if retriever.age_stated(question.text) and not any(retriever.ages_stated(question.text, h.passage)
                                                           for h in shown):
            # no quote gives X's age as news does: those that give an age that may be X's first ("The Scot, 42" for
            # Jack Ross had come second, after a paragraph with none, under the note to check whose age it is)
            shown.sort(key=lambda h: not retriever.may_give_age(question.text, h.passage))
        # "More" pages only through passages that would have passed the answer threshold on their own and rank
        # within MORE_SCORE_GAP of the first; their sentences are marked when they are shown (see highlight()).
        quoted = {id(h) for h in shown}
        related = retriever.config.related_above
        rest = [h for h in hits if id(h) not in quoted and (
            h.row in own or h.similarity >= related and h.score >= best - MORE_SCORE_GAP)
            and (h.passage.article_id, h.passage.paragraph, h.passage.part) not in shown_before][:MAX_MORE]
        encoder = retriever.encoders["use"]
        shown_vectors = [h.passage.sentence_vectors(encoder.dimension) for h in shown]
        spans = answering_sentences(encoder, result.query_vector, [h.passage.text for h in shown], shown_vectors,
                                    question=question.text)
        # "What did X say?": mark X's quote instead of the closest sentence, and name X in the citation.
        said = {h.row: spoken[h.row] for h in shown if h.row in spoken}
        quotes = [replace(_quote(h, said[h.row][1], v, language), speaker=said[h.row][0]) if h.row in said
                  else _quote(h, s, v, language) for h, s, v in zip(shown, spans, shown_vectors)]
        # A follow-up's own words: "what did he say? who won the Ryder Cup" asks about no one the note could name
        # (a reader's note had named "Ryder Cup" beside quotations).
        person = asked_speaker(read if own_words else first_question(read))
        person = retriever.as_spelled(person) if person else person  # "Mickleson": as the articles spell him
        if asks_whose_words(read) and shown[0].row not in said:  # 'Who said pigs are "just being playful"?'
            notes.append(say("whose_words_unknown", language))  # a wire editor's trial: no name, and no word of it
        # "What did Angela Merkel say?" and the closest quote is Dieter Kempf's. Where a passage names the person
        # beside a quotation, the rules may have missed whose it is ("Mike Pompeo told the U.N. Security Council
        # on Thursday that: "Enforcement …"" went to the Security Council), so the note says only that.
        if person and not said:
            # Only beside a quotation the rules gave no one: one given to someone else is theirs ("Noor van der Berg,
            # de dochter van Anouk van der Berg, …, zei Noor van der Berg").
            unattributed = {q.row for q in retriever.version.store.quotes(rows=[h.row for h in shown])
                            if q.speaker is None}
            named = any(h.row in unattributed and _names_beside_quotation(person, h.passage.text) for h in shown)
            if exclude and not named:  # "what else did he say?" where the rest is others' words (a trial's three)
                return Answer(result.question, False, [], notes=notes, language=language,
                              reason=say("nothing_more_said", language, person=person))
            notes.append(say("named_beside_quotes" if named else "not_attributed", language, person=person))
            # Their own words among the further passages come first there: a Dutch reader's "wat zei ronaldo over de
            # beschuldigingen?" got his lawyers' and his accuser's words, his "fake news" 4th and 10th, unsaid.
            theirs = [h for h in hits if h.row in spoken and id(h) not in quoted
                      and (h.passage.article_id, h.passage.paragraph, h.passage.part) not in shown_before]
            if theirs:
                rest = [*theirs, *(h for h in rest if h not in theirs)][:MAX_MORE]
                notes.append(say("own_words_further", language, person=person))
        unknown = proper_names(result.unknown)
        if unknown and not other:  # "Wat zei Loekasjenko over Merkel?": answered, but not about Merkel (German
            # capitalises every noun: "Grenze" is no name)
            notes.append(say("also_not_mentioned", language, names=_listed(unknown, language)))
        stated = retriever.age_stated(question.text)
        aged = {id(h): retriever.ages_stated(question.text, h.passage) for h in hits} if stated else {}
        ages = sorted(set().union(*aged.values()), key=int) if aged else []
        if stated and not any(retriever.ages_stated(question.text, h.passage, certain=True) for h in shown):
            # "How old is Greg Hemphill?" answered by "De 56-jarige speelt … met zijn comedypartner Greg Hemphill"
            # (Ford Kieran's age), "Hoe oud is Todd Palin?" by his son's: no quote gives the age beside the name.
            read = retriever.as_read(question.text)
            notes.append(say("age_not_beside_name", language, name=names_as_written(read, names_asked(read))[0]))
        if len(ages) > 1:  # a fact-checker's "hoe oud is Track Palin?": "26 jaar" in one article, "29" in another
            notes.append(say("ages_differ", language, ages=_listed(ages, language)))
            seen = set().union(*(aged[id(h)] for h in [*shown, *rest]))
            for h in hits:  # the passage that gives another age comes first on More, for the reader to check
                if aged[id(h)] - seen and h not in shown and h not in rest:
                    rest.insert(0, h)
                    seen |= aged[id(h)]
        # as read: a name typed without capitals is one ("how tall is tim berners lee" had no note)
        elsewhere = _named_elsewhere(read, shown[0].passage.article_id, retriever)
        if elsewhere and not other:
            notes.append(say("first_not_naming", language, names=_listed(elsewhere, language)))
        # Further passages where the person asked about speaks carry their name and their quote marked, as above.
        said_further = {h.row: spoken[h.row] for h in rest if h.row in spoken} if said or person else {}
        more = [_quote(h, said_further[h.row][1] if h.row in said_further else [],
                       h.passage.sentence_vectors(encoder.dimension), language) for h in rest]
        more = [replace(q, speaker=said_further[h.row][0]) if h.row in said_further else q for q, h in zip(more, rest)]
        if story and shown[0].passage.article_id not in story:
            # A chat's question answered from another story than its own: a fact-checker's "hoeveel mensen kwamen om?"
            # about a 1968 massacre quoted the Belarus border's dead, and nothing said it had left the story.
            title = retriever.version.store.articles_by_id([story[0]]).get(story[0])
            if title is not None:
                notes.append(say("outside_story", language, title=short_title(title.title)))
        return Answer(result.question, True, quotes, more=more, notes=notes, language=language, within=within)

    def _newest(self, question: str, filters: Filters | None, notes: list[str], implied: bool,
                language: str, *, heading: str | None = None) -> Answer:
        """The newest articles' leads, newest first: the answer to "what's new?", which names no topic, and to
        "What did Sanne Jansen write?" (``heading`` says so)."""
        retriever = self.live.current()
        hits = retriever.newest(k=MAX_QUOTES + MAX_MORE, filters=filters)
        if not hits:
            reason = _nothing_in(filters, implied, language) if filters else say("no_dates", language)
            return Answer(question, False, [], notes=notes, reason=reason, language=language)
        dimension = retriever.encoders["use"].dimension
        quotes = [_quote(h, [], h.passage.sentence_vectors(dimension), language) for h in hits]
        return Answer(question, True, quotes[:MAX_QUOTES], more=quotes[MAX_QUOTES:],
                      notes=[*notes, heading or say("newest", language)], language=language)

    def highlight(self, question: str, quotes: Sequence[Quote]) -> list[Quote]:
        """The same quotes with their answering sentences marked (for passages paged in by "More"); the newest
        articles' leads listed for "what's new?" answer no question of their own: none marked. A quote whose
        passage the published index no longer holds as it was is left out: an operator's trial deleted an
        article, rebuilt, and "more" still quoted it."""
        quotes = self._still_published(quotes)
        if asks_for_the_news(question) or not quotes:
            return quotes
        encoder = self.live.current().encoders["use"]
        spans = answering_sentences(encoder, encoder.encode([question])[0], [q.text for q in quotes],
                                    [q.sentence_vectors for q in quotes], question=question)
        # A speaker's quote stays marked as the answer marked it ("What did Furyk say?": his words).
        return [q if q.speaker and q.highlights else replace(q, highlights=tuple(s)) for q, s in zip(quotes, spans)]

    def _still_published(self, quotes: Sequence[Quote]) -> list[Quote]:
        store = self.live.current().version.store
        texts: dict[tuple[str, int, int], str] = {}
        for article_id in {q.article_id for q in quotes}:
            for passage in store.passages(store.article_rows(article_id)).values():
                texts[(article_id, passage.paragraph, passage.part)] = passage.text
        return [q for q in quotes if texts.get((q.article_id, q.paragraph, q.part)) == q.text]

    def as_read(self, question: str) -> str:
        """``question`` with the articles' capitals on names typed without ("wat zei stoltenberg")."""
        return self.live.current().as_read(question)

    def same_story(self, question: str, answer: Answer) -> list[str]:
        """The articles of the answer's other quotes and of its More passages that write every proper word of the
        question's names: the same story told elsewhere (the two Track Palin articles), not a stray paragraph that
        only shares its words (a reader's "who are they?" had been read as a question about a sleep course)."""
        # The words of its names the dictionary does not translate ("Palin" of "Track Palin", "Lartin" of "Long
        # Lartin"), each as the articles spell it and in that spelling only: the whole names had often been no proper
        # names, which ruled out nothing, and "Lartin" had matched "Martin" (a reader's "wanneer begon het?" about a
        # prison riot was read as a question about the Palu tsunami).
        words = proper_names([w for name in names_asked(question) for w in re.findall(r"[^\W\d_]+", name)])
        if not words:
            return []
        retriever = self.live.current()
        naming = [retriever.version.store.articles_naming_as(retriever.as_spelled(word)) for word in words]
        articles = dict.fromkeys(q.article_id for q in (*answer.quotes[1:], *answer.more))
        return [a for a in articles if all(a in each for each in naming)]

    def pronoun_stands_for(self, name: str, kind: str) -> bool:
        """Whether a person pronoun (``kind`` "he", "she", or "person" where its gender is not known) or a "group"
        one ("they") can stand for ``name``. A person: a word of some quoted person's name ("Loekasjenko"), or two
        words or more not all of them the dictionary's ("Wayde Sims"; not "Still Game"); not "Parliament",
        "Harvard" or "Mexico-stad"; "he" or "she" not where the articles write the other. A group: a name the
        dictionary does not translate ("Sainsbury"; not "Scotland" or "Women", which a reader's "are they
        blind?" and "who are they?" had become)."""
        from index.bridge.dictionary import load_dictionary

        dictionary = load_dictionary()
        words = name.lower().split()
        translated = [bool(dictionary.translations(w) or dictionary.english(w)) for w in words]
        if kind == "group":
            return not all(translated)
        retriever = self.live.current()
        # One word the articles write after a given name is someone's surname: "Sajpov" (a Dutch reader's "hoe oud is
        # hij?" after a question about him had not been read as "hoe oud is Sajpov?").
        person = retriever.names_a_speaker(name) or len(words) > 1 and not all(translated) or (
            len(words) == 1 and not translated[0] and retriever.written_after_a_given_name(name))
        return person and not (kind in GENDERS and self._written_as_other_gender(name, kind))

    def _written_as_other_gender(self, name: str, pronoun: str) -> bool:
        """Whether the articles' words after ``name`` (a word of it) hold the other gender's pronouns ("he", "his") at
        least three times as often as ``pronoun``'s own (and three times or more): a trial's "how old is she?" after
        "who is Kit Harington's wife?" was read as "how old is Kit Harington?". Too few pronouns say nothing (Theresa
        May: one of each), and the one asked about is then whoever the name is."""
        version = self.live.current().version
        store, key = version.store, (version.manifest.version, name)
        if key not in self._pronoun_counts:
            # any word of the name: an article calls Kit Harington "Kit" as often as "Harington"
            surname = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in name.split() if len(w) > 2) + r")\b")
            counts = dict.fromkeys(GENDERS, 0)
            for article in store.articles_naming(name.split()[-1]):
                for passage in store.passages(store.article_rows(article)).values():
                    for match in surname.finditer(passage.text):
                        for word in re.findall(r"\w+", passage.text[match.end():].lower())[:PRONOUN_WORDS]:
                            gender = TEXT_GENDERS.get(word)
                            if gender:
                                counts[gender] += 1
            if len(self._pronoun_counts) > 1000:
                self._pronoun_counts.clear()
            self._pronoun_counts[key] = counts
        counts = self._pronoun_counts[key]
        other = counts["she" if pronoun == "he" else "he"]
        return other >= max(3, 3 * counts[pronoun])

    def story_holds_names(self, question: str, story: Sequence[str]) -> bool:
        """Whether every name ``question`` asks about is a word the dictionary translates ("American", not
        "Bolton" or "China") and some article of a chat's ``story`` holds it or a translation ("Amerikaanse"). In a conversation of
        our held-out set, "how much American aid does it get?" after a question about El Salvador was asked of every
        article, not of the story whose "$ 140 miljoen aan Amerikaanse hulp" answers it, and the story moved to an
        article about American AI funding. A proper name may be a new subject that the story mentions in passing."""
        from index.bridge.dictionary import load_dictionary
        from index.bridge.terms import passage_terms

        dictionary = load_dictionary()
        words = [word for name in names_as_written(question, names_asked(question))
                 for word in re.findall(r"[^\W\d_]+", name)]
        # as written: simplemma gives "American" for "Americans", not for "americans"
        forms = [{word.lower(), simplemma.lemmatize(word, lang="en").lower()} for word in words]
        # a word the dictionary gives as itself is a name too ("China"), as in proper_names
        translated = [{t for form in word_forms for t in dictionary.translations(form)} - word_forms
                      for word_forms in forms]
        if not story or not words or not all(translated):  # "Palin" in "Track Palin": a proper name
            return False
        wanted = [word_forms | translations for word_forms, translations in zip(forms, translated)]
        store = self.live.current().version.store
        infos = store.articles_by_id(story)
        for article in story:
            text = " ".join(p.text for p in store.passages(store.article_rows(article)).values())
            language = infos[article].language if article in infos else "nl"
            held = {term.lower() for term in passage_terms(text, language, dictionary)}
            held |= {w.lower() for w in re.findall(r"\w+", text)}
            if all(held & forms for forms in wanted):
                return True
        return False

    def has_article(self, article_id: str) -> bool:
        """Whether the published index holds an article with this id."""
        return bool(self.live.current().version.store.articles_by_id([article_id]))

    def article_ids_like(self, article_id: str) -> list[str]:
        """Ids of the published index close to one it does not hold: the same file in a subfolder ("marathon"
        for "sport/marathon", an archivist's trial after moving it) or a near spelling."""
        ids = list(self.live.current().version.store.content_hashes())
        moved = [i for i in ids if i.rsplit("/", 1)[-1] == article_id.rsplit("/", 1)[-1]]
        return moved or difflib.get_close_matches(article_id, ids, n=3, cutoff=0.8)

    def sources(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleInfo]:
        """Indexed articles, newest first."""
        return self.live.current().version.store.articles(limit=limit, offset=offset)

    def status(self) -> dict[str, Any]:
        version = self.live.current().version
        data = version.manifest.data
        return {"version": version.name, "built_at": data.get("built_at"),
                "articles": data["counts"]["articles"], "paragraphs": data["counts"]["passages"],
                "newest_article": data.get("newest_article_date")}

    def example(self, language: str | None = None) -> str | None:
        """One question this index answers, for a hint's example: what someone quoted said, else the newest
        article's title (a headline finds its story); None for an index without articles. Found once per index
        version and language: a trial's hints had offered the seed's "What did Loekasjenko admit?" over other
        articles, and an English reader's a Dutch question."""
        version = self.live.current().version
        if self._example_for is not version:
            self._example, self._example_for = {}, version
        if language not in self._example:
            found = self.examples(1, language) or [a.title for a in self.sources(limit=1) if a.title]
            self._example[language] = found[0] if found else None
        return self._example[language]

    def examples(self, count: int = 3, language: str | None = None) -> list[str]:
        """Questions a reader would ask and this index answers: what someone quoted in the newest articles' first
        paragraphs said ("Wat zei Aleksandr Loekasjenko?"), in ``language`` (default: each article's), one question
        an article. Only people the index attributes quotes to, by a name of two words or more as it spells them:
        not "Police" next to "said", nor a job title at the start of a sentence ("Wethouder …"); none found means
        none suggested (a reader's "hoi" over an archive whose first paragraphs name speakers only by surname had
        been offered a headline as its example)."""
        retriever = self.live.current()
        store = retriever.version.store
        found: list[str] = []
        for article in self.sources(limit=EXAMPLE_ARTICLES):
            rows = [int(row) for row in store.article_rows(article.id)[:EXAMPLE_PARAGRAPHS]]
            names = dict.fromkeys(q.speaker for q in store.quotes(rows=rows) if q.speaker and len(q.speaker.split()) > 1)
            for name in names:
                if any(name in earlier for earlier in found):
                    continue
                question = f"Wat zei {name}?" if (language or article.language) == "nl" else f"What did {name} say?"
                if retriever.search(question, k=1).answered:
                    found.append(question)
                    break
            if len(found) == count:
                break
        return found


#: "What happened to Wayde Sims?", "Wat is er in Midsomer Norton gebeurd?": the story itself, which a news
#: article's first paragraph tells.
_WHAT_HAPPENED = re.compile(r"\bwhat happened\b|\bwat (?:is|was) er\b.*\bgebeurd\b|\bwat gebeurde er\b", re.I)


def _with_lead(shown: list[Hit], hits: Sequence[Hit]) -> list[Hit]:
    """``shown`` with the first quote's article's lead second, when the search found it: three new users asked
    what happened to someone and were quoted details, the lead that tells it fourth to eighth."""
    first = shown[0].passage
    lead = next((h for h in hits if h.passage.article_id == first.article_id and h.passage.paragraph == 1
                 and h.passage.part == 0), None)
    if lead is None or shown[0] is lead or len(shown) > 1 and shown[1] is lead:
        return shown
    # second also where it was shown further down (a trial's "Wat is er gebeurd op Celebes?" had it third)
    return [shown[0], lead, *[h for h in shown[1:] if h is not lead][:MAX_QUOTES - 2]]


def _nothing_in(filters: Filters, implied: bool, language: str) -> str:
    """Why nothing was found when no article is in the filters' period (``implied``: the question named it)."""
    return say("no_article_in_period" if implied else "no_article_in", language,
               filters=describe_filters(filters, language))


def _with_speakers(quotes: list[Quote], hits: Sequence[Hit], retriever: Retriever) -> list[Quote]:
    """``quotes`` with the speaker and the quotation of the first attributed quote in each (closest passages)."""
    first: dict[int, tuple[str, tuple[int, int]]] = {}
    for q in retriever.version.store.quotes(rows=[h.row for h in hits[:len(quotes)]]):
        if q.speaker and q.row not in first:
            first[q.row] = (q.speaker, (q.start, q.end))
    return [replace(quote, speaker=first[h.row][0], highlights=(first[h.row][1],)) if h.row in first else quote
            for quote, h in zip(quotes, hits)]


def _named_elsewhere(question: str, article_id: str, retriever: Retriever) -> list[str]:
    """The people the question names whom other articles mention but the first passage's does not: a fact-checker's
    "Hoe oud is Henk Brouwer?" was answered with another story's 81-year-old, "Wat zei Loekasjenko over Zoë
    Ağaoğlu?" with his words about migrants. A person: two words or more, not all of them the dictionary's, the last
    a word of some speaker's name (not "Supreme Court", "Europees Parlement")."""
    from index.bridge.dictionary import load_dictionary

    dictionary, store = load_dictionary(), retriever.version.store
    people = [n for n in names_as_written(question, names_asked(question))
              if len(n.split()) > 1 and retriever.names_a_speaker(n)  # not "Supreme Court", "Central Sulawesi"
              and not all(dictionary.translations(w) or dictionary.english(w) for w in n.lower().split())]
    return [n for n in people if (naming := store.articles_naming(n.split()[-1])) and article_id not in naming
            and article_id not in _articles_writing(n, store)]


def _articles_writing(name: str, store: PassageStore) -> set[str]:
    """The articles whose text holds ``name`` whole as written: a surname that is also a word ("Ho" of "Ri Yong Ho")
    is not among the articles' names, and a fact-checker's note had said that an article naming him did not."""
    return {passage.article_id for passage in store.passages(store.rows_with_text(name)).values()}


def _mentioning_all(article_ids: Sequence[str], question: str, retriever: Retriever) -> list[str]:
    """Those of ``article_ids`` that mention every name the question asks about, in any spelling (the names read
    once); a name the dictionary translates is a word another language writes otherwise ("Spanish": Spaans)."""
    naming = retriever.version.store.articles_naming
    mentioning = [naming(name.split()[-1])
                  for name in proper_names(names_as_written(question, names_asked(question)))]
    return [a for a in article_ids if all(a in articles for articles in mentioning)]


def _listed(names: Sequence[str], language: str) -> str:
    """"Tour and France", "A, B en C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {'en' if language == 'nl' else 'and'} {names[-1]}"


def _reason(result: SearchResult, language: str, retriever: Retriever) -> str | None:
    """Why the search answered nothing, in ``language``."""
    if result.unknown:
        return say("not_mentioned", language, names=_listed(result.unknown, language))
    if result.reason == AGE_NOT_GIVEN:  # "How old is David Patton?": named, but nowhere with an age
        read = retriever.as_read(result.question)
        return say("age_not_given", language, name=names_as_written(read, names_asked(read))[0])
    if result.reason == NAME_NOT_GIVEN:  # "What is the name of the boy?": told of, never named
        read = retriever.as_read(result.question)
        own = first_question(read)
        asked = names_asked_for(own, read[len(own):])  # after "hoe heet hij?", the first the question described
        return say("name_not_given", language, whom=asked[0][0] if asked else "")
    if result.reason == NEVER_QUOTED:  # "What did Raheem Sterling say?" where no article quotes him
        person = asked_speaker(retriever.as_read(result.question)) or ""
        return say("never_quoted", language, person=retriever.as_spelled(person))
    if result.reason == WORDS_NOT_FOUND:  # a headline's words, which name no speaker
        phrases = asked_phrases(result.question)
        title = next((t for t in retriever.version.store.titles() if any(holds_phrase(t, p) for p in phrases)), None)
        if title:
            return say("words_in_title", language, title=title)
    return say(_REASONS[result.reason], language) if result.reason in _REASONS else result.reason


def _searched_only(result: SearchResult, filters: Filters, language: str, retriever: Retriever) -> str:
    """Why ``result`` answered nothing, and that only the filtered articles were searched (the answer may be in
    the others)."""
    if result.unknown and not filters.article:  # "the articles do not mention Wayde Sims" was said of the 2018 ones
        return say("not_mentioned_in", language, names=_listed(result.unknown, language),
                   filters=describe_filters(filters, language))
    reason = _reason(result, language, retriever)
    if filters.article:
        dates = describe_filters(replace(filters, article=None), language)
        found = retriever.version.store.articles_by_id([filters.article]).get(filters.article)
        # The title, as a citation gives it: "only article 'ntrex-en/upi.176266' was searched" named an id.
        article = f"“{found.title}”" if found else repr(filters.article)
        return say("only_article_searched", language, reason=reason, article=article,
                   dates=f" ({dates})" if dates else "")
    return say("only_searched", language, reason=reason, filters=describe_filters(filters, language))


def _undated_left_out(retriever: Retriever, filters: Filters, language: str) -> str:
    """That the articles without a date were not searched, where a period left them out: over an undated
    archive, "Wat zei Branstad in artikelen van 2018?" had said only that no article is of 2018."""
    if filters.undated or not (filters.since or filters.until) or filters.article or filters.author:
        return ""
    undated = retriever.version.store.undated_count()
    return say("undated_left_out", language, articles=count_of(undated, "article", language)) if undated else ""


def _distinct(hits: Sequence[Hit]) -> list[Hit]:
    """``hits`` without repeats of an earlier one's text: an article filed twice (a copy, a re-export under
    another id) is quoted once, from the better-ranked copy."""
    seen: set[str] = set()
    kept = []
    for hit in hits:
        text = " ".join(hit.passage.text.split())
        if text not in seen:
            seen.add(text)
            kept.append(hit)
    return kept


