"""How often an English headline finds its own Dutch article first (the archive's parallel texts).

    python -m benchmarks.headlines --index-dir DIR ../shared/corpora/ntrex128/ntrex128-en.jsonl

DIR indexes the Dutch NTREX-128 articles (``ntrex-nl/<doc>``); each English article's title is asked as
a question, and it counts when the first quoted paragraph belongs to ``ntrex-nl/<doc>``. Prints numbers only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from index import open_retriever
from index.search import Retriever


def headlines_found(retriever: Retriever, english: Path) -> tuple[int, int]:
    """(headlines whose first hit is in their own Dutch article, headlines asked)."""
    found = asked = 0
    for line in english.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        target = article["id"].replace("ntrex-en/", "ntrex-nl/", 1)
        hits = retriever.search(article["title"], k=3).hits
        asked += 1
        found += bool(hits) and hits[0].passage.article_id == target
    return found, asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("english", type=Path, help="the English articles (JSON Lines with id and title)")
    parser.add_argument("--index-dir", type=Path, required=True)
    args = parser.parse_args()
    found, asked = headlines_found(open_retriever(args.index_dir), args.english)
    print(f"English headline → its Dutch article first: {found}/{asked} ({found / max(asked, 1):.1%})")


if __name__ == "__main__":
    main()
