"""USE's build-time encoding (paragraph and sentence vectors) on the CPU and, where torch sees one, on a GPU.

    python -m benchmarks.encoding --paragraphs 5000

Prints texts per second for each and the largest difference between their vectors. A build picks the
GPU by itself (index/build.py); this isolates the encoder's share of a build, the part the GPU takes.
"""

from __future__ import annotations

import argparse
import time

import index  # noqa: F401 - before numpy loads: it sets how BLAS threads wait (index/threads.py)
import numpy as np

from benchmarks.synthetic import articles
from index.encoders import UniversalSentenceEncoder, gpu
from index.sentence_vectors import SentenceVectorEncoder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=5_000)
    parser.add_argument("--device", default=None, help="a torch device to compare with the CPU (default: the GPU "
                                                       "torch sees, if any)")
    args = parser.parse_args()
    texts = [p for article in articles(args.paragraphs, seed=1) for p in article["body"].split("\n\n")]
    encoder = UniversalSentenceEncoder()
    device = args.device or gpu()
    runs = [None] + ([device] if device else [])
    results = {}
    for where in runs:
        if not encoder.build_on(where):
            print(f"{where}: not usable (see the warning above)")
            continue
        with_sentences = SentenceVectorEncoder(encoder)
        with_sentences.encode(texts[:200])  # the token table's first rows, and the device's start
        started = time.perf_counter()
        results[where] = with_sentences.encode(texts)
        seconds = time.perf_counter() - started
        sentences = sum(len(v) for v in results[where][1])
        print(f"{f'{where} (torch)' if where else 'CPU (numpy)'}: {len(texts) / seconds:.0f} paragraphs/s "
              f"({len(texts)} paragraphs and {sentences} sentences in {seconds:.1f} s)")
    if len(results) == 2:
        (cpu, cpu_sentences), (other, other_sentences) = results.values()
        worst = max(float(np.abs(cpu - other).max()),
                    max(float(np.abs(a - b).max(initial=0)) for a, b in zip(cpu_sentences, other_sentences)))
        print(f"largest difference between the CPU's vectors and {device}'s: {worst:.2e}")
    elif not device:
        print("no GPU seen by torch: CPU only")


if __name__ == "__main__":
    main()
