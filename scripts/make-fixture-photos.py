#!/usr/bin/env python3
"""Draws the fixture photos of fixtures/photos-beside-page.html: simple invented scenes (a harbour
at dusk, a market stall), written as PNG with the standard library only, so the fixtures owe
nothing to any photograph. Each has one bright magenta patch (a flag, a sign) that the browser
test looks for in a screenshot of the report. Run from the repository root; writes
fixtures/photos-beside-page/*.png. Deterministic: the same bytes every run."""

import struct
import zlib
from pathlib import Path

W, H = 360, 240
MAGENTA = (255, 0, 255)


def png(pixels, w, h):
    """PNG bytes of rows of (r, g, b) tuples."""
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def harbour():
    rows = []
    for y in range(H):
        row = []
        for x in range(W):
            if y < 140:  # dusk sky, a low sun
                c = mix((250, 190, 120), (60, 80, 140), y / 140)
                if (x - 250) ** 2 + (y - 120) ** 2 < 22**2:
                    c = (255, 225, 150)
            else:  # water with ripples
                c = mix((40, 70, 110), (15, 30, 55), (y - 140) / 100)
                if (y // 6 + x // 24) % 5 == 0:
                    c = mix(c, (250, 190, 120), 0.25)
            # a boat: hull, mast, and its magenta flag
            if 150 <= y < 168 and 70 + (y - 150) <= x < 190 - (y - 150):
                c = (35, 25, 20)
            if 80 <= y < 150 and 128 <= x < 131:
                c = (35, 25, 20)
            if 80 <= y < 96 and 131 <= x < 155:
                c = MAGENTA
            row.append(c)
        rows.append(row)
    return rows


def market():
    rows = []
    for y in range(H):
        row = []
        for x in range(W):
            c = mix((235, 228, 210), (200, 190, 170), y / H)  # a wall
            if y >= 170:  # the street
                c = (120, 115, 108)
            if 60 <= y < 80 and 40 <= x < 320 and (x // 20) % 2 == 0:  # a striped awning
                c = (200, 60, 50)
            elif 60 <= y < 80 and 40 <= x < 320:
                c = (245, 240, 230)
            if 80 <= y < 170 and (45 <= x < 50 or 310 <= x < 315):  # poles
                c = (90, 70, 50)
            if 140 <= y < 170 and 50 <= x < 310:  # the counter, with fruit
                c = (140, 100, 60)
                if y < 152 and (x // 12) % 3 == 0:
                    c = (240, 160, 30)
                elif y < 152 and (x // 12) % 3 == 1:
                    c = (90, 170, 60)
            if 95 <= y < 125 and 150 <= x < 210:  # the stall's magenta sign
                c = MAGENTA
            row.append(c)
        rows.append(row)
    return rows


def main():
    out = Path("fixtures/photos-beside-page")
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in [("harbour.png", harbour), ("market.png", market)]:
        (out / name).write_bytes(png(draw(), W, H))
        print(out / name)


if __name__ == "__main__":
    main()
