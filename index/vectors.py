"""FAISS indexes for one encoder's passage vectors, chosen by corpus size.

Small corpora get an exact inner-product index (cosine on unit vectors). From
:data:`APPROXIMATE_FROM` passages an HNSW graph over 8-bit scalar-quantised vectors keeps queries fast
and memory small: on these 2 cores an exact scan of 100,000 512-d vectors takes 22-50 ms a query;
HNSW-SQ8 (M 32, efConstruction 200, efSearch 768) takes ~5 ms at recall@10 0.985 against an exact
scan of the float32 vectors, in 784 bytes a paragraph with the graph, where float32 vectors alone take
2,048 (benchmarks/, README "Performance"). Recall is measured by a test, not assumed.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

#: Corpus size from which an exact scan (~15 ms here) gets slower than the answer path can afford.
APPROXIMATE_FROM = 50_000
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 768  # 512 lost ~0.01 recall@10 at 100k, too close to the 0.98 floor once 1M paragraphs
KINDS = ("flat", "hnsw-sq8")


def kind_for(count: int) -> str:
    """The index kind for a corpus of ``count`` passages."""
    return "hnsw-sq8" if count >= APPROXIMATE_FROM else "flat"


def build_vector_index(vectors: np.ndarray, *, kind: str | None = None) -> tuple[faiss.Index, str]:
    """Return a FAISS index over ``vectors`` and the name of its kind (one of :data:`KINDS`)."""
    count, dimension = vectors.shape
    kind = kind or kind_for(count)
    if kind == "flat":
        index: faiss.Index = faiss.IndexFlatIP(dimension)
    elif kind == "hnsw-sq8":
        index = faiss.IndexHNSWSQ(dimension, faiss.ScalarQuantizer.QT_8bit, HNSW_NEIGHBOURS,
                                  faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        if count:  # per-dimension ranges; vectors appended later are clipped to them
            index.train(np.ascontiguousarray(vectors, dtype=np.float32))
    else:
        raise ValueError(f"unknown vector index kind {kind!r}; one of {', '.join(KINDS)}")
    if count:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index, kind


def save_vector_index(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_vector_index(path: Path) -> faiss.Index:
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def excluding(rows: np.ndarray) -> faiss.IDSelector | None:
    """A selector that skips ``rows`` (retired rows), or None when there are none.

    Built once per index version: a set of tens of thousands of rows is too slow to build per query.
    """
    return faiss.IDSelectorNot(faiss.IDSelectorBatch(rows)) if len(rows) else None


def search_vectors(index: faiss.Index, query: np.ndarray, k: int, *, allowed: np.ndarray | None = None,
                   skip: faiss.IDSelector | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Top-``k`` (scores, rows) for one unit query vector, among ``allowed`` rows only when given,
    otherwise among the rows ``skip`` (see :func:`excluding`) lets through. Rows of -1 are padding."""
    selector = skip
    if allowed is not None:
        selector = faiss.IDSelectorBatch(allowed)
        k = min(k, len(allowed))
    params = None
    if selector is not None:
        params = (faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)
                  if isinstance(index, faiss.IndexHNSW) else faiss.SearchParameters(sel=selector))
    k = max(1, min(k, index.ntotal))
    scores, rows = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k, params=params)
    return scores[0], rows[0]
