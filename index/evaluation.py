"""Measure retrieval on a labelled question set: top-1, top-3, whether the answer is among the quotes shown, MRR
per language, and abstention.

A question file is JSON Lines: ``{"question", "language", "answers": ["ARTICLE#PARAGRAPH", ...]}`` with
an optional ``"kind"`` (who, what, why, how-many, when, where, yes-no, said, how) reported separately;
an empty ``answers`` list marks a question the articles cannot answer. An optional ``"wrong"`` list holds
known wrong answers (readers' 👎, see ``newsbot feedback export``): the report counts how often one of them is
still quoted first; a question with only wrong answers counts for nothing else.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import NewsbotError
from .search import QUOTE_SCORE_GAP, Retriever


@dataclass(frozen=True)
class LabelledQuestion:
    question: str
    language: str
    answers: frozenset[str]
    kind: str | None = None
    wrong: frozenset[str] = frozenset()


@dataclass
class LanguageScores:
    questions: int = 0
    top1: int = 0
    top3: int = 0
    #: the answer among the quotes an answer shows (the first three within QUOTE_SCORE_GAP of the best), answered
    shown: int = 0
    reciprocal_rank: float = 0.0

    def rate(self, value: float) -> float:
        return value / self.questions if self.questions else 0.0


@dataclass
class EvalReport:
    config: str
    languages: dict[str, LanguageScores] = field(default_factory=dict)
    kinds: dict[str, LanguageScores] = field(default_factory=dict)  # per question kind, both languages
    unanswerable: int = 0
    unanswerable_answered: int = 0
    answerable_refused: int = 0
    misses: list[str] = field(default_factory=list)
    known_wrong: int = 0  # questions with known wrong answers
    known_wrong_first: int = 0  # of those, answered with a known wrong answer quoted first

    @property
    def answerable(self) -> int:
        return sum(s.questions for s in self.languages.values())


def load_questions(path: Path) -> list[LabelledQuestion]:
    """A question set from a JSON Lines file, or from stdin when ``path`` is "-" (`newsbot feedback export - |
    newsbot eval -`)."""
    questions = []
    name = "stdin" if str(path) == "-" else str(path)
    try:
        lines = sys.stdin.read().splitlines() if str(path) == "-" else path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise NewsbotError(f"{name} is not UTF-8 text; a question set is JSON Lines") from None
    except OSError as exc:
        raise NewsbotError(f"cannot read question file {path}: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            questions.append(LabelledQuestion(record["question"], record.get("language", "?"),
                                              frozenset(record.get("answers", [])), record.get("kind"),
                                              frozenset(record.get("wrong", []))))
        except (json.JSONDecodeError, KeyError, TypeError):
            raise NewsbotError(f"{name}:{number}: expected {{\"question\", \"language\", \"answers\"}}") from None
    if not questions:
        raise NewsbotError(f"{name} holds no questions")
    return questions


def unknown_labels(retriever: Retriever, questions: list[LabelledQuestion]) -> list[str]:
    """The ``ARTICLE#PARAGRAPH`` labels of ``questions`` that name no paragraph of the index: a typo there would
    only lower the score, silently."""
    store = retriever.version.store
    labels = {label for q in questions for label in (*q.answers, *q.wrong)}
    known = {f"{p.article_id}#{p.paragraph}" for article_id in {label.rpartition("#")[0] for label in labels}
             for p in store.passages(store.article_rows(article_id)).values()}
    return sorted(labels - known)


def evaluate(retriever: Retriever, questions: list[LabelledQuestion]) -> EvalReport:
    report = EvalReport(retriever.config.name)
    for item in questions:
        result = retriever.search(item.question, k=10)
        ranked = [f"{h.passage.article_id}#{h.passage.paragraph}" for h in result.hits]
        if item.wrong:
            report.known_wrong += 1
            wrong_first = bool(result.answered and ranked and ranked[0] in item.wrong)
            report.known_wrong_first += wrong_first
            if not item.answers:  # a trial's --misses listed nothing beside "known wrong quoted first 2/2"
                if wrong_first:
                    report.misses.append(f"{item.question} -> {ranked[:3]} (a known wrong answer first)")
                continue
        if not item.answers:
            report.unanswerable += 1
            report.unanswerable_answered += result.answered
            if result.answered:
                report.misses.append(f"{item.question} -> {ranked[:3]} (answered; labelled unanswerable)")
            continue
        rank = next((i + 1 for i, label in enumerate(ranked) if label in item.answers), None)
        shown = bool(result.answered and rank is not None and rank <= 3
                     and result.hits[rank - 1].score >= result.hits[0].score - QUOTE_SCORE_GAP)
        groups = [report.languages.setdefault(item.language, LanguageScores())]
        if item.kind:
            groups.append(report.kinds.setdefault(item.kind, LanguageScores()))
        for scores in groups:
            scores.questions += 1
            scores.top1 += rank == 1
            scores.top3 += rank is not None and rank <= 3
            scores.shown += shown
            scores.reciprocal_rank += 1 / rank if rank else 0.0
        report.answerable_refused += not result.answered
        if rank != 1 or not result.answered:  # a refused question is a miss whatever it ranked
            refused = "" if result.answered else " (refused)"
            report.misses.append(f"{item.question} -> {ranked[:3]}{refused} (want {sorted(item.answers)})")
    return report
