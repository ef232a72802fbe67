#!/usr/bin/env python3
"""augment side by side with every peer of ../shared/bench on the same corpus, in one run (scripts/bench/bench-peers).

Reuses shared/bench/run_peers.py (interleaved rounds, rotating order, os.sync() between runs, medians,
GNU time's peak RSS) and adds augment's own peers:
  augment-1w / augment-2w        the seed job (rotate=45, flip=h; JPEG q90 4:2:0 as Pillow's quality=90)
  augment-q75-2w                 the same at quality 75, next to pillow-q75-2w (the recipe exactly as written)
  augment-random-2w              rotate=-15..15,resample=bilinear + flip=h,p=0.5, next to pillow-random-2w
and, with --workers-sweep, augment-Nw for N = 1..max.
usage: bench-peers.py CORPUS OUTDIR --augment BIN --floor BIN [--native BIN] [--reps N] [--sets ...] [--peers ...]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("AUGMENT_SHARED_BENCH", os.path.join(HERE, "..", "..", "..", "shared", "bench"))
sys.path.insert(0, SHARED)
import run_peers  # noqa: E402


def augment_peers(binary, max_workers):
    seed = "--op rotate=45 --op flip=h"
    rnd = "--op rotate=-15..15,resample=bilinear --op flip=h,p=0.5 --seed 1"
    extra = f"{sys.executable} {HERE}/peer-pillow-extra.py"
    peers = {
        "augment-1w": ("augment, the seed job, -j 1", None, f"{binary} . -o {{out}} {seed} -j 1 -q", {}),
        "augment-2w": ("augment, the seed job, -j 2", None, f"{binary} . -o {{out}} {seed} -j 2 -q", {}),
        "augment-q75-2w": ("augment, the seed job at JPEG quality 75, -j 2", ("jpeg", "large", "small"),
                           f"{binary} . -o {{out}} {seed} -j 2 -q --quality 75", {}),
        "pillow-q75-2w": ("the recipe exactly as written (save() defaults: JPEG quality 75), 2 workers",
                          ("jpeg", "large", "small"), f"{extra} recipe-q75 . {{out}} --workers 2", {}),
        "augment-random-2w": ("augment, rotate=-15..15,resample=bilinear + flip=h,p=0.5, -j 2", None,
                              f"{binary} . -o {{out}} {rnd} -j 2 -q", {}),
        "pillow-random-2w": ("Pillow, rotate(uniform(-15,15), BILINEAR) + flip p=0.5, 2 workers", None,
                             f"{extra} random . {{out}} --workers 2", {}),
    }
    for n in range(3, max_workers + 1):
        peers[f"augment-{n}w"] = (f"augment, the seed job, -j {n}", None, f"{binary} . -o {{out}} {seed} -j {n} -q", {})
    return peers


def main():
    args = sys.argv[1:]
    binary = None
    max_workers = 2
    if "--augment" in args:
        i = args.index("--augment")
        binary = os.path.abspath(args[i + 1])
        del args[i:i + 2]
    if "--max-workers" in args:
        i = args.index("--max-workers")
        max_workers = int(args[i + 1])
        del args[i:i + 2]
    if not binary:
        sys.exit("bench-peers.py: --augment BIN is required")
    original = run_peers.peers

    def peers(py, floor, native=None):
        p = original(py, floor, native)
        p.update(augment_peers(binary, max_workers))
        return p

    run_peers.peers = peers
    sys.argv = [sys.argv[0]] + args
    run_peers.main()


if __name__ == "__main__":
    main()
