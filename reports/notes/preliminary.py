"""The pre-conference note: the II half-year's data as of an agreed day before it ends.

The August conference meets before the II half-year's data are due (period ends 31 August,
submissions by 10 September), so the department agrees a cut — by default 15 August
(``PRECONFERENCE_NOTE_DAY``, дд.мм). The note counts only what is dated up to that day, so
it can be rebuilt with the same figures, and says «предварительные данные» on its face."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings

from ..indicators.scope import Span


def preconference_cutoff(period_code: str) -> dt.date:
    """The agreed day of the II half-year «2022/2023-2»: 15.08.2023 by default."""
    day, month = (int(part) for part in settings.PRECONFERENCE_NOTE_DAY.split("."))
    end_year = int(period_code[5:9])
    return dt.date(end_year, month, day)


def cut(span: Span, as_of: dt.date | None) -> Span:
    """The span up to ``as_of`` (unchanged when None or when the span ends earlier)."""
    if as_of is None or as_of >= span.end:
        return span
    return dataclasses.replace(span, end=max(as_of, span.start))


def marking(as_of: dt.date | None) -> str:
    return f"Предварительные данные на {as_of:%d.%m.%Y}" if as_of else ""
