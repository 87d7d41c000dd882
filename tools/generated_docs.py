"""The command line every docs generator shares: write what the code gives, or `--check` for drift."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_changed(files: dict[Path, str], write: Callable[[Path, str], None] | None = None) -> None:
    """Write each file whose text differs, saying so."""
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            (write or _write)(path, text)
            print(f"wrote {path.relative_to(ROOT)}")


def main(prog: str, description: str, what: str, *, drift: Callable[[], list[str]], generate: Callable[[], None],
         argv: list[str] | None = None) -> int:
    """`generate()` writes; `--check` prints `drift()` and exits 1 if there is any."""
    parser = argparse.ArgumentParser(prog=f"python -m {prog}", description=description)
    parser.add_argument("--check", action="store_true", help=f"exit 1 when {what} is not what the code gives")
    args = parser.parse_args(argv)
    if args.check:
        problems = drift()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"run `python -m {prog}` (make docs) to regenerate {what}", file=sys.stderr)
        return 1 if problems else 0
    generate()
    return 0


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
