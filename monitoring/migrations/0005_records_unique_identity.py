"""Every register and list gets its identity as a unique rule in the database.

Records the portal saved twice before the rule (two confirmations of one import, a
double-clicked «Сохранить») are merged first: the oldest row of each identity is kept,
participants of a duplicated employer event move to the kept event."""

import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

#: model → its identity fields, as declared on the models when this rule was added
IDENTITIES = {
    "employerevent": ("school", "employer", "kind", "date", "title"),
    "employeragreement": ("school", "employer", "kind", "date"),
    "employerinteraction": ("student", "event"),
    "additionaleducation": ("student", "academic_year", "program"),
    "profilestudy": ("student", "academic_year", "profile", "subject"),
    "diagnostic": ("student", "method", "date"),
    "admission": ("student", "institution", "specialty"),
    "graduatestatus": ("admission", "academic_year"),
    "competitionparticipation": ("student", "competition", "academic_year", "nomination"),
    "technoclassparticipation": ("student", "academic_year", "technoclass"),
    "growthpointparticipation": ("student", "academic_year", "centre", "activity", "course"),
    "projectoriaparticipation": ("student", "lesson"),
    "projectoriasession": ("school", "lesson", "date", "audience"),
    "ticketparticipation": ("student", "stage", "date", "details"),
    "specialistdemand": ("year", "territory", "specialty", "profession", "employer"),
    "targetedtrainingoffer": ("year", "employer", "specialty", "institution"),
}


def _key(row, fields, model):
    key = []
    for name in fields:
        field = model._meta.get_field(name)
        value = getattr(row, field.attname)
        key.append(value.lower().replace("ё", "е") if isinstance(value, str) else value)
    return tuple(key)


def merge_duplicates(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Deletes below must not leave deferred foreign-key checks pending for the
        # ALTER TABLE statements that follow in this transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name, fields in IDENTITIES.items():
        model = apps.get_model("monitoring", name)
        kept = {}
        for row in model.objects.order_by("pk"):
            key = _key(row, fields, model)
            if key not in kept:
                kept[key] = row
                continue
            if name == "employerevent":
                participants = apps.get_model("monitoring", "employerinteraction").objects
                for person in participants.filter(event=row):
                    if participants.filter(event=kept[key], student_id=person.student_id).exists():
                        person.delete()
                    else:
                        person.event = kept[key]
                        person.save(update_fields=["event"])
            row.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_register_roles'),
    ]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='additionaleducation',
            name='r02_unique',
        ),
        migrations.RemoveConstraint(
            model_name='admission',
            name='r05_unique',
        ),
        migrations.RemoveConstraint(
            model_name='diagnostic',
            name='r04_unique',
        ),
        migrations.RemoveConstraint(
            model_name='employerinteraction',
            name='r01_unique',
        ),
        migrations.RemoveConstraint(
            model_name='graduatestatus',
            name='r05s_unique',
        ),
        migrations.RemoveConstraint(
            model_name='projectoriaparticipation',
            name='r09_unique',
        ),
        migrations.RemoveConstraint(
            model_name='technoclassparticipation',
            name='r07_unique',
        ),
        migrations.AddConstraint(
            model_name='additionaleducation',
            constraint=models.UniqueConstraint(models.F('student'), models.F('academic_year'), models.F('program'), name='monitoring_additionaleducation_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='admission',
            constraint=models.UniqueConstraint(models.F('student'), models.F('institution'), models.F('specialty'), name='monitoring_admission_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='competitionparticipation',
            constraint=models.UniqueConstraint(models.F('student'), models.F('competition'), models.F('academic_year'), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('nomination'), models.Value('ё'), models.Value('е')), name='monitoring_competitionparticipation_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='diagnostic',
            constraint=models.UniqueConstraint(models.F('student'), models.F('method'), models.F('date'), name='monitoring_diagnostic_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='employeragreement',
            constraint=models.UniqueConstraint(models.F('school'), models.F('employer'), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('kind'), models.Value('ё'), models.Value('е')), models.F('date'), name='monitoring_employeragreement_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='employerevent',
            constraint=models.UniqueConstraint(models.F('school'), models.F('employer'), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('kind'), models.Value('ё'), models.Value('е')), models.F('date'), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('title'), models.Value('ё'), models.Value('е')), name='monitoring_employerevent_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='employerinteraction',
            constraint=models.UniqueConstraint(models.F('student'), models.F('event'), name='monitoring_employerinteraction_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='graduatestatus',
            constraint=models.UniqueConstraint(models.F('school'), models.F('admission'), models.F('academic_year'), name='monitoring_graduatestatus_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='growthpointparticipation',
            constraint=models.UniqueConstraint(models.F('student'), models.F('academic_year'), models.F('centre'), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('activity'), models.Value('ё'), models.Value('е')), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('course'), models.Value('ё'), models.Value('е')), name='monitoring_growthpointparticipation_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='profilestudy',
            constraint=models.UniqueConstraint(models.F('student'), models.F('academic_year'), django.db.models.functions.comparison.Coalesce('profile', models.Value(0)), django.db.models.functions.comparison.Coalesce('subject', models.Value(0)), name='monitoring_profilestudy_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='projectoriaparticipation',
            constraint=models.UniqueConstraint(models.F('student'), models.F('lesson'), name='monitoring_projectoriaparticipation_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='projectoriasession',
            constraint=models.UniqueConstraint(models.F('school'), models.F('lesson'), models.F('date'), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('audience'), models.Value('ё'), models.Value('е')), name='monitoring_projectoriasession_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='specialistdemand',
            constraint=models.UniqueConstraint(models.F('year'), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('territory'), models.Value('ё'), models.Value('е')), django.db.models.functions.comparison.Coalesce('specialty', models.Value(0)), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('profession'), models.Value('ё'), models.Value('е')), django.db.models.functions.comparison.Coalesce('employer', models.Value(0)), name='monitoring_specialistdemand_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='targetedtrainingoffer',
            constraint=models.UniqueConstraint(models.F('year'), models.F('employer'), models.F('specialty'), django.db.models.functions.comparison.Coalesce('institution', models.Value(0)), name='monitoring_targetedtrainingoffer_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='technoclassparticipation',
            constraint=models.UniqueConstraint(models.F('student'), models.F('academic_year'), models.F('technoclass'), name='monitoring_technoclassparticipation_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
        migrations.AddConstraint(
            model_name='ticketparticipation',
            constraint=models.UniqueConstraint(models.F('student'), models.F('stage'), models.F('date'), django.db.models.functions.text.Replace(django.db.models.functions.text.Lower('details'), models.Value('ё'), models.Value('е')), name='monitoring_ticketparticipation_identity', violation_error_message='Такая запись уже есть: она не добавлена второй раз. Найдите её в списке и измените, если нужно.'),
        ),
    ]
