"""What each role may do with the roadmap's models (merged by monitoring.roles).

ИМЦ keeps the plan and records its execution; the head reads everything; a coordinator
reads the roadmap (board, measures, executions) and the published documents only — the
querysets in ``roadmap/querysets.py`` narrow which rows.
"""

from __future__ import annotations

from monitoring.roles import ALL, READ, Role

APP = "roadmap"

#: the plan, readable by every role
PLAN_MODELS = ("roadmap", "passport", "section", "measure", "scheduledate", "execution")
#: the department's working records
MUNICIPAL_MODELS = (
    "requireddocument", "meeting", "decision", "decisionaction", "decisionindicator",
    "informationwork", "hotlinequestion", "risk",
)

#: staff training (measure 5.2): kept by ИМЦ, read by the head and by coordinators (whose
#: querysets show their own school's staff only)
TRAINING_MODELS = ("trainingcourse", "trainingparticipation", "trainingplanitem",
                   "trainingtarget")


def _perms(models: tuple[str, ...], actions: tuple[str, ...]) -> list[str]:
    return [f"{APP}.{action}_{model}" for model in models for action in actions]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.IMC: [
        *_perms((*PLAN_MODELS, "document", *MUNICIPAL_MODELS, *TRAINING_MODELS), ALL),
        *_perms(("reminderlog",), READ),
    ],
    Role.HEAD: _perms(
        (*PLAN_MODELS, "document", *MUNICIPAL_MODELS, "reminderlog", *TRAINING_MODELS), READ
    ),
    Role.COORDINATOR: _perms((*PLAN_MODELS, "document", *TRAINING_MODELS), READ),
}
