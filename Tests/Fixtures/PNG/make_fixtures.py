"""Writes the PNG fixtures of Tests/DatasetsTests/PNGDecoderTests.swift with nothing but zlib and struct (an encoder
independent of ours), and the expected pixels of the two third-party files beside them.

  python3 make_fixtures.py      (run in this folder)

Good files: every 8-bit colour type, 5 rows each so that each row uses another filter type (0 none, 1 sub, 2 up,
3 average, 4 Paeth); pixel value of channel c at (x, y) = (71c + 31y + 17x + 5xy) mod 256; the palette image has
index (x + 2y) mod 7 and entry i = (40i, 255 - 30i, 5i^2) mod 256. rgb-split.png holds its data in two IDAT chunks
with a tEXt chunk before them. Broken files: 16-bit samples, Adam7 interlacing, a damaged CRC, a truncated file.

Third-party files (decoded by `decode` below into planar channel-by-row-by-column bytes, *.chw):
  git-logo.png    gitweb's logo (git, GPL-2.0), 72 x 27, 8-bit palette, written by another encoder
  sphinx-file.png Sphinx's file icon (Python documentation, BSD), 16 x 16, 8-bit RGBA
"""
import struct
import zlib

COLOUR_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filtered(rows, bpp):
    out = b""
    previous = bytes(len(rows[0]))
    for y, row in enumerate(rows):
        kind = y % 5
        line = bytearray()
        for i, value in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            prediction = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            line.append((value - prediction) % 256)
        out += bytes([kind]) + bytes(line)
        previous = row
    return out


def png(width, height, colour, rows, bit_depth=8, interlace=0, palette=None, split=False):
    bpp = COLOUR_CHANNELS[colour]
    data = zlib.compress(filtered(rows, bpp), 9)
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, interlace))
    if palette is not None:
        body += chunk(b"PLTE", bytes(palette))
    if split:
        body += chunk(b"tEXt", b"Comment\x00two IDAT chunks") + chunk(b"IDAT", data[:7]) + chunk(b"IDAT", data[7:])
    else:
        body += chunk(b"IDAT", data)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


def value(c, y, x):
    return (71 * c + 31 * y + 17 * x + 5 * x * y) % 256


def direct_rows(width, height, channels):
    return [bytes(value(c, y, x) for x in range(width) for c in range(channels)) for y in range(height)]


def decode(data):
    """Planar pixels of an 8-bit, non-interlaced PNG (a reference decoder for the third-party files)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, palette = 8, b"", None
    while True:
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        offset += 12 + length
    bpp = COLOUR_CHANNELS[colour]
    raw, stride, rows = zlib.decompress(idat), width * bpp, []
    previous = bytes(stride)
    for y in range(height):
        kind, line, row = raw[y * (stride + 1)], raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)], bytearray()
        for i, v in enumerate(line):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            row.append((v + [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]) % 256)
        rows.append(bytes(row))
        previous = row
    if colour == 3:
        channels = 3
        pixel = lambda y, x, c: palette[3 * rows[y][x] + c]
    else:
        channels = bpp
        pixel = lambda y, x, c: rows[y][x * bpp + c]
    return bytes(pixel(y, x, c) for c in range(channels) for y in range(height) for x in range(width))


def main():
    files = {
        "gray.png": png(7, 5, 0, direct_rows(7, 5, 1)),
        "gray-alpha.png": png(6, 5, 4, direct_rows(6, 5, 2)),
        "rgb.png": png(5, 5, 2, direct_rows(5, 5, 3)),
        "rgba.png": png(4, 5, 6, direct_rows(4, 5, 4)),
        "rgb-split.png": png(5, 5, 2, direct_rows(5, 5, 3), split=True),
        "palette.png": png(6, 5, 3, [bytes((x + 2 * y) % 7 for x in range(6)) for y in range(5)],
                           palette=[v % 256 for i in range(7) for v in (40 * i, 255 - 30 * i, 5 * i * i)]),
        "broken-16-bit.png": png(2, 2, 0, [bytes(4)] * 2, bit_depth=16),
        "broken-interlaced.png": png(3, 3, 0, direct_rows(3, 3, 1), interlace=1),
    }
    good = files["rgb.png"]
    damaged = bytearray(good)
    damaged[-20] ^= 0x40  # inside the IDAT data, so its CRC no longer matches
    files["broken-crc.png"] = bytes(damaged)
    files["broken-truncated.png"] = good[:60]
    for name, data in files.items():
        with open(name, "wb") as f:
            f.write(data)
    for name in ("git-logo.png", "sphinx-file.png", "rgb.png", "palette.png"):
        pixels = decode(open(name, "rb").read())
        if name in ("rgb.png", "palette.png"):
            continue  # decoded only to check `decode` against the formula (below)
        with open(name.replace(".png", ".chw"), "wb") as f:
            f.write(pixels)
    assert decode(files["rgb.png"]) == bytes(value(c, y, x) for c in range(3) for y in range(5) for x in range(5))


if __name__ == "__main__":
    main()
