"""Benchmarks that print numbers: build, rebuild, answer latency, start-up, memory, disk, recall, peers.

    python -m benchmarks.run --paragraphs 10000            # our numbers
    python -m benchmarks.run --paragraphs 10000 --peers    # plus sentence-transformers' tutorial way and txtai

Nothing here asserts: the README's Performance section quotes what this printed on the project's machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import index  # noqa: F401 - before numpy and FAISS load: it sets how their thread pools wait (index/threads.py)
import numpy as np

from benchmarks.synthetic import sentence, write_corpus

ROOT = Path(__file__).resolve().parent.parent
#: Most name someone, as readers' questions do: a question with names costs a second e5 encoding (the
#: question without them, index.search).
QUESTIONS = ["What did mayor Jansen say about the budget?", "Wat zei burgemeester De Vries over de begroting?",
             "How many people were involved in the strike?", "Hoeveel mensen betrof de staking in Utrecht?",
             "Did minister Bakker deny the report about the harbour?", "Waarschuwde de regering voor de storm?",
             "What did researchers in Leiden find about housing prices?", "Wat meldde de politie over het festival?"]


def _percentiles(samples: list[float]) -> str:
    ms = np.array(samples) * 1000
    return f"p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms, p99 {np.percentile(ms, 99):.1f} ms"


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _questions(count: int) -> list[str]:
    """Half hand-written questions, half sentences in the corpus's style that it does not contain."""
    rng = random.Random(3)
    return [rng.choice(QUESTIONS) if n % 2 else sentence(rng, rng.choice(("en", "nl"))) for n in range(count)]


class _Rows(list):
    """The table's rows, each also printed as it is measured (a run at 1M takes an hour)."""

    def append(self, row: tuple[str, str]) -> None:
        super().append(row)
        print(f"  {row[0]}: {row[1]}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--encoders", default="use", help="encoders to build, e.g. use or use,st")
    parser.add_argument("--peers", action="store_true", help="also run the sentence-transformers tutorial way and txtai")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the corpus and index here")
    parser.add_argument("--cached", action="store_true",
                        help="take vectors from the workdir's embedding cache (measures everything but encoding)")
    parser.add_argument("--stand-in-vectors", action="store_true",
                        help="first fill the cache with random paragraph vectors (benchmarks/stand_in.py): the "
                             "answer path at sizes e5 would take hours to encode; implies --cached")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from bot.answer import Answerer
    from index import build_index
    from index.encoders import load_encoder
    from index.live import LiveIndex
    from index.cache import EmbeddingCache, text_hash
    from index.manifest import CACHE_FILE
    from index.vectors import EXACT_KINDS, build_vector_index, describe, search_vectors

    work = args.workdir or Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    seeds, index_dir = work / "seeds", work / "index"
    seeds.mkdir(parents=True, exist_ok=True)
    corpus = seeds / "corpus.jsonl"
    articles = write_corpus(corpus, args.paragraphs, seed=1)
    encoders = tuple(args.encoders.split(","))
    rows = _Rows()
    rows.append(("corpus", f"{args.paragraphs} paragraphs in {articles} articles (synthetic, seed 1)"))
    rows.append(("machine", f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"))

    for key in encoders:  # load models outside the timed build, as a warm machine would have them
        load_encoder(key)
    if args.stand_in_vectors:
        from benchmarks.stand_in import fill_cache

        args.cached = True
        rows.append(("stand-in paragraph vectors", f"{fill_cache(seeds, index_dir / CACHE_FILE, encoders)} texts "
                                                   "(questions encoded for real; recall is meaningless)"))
    if args.cached and (index_dir / "CURRENT").exists():
        shutil.rmtree(index_dir / "versions")
        (index_dir / "CURRENT").unlink()
    full = build_index(seeds, index_dir, encoders=encoders, full=not args.cached)
    rows.append(("full build" + (" (vectors from cache)" if args.cached else ""),
                 f"{full.seconds:.1f} s, {full.passages / full.seconds:.0f} paragraphs/s overall"))
    for key, seconds in full.encode_seconds.items() if full.embedded.get("use") else ():
        device = full.devices.get(key, "CPU")
        speed = f"{full.embedded[key] / seconds:.0f} texts/s ({full.embedded[key]} texts, on {device})"
        rows.append((f"  encoder {key}", speed))

    unchanged = build_index(seeds, index_dir, encoders=encoders)
    rows.append(("rebuild, nothing changed", f"{unchanged.seconds:.2f} s"))
    lines = corpus.read_text().splitlines()
    record = json.loads(lines[len(lines) // 2])
    record["body"] = record["body"].replace(".", "!", 1)
    lines[len(lines) // 2] = json.dumps(record, ensure_ascii=False)
    corpus.write_text("\n".join(lines) + "\n")
    one = build_index(seeds, index_dir, encoders=encoders)
    rows.append(("rebuild, one article changed", f"{one.seconds:.2f} s (embedded {one.embedded})"))

    version_dir = next(p for p in (index_dir / "versions").iterdir() if p.name == one.version)
    rows.append(("disk per paragraph", f"{_dir_bytes(version_dir) / one.passages:.0f} bytes "
                                       f"(vectors: {(version_dir / 'vectors-use.faiss').stat().st_size / one.passages:.0f})"))

    startup = subprocess.run(
        [sys.executable, "-c", "import time,sys; t=time.perf_counter(); from pathlib import Path; "
         "from index.live import LiveIndex; from bot.answer import Answerer; "
         f"a=Answerer(LiveIndex(Path({str(index_dir)!r}))); a.answer('Wat zei de burgemeester?'); "
         "print(time.perf_counter()-t)"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    rows.append(("start to first answer", f"{float(startup.stdout.strip().splitlines()[-1]):.2f} s (fresh process, "
                                          "imports and model load included)" if startup.returncode == 0
                 else f"failed: {startup.stderr[-300:]}"))

    answerer = Answerer(LiveIndex(index_dir))
    answerer.answer("warm up")
    rows.append(("memory of this process", f"{_rss_bytes() / 2**20:.0f} MiB RSS (models, index, and the build before)"))
    questions = _questions(args.queries)
    single = []
    for question in questions:
        started = time.perf_counter()
        answerer.answer(question)
        single.append(time.perf_counter() - started)
    rows.append(("answer latency, 1 client", _percentiles(single) + " (search, highlight, SQLite reads)"))
    retriever = answerer.live.current()
    search_only = []
    for question in questions:
        started = time.perf_counter()
        retriever.search(question, k=10)
        search_only.append(time.perf_counter() - started)
    rows.append(("search latency, 1 client", _percentiles(search_only) + " (hybrid search alone)"))

    def timed(question: str) -> float:
        started = time.perf_counter()
        answerer.answer(question)
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        concurrent = list(pool.map(timed, questions))
    rows.append(("answer latency, 8 clients", f"{_percentiles(concurrent)}; "
                                              f"{len(questions) / (time.perf_counter() - started):.0f} answers/s"))

    version = retriever.version
    in_use = version.vectors["use"]
    rows.append(("vector index in use", version.manifest.encoders["use"]["vector_index"]))
    # The reference is an exact scan of the unquantised vectors (from the embedding cache) of the live rows.
    live_rows, texts = zip(*version.store.texts())
    cache = EmbeddingCache(index_dir / CACHE_FILE)
    found = cache.get_many("use", version.manifest.encoders["use"]["model"], [text_hash(t) for t in texts])
    cache.close()
    vectors = np.vstack([found[text_hash(t)] for t in texts]).astype(np.float32)
    live_rows = np.array(live_rows)
    use = retriever.encoders["use"]
    query_vectors = use.encode(questions[:100])
    exact_index, _ = build_vector_index(vectors, kind="flat")
    _, exact_positions = exact_index.search(query_vectors, 10)
    exact = live_rows[exact_positions]
    # The index in use, and at a size that gets an exact index, the approximate kind the next size up would get.
    kind = version.manifest.encoders["use"]["vector_index"]
    measured = [(in_use, kind, "the index's own")]
    own_recall = 1.0
    if kind in EXACT_KINDS:
        started = time.perf_counter()
        built, _ = build_vector_index(vectors, kind="ivf-sq8")
        measured.append((built, "ivf-sq8", f"built in {time.perf_counter() - started:.1f} s"))
    for searched, name, origin in measured:
        own = searched is in_use
        found = [search_vectors(searched, q, 10, skip=version.skip_retired if own else None)[1] for q in query_vectors]
        if not own:
            found = [live_rows[f] for f in found]
        recall = np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact, strict=True)])
        if own:
            own_recall = recall
        rows.append((f"{name} recall@10 vs exact float32", f"{recall:.3f} ({describe(searched)}; {origin})"))
    for label, searched in (("exact float32 vector search alone", exact_index),
                            *((f"{name} vector search alone", candidate) for candidate, name, _ in measured)):
        times = []
        for query in query_vectors:
            started = time.perf_counter()
            search_vectors(searched, query, 100)  # as many as the hybrid search asks for
            times.append(time.perf_counter() - started)
        rows.append((label, _percentiles(times)))

    if args.peers:
        exact_texts = [{texts[i] for i in positions} for positions in exact_positions]
        known = {text_hash(t): v for t, v in zip(texts, vectors)}
        rows += _peers(vectors, corpus, use, known, questions, exact_texts, own_recall,
                       lambda q: retriever.search(q, k=10))

    width = max(len(k) for k, _ in rows)
    print(f"\nnewsbot benchmark ({args.paragraphs} paragraphs)")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


def _peers(vectors, corpus, use, known, questions, exact_texts, own_recall,  # type: ignore[no-untyped-def]
           our_search):
    """The same corpus and model through the ways a user might otherwise pick.

    txtai gets the very vectors our index holds (``known``, by text hash; questions are encoded), so its
    build measures indexing, not the encoder, and its recall is comparable with ours. Its inverted file
    is timed at its default number of probed lists and at the fewest (doubling from the default) whose
    recall@10 reaches ``own_recall``, ours: the fastest txtai that is as exact as we are. Each peer's search
    and ours are timed question by question in turn (:func:`_side_by_side`), so that a slower minute on a
    shared machine weighs on both.
    """
    import torch
    from sentence_transformers import util

    from index.cache import text_hash

    def transform(batch):  # type: ignore[no-untyped-def]
        batch = list(batch)
        missing = [t for t in batch if text_hash(t) not in known]
        encoded = dict(zip(missing, use.encode(missing))) if missing else {}
        return np.vstack([known.get(text_hash(t), encoded.get(t)) for t in batch])

    rows = []
    embeddings = torch.from_numpy(vectors)

    def tutorial(question: str) -> None:
        util.semantic_search(torch.from_numpy(use.encode([question])), embeddings, top_k=10)

    rows.append(("peer: st tutorial (semantic_search)", _side_by_side(tutorial, our_search, questions)))
    try:
        from txtai import Embeddings
    except ImportError:
        rows.append(("peer: txtai", "not installed: pip install -e '.[bench]'"))
        return rows
    texts = []
    for line in corpus.read_text().splitlines():
        texts += [p for p in json.loads(line)["body"].split("\n\n")]
    embeddings_db = Embeddings({"method": "external", "transform": transform,
                                "content": True, "hybrid": True, "backend": "faiss"})
    started = time.perf_counter()
    embeddings_db.index([(i, t, None) for i, t in enumerate(texts)])
    rows.append(("peer: txtai hybrid build", f"{len(texts) / (time.perf_counter() - started):.0f} paragraphs/s "
                                             "(our vectors, so indexing only)"))
    dense = Embeddings({"method": "external", "transform": transform, "backend": "faiss"})
    dense.index([(i, t, None) for i, t in enumerate(texts)])
    # txtai's faiss index is IVF: its recall grows with the lists it probes, and so does its latency.
    def probe(nprobe: int) -> None:
        for db in (embeddings_db, dense):
            db.ann.config["faiss"] = {"nprobe": nprobe}

    def dense_recall() -> float:
        found = [{texts[int(r[0])] for r in dense.search(q, 10)} for q in questions[:100]]
        return float(np.mean([len(f & e) / 10 for f, e in zip(found, exact_texts)]))

    backend = dense.ann.backend
    if not hasattr(backend, "nprobe"):  # a flat index: exact, nothing to probe
        rows.append(("peer: txtai hybrid", _side_by_side(lambda q: embeddings_db.search(q, 10), our_search, questions)))
        return rows
    default, lists = dense.ann.nprobe(), backend.nlist
    recalls = {}
    for nprobe in sorted({min(default * 2**i, lists) for i in range(lists.bit_length() + 1)}):
        probe(nprobe)
        recalls[nprobe] = dense_recall()
        if recalls[nprobe] >= own_recall - 1e-9:
            break
    rows.append(("peer: txtai dense recall@10 by lists probed",
                 ", ".join(f"{n} of {lists}: {r:.3f}" for n, r in recalls.items())))
    equal = max(recalls)
    labels = {default: "default", equal: "the fewest lists for our recall" if recalls[equal] >= own_recall - 1e-9
              else "all lists, short of our recall"}
    for nprobe, label in labels.items():
        probe(nprobe)
        rows.append((f"peer: txtai hybrid, nprobe {nprobe} ({label})", f"dense recall@10 {recalls[nprobe]:.3f}; "
                     + _side_by_side(lambda q: embeddings_db.search(q, 10), our_search, questions)))
    return rows


def _side_by_side(peer, ours, questions) -> str:  # type: ignore[no-untyped-def]
    """The peer's latency, and its p50 over ours, both timed on each question in turn (order alternating)."""
    times: dict[str, list[float]] = {"peer": [], "ours": []}
    for i, question in enumerate(questions):
        for name, search in (("peer", peer), ("ours", ours))[:: 1 if i % 2 else -1]:
            started = time.perf_counter()
            search(question)
            times[name].append(time.perf_counter() - started)
    ratio = statistics.median(times["peer"]) / statistics.median(times["ours"])
    return (f"{_percentiles(times['peer'])}; peer/ours (search) p50 = {ratio:.2f} "
            f"(ours p50 {statistics.median(times['ours']) * 1000:.1f} ms alongside)")


if __name__ == "__main__":
    main()
