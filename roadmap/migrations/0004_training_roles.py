"""Permissions of the roles on the staff-training models (see roadmap/roles.py)."""

from django.db import migrations

from monitoring.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0003_training")]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
