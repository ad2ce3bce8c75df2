"""Report jobs as an outbox with a worker lease; the head reads jobs but no longer orders
or restarts them (roles re-synced from reports/roles.py)."""

from django.db import migrations, models

from monitoring.roles import sync_role_permissions


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0005_indicator_roles'),
    ]

    operations = [
        migrations.AddField(
            model_name='reportjob',
            name='lease_expires_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='аренда до'),
        ),
        migrations.AddField(
            model_name='reportjob',
            name='lease_owner',
            field=models.CharField(blank=True, max_length=200, verbose_name='построитель'),
        ),
        migrations.AddField(
            model_name='reportjob',
            name='published_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='передано построителю'),
        ),
        migrations.RunPython(sync_role_permissions, migrations.RunPython.noop),
    ]
