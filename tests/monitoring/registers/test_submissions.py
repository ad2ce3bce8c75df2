"""The half-year: the school submits, ИМЦ accepts (and the data is locked) or returns it
with a comment, and may unlock it; every transition is recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from monitoring.models import Period
from monitoring.registers import services
from monitoring.registers.submissions import Submission

from .cases import CASES


def submit(client, school, period, **extra):
    # The current half-year has not ended: submitting it is early, and said so.
    data = {"school": school.pk, "period": period.code, "confirm_early": "1", **extra}
    return client.post(reverse("monitoring:submission_submit"),
                       {k: v for k, v in data.items() if v is not None}, follow=True)


def act(client, submission, action, comment="", early="1"):
    data = {"comment": comment, **({"confirm_early": early} if early else {})}
    return client.post(reverse("monitoring:submission_action", args=[submission.pk, action]),
                       data, follow=True)


@pytest.fixture
def period(db):
    return Period.objects.current()


def test_coordinator_home_shows_what_the_school_owes_for_the_half_year(ctx, client_a, period):
    CASES["diagnostics"].make(ctx, ctx.student, 0)
    page = client_a.get(reverse("home")).content.decode()
    card = page.split(f'id="half-{ctx.school.pk}-{period.code.replace("/", "")}"')[1]
    card = card.split('class="card mb-3 half-year"')[0]
    assert f"Сдача данных: {period}" in card
    assert f"до {period.submission_due:%d.%m.%Y}" in card
    assert "не сдано" in card and "Сдать данные" in card
    assert "4. Охват профориентационной диагностикой" in card
    assert "нет записей" in card  # e.g. register 2 has nothing this half-year
    assert "Подтверждаю" in card


def test_submitting_with_empty_registers_needs_a_confirmation(ctx, client_a, coordinator_a, period):
    refused = submit(client_a, ctx.school, period).content.decode()
    assert "В реестрах нет записей за полугодие" in refused
    assert not Submission.objects.filter(state="submitted").exists()
    done = submit(client_a, ctx.school, period, confirm_missing="1", comment="Всё внесено")
    assert f"Данные ОО «{ctx.school}» за {period} сданы в ИМЦ" in done.content.decode()
    submission = Submission.objects.get(school=ctx.school, period=period)
    assert submission.state == "submitted" and submission.submitted_at
    event = submission.events.get()
    assert event.user == coordinator_a and (event.from_state, event.to_state) == ("draft", "submitted")
    assert event.comment.startswith("нет записей в реестрах") and "Всё внесено" in event.comment


def test_imc_sees_every_schools_state_and_accepts_which_locks_the_data(
        ctx, client_a, client_imc, imc, period):
    record = CASES["diagnostics"].make(ctx, ctx.student, 0)
    submit(client_a, ctx.school, period, confirm_missing="1")
    overview = client_imc.get(reverse("monitoring:submission_list") + f"?period={period.code}")
    rows = overview.content.decode().split('id="submissions"')[1]
    school_a_row = rows.split(f'id="school-{ctx.school.pk}"')[1].split("</tr>")[0]
    school_b_row = rows.split(f'id="school-{ctx.other.pk}"')[1].split("</tr>")[0]
    assert "сдано" in school_a_row and "Принять" in school_a_row
    assert "не сдано" in school_b_row

    submission = Submission.objects.get(school=ctx.school, period=period)
    accepted = act(client_imc, submission, "accept").content.decode()
    assert "приняты и закрыты для изменений" in accepted
    submission.refresh_from_db()
    assert submission.state == "accepted" and submission.decided_at
    assert submission.events.first().user == imc

    refused = client_a.post(reverse("monitoring:register_edit", args=["diagnostics", record.pk]),
                            {"student": ctx.student.pk, "date": ctx.day, "method": ctx.method.pk,
                             "comment": "после приёмки"}, follow=True)
    assert "приняты ИМЦ и закрыты для изменений" in refused.content.decode()
    record.refresh_from_db()
    assert record.comment == ""
    home = client_a.get(reverse("home")).content.decode()
    assert "Данные приняты ИМЦ" in home


def test_imc_returns_with_a_comment_and_the_school_submits_again(ctx, client_a, client_imc, period):
    submit(client_a, ctx.school, period, confirm_missing="1")
    submission = Submission.objects.get(school=ctx.school, period=period)
    without = act(client_imc, submission, "return").content.decode()
    assert "Напишите комментарий: что ОО нужно исправить" in without
    act(client_imc, submission, "return", "Нет данных о диагностике 8 классов")
    submission.refresh_from_db()
    assert submission.state == "returned"
    home = client_a.get(reverse("home")).content.decode()
    assert "возвращено с комментарием" in home and "Нет данных о диагностике 8 классов" in home
    submit(client_a, ctx.school, period, confirm_missing="1")
    submission.refresh_from_db()
    assert submission.state == "submitted"
    assert [e.to_state for e in submission.events.order_by("at", "pk")] == [
        "submitted", "returned", "submitted"]


def test_imc_unlocks_an_accepted_half_year(ctx, client_a, client_imc, period):
    record = CASES["diagnostics"].make(ctx, ctx.student, 0)
    submit(client_a, ctx.school, period, confirm_missing="1")
    submission = Submission.objects.get(school=ctx.school, period=period)
    act(client_imc, submission, "accept")
    act(client_imc, submission, "unlock", "Школа исправит дату")
    submission.refresh_from_db()
    assert submission.state == "returned" and submission.comment == "Школа исправит дату"
    edited = client_a.post(reverse("monitoring:register_edit", args=["diagnostics", record.pk]),
                           {"student": ctx.student.pk, "date": ctx.day, "method": ctx.method.pk,
                            "comment": "исправлено"})
    assert edited.status_code == 302
    detail = client_a.get(submission.get_absolute_url()).content.decode()
    history = detail.split('id="submission-history"')[1]
    for action in ("сдано ОО", "принято ИМЦ, данные закрыты", "блокировка снята ИМЦ"):
        assert action in history
    assert "Школа исправит дату" in history and "Imc" in history


def test_transitions_out_of_order_are_refused(ctx, client_a, client_imc, period):
    submission = Submission.objects.create(school=ctx.school, period=period)
    assert "Принять можно только сданные данные" in act(client_imc, submission, "accept").content.decode()
    assert "Снять блокировку можно только" in act(client_imc, submission, "unlock").content.decode()
    submit(client_a, ctx.school, period, confirm_missing="1")
    again = submit(client_a, ctx.school, period, confirm_missing="1").content.decode()
    assert "уже сданы и ждут проверки ИМЦ" in again
    submission.refresh_from_db()
    assert submission.events.count() == 1


def test_only_imc_accepts_and_other_schools_see_nothing(ctx, client_a, client_b, client_head, period):
    submit(client_a, ctx.school, period, confirm_missing="1")
    submission = Submission.objects.get(school=ctx.school, period=period)
    for client in (client_a, client_head):
        assert client.post(reverse("monitoring:submission_action",
                                   args=[submission.pk, "accept"])).status_code == 403
    assert client_b.get(submission.get_absolute_url()).status_code == 404
    for action in ("accept", "return", "unlock"):
        url = reverse("monitoring:submission_action", args=[submission.pk, action])
        assert client_b.post(url).status_code == 404
    assert submit(client_b, ctx.school, period).status_code == 404  # not B's school
    assert client_head.get(submission.get_absolute_url()).status_code == 200
    submission.refresh_from_db()
    assert submission.state == "submitted"


def test_the_overview_counts_each_register_in_fixed_queries(ctx, client_imc, period,
                                                            django_assert_max_num_queries):
    url = reverse("monitoring:submission_list") + f"?period={period.code}"
    with django_assert_max_num_queries(40) as few:
        client_imc.get(url)
    for n in range(5):
        from monitoring.models import School

        School.objects.create(municipality=ctx.school.municipality, code=f"x{n}", name=f"X{n}",
                              short_name=f"X{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_imc.get(url)


def test_municipal_home_summarises_the_half_year_under_review(ctx, client_imc):
    page = client_imc.get(reverse("home")).content.decode()
    period = services.review_period()
    summary = page.split('id="review-summary"')[1].split("</section>")[0]
    assert f"{period} · срок" in summary and "не сдано: 2" in summary


def test_imc_is_told_to_unlock_and_admissions_are_owed_in_summer(ctx, client_imc):
    from monitoring.models import Period
    from monitoring.registers.registry import registry

    record = CASES["diagnostics"].make(ctx, ctx.student, 0)
    from .conftest import lock

    lock(ctx.school)
    page = client_imc.get(record.get_absolute_url()).content.decode()
    assert "снимите блокировку на странице «Сдача данных»" in page
    admissions = registry.get("admissions")
    year = Period.objects.current().academic_year
    first, second = sorted(year.periods.all(), key=lambda p: p.half)
    assert not admissions.owed_by(ctx.school, first) and admissions.owed_by(ctx.school, second)


def test_a_september_program_answers_for_the_whole_year(ctx):
    from monitoring.models import Period

    year = Period.objects.current().academic_year
    first, second = sorted(year.periods.all(), key=lambda p: p.half)
    CASES["additional-education"].make(ctx, ctx.student, 0).__class__.objects.update(
        date=first.starts_on, period=first, academic_year=year)
    counts = {c.register.slug: c.records
              for c in services.half_years([ctx.school], second)[0].counts}
    assert counts["additional-education"] == 1  # yearly: the I half-year's record counts
    assert counts["diagnostics"] == 0


def test_a_half_year_that_has_not_ended_is_submitted_and_accepted_only_on_purpose(
        ctx, client_a, client_imc, coordinator_a, period):
    card = client_a.get(reverse("home")).content.decode()
    assert f"Сдаю досрочно: полугодие длится до {period.ends_on:%d.%m.%Y}" in card
    refused = submit(client_a, ctx.school, period, confirm_missing="1", confirm_early=None)
    assert f"ещё не закончилось (оно длится до {period.ends_on:%d.%m.%Y})" in refused.content.decode()
    assert not Submission.objects.filter(state=Submission.State.SUBMITTED).exists()

    submit(client_a, ctx.school, period, confirm_missing="1")
    submission = Submission.objects.get(school=ctx.school, period=period)
    page = client_imc.get(submission.get_absolute_url()).content.decode()
    assert "Принять досрочно" in page
    warned = act(client_imc, submission, "accept", early="").content.decode()
    assert "записи ОО, датированные до конца полугодия, внести будет нельзя" in warned
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED  # not locked by a slip of the mouse
    act(client_imc, submission, "accept")
    submission.refresh_from_db()
    assert submission.state == Submission.State.ACCEPTED


def test_a_past_half_year_needs_no_early_confirmation(ctx, coordinator_a, imc):
    past = Period.objects.current().previous()
    submission = services.submit(ctx.school, past, coordinator_a, confirm_missing=True)
    assert services.accept(submission, imc).state == Submission.State.ACCEPTED


def test_the_counts_a_home_page_shows_follow_every_new_record(ctx):
    # Kept in the cache between home pages, they are counted again once the data changes.
    period = Period.objects.current()

    def diagnostics() -> int:
        return {c.register.slug: c.records
                for c in services.half_years([ctx.school], period)[0].counts}["diagnostics"]

    before = diagnostics()
    assert diagnostics() == before
    record = CASES["diagnostics"].make(ctx, ctx.student, 0)
    record.__class__.objects.filter(pk=record.pk).update(date=period.starts_on, period=period)
    assert diagnostics() == before + 1
    record.delete()
    assert diagnostics() == before
