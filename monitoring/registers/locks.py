"""Which half-years are closed for a school: the one question every write path asks.

Forms, the delete view, Excel imports, mass entry and the command all call these before
changing a record, so an accepted half-year cannot be changed by any of them."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Period, School


def locked_pairs(school_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(school id, period id) of every accepted half-year of these schools, in one query."""
    from .submissions import Submission

    return set(
        Submission.objects.filter(school_id__in=list(school_ids),
                                  state=Submission.State.ACCEPTED)
        .values_list("school_id", "period_id")
    )


def is_locked(school_id: int, period_id: int) -> bool:
    from .submissions import Submission

    return Submission.objects.filter(
        school_id=school_id, period_id=period_id, state=Submission.State.ACCEPTED
    ).exists()


def lock_reason(school: School | str, period: Period | str, user=None) -> str:
    if user is not None and user.has_perm("monitoring.review_data"):
        remedy = "чтобы изменить их, снимите блокировку на странице «Сдача данных»"
    else:
        remedy = "чтобы исправить их, обратитесь в ИМЦ — специалист снимет блокировку"
    return f"данные ОО «{school}» за {period} приняты ИМЦ и закрыты для изменений; {remedy}"


def lock_message(school: School | str, period: Period | str, user=None) -> str:
    reason = lock_reason(school, period, user)
    return reason[:1].upper() + reason[1:] + "."
