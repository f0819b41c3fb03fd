"""Speaker precision and recall on the labelled quotes of the seed and 20 NTREX articles (which the rules were
written against) and of four more sets of NTREX articles labelled by someone else; with --lookup, the time
to find a speaker by name among 8,000 (a large archive's), one by one as before and with SpeakerNames.

    .venv/bin/python benchmarks/speakers.py [--errors] [--lookup]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.quotes import SpeakerNames, _close, same_person  # noqa: E402
from index.speaker_eval import read_articles, score_speakers  # noqa: E402

LABELS = [ROOT / "tests" / "eval" / name
          for name in ("quote_speakers.jsonl", "quote_speakers_heldout.jsonl", "quote_speakers_heldout2.jsonl",
                       "quote_speakers_heldout3.jsonl", "quote_speakers_heldout4.jsonl")]
SOURCES = [ROOT / "seeds" / "000_fcec125009fbde04.txt",
           ROOT.parent / "shared" / "corpora" / "ntrex128" / "ntrex128-nl.jsonl"]


def lookup(count: int = 8000) -> None:
    """Print the time of a look-up by name among ``count`` made-up speakers, both ways (numbers only)."""
    import random
    import time

    rng = random.Random(1)
    syllables = "ka lo ja sen ber to mi ne ru va de ko sjen ha li ste wa po ri".split()
    made = {" ".join("".join(rng.choices(syllables, k=rng.randint(2, 4))).capitalize() for _ in range(2))
            for _ in range(count)}
    speakers = sorted(made | {"Aleksandr Loekasjenko", "Jens Stoltenberg"})
    asked = ["Lukashenko", "Stoltenburg", "Kalosen", "Merkel"]
    started = time.perf_counter()
    names = SpeakerNames(speakers)
    built = time.perf_counter() - started
    for name in asked:
        _close.cache_clear()
        started = time.perf_counter()
        one_by_one = [s for s in speakers if same_person(name, s)]
        before = time.perf_counter() - started
        started = time.perf_counter()
        found = names.matching(name)
        after = time.perf_counter() - started
        assert found == one_by_one
        print(f"{name}: {len(speakers):,} speakers, one by one {before * 1000:.1f} ms, "
              f"SpeakerNames {after * 1000:.2f} ms (built once in {built * 1000:.0f} ms); {len(found)} found")


def main() -> None:
    if "--lookup" in sys.argv:
        lookup()
        return
    sources = [p for p in SOURCES if p.exists()] + [Path(a) for a in sys.argv[1:] if not a.startswith("-")]
    articles = read_articles(sources)
    for labels in LABELS:
        scores = score_speakers(labels, articles)
        print(f"{labels.name}: precision {scores.precision:.3f} ({scores.correct}/{scores.found}), "
              f"recall {scores.recall:.3f} ({scores.correct}/{scores.labelled})")
        if "--errors" in sys.argv:
            print("\n".join(scores.errors))


if __name__ == "__main__":
    main()
