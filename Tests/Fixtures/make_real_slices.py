"""Cuts the small real-data fixtures in this folder from the public files they come from.

Usage: python3 Tests/Fixtures/make_real_slices.py SOURCE

SOURCE is a folder holding the original distributions, laid out as
  mnist/t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, train-images-idx3-ubyte.gz   (LeCun & Cortes)
  miniboone/maf_normalised_val.npy, maf_normalised_test.npy, raw_data_first1523rows.npy  (MAF preprocessing)
  wine-quality/winequality-red.csv                                                        (UCI, Cortez et al.)
  old-faithful/faithful.csv                                                               (R datasets::faithful)
  digits/digits.csv.gz                                                                    (scikit-learn's optdigits)
Each fixture keeps the source's format byte for byte where it can (same header, same number formatting); gzip
files are re-compressed with mtime 0 so that running the script twice gives the same bytes. Needs NumPy.
See README.md beside this script for what each slice is, its licence and its attribution.
"""
import gzip
import shutil
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def gzip_bytes(data: bytes, path: Path) -> None:
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(data)


def idx_slice(source: Path, target: Path, count: int) -> None:
    """The first `count` items of an IDX file: same magic, the first dimension changed, the items' bytes kept."""
    data = gzip.open(source).read()
    dimensions = data[3]
    header = bytearray(data[: 4 + 4 * dimensions])
    shape = [int.from_bytes(header[4 + 4 * i: 8 + 4 * i], "big") for i in range(dimensions)]
    item = int(np.prod(shape[1:])) if dimensions > 1 else 1
    header[4:8] = count.to_bytes(4, "big")
    gzip_bytes(bytes(header) + data[len(header): len(header) + count * item], target)


def text_head(source: Path, target: Path, rows: int, header: bool) -> None:
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    chosen = b"".join(lines[: rows + (1 if header else 0)])
    if target.suffix == ".gz":
        gzip_bytes(chosen, target)
    else:
        target.write_bytes(chosen)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = Path(sys.argv[1])
    (HERE / "mnist").mkdir(exist_ok=True)
    idx_slice(source / "mnist/t10k-images-idx3-ubyte.gz", HERE / "mnist/t10k-images-idx3-ubyte.gz", 40)
    idx_slice(source / "mnist/t10k-labels-idx1-ubyte.gz", HERE / "mnist/t10k-labels-idx1-ubyte.gz", 40)
    idx_slice(source / "mnist/train-images-idx3-ubyte.gz", HERE / "mnist/train-images-idx3-ubyte.gz", 200)
    (HERE / "miniboone").mkdir(exist_ok=True)
    for name in ["maf_normalised_val", "maf_normalised_test", "raw_data_first1523rows"]:
        rows = np.load(source / f"miniboone/{name}.npy")[:20]
        target = name.replace("first1523rows", "first20rows") + ("_first20rows" if name.startswith("maf") else "")
        np.save(HERE / f"miniboone/{target}.npy", np.ascontiguousarray(rows))
    (HERE / "tables").mkdir(exist_ok=True)
    text_head(source / "wine-quality/winequality-red.csv", HERE / "tables/winequality-red-first200.csv", 200, header=True)
    shutil.copyfile(source / "old-faithful/faithful.csv", HERE / "tables/faithful.csv")
    text_head(source / "digits/digits.csv.gz", HERE / "tables/digits-first200.csv.gz", 200, header=False)


if __name__ == "__main__":
    main()
