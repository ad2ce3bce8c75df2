"""Give the roles their permissions on the reports app's models (reports/roles.py)."""

from django.db import migrations

from monitoring.roles import sync_role_permissions


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_approval_and_recommendations"),
        ("monitoring", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
