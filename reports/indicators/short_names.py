"""Short names of the indicators for narrow places — the columns of the schools ×
indicators table and the categories of a chart — where the passport's full name would
be cut to «Охват обучающихся профориентационной ра…». The full name stays in the
tooltip and the legend. A test checks every indicator of the catalogue has one."""

SHORT_NAMES: dict[str, str] = {
    "unique_reach": "Охват профориентацией",
    "employer_events_share": "Мероприятия с предприятиями",
    "competitions_share": "Конкурсы, конференции",
    "skills_competitions": "Конкурсы профмастерства",
    "competition_winners": "Победители и призёры",
    "diagnostics_share": "Диагностика",
    "additional_education_share": "Доп. образование",
    "profile_study_share": "Профильное обучение",
    "technoclass_share": "Техноклассы",
    "growth_point_share": "«Точка роста»",
    "growth_point_schools": "ОО с «Точкой роста»",
    "ticket_share": "«Билет в будущее»",
    "projectoria_share": "«ПроеКТОриЯ»",
    "projectoria_views": "«ПроеКТОриЯ»: участия",
    "admitted": "Поступили в СПО и ВО",
    "admitted_ovz": "Поступили, с ОВЗ",
    "admitted_by_profile": "Поступили по профилю",
    "admitted_targeted": "Целевое обучение",
    "admitted_in_region": "Учатся в области",
    "graduates_completed": "Завершили обучение",
    "graduates_employed": "Трудоустроены",
    "graduates_returned": "Вернулись в район",
    "agreements": "Договоры",
    "joint_events": "Совместные мероприятия",
    "normative_documents": "Нормативная база",
    "measures_on_time": "Выполнено в срок",
    "parents_informed": "Информирование родителей",
    "training_department": "Обучение: отдел образования",
    "training_school_admin": "Обучение: администрация ОО",
    "training_teacher": "Обучение: педагоги",
}
