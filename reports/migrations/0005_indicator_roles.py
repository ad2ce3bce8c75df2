"""Give the roles their permissions on indicators and targets (see reports/roles.py)."""

from django.db import migrations

from monitoring.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_indicator_target"),
        ("monitoring", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
