"""Run every benchmark in bench/: each module with a ``main()`` function, in name order.

``python -m bench`` runs them all; ``python -m bench import_register`` runs the named ones.
They use the configured database (DATABASE_URL, SQLite by default) through a separate test
database that is created and dropped around the run, so real data is never touched."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
    chosen = argv or names
    unknown = set(chosen) - set(names)
    if unknown:
        print(f"Нет таких бенчмарков: {', '.join(sorted(unknown))}. Есть: {', '.join(names)}.")
        return 2
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        if hasattr(module, "main"):
            module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
