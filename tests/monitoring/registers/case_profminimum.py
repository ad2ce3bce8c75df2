"""The cases of register 11 «Профминимум» and its list of the schools' levels."""

from __future__ import annotations

import datetime as dt

from monitoring.registers.profminimum import ProfminimumHours, ProfminimumLevel

from .cases import Case, _school


def _year_start(ctx, n: int) -> dt.date:
    """1 September of the n-th academic year back: one level per school and year."""
    start = ctx.today.year if ctx.today.month >= 9 else ctx.today.year - 1
    return dt.date(start - n, 9, 1)


CASES = {
    "profminimum": Case(
        form=lambda c: {"date": c.day, "direction": "horizons", "hours": 1,
                        "activity": "«Россия — мои горизонты»: Россия индустриальная"},
        make=lambda c, s, n: ProfminimumHours.objects.create(**_school(
            c, student=s, date=c.today, direction="trials", hours=2, activity=f"Профпроба {n}")),
        row=lambda c: {"Дата": c.day, "Направление": "внеурочная деятельность",
                       "Часов": "1", "Занятие, мероприятие": "«Россия — мои горизонты»"},
        bad_reference=("Направление", "самообразование"),
        edit=("hours", 2),
    ),
    "profminimum-levels": Case(
        form=lambda c: {"date": c.day, "level": "main", "order": "№ 112-од"},
        make=lambda c, s, n: ProfminimumLevel.objects.create(**_school(
            c, date=_year_start(c, n), level="basic")),
        row=lambda c: {"Дата": c.day, "Уровень": "основной", "Приказ ОО": "№ 112-од"},
        bad_reference=("Уровень", "высший"),
        edit=("level", "advanced"),
        vary=lambda c, n: {"Дата": _year_start(c, n).strftime("%d.%m.%Y")},
        day=_year_start,
    ),
}
