"""«Выводы» drafted from numbers: the sentences a methodologist would write."""

from __future__ import annotations

from reports.notes.conclusions import (
    YEAR_EARLIER,
    GrowthFigure,
    IndicatorFigure,
    change_sentence,
    declines,
    growth_conclusions,
    indicator_conclusions,
    monitoring_summary,
    pending_conclusion,
    register_conclusions,
    roadmap_conclusions,
    schools_sentence,
    training_conclusions,
)
from reports.text import GRADUATES


def test_growth_against_the_previous_half_year():
    assert change_sentence("число обучающихся, охваченных диагностикой", 27, 24) == (
        "Число обучающихся, охваченных диагностикой, увеличилось по сравнению с предыдущим "
        "полугодием на 3 обучающихся (на 12,5 %) и составило 27 обучающихся."
    )


def test_decline_and_no_change_and_no_data():
    assert change_sentence("число участников", 21, 22) == (
        "Число участников уменьшилось по сравнению с предыдущим полугодием на 1 обучающегося "
        "(на 4,5 %) и составило 21 обучающийся.")
    assert change_sentence("число участников", 5, 5) == (
        "Число участников по сравнению с предыдущим полугодием не изменилось и составило "
        "5 обучающихся.")
    assert change_sentence("число участников", 2, None) == (
        "Число участников составило 2 обучающихся; данных за период сравнения нет.")


def test_subject_gender_is_respected():
    assert change_sentence("охват диагностикой", 12, 10, gender="m") == (
        "Охват диагностикой увеличился по сравнению с предыдущим полугодием на 2 обучающихся "
        "(на 20 %) и составил 12 обучающихся.")


def test_register_conclusions_compare_with_the_same_half_year_a_year_earlier():
    # Admissions happen in summer, diagnostics in autumn: the half-year just before is
    # another season, so a register is compared with the same half-year a year earlier.
    sentences = register_conclusions("участников открытых уроков «ПроеКТОриЯ»", 112, 120, 8)
    assert sentences == [
        f"Число участников открытых уроков «ПроеКТОриЯ» уменьшилось {YEAR_EARLIER} на 8 "
        "обучающихся (на 6,7 %) и составило 112 обучающихся.",
        "В том числе с ОВЗ — 8 (7,1 %).",
    ]
    assert register_conclusions("выпускников", 49, 52, forms=GRADUATES)[0].endswith(
        "на 3 выпускника (на 5,8 %) и составило 49 выпускников.")


def test_monitoring_summary_names_each_monitoring_once():
    assert monitoring_summary([("Диагностика", 237, 219), ("Конкурсы", 0, 21),
                               ("Техноклассы", 30, 15), ("Профили", 96, 96),
                               ("Новый реестр", 5, None)]) == [
        f"{YEAR_EARLIER[0].upper()}{YEAR_EARLIER[1:]} число участников выросло по "
        "2 мониторингам («Диагностика», «Техноклассы»), снизилось по 1 («Конкурсы»), "
        "не изменилось по 1 («Профили»)."]
    assert monitoring_summary([]) == []


def test_growth_and_pending_targets():
    assert growth_conclusions([
        GrowthFigure("Охват", 48.2, 45.3, True), GrowthFigure("Конкурсы", 2.4, 2.5, False)]) == [
        "Ежегодное увеличение, которого ожидает дорожная карта, достигнуто по 1 показателю "
        "из 2; не достигнуто по 1: «Конкурсы»."]
    assert pending_conclusion(1, "по итогам учебного года") == [
        "Целевое значение 1 показателя установлено на год и будет оценено по итогам учебного года."]
    assert pending_conclusion(7, "на 31 декабря") == [
        "Целевые значения 7 показателей установлены на год и будут оценены на 31 декабря."]


def test_indicator_targets():
    figures = [
        IndicatorFigure("Охват диагностикой", 45.0, 60.0),
        IndicatorFigure("Доля участников «Билета в будущее»", 71.0, 70.0),
        IndicatorFigure("Доля выпускников, не поступивших никуда", 12.0, 10.0,
                        higher_is_better=False),
        IndicatorFigure("Число соглашений с предприятиями", 4, 5, unit="ед."),
        IndicatorFigure("Без цели", 5.0, None),
    ]
    assert indicator_conclusions(figures) == [
        "Целевые значения достигнуты по 1 показателю из 4.",
        "Не достигнуто целевое значение показателя «Охват диагностикой»: 45 % при целевом 60 %.",
        "Не достигнуто целевое значение показателя «Доля выпускников, не поступивших никуда»: "
        "12 % при целевом 10 %.",
        "Не достигнуто целевое значение показателя «Число соглашений с предприятиями»: "
        "4 ед. при целевом 5 ед.",
    ]
    assert indicator_conclusions([IndicatorFigure("А", 1, 2), IndicatorFigure("Б", 1, 2)])[0] == (
        "Ни по одному из 2 показателей целевое значение не достигнуто.")
    assert indicator_conclusions([IndicatorFigure("А", 3, 2)] * 5)[0] == (
        "Целевые значения достигнуты по 5 показателям из 5.")
    assert indicator_conclusions([]) == []


def test_training_coverage_at_the_boundary():
    assert training_conclusions([("педагогов ОО", 6, 10, 60.0)]) == [
        "Охват обучением педагогов ОО составил 60 % (6 из 10) при целевом значении 60 % — "
        "целевое значение достигнуто."]
    assert training_conclusions([("администрации ОО", 5, 10, 60.0)]) == [
        "Охват обучением администрации ОО составил 50 % (5 из 10) при целевом значении 60 %; "
        "для достижения цели требуется обучение ещё 1 человека."]
    assert training_conclusions([("педагогов ОО", 21, 64, 100.0)])[0].endswith(
        "требуется обучение ещё 43 человек.")
    assert training_conclusions([("педагогов ОО", 43, 64, 100.0)])[0].endswith(
        "требуется обучение ещё 21 человека.")
    assert training_conclusions([("сотрудников отдела", 0, 0, 25.0)]) == []


def test_roadmap_and_schools():
    assert roadmap_conclusions(12, 2) == [
        "В отчётном периоде выполнено 12 мероприятий дорожной карты; просрочено 2 мероприятия, "
        "по ним требуется принять меры."]
    assert roadmap_conclusions(1, 0) == [
        "В отчётном периоде выполнено 1 мероприятие дорожной карты; просроченных мероприятий нет."]
    assert roadmap_conclusions(0, 0) == []
    names = declines({"СОШ № 2": (10, 12), "СОШ № 1": (5, 9), "Гимназия": (7, 7),
                      "ООШ": (3, None)})
    assert names == ["СОШ № 1", "СОШ № 2"]
    assert schools_sentence(names, "снижение числа участников") == (
        "Снижение числа участников отмечается в 2 школах: СОШ № 1, СОШ № 2.")
    assert schools_sentence(["СОШ № 1"], "рост") == "Рост отмечается в 1 школе: СОШ № 1."
    assert schools_sentence([], "рост") is None
