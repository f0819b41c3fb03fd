"""Conversations asked turn by turn as a chat asks them: follow-ups read with the chat's context.

    python -m benchmarks.conversations --index-dir DIR tests/eval/conversations_archive.jsonl

Each line of the file is one conversation, ``{"language", "turns": [{"question", "answers", "kind"}, ...]}``,
``answers`` as in ``newsbot eval`` (``ARTICLE#PARAGRAPH``; ``[]`` for a turn the articles cannot answer, which counts
as right when refused; left out for a turn that is asked but not scored) and ``kind`` one of first, nameless (names
nothing and has no pronoun: "wat zei de woordvoerder?"), pronoun, short ("waarom?") and switch (a new subject). Every
turn goes through the bot's own reading and answering (``bot.telegram_bot.read_and_answer``), so a turn is scored as
the reader meets it: top-1 when the first quote answers, top-3 when one of the quotes does. Prints numbers only;
``--misses`` lists the turns whose first quote does not answer.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from bot.answer import Answerer
from bot.followup import FollowUps
from bot.question import QuestionError, clean_question
from bot.telegram_bot import read_and_answer
from index import search
from index.live import LiveIndex


@dataclass(frozen=True)
class Turn:
    kind: str
    language: str
    question: str
    read_as: str
    quoted: list[str]  # ARTICLE#PARAGRAPH of each quote, in order
    answers: frozenset[str] | None  # None: asked, not scored; empty: the articles cannot answer it
    previous_story: str | None  # the article of the previous turn's first quote
    answered: bool = True

    @property
    def top1(self) -> bool:
        return bool(self.quoted) and self.quoted[0] in (self.answers or ())

    @property
    def top3(self) -> bool:
        return bool(set(self.quoted) & (self.answers or frozenset()))

    @property
    def stayed(self) -> bool:
        """The first quote comes from the previous turn's article (for a switch: the wrong story)."""
        return bool(self.quoted) and self.quoted[0].rpartition("#")[0] == self.previous_story


def asked_turns(answerer: Answerer, path: Path) -> list[Turn]:
    """Every turn of every conversation in ``path``, each conversation a chat of its own."""
    turns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        conversation = json.loads(line)
        followups, chat, story = FollowUps(), (path.name, number), None
        for turn in conversation["turns"]:
            try:
                reading, answer = read_and_answer(answerer, followups, chat, clean_question(turn["question"]),
                                                  conversation["language"])
            except QuestionError:
                quoted, read_as, answered = [], turn["question"], False
            else:
                followups.remember(chat, reading, [(q.article_id, q.paragraph, q.part) for q in answer.quotes])
                quoted, read_as = [f"{q.article_id}#{q.paragraph}" for q in answer.quotes], reading.text
                answered = answer.answered
            answers = frozenset(turn["answers"]) if "answers" in turn else None
            turns.append(Turn(turn["kind"], conversation["language"], turn["question"], read_as, quoted, answers,
                              story, answered))
            story = quoted[0].rpartition("#")[0] if quoted else story
    return turns


def _rate(turns: list[Turn], hit: str) -> float:
    return sum(getattr(t, hit) for t in turns) / max(len(turns), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("conversations", type=Path, nargs="+")
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--misses", action="store_true", help="list the turns whose first quote does not answer")
    parser.add_argument("--topic-bonus", type=float, help="the chat's story's weight (default: index.search's)")
    args = parser.parse_args()
    if args.topic_bonus is not None:
        search.TOPIC_BONUS = args.topic_bonus
    answerer = Answerer(LiveIndex(args.index_dir))
    asked = [t for path in args.conversations for t in asked_turns(answerer, path)]
    turns = [t for t in asked if t.answers]
    unanswerable = [t for t in asked if t.answers is not None and not t.answers]
    if args.misses:
        for t in turns:
            if not t.top1:
                print(f"  miss [{t.kind}] {t.question!r} read as {t.read_as!r} -> {t.quoted[:3]} "
                      f"(want {sorted(t.answers)})")
    print("kind       language  turns  top-1   top-3")
    for kind, language in sorted({(t.kind, t.language) for t in turns}):
        group = [t for t in turns if (t.kind, t.language) == (kind, language)]
        print(f"{kind:10} {language:8} {len(group):6}  {_rate(group, 'top1'):6.1%}  {_rate(group, 'top3'):6.1%}")
    followups = [t for t in turns if t.kind != "first"]
    switches = [t for t in turns if t.kind == "switch"]
    print(f"all turns {len(turns)}: top-1 {_rate(turns, 'top1'):.1%}, follow-ups {len(followups)}: top-1 "
          f"{_rate(followups, 'top1'):.1%}, switches answered from the previous story: "
          f"{sum(t.stayed for t in switches)}/{len(switches)}")
    if unanswerable:
        print(f"turns the articles cannot answer: {sum(not t.answered for t in unanswerable)}/{len(unanswerable)} "
              f"refused; answerable turns refused: {sum(not t.answered for t in turns)}/{len(turns)}")


if __name__ == "__main__":
    main()
