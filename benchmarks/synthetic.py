"""A synthetic newsroom: Dutch and English articles of realistic length, reproducible from a seed.

Used by the benchmarks (any size) and by tests that need more text than the seed article.
Run ``python -m benchmarks.synthetic OUT_DIR --paragraphs 10000`` to write a JSON Lines corpus.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

_WORDS = {
    "en": ("minister council city police court report budget election border migrants protest hospital school "
           "company workers strike union prices housing energy climate river harbour farmers train station "
           "government parliament mayor researchers survey museum festival storm flood bridge airport").split(),
    "nl": ("minister gemeente stad politie rechter rapport begroting verkiezing grens migranten protest ziekenhuis "
           "school bedrijf werknemers staking vakbond prijzen woningen energie klimaat rivier haven boeren trein "
           "station regering parlement burgemeester onderzoekers enquête museum festival storm overstroming brug "
           "luchthaven").split(),
}
_VERBS = {"en": "said announced warned expected reported denied confirmed promised".split(),
          "nl": "zei kondigde waarschuwde verwachtte meldde ontkende bevestigde beloofde".split()}
_NAMES = "Jansen de Vries Bakker Visser Smit Meijer Mulder Bos Peters Hendriks Dekker Brouwer".split()


def sentence(rng: random.Random, lang: str) -> str:
    words = rng.sample(_WORDS[lang], rng.randint(6, 12))
    name = rng.choice(_NAMES)
    number = rng.randint(2, 9000)
    body = " ".join(words)
    verb = rng.choice(_VERBS[lang])
    if lang == "en":
        return f"{name} {verb} that the {body} involved {number} people."
    return f"{name} {verb} dat de {body} {number} mensen betrof."


def articles(paragraphs: int, *, seed: int = 1, per_article: int = 8) -> Iterator[dict]:
    """Yield JSONL-ready article records until ``paragraphs`` paragraphs have been produced."""
    rng = random.Random(seed)
    made = 0
    number = 0
    while made < paragraphs:
        lang = rng.choice(("en", "nl"))
        count = min(per_article, paragraphs - made)
        body = "\n\n".join(" ".join(sentence(rng, lang) for _ in range(rng.randint(2, 4))) for _ in range(count))
        year, month, day = rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28)
        yield {"id": f"synthetic-{seed}-{number:07d}", "title": sentence(rng, lang)[:70],
               "date": f"{year}-{month:02d}-{day:02d}", "lang": lang, "body": body}
        made += count
        number += 1


def write_corpus(path: Path, paragraphs: int, *, seed: int = 1) -> int:
    """Write a JSON Lines corpus; returns the number of articles."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in articles(paragraphs, seed=seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    n = write_corpus(args.out_dir / f"synthetic-{args.paragraphs}.jsonl", args.paragraphs, seed=args.seed)
    print(f"wrote {n} articles, {args.paragraphs} paragraphs to {args.out_dir}")
