"""How much a chat's story should weigh: top-1 of follow-up-like questions with and without it.

    python -m benchmarks.topic_bonus --index-dir DIR tests/eval/archive_en_tune.jsonl tests/eval/archive_nl_tune.jsonl

A question of the sets that names nothing ("how many people died?") is asked twice, as a chat would ask it: after
an answer from its own article (it should be answered there: "on topic") and after an answer from another article
(it should still be answered from its own: "off topic", the reader changed the subject without naming it). For
each bonus, in log-odds, given to the chat's article's passages (``index.search.TOPIC_BONUS``, through
``index.search.story_bonus``, which puts them first where they hold the question's words as fully), it prints how
often the first hit is an answering paragraph in each case, and how often an off-topic question was answered from
the chat's article instead. Prints numbers only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from index import open_retriever
from index.entities import names_asked
from index.evaluation import load_questions
from index.search import Retriever, story_bonus

BONUSES = (0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0)


def first_hits(retriever: Retriever, question: str, topic: str, answers: set[int]) -> list[tuple[bool, bool]]:
    """For each bonus: (the first hit answers, the first hit is the topic's)."""
    store = retriever.version.store
    found = retriever.candidates(question, include=store.article_rows(topic))
    if isinstance(found, str):
        return [(False, False)] * len(BONUSES)
    fused, in_topic = retriever.fused_scores(found), found.article_ids == topic
    return [(int(found.rows[i]) in answers, bool(in_topic[i]))
            for i in (int(np.argmax(fused + story_bonus(found, fused, in_topic, bonus))) for bonus in BONUSES)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path, nargs="+", help="labelled question files (newsbot eval's format)")
    parser.add_argument("--index-dir", type=Path, required=True)
    args = parser.parse_args()
    retriever = open_retriever(args.index_dir)
    store = retriever.version.store
    questions = [q for path in args.questions for q in load_questions(path)
                 if q.answers and not names_asked(retriever.as_read(q.question))]
    articles = sorted({label.rpartition("#")[0] for q in questions for label in q.answers})
    rows: dict[str, int] = {}
    for article in articles:
        for row, passage in store.passages(store.article_rows(article)).items():
            rows.setdefault(f"{article}#{passage.paragraph}", row)
    on, off = [], []
    for number, item in enumerate(questions):
        own = min(item.answers).rpartition("#")[0]
        answers = {rows[label] for label in item.answers if label in rows}
        other = articles[(articles.index(own) + 1 + number % (len(articles) - 1)) % len(articles)]
        on.append(first_hits(retriever, item.question, own, answers))
        off.append(first_hits(retriever, item.question, other, answers))
    print(f"{len(questions)} questions naming nothing, over {len(articles)} articles")
    print("bonus  on topic top-1  off topic top-1  off topic answered from the chat's article")
    for i, bonus in enumerate(BONUSES):
        print(f"{bonus:5.1f}  {sum(r[i][0] for r in on) / len(on):14.1%}  {sum(r[i][0] for r in off) / len(off):15.1%}"
              f"  {sum(r[i][1] for r in off) / len(off):6.1%}")


if __name__ == "__main__":
    main()
