"""What the benchmarks rely on: a reproducible synthetic corpus, approximate search that keeps recall, and
thread pools that do not spin."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from benchmarks.synthetic import articles, sentence, write_corpus
from index import Filters, build_index, open_retriever
from index import vectors as vector_indexes
from index.search import configured


def test_synthetic_corpus_is_deterministic_and_sized() -> None:
    first = list(articles(500, seed=5))
    assert first == list(articles(500, seed=5))
    assert first != list(articles(500, seed=6))
    assert sum(len(a["body"].split("\n\n")) for a in first) == 500
    assert {a["lang"] for a in first} == {"en", "nl"}


def test_a_small_index_scans_float16_vectors_and_ranks_as_float32_does() -> None:
    rng = np.random.default_rng(8)
    vectors = rng.standard_normal((3000, 128)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = vectors[rng.choice(3000, 50, replace=False)] + 0.5 * rng.standard_normal((50, 128)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    small, kind = vector_indexes.build_vector_index(vectors[:2000])
    # Split into lists that every question scans, for the cores to share one question's scan.
    assert kind == "flat-fp16" and small.nlist == vector_indexes.SCAN_LISTS and small.nprobe == small.nlist
    assert vector_indexes.describe(small) == "exact, float16, in 16 lists shared by the cores"
    small.add(vectors[2000:])  # an extended index: appended vectors are stored as the first ones were
    reference, _ = vector_indexes.build_vector_index(vectors, kind="flat")
    found = 0
    for query in queries:
        scores, rows = vector_indexes.search_vectors(small, query, 10)
        want_scores, want_rows = vector_indexes.search_vectors(reference, query, 10)
        found += len(set(rows.tolist()) & set(want_rows.tolist()))
        assert scores == pytest.approx(want_scores, abs=1e-3)
        # Where the two differ, float32 itself ranks them within float16's rounding of each other.
        assert (vectors[rows] @ query).min() >= want_scores[-1] - 1e-3
    assert found / (10 * len(queries)) >= 0.99


@pytest.mark.parametrize("count", [0, 5, 100])
def test_an_exact_index_too_small_for_its_lists_takes_fewer(count: int) -> None:
    """An empty or tiny corpus has too few vectors to learn lists from: it gets one (or a few), and vectors
    appended later are found all the same."""
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((count + 20, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index, kind = vector_indexes.build_vector_index(vectors[:count])
    assert kind == "flat-fp16" and index.nlist == max(1, count // vector_indexes.IVF_MIN_PER_LIST)
    index.add(vectors[count:])
    for row in (0, count + 19):
        _, rows = vector_indexes.search_vectors(index, vectors[row], 1)
        assert rows[0] == row


def test_a_mid_sized_index_fast_scans_codes_and_ranks_on_float16() -> None:
    """From FASTSCAN_FROM passages 4-bit codes pick the candidates and float16 vectors rank them: the scores
    are the float16 ones, retired rows are skipped, appended vectors are found, and a corpus too small to
    learn codes from gets the exact scan."""
    assert vector_indexes.kind_for(vector_indexes.FASTSCAN_FROM - 1) == "flat-fp16"
    assert vector_indexes.kind_for(vector_indexes.FASTSCAN_FROM) == "fastscan-fp16"
    assert vector_indexes.kind_for(vector_indexes.IVF_FROM - 1) == "fastscan-fp16"
    rng = np.random.default_rng(11)
    centres = rng.standard_normal((40, 64)).astype(np.float32)  # clustered, as passages' vectors are
    vectors = centres[rng.integers(0, 40, 3000)] + 0.6 * rng.standard_normal((3000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index, kind = vector_indexes.build_vector_index(vectors[:2500], kind="fastscan-fp16")
    assert kind == "fastscan-fp16" and not vector_indexes.is_exact(index)
    index.add(vectors[2500:])
    float16 = vectors.astype(np.float16).astype(np.float32)
    assert np.array_equal(index.reconstruct_batch(np.array([7, 2999])), float16[[7, 2999]])  # kept as float16
    for row in [*rng.choice(2500, 20, replace=False), 2500, 2999]:  # recall on real vectors: the test below
        query = vectors[row]
        scores, rows = vector_indexes.search_vectors(index, query, 10)
        assert rows[0] == row and scores == pytest.approx(float16[rows] @ query, abs=1e-4)
        _, kept = vector_indexes.search_vectors(index, query, 10, skip=vector_indexes.excluding(np.array([row])))
        assert row not in kept
    tiny, kind = vector_indexes.build_vector_index(vectors[:100], kind="fastscan-fp16")
    assert kind == "flat-fp16" and vector_indexes.is_exact(tiny)


@pytest.mark.parametrize("kind", ["fastscan-fp16", "ivf-sq8", "hnsw-sq8"])
def test_approximate_index_keeps_recall_and_filters(kind: str, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_corpus(seeds / "corpus.jsonl", 800, seed=2)
    build_index(seeds, tmp_path / "index", vector_index=kind)
    retriever = open_retriever(tmp_path / "index")
    assert retriever.version.manifest.encoders["use"]["vector_index"] == kind

    approximate = retriever.version.vectors["use"]
    # The reference is an exact scan of the unquantised vectors: recall covers the graph and quantisation (an
    # 800-paragraph inverted file has 20 lists, all probed; probing is measured at 100k by the benchmarks).
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
    # One article's paragraphs lie in a few of the inverted lists or graph regions a question may never
    # reach (here: a search that probes one list or keeps one candidate); a narrow filter is searched
    # exactly, so every one of them is found.
    if kind == "ivf-sq8":
        approximate.nprobe = 1
    elif kind == "hnsw-sq8":
        approximate.hnsw.efSearch = 1
    else:
        approximate.k_factor = 1
    article = dated.hits[0].article.id
    rows = retriever.version.store.article_rows(article)
    one = configured(retriever, "use").search("How many people were involved in the strike?", k=len(rows),
                                              filters=Filters(article=article))
    assert sorted(h.row for h in one.hits) == sorted(rows)


def test_an_index_keeps_the_search_settings_it_was_built_with(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """An index built and measured with one probe share is not searched with a later version's."""
    vectors = np.random.default_rng(4).standard_normal((3000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    monkeypatch.setattr(vector_indexes, "IVF_PROBE_SHARE", 0.5)
    built, _ = vector_indexes.build_vector_index(vectors, kind="ivf-sq8")
    vector_indexes.save_vector_index(built, tmp_path / "vectors.faiss")
    monkeypatch.undo()
    loaded = vector_indexes.load_vector_index(tmp_path / "vectors.faiss")
    assert loaded.nlist == vector_indexes.ivf_lists(3000) == 76
    assert loaded.nprobe == built.nprobe == 38
    assert loaded.parallel_mode == 1  # not kept in the file: set again on load
    assert vector_indexes.build_vector_index(vectors, kind="ivf-sq8")[0].nprobe == 32  # today's share, at least 32


def test_importing_index_makes_idle_threads_sleep_unless_the_environment_says_otherwise() -> None:
    """OpenBLAS and OpenMP read these once, when numpy and faiss load: ``index`` must set them before."""
    # Records the settings at the moment numpy and faiss are first imported, then imports index.
    code = """if True:
        import builtins, json, os
        seen, real_import = {}, builtins.__import__
        def spy(name, *args, **kwargs):
            top = name.split(".")[0]
            if top in ("numpy", "faiss") and top not in seen:
                seen[top] = [os.environ.get("OMP_WAIT_POLICY"), os.environ.get("OPENBLAS_THREAD_TIMEOUT")]
            return real_import(name, *args, **kwargs)
        builtins.__import__ = spy
        import index
        print(json.dumps(seen))
    """
    ours = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "OPENBLAS_THREAD_TIMEOUT")}

    def settings(env: dict[str, str]) -> dict[str, list[str]]:
        result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                                check=True, timeout=120)
        return json.loads(result.stdout)

    assert settings(ours) == {"numpy": ["PASSIVE", "22"], "faiss": ["PASSIVE", "22"]}
    assert settings({**ours, "OMP_WAIT_POLICY": "ACTIVE"}) == {"numpy": ["ACTIVE", "22"], "faiss": ["ACTIVE", "22"]}
