"""Writes small files in the CIFAR-10 binary format (Krizhevsky 2009), with made-up pixels, for the reader tests.

CIFAR-10 states no licence, so the tests use no real CIFAR-10 image: these records follow the format exactly (one
label byte, then the 1,024 red, 1,024 green and 1,024 blue bytes of a 32 x 32 image in row order, 3,073 bytes per
record, no header) and their pixels are a fixed pattern that differs from channel to channel, so that a reader that
mixed up planes, rows or records would fail. Standard library only; prints the figures the tests check.

Usage: python3 Tests/Fixtures/cifar10-generated/make_fixture.py
"""
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent


def pixel(image: int, channel: int, position: int) -> int:
    return (image * 31 + channel * 85 + position * 7 + (position // 32) * 3) % 256


def label(image: int) -> int:
    return (image * 3 + 6) % 10


def records(first: int, count: int) -> bytes:
    out = bytearray()
    for n in range(first, first + count):
        out.append(label(n))
        out.extend(pixel(n, c, p) for c in range(3) for p in range(1024))
    return bytes(out)


def npy_uint8(values: list) -> bytes:
    """A NumPy .npy v1.0 file of a 1-D uint8 array, header padded to 64 bytes as NumPy does."""
    header = "{'descr': '|u1', 'fortran_order': False, 'shape': (%d,), }" % len(values)
    header += " " * (64 - 10 - len(header) - 1) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + bytes(values)


def main() -> None:
    train, test = 10, 3
    (HERE / "train.bin").write_bytes(records(0, train))
    (HERE / "test.bin").write_bytes(records(train, test))
    (HERE / "train_labels.npy").write_bytes(npy_uint8([label(n) for n in range(train)]))
    total = sum(pixel(n, c, p) for n in range(train) for c in range(3) for p in range(1024))
    print("train pixel sum", total)
    print("image 0 red[0:3]", [pixel(0, 0, p) for p in range(3)], "green[0:3]", [pixel(0, 1, p) for p in range(3)])
    print("train labels", [label(n) for n in range(train)])


if __name__ == "__main__":
    main()
