"""Measure speaker attribution on labelled quotes: precision and recall of the speakers found.

A label file is JSON Lines, one quotation each: ``{"article", "paragraph", "quote", "speaker"}``, where
``quote`` is the quotation's first 40 characters (marks included) and ``speaker`` is null when the text
names nobody (a scare quote, "een bron zei"). A found speaker is right when it is the labelled person in
the sense of :func:`index.quotes.same_person` either way round ("Wade" for "Will Wade").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .articles import Article, read_file
from .quotes import attribute, same_person

PREFIX = 40


@dataclass
class SpeakerScores:
    labelled: int = 0  # quotations labelled with a speaker
    found: int = 0  # quotations (labelled or not) given a speaker
    correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 0.0


def read_articles(paths: Iterable[Path]) -> list[Article]:
    return [a for path in paths for a in read_file(path, path.name) if isinstance(a, Article)]


def found_speakers(articles: Iterable[Article]) -> dict[tuple[str, str], str | None]:
    """``(article id, quote prefix) → speaker`` for every quotation the extraction finds."""
    found: dict[tuple[str, str], str | None] = {}
    for article in articles:
        texts = [p.text for p in article.passages]
        for text, quotations in zip(texts, attribute(texts)):
            for q in quotations:
                found[(article.id, text[q.start:q.end][:PREFIX])] = q.speaker
    return found


def score_speakers(labels: Path, articles: Iterable[Article]) -> SpeakerScores:
    gold = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    labelled_ids = {g["article"] for g in gold}
    found = {k: v for k, v in found_speakers(a for a in articles if a.id in labelled_ids).items()}
    scores = SpeakerScores()
    labelled_keys = set()
    for g in gold:
        key = (g["article"], g["quote"][:PREFIX])
        labelled_keys.add(key)
        speaker = found.get(key)
        scores.labelled += g["speaker"] is not None
        scores.found += speaker is not None
        right = speaker is not None and g["speaker"] is not None and (
            same_person(speaker, g["speaker"]) or same_person(g["speaker"], speaker))
        scores.correct += right
        if (speaker or g["speaker"]) and not right:
            scores.errors.append(f"{g['article']} #{g['paragraph']} {g['quote'][:30]!r}: found {speaker!r}, "
                                 f"labelled {g['speaker']!r}")
    for key, speaker in found.items():  # quotations found that nobody labelled (not quotations at all)
        if key not in labelled_keys and speaker is not None:
            scores.found += 1
            scores.errors.append(f"{key[0]} {key[1][:30]!r}: found {speaker!r}, not a labelled quotation")
    return scores
