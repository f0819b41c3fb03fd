"""Turn search results into answers: verbatim quotes with their sources, or an honest refusal.

Nothing here writes prose about the articles. An answer is the paragraphs themselves, each with
title, date, paragraph number and URL, and the sentence(s) that answer the question marked.
"""

from __future__ import annotations

import html
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from index import Filters, Hit
from index.entities import names_in_text
from index.highlight import answering_sentences
from index.live import LiveIndex
from index.quotes import marked_quotes
from index.store import ArticleInfo

from .question import clean_question, published_range

logger = logging.getLogger(__name__)

MAX_QUOTES = 3
#: A further passage is quoted only if its fused score (z-units) is at most this far behind the best.
QUOTE_SCORE_GAP = 1.0
#: How many further passages "more" can page through.
MAX_MORE = 7
NOT_FOUND = "I could not find that in the articles."


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
    #: Who speaks in the marked quote, when the question asked what someone said (index.quotes).
    speaker: str | None = None

    def citation(self) -> str:
        parts = [self.title, self.date, f"paragraph {self.paragraph}"]
        return self._said_by() + " · ".join(p for p in parts if p)

    def _said_by(self) -> str:
        return f"{self.speaker}, in: " if self.speaker else ""

    def highlight_text(self) -> str:
        return " ".join(self.text[s:e] for s, e in self.highlights)

    def _pieces(self) -> list[tuple[str, bool]]:
        merged: list[tuple[int, int]] = []
        for start, end in self.highlights:  # adjacent sentences become one marked run
            if merged and not self.text[merged[-1][1]:start].strip():
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        pieces, at = [], 0
        for start, end in merged:
            pieces += [(self.text[at:start], False), (self.text[start:end], True)]
            at = end
        pieces.append((self.text[at:], False))
        return [(t, marked) for t, marked in pieces if t]

    def text_block(self) -> str:
        """Plain text: the quote with its answering sentence between ** **, then the source."""
        quote = "".join(f"**{t}**" if marked else t for t, marked in self._pieces())
        source = self.citation() + (f"\n  {self.url}" if self.url else "")
        return f"“{quote}”\n  — {source}"

    def html(self) -> str:
        """Telegram HTML: the quote in a blockquote, the answering sentence bold, a linked source."""
        quote = "".join(f"<b>{html.escape(t, quote=False)}</b>" if marked else html.escape(t, quote=False)
                        for t, marked in self._pieces())
        title = html.escape(self.title, quote=False)
        if self.url and self.url.startswith(("http://", "https://")):
            title = f'<a href="{html.escape(self.url)}">{title}</a>'
        rest = " · ".join(p for p in [self.date, f"paragraph {self.paragraph}"] if p)
        said_by = html.escape(self._said_by(), quote=False)
        return f"<blockquote>{quote}</blockquote>\n— {said_by}<i>{title}</i> · {html.escape(rest, quote=False)}"

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article_id, "title": self.title, "date": self.date, "url": self.url,
                "paragraph": self.paragraph, "text": self.text, "highlight": self.highlight_text(),
                "score": round(self.score, 4), **({"speaker": self.speaker} if self.speaker else {})}


def _quote(hit: Hit, spans: Sequence[tuple[int, int]], sentence_vectors: np.ndarray | None) -> Quote:
    passage, article = hit.passage, hit.article
    return Quote(article.id, article.title, article.date, article.url, passage.paragraph, passage.section,
                 passage.text, tuple(spans), hit.score, sentence_vectors)


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    quotes: list[Quote]
    more: list[Quote] = field(default_factory=list)  # further passages, for the "more" button
    notes: list[str] = field(default_factory=list)
    reason: str | None = None

    def refusal(self) -> str:
        return NOT_FOUND + (f" ({self.reason})" if self.reason else "")

    def text(self) -> str:
        body = [q.text_block() for q in self.quotes] if self.answered else [self.refusal()]
        return "\n\n".join([*self.notes, *body])

    def html_blocks(self) -> list[str]:
        """Message parts in order; a sender may join them but never splits inside one."""
        body = [q.html() for q in self.quotes] if self.answered else [html.escape(self.refusal(), quote=False)]
        return [*(html.escape(n, quote=False) for n in self.notes), *body]

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "answered": self.answered,
                "passages": [q.to_json() for q in self.quotes] if self.answered else [],
                "notes": self.notes, **({"reason": self.reason} if self.reason else {})}


class Answerer:
    """The bot's one entry into the index: answers, sources, status and example questions."""

    def __init__(self, live: LiveIndex) -> None:
        self.live = live

    def answer(self, raw_question: str, *, filters: Filters | None = None) -> Answer:
        """Answer a reader's question; raises :class:`~bot.question.QuestionError` for unusable input."""
        question = clean_question(raw_question)
        if not filters:
            since, until = published_range(question.text)
            if since or until:
                filters = Filters(since=since, until=until)
        retriever = self.live.current()
        result = retriever.search(question.text, k=MAX_QUOTES + MAX_MORE, filters=filters)
        if not result.answered:
            return Answer(result.question, False, [], notes=question.notes, reason=result.reason)
        best = result.hits[0].score
        shown = [h for i, h in enumerate(result.hits[:MAX_QUOTES]) if i == 0 or h.score >= best - QUOTE_SCORE_GAP]
        # "More" pages only through passages that would have passed the answer threshold on their own;
        # their sentences are marked when they are shown (see highlight()), not now.
        rest = [h for h in result.hits[len(shown):] if h.similarity >= retriever.config.grounded_above]
        encoder = retriever.encoders["use"]
        shown_vectors = [h.passage.sentence_vectors(encoder.dimension) for h in shown]
        spans = answering_sentences(encoder, result.query_vector, [h.passage.text for h in shown], shown_vectors)
        # "What did X say?": mark X's quote instead of the closest sentence, and name X in the citation.
        said = marked_quotes(question.text, retriever.version.store, [h.row for h in shown])
        quotes = [replace(_quote(h, said[h.row][1], v), speaker=said[h.row][0]) if h.row in said else _quote(h, s, v)
                  for h, s, v in zip(shown, spans, shown_vectors)]
        return Answer(result.question, True, quotes,
                      more=[_quote(h, [], h.passage.sentence_vectors(encoder.dimension)) for h in rest],
                      notes=question.notes)

    def highlight(self, question: str, quotes: Sequence[Quote]) -> list[Quote]:
        """The same quotes with their answering sentences marked (for passages paged in by "More")."""
        encoder = self.live.current().encoders["use"]
        spans = answering_sentences(encoder, encoder.encode([question])[0], [q.text for q in quotes],
                                    [q.sentence_vectors for q in quotes])
        return [replace(q, highlights=tuple(s)) for q, s in zip(quotes, spans)]

    def sources(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleInfo]:
        """Indexed articles, newest first."""
        return self.live.current().version.store.articles(limit=limit, offset=offset)

    def status(self) -> dict[str, Any]:
        version = self.live.current().version
        data = version.manifest.data
        return {"version": version.name, "built_at": data.get("built_at"),
                "articles": data["counts"]["articles"], "paragraphs": data["counts"]["passages"],
                "newest_article": data.get("newest_article_date")}

    def examples(self, count: int = 3) -> list[str]:
        """Questions this index can answer, about the names its newest articles mention most."""
        retriever = self.live.current()
        store = retriever.version.store
        found: list[str] = []
        for article in self.sources(limit=10):
            texts = [p.text for p in store.passages(store.article_rows(article.id)).values()]
            counts = Counter(name for text in texts for name in names_in_text([text]))
            for name, _ in counts.most_common(2):
                for question in (f"Wat zei {name}?", f"What did {name} say?"):
                    if len(found) < count and retriever.search(question, k=1).answered:
                        found.append(question)
        return found
