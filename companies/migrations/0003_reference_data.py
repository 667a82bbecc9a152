"""Load the KSIC sections and divisions, certifications and export markets."""

from django.db import migrations


def load(apps, schema_editor):
    from companies.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_profile")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
