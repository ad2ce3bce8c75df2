"""What a register adds to its monitoring section, beyond the table of people by school.

The half-year note and the yearly report give every register of the registry the same
section (people by school, ОВЗ, the same season a year earlier). A register that has more
to say — the lessons watched by whole classes, the hours of профминимум — says it in a
module of this package named after its slug (``proektoria`` → ``proektoria.py``,
``ticket-to-future`` → ``ticket_to_future.py``) with two functions:

``note_part(section, span, year_ago, schools)``  adds tables and sentences to the
    half-year note's :class:`~reports.notes.data.MonitoringSection`;
``yearly_part(part, span, schools)``  the same for the yearly report's
    :class:`~reports.yearly.MonitoringYear`;
``INDICATORS``  the indicator codes the yearly report judges the monitoring by.

The note and the report look the module up by the slug, so a new register's words need
no change to either."""

from __future__ import annotations

import importlib
from types import ModuleType


def part_of(slug: str) -> ModuleType | None:
    """The register's own module, or None when it has nothing more to say."""
    try:
        return importlib.import_module(f"{__name__}.{slug.replace('-', '_')}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{slug.replace('-', '_')}":
            raise
        return None
