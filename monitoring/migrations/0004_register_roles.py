"""Give the roles the permissions of the registers' models (see monitoring/roles.py)."""

from django.db import migrations

from monitoring.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_registers"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
