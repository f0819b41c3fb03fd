"""Speaker precision and recall on the labelled quotes of the seed and 20 NTREX articles.

    .venv/bin/python benchmarks/speakers.py [--errors]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.speaker_eval import read_articles, score_speakers  # noqa: E402

LABELS = ROOT / "tests" / "eval" / "quote_speakers.jsonl"
SOURCES = [ROOT / "seeds" / "000_fcec125009fbde04.txt",
           ROOT.parent / "shared" / "corpora" / "ntrex128" / "ntrex128-nl.jsonl"]


def main() -> None:
    sources = [p for p in SOURCES if p.exists()] + [Path(a) for a in sys.argv[1:] if not a.startswith("-")]
    scores = score_speakers(LABELS, read_articles(sources))
    print(f"speakers: precision {scores.precision:.3f} ({scores.correct}/{scores.found}), "
          f"recall {scores.recall:.3f} ({scores.correct}/{scores.labelled})")
    if "--errors" in sys.argv:
        print("\n".join(scores.errors))


if __name__ == "__main__":
    main()
