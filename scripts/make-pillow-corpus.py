#!/usr/bin/env python3
"""Fixtures/pillow-corpus/: malformed-but-readable images, each with Pillow's verdict beside it.

Run it through the wrapper, which supplies the pinned Pillow (scripts/requirements-corpus.txt):
    scripts/make-pillow-corpus            write the images, verdicts.json and README.md
    scripts/make-pillow-corpus --check    re-derive the verdicts from the committed images; exit 1 on a difference

What it is for: files whose damage is benign (ancillary chunks, structure libpng/libjpeg call an error but
Pillow reads past) next to controls whose damage is to the image data itself (must stay an error). The C
shim's tests can then check, file by file, "opens iff Pillow opens, and with Pillow's pixels".

Every file is deterministic:
- PNGs are assembled here byte by byte: chunks from make_bad_inputs.py's helpers, and the image data as a
  zlib stream of *stored* deflate blocks written by hand, so no zlib version can change a byte.
- JPEGs are encoded by the pinned Pillow (its bundled libjpeg-turbo), then edited at fixed offsets.
- No timestamps anywhere (no tIME chunk; Pillow writes none in JPEG).

verdicts.json, one entry per file (sorted by name):
  opens          Image.open(name) then im.load() raised nothing (ImageFile.LOAD_TRUNCATED_IMAGES left False)
  error          str() of Pillow's exception if not; exception: its class; failed_at: "open" or "load"
  detail         where Image.open only says "cannot identify image file": the format plugin's own reason
  width, height, mode   from Image.open (also when load then fails); null if open failed
  rgba_sha256    sha256 of im.convert("RGBA").tobytes() after im.load(); null unless opens
  case           one line: what is wrong with the file
  intent         "benign": the damage loses no image information, a lenient decoder may open it;
                 "control": critical damage (or a reference file: "reference")
  pixels_intact  the damage touches no pixel data, so a decoder that opens it must produce exactly the
                 pixels of `source` (and of Pillow, where Pillow opens it)
  source         the undamaged reference file in this folder it was made from (itself for references)
  source_rgba_sha256  Pillow's rgba_sha256 of that source
  lenient        opens / error / rgba_sha256 again with ImageFile.LOAD_TRUNCATED_IMAGES = True (for information:
                 the script asserts that any pixels Pillow gets in either mode equal the source's iff
                 pixels_intact)
"""
import hashlib
import json
import os
import struct
import sys
import warnings
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_bad_inputs import PNG_SIG, encode, jpeg_scan_start, png_chunk  # noqa: E402

import PIL  # noqa: E402
from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "pillow-corpus")
W, H = 32, 24          # PNGs
JW, JH = 64, 48        # JPEGs (a scan long enough that a 60 % cut lands inside it)


# ---------------------------------------------------------------- PNG assembly
def stored_zlib(raw: bytes) -> bytes:
    """A zlib stream of stored (uncompressed) deflate blocks: the same bytes from any zlib."""
    out = bytearray(b"\x78\x01")  # CMF/FLG: deflate, 32 KB window, check bits valid, fastest
    i = 0
    while True:
        block = raw[i:i + 65535]
        i += len(block)
        final = i >= len(raw)
        out += bytes([1 if final else 0]) + struct.pack("<HH", len(block), len(block) ^ 0xFFFF) + block
        if final:
            break
    return bytes(out + struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF))


def ihdr(w, h, depth, ctype, compression=0, filter_method=0, interlace=0, crc=None) -> bytes:
    return png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, compression, filter_method, interlace), crc)


def idat(rows) -> bytes:
    return png_chunk(b"IDAT", stored_zlib(b"".join(b"\x00" + r for r in rows)))  # filter type 0 on every row


IEND = png_chunk(b"IEND", b"")


def bad_crc(chunk: bytes) -> bytes:
    """The same chunk with its CRC's bits inverted (never equal to the right one)."""
    (crc,) = struct.unpack(">I", chunk[-4:])
    return chunk[:-4] + struct.pack(">I", crc ^ 0xFFFFFFFF)


def png(*chunks) -> bytes:
    return PNG_SIG + b"".join(chunks)


# Deterministic, asymmetric patterns (a flip or rotation changes every one of them).
def rgb_px(x, y):
    return (x * 255 // (W - 1), y * 255 // (H - 1), ((x ^ y) * 7) & 255)


def rows_rgb():
    return [bytes(c for x in range(W) for c in rgb_px(x, y)) for y in range(H)]


def rows_rgba():
    return [bytes(c for x in range(W) for c in rgb_px(x, y) + (255 if x < W // 2 else (y * 11 + x) & 255,))
            for y in range(H)]


def gray_px(x, y):
    return (x * 7 + y * 3) & 255


def rows_gray():
    return [bytes(gray_px(x, y) for x in range(W)) for y in range(H)]


def rows_gray_alpha():
    return [bytes(c for x in range(W) for c in (gray_px(x, y), 255 - (x * 5 + y) % 256)) for y in range(H)]


def rows_palette4():
    """4-bit indices 0..15, two per byte, high nibble first."""
    out = []
    for y in range(H):
        idx = [(x // 4 + y // 3) % 16 for x in range(W)]
        out.append(bytes(idx[i] << 4 | idx[i + 1] for i in range(0, W, 2)))
    return out


PALETTE16 = b"".join(bytes((i * 16, 255 - i * 16, (i * 53) & 255)) for i in range(16))
PALETTE256 = PALETTE16 + b"".join(bytes((i, (i * 3) & 255, (i * 7) & 255)) for i in range(16, 256))


# ---------------------------------------------------------------- JPEG helpers
def jpeg_pattern() -> Image.Image:
    im = Image.new("RGB", (JW, JH))
    px = im.load()
    for y in range(JH):
        for x in range(JW):
            px[x, y] = (x * 255 // (JW - 1), y * 255 // (JH - 1), ((x ^ y) * 7) & 255)
    for y in range(4, 14):          # a black block marks the top-left corner
        for x in range(4, 18):
            px[x, y] = (0, 0, 0)
    return im


def jpeg_segments(buf: bytes):
    """(offset, marker) of each marker segment before the first SOS, SOS included."""
    assert buf[:2] == b"\xff\xd8"
    i = 2
    while True:
        assert buf[i] == 0xFF, i
        m = buf[i + 1]
        yield i, m
        if m == 0xDA:
            return
        (n,) = struct.unpack(">H", buf[i + 2:i + 4])
        i += 2 + n


def segment_end(buf: bytes, marker: int) -> int:
    for off, m in jpeg_segments(buf):
        if m == marker:
            (n,) = struct.unpack(">H", buf[off + 2:off + 4])
            return off + 2 + n
    raise ValueError(f"no marker FF{marker:02X}")


# ---------------------------------------------------------------- the cases
def cases():
    """(name, intent, source, pixels_intact, case description, bytes)."""
    rgb, rgba, gray, graya, pal = rows_rgb(), rows_rgba(), rows_gray(), rows_gray_alpha(), rows_palette4()
    ih_rgb = ihdr(W, H, 8, 2)
    text = png_chunk(b"tEXt", b"Comment\x00made by scripts/make-pillow-corpus.py")
    jim = jpeg_pattern()
    jrgb = encode(jim, "JPEG", quality=90, subsampling=2)            # baseline, 4:2:0
    jcmyk = encode(jim.convert("CMYK"), "JPEG", quality=90)          # 4 components, Adobe APP14
    for j in (jrgb, jcmyk):
        assert j[-2:] == b"\xff\xd9"

    c = []
    ref = "reference"

    def add(name, intent, source, intact, desc, data):
        c.append((name, intent, source, intact, desc, data))

    # References: the undamaged sources, so a test can compare a damaged file's decode with its source's.
    add("ref_rgb.png", ref, "ref_rgb.png", True, "valid RGB 8-bit PNG, 32x24", png(ih_rgb, idat(rgb), IEND))
    add("ref_rgba.png", ref, "ref_rgba.png", True, "valid RGBA 8-bit PNG (colour type 6)",
        png(ihdr(W, H, 8, 6), idat(rgba), IEND))
    add("ref_gray.png", ref, "ref_gray.png", True, "valid 8-bit grayscale PNG (colour type 0)",
        png(ihdr(W, H, 8, 0), idat(gray), IEND))
    add("ref_gray_alpha.png", ref, "ref_gray_alpha.png", True, "valid 8-bit gray+alpha PNG (colour type 4)",
        png(ihdr(W, H, 8, 4), idat(graya), IEND))
    add("ref_palette4.png", ref, "ref_palette4.png", True, "valid 4-bit palette PNG, 16 PLTE entries",
        png(ihdr(W, H, 4, 3), png_chunk(b"PLTE", PALETTE16), idat(pal), IEND))
    add("ref_rgb.jpg", ref, "ref_rgb.jpg", True, "valid baseline RGB JPEG (YCbCr 4:2:0, q90), 64x48", jrgb)
    add("ref_cmyk.jpg", ref, "ref_cmyk.jpg", True, "valid CMYK JPEG (Adobe APP14, q90), 64x48", jcmyk)

    # ---- benign PNG damage
    plte = png_chunk(b"PLTE", PALETTE16)
    add("png_plte_duplicate.png", "benign", "ref_palette4.png", True,
        "palette PNG with two (identical) PLTE chunks",
        png(ihdr(W, H, 4, 3), plte, plte, idat(pal), IEND))
    add("png_plte_in_gray.png", "benign", "ref_gray.png", True,
        "PLTE chunk (16 entries) in a grayscale (colour type 0) image",
        png(ihdr(W, H, 8, 0), plte, idat(gray), IEND))
    r, g, b = rgb_px(0, 0)
    add("png_trns_in_rgba.png", "benign", "ref_rgba.png", True,
        "tRNS chunk in an RGBA (colour type 6) image; its key is pixel (0,0)'s RGB",
        png(ihdr(W, H, 8, 6), png_chunk(b"tRNS", struct.pack(">HHH", r, g, b)), idat(rgba), IEND))
    add("png_trns_in_gray_alpha.png", "benign", "ref_gray_alpha.png", True,
        "tRNS chunk in a gray+alpha (colour type 4) image; its key is pixel (0,0)'s gray",
        png(ihdr(W, H, 8, 4), png_chunk(b"tRNS", struct.pack(">H", gray_px(0, 0))), idat(graya), IEND))
    add("png_plte_256_in_4bit.png", "benign", "ref_palette4.png", True,
        "4-bit palette image with 256 PLTE entries (max 16); the first 16 are the reference's",
        png(ihdr(W, H, 4, 3), png_chunk(b"PLTE", PALETTE256), idat(pal), IEND))
    add("png_plte_length_not_multiple_of_3.png", "benign", "ref_palette4.png", True,
        "palette PLTE of 50 bytes: the reference's 16 entries plus 2 stray bytes (length not a multiple of 3)",
        png(ihdr(W, H, 4, 3), png_chunk(b"PLTE", PALETTE16 + b"\x01\x02"), idat(pal), IEND))
    add("png_plte_short.png", "benign", "ref_palette4.png", False,
        "palette PLTE with 8 entries while the pixels use indices 0..15 (colour of 8..15 undefined)",
        png(ihdr(W, H, 4, 3), png_chunk(b"PLTE", PALETTE16[:24]), idat(pal), IEND))
    add("png_ihdr_compression_1.png", "benign", "ref_rgb.png", True,
        "IHDR compression method 1 (only 0 is defined), CRC recomputed; the data is ordinary zlib",
        png(ihdr(W, H, 8, 2, compression=1), idat(rgb), IEND))
    add("png_crc_bad_text_after_idat.png", "benign", "ref_rgb.png", True,
        "tEXt after IDAT with a bad CRC",
        png(ih_rgb, idat(rgb), bad_crc(text), IEND))
    add("png_crc_bad_text_before_idat.png", "benign", "ref_rgb.png", True,
        "tEXt before IDAT with a bad CRC",
        png(ih_rgb, bad_crc(text), idat(rgb), IEND))
    add("png_crc_bad_gama.png", "benign", "ref_rgb.png", True,
        "gAMA (1/2.2) before IDAT with a bad CRC",
        png(ih_rgb, bad_crc(png_chunk(b"gAMA", struct.pack(">I", 45455))), idat(rgb), IEND))
    add("png_crc_bad_phys.png", "benign", "ref_rgb.png", True,
        "pHYs (2835 px/m) before IDAT with a bad CRC",
        png(ih_rgb, bad_crc(png_chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1))), idat(rgb), IEND))
    add("png_text_no_nul.png", "benign", "ref_rgb.png", True,
        "tEXt before IDAT with no NUL after the keyword (keyword and text run together), CRC valid",
        png(ih_rgb, png_chunk(b"tEXt", b"CommentWithoutSeparator"), idat(rgb), IEND))
    add("png_ztxt_bad_zlib.png", "benign", "ref_rgb.png", True,
        "zTXt before IDAT whose compressed text is not valid zlib, CRC valid",
        png(ih_rgb, png_chunk(b"zTXt", b"Comment\x00\x00\x78\x9c" + bytes(range(0x20, 0x40))), idat(rgb), IEND))
    add("png_itxt_malformed.png", "benign", "ref_rgb.png", True,
        "iTXt before IDAT missing its language/translated-keyword separators, CRC valid",
        png(ih_rgb, png_chunk(b"iTXt", b"Comment\x00\x00\x00no language or translated keyword"), idat(rgb),
            IEND))
    add("png_no_iend.png", "benign", "ref_rgb.png", True,
        "IEND chunk missing (file ends right after the complete IDAT)",
        png(ih_rgb, idat(rgb)))

    # ---- benign JPEG damage
    add("jpeg_cmyk_no_eoi.jpg", "benign", "ref_cmyk.jpg", True,
        "CMYK JPEG without its final EOI marker (FF D9); the scan is complete", jcmyk[:-2])
    add("jpeg_rgb_no_eoi.jpg", "benign", "ref_rgb.jpg", True,
        "baseline RGB JPEG without its final EOI marker (FF D9); the scan is complete", jrgb[:-2])
    add("jpeg_soi_then_garbage.jpg", "benign", "ref_rgb.jpg", True,
        "FF D8 then 3 zero bytes before the second marker (file starts FF D8 00, not FF D8 FF)",
        jrgb[:2] + b"\x00\x00\x00" + jrgb[2:])
    app0 = segment_end(jrgb, 0xE0)
    add("jpeg_junk_between_markers.jpg", "benign", "ref_rgb.jpg", True,
        "4 stray bytes (00 11 22 33) between the APP0 segment and the next marker",
        jrgb[:app0] + b"\x00\x11\x22\x33" + jrgb[app0:])

    # ---- controls: critical damage
    data = bytearray(idat(rgb))
    data[8 + 2 + 3] ^= 0xFF  # NLEN of the first stored block no longer complements LEN
    broken = png_chunk(b"IDAT", bytes(data[8:-4]))
    add("control_png_idat_bad_zlib.png", "control", "ref_rgb.png", False,
        "IDAT zlib data corrupt (stored block LEN/NLEN mismatch), CRC recomputed",
        png(ih_rgb, broken, IEND))
    whole = png(ih_rgb, idat(rgb), IEND)
    cut = len(PNG_SIG) + len(ih_rgb) + 8 + (len(idat(rgb)) - 12) // 2
    add("control_png_truncated_mid_idat.png", "control", "ref_rgb.png", False,
        "file cut in the middle of the IDAT data", whole[:cut])
    cut = len(jrgb) * 60 // 100
    assert cut > jpeg_scan_start(jrgb) + 16, "60 % cut must land inside the scan"
    add("control_jpeg_truncated_mid_scan.jpg", "control", "ref_rgb.jpg", False,
        f"baseline RGB JPEG cut at 60 % of the file ({cut} of {len(jrgb)} bytes, inside the scan)", jrgb[:cut])
    add("control_png_crc_bad_ihdr.png", "control", "ref_rgb.png", True,
        "IHDR with a bad CRC (its fields are right, only the CRC is wrong)",
        png(bad_crc(ih_rgb), idat(rgb), IEND))
    add("control_png_crc_bad_idat.png", "control", "ref_rgb.png", True,
        "IDAT with a bad CRC (its data is right, only the CRC is wrong)",
        png(ih_rgb, bad_crc(idat(rgb)), IEND))
    add("control_png_ihdr_filter_1.png", "control", "ref_rgb.png", True,
        "IHDR filter method 1 (only 0 is defined), CRC recomputed; every row uses filter type 0",
        png(ihdr(W, H, 8, 2, filter_method=1), idat(rgb), IEND))
    return c


# ---------------------------------------------------------------- Pillow's verdict
def plugin_detail(name):
    """Image.open hides the plugin's reason behind "cannot identify image file": ask the plugin."""
    with open(name, "rb") as f:
        head = f.read(8)
    plugin = (PngImagePlugin.PngImageFile if head.startswith(PNG_SIG) else
              JpegImagePlugin.JpegImageFile if head.startswith(b"\xff\xd8") else None)
    if plugin is None:
        return None
    try:
        with plugin(name) as im:
            im.load()
    except Exception as e:  # noqa: BLE001 - the reason is what we record
        return f"{plugin.__name__}: {type(e).__name__}: {e}"
    return None


def verdict(name):
    """Pillow's verdict on the file `name` in the current directory (a bare name keeps messages stable)."""
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    v = pillow_read(name)
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        lenient = pillow_read(name)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    v["lenient"] = {k: lenient[k] for k in ("opens", "error", "rgba_sha256")}
    return v


def pillow_read(name):
    v = {"opens": False, "error": None, "exception": None, "failed_at": None,
         "width": None, "height": None, "mode": None, "rgba_sha256": None}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            im = Image.open(name)
        except Exception as e:  # noqa: BLE001
            v.update(error=str(e), exception=type(e).__name__, failed_at="open")
            detail = plugin_detail(name)
            if detail:
                v["detail"] = detail
        else:
            with im:
                v.update(width=im.size[0], height=im.size[1], mode=im.mode)
                try:
                    im.load()
                    rgba = im.convert("RGBA").tobytes()
                except Exception as e:  # noqa: BLE001
                    v.update(error=str(e), exception=type(e).__name__, failed_at="load")
                else:
                    v.update(opens=True, rgba_sha256=hashlib.sha256(rgba).hexdigest())
    if caught:
        v["warnings"] = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    return v


def verdicts(table):
    out = {}
    here = os.getcwd()
    os.chdir(OUT)
    try:
        for name, intent, source, intact, desc, _ in table:
            out[name] = verdict(name)
        for name, intent, source, intact, desc, _ in table:
            e = out[name]
            e.update(case=desc, intent=intent, pixels_intact=intact, source=source,
                     source_rgba_sha256=out[source]["rgba_sha256"])
            # pixels_intact, checked: whichever way Pillow opens the file, intact <=> the source's pixels.
            for got in (e["rgba_sha256"], e["lenient"]["rgba_sha256"]):
                if got is not None:
                    assert (got == e["source_rgba_sha256"]) == intact, (name, intact)
    finally:
        os.chdir(here)
    return dict(sorted(out.items()))


def readme(table, v):
    sizes = {name: len(data) for name, *_, data in table}
    total = sum(sizes.values())
    lines = [
        "# Pillow corpus: malformed-but-readable images, with Pillow's verdict",
        "",
        f"Made by `scripts/make-pillow-corpus` (Pillow {PIL.__version__} from PyPI, pinned in "
        "`scripts/requirements-corpus.txt`, installed by the wrapper into `.build-venv-corpus/`). "
        "Regenerate everything (images, `verdicts.json`, this file) with:",
        "",
        "    scripts/make-pillow-corpus",
        "",
        "and check the committed verdicts against Pillow without rewriting anything with "
        "`scripts/make-pillow-corpus --check`.",
        "",
        f"{len(table)} files, {total:,} bytes. PNGs are {W}x{H}, assembled byte by byte (stored deflate blocks, "
        f"so no zlib version changes them); JPEGs are {JW}x{JH}, encoded by Pillow {PIL.__version__} "
        "(bundled libjpeg-turbo) and edited at fixed offsets. No timestamps: a re-run is byte-identical.",
        "",
        "**opens** = `Image.open(f)` then `im.load()` raise nothing, with Pillow's defaults "
        "(`ImageFile.LOAD_TRUNCATED_IMAGES = False`). **intact** = the damage touches no pixel data, so a "
        "decoder that opens the file must give exactly the pixels of its `ref_*` source (listed per file "
        "in `verdicts.json` with Pillow's RGBA sha256 of both). **intent**: *benign* = a lenient decoder "
        "may open it; *control* = critical-chunk or image-data damage; *reference* = the undamaged sources.",
        "",
        "| file | case | intent | Pillow opens? | intact | bytes | image | Pillow's error |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, intent, source, intact, desc, data in table:
        e = v[name]
        image = f"{e['width']}x{e['height']} {e['mode']}" if e["width"] is not None else "-"
        err = "" if e["opens"] else f"{e['exception']}: {e['error']}" + (f" ({e['detail']})" if e.get("detail") else "")
        lines.append(f"| {name} | {desc} | {intent} | {'yes' if e['opens'] else '**no**'} | "
                     f"{'yes' if intact else 'no'} | {sizes[name]} | {image} | {err.replace('|', '/')} |")
    lines += [
        "",
        "The verdicts can be re-derived with nothing but Pillow (run inside this folder with the pinned "
        "Pillow, e.g. `../../.build-venv-corpus/bin/python`):",
        "",
        "```",
        ONE_LINER,
        "```",
        "",
    ]
    return "\n".join(lines)


ONE_LINER = ('python3 -c "import glob,os; from PIL import Image\n'
             'for f in sorted(glob.glob(\'*.png\')+glob.glob(\'*.jpg\')):\n'
             '    try:\n'
             '        im=Image.open(f); im.load(); r=\'opens %dx%d %s\' % (im.size+(im.mode,))\n'
             '    except Exception as e: r=\'FAILS %s: %s\' % (type(e).__name__, e)\n'
             '    print(f, os.path.getsize(f), r)"')


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        sys.exit(__doc__)
    table = cases()
    names = [t[0] for t in table]
    assert len(set(names)) == len(names)
    if check:
        for name, *_, data in table:
            with open(os.path.join(OUT, name), "rb") as f:
                if f.read() != data:
                    sys.exit(f"{name}: committed bytes differ from what this script makes")
        with open(os.path.join(OUT, "verdicts.json")) as f:
            old = json.load(f)
        new = verdicts(table)
        bad = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        if bad:
            sys.exit("verdicts differ for: " + ", ".join(bad))
        print(f"{len(new)} files: bytes and verdicts match (Pillow {PIL.__version__})")
        return
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):  # drop files of cases that no longer exist
        if f.endswith((".png", ".jpg")) and f not in names:
            os.remove(os.path.join(OUT, f))
    for name, *_, data in table:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    v = verdicts(table)
    with open(os.path.join(OUT, "verdicts.json"), "w") as f:
        json.dump(v, f, indent=1, sort_keys=False)
        f.write("\n")
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(readme(table, v))
    total = sum(len(t[-1]) for t in table)
    assert total < 200_000, total
    for name in names:
        e = v[name]
        print(f"{name:36} {'opens' if e['opens'] else 'FAILS':5} intact={str(dict((t[0], t[3]) for t in table)[name]):5} "
              f"{e['error'] or ''}")
    print(f"wrote {len(table)} files ({total:,} bytes) + verdicts.json + README.md to {os.path.normpath(OUT)} "
          f"with Pillow {PIL.__version__}")


if __name__ == "__main__":
    main(sys.argv)
