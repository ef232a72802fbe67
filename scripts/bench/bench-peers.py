#!/usr/bin/env python3
"""augment side by side with every peer of ../shared/bench on the same corpus, in one run (scripts/bench/bench-peers).

Reuses shared/bench/run_peers.py (interleaved rounds, rotating order, os.sync() between runs, medians,
GNU time's peak RSS) and adds augment's own peers:
  augment-1w / augment-2w        the seed job (rotate=45, flip=h; JPEG q90 4:2:0 as Pillow's quality=90)
  augment-q75-2w                 the same at quality 75, next to pillow-q75-2w (the recipe exactly as written)
  augment-random-2w              rotate=-15..15,resample=bilinear + flip=h,p=0.5, next to pillow-random-2w
and, with --workers-sweep, augment-Nw for N = 1..max.
With --codecbench BIN, the seed job's own codec floor follows the table (seed_floor).
usage: bench-peers.py CORPUS OUTDIR --augment BIN --floor BIN [--native BIN] [--codecbench BIN] [--reps N] [--sets ...]
       [--peers ...]
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
    codecbench = None
    if "--codecbench" in args:
        i = args.index("--codecbench")
        codecbench = os.path.abspath(args[i + 1])
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
    if codecbench:
        seed_floor(args[0], args[1], codecbench)


def speed_against(a, b):
    """Peer a's speed against b's (b's median wall / a's; > 1: a is faster), or "level" where their min-max ranges
    overlap: a claim of faster or slower must hold on the medians of one run with the ranges apart."""
    ratio = b["wall_med"] / a["wall_med"]
    if a["wall_min"] <= b["wall_max"] and b["wall_min"] <= a["wall_max"]:
        return f"level ({ratio:.2f}x on medians, ranges overlap)"
    return f"{ratio:.2f}x"


def seed_floor(corpus, outdir, codecbench, reps=3):
    """The seed job's own codec floor, measured after the peers in the same run: `CodecBench --job` decodes each
    input, rotates it (timed apart) and encodes the rotated output, one process; decode + encode + write is the floor
    (the rotated output is 27% fill, cheaper to encode than the input that floor-Np re-encodes). Prints and appends to
    results.md, per set: microseconds per image for each phase (medians of `reps`), the ideal wall of 2 processes
    (N x floor / 2), and augment-2w, floor-2p and native-2p against it."""
    import json
    import re
    import shutil
    import statistics
    import subprocess
    summary = json.load(open(os.path.join(outdir, "results.json"))).get("summary", [])
    rows = {(r["set"], r["peer"]): r for r in summary if not r.get("failed")}
    cpu = subprocess.run("lscpu | sed -n 's/^Model name: *//p' | head -1", shell=True, capture_output=True,
                         text=True).stdout.strip()
    lines = ["", f"### The seed job's codec floor, same run (CPU: {cpu})", "",
             "`CodecBench --job`: one process, per image: decode the input, rotate=45 + flip=h (timed apart, not "
             "part of the floor), encode the rotated output (JPEG q90 4:2:0), write it; medians of "
             f"{reps} passes. seed floor = decode + encode + write; ideal 2p = N x seed floor / 2 (no parallel "
             "overhead at all). augment-2w vs ideal 2p and vs floor-2p: the fraction of that throughput augment reaches.", "",
             "| set | N | decode us | rotate us | encode us | write us | seed floor us | ideal 2p s | floor-2p s "
             "| native-2p s | augment-1w s | augment-2w s | augment-2w vs ideal 2p | augment-2w vs floor-2p "
             "| augment-2w speed vs native-2p | augment-1w per image us (rest: pool, parent, rename) |",
             "|" + "---|" * 16]
    for s in ("jpeg", "small"):
        d = os.path.join(corpus, s)
        if not os.path.isdir(d) or (s, "augment-2w") not in rows or (s, "floor-2p") not in rows:
            continue
        phases = {"total": [], "decode": [], "transform": [], "encode": [], "write": []}
        for _ in range(reps):
            out = os.path.join(outdir, "seed-floor", s)
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            os.sync()
            text = subprocess.run([codecbench, d, "--job", out], capture_output=True, text=True, check=True).stdout
            for k in phases:
                phases[k].append(float(re.search(rf"{k} ([0-9.]+)", text).group(1)))
        med = {k: statistics.median(v) for k, v in phases.items()}
        n = rows[(s, "augment-2w")]["n"]
        floor_us = med["decode"] + med["encode"] + med["write"]
        ideal = n * floor_us / 2 / 1e6
        a2, a1 = rows[(s, "augment-2w")], rows.get((s, "augment-1w"))
        f2, n2 = rows[(s, "floor-2p")], rows.get((s, "native-2p"))

        def wall(r):
            return f"{r['wall_med']:.2f} ({r['wall_min']:.2f}-{r['wall_max']:.2f})" if r else "-"
        per_image = (f"{a1['wall_med'] / n * 1e6:.0f} (rest {a1['wall_med'] / n * 1e6 - med['total']:.0f})"
                     if a1 else "-")
        lines.append(
            f"| {s} | {n} | {med['decode']:.1f} | {med['transform']:.1f} | {med['encode']:.1f} | {med['write']:.1f} "
            f"| {floor_us:.1f} | {ideal:.2f} | {wall(f2)} | {wall(n2)} | {wall(a1)} | {wall(a2)} "
            f"| {ideal / a2['wall_med'] * 100:.0f}% | {f2['wall_med'] / a2['wall_med'] * 100:.0f}% "
            f"| {speed_against(a2, n2) if n2 else '-'} | {per_image} |")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(outdir, "results.md"), "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
