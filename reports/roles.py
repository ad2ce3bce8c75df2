"""What each role may do with the reports app's models (merged by
``monitoring.roles.sync_role_permissions``; rows are scoped separately by ``for_user``)."""

from __future__ import annotations

from monitoring.roles import ALL, READ, Role, _perms

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # A coordinator requests notes of own school, reads the recommendations addressed to it
    # and marks them acknowledged / done.
    Role.COORDINATOR: [
        *_perms("reports", "indicator", READ),
        *_perms("reports", "target", READ),
        *_perms("reports", "reportjob", ("view", "add")),
        *_perms("reports", "reportfile", READ),
        *_perms("reports", "recommendation", READ),
        *_perms("reports", "recommendationack", ("view", "add", "change")),
    ],
    # ИМЦ builds every document, approves notes for parents, writes and publishes
    # recommendations.
    Role.IMC: [
        *_perms("reports", "indicator", ("view", "change")),
        *_perms("reports", "target", ALL),
        *_perms("reports", "reportjob", ALL),
        *_perms("reports", "reportfile", READ),
        *_perms("reports", "recommendation", ALL),
        *_perms("reports", "recommendationack", READ),
        # «Закрыть учебный год»: the closure and its frozen values are never edited.
        *_perms("reports", "yearclosure", ("view", "add")),
        *_perms("reports", "indicatorsnapshot", READ),
    ],
    # The head reads everything and downloads the notes ИМЦ (or the schedule) built; the
    # head's role is read-only: ordering and restarting jobs is ИМЦ's.
    Role.HEAD: [
        *_perms("reports", "indicator", READ),
        *_perms("reports", "target", READ),
        *_perms("reports", "reportjob", READ),
        *_perms("reports", "reportfile", READ),
        *_perms("reports", "recommendation", READ),
        *_perms("reports", "recommendationack", READ),
        *_perms("reports", "yearclosure", READ),
        *_perms("reports", "indicatorsnapshot", READ),
    ],
}
