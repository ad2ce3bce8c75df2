"""The roadmap's permissions for the four roles (see roadmap/roles.py)."""

from django.db import migrations

from monitoring.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0001_initial"),
        ("monitoring", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
