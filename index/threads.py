"""Thread pools that hand the cores back soon after their work is done.

A question goes through OpenBLAS (the USE encoder, numpy) and OpenMP (FAISS's inverted-file scan) in
turn, each on both cores. By default their idle threads keep spinning after a call (OpenMP's until its
next region, OpenBLAS's for ~0.1 s), so the next call finds its cores busy. Measured at 100,000
paragraphs on 2 cores (README "Performance"): OpenMP threads that sleep took the search p50 from ~20 to
~15 ms; OpenBLAS threads that spin ~1.5 ms instead of ~0.1 s took it to ~13 ms. Shorter OpenBLAS spins
(2**4 to 2**17 cycles) halved the answers per second with 8 clients, so 2**22 it is.

Both runtimes read these settings once, when they load, so this module runs before numpy and faiss
are imported (``index/__init__.py`` imports it first); a value set in the environment wins.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "22")  # 2**22 cycles
