#!/usr/bin/env python3
"""Reference pixel checksums for the codec tests: Fixtures/codec-refs.json.

Usage: python3 scripts/make-codec-refs.py   (needs Pillow 13.0.0 and pypng; run once, output committed)

For every PngSuite and JPEG fixture, the sha256 of the pixels as augment's decoder must produce them:
row-major, samples interleaved, 16-bit samples little-endian, layout gray/gray+alpha/RGB/RGBA.
- Pillow is the reference wherever it keeps the information ("pillow").
- Where Pillow cannot (16-bit colour, which Pillow reduces to 8 bits) or departs from the PNG
  specification (a 1/2/4-bit gray tRNS key left unscaled against scaled pixels: tbbn0g04; the tRNS key
  of 16-bit gray ignored: tbwn0g16), pypng's spec-following decode is the reference ("pypng").
- JPEG: Pillow's libjpeg-turbo decode; CMYK is converted to RGB with Pillow's own formula.
Files that must fail (PngSuite x*, 12-bit JPEG) are listed with "error": true.
"""
import hashlib
import json
import os
import sys

import png as pypng
from PIL import Image

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures")
SPEC_DEPARTURES = {"tbbn0g04.png", "tbwn0g16.png"}


def pypng_pixels(path):
    r = pypng.Reader(filename=path)
    r.preamble()
    r.sbit = None  # libpng does not apply sBIT unless asked; neither do we
    w, h, rows, info = r.asDirect()
    depth = info["bitdepth"]
    planes = info["planes"]
    out = bytearray()
    for row in rows:
        if depth < 8:  # scale sub-8-bit gray (and its alpha) to 8 bits, as libpng's expand_gray_1_2_4_to_8
            out += bytes(v * 255 // ((1 << depth) - 1) for v in row)
        elif depth == 16:
            for v in row:
                out += int(v).to_bytes(2, "little")
        else:
            out += bytes(row)
    return w, h, planes, 16 if depth == 16 else 8, bytes(out)


def pillow_pixels(path):
    im = Image.open(path)
    im.load()
    mode = im.mode
    if mode == "CMYK":
        im = im.convert("RGB")
    elif mode == "P" or mode == "PA":
        im = im.convert("RGBA" if "transparency" in im.info or mode == "PA" else "RGB")
    elif mode == "1":
        im = im.convert("L")
    elif mode in ("I;16", "I;16B", "I"):
        return None  # 16-bit gray: pypng is used
    elif mode in ("L", "LA", "RGB", "RGBA"):
        if "transparency" in im.info and mode in ("L", "RGB"):
            im = im.convert("LA" if mode == "L" else "RGBA")
    else:
        return None
    planes = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4}[im.mode]
    return im.width, im.height, planes, 8, im.tobytes()


def entry(w, h, planes, depth, data, source):
    return {"width": w, "height": h, "channels": planes, "depth": depth, "sha256": hashlib.sha256(data).hexdigest(),
            "reference": source}


def main():
    refs = {}
    for name in sorted(os.listdir(os.path.join(ROOT, "pngsuite"))):
        if not name.endswith(".png"):
            continue
        path = os.path.join(ROOT, "pngsuite", name)
        key = "pngsuite/" + name
        if name.startswith("x"):
            refs[key] = {"error": True}
            continue
        spec = pypng_pixels(path)
        sixteen_color = spec[3] == 16 and spec[2] >= 3
        pil = None if (name in SPEC_DEPARTURES or sixteen_color) else pillow_pixels(path)
        if pil is not None and pil[3] == spec[3] and pil[2] == spec[2]:
            if pil[4] != spec[4]:
                print(f"note: {name}: Pillow and pypng differ; using Pillow", file=sys.stderr)
            refs[key] = entry(*pil, "pillow")
        else:
            refs[key] = entry(*spec, "pypng")
    jdir = os.path.join(ROOT, "jpeg")
    names = sorted(n for n in os.listdir(jdir) if n.endswith(".jpg"))
    names += ["exif_orientation_small/" + n for n in sorted(os.listdir(os.path.join(jdir, "exif_orientation_small")))]
    for name in names:
        path = os.path.join(jdir, name)
        key = "jpeg/" + name
        try:
            refs[key] = entry(*pillow_pixels(path), "pillow")
        except Exception as e:  # 12-bit JPEG: the system libjpeg must refuse it too
            refs[key] = {"error": True, "pillow": str(e)}
    with open(os.path.join(ROOT, "codec-refs.json"), "w") as f:
        json.dump(refs, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(refs)} references written")


if __name__ == "__main__":
    main()
