"""The portal's four roles, and the Django permissions each one holds.

Groups are created by a data migration (``0002_roles``). Another app declares what each
role may do with its own models in ``<app>/roles.py`` as a ``ROLE_PERMISSIONS`` dict of
the same shape, and calls :func:`sync_role_permissions` from a data migration of its own;
this module merges them, so each app states its own rules and nothing imports upwards.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    COORDINATOR = "Координатор ОО", "Координатор ОО"
    IMC = "Специалист ИМЦ", "Специалист ИМЦ"
    HEAD = "Начальник отдела образования", "Начальник отдела образования"
    ADMIN = "Администратор", "Администратор"


ALL = ("view", "add", "change", "delete")
READ = ("view",)


def _perms(app: str, model: str, actions: tuple[str, ...]) -> list[str]:
    return [f"{app}.{action}_{model}" for action in actions]


# The registers' reference lists and the labour-market sources ИМЦ keeps. What a school
# records (every concrete register record model) is found by ``register_records()``, so
# a new register gets its permissions without a line here.
REGISTER_CATALOGS = (
    "direction", "program", "profile", "subject", "diagnosticmethod", "competition",
    "institution", "specialty", "employer", "technoclass", "growthpointcentre",
    "projectorialesson", "ticketstage",
)
LABOUR_MARKET = ("specialistdemand", "targetedtrainingoffer")


def _many(models: tuple[str, ...], actions: tuple[str, ...]) -> list[str]:
    return [perm for model in models for perm in _perms("monitoring", model, actions)]


# What each role may do, as "app_label.codename". Row scoping (which school) is separate:
# see monitoring.querysets.SchoolScopedQuerySet.for_user.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COORDINATOR: [
        *_perms("monitoring", "student", ALL),
        *_perms("monitoring", "enrollment", ALL),
        *_perms("monitoring", "staff", ALL),
        *_perms("monitoring", "school", READ),
        *_many(REGISTER_CATALOGS + LABOUR_MARKET, READ),
        *_perms("monitoring", "submission", READ),
        "monitoring.submit_data",
        *_perms("monitoring", "submissionevent", READ),
    ],
    Role.IMC: [
        *_perms("monitoring", "student", ALL),
        *_perms("monitoring", "enrollment", ALL),
        *_perms("monitoring", "staff", ALL),
        *_perms("monitoring", "school", ("view", "change")),
        *_perms("monitoring", "period", ("view", "change")),
        *_perms("monitoring", "academicyear", READ),
        *_many(REGISTER_CATALOGS + LABOUR_MARKET, ALL),
        *_perms("monitoring", "submission", READ),
        "monitoring.review_data",
        *_perms("monitoring", "submissionevent", READ),
    ],
    Role.HEAD: [
        *_perms("monitoring", "student", READ),
        *_perms("monitoring", "enrollment", READ),
        *_perms("monitoring", "staff", READ),
        *_perms("monitoring", "school", READ),
        *_perms("monitoring", "period", READ),
        *_perms("monitoring", "academicyear", READ),
        *_many(REGISTER_CATALOGS + LABOUR_MARKET, READ),
        *_perms("monitoring", "submission", READ),
        *_perms("monitoring", "submissionevent", READ),
    ],
    # The administrator manages everything through Django admin.
    Role.ADMIN: ["*"],
}


def register_records() -> tuple[str, ...]:
    """The model names of every register's records (events and class sessions too):
    whatever school record model the registers declare, the roles may work with it."""
    from django.apps import apps as installed

    from .registers.base import SchoolRecord

    return tuple(
        model._meta.model_name for model in installed.get_app_config("monitoring").get_models()
        if issubclass(model, SchoolRecord) and not model.__name__.startswith("Historical"))


def register_record_permissions() -> dict[str, list[str]]:
    """A school keeps its register records; ИМЦ may correct them; the head reads them."""
    records = register_records()
    return {Role.COORDINATOR: _many(records, ALL), Role.IMC: _many(records, ALL),
            Role.HEAD: _many(records, READ)}


def all_role_permissions() -> dict[str, list[str]]:
    """ROLE_PERMISSIONS of this module with the register records' permissions, merged with
    those of every other installed app."""
    from importlib import import_module

    from django.apps import apps as installed

    merged = {role: list(perms) for role, perms in ROLE_PERMISSIONS.items()}
    for role, perms in register_record_permissions().items():
        merged[role].extend(perms)
    for app_config in installed.get_app_configs():
        if app_config.name == "monitoring":
            continue
        try:
            module = import_module(f"{app_config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.roles":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            if merged.get(role) != ["*"]:
                merged.setdefault(role, []).extend(perms)
    return merged


def sync_role_permissions(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly the permissions listed above.

    Safe to run from any data migration: it first makes sure every model's permissions
    exist (Django would otherwise create them only after all migrations)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in all_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=str(role))
        if perms == ["*"]:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is not None:  # a model of a later migration: added when it lands
                wanted.append(found)
        group.permissions.set(wanted)
