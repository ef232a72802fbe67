#!/usr/bin/env python3
"""Writes the decompression-bomb fixtures of Fixtures/bad/ used by Tests/AugmentCLITests/HardeningTests.swift.

bomb_png_12000x12000_1bit.png  144 Mpixel (under Pillow's 178 Mpixel default limit), all black, 1-bit gray:
                               ~18 KB of file for 144 MB of decoded 8-bit pixels (8000:1).
bomb_png_4000x4000_1bit.png    16 Mpixel, the same construction: a bomb that is allowed and decoded (~2 KB).
"""
import os
import struct
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "bad")


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb(path: str, width: int, height: int) -> None:
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter None, all-zero 1-bit samples
    z = zlib.compressobj(9)
    parts = [z.compress(row) for _ in range(height)]
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)
    print(f"{os.path.basename(path)}: {len(data)} bytes for {width}x{height}")


bomb(os.path.join(HERE, "bomb_png_12000x12000_1bit.png"), 12000, 12000)
bomb(os.path.join(HERE, "bomb_png_4000x4000_1bit.png"), 4000, 4000)
