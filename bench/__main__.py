"""``python -m bench [--size demo|ci|region|tiny] [--runs N] [--only a,b] [--jit on|off]``

Measures the portal's heavy work beside its raw floor on the same data and prints one
table of medians, ratios and query counts (Markdown, ready for the README). The database
of the size is prepared first (bench/_django.py) and ``VACUUM ANALYZE`` is run before anything
is timed: right after seeding, PostgreSQL plans without statistics and flatters queries.

Works (``--only``): dashboard, school, indicators, note, export, import.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from . import _django


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=list(_django.SIZES), default="demo")
    parser.add_argument("--runs", type=int, default=3, help="прогонов каждой работы (медиана)")
    parser.add_argument("--only", default="", help="через запятую: dashboard,school,…")
    parser.add_argument("--database-url", help="база данных для замеров (иначе — по размеру)")
    parser.add_argument("--jit", choices=["on", "off"],
                        help="PostgreSQL JIT на время замеров (по умолчанию — как в настройках портала: выключен, если не задано DATABASE_JIT=1)")
    parser.add_argument("--keep", action="store_true",
                        help="не удалять базу размера tiny после прогона")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    size = _django.SIZES[args.size]
    url = _django.database_url(size, args.database_url)
    if args.jit:
        # libpq passes PGOPTIONS to every connection: this process, and the commands it runs.
        os.environ["PGOPTIONS"] = f"{os.environ.get('PGOPTIONS', '')} -c jit={args.jit}".strip()
        # The portal's own connection option (settings, DATABASE_JIT) would override it.
        os.environ["DATABASE_JIT"] = "1" if args.jit == "on" else "0"
    _django.create_database(url, fresh=size.fresh)
    _django.setup(url)
    from .works import WORKS, World

    chosen = [w.strip() for w in args.only.split(",") if w.strip()] or list(WORKS)
    unknown = set(chosen) - set(WORKS)
    if unknown:
        print(f"Нет таких замеров: {', '.join(sorted(unknown))}. Есть: {', '.join(WORKS)}.")
        return 2
    _django.prepare(size, print)
    _django.analyze()
    world = World()
    print(header(args, size, world))
    rows = []
    for name in chosen:
        started = time.perf_counter()
        result = WORKS[name](world, args.runs)
        rows += result if isinstance(result, list) else [result]
        print(f"  … {name}: {time.perf_counter() - started:.0f} с", file=sys.stderr)
    print(table(rows))
    if size.fresh and not args.keep:
        _django.drop_database(url)
    return 0


def header(args, size, world) -> str:
    from monitoring.models import School
    from monitoring.registers.registry import registry

    records = sum(entry.model.objects.count() for entry in registry)
    return (f"Размер {size.name}: ОО {School.objects.count()}, обучающихся {world.students}, "
            f"записей реестров и списков {records}; {_django.describe_database()}; "
            f"медианы {args.runs} прогонов, каждый в паре с пределом; VACUUM ANALYZE выполнен; "
            f"период панелей {world.span.code}")


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} мс" if value < 1 else f"{value:.2f} с"


def table(rows) -> str:
    lines = ["| работа | портал | запросов | предел | как измерен предел | отношение | примечание |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append(
            f"| {row.work} | {_seconds(row.portal)} | {row.queries if row.queries is not None else '—'} "
            f"| {_seconds(row.floor)} | {row.floor_label or '—'} "
            f"| {f'{row.ratio:.1f}×' if row.ratio else '—'} | {row.note or ''} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
