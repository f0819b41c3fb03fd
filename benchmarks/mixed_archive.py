"""A newsroom archive in two languages: each NTREX-128 article in English or in Dutch, not both.

    python -m benchmarks.mixed_archive OUT
    newsbot index build --seeds OUT/seeds --index-dir OUT/index
    newsbot eval --index-dir OUT/index --config fused --config fused-no-language-offset OUT/questions/*.jsonl

A newsroom's articles are Dutch or English and its readers ask in either, so most questions cross a
language and some do not. About half of the articles (chosen by a hash of the document id, the same every
run) are kept in their English original, the rest in their Dutch translation, beside the Dutch seed
article. The archive question sets are rewritten so that each answer names the article's kept version.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NTREX = ROOT.parent / "shared" / "corpora" / "ntrex128"
QUESTION_SETS = ("archive_en_tune", "archive_nl_tune", "archive_en_test", "archive_nl_test",
                 "archive_heldout_questions", "archive_journalist")


def kept_language(doc: str) -> str:
    """The language an article is kept in: "en" for about half of the documents."""
    return "en" if int(hashlib.sha1(doc.encode()).hexdigest(), 16) % 2 == 0 else "nl"


def write_mixed_archive(seeds: Path, ntrex: Path = NTREX) -> int:
    """Write the mixed archive (one JSON Lines file) and the seed article into ``seeds``; returns how many
    articles are kept in English."""
    seeds.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "seeds" / "000_fcec125009fbde04.txt", seeds)
    english = 0
    with open(seeds / "ntrex128-mixed.jsonl", "w", encoding="utf-8") as out:
        for language in ("en", "nl"):
            for line in (ntrex / f"ntrex128-{language}.jsonl").read_text(encoding="utf-8").splitlines():
                article = json.loads(line)
                if kept_language(article["id"].split("/", 1)[1]) == language:
                    out.write(json.dumps(article, ensure_ascii=False) + "\n")
                    english += language == "en"
    return english


def relabelled(answer: str) -> str:
    """An answer id of the Dutch archive (``ntrex-nl/<doc>#<n>``) as the mixed archive's."""
    if not answer.startswith("ntrex-nl/"):
        return answer
    doc = answer.removeprefix("ntrex-nl/").split("#")[0]
    return f"ntrex-{kept_language(doc)}/" + answer.removeprefix("ntrex-nl/")


def write_question_sets(target: Path, sets: tuple[str, ...] = QUESTION_SETS) -> list[Path]:
    """The archive question sets with their answers relabelled, one file each in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sets:
        lines = (ROOT / "tests" / "eval" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
        for record in records:
            record["answers"] = [relabelled(a) for a in record.get("answers", [])]
        path = target / f"mixed_{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for seeds/ and questions/")
    parser.add_argument("--ntrex", type=Path, default=NTREX, help=f"the NTREX-128 folder (default: {NTREX})")
    args = parser.parse_args()
    missing = [p for p in (args.ntrex / "ntrex128-en.jsonl", args.ntrex / "ntrex128-nl.jsonl") if not p.is_file()]
    if missing:  # checked before anything is written: a trial's clone left an empty archive behind
        parser.exit(2, f"error: {missing[0]} is not there; give the NTREX-128 folder with --ntrex DIR\n")
    english = write_mixed_archive(args.out / "seeds", args.ntrex)
    sets = write_question_sets(args.out / "questions")
    print(f"{args.out / 'seeds'}: the seed and 123 NTREX articles, {english} in English; {len(sets)} question sets "
          f"in {args.out / 'questions'}")


if __name__ == "__main__":
    main()
