"""Meta-tests: a register that is added without its registry entry, test case, URLs or
permissions fails here, before it can reach a school."""

from __future__ import annotations

from django.apps import apps
from django.urls import URLPattern, get_resolver

from monitoring.registers.base import MunicipalRecord, SchoolRecord
from monitoring.registers.registry import registry
from monitoring.roles import Role, all_role_permissions

from .cases import CASES


def record_models() -> set[type]:
    return {
        model for model in apps.get_app_config("monitoring").get_models()
        if issubclass(model, SchoolRecord | MunicipalRecord)
        and not model.__name__.startswith("Historical")
    }


def test_every_record_model_is_in_the_registry():
    assert record_models() == {entry.model for entry in registry}


def test_every_registry_entry_has_a_test_case():
    missing = {entry.slug for entry in registry} - set(CASES)
    assert not missing, f"add a Case to tests/monitoring/registers/cases.py for: {missing}"
    assert set(CASES) <= {entry.slug for entry in registry}


def test_the_registers_are_numbered_one_by_one_from_one():
    # The roadmap's ten (passport item 5) come first; a register added later takes the
    # next number.
    numbers = [entry.number for entry in registry.registers()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 10
    for entry in registry:
        assert entry.parent is None or registry.get(entry.parent).is_register


def test_every_register_url_with_an_id_is_covered_by_the_scoping_tests():
    # test_register_views.test_another_schools_coordinator_finds_nothing_on_any_url walks
    # these three for every register; a new URL of this shape must be added there.
    names = set()
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "monitoring":
            continue
        for sub in pattern.url_patterns:
            if isinstance(sub, URLPattern) and "<slug:slug>/<int:pk>" in str(sub.pattern):
                names.add(sub.name)
    assert names == {"register_detail", "register_edit", "register_delete"}


def test_every_role_has_the_permissions_of_every_register():
    ROLE_PERMISSIONS = all_role_permissions()
    for entry in registry:
        name = entry.model._meta.model_name
        for role in (Role.COORDINATOR, Role.IMC, Role.HEAD):
            assert f"monitoring.view_{name}" in ROLE_PERMISSIONS[role], (role, name)
        keeper = Role.COORDINATOR if entry.school_scoped else Role.IMC
        for action in ("add", "change", "delete"):
            assert f"monitoring.{action}_{name}" in ROLE_PERMISSIONS[keeper], (keeper, name)
            assert f"monitoring.{action}_{name}" not in ROLE_PERMISSIONS[Role.HEAD]
        if not entry.school_scoped:
            assert f"monitoring.add_{name}" not in ROLE_PERMISSIONS[Role.COORDINATOR]


def test_groups_in_the_database_hold_the_register_permissions(db):
    from django.contrib.auth.models import Group

    coordinator = Group.objects.get(name=str(Role.COORDINATOR))
    codenames = set(coordinator.permissions.values_list("codename", flat=True))
    assert {"add_diagnostic", "submit_data", "view_specialistdemand"} <= codenames
    assert "review_data" not in codenames
    imc = set(Group.objects.get(name=str(Role.IMC)).permissions.values_list("codename", flat=True))
    assert {"review_data", "add_specialistdemand", "change_employer"} <= imc


def test_every_resource_column_names_a_field_or_a_path_of_the_model():
    for entry in registry:
        resource = entry.resource(user=None)
        for column in resource.columns():
            first = column.attribute.split("__")[0]
            assert first in {f.name for f in entry.model._meta.get_fields()} or hasattr(
                entry.model, first), (entry.slug, column.attribute)
