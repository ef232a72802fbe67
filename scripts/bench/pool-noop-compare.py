#!/usr/bin/env python3
"""Python's side of scripts/bench/bench-pool: ProcessPoolExecutor.map of a no-op, as /work/shared/bench/pool_noop.py's
"warm, chunksize 1" case (the pool is started before the clock starts; one task per round trip).

usage: pool-noop-compare.py [--workers 2] [--tasks 20000]
prints one line: tasks=N workers=W seconds=S jobs_per_s=R python=VERSION start_method=M
"""
import argparse
import multiprocessing as mp
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def noop(x):
    return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--tasks", type=int, default=20000)
    a = ap.parse_args()
    ctx = mp.get_context()
    with ProcessPoolExecutor(max_workers=a.workers, mp_context=ctx) as ex:
        list(ex.map(noop, range(a.workers * 4)))  # start every worker
        t0 = time.perf_counter()
        r = list(ex.map(noop, range(a.tasks), chunksize=1))
        dt = time.perf_counter() - t0
    assert r == list(range(a.tasks))
    print(f"tasks={a.tasks} workers={a.workers} seconds={dt:.4f} jobs_per_s={a.tasks / dt:.0f} "
          f"python={sys.version.split()[0]} start_method={mp.get_start_method()}")


if __name__ == "__main__":
    main()
