#!/usr/bin/env python3
"""Pillow + ProcessPoolExecutor peers that shared/bench does not have, driven exactly like its peer_py.py:

  peer-pillow-extra.py recipe-q75 INDIR OUTDIR [--workers N]
      the seed recipe exactly as the source documents write it: rotate(45), FLIP_LEFT_RIGHT,
      save() with Pillow's defaults (JPEG quality 75)
  peer-pillow-extra.py random INDIR OUTDIR [--workers N] [--quality Q]
      the random pipeline augment's benchmark also runs: rotate(uniform(-15, 15), BILINEAR),
      then FLIP_LEFT_RIGHT with probability 0.5; seeded per image (random.Random(name))
"""
import argparse
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor

from PIL import Image

MODE = None
QUALITY = 90


def job(src, dst):
    im = Image.open(src)
    if MODE == "recipe-q75":
        out = im.rotate(45).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        out.save(dst)
    else:
        rng = random.Random(os.path.basename(src))
        out = im.rotate(rng.uniform(-15, 15), resample=Image.Resampling.BILINEAR)
        if rng.random() < 0.5:
            out = out.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        if dst.lower().endswith((".jpg", ".jpeg")):
            out.save(dst, quality=QUALITY)
        else:
            out.save(dst)
    return out.size


def main():
    global MODE, QUALITY
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["recipe-q75", "random"])
    ap.add_argument("indir")
    ap.add_argument("outdir")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--quality", type=int, default=90)
    a = ap.parse_args()
    MODE, QUALITY = a.mode, a.quality
    names = sorted(n for n in os.listdir(a.indir) if n.lower().endswith((".jpg", ".jpeg", ".png")))
    os.makedirs(a.outdir, exist_ok=True)
    srcs = [os.path.join(a.indir, n) for n in names]
    dsts = [os.path.join(a.outdir, n) for n in names]
    with ProcessPoolExecutor(max_workers=a.workers) as ex:
        for _ in ex.map(job, srcs, dsts):
            pass


if __name__ == "__main__":
    sys.exit(main())
