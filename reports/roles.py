"""What each role may do with the reports app's models (merged by monitoring.roles)."""

ROLE_PERMISSIONS = {
    "Специалист ИМЦ": [
        "reports.view_indicator", "reports.change_indicator",
        "reports.view_target", "reports.add_target", "reports.change_target",
        "reports.delete_target",
    ],
    "Начальник отдела образования": ["reports.view_indicator", "reports.view_target"],
    "Координатор ОО": ["reports.view_indicator", "reports.view_target"],
}
