"""What the benchmarks rely on: a reproducible synthetic corpus, and approximate search that keeps recall."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from benchmarks.synthetic import articles, sentence, write_corpus
from index import Filters, build_index, open_retriever


def test_synthetic_corpus_is_deterministic_and_sized() -> None:
    first = list(articles(500, seed=5))
    assert first == list(articles(500, seed=5))
    assert first != list(articles(500, seed=6))
    assert sum(len(a["body"].split("\n\n")) for a in first) == 500
    assert {a["lang"] for a in first} == {"en", "nl"}


def test_hnsw_index_keeps_recall_and_filters(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_corpus(seeds / "corpus.jsonl", 800, seed=2)
    build_index(seeds, tmp_path / "index", vector_index="hnsw-sq8")
    retriever = open_retriever(tmp_path / "index")
    assert retriever.version.manifest.encoders["use"]["vector_index"] == "hnsw-sq8"

    approximate = retriever.version.vectors["use"]
    # The reference is an exact scan of the unquantised vectors: recall covers graph and quantisation.
    build_index(seeds, tmp_path / "exact", vector_index="flat")
    exact = open_retriever(tmp_path / "exact").version.vectors["use"]
    rng = random.Random(9)
    queries = retriever.encoders["use"].encode([sentence(rng, rng.choice(("en", "nl"))) for _ in range(50)])
    _, want = exact.search(queries, 10)
    _, got = approximate.search(queries, 10)
    recall = np.mean([len(set(g) & set(w)) / 10 for g, w in zip(got, want, strict=True)])
    assert recall >= 0.98

    dated = retriever.search("Wat zei de burgemeester over de begroting?", filters=Filters(since="2020"))
    assert dated.hits and all(h.article.date >= "2020" for h in dated.hits)
