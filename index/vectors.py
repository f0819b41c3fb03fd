"""FAISS indexes for one encoder's passage vectors, chosen by corpus size.

Small corpora get an exact inner-product scan (cosine on unit vectors) over float16 vectors: the scan
reads half the bytes of float32 for the same top ten (recall@10 1.000 against float32 at 10,000; half a
float16 step is ~1e-4 of a cosine). The vectors are kept in :data:`SCAN_LISTS` lists that every question
scans, so that FAISS shares one question's scan between the cores. From :data:`FASTSCAN_FROM` passages
that scan costs more than a fast scan of 4-bit product-quantised codes (64 bytes a 512-d vector, compared
in SIMD registers) that picks :data:`FASTSCAN_RERANK` times the candidates asked for (at least
:data:`FASTSCAN_LEAST_RERANKED`), which the float16 vectors, kept beside in row order, then rank exactly:
at 10,000 ~0.6 ms a question with cold caches where the exact scan took ~1.1 (and ~1.0 against ~4.0 at
50,000), recall@10 1.000 and 0.999 against float32. From :data:`IVF_FROM` passages an inverted file over
8-bit scalar-quantised vectors scans the :data:`IVF_PROBE_SHARE` of its lists nearest the question, on
both cores: at 100,000 ~2.2 ms at recall@10 0.998 against an exact float32 scan, in 570 bytes a passage,
built in ~25 s. Its cost grows with the corpus (at 1M, ~14 ms for recall 0.98-0.99) where an HNSW graph's
barely does, so from :data:`HNSW_FROM` HNSW-SQ8 (M 32, efConstruction 200, efSearch 768) takes over: ~7 ms
at recall@10 0.994 at 1M in 784 bytes a passage, for a graph that takes half an hour to build
(benchmarks/, README "Performance"). Recall is measured by a test, not assumed.
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

#: Corpus size from which the exact float16 scan (0.73 ms a question with cold caches at 5,000, 1.1 at 10,000)
#: costs more than a fast scan re-ranked on the same float16 vectors (0.54 and 0.6 ms).
FASTSCAN_FROM = 5_000
FASTSCAN_DIMS_PER_CODE = 4  # dimensions per 4-bit code: 128 codes, 64 bytes, for a 512-d vector
#: Candidates the fast scan hands to the float16 ranking, per result asked for: of the 100 a search asks
#: for, 4x gave recall@10 1.000 at 10,000 and 0.999 at 50,000 (2x gave 0.994 at 10,000; 8x cost ~0.5 ms
#: more for 0.9995 at 50,000) ...
FASTSCAN_RERANK = 4
#: ... and at least this many in all, so that a search for the top ten is as good as one for a hundred.
FASTSCAN_LEAST_RERANKED = 400
FASTSCAN_TRAINING = 10_000  # vectors the codes are learnt from (1-2 s)
#: Corpus size from which an inverted file over 8-bit values (~580 bytes a passage) takes over from the fast
#: scan (~1.1 KB). Measured with cold caches (ms, recall@10): at 50,000 the fast scan 1.3 and 0.999, the
#: inverted file 1.9 and 0.987; at 75,000 1.5 / 0.986 and 2.2 / 0.986; at 100,000 2.3 / 0.994 and 2.8 / 0.998.
#: The fast scan stays faster, but its recall wavers from 75,000 on (4x candidates), so the boundary stays here.
IVF_FROM = 50_000
#: Corpus size from which scanning an inverted file's lists costs more than walking an HNSW graph.
HNSW_FROM = 250_000
IVF_LISTS = 2048
#: 512 of 2048 lists at 100k: recall@10 0.998 in 2.2 ms. 384 of 1024 lists took 3.0 ms for 0.996, and
#: 512 of 4096 the same time as 512 of 2048 for 0.980-0.996.
IVF_PROBE_SHARE = 0.25
IVF_MIN_PROBES = 32  # a small index probes at least this many lists (all of them below 32)
IVF_MIN_PER_LIST = 39  # faiss's k-means wants at least this many training vectors per list
IVF_TRAINING_PER_LIST = 64  # k-means learns from at most this many vectors a list (all of them at 100k)
#: Vectors the fast scan's 4-bit codes need at least (16 values per code, faiss's 39 training vectors each).
_FASTSCAN_LEAST = 16 * IVF_MIN_PER_LIST
#: Lists an exact index's vectors are split into, all scanned, for the cores to share (8, 16 and 32
#: scanned alike at 10,000 and 50,000; fewer, down to one, when there are too few vectors to train them).
SCAN_LISTS = 16
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 768  # 512 lost ~0.01 recall@10 at 100k, too close to the 0.98 floor once 1M paragraphs
#: A filter allowing at most this many rows is searched exactly: an approximate index could miss
#: them all (an article's paragraphs may lie in lists the question does not probe). An exact index
#: scans with the filter instead: 1.2 ms for 4,000 of 10,000 float16 rows, where reading them back took 11.
EXACT_FILTER_ROWS = 4096
#: "flat" is an exact scan of float32 vectors (the reference recall is measured against), "flat-fp16" of
#: float16 vectors: no trained range, so vectors appended later are stored as exactly as the first ones;
#: "fastscan-fp16" ranks on those float16 vectors what a scan of 4-bit codes picks (see above).
KINDS = ("flat", "flat-fp16", "fastscan-fp16", "ivf-sq8", "hnsw-sq8")
EXACT_KINDS = ("flat", "flat-fp16")


def kind_for(count: int) -> str:
    """The index kind for a corpus of ``count`` passages."""
    if count >= HNSW_FROM:
        return "hnsw-sq8"
    if count >= IVF_FROM:
        return "ivf-sq8"
    return "fastscan-fp16" if count >= FASTSCAN_FROM else "flat-fp16"


def ivf_lists(count: int, most: int = IVF_LISTS) -> int:
    """Inverted lists for ``count`` vectors: ``most``, fewer when there are too few to train them."""
    return max(1, min(most, count // IVF_MIN_PER_LIST))


def scan_lists(count: int) -> int:
    """Lists an exact index over ``count`` vectors is split into (see :data:`SCAN_LISTS`)."""
    return ivf_lists(count, SCAN_LISTS)


def build_vector_index(vectors: np.ndarray, *, kind: str | None = None) -> tuple[faiss.Index, str]:
    """Return a FAISS index over ``vectors`` and the name of its kind (one of :data:`KINDS`)."""
    count, dimension = vectors.shape
    kind = kind or kind_for(count)
    if kind == "flat":
        index: faiss.Index = faiss.IndexFlatIP(dimension)
    elif kind == "fastscan-fp16" and count >= _FASTSCAN_LEAST and dimension % FASTSCAN_DIMS_PER_CODE == 0:
        index = _fast_scan(vectors)
    elif kind in ("flat-fp16", "fastscan-fp16"):  # too few vectors to learn codes from: exact
        index, kind = _trained_ivf(vectors, scan_lists(count), faiss.ScalarQuantizer.QT_fp16), "flat-fp16"
    elif kind == "ivf-sq8":
        index = _trained_ivf(vectors, ivf_lists(count), faiss.ScalarQuantizer.QT_8bit_uniform)
    elif kind == "hnsw-sq8":
        index = faiss.IndexHNSWSQ(dimension, faiss.ScalarQuantizer.QT_8bit, HNSW_NEIGHBOURS,
                                  faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        if count:  # per-dimension ranges; vectors appended later are clipped to them
            index.train(np.ascontiguousarray(vectors, dtype=np.float32))
    else:
        raise ValueError(f"unknown vector index kind {kind!r}; one of {', '.join(KINDS)}")
    _tune(index, kind)
    if count:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index, kind


def _trained_ivf(vectors: np.ndarray, lists: int, codes: int) -> faiss.IndexIVFScalarQuantizer:
    """An inverted file whose lists (k-means on a fixed sample) come from ``vectors``, storing the vectors
    as ``codes`` (a ``faiss.ScalarQuantizer`` type; an 8-bit one learns its range from the same sample).

    The vectors themselves are quantised, not their offsets from a list's centre: with offsets the
    ranges learnt from the sample decided recall@10 at 100k (0.971-0.996 from one sample to the
    next), without them it held at 0.992-0.997. One range for all dimensions (the vectors are unit
    length) scored 0.998 where a range per dimension scored 0.995, at the same speed. Vectors appended
    later go to the nearest list; the direct map lets a search read any row's vector back for fusion.
    """
    dimension = vectors.shape[1]
    index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dimension), dimension, lists, codes,
                                          faiss.METRIC_INNER_PRODUCT, False)
    if lists == 1 and codes == faiss.ScalarQuantizer.QT_fp16:  # one list needs no k-means, nor any vectors
        _one_list(index)
        index.is_trained = True
    else:
        index.train(_sample(vectors, lists * IVF_TRAINING_PER_LIST))
    index.make_direct_map()
    return index


def _one_list(index: faiss.IndexIVF) -> None:
    """Give an inverted file a single list around the origin, so that no k-means is needed."""
    index.quantizer.add(np.zeros((1, index.d), dtype=np.float32))


def _sample(vectors: np.ndarray, most: int) -> np.ndarray:
    """At most ``most`` of ``vectors``, the same ones at every build of the same corpus, in row order."""
    chosen = np.random.default_rng(0).choice(len(vectors), min(len(vectors), most), replace=False)
    return np.ascontiguousarray(vectors[np.sort(chosen)], dtype=np.float32)


def _fast_scan(vectors: np.ndarray) -> faiss.IndexRefine:
    """A fast scan over 4-bit codes learnt from a sample of ``vectors``, re-ranked on their float16 values.

    The codes sit in one inverted list, with no k-means: the list is there because an inverted file takes a
    selector (the retired rows, a filter) and the flat fast scan does not. Vectors appended later get codes
    from the same code books, and their float16 values rank them as exactly as the first ones.
    """
    dimension = vectors.shape[1]
    scan = faiss.IndexIVFPQFastScan(faiss.IndexFlatIP(dimension), dimension, 1, dimension // FASTSCAN_DIMS_PER_CODE,
                                    4, faiss.METRIC_INNER_PRODUCT)
    scan.by_residual = False
    _one_list(scan)
    scan.train(_sample(vectors, FASTSCAN_TRAINING))
    values = faiss.IndexScalarQuantizer(dimension, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
    index = faiss.IndexRefine(scan, values)
    index.k_factor = FASTSCAN_RERANK
    return index


def _tune(index: faiss.Index, kind: str) -> None:
    """Search settings of a new index. FAISS keeps them in the file, so an index keeps those it was built
    (and measured) with, whatever the constants here say when it is read."""
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind in EXACT_KINDS and isinstance(index, faiss.IndexIVF):
        index.nprobe = index.nlist
    elif isinstance(index, faiss.IndexIVF):
        index.nprobe = min(index.nlist, max(IVF_MIN_PROBES, math.ceil(index.nlist * IVF_PROBE_SHARE)))
    _use_all_cores(index)


def _use_all_cores(index: faiss.Index) -> None:
    """What FAISS does not keep in the file: one question's lists go over all cores, not one per question."""
    if isinstance(index, faiss.IndexIVF):
        index.parallel_mode = 1


def is_exact(index: faiss.Index) -> bool:
    """Whether a search compares the question with every stored vector (an inverted file probing all its lists)."""
    if isinstance(index, faiss.IndexIVF):
        return index.nprobe >= index.nlist
    return not isinstance(index, (faiss.IndexHNSW, faiss.IndexRefine))


def describe(index: faiss.Index) -> str:
    """The settings that decide an index's speed and recall, for the benchmarks."""
    if isinstance(index, faiss.IndexHNSW):
        return f"HNSW-SQ8, M {index.hnsw.nb_neighbors(1)}, efSearch {index.hnsw.efSearch}"
    if isinstance(index, faiss.IndexRefine):
        return (f"fast scan of 4-bit codes, its best {index.k_factor:g}x the results (at least "
                f"{FASTSCAN_LEAST_RERANKED}) ranked on float16")
    if isinstance(index, faiss.IndexIVFScalarQuantizer) and index.sq.qtype == faiss.ScalarQuantizer.QT_fp16:
        if is_exact(index):
            return f"exact, float16, in {index.nlist} lists shared by the cores"
        return f"IVF-FP16, {index.nprobe} of {index.nlist} lists probed"
    if isinstance(index, faiss.IndexIVF):
        return f"IVF-SQ8, {index.nprobe} of {index.nlist} lists probed"
    if isinstance(index, faiss.IndexScalarQuantizer):
        return "exact, float16"
    return "exact, float32"


def save_vector_index(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_vector_index(path: Path) -> faiss.Index:
    index = faiss.read_index(str(path))
    _use_all_cores(index)
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
    query = np.ascontiguousarray(query.reshape(-1), dtype=np.float32)
    if allowed is not None and len(allowed) <= EXACT_FILTER_ROWS and not is_exact(index):
        allowed = np.asarray(allowed, dtype=np.int64)
        scores = index.reconstruct_batch(allowed) @ query
        top = np.argsort(-scores, kind="stable")[:k]
        return scores[top], allowed[top]
    selector = skip
    if allowed is not None:
        selector = faiss.IDSelectorBatch(allowed)
        k = min(k, len(allowed))
    params = None
    k = max(1, min(k, index.ntotal))
    if isinstance(index, faiss.IndexHNSW) and selector is not None:
        params = faiss.SearchParametersHNSW(sel=selector, efSearch=index.hnsw.efSearch)
    elif isinstance(index, faiss.IndexRefine):  # the fast scan applies the selector
        scan_params = faiss.SearchParametersIVF(sel=selector, nprobe=faiss.downcast_index(index.base_index).nprobe)
        params = faiss.IndexRefineSearchParameters(k_factor=max(index.k_factor, FASTSCAN_LEAST_RERANKED / k),
                                                   base_index_params=scan_params)
    elif isinstance(index, faiss.IndexIVF) and selector is not None:  # a selector's parameters replace nprobe
        params = faiss.SearchParametersIVF(sel=selector, nprobe=index.nprobe)
    elif selector is not None:
        params = faiss.SearchParameters(sel=selector)
    scores, rows = index.search(query.reshape(1, -1), k, params=params)
    return scores[0], rows[0]
