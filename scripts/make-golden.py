#!/usr/bin/env python3
"""Generate the Pillow golden fixtures for Tests/AugmentTests/GoldenTests.swift.

usage: scripts/make-golden.py [--out Fixtures/golden]

Small deterministic random images (37x23, and 16x16 for the square fast paths) in modes L, LA, RGB, RGBA
(8-bit) and I;16 (16-bit gray, little-endian), each transformed by Pillow 13 with every `Image.transpose`
method and a set of `Image.rotate` calls (angles, resample filters, expand, fillcolor, center). For each
input `NAME`: `NAME.in.bin` (raw samples, row-major, interleaved), `NAME.out.bin` (every output
concatenated) and an entry in `manifest.json` with each case's parameters, byte offset and size. Raw bytes
so the tests need no image decoder. Run it again only to regenerate; the files are committed.
"""
import argparse
import json
import os

import numpy as np
import PIL
from PIL import Image

T = Image.Transpose
R = Image.Resampling
TRANSPOSES = {
    "flipLeftRight": T.FLIP_LEFT_RIGHT, "flipTopBottom": T.FLIP_TOP_BOTTOM, "rotate90": T.ROTATE_90,
    "rotate180": T.ROTATE_180, "rotate270": T.ROTATE_270, "transpose": T.TRANSPOSE, "transverse": T.TRANSVERSE,
}
RESAMPLE = {"nearest": R.NEAREST, "bilinear": R.BILINEAR, "bicubic": R.BICUBIC}


def make_input(mode, w, h, rng):
    if mode == "I;16":
        a = rng.integers(0, 65536, size=(h, w), dtype=np.uint16)
        return Image.frombytes("I;16", (w, h), a.astype("<u2").tobytes()), 1, 16
    bands = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4}[mode]
    a = rng.integers(0, 256, size=(h, w, bands), dtype=np.uint8)
    if mode in ("LA", "RGBA"):
        # alpha with plenty of 0 and 255 as well as partial values
        alpha = rng.choice(np.array([0, 1, 17, 128, 200, 254, 255], dtype=np.uint8), size=(h, w))
        mask = rng.random((h, w)) < 0.3
        alpha[mask] = rng.integers(0, 256, size=int(mask.sum()), dtype=np.uint8)
        a[:, :, -1] = alpha
    return Image.frombytes(mode, (w, h), a.tobytes()), bands, 8


def rotate_cases(mode, square):
    cases = []
    resamples = ["nearest"] if mode == "I;16" else ["nearest", "bilinear", "bicubic"]
    angles = [45, -30, 12.3456, 90, 270, 180, 200.5, 0.001, 359.999, 135]
    for rs in resamples:
        for ang in angles:
            cases.append({"degrees": ang, "resample": rs, "expand": False})
        for ang in [45, 12.3456, 90, 300]:
            cases.append({"degrees": ang, "resample": rs, "expand": True})
    fill = {"L": [77], "LA": [77, 200], "RGB": [10, 20, 30], "RGBA": [10, 20, 30, 128], "I;16": [77]}[mode]
    for rs in resamples:
        cases.append({"degrees": 33, "resample": rs, "expand": False, "fill": fill})
    cases.append({"degrees": 25, "resample": "nearest", "expand": False, "center": [5.0, 7.5]})
    cases.append({"degrees": 180, "resample": "nearest", "expand": False, "center": [10.0, 4.0]})
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Fixtures", "golden"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(20261122)
    manifest = {"pillow": PIL.__version__, "inputs": []}
    for mode in ["L", "LA", "RGB", "RGBA", "I;16"]:
        for (w, h) in [(37, 23), (16, 16)]:
            if (w, h) == (16, 16) and mode not in ("RGB", "L"):
                continue
            im, bands, depth = make_input(mode, w, h, rng)
            name = f"{mode.replace(';', '')}-{w}x{h}".lower()
            with open(os.path.join(a.out, name + ".in.bin"), "wb") as f:
                f.write(im.tobytes())
            out = bytearray()
            cases = []

            def add(case, res):
                data = res.tobytes()
                if res.mode == "I;16" or res.mode == "I;16L":
                    data = np.frombuffer(data, dtype="<u2").astype("<u2").tobytes()
                case.update({"offset": len(out), "width": res.width, "height": res.height})
                out.extend(data)
                cases.append(case)

            for tname, t in TRANSPOSES.items():
                add({"kind": "transpose", "method": tname}, im.transpose(t))
            for c in rotate_cases(mode, w == h):
                kw = {"resample": RESAMPLE[c["resample"]], "expand": c["expand"]}
                if "fill" in c:
                    f = c["fill"]
                    kw["fillcolor"] = f[0] if len(f) == 1 else tuple(f)
                if "center" in c:
                    kw["center"] = tuple(c["center"])
                res = im.rotate(c["degrees"], **kw)
                add(dict(kind="rotate", **c), res)
            with open(os.path.join(a.out, name + ".out.bin"), "wb") as f:
                f.write(out)
            manifest["inputs"].append({"name": name, "mode": mode, "width": w, "height": h, "channels": bands,
                                       "depth": depth, "cases": cases})
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    total = sum(os.path.getsize(os.path.join(a.out, n)) for n in os.listdir(a.out))
    print(f"wrote {len(manifest['inputs'])} inputs to {a.out}, {total} bytes")


if __name__ == "__main__":
    main()
