"""Size of the built bundle: ``python packaging/bundle_info.py [dist/年报助手] [--zip OUT.zip]``.

Prints the onedir size and the size of the bundle zipped (deflate, level 6), in MiB.  Used by
packaging/build.sh, .ci/bundle-smoke.sh and bench/bench_bundle.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "年报助手"
MIB = 1024 * 1024


def bundle_dir(root: Path = ROOT) -> Path:
    return root / "dist" / APP_NAME


def dir_size(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            p = Path(dirpath) / name
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def zip_bundle(path: Path, out: Path) -> int:
    """Zip the bundle folder (with the folder name as the top entry); returns the zip's size."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for dirpath, _dirs, files in os.walk(path):
            for name in sorted(files):
                p = Path(dirpath) / name
                zf.write(p, p.relative_to(path.parent).as_posix())
    return out.stat().st_size


def sizes(path: Path, zip_out: Path | None = None) -> dict[str, float]:
    onedir = dir_size(path)
    if zip_out is None:
        with tempfile.TemporaryDirectory() as tmp:
            zipped = zip_bundle(path, Path(tmp) / "bundle.zip")
    else:
        zipped = zip_bundle(path, zip_out)
    return {"onedir_mib": round(onedir / MIB, 1), "zip_mib": round(zipped / MIB, 1)}


def main(argv: list[str]) -> int:
    args = list(argv)
    zip_out: Path | None = None
    if "--zip" in args:
        i = args.index("--zip")
        zip_out = Path(args[i + 1])
        del args[i : i + 2]
    path = Path(args[0]) if args else bundle_dir()
    if not path.is_dir():
        print(f"找不到打包结果：{path}", file=sys.stderr)
        return 2
    s = sizes(path, zip_out)
    print(f"bundle {path}: onedir {s['onedir_mib']} MiB, zipped {s['zip_mib']} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
